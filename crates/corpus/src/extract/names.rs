//! Names in running text: people, organisations and places, with or without a lexicon entry.
//!
//! Capitalised words are grouped into chunks (`Bank of England`, `Vilayat Suleyman oglu Eyvazov`);
//! each chunk is split at roles (`US | President | George W. Bush`) and at lexicon matches, and each
//! part is classified by what it is made of and what stands around it: the last word of an
//! organisation's name (`… Corp`, `… Ministry`), an honorific or role before a person, a first name,
//! a reporting verb after (`… said`), the words of place names (`… River`). Later mentions are linked
//! to what they stand for: a surname or `Mr Blair` to the full name, an acronym defined in brackets to
//! the organisation, a short form (`Qantas`) to the longer name (`Qantas Airways`).
//!
//! The lexicon's matches (the seeds' places, organisations, drugs; the world gazetteer) come in as
//! [`Hit`]s and stay exact: a part that is one match is that entry, unless the words around it show it
//! is a person's name (`Jack London`, `Howard said` where Howard is a town).

use super::analyse::Analysed;
use super::cues;
use super::gazetteer::{Form, Hit, Target};
use super::lexicon::Lexicon;
use crate::fxhash::FxBuildHasher;
use std::collections::{HashMap, HashSet};

/// Lexicon matches (or titles) by their first token: the token index where each ends, or which hit.
type At = HashMap<usize, usize, FxBuildHasher>;

/// What a found name is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum What {
    /// A lexicon entry, as matched.
    Hit(Target, Form),
    Person {
        title: Option<String>,
    },
    Org {
        kind: &'static str,
    },
    /// A place the lexicon does not know by this name; `within`: a lexicon place it is part of or
    /// next to ("West Germany", "Eastern Europe"), whose country and coordinates it takes.
    Place {
        within: Option<usize>,
    },
}

/// A name in one document: tokens `[start, end)`, what it is, and the name it goes by (the full
/// name for a later mention).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub what: What,
    pub name: String,
    /// A later, shorter mention of a name given in full elsewhere in the document.
    pub coreference: bool,
}

/// What [`find`] found in one stretch of text.
pub(crate) struct Names {
    pub found: Vec<Found>,
    /// Single capitalised words that may be a name given in full in another document ("Icahn",
    /// "Qantas"), by token range: the caller links them across the corpus or drops them.
    pub unresolved: Vec<(usize, usize)>,
}

/// Every name in `a`. `choose` picks the target of an ambiguous lexicon match.
pub(crate) fn find(
    a: &Analysed<'_>,
    hits: &[Hit],
    lex: &Lexicon,
    choose: &dyn Fn(&Hit) -> Option<(Target, Form)>,
) -> Names {
    let mut f = Finder {
        a,
        hits,
        lex,
        out: Vec::new(),
        pending: Vec::new(),
        titled: HashMap::default(),
        unresolved: Vec::new(),
        shout: Vec::new(),
        roles: Vec::new(),
    };
    f.shout = f.shouted_tokens();
    f.roles = f.role_tokens();
    f.run(choose);
    Names { found: f.out, unresolved: f.unresolved }
}

struct Finder<'a, 'b> {
    a: &'b Analysed<'a>,
    hits: &'b [Hit],
    lex: &'b Lexicon,
    out: Vec<Found>,
    /// Single capitalised words with no evidence of their own: kept if they repeat a name found
    /// in full (a surname, the first word of an organisation), else dropped.
    pending: Vec<Pending>,
    /// Tokens where a name starts after a role and its complement, with the role: "the chief of
    /// Azerbaijan's State Border Service, Elchin Guliyev".
    titled: HashMap<usize, String, FxBuildHasher>,
    unresolved: Vec<(usize, usize)>,
    /// Tokens in capitals with their neighbours ([`Finder::shouted_tokens`]).
    shout: Vec<bool>,
    /// Tokens that are titles or roles ([`Finder::role_tokens`]).
    roles: Vec<bool>,
}

#[derive(Debug, Clone)]
struct Pending {
    start: usize,
    end: usize,
    /// After `Mr`, `Dr`…: a person even if no full name is found.
    honorific: bool,
    /// An all-capitals word (`OPEC`): an organisation if nothing else claims it.
    acronym: bool,
    /// Followed by a reporting verb.
    says: bool,
}

fn hit_starts(hits: &[Hit], i: usize) -> bool {
    hits.iter().any(|h| h.start == i)
}

impl<'a, 'b> Finder<'a, 'b> {
    fn norm(&self, i: usize) -> &str {
        &self.a.toks[i].norm
    }

    fn cap(&self, i: usize) -> bool {
        self.a.is_cap(i)
    }

    fn all_caps(&self, i: usize) -> bool {
        let raw = self.a.raw(i);
        raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !raw.chars().any(char::is_lowercase)
    }

    fn in_sentence(&self, i: usize, j: usize) -> bool {
        j < self.a.toks.len() && self.a.toks[i].sent == self.a.toks[j].sent
    }

    /// Whether token `i` opens its sentence (or a quotation, or what follows a colon).
    fn opens(&self, i: usize) -> bool {
        if i == 0 || self.a.toks[i - 1].sent != self.a.toks[i].sent {
            return true;
        }
        let gap = self.a.gap(i - 1);
        gap.contains(['"', '“', '‘', ':', '(', '—', '–']) || gap.contains("\n")
    }

    /// A headline or all-capitals line: case says nothing there.
    fn shouting(&self, s: u32) -> bool {
        let r = self.a.sentence_toks(s);
        let letters = r.clone().filter(|&i| self.a.raw(i).chars().any(char::is_alphabetic)).count();
        let caps = r.filter(|&i| self.all_caps(i)).count();
        letters >= 3 && caps * 10 >= letters * 7
    }

    /// Tokens written in capitals with their neighbours: a shouting sentence, or a run of three
    /// capitalised words or more (a headline run into its story: "… 250 MLN STG The Bank of England").
    fn shouted_tokens(&self) -> Vec<bool> {
        let t = &self.a.toks;
        let mut out = vec![false; t.len()];
        let caps_ish = |i: usize| self.all_caps(i) || t[i].norm.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let mut i = 0;
        while i < t.len() {
            if !caps_ish(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < t.len() && t[j].sent == t[i].sent && caps_ish(j) {
                j += 1;
            }
            if (i..j).filter(|&k| self.all_caps(k)).count() >= 3 {
                out[i..j].iter_mut().for_each(|x| *x = true);
            }
            i = j;
        }
        for s in 0..self.a.sentences.len() as u32 {
            if self.shouting(s) {
                self.a.sentence_toks(s).for_each(|k| out[k] = true);
            }
        }
        out
    }

    fn shouted(&self, i: usize) -> bool {
        self.shout.get(i).copied().unwrap_or(false)
    }

    /// A title or role before a name; not a word of a name in capitals ("LORD ABBETT").
    fn role(&self, i: usize) -> bool {
        self.roles.get(i).copied().unwrap_or(false)
    }

    /// [`Finder::role`] of every token, looked up once (the cue lists are scanned).
    fn role_tokens(&self) -> Vec<bool> {
        (0..self.a.toks.len())
            .map(|i| {
                let n = self.norm(i);
                (cues::is_title(n) || cues::is_role(n)) && !self.all_caps(i)
            })
            .collect()
    }

    /// The well-known organisation tokens `[s, e)` name (`data/names/organisations.txt`): its name
    /// and kind.
    fn known_org(&self, s: usize, e: usize) -> Option<(&'static str, &'static str)> {
        let key = crate::text::normalize_label(self.a.span(s, e));
        self.lex.names.orgs.get(&key).map(|o| (o.name, o.kind))
    }

    /// Whether tokens `[s, e)` name a state institution ("Congress", "the White House"), written with
    /// capitals and not opening a sentence (where "Congress" may be the word).
    fn institution(&self, s: usize, e: usize) -> bool {
        let key = crate::text::normalize_label(self.a.span(s, e));
        cues::INSTITUTIONS.contains(&key.as_str()) && (s..e).all(|i| self.cap(i)) && !self.opens(s)
    }

    /// Where a state institution opening tokens `[s, e)` ends, if a role follows it in them ("Senate
    /// Majority Leader …", "House Speaker …"), even opening a sentence.
    fn institution_before_role(&self, s: usize, e: usize, title_at: &At) -> Option<usize> {
        let role = |i: usize| i < e && (self.role(i) || title_at.contains_key(&i));
        if !(s + 1..e.min(s + 4)).any(role) {
            return None;
        }
        (s + 1..e.min(s + 3)).find(|&k| {
            let key = crate::text::normalize_label(self.a.span(s, k));
            // The role right after, or after one ordinary word ("Majority"), not after the rest of a
            // committee's name ("Senate Banking Committee Chairman").
            cues::INSTITUTIONS.contains(&key.as_str())
                && (s..k).all(|i| self.cap(i))
                && (role(k) || role(k + 1) && self.ordinary(k) && cues::org_suffix(self.norm(k)).is_none())
        })
    }

    /// Whether tokens `[s, e)` are followed by an acronym in brackets made of their capitals' initials.
    fn defined_acronym(&self, s: usize, e: usize) -> bool {
        let a = self.a;
        if e >= a.toks.len() || a.gap(e - 1).trim() != "(" || !self.all_caps(e) {
            return false;
        }
        // The acronym may run over hyphens ("ZANU-PF") up to the closing bracket.
        let mut letters = String::new();
        let mut k = e;
        while k < a.toks.len() {
            letters.extend(a.raw(k).chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase));
            if a.gap(k).trim_start().starts_with(')') {
                break;
            }
            if a.gap(k) != "-" || k - e > 3 {
                return false;
            }
            k += 1;
        }
        let initials: String = (s..e)
            .filter(|&i| self.cap(i))
            .filter_map(|i| a.raw(i).chars().next())
            .flat_map(char::to_lowercase)
            .collect();
        // Not a person's initials ("Grace Omondi (GO)").
        let person = self.lex.names.first.contains(self.norm(s)) && self.org_kind(s, e).is_none();
        letters.len() >= 2 && initials == letters && !person
    }

    /// A party named by one word ("Labor says", "Labour's leader", "voted Labor"), not a portfolio, a
    /// department or a holiday ("Labor Minister", "Labour Day").
    fn party_word(&self, i: usize) -> bool {
        let t = &self.a.toks;
        if !cues::PARTY_WORDS.contains(&self.norm(i)) || !self.cap(i) || self.all_caps(i) {
            return false;
        }
        let next = (i + 1 < t.len() && self.in_sentence(i, i + 1) && self.joined(i)).then(|| t[i + 1].norm.as_str());
        !next.is_some_and(|n| cues::PARTY_WORD_NOT_BEFORE.contains(&n))
    }

    /// An institution named by its building where the text speaks of the building: "at the Pentagon",
    /// "the Pentagon outside Washington", not "the Pentagon said".
    fn building(&self, s: usize, e: usize) -> bool {
        let t = &self.a.toks;
        let key = crate::text::normalize_label(self.a.span(s, e));
        if !cues::INSTITUTION_BUILDINGS.contains(&key.as_str()) {
            return false;
        }
        let the = s >= 1 && t[s - 1].norm == "the";
        let at = the
            && s >= 2
            && self.in_sentence(s - 2, s)
            && matches!(t[s - 2].norm.as_str(), "at" | "outside" | "near" | "inside" | "into" | "on" | "from" | "to");
        let located = e + 1 < t.len()
            && self.in_sentence(s, e + 1)
            && self.a.adjacent(e - 1)
            && matches!(t[e].norm.as_str(), "outside" | "near" | "in")
            && self.cap(e + 1);
        at || located
    }

    /// Whether tokens `[s, e)` are a well-known person's name (`data/names/people.txt`).
    fn known_person(&self, s: usize, e: usize) -> bool {
        self.lex.names.people.contains(&crate::text::normalize_label(self.a.span(s, e)))
    }

    /// Whether `title` has a title of address or office in it, not only a job ("said analyst …").
    fn strong(title: &str) -> bool {
        crate::text::normalize_words(title).iter().any(|w| cues::is_title(w))
    }

    /// An ordinary lower-case word written with a capital, not a name too ("Administrator",
    /// "Agreement", but not "Bush" or "Rich").
    fn ordinary(&self, i: usize) -> bool {
        let n = self.norm(i);
        self.lex.names.common_words.contains(n)
            && !self.lex.names.surnames.contains(n)
            && !self.lex.names.first.contains(n)
    }

    /// A word that may be part of a name: capitalised, not a function word, not a number.
    fn name_word(&self, i: usize) -> bool {
        let n = self.norm(i);
        self.cap(i)
            && !self.shouted(i)
            && !n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !matches!(n, "i" | "the")
            && !(cues::NEVER_NAMES.contains(&n) && (self.opens(i) || !self.cap_next(i)))
    }

    /// Whether the word after `i` is capitalised and joined to it: "New York", not "The report".
    fn cap_next(&self, i: usize) -> bool {
        i + 1 < self.a.toks.len() && self.joined(i) && self.cap(i + 1)
    }

    /// Whether tokens `i` and `i + 1` are words of one name: a space, or a hyphen without spaces
    /// ("Takht-e-Ravanchi"); a dash between spaces separates ("TEHRAN – Iran's …").
    fn joined(&self, i: usize) -> bool {
        let g = self.a.gap(i);
        // After an initial, its full stop too ("George W. Bush", "U.S. Agriculture Department").
        let initial = matches!(g, ". " | ".") && self.a.raw(i).chars().count() == 1 && self.cap(i);
        i + 1 < self.a.toks.len() && (initial || matches!(g, " " | "-" | "‐" | "&" | " & " | "'" | "’"))
    }

    fn possessive(&self, i: usize) -> bool {
        let raw = self.a.raw(i);
        raw.ends_with("'s") || raw.ends_with("’s") || raw.ends_with("s'") || raw.ends_with("s’")
    }

    /// The text of tokens `[s, e)` as a name: possessive dropped.
    fn text(&self, s: usize, e: usize) -> String {
        let t = self.a.span(s, e);
        let t = t.strip_suffix("'s").or_else(|| t.strip_suffix("’s")).unwrap_or(t);
        t.trim_end_matches(['\'', '’']).to_string()
    }

    fn run(&mut self, choose: &dyn Fn(&Hit) -> Option<(Target, Form)>) {
        let n = self.a.toks.len();
        // Lexicon matches by first token (titles apart).
        let mut hit_at = At::default();
        let mut title_at = At::default();
        for (k, h) in self.hits.iter().enumerate() {
            if h.targets.iter().all(|(t, _)| matches!(t, Target::Title(_))) {
                title_at.insert(h.start, h.end);
            } else {
                hit_at.insert(h.start, k);
            }
        }
        self.titled = self.titled_starts(&hit_at, &title_at);
        let mut i = 0;
        while i < n {
            // A lexicon match that is not part of a capitalised chunk (a lower-case drug, a demonym
            // after a lower-case word) stands alone.
            if let Some(&k) = hit_at.get(&i) {
                let h = &self.hits[k];
                if !self.cap(i) || self.shouted(i) {
                    // Lower case: a drug or an organisation's lower-case alias ("anti-narcotics
                    // police"); a place needs a capital ("Of" is a town in Turkey, "of" is not).
                    if let Some((t, form)) = choose(h) {
                        let place = matches!(t, Target::Place(_) | Target::Demonym(_));
                        let shouted = self.shouted(i) && self.cap(i) && !self.weak_place(h.start, h.end, t, form);
                        if !place || self.name_word(i) || shouted {
                            self.push_hit(h.start, h.end, t, form);
                        }
                    }
                    i = h.end;
                    continue;
                }
            }
            if !self.name_word(i) && !title_at.contains_key(&i) && !hit_at.contains_key(&i) {
                i += 1;
                continue;
            }
            let end = self.chunk_end(i, &hit_at, &title_at);
            // "al-Qaeda", "bin-Laden": the lower-case connector before a hyphen opens the name.
            let start = if i > 0
                && self.a.gap(i - 1) == "-"
                && cues::PERSON_CONNECTORS.contains(&self.norm(i - 1))
                && self.in_sentence(i - 1, i)
            {
                i - 1
            } else {
                i
            };
            self.chunk(start, end, &hit_at, &title_at, choose);
            i = end.max(i + 1);
        }
        self.resolve_pending();
        crate::order::sort_by_key(&mut self.out, |f| f.start);
    }

    /// Where names start after a role: the role (a lexicon title, or an honorific or role word, in
    /// either case), then what it is of ("of the Russian drug control agency FSKN": function words,
    /// lower-case words, lexicon matches), then at most one comma, then the name.
    fn titled_starts(&self, hit_at: &At, title_at: &At) -> HashMap<usize, String, FxBuildHasher> {
        let t = &self.a.toks;
        let mut out = HashMap::default();
        let step = |j: usize| -> Option<usize> { title_at.get(&j).copied().or_else(|| self.role(j).then_some(j + 1)) };
        let mut i = 0;
        while i < t.len() {
            let Some(mut k) = step(i) else {
                i += 1;
                continue;
            };
            let chain = i;
            while k < t.len() && self.in_sentence(chain, k) && self.joined(k - 1) {
                match step(k) {
                    Some(next) => k = next,
                    None => break,
                }
            }
            let title = self.a.span(chain, k).to_string();
            // "the Prime Minister's Kirribilli residence": what follows belongs to the role.
            if self.possessive(k - 1) {
                i = k;
                continue;
            }
            let mut j = k;
            let mut after_comma = false;
            // After "of", "at", "for": the first capitalised words are what the role is of
            // ("president of Agrimont"), not the person, unless they are a given name and more.
            let mut of_what = false;
            while j < t.len() && self.in_sentence(chain, j) && j - k < 12 {
                let gap = self.a.gap(j - 1);
                if gap.contains(['.', ';', ':', '(', '"', '“', '”']) {
                    break;
                }
                if gap.contains(',') {
                    if after_comma {
                        break;
                    }
                    after_comma = true;
                }
                if self.name_word(j) && !hit_at.contains_key(&j) && step(j).is_none() {
                    // What the role is of may be an organisation or a place the lexicon does not
                    // know ("chairman of the Federation of Economic Organisations, Eishiro Saito").
                    let end = self.chunk_end(j, hit_at, title_at);
                    let given = end - j >= 2 && self.lex.names.first.contains(self.norm(j));
                    // A well-known organisation is never the person ("officials from Opec", "head of
                    // the Al Qaeda network").
                    if self.known_org(j, end).is_some() {
                        if after_comma {
                            break;
                        }
                        of_what = false;
                        j = end;
                        continue;
                    }
                    if !after_comma
                        && (self.org_kind(j, end).is_some() || self.place_words(j, end) || of_what && !given)
                    {
                        of_what = false;
                        j = end;
                        continue;
                    }
                    let n = self.norm(j);
                    if (self.lex.names.first.contains(n) || !self.lex.names.common_words.contains(n))
                        && !self.all_caps(j)
                    {
                        out.entry(j).or_insert(title);
                    }
                    break;
                }
                if after_comma {
                    break;
                }
                let n = t[j].norm.as_str();
                if matches!(n, "of" | "at" | "for") {
                    of_what = true;
                }
                if let Some(&h) = hit_at.get(&j) {
                    // A nationality keeps what follows as what the role is of ("head of the Egyptian
                    // Islamic Jihad").
                    let demonym = self.hits[h].targets.iter().all(|(t, _)| matches!(t, Target::Demonym(_)));
                    of_what = of_what && demonym;
                    j = self.hits[h].end;
                } else if !self.cap(j) || matches!(n, "of" | "to" | "at" | "for" | "the" | "in") {
                    j += 1;
                } else {
                    break;
                }
            }
            i = k;
        }
        out
    }

    /// Where the chunk of name words starting at `i` ends: adjacent capitalised words, lexicon
    /// matches and titles, joined by connectors before a capitalised word; a possessive ends it.
    fn chunk_end(&self, i: usize, hit_at: &At, title_at: &At) -> usize {
        let mut j = i;
        loop {
            let step = hit_at.get(&j).map(|&k| self.hits[k].end).or_else(|| title_at.get(&j).copied()).unwrap_or(j + 1);
            let last = step - 1;
            j = step;
            if self.possessive(last)
                || j >= self.a.toks.len()
                || !self.in_sentence(last, j)
                || !self.joined(last)
                || self.shouted(j) != self.shouted(i)
            {
                break;
            }
            // Inside a name, a capitalised number word is a word of it ("Group of Seven").
            let word = self.name_word(j)
                || self.cap(j)
                    && !self.shouted(j)
                    && cues::NEVER_NAMES.contains(&self.norm(j))
                    && self.norm(j) != "the";
            if word || hit_at.contains_key(&j) && self.cap(j) || title_at.contains_key(&j) && self.cap(j) {
                continue;
            }
            // A connector joins two capitalised words ("Bank of England"), at most two in a row
            // ("Takht-e-Ravanchi", "Stratford-upon-Avon").
            let mut k = j;
            while k < self.a.toks.len() && k - j < 2 && !self.cap(k) && self.joined(k) {
                let hyphens = self.a.gap(k - 1) == "-" && self.a.gap(k) == "-";
                let n = self.norm(k);
                if !(cues::CONNECTORS.contains(&n) || hyphens && cues::HYPHEN_CONNECTORS.contains(&n)) {
                    break;
                }
                k += 1;
            }
            let inner = |k: usize| {
                self.name_word(k)
                    || self.cap(k)
                        && !self.shouted(k)
                        && cues::NEVER_NAMES.contains(&self.norm(k))
                        && self.norm(k) != "the"
            };
            if k > j && k < self.a.toks.len() && self.in_sentence(j, k) && inner(k) {
                j = k;
                continue;
            }
            break;
        }
        j
    }

    fn chunk(
        &mut self,
        s: usize,
        e: usize,
        hit_at: &At,
        title_at: &At,
        choose: &dyn Fn(&Hit) -> Option<(Target, Form)>,
    ) {
        let capitals =
            e - s >= 2 && (s..e).filter(|&i| self.cap(i)).all(|i| self.all_caps(i) || self.a.raw(i).len() == 1);
        if self.shouted(s) || capitals {
            // Headline case: only the lexicon speaks.
            let mut i = s;
            while i < e {
                match hit_at.get(&i) {
                    Some(&k) => {
                        let h = &self.hits[k];
                        if let Some((t, form)) =
                            choose(h).filter(|&(t, form)| !self.weak_place(h.start, h.end, t, form))
                        {
                            self.push_hit(h.start, h.end, t, form);
                        }
                        i = h.end;
                    }
                    None => i += 1,
                }
            }
            return;
        }
        let mut s = s;
        // "Non-Opec", "Anti-Taliban", "Pro-Moscow": the name after the prefix, not a name of its own
        // ("Anti-Narcotics Police" stays whole).
        if e - s >= 2
            && matches!(self.norm(s), "non" | "anti" | "pro")
            && self.a.gap(s) == "-"
            && (hit_at.contains_key(&(s + 1)) || (s + 2..=e).any(|k| self.known_org(s + 1, k).is_some()))
        {
            s += 1;
        }
        // A common word opening a sentence is a word ("Shares in BHP", "Police said", "Reading the
        // report" though Reading is a town), unless it opens an organisation's name ("Securities and
        // Exchange Commission").
        let org_ahead = (s + 2..=e).any(|k| self.org_kind(s, k).is_some());
        // A rank's word opening an organisation's name is no title ("General Motors", "General
        // Electric Co"); a role after it is ("Anti-Narcotics Police Chief Brigadier General …").
        let rank_org = self.role(s) && org_ahead;
        if !org_ahead {
            while s < e
                && self.opens(s)
                && self.sentence_word(s, e)
                && hit_at.get(&s).is_none_or(|&k| self.minor_place(k))
                // "West Germany", "North Korea" opening a sentence.
                && !(cues::COMPASS.contains(&self.norm(s)) && hit_at.contains_key(&(s + 1)))
                && self.institution_before_role(s, e, title_at).is_none()
            {
                s += 1;
            }
        }
        // An organisation named with a rank's word is no title ("General Motors", "General Electric
        // Co", "Major League Baseball").
        if rank_org {
            self.part(s, e, None, hit_at, title_at, choose);
            return;
        }
        while s < e && !self.cap(s) {
            s += 1;
        }
        self.roles(s, e, hit_at, title_at, choose);
    }

    /// Leading roles and honorifics of tokens `[s, e)` are the title of the person that follows.
    fn roles(
        &mut self,
        s: usize,
        e: usize,
        hit_at: &At,
        title_at: &At,
        choose: &dyn Fn(&Hit) -> Option<(Target, Form)>,
    ) {
        let mut s = s;
        while s < e && !self.cap(s) {
            s += 1;
        }
        // Leading roles and honorifics: the title of the person that follows.
        let mut title: Option<(usize, usize)> = None;
        let mut k = s;
        while k < e {
            let end = match title_at.get(&k) {
                Some(&end) if end <= e => end,
                _ if self.role(k) => k + 1,
                _ => break,
            };
            title = Some((title.map_or(k, |t| t.0), end));
            k = end;
        }
        // A role then nothing: not a name ("Prime Minister", "Police"); a role "of" something is a
        // description, not a title ("Minister of State for Economic Affairs").
        if k >= e {
            return;
        }
        if title.is_some() && !self.cap(k) {
            title = None;
            while k < e && !self.cap(k) {
                k += 1;
            }
        }
        // Before the role words: "Prime Minister" after "Australian", or a lower-case role
        // ("said coach Wayne Bennett") just before the chunk.
        let title = match title {
            Some((a, b)) => Some(self.a.span(a, b).to_string()),
            None => self.titled.get(&k).cloned(),
        };
        self.part(k, e, title, hit_at, title_at, choose);
    }

    /// A lexicon match of one word that is a place below a country (a town, a state).
    fn minor_place(&self, k: usize) -> bool {
        let h = &self.hits[k];
        h.end - h.start == 1
            && h.targets.iter().all(|(t, _)| match t {
                Target::Place(i) => !matches!(self.lex.places[*i].kind.as_str(), "country" | "continent"),
                _ => false,
            })
    }

    /// A capitalised word at the start of a sentence that is an ordinary word there.
    fn sentence_word(&self, i: usize, e: usize) -> bool {
        let n = self.norm(i);
        // "Labor says …", "Labour's leader …": the party.
        if e == i + 1 && self.party_word(i) {
            let t = &self.a.toks;
            let verb = i + 1 < t.len()
                && self.in_sentence(i, i + 1)
                && (cues::REPORTING_VERBS.contains(&t[i + 1].norm.as_str())
                    || matches!(t[i + 1].norm.as_str(), "has" | "had" | "is" | "was" | "will" | "would" | "wants"));
            if verb || self.possessive(i) {
                return false;
            }
        }
        if cues::NEVER_NAMES.contains(&n) {
            return true;
        }
        let common = self.lex.names.common_words.contains(n);
        // "Bill Clinton said" is a name; "Will the …" is not.
        let given = self.lex.names.first.contains(n) && i + 1 < e && self.name_word(i + 1);
        common && !given && !self.role(i)
    }

    /// Classifies tokens `[s, e)` of a chunk, splitting it at inner roles and lexicon matches.
    fn part(
        &mut self,
        s: usize,
        e: usize,
        title: Option<String>,
        hit_at: &At,
        title_at: &At,
        choose: &dyn Fn(&Hit) -> Option<(Target, Form)>,
    ) {
        // A role closing the part is the title of a name in the next part ("… Commission Chairman |
        // John Shad"), not a word of this one.
        let mut e = e;
        while e > s + 1 && self.role(e - 1) && !self.cap_next(e - 1) && self.org_kind(s, e - 1).is_some() {
            e -= 1;
        }
        if s >= e {
            return;
        }
        // A state institution before a role names the institution ("Senate Majority Leader Robert Byrd",
        // "House Speaker Jim Wright", "White House spokesman Marlin Fitzwater").
        if title.is_none() {
            if let Some(k) = self.institution_before_role(s, e, title_at) {
                self.push(s, k, What::Org { kind: "government" });
                self.roles(k, e, hit_at, title_at, choose);
                return;
            }
        }
        // "Labor", "Labour" with a capital: the party, not a portfolio ("Labor Minister …").
        if title.is_none() && e - s == 1 && self.party_word(s) {
            self.push(s, e, What::Org { kind: "party" });
            return;
        }
        // A well-known organisation closing or opening the part ("Arab | Al Qaeda", "Qantas | chief").
        let whole_hit = hit_at.get(&s).is_some_and(|&k| self.hits[k].end == e);
        if title.is_none()
            && e - s >= 2
            && !whole_hit
            && self.known_org(s, e).is_none()
            && self.org_kind(s, e).is_none()
        {
            if let Some(p) = (s + 1..e).find(|&p| self.known_org(p, e).is_some()) {
                self.part(s, p, None, hit_at, title_at, choose);
                self.part(p, e, None, hit_at, title_at, choose);
                return;
            }
            if let Some(p) = (s + 1..e).rev().find(|&p| self.known_org(s, p).is_some()) {
                self.part(s, p, None, hit_at, title_at, choose);
                self.part(p, e, None, hit_at, title_at, choose);
                return;
            }
        }
        // A well-known organisation or person of these very words ("Google", "Al Qaeda", "NATO" though
        // Nato is a town in the Philippines), unless the lexicon's match is a country or a big place.
        if title.is_none() {
            let major_hit = hit_at.get(&s).is_some_and(|&k| {
                self.hits[k].end == e
                    && choose(&self.hits[k]).is_some_and(|(t, _)| match t {
                        Target::Place(i) => {
                            let p = &self.lex.places[i];
                            p.kind == "country" || p.population.unwrap_or(0) >= 100_000
                        }
                        _ => true,
                    })
            });
            if !major_hit {
                if self.institution(s, e) {
                    if !self.building(s, e) {
                        self.push(s, e, What::Org { kind: "government" });
                    }
                    return;
                }
                if let Some((name, kind)) = self.known_org(s, e) {
                    // "Boeing 767": a product.
                    let model =
                        e < self.a.toks.len() && self.joined(e - 1) && self.norm(e).bytes().all(|b| b.is_ascii_digit());
                    if !model {
                        self.push_named(s, e, What::Org { kind }, name);
                    }
                    return;
                }
                if e - s >= 2 && self.known_person(s, e) {
                    self.push(s, e, What::Person { title: None });
                    return;
                }
            }
        }
        // One lexicon match, the whole part: that entry, unless the words around it make it a person.
        if let Some(&k) = hit_at.get(&s).filter(|&&k| self.hits[k].end == e && title.is_none()) {
            let h = &self.hits[k];
            if let Some((t, form)) = choose(h) {
                if self.person_not_place(s, e, t, false) || self.weak_place(s, e, t, form) {
                    self.person_or_pending(s, e, None);
                } else {
                    self.push_hit(s, e, t, form);
                }
            }
            return;
        }
        // A name defined by its acronym in brackets, made of its initials: "Movement for Democratic
        // Change (MDC)", "Zimbabwe African National Union-Patriotic Front (ZANU-PF)".
        if title.is_none() && e - s >= 2 && self.defined_acronym(s, e) {
            self.push(s, e, What::Org { kind: self.org_kind(s, e).unwrap_or("organisation") });
            return;
        }
        // Place words ("East China Sea", "Suez Canal") and compass words before a place ("West
        // Germany", "Eastern Europe", "the West Bank"): one place, in or beside the place inside.
        if title.is_none() && e - s >= 2 {
            let inner_place = (s..e).find_map(|i| {
                let &k = hit_at.get(&i)?;
                match choose(&self.hits[k]) {
                    Some((Target::Place(p), _)) if self.hits[k].end <= e => Some(p),
                    _ => None,
                }
            });
            let compass = cues::COMPASS.contains(&self.norm(s))
                && (inner_place.is_some() && hit_at.get(&(s + 1)).is_some_and(|&k| self.hits[k].end == e)
                    || self.norm(e - 1) == "bank");
            if compass || self.place_words(s, e) && self.org_kind(s, e).is_none() {
                self.push(s, e, What::Place { within: inner_place });
                return;
            }
        }
        // Two organisations joined by "and" ("General Motors Corp and Deutsche Boerse AG"), unlike one
        // whose name has an "and" ("Department of Foreign Affairs and Trade", "Australian Securities and
        // Investment Commission").
        if let Some(and) = (s + 1..e.saturating_sub(1)).find(|&i| self.norm(i) == "and" && !self.cap(i)) {
            if cues::legal_designator(self.norm(and - 1)) && self.org_kind(and + 1, e).is_some() {
                self.part(s, and, None, hit_at, title_at, choose);
                self.part(and + 1, e, None, hit_at, title_at, choose);
                return;
            }
        }
        // An organisation's name runs to its last word ("London Stock Exchange", "Bank of England",
        // "New South Wales Fire Service") and takes in the places inside it.
        let org_hit_ends = self
            .hits
            .iter()
            .any(|h| h.end == e && h.start > s && h.targets.iter().any(|(t, _)| matches!(t, Target::Org(_))));
        if title.is_none() && !org_hit_ends {
            if let Some(kind) = self.org_kind(s, e) {
                // A lexicon organisation of exactly these words stays the lexicon's.
                if let Some(&k) = hit_at.get(&s).filter(|&&k| self.hits[k].end == e) {
                    if let Some((t @ Target::Org(_), form)) = choose(&self.hits[k]) {
                        self.push_hit(s, e, t, form);
                        return;
                    }
                }
                self.push(s, e, What::Org { kind });
                return;
            }
        }
        // "and" joins two names unless it is inside an organisation's ("Britain and France", "Wilton and
        // Bulli", but "Securities and Exchange Commission").
        if let Some(and) = (s + 1..e.saturating_sub(1))
            .find(|&i| matches!(self.norm(i), "and") && !self.cap(i))
            .filter(|&and| !(and + 2..=e).any(|k| self.org_kind(s, k).is_some()))
        {
            self.part(s, and, title, hit_at, title_at, choose);
            self.roles(and + 1, e, hit_at, title_at, choose);
            return;
        }
        // A law, a prize, a competition, an event: not a name, nor are the places inside it ("Paris
        // Climate Accord", "Davis Cup", "Oxford Open").
        if title.is_none() && e - s >= 2 && cues::other_name_suffix(self.norm(e - 1)) {
            return;
        }
        // An inner role splits: "US | President | George W. Bush", "Indonesian | President | Megawati".
        if let Some(r) = (s + 1..e).find(|&i| {
            (self.role(i) || title_at.contains_key(&i)) && self.cap(i) && i + 1 < e && !hit_at.contains_key(&i)
        }) {
            let mut end = title_at.get(&r).copied().unwrap_or(r + 1);
            while end < e && (self.role(end) || title_at.contains_key(&end)) {
                end = title_at.get(&end).copied().unwrap_or(end + 1);
            }
            self.part(s, r, title.clone(), hit_at, title_at, choose);
            if end < e {
                // "Archbishop of Brisbane": what the role is of, not who holds it.
                let inner = self.cap(end).then(|| self.a.span(r, end).to_string());
                let mut end = end;
                while end < e && !self.cap(end) {
                    end += 1;
                }
                self.part(end, e, inner, hit_at, title_at, choose);
            }
            return;
        }
        // One lexicon match, the whole part.
        if let Some(&k) = hit_at.get(&s).filter(|&&k| self.hits[k].end == e) {
            let h = &self.hits[k];
            if let Some((t, form)) = choose(h) {
                if self.person_not_place(s, e, t, title.is_some()) || self.weak_place(s, e, t, form) {
                    self.person_or_pending(s, e, title);
                } else {
                    self.push_hit(s, e, t, form);
                }
            }
            return;
        }
        // A person's name after other words of the chunk ("… of State for Economic Affairs | Allen
        // Wallis", "Drug Control Headquarters | Mostafa Mohammad Najjar"): a given name, then one to
        // three words that are names, ending the chunk.
        if let Some(p) = (s + 1..e.saturating_sub(1)).find(|&p| {
            self.lex.names.first.contains(self.norm(p))
                && self.cap(p - 1)
                && !self.lex.names.first.contains(self.norm(p - 1))
                && (self.ordinary(p - 1)
                    || self.hits.iter().any(|h| h.end == p)
                    || cues::org_suffix(self.norm(p - 1)).is_some())
                && e - p <= 4
                && (p..e).all(|i| self.cap(i) && !self.ordinary(i) && !hit_at.contains_key(&i))
                && self.org_kind(s, e).is_none()
        }) {
            self.part(s, p, title, hit_at, title_at, choose);
            self.push(p, e, What::Person { title: self.titled.get(&p).cloned() });
            return;
        }
        // After a role, a person ("Queen Elizabeth II", "President Bush" though Elizabeth and Bush are
        // towns), unless the words are a country or a state ("Indonesian President | Megawati").
        if title.is_some() && !self.place_words(s, e) {
            // The name after a role: without more role-like words before it ("Deputy | Administrator
            // William Bailey"), up to an "of" ("analyst Alan Gottesman of L.F. Rothschild"), and made of
            // names, not ordinary words ("General Agreement on Tariffs").
            let (mut ns, mut ne) = (s, e);
            while ns < ne && self.ordinary(ns) {
                ns += 1;
            }
            if let Some(c) = (ns..ne).find(|&i| !self.cap(i) && matches!(self.norm(i), "of" | "for" | "and" | "at")) {
                ne = c;
            }
            if ns >= ne {
                return;
            }
            let major = (ns..ne).any(|i| hit_at.get(&i).is_some_and(|&k| !self.minor_place(k)));
            if ne - ns <= 4 && !major {
                if (ns..ne).all(|i| !self.ordinary(i)) {
                    let ne = self.trim_words(ns, ne);
                    self.person_or_pending(ns, ne, title);
                }
                return;
            }
        }
        // A given name before other names ("Jack London", "George Washington", "Ariel Sharon" though
        // Ariel is a town), or a name joined by "bin", "al-", "van" ("Osama bin Laden"): a person,
        // whatever places the words are too; but a town before an ordinary word is the town's
        // ("Adelaide Oval").
        let surname_like = |i: usize| {
            let n = self.norm(i);
            self.a.raw(i).chars().count() == 1
                || self.lex.names.surnames.contains(n)
                || !self.lex.names.common_words.contains(n)
        };
        let ordinary = |i: usize| {
            let n = self.norm(i);
            self.lex.names.common_words.contains(n)
                && !self.lex.names.surnames.contains(n)
                && !self.lex.names.first.contains(n)
        };
        let calendar = |i: usize| {
            crate::date::month_from_name(self.norm(i)).is_some()
                || crate::date::weekday_from_name(self.norm(i)).is_some()
        };
        let given = self.lex.names.first.contains(self.norm(s))
            && !calendar(s)
            && !ordinary(e - 1)
            && hit_at.get(&s).is_none_or(|&k| self.minor_place(k) && self.hits[k].end == s + 1 && surname_like(s + 1));
        let joined =
            (s + 1..e.saturating_sub(1)).any(|i| !self.cap(i) && cues::PERSON_CONNECTORS.contains(&self.norm(i)));
        if (2..=4).contains(&(e - s)) && (given || joined) && !self.place_words(s, e) && !self.shouted(s) {
            let e = self.trim_words(s, e);
            self.push(s, e, What::Person { title: title.map(|t| t.to_string()) });
            return;
        }
        // Words that look like a person's name though a town shares a word ("Abu Mohammad told",
        // "Eishiro Saito said").
        let only_minor = (s..e).all(|i| hit_at.get(&i).is_none_or(|&k| self.minor_place(k)));
        if only_minor && (s..e).any(|i| hit_at.contains_key(&i)) && self.looks_like_person(s, e) {
            let e = self.trim_words(s, e);
            self.push(s, e, What::Person { title: None });
            return;
        }
        // Lexicon matches inside: each is itself; the words between are classified alone.
        let mut i = s;
        let mut gap_start = s;
        while i < e {
            if let Some(&k) = hit_at.get(&i).filter(|&&k| self.hits[k].end <= e) {
                let h = &self.hits[k];
                let gap_title = if gap_start == s { title.clone() } else { self.titled.get(&gap_start).cloned() };
                self.gap(gap_start, i, gap_title);
                if let Some((t, form)) = choose(h) {
                    if self.weak_place(h.start, h.end, t, form) {
                        self.person_or_pending(h.start, h.end, None);
                    } else {
                        self.push_hit(h.start, h.end, t, form);
                    }
                }
                i = h.end;
                gap_start = i;
            } else {
                i += 1;
            }
        }
        let title = if gap_start == s { title } else { self.titled.get(&gap_start).cloned() };
        self.gap(gap_start, e, title);
    }

    /// Words with no lexicon entry: a person, an organisation, a place, or a word to resolve later.
    fn gap(&mut self, s: usize, e: usize, title: Option<String>) {
        // Connectors never open or close a name.
        let (mut s, mut e) = (s, e);
        while s < e && !self.cap(s) {
            s += 1;
        }
        while e > s && !self.cap(e - 1) {
            e -= 1;
        }
        if s >= e {
            return;
        }
        // Dates and months alone are not names ("Tuesday", "March").
        if (s..e).all(|i| {
            crate::date::month_from_name(self.norm(i)).is_some()
                || crate::date::weekday_from_name(self.norm(i)).is_some()
        }) {
            return;
        }
        if title.is_some() {
            self.person_or_pending(s, e, title);
            return;
        }
        if let Some((name, kind)) = self.known_org(s, e) {
            self.push_named(s, e, What::Org { kind }, name);
            return;
        }
        if e - s == 2
            && matches!(self.norm(e - 1), "administration" | "government" | "presidency" | "era")
            && (self.lex.names.surnames.contains(self.norm(s)) || self.lex.names.first.contains(self.norm(s)))
        {
            self.push(s, s + 1, What::Person { title: None });
            return;
        }
        if let Some(kind) = self.org_kind(s, e) {
            self.push(s, e, What::Org { kind });
            return;
        }
        if self.place_words(s, e) && e - s >= 2 {
            self.push(s, e, What::Place { within: None });
            return;
        }
        if let Some(kind) = self.org_context(s, e) {
            self.push(s, e, What::Org { kind });
            return;
        }
        let len = e - s;
        if len == 1 {
            self.person_or_pending(s, e, None);
            return;
        }
        if self.looks_like_person(s, e) {
            let e = self.trim_words(s, e);
            self.push(s, e, What::Person { title: None });
        }
    }

    /// A person's name without ordinary words that followed it ("Michael Russell Follow").
    fn trim_words(&self, s: usize, mut e: usize) -> usize {
        while e - s > 2 {
            let n = self.norm(e - 1);
            let after_connector = !self.cap(e - 2);
            if !after_connector
                && self.lex.names.common_words.contains(n)
                && !self.lex.names.surnames.contains(n)
                && !self.lex.names.first.contains(n)
            {
                e -= 1;
            } else {
                break;
            }
        }
        e
    }

    /// A name of two to four words with a person's shape: a given name first, an initial in the
    /// middle, or said to speak or be someone in the sentence.
    fn looks_like_person(&self, s: usize, e: usize) -> bool {
        let len = e - s;
        let ordinary = |i: usize| {
            let n = self.norm(i);
            self.lex.names.common_words.contains(n)
                && !self.lex.names.surnames.contains(n)
                && !self.lex.names.first.contains(n)
        };
        if !(2..=4).contains(&len) || (s..e).any(|i| self.all_caps(i)) || ordinary(e - 1) {
            return false;
        }
        if self.lex.names.first.contains(self.norm(s)) {
            return true;
        }
        let initial =
            (s..e - 1).any(|i| self.a.raw(i).chars().count() == 1 && self.a.raw(i).chars().all(char::is_uppercase));
        let unusual = |i: usize| {
            !self.lex.names.common_words.contains(self.norm(i)) || self.lex.names.surnames.contains(self.norm(i))
        };
        let shaped = (s..e).all(|i| unusual(i) || self.lex.names.first.contains(self.norm(i)));
        shaped && (initial || self.speaks(s, e) || self.appositive(e))
    }

    /// Followed by a reporting verb ("Howard said"), or preceded by one ("said Paul King").
    fn speaks(&self, s: usize, e: usize) -> bool {
        let after = e < self.a.toks.len()
            && self.in_sentence(s, e)
            && self.a.adjacent(e - 1)
            && cues::REPORTING_VERBS.contains(&self.norm(e));
        let before = s > 0
            && self.in_sentence(s - 1, s)
            && matches!(self.norm(s - 1), "said" | "says" | "told" | "added")
            && !self.a.gap(s - 1).contains(['.', '"']);
        let according = s >= 2 && self.norm(s - 1) == "to" && self.norm(s - 2) == "according";
        after || before || according
    }

    /// Followed by an appositive: ", 45," or ", the minister", ", a spokesman".
    fn appositive(&self, e: usize) -> bool {
        let toks = &self.a.toks;
        if e >= toks.len() || !self.a.gap(e - 1).trim_start().starts_with(',') {
            return false;
        }
        let n = toks[e].norm.as_str();
        (n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
            || (matches!(n, "the" | "a" | "an" | "who" | "whose")
                && (e + 1..(e + 6).min(toks.len())).any(|k| self.role(k) && toks[k].sent == toks[e].sent))
    }

    /// The kind of organisation tokens `[s, e)` name, from their last word or their "<head> of".
    fn org_kind(&self, s: usize, e: usize) -> Option<&'static str> {
        if e - s > 7 {
            return None;
        }
        if e - s >= 2 {
            if let Some(kind) = cues::org_suffix(self.norm(e - 1)) {
                return Some(kind);
            }
        }
        // "Bank of England", "University of Sydney", "Ministry of Defence".
        for i in s..e.saturating_sub(2).min(s + 3) {
            if self.norm(i + 1) == "of" && !self.cap(i + 1) {
                if let Some(kind) = cues::org_head(self.norm(i)) {
                    return Some(kind);
                }
            }
        }
        // A name made of an opener and capitalised words ("Deutsche Boerse" has its suffix; "General
        // Motors" too): an opener alone says nothing.
        None
    }

    /// What the words around an unknown name say it is, if an organisation: a word after it that
    /// belongs to organisations ("Qantas spokesman", "Telstra shares", "Hamas's leadership"), "shares
    /// in", "stake in", "subsidiary of", "owned by" before it, or an appositive naming a kind of
    /// organisation ("Santos, the oil and gas producer").
    fn org_context(&self, s: usize, e: usize) -> Option<&'static str> {
        let t = &self.a.toks;
        // "Net profit", "Operating revenue": ordinary words with a capital, not names.
        if (s..e).all(|i| self.ordinary(i) && !self.all_caps(i)) {
            return None;
        }
        let after = e < t.len()
            && self.in_sentence(s, e)
            && !self.cap(e)
            && (self.joined(e - 1) || self.possessive(e - 1))
            && cues::ORG_CONTEXT_AFTER.contains(&t[e].norm.as_str());
        let before = s >= 2
            && self.in_sentence(s - 2, s)
            && matches!(
                (t[s - 2].norm.as_str(), t[s - 1].norm.as_str()),
                ("shares" | "stake" | "stakes" | "interest" | "investment", "in")
                    | (
                        "shares"
                            | "subsidiary"
                            | "unit"
                            | "division"
                            | "takeover"
                            | "acquisition"
                            | "chairman"
                            | "shareholders",
                        "of"
                    )
                    | ("owned" | "acquired" | "bought" | "controlled" | "run", "by")
                    | ("merger" | "merge" | "talks", "with")
                    | ("bid" | "offer", "for")
                    | ("bid" | "offer" | "approach", "from")
                    | ("sold" | "sell" | "sale", "to")
                    | ("spokesman" | "spokeswoman" | "spokesperson" | "statement" | "lawyer" | "lawyers", "for")
            )
            || s >= 1
                && self.in_sentence(s - 1, s)
                && matches!(
                    t[s - 1].norm.as_str(),
                    "acquire" | "acquires" | "acquiring" | "buy" | "buys" | "buying" | "takeover" | "rival"
                );
        // "Harcourt, which owns 12 percent of …": what owns, operates or trades is a company.
        let which = e + 1 < t.len()
            && self.in_sentence(s, e + 1)
            && self.a.gap(e - 1).trim() == ","
            && t[e].norm == "which"
            && matches!(
                t[e + 1].norm.as_str(),
                "owns" | "operates" | "makes" | "produces" | "employs" | "controls" | "manufactures" | "sells"
            );
        // "head of the Islamic Jihad", "co-owner of UC Global", "leader of the Egyptian Islamic Jihad": what
        // a leader or a member is of (a person after such a role is found before this).
        let mut k = s;
        while k >= 1 && self.cap(k - 1) {
            let Some(h) = self.hits.iter().find(|h| h.end == k && h.start < k && self.cap(h.start)) else { break };
            k = h.start;
        }
        let the = k >= 1 && t[k - 1].norm == "the" && !self.cap(k - 1);
        let of_at = if the { k.checked_sub(2) } else { k.checked_sub(1) };
        let member_of = of_at.is_some_and(|o| {
            o >= 1
                && t[o].norm == "of"
                && self.in_sentence(o - 1, s)
                && !self.cap(o - 1)
                && cues::ORG_MEMBERS.contains(&t[o - 1].norm.as_str())
        });
        // "radical group Hamas", "the intervention board, FIRS,", "a firm called UC Global", "companies
        // such as Elbit, Candiru and Rafael": what kind of body it is, said before it.
        let kind_before = self.org_noun_before(s) || self.listed_after_org_nouns(s);
        let appositive = e < t.len()
            && self.a.gap(e - 1).trim_start().starts_with(',')
            && matches!(t[e].norm.as_str(), "the" | "a" | "an")
            && (e + 1..(e + 5).min(t.len()))
                .take_while(|&k| t[k].sent == t[s].sent && !self.a.gap(k - 1).contains(','))
                .any(|k| cues::ORG_NOUNS.contains(&t[k].norm.as_str()));
        (after || before || which || member_of || kind_before || appositive).then_some("organisation")
    }

    /// A kind of organisation just before `s`, lower case, perhaps with a comma or "called", "named":
    /// "radical group Hamas", "the accountancy firm, Arlen,", "a firm called UC Global".
    fn org_noun_before(&self, s: usize) -> bool {
        let t = &self.a.toks;
        let mut k = s;
        if k >= 1 && matches!(t[k - 1].norm.as_str(), "called" | "named") && !self.cap(k - 1) {
            k -= 1;
        }
        k >= 1
            && self.in_sentence(k - 1, s)
            && !self.cap(k - 1)
            && matches!(self.a.gap(k - 1).trim(), "" | ",")
            && cues::ORG_NOUNS.contains(&t[k - 1].norm.as_str())
    }

    /// A name in a list introduced by kinds of organisations: "companies such as Elbit, Candiru and
    /// Rafael", "banks including Westbury".
    fn listed_after_org_nouns(&self, s: usize) -> bool {
        let t = &self.a.toks;
        let mut k = s;
        // Back over the names listed before this one, and their commas and "and".
        while k >= 1 && s - k < 16 && self.in_sentence(k - 1, s) {
            let p = k - 1;
            let word = t[p].norm.as_str();
            if !(self.cap(p) || matches!(word, "and" | "or")) {
                break;
            }
            k -= 1;
        }
        if k < 2 || !self.in_sentence(k - 1, s) {
            return false;
        }
        let noun_end = match t[k - 1].norm.as_str() {
            "like" | "including" => k - 1,
            "as" if k >= 3 && t[k - 2].norm == "such" => k - 2,
            _ => return false,
        };
        // The kind, perhaps with a few words of its own ("companies producing surveillance systems,
        // like …").
        (noun_end.saturating_sub(5)..noun_end)
            .rev()
            .take_while(|&n| !self.cap(n) && self.in_sentence(n, s))
            .any(|n| cues::ORG_PLURALS.contains(&t[n].norm.as_str()))
    }

    /// Place words: "Murray River", "Gaza Strip", "Mount Everest", "Lake Victoria".
    fn place_words(&self, s: usize, e: usize) -> bool {
        e - s >= 2 && (cues::place_suffix(self.norm(e - 1)) || cues::PLACE_OPENERS.contains(&self.norm(s)))
    }

    /// Whether a lexicon place of tokens `[s, e)` is a person's name here: a single word that is
    /// also a name, said to speak, after an honorific, or the surname of someone named in full.
    fn person_not_place(&self, s: usize, e: usize, t: Target, titled: bool) -> bool {
        if !matches!(t, Target::Place(_)) || e - s != 1 {
            return false;
        }
        let n = self.norm(s);
        let place = match t {
            Target::Place(i) => &self.lex.places[i],
            _ => return false,
        };
        if place.kind == "country" || place.kind == "continent" {
            return false;
        }
        let namelike = self.lex.names.surnames.contains(n) || self.lex.names.first.contains(n);
        let honorific = s > 0 && cues::SURNAME_HONORIFICS.contains(&self.norm(s - 1));
        honorific || (titled && namelike) || (namelike && self.speaks(s, e) && !self.place_context(s))
    }

    /// A one-word match of a town that is also a name or a word (`Bush` is a town in Egypt, `Sale` in
    /// Australia), or that the lexicon knows only by an alternate name: a place only where the text
    /// says it is one ("in Sale", "Sale, Victoria").
    fn weak_place(&self, s: usize, e: usize, t: Target, form: Form) -> bool {
        let Target::Place(i) = t else { return false };
        let p = &self.lex.places[i];
        if p.kind == "country" || p.origin == super::lexicon::Origin::Lexicon {
            return false;
        }
        // Capitals where the place's name has none: an acronym ("ICO" is not Icó in Brazil), or in a
        // headline a company's "CO" (Colorado's code).
        let raw = self.a.span(s, e);
        let acronym = raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !raw.chars().any(char::is_lowercase);
        let dateline = self.opens(s) && self.a.gap(e - 1).trim_start().starts_with([',', '-', '–', '—']);
        let big = p.population.unwrap_or(0) >= 1_000_000;
        if acronym
            && !dateline
            && (p.name.chars().any(char::is_lowercase) && form != Form::Alias && !big
                || self.shouted(s) && raw.len() <= 3)
        {
            return true;
        }
        if e - s != 1 || p.kind != "city" || p.capital {
            return false;
        }
        let n = self.norm(s);
        // A month or a season is a date, even "in March" (a town in England).
        if crate::date::month_from_name(n).is_some()
            || crate::date::weekday_from_name(n).is_some()
            || matches!(n, "spring" | "summer" | "autumn" | "winter")
        {
            return true;
        }
        let population = p.population.unwrap_or(0);
        let common = self.lex.names.common_words.contains(n);
        // In capitals, case says nothing: "TO", "OF", "BANK", "SALE" are towns somewhere.
        if self.shouted(s) && (common || population < 100_000) {
            return true;
        }
        let wordlike = (self.lex.names.first.contains(n) || common) && population < 500_000
            || self.lex.names.surnames.contains(n) && population < 50_000
            // A town of a few thousand people is rarely named without saying where it is.
            || population < 15_000 && !self.neighbours_in_country(s, p.country.as_deref());
        let said_to_be = self.place_context(s)
            || (e < self.a.toks.len() && self.a.gap(s).trim() == "," && hit_starts(self.hits, e))
            || self.opens(s) && self.a.gap(s).trim_start().starts_with(['-', '–', '—', ',']);
        (form == Form::Alias || wordlike) && !said_to_be
    }

    /// Whether another place of `country`, or the country itself, is named in the sentence of `s`
    /// ("Gunnedah, in north-west New South Wales").
    fn neighbours_in_country(&self, s: usize, country: Option<&str>) -> bool {
        let Some(country) = country else { return false };
        let sent = self.a.toks[s].sent;
        self.hits.iter().any(|h| {
            h.start != s
                && self.a.toks[h.start].sent == sent
                && h.targets.iter().any(|(t, _)| match t {
                    Target::Place(i) => {
                        let p = &self.lex.places[*i];
                        p.country.as_deref() == Some(country) || p.name == country
                    }
                    _ => false,
                })
        })
    }

    /// "in", "at", "from", "near" before tokens at `s`: said of places.
    fn place_context(&self, s: usize) -> bool {
        let before = s > 0 && matches!(self.norm(s - 1), "in" | "at" | "from" | "near" | "to" | "outside" | "across");
        // In a list with a place: "Perth and Darwin", "Sydney, Darwin".
        let listed_after = s >= 2
            && (self.norm(s - 1) == "and" || self.a.gap(s - 1).trim() == ",")
            && self.out.iter().any(|f| f.end == s - 1 && matches!(f.what, What::Hit(Target::Place(_), _)));
        before || listed_after
    }

    fn person_or_pending(&mut self, s: usize, e: usize, title: Option<String>) {
        let honorific = s > 0 && cues::SURNAME_HONORIFICS.contains(&self.norm(s - 1));
        if e - s >= 2 || (title.is_some() && !honorific) {
            // A rank or role before one word makes a person too ("General Goudarzi"), named in full
            // if the document gives the full name.
            if e - s >= 2 {
                self.push(s, e, What::Person { title });
                return;
            }
        }
        let acronym = self.acronym(s);
        let titled = title.as_deref().is_some_and(Self::strong) && !self.all_caps(s);
        self.pending.push(Pending {
            start: s,
            end: e,
            honorific: honorific || titled,
            acronym,
            says: self.speaks(s, e),
        });
    }

    /// An organisation's acronym: capitals that are not an ordinary word shouted ("PRICE"), a unit
    /// or an abbreviation of something else (`CEO`, `GDP`), nor a dateline (`TEHRAN –`), and that the
    /// text treats as a name: used twice, after "the", or speaking or possessing.
    fn acronym(&self, i: usize) -> bool {
        let n = self.norm(i);
        if !self.all_caps(i)
            || cues::NOT_ORG_ACRONYMS.contains(&n)
            || self.lex.names.common_words.contains(n)
            || n.len() > 6
        {
            return false;
        }
        // A dateline: "TEHRAN –", "MOSCOW, January 24" opening the story.
        let gap = self.a.gap(i);
        let dateline = self.opens(i) && gap.trim_start().starts_with(['-', '–', '—', ','])
            || gap.starts_with(' ') && gap.trim().starts_with(['–', '—']);
        // A word alone on its line is a heading or a sign-off ("REUTER").
        let alone = self.a.sentence_toks(self.a.toks[i].sent).len() == 1;
        if dateline || alone {
            return false;
        }
        // Two letters may be initials or a code ("GM" yes, "PM" no): they need the text to treat them
        // as a name; three or more are an organisation's.
        let again = self.a.toks.iter().filter(|t| t.norm == n).count() >= 2;
        let the = i > 0 && self.norm(i - 1) == "the";
        n.len() >= 3 || again || the || self.possessive(i) || self.speaks(i, i + 1)
    }

    /// One word no name list knows, told something or reporting it ("told Reuters", "Xinhua
    /// reported") or speaking in a statement: a news outlet or a body, where a person would be named
    /// in full (and linked to before this).
    fn news_outlet(&self, s: usize, e: usize) -> Option<&'static str> {
        let a = self.a;
        let n = a.toks[s].norm.as_str();
        if e - s != 1
            || self.lex.names.first.contains(n)
            || self.lex.names.surnames.contains(n)
            || self.lex.names.common_words.contains(n)
            || a.raw(s).chars().count() < 3
        {
            return None;
        }
        let told = s >= 1 && a.toks[s - 1].norm == "told" && self.in_sentence(s - 1, s);
        let reported = e < a.toks.len()
            && self.in_sentence(s, e)
            && a.adjacent(e - 1)
            && matches!(a.toks[e].norm.as_str(), "reported" | "reports" | "quoted" | "cited");
        // "Vantrex said in a statement", "… in a filing".
        let statement = e + 4 < a.toks.len()
            && self.in_sentence(s, e + 3)
            && a.adjacent(e - 1)
            && matches!(a.toks[e].norm.as_str(), "said" | "says")
            && a.toks[e + 1].norm == "in"
            && matches!(a.toks[e + 2].norm.as_str(), "a" | "its")
            && matches!(a.toks[e + 3].norm.as_str(), "statement" | "filing" | "release");
        if told || reported {
            Some("media")
        } else {
            statement.then_some("organisation")
        }
    }

    fn push(&mut self, s: usize, e: usize, what: What) {
        if matches!(what, What::Person { .. }) && !self.person_shaped(s, e) {
            return;
        }
        let mut name = self.text(s, e);
        if matches!(what, What::Org { .. }) {
            // Listed without "Corp", "Inc", "Ltd", "& Co" (the mention keeps them).
            let mut end = e;
            while end - s >= 2 && cues::legal_designator(self.norm(end - 1)) {
                end -= 1;
                while end - s >= 2 && matches!(self.norm(end - 1), "and") {
                    end -= 1;
                }
            }
            if end < e {
                name = self.text(s, end).trim_end_matches([',', '&', ' ', '.']).to_string();
            }
        }
        self.out.push(Found { start: s, end: e, what, name, coreference: false });
    }

    /// [`Finder::push`] under the name a list gives it ("Google" for "Google Inc").
    fn push_named(&mut self, s: usize, e: usize, what: What, name: &str) {
        self.out.push(Found { start: s, end: e, what, name: name.to_string(), coreference: false });
    }

    fn push_hit(&mut self, s: usize, e: usize, t: Target, form: Form) {
        let name = self.text(s, e);
        self.out.push(Found { start: s, end: e, what: What::Hit(t, form), name, coreference: false });
    }

    /// Whether tokens `[s, e)` can be a person's name: not written in capitals ("ARRIVES IN"), and
    /// not one compound of capitalised words ("Allen-Bradley", "Anheuser-Busch", companies named after
    /// their founders), though "Abdul-Aziz" after a title is.
    fn person_shaped(&self, s: usize, e: usize) -> bool {
        let roman = |i: usize| self.norm(i).bytes().all(|b| b"ivxlc".contains(&b));
        let capitals = (s..e)
            .any(|i| self.all_caps(i) && !roman(i) && self.a.raw(i).chars().filter(|c| c.is_alphabetic()).count() >= 3)
            || (s..e).all(|i| self.all_caps(i) || self.a.raw(i).chars().count() == 1);
        let n = self.norm(s);
        let calendar = e - s == 1
            && (crate::date::month_from_name(n).is_some()
                || crate::date::weekday_from_name(n).is_some()
                || matches!(n, "spring" | "summer" | "autumn" | "winter"));
        // "Corp said", "Council": the words that end organisations' names are not people.
        let org_word = e - s == 1 && (cues::legal_designator(n) || cues::org_suffix(n).is_some());
        let compound = e - s >= 2 && (s..e - 1).all(|i| self.a.gap(i) == "-") && (s..e).all(|i| self.cap(i));
        let titled = s > 0 && (self.role(s - 1) || self.titled.contains_key(&s));
        !capitals && !calendar && !org_word && (!compound || titled)
    }

    /// Single words: a surname of someone named in full (`Blair`, `Mr Blair`), an acronym defined in
    /// the document or an organisation's first word (`Qantas` for `Qantas Airways`); else a person
    /// after an honorific, an organisation if an acronym, and nothing otherwise.
    fn resolve_pending(&mut self) {
        let a = self.a;
        // Full names of people by surname, organisations by short forms.
        let mut by_surname: HashMap<String, (String, Option<String>)> = HashMap::new();
        let mut by_given: HashMap<String, (String, Option<String>)> = HashMap::new();
        let mut by_short: HashMap<String, (String, &'static str)> = HashMap::new();
        let mut by_bracket: HashMap<String, (String, &'static str)> = HashMap::new();
        for f in &self.out {
            match &f.what {
                What::Person { title } if f.end - f.start >= 2 => {
                    by_surname.entry(a.toks[f.end - 1].norm.clone()).or_insert((f.name.clone(), title.clone()));
                    by_given.entry(a.toks[f.start].norm.clone()).or_insert((f.name.clone(), title.clone()));
                }
                What::Org { kind } => {
                    by_short.entry(a.toks[f.start].norm.clone()).or_insert((f.name.clone(), kind));
                    // "State Customs Committee (SCC)": the acronym in brackets right after.
                    if f.end < a.toks.len()
                        && a.gap(f.end - 1).trim() == "("
                        && a.gap(f.end).trim_start().starts_with(')')
                    {
                        by_short.insert(a.toks[f.end].norm.clone(), (f.name.clone(), kind));
                        by_bracket.insert(a.toks[f.end].norm.clone(), (f.name.clone(), kind));
                    }
                    // The initials of a name of three words or more.
                    let initials: String = (f.start..f.end)
                        .filter(|&i| a.is_cap(i))
                        .filter_map(|i| a.toks[i].norm.chars().next())
                        .collect();
                    if initials.len() >= 3 {
                        by_short.entry(initials).or_insert((f.name.clone(), kind));
                    }
                }
                _ => {}
            }
        }
        let words: HashSet<usize> = self.out.iter().flat_map(|f| f.start..f.end).collect();
        for p in std::mem::take(&mut self.pending) {
            if words.contains(&p.start) {
                continue;
            }
            let n = a.toks[p.start].norm.clone();
            let by_name = by_surname.get(&n).or_else(|| by_given.get(&n).filter(|_| p.honorific));
            if let Some((full, title)) = by_name {
                self.out.push(Found {
                    start: p.start,
                    end: p.end,
                    what: What::Person { title: title.clone() },
                    name: full.clone(),
                    coreference: true,
                });
            } else if let Some((full, kind)) = by_short.get(&n) {
                self.out.push(Found {
                    start: p.start,
                    end: p.end,
                    what: What::Org { kind },
                    name: full.clone(),
                    coreference: true,
                });
            } else if p.acronym {
                self.push(p.start, p.end, What::Org { kind: "organisation" });
            } else if let Some(kind) = self.news_outlet(p.start, p.end) {
                self.push(p.start, p.end, What::Org { kind });
            } else if p.start > 0
                && a.toks[p.start - 1].norm == "the"
                // "the Taliban", or "The Taliban" opening a sentence.
                && (!a.is_cap(p.start - 1) || self.opens(p.start - 1))
                && !self.lex.names.first.contains(&n)
                && !self.lex.names.surnames.contains(&n)
                && !self.lex.names.common_words.contains(&n)
                && !cues::NOT_ORG_ACRONYMS.contains(&n.as_str())
                && a.raw(p.start).chars().count() > 1
                && !n.ends_with("ans")
                && !n.ends_with("ers")
                // A body is what the sentence is about, not an adjective before a noun ("the Jewish
                // state", "the Louvre accord").
                && (p.end >= a.toks.len()
                    || a.gap(p.end - 1).trim().chars().any(|c| c.is_ascii_punctuation())
                    || self.possessive(p.end - 1)
                    || cues::REPORTING_VERBS.contains(&a.toks[p.end].norm.as_str())
                    || matches!(
                        a.toks[p.end].norm.as_str(),
                        "has" | "have" | "had" | "is" | "was" | "were" | "are" | "would" | "will" | "could" | "and" | "or"
                            | "of" | "in" | "on" | "to" | "for" | "with" | "which" | "who" | "that" | "regime"
                            | "government" | "movement" | "leadership" | "forces" | "fighters"
                    ))
                && !n.ends_with("ese")
            {
                // "the Taliban", "the Pentagon", "the Kremlin": a body, not a person; not "the CEO".
                self.push(p.start, p.end, What::Org { kind: "organisation" });
            } else if p.honorific
                || (p.says && self.lex.names.surnames.contains(&n) && !self.lex.names.common_words.contains(&n))
            {
                self.push(p.start, p.end, What::Person { title: None });
            } else if !self.lex.names.common_words.contains(&n) {
                self.unresolved.push((p.start, p.end));
            }
        }
        // A one-word organisation found by the words around it that is the short form given in
        // brackets after one named in full ("a spokesman for Keidanren" after "Federation of Economic
        // Organisations (Keidanren)") is that organisation.
        for f in &mut self.out {
            if let What::Org { .. } = f.what {
                if f.end - f.start == 1 && !f.coreference {
                    if let Some((full, kind)) = by_bracket.get(&a.toks[f.start].norm) {
                        if full.len() > f.name.len() {
                            f.what = What::Org { kind };
                            f.name = full.clone();
                            f.coreference = true;
                        }
                    }
                }
            }
        }
        // A lexicon place that is the surname of someone named in full ("Howard" the town, in a
        // report on John Howard) is that person.
        for f in &mut self.out {
            if let What::Hit(Target::Place(i), _) = f.what {
                if f.end - f.start == 1 && self.lex.places[i].kind != "country" {
                    if let Some((full, title)) = by_surname.get(&a.toks[f.start].norm) {
                        f.what = What::Person { title: title.clone() };
                        f.name = full.clone();
                        f.coreference = true;
                    }
                }
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use crate::extract::{EntityKind, Form};
    use crate::Corpus;
    use expect_test::{expect, Expect};

    /// The people, organisations and places of one report, each with its mentions' texts.
    fn check(body: &str, expected: Expect) {
        let mut c = Corpus::new();
        c.add_file("report.json", serde_json::json!({ "title": "Report", "body": body }).to_string().as_bytes());
        let x = crate::tests::extractor().extract(&c);
        let mut lines = Vec::new();
        for e in &x.entities {
            if e.kind == EntityKind::Drug {
                continue;
            }
            let texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            let demonym = e.mentions.iter().all(|m| m.form == Form::Demonym);
            let what = if demonym { "demonym" } else { e.kind.as_str() };
            let country = match (&e.country, e.kind) {
                (Some(c), EntityKind::Place) if *c != e.name => format!(" ({c})"),
                _ => String::new(),
            };
            lines.push(format!("{what} {}{country} [{}]", e.name, texts.join(", ")));
        }
        expected.assert_eq(&(lines.join("\n") + "\n"));
    }

    #[test]
    fn people_by_role_given_name_and_later_mentions() {
        check(
            "Prime Minister John Howard said on Monday that Mr Howard's cabinet would meet. \
             Labor leader Simon Crean disagreed. Tony Blair's spokesman said Blair was in Sydney. \
             \"We will win,\" said Paul King, 45, a trader.",
            expect![[r#"
                person John Howard [John Howard, Howard's]
                person Paul King [Paul King]
                person Simon Crean [Simon Crean]
                person Tony Blair [Tony Blair's, Blair]
                place Sydney (Australia) [Sydney]
            "#]],
        );
    }

    #[test]
    fn organisations_by_their_last_words_acronyms_and_short_forms() {
        check(
            "The London Stock Exchange and the Federal Reserve Bank of New York said General Motors Corp \
             and Deutsche Boerse AG agreed. The State Customs Committee (SCC) said the SCC would act. \
             Shares in BHP fell; the Financial Times reported it. General Motors shares rose. Later the \
             CEO said the Taliban and the Pentagon had not called.",
            expect![[r#"
                org BHP [BHP]
                org Deutsche Boerse [Deutsche Boerse AG]
                org Federal Reserve Bank of New York [Federal Reserve Bank of New York]
                org Financial Times [Financial Times]
                org General Motors [General Motors Corp, General Motors]
                org London Stock Exchange [London Stock Exchange]
                org Pentagon [Pentagon]
                org State Customs Committee [State Customs Committee, SCC, SCC]
                org Taliban [Taliban]
            "#]],
        );
    }

    #[test]
    fn organisations_wordnet_names_without_a_cue() {
        check(
            "Hamas and Hezbollah rejected the plan on Sunday. Mossad and the Bundesbank were quiet, and officers \
             at the Base saw the Navy leave.",
            expect![[r#"
                org Bundesbank [Bundesbank]
                org Hamas [Hamas]
                org Hizballah [Hezbollah]
                org Mossad [Mossad]
            "#]],
        );
    }

    #[test]
    fn organisations_after_a_role_are_not_people() {
        check(
            "Officials from Opec met on Monday. Vance Torrel, head of the Northern Freedom Front, and \
             Peter Daskal, head of the Albanian Islamic Jihad, and a co-owner of Vantrex, were named.",
            expect![[r#"
                person Peter Daskal [Peter Daskal]
                person Vance Torrel [Vance Torrel]
                org Islamic Jihad [Islamic Jihad]
                org Northern Freedom Front [Northern Freedom Front]
                org OPEC [Opec]
                org Vantrex [Vantrex]
                demonym Albania [Albanian]
            "#]],
        );
    }

    #[test]
    fn organisations_by_the_kind_of_body_said_before_them() {
        check(
            "The radical group Vardeq said it would fight. Another group, Zenthar Brotherhood, might follow. \
             Dorrin Coyle spent years at a small consulting firm called Kestrel Global. The market board, \
             TRIMS, raised its estimate. Suppliers prospered, like Ostrava Systems and defence companies \
             such as Marvex, Tellurin and Quorvo, and airlines flying abroad, like Veltra.",
            expect![[r#"
                org Kestrel Global [Kestrel Global]
                org Marvex [Marvex]
                org Ostrava Systems [Ostrava Systems]
                org Quorvo [Quorvo]
                org TRIMS [TRIMS]
                org Tellurin [Tellurin]
                org Vardeq [Vardeq]
                org Veltra [Veltra]
                org Zenthar Brotherhood [Zenthar Brotherhood]
            "#]],
        );
    }

    #[test]
    fn the_body_opening_a_sentence() {
        check(
            "The Morvani said they would not talk. Later, the Tarquel fled. The Drosk have fled. The \
             Vemish people and The Bell are not bodies.",
            expect![[r#"
                org Drosk [Drosk]
                org Morvani [Morvani]
            "#]],
        );
    }

    #[test]
    fn institutions_named_in_roles() {
        check(
            "Senate Majority Leader Harold Vint agreed and House Speaker Jim Orley said the House would \
             vote. A White House spokesman declined to comment. Senate Banking Committee Chairman Bill \
             Prox spoke.",
            expect![[r#"
                person Bill Prox [Bill Prox]
                person Harold Vint [Harold Vint]
                person Jim Orley [Jim Orley]
                org House [House, House]
                org Senate [Senate]
                org Senate Banking Committee [Senate Banking Committee]
                org White House [White House]
            "#]],
        );
    }

    #[test]
    fn news_outlets_told_or_reporting() {
        check(
            "\"We will not sign,\" Ana Pereira told Revtex. Dravia reported that talks failed. Ana Pereira \
             told Castello Sport newspaper the talks would resume.",
            expect![[r#"
                person Ana Pereira [Ana Pereira, Ana Pereira]
                org Castello Sport [Castello Sport]
                org Dravia [Dravia]
                org Revtex [Revtex]
            "#]],
        );
    }

    #[test]
    fn labor_and_labour_are_parties_not_portfolios() {
        check(
            "Labor says the tax is unfair. Labour's candidate won. Voters backed Labor in the west. \
             Labor Minister Almo Pazz met unions before Labour Day. Labor costs rose.",
            expect![[r#"
                person Almo Pazz [Almo Pazz]
                org Labor [Labor, Labor]
                org Labour [Labour's]
            "#]],
        );
    }

    #[test]
    fn names_defined_by_an_acronym_in_brackets() {
        check(
            "The Front for Civic Renewal (FCR) won. The Coalition of Kenyan Dockers (CKD) struck, and the \
             Zambia African Dockers Union-Labour Front (ZADU-LF) joined. Grace Omondi (GO) spoke.",
            expect![[r#"
                person Grace Omondi [Grace Omondi]
                org Coalition of Kenyan Dockers [Coalition of Kenyan Dockers, CKD]
                org Front for Civic Renewal [Front for Civic Renewal, FCR]
                org Zambia African Dockers Union-Labour Front [Zambia African Dockers Union-Labour Front]
            "#]],
        );
    }

    #[test]
    fn companies_by_deals() {
        check(
            "Halvex agreed to acquire Nortrel for $2 billion. Gamwell rejected a bid from Coridan. Pomfrey, \
             which owns 12 percent of Gamwell, said the unit was sold to Stradex.",
            expect![[r#"
                org Coridan [Coridan]
                org Nortrel [Nortrel]
                org Pomfrey [Pomfrey]
                org Stradex [Stradex]
            "#]],
        );
    }

    #[test]
    fn institutions_as_buildings_are_not_bodies() {
        check(
            "Flags flew at the Pentagon and outside the White House. A plane hit the Pentagon outside \
             Washington. Later the Kremlin said it regretted the attack.",
            expect![[r#"
                org Kremlin [Kremlin]
                place Washington (United States) [Washington]
            "#]],
        );
    }

    #[test]
    fn bodies_speaking_in_statements_or_through_spokespeople() {
        check(
            "Zolvane said in a statement that sales rose. A spokeswoman for Hextor declined to comment. \
             The Federation of Tin Producers (Fedtin) met, a spokesman for Fedtin said.",
            expect![[r#"
                org Federation of Tin Producers [Federation of Tin Producers, Fedtin, Fedtin]
                org Hextor [Hextor]
                org Zolvane [Zolvane]
            "#]],
        );
    }

    #[test]
    fn prefixes_before_a_name_are_not_part_of_it() {
        check(
            "Non-Opec Egypt gained. Pro-Nato parties won, and the Anti-Narcotics Police watched.",
            expect![[r#"
                org Anti-Narcotics Police [Anti-Narcotics Police]
                org NATO [Nato]
                org OPEC [Opec]
                place Egypt [Egypt]
            "#]],
        );
    }

    #[test]
    fn places_by_context_and_size() {
        check(
            "Storms hit Georgia and Atlanta in the United States. In Tbilisi, Georgia's president met \
             Russian officials. West Germany and Eastern Europe traded across the East China Sea. \
             US President George W. Bush and Jack London visited the U.S. Agriculture Department. \
             Officials in Washington and Paris agreed. Paris, Texas, did not.",
            expect![[r#"
                person George W. Bush [George W. Bush]
                person Jack London [Jack London]
                org U.S. Agriculture Department [U.S. Agriculture Department]
                place Atlanta (United States) [Atlanta]
                place East China Sea (China) [East China Sea]
                place Eastern Europe [Eastern Europe]
                place Georgia [Georgia's]
                place Georgia (United States) [Georgia]
                place Paris (France) [Paris]
                place Paris (United States) [Paris]
                demonym Russia [Russian]
                place Tbilisi (Georgia) [Tbilisi]
                place Texas (United States) [Texas]
                place United States [United States, US]
                place Washington (United States) [Washington]
                place West Germany [West Germany]
            "#]],
        );
    }
}
