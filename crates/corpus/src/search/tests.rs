//! Search tests over the seed corpus: a query in, ranked ids with snippets out.

use super::{search_text, SearchOptions};
use crate::index::Index;
use crate::search::Sort;
use crate::tests::seeds;
use expect_test::{expect, Expect};

fn check_opts(query: &str, opts: SearchOptions, expected: Expect) {
    let corpus = seeds();
    let index = Index::build(&corpus);
    let r = search_text(&corpus, &index, query, &opts, None);
    let mut s = format!("total={}\n", r.total);
    for h in &r.hits {
        let mut snip = String::new();
        let mut at = 0;
        for &(a, b) in &h.snippet.highlights {
            snip.push_str(&h.snippet.text[at..a]);
            snip.push('[');
            snip.push_str(&h.snippet.text[a..b]);
            snip.push(']');
            at = b;
        }
        snip.push_str(&h.snippet.text[at..]);
        let snip: String = snip.chars().take(110).collect();
        s.push_str(&format!("{} {:.2} {}\n", &h.id[..3], h.score, snip));
    }
    for d in &r.diagnostics {
        s.push_str(&format!("{d}\n"));
    }
    expected.assert_eq(&s);
}

fn check(query: &str, expected: Expect) {
    check_opts(query, SearchOptions { snippet_chars: 100, ..SearchOptions::default() }, expected)
}

#[test]
fn single_words_rank_and_fold() {
    check(
        "heroin",
        expect![[r#"
            total=3
            004 3.34 over 622 kg of [heroin] across the country's customs border, State Customs Committee Chairman Col-Gen
            001 0.82 260 kilograms of [heroin] were seized at a customs border checkpoint in Astara in Azerbaijan. Just
            000 0.60 1,100 kilograms of [heroin] during the operation.

            Being a neighbor to the biggest producer of drugs
        "#]],
    );
    check(
        "ZÜRICH",
        expect![[r#"
        total=0
    "#]],
    );
    check(
        "1,100",
        expect![[r#"
            total=1
            000 1.54 to confiscate [1,100] kilograms of heroin during the operation.

            Being a neighbor to the biggest
        "#]],
    );
    check(
        "seize",
        expect![[r#"
            total=2
            001 1.59 of heroin were [seized] at a customs border checkpoint in Astara in Azerbaijan. Just months earlier,
            002 0.46 successfully [seized] 2,400 kilograms of methamphetamine. This operation underscored the relentless
        "#]],
    );
}

#[test]
fn boolean_phrases_near() {
    check(
        "\"joint operations\"",
        expect![[r#"
            total=1
            003 2.67 and hold [joint operations] against drugs trafficking.

            A meeting of the Director of the Russian drug
        "#]],
    );
    check(
        "heroin -Astara",
        expect![[r#"
        total=1
        000 0.60 1,100 kilograms of [heroin] during the operation.

        Being a neighbor to the biggest producer of drugs
    "#]],
    );
    check(
        "methamphetamine OR opium",
        expect![[r#"
            total=2
            002 2.02 2,400 kilograms of [methamphetamine] in Sistan–Baluchestan Province.

            During the meeting, Brigadier
            001 1.32 over 630 tons of [opium] – in 2017.

            Over the past 40 years, Iran has lost 3,815 members of the law
        "#]],
    );
    check(
        "Kakavand NEAR/3 Eyvazov",
        expect![[r#"
        total=0
    "#]],
    );
    check(
        "Kakavand NEAR/12 Eyvazov",
        expect![[r#"
            total=1
            002 9.36 police chief, Iraj [Kakavand], and Azerbaijan’s Interior Minister, Vilayat Suleyman oglu [Eyvazov],
        "#]],
    );
    check(
        "Takht-e-Ravanchi",
        expect![[r#"
            total=1
            001 1.32 Nations, Majid [Takht-e-Ravanchi], said on July 9 according to Press TV.

            In 2018, Iranian law
        "#]],
    );
}

#[test]
fn prefix_fuzzy_fields_filters() {
    check(
        "meth*",
        expect![[r#"
            total=1
            002 1.62 2,400 kilograms of [methamphetamine] in Sistan–Baluchestan Province.

            During the meeting, Brigadier
        "#]],
    );
    check(
        "Zahedan~2",
        expect![[r#"
            total=1
            001 0.92 Mohammad Massoud [Zahedian] said at a meeting with his counterpart Major General Hazi Aslanov in the
        "#]],
    );
    check(
        "title:iran",
        expect![[r#"
            total=2
            001 1.02 12.09.2019

            Caspian News (11 September 2019)

            Iran is continuing its fight against drug smuggling –
            002 0.84 date 2025-11-26 TEHEAN – Iran’s anti-narcotics police chief, Iraj Kakavand, and Azerbaijan’s
        "#]],
    );
    check(
        "source:\"caspian news\" heroin",
        expect![[r#"
            total=1
            001 0.82 260 kilograms of [heroin] were seized at a customs border checkpoint in Astara in Azerbaijan. Just
        "#]],
    );
    check(
        "date:2019..2021",
        expect![[r#"
            total=1
            001 0.00 12.09.2019

            Caspian News (11 September 2019)

            Iran is continuing its fight against drug smuggling –
        "#]],
    );
    check(
        "year:2012 protocol",
        expect![[r#"
        total=1
        003 1.40 the signing of a [protocol] on cross-border cooperation by Russian and Iranian anti-drug services and
    "#]],
    );
    check(
        "kg:>500",
        expect![[r#"
            total=5
            000 0.00 According to the released statement of the Iranian intelligence ministry, through extensive
            001 0.00 12.09.2019

            Caspian News (11 September 2019)

            Iran is continuing its fight against drug smuggling –
            002 0.00 date 2025-11-26 TEHEAN – Iran’s anti-narcotics police chief, Iraj Kakavand, and Azerbaijan’s
            003 0.00 All news

            The sides will regularly exchange experience not only in anti-drug struggle but also in
            004 0.00 Azerbaijan has thwarted an attempt to smuggle over 622 kg of heroin across the country's customs
            warning: query: kg: needs entity extraction, which is not loaded; ignored
        "#]],
    );
}

#[test]
fn a_query_with_nothing_to_search_matches_nothing_and_says_why() {
    check(
        "🚢",
        expect![[r#"
        total=0
        warning: query: "🚢" has no letters or digits to search for; ignored
    "#]],
    );
    check(
        "heroin title: *",
        expect![[r#"
            total=3
            004 3.34 over 622 kg of [heroin] across the country's customs border, State Customs Committee Chairman Col-Gen
            001 0.82 260 kilograms of [heroin] were seized at a customs border checkpoint in Astara in Azerbaijan. Just
            000 0.60 1,100 kilograms of [heroin] during the operation.

            Being a neighbor to the biggest producer of drugs
            warning: query: title: needs a word after it (as in title:heroin); ignored
            warning: query: * needs a word before the * (as in meth*); ignored
        "#]],
    );
    check(
        "Kakavand NEAR/x Eyvazov",
        expect![[r#"
            total=0
            warning: query: NEAR/x: the distance is not a number (as in NEAR/3); using NEAR/5
        "#]],
    );
}

#[test]
fn sorting_and_browsing() {
    check_opts(
        "",
        SearchOptions { sort: Sort::DateDesc, snippet_chars: 40, ..SearchOptions::default() },
        expect![[r#"
            total=5
            002 0.00 date 2025-11-26 TEHEAN – Iran’s
            001 0.00 12.09.2019

            Caspian News (11 September
            003 0.00 All news

            The sides will regularly
            000 0.00 According to the released statement of
            004 0.00 Azerbaijan has thwarted an attempt to
        "#]],
    );
    check_opts(
        "",
        SearchOptions { sort: Sort::DateAsc, snippet_chars: 40, limit: 2, ..SearchOptions::default() },
        expect![[r#"
            total=5
            003 0.00 All news

            The sides will regularly
            001 0.00 12.09.2019

            Caspian News (11 September
        "#]],
    );
}

/// The reference the engine must equal, written without the index: a text's words at their positions,
/// and at the first word of each hyphenated compound (words separated by exactly one hyphen, the first
/// not a number) the compound joined as well.
fn reference_slots(text: &str) -> Vec<Vec<String>> {
    let toks = crate::text::tokens(text);
    let mut slots: Vec<Vec<String>> = toks.iter().map(|t| vec![t.2.clone()]).collect();
    for (first, len) in reference_compounds(text, &toks) {
        slots[first].push(toks[first..first + len].iter().map(|t| t.2.as_str()).collect());
    }
    slots
}

/// Hyphenated compounds of a text as (first token, how many tokens).
fn reference_compounds(text: &str, toks: &[(usize, usize, String)]) -> Vec<(usize, usize)> {
    let hyphen = |a: usize, b: usize| matches!(&text[a..b], "-" | "\u{AD}" | "\u{2010}" | "\u{2011}");
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        while j + 1 < toks.len() && hyphen(toks[j].1, toks[j + 1].0) {
            j += 1;
        }
        if j > i && !toks[i].2.starts_with(|c: char| c.is_ascii_digit()) {
            out.push((i, j - i + 1));
        }
        i = j + 1;
    }
    out
}

/// Every reading of a typed phrase: each compound as its parts or joined; a phrase that is one
/// compound is one word, the compound joined (so `a-b` is `ab`).
fn reference_readings(phrase: &str) -> Vec<Vec<String>> {
    let toks = crate::text::tokens(phrase);
    let compounds = reference_compounds(phrase, &toks);
    if compounds == [(0, toks.len())] {
        return vec![vec![toks.iter().map(|t| t.2.as_str()).collect()]];
    }
    (0..1u32 << compounds.len())
        .map(|joined| {
            let mut words = Vec::new();
            let mut i = 0;
            while i < toks.len() {
                match compounds.iter().position(|&(first, _)| first == i) {
                    Some(c) if joined & (1 << c) != 0 => {
                        let len = compounds[c].1;
                        words.push(toks[i..i + len].iter().map(|t| t.2.as_str()).collect());
                        i += len;
                    }
                    _ => {
                        words.push(toks[i].2.clone());
                        i += 1;
                    }
                }
            }
            words
        })
        .collect()
}

/// Documents whose body or title holds some reading of `phrase` at consecutive positions.
fn reference_docs(corpus: &crate::Corpus, phrase: &str) -> Vec<u32> {
    let readings = reference_readings(phrase);
    let holds = |text: &str| {
        let slots = reference_slots(text);
        readings.iter().any(|r| {
            (0..slots.len()).any(|x| r.iter().enumerate().all(|(k, w)| slots.get(x + k).is_some_and(|s| s.contains(w))))
        })
    };
    (0..corpus.len() as u32)
        .filter(|&d| {
            let doc = &corpus.docs()[d as usize];
            holds(&doc.body) || holds(&doc.title)
        })
        .collect()
}

/// All the documents `query` matches, without stemming (the reference knows no stems).
fn engine_docs(index: &Index, query: &str) -> Vec<u32> {
    let opts = SearchOptions { limit: usize::MAX / 2, stemming: false, ..SearchOptions::default() };
    let mut docs = super::search_ids(index, query, &opts, None).1;
    docs.sort_unstable();
    docs
}

#[test]
fn phrases_with_function_words_and_compounds_match_a_brute_force_scan() {
    // Two-word phrases with a function word come from common grams, longer ones start from them;
    // compounds are found spelled either way: all must find exactly the documents the reference finds.
    let corpus = seeds();
    let index = Index::build(&corpus);
    for phrase in [
        "of heroin",
        "the border",
        "kilograms of heroin",
        "in the region",
        "the fight against drug",
        "of the",
        "and the",
        "anti-drug",
        "antidrug",
        "anti drug",
        "anti-drug struggle",
        "Russian anti-drug services",
        "anti-narcotics police",
        "Sistan-Baluchestan Province",
        "cross-border",
        "crossborder cooperation",
        "Takht-e-Ravanchi",
        "2012-2014",
        "44-day",
    ] {
        let want = reference_docs(&corpus, phrase);
        assert_eq!(engine_docs(&index, &format!("\"{phrase}\"")), want, "{phrase}");
    }
    // The seeds do use compounds: the check above is not vacuous.
    assert!(!reference_docs(&corpus, "antidrug").is_empty());
}

#[test]
fn arabic_and_persian_letter_variants_find_each_other() {
    // How one document spells a word, and how another (or a query) spells it: each finds both.
    let pairs = [
        ("هروئین", "هروئين"),           // Farsi yeh, Arabic yeh
        ("مصطفى", "مصطفي"),             // alef maksura, yeh
        ("کابل", "كابل"),               // keheh, kaf
        ("مدرسة", "مدرسه"),             // teh marbuta, heh
        ("خانۀ", "خانه"),               // heh with yeh above, heh
        ("أحمد", "احمد"),               // alef with hamza above, alef
        ("إيران", "ايران"),             // alef with hamza below
        ("آمریکا", "امریکا"),           // alef with madda
        ("می\u{200C}خواهم", "میخواهم"), // a zero-width non-joiner inside the word
        ("مـــخدر", "مخدر"),            // tatweel
        ("مُخَدِّر", "مخدر"),               // harakat
    ];
    for (a, b) in pairs {
        let mut corpus = crate::Corpus::new();
        for (i, body) in [a, b, "کلمه دیگر"].iter().enumerate() {
            let json = serde_json::json!({ "id": format!("d{i}"), "title": "t", "body": format!("{body} است") });
            corpus.add_file(&format!("d{i}.json"), json.to_string().as_bytes());
        }
        let index = Index::build(&corpus);
        assert_eq!(engine_docs(&index, a), [0, 1], "{a} finds {b}");
        assert_eq!(engine_docs(&index, b), [0, 1], "{b} finds {a}");
    }
}

/// A small corpus of made-up documents over a few words that do and do not form compounds.
fn compound_corpus(docs: &[Vec<(usize, usize)>]) -> crate::Corpus {
    const WORDS: [&str; 10] = ["wi", "fi", "wifi", "e", "mail", "email", "free", "access", "7", "co"];
    const SEPS: [&str; 6] = [" ", "-", "-", " - ", ", ", "\u{2010}"];
    let mut corpus = crate::Corpus::new();
    for (i, words) in docs.iter().enumerate() {
        let body: String = words.iter().map(|&(w, s)| format!("{}{}", WORDS[w], SEPS[s])).collect();
        let json = serde_json::json!({ "id": format!("d{i}"), "title": "t", "body": body });
        corpus.add_file(&format!("d{i}.json"), json.to_string().as_bytes());
    }
    corpus
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// `a-b` and `ab` find the same documents, those holding either spelling; and any phrase
    /// finds what the reference finds.
    #[test]
    fn compounds_spelled_either_way_match_the_same_documents(
        docs in proptest::collection::vec(proptest::collection::vec((0usize..10, 0usize..6), 1..12), 1..30),
        phrase in proptest::collection::vec((0usize..10, 0usize..3), 1..4),
    ) {
        let corpus = compound_corpus(&docs);
        let index = Index::build(&corpus);
        for (a, b) in [("wi", "fi"), ("e", "mail"), ("free", "access"), ("co", "7")] {
            let joined = engine_docs(&index, &format!("{a}{b}"));
            proptest::prop_assert_eq!(&engine_docs(&index, &format!("{a}-{b}")), &joined, "{}-{}", a, b);
            proptest::prop_assert_eq!(&joined, &reference_docs(&corpus, &format!("{a}{b}")), "{}{}", a, b);
        }
        let words = ["wi", "fi", "wifi", "e", "mail", "email", "free", "access", "7", "co"];
        let text: String = phrase.iter().map(|&(w, s)| format!("{}{}", words[w], [" ", "-", "-"][s])).collect();
        let text = text.trim_end_matches([' ', '-']);
        proptest::prop_assert_eq!(engine_docs(&index, &format!("\"{text}\"")), reference_docs(&corpus, text), "{}", text);
    }
}

#[test]
fn a_page_of_the_ranking_is_the_head_of_the_whole_ranking() {
    // 300 documents with many equal scores and dates, so ties must break the same way on both paths
    // (one pass for small pages, selection for large ones).
    let mut corpus = crate::Corpus::new();
    for i in 0..300 {
        let body = match i % 3 {
            0 => "heroin seized".to_string(),
            1 => "heroin heroin opium".to_string(),
            _ => format!("opium {}", "word ".repeat(i % 7)),
        };
        let json = format!(r#"{{"id": "d{i}", "title": "t", "body": "{body}", "date": "20{:02}-01-01"}}"#, 10 + i % 5);
        corpus.add_file(&format!("d{i}.json"), json.as_bytes());
    }
    let index = Index::build(&corpus);
    for sort in [Sort::Relevance, Sort::DateDesc, Sort::DateAsc] {
        for q in ["heroin", "opium", "heroin OR opium", "", "-heroin"] {
            let whole = super::search_ids(&index, q, &SearchOptions { limit: 300, sort, ..Default::default() }, None).1;
            for (offset, limit) in [(0, 1), (0, 10), (5, 10), (20, 20), (0, 64), (10, 60), (0, 65), (100, 50)] {
                let opts = SearchOptions { limit, offset, sort, ..Default::default() };
                let page = super::search_ids(&index, q, &opts, None).1;
                let want: Vec<u32> = whole.iter().skip(offset).take(limit).copied().collect();
                assert_eq!(page, want, "{q:?} {sort:?} offset {offset} limit {limit}");
            }
        }
    }
}

/// A document's score is a sum of quantized contributions, so it does not depend on the order in
/// which clauses and expansions are added: the same words in any order score every document to the
/// same bits. (A partitioned collection sums the same contributions in another order.)
#[test]
fn scores_do_not_depend_on_the_order_of_the_words() {
    let corpus = seeds();
    let index = Index::build(&corpus);
    let words = [
        "heroin",
        "seized",
        "border",
        "customs",
        "drug",
        "police",
        "kg",
        "iran",
        "azerbaijan",
        "the",
        "of",
        "smuggling",
        "opium",
        "cooperation",
        "russia",
        "unodc",
        "a",
        "tons",
    ];
    let scores = |q: &str| {
        let (parsed, _) = crate::query::parse(q);
        let m = super::Matcher::new(&index, &parsed, &SearchOptions::default(), None);
        let set = m.matches();
        set.docs.iter().copied().zip(set.scores.iter().map(|s| s.to_bits())).collect::<Vec<_>>()
    };
    let mut differing = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            for c in ["the", "title:seized", "(drugs OR opium)", "iran"] {
                let forward = scores(&format!("{a} OR {b} OR {c}"));
                let backward = scores(&format!("{c} OR {b} OR {a}"));
                if forward != backward {
                    differing.push(format!("{a} {b} {c}"));
                }
                let and_f = scores(&format!("{a} {b} {c}"));
                let and_b = scores(&format!("{c} {b} {a}"));
                if and_f != and_b {
                    differing.push(format!("AND {a} {b} {c}"));
                }
            }
        }
    }
    assert!(
        differing.is_empty(),
        "{} queries score differently in another order: {:?}",
        differing.len(),
        &differing[..differing.len().min(5)]
    );
}
