//! The words around names that say what they name: honorifics and roles before people, the last
//! words of organisations' names and the kind each implies, the words of place names. These are
//! grammar of English news, not names: the names themselves come from the lexicons and data files.
//! Every list holds normal forms (`text::for_each_token`): lower case, no diacritics, no apostrophes.

use crate::fxhash::FxBuildHasher;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A list looked up by hash: the lists with many entries are asked about every word.
fn lookup(
    cell: &'static OnceLock<HashSet<&'static str, FxBuildHasher>>,
    list: &'static [&'static str],
    word: &str,
) -> bool {
    cell.get_or_init(|| list.iter().copied().collect()).contains(word)
}

pub(crate) fn is_title(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str, FxBuildHasher>> = OnceLock::new();
    lookup(&SET, TITLES, word)
}

pub(crate) fn is_role(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str, FxBuildHasher>> = OnceLock::new();
    lookup(&SET, ROLES, word)
}

/// Titles: the next capitalised words are a person's name, even a single one ("Mr Blair", "President
/// Bush", "General Goudarzi", "King Juan").
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "rev",
    "reverend",
    "sen",
    "rep",
    "gov",
    "messrs",
    "mme",
    "mlle",
    "herr",
    "sheikh",
    "sheik",
    "ayatollah",
    "imam",
    "rabbi",
    "saint",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "emperor",
    "empress",
    "duke",
    "duchess",
    "countess",
    "baron",
    "baroness",
    "president",
    "premier",
    "chancellor",
    "senator",
    "governor",
    "mayor",
    "minister",
    "secretary",
    "ambassador",
    "commissioner",
    "inspector",
    "detective",
    "sergeant",
    "constable",
    "superintendent",
    "captain",
    "lieutenant",
    "colonel",
    "general",
    "admiral",
    "commander",
    "marshal",
    "brigadier",
    "corporal",
    "coach",
    "chairman",
    "chairwoman",
    "chairperson",
    "treasurer",
    "speaker",
    "pm",
    "mp",
    "mep",
    "president-elect",
    "dpp",
    "qc",
];

/// Roles: before a name of a person's shape ("spokesman Paul Smith", "chief executive Leigh
/// Clifford"), but not enough to make a person of one word.
pub(crate) const ROLES: &[&str] = &[
    "father",
    "sister",
    "brother",
    "count",
    "major",
    "private",
    "deputy",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "executive",
    "officer",
    "manager",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "batsman",
    "bowler",
    "skipper",
    "leader",
    "mps",
    "vice",
    "acting",
    "former",
    "attorney",
    "solicitor",
    "barrister",
    "adviser",
    "advisor",
    "analyst",
    "economist",
    "trader",
    "dealer",
    "analysts",
    "economists",
    "traders",
    "dealers",
    "playwright",
    "author",
    "novelist",
    "singer",
    "actor",
    "actress",
    "star",
    "champion",
    "chef",
    "veteran",
    "rookie",
    "opener",
    "jockey",
    "trainer",
    "owner",
    "founder",
    "presenter",
    "correspondent",
    "editor",
    "reporter",
    "columnist",
    "producer",
    "designer",
    "vp",
    "ceo",
    "cfo",
    "coo",
    "chair",
    "administrator",
    "undersecretary",
    "under-secretary",
    "envoy",
    "negotiator",
    "official",
    "officials",
    "lawyer",
    "spokesmen",
    "candidate",
    "challenger",
    "rival",
    "premier-elect",
    "counterpart",
    "colleague",
];

/// Honorifics that stand for a person by themselves before a surname alone ("Mr Blair").
pub(crate) const SURNAME_HONORIFICS: &[&str] =
    &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "messrs", "herr"];

/// Verbs of saying after a name ("Howard said", "said Paul King").
pub(crate) const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stressed",
    "noted",
    "tweeted",
    "emphasized",
    "emphasised",
    "announced",
    "stated",
    "praised",
    "highlighted",
    "underlined",
    "thanked",
    "explained",
    "warned",
    "wrote",
    "confirmed",
    "declared",
    "urged",
    "insisted",
    "argued",
    "admitted",
    "claimed",
    "denied",
    "asked",
    "replied",
    "conceded",
    "predicted",
    "revealed",
    "acknowledged",
    "commented",
    "suggested",
    "believes",
    "believed",
    "hopes",
    "hoped",
    "wants",
    "wanted",
    "agreed",
    "responded",
    "recalled",
    "promised",
    "vowed",
    "pledged",
    "maintained",
];

/// The last word of an organisation's name, and the kind of organisation it makes.
pub(crate) fn org_suffix(norm: &str) -> Option<&'static str> {
    let kind = match norm {
        "inc" | "incorporated" | "corp" | "corporation" | "co" | "company" | "ltd" | "limited" | "plc" | "llc"
        | "llp" | "lp" | "group" | "holdings" | "holding" | "ag" | "sa" | "nv" | "bv" | "gmbh" | "spa" | "srl"
        | "ab" | "asa" | "oyj" | "bhd" | "pty" | "pte" | "kk" | "industries" | "enterprises" | "technologies"
        | "technology" | "systems" | "communications" | "telecom" | "telecommunications" | "airlines" | "airways"
        | "air" | "motors" | "motor" | "automotive" | "petroleum" | "oil" | "energy" | "resources" | "mining"
        | "minerals" | "metals" | "steel" | "chemicals" | "chemical" | "pharmaceuticals" | "pharmaceutical"
        | "pharma" | "foods" | "brewing" | "breweries" | "stores" | "retail" | "electric" | "electronics"
        | "railways" | "railway" | "railroad" | "lines" | "shipping" | "logistics" | "partners" | "capital"
        | "securities" | "investments" | "investment" | "insurance" | "assurance" | "trust" | "ventures" | "labs"
        | "laboratories" | "software" | "microsystems" | "semiconductor" | "entertainment" | "studios" | "pictures"
        | "records" | "bancorp" | "bancshares" | "realty" | "properties" | "manufacturing" | "products" | "brands"
        | "services" | "solutions" | "construction" | "engineering" | "aerospace" | "defence" | "defense"
        | "textiles" | "paper" | "cement" | "gaming" | "esports" | "gas" | "power" | "utilities" | "water"
        | "exploration" | "refining" | "cos" => "company",
        "bank" | "exchange" | "reserve" | "fund" | "bourse" | "boerse" | "borse" => "finance",
        "party" | "labor" | "labour" | "democrats" | "republicans" | "conservatives" | "liberals" | "greens" => "party",
        "times" | "post" | "journal" | "news" | "herald" | "gazette" | "telegraph" | "guardian" | "tribune"
        | "press" | "television" | "tv" | "radio" | "broadcasting" | "network" | "networks" | "magazine" | "daily"
        | "weekly" | "chronicle" | "observer" | "mail" | "sun" | "standard" | "examiner" | "courier" | "advertiser"
        | "inquirer" | "bulletin" | "wire" | "newswire" | "media" => "media",
        "ministry" | "department" | "dept" | "commission" | "council" | "committee" | "office" | "bureau"
        | "authority" | "agency" | "service" | "board" | "police" | "army" | "navy" | "force" | "forces" | "guard"
        | "guards" | "corps" | "command" | "court" | "tribunal" | "parliament" | "assembly" | "senate" | "congress"
        | "cabinet" | "directorate" | "inspectorate" | "secretariat" | "commissariat" | "customs" | "intelligence"
        | "headquarters" => "government",
        "university" | "college" | "school" | "institute" | "institution" | "academy" | "polytechnic" => "education",
        "fc" | "afc" | "club" | "united" | "rovers" | "wanderers" | "athletic" | "sharks" | "lions" | "tigers"
        | "eagles" | "bulldogs" | "kangaroos" | "wallabies" | "socceroos" | "all-blacks" | "dragons" | "storm"
        | "knights" | "raiders" | "roosters" | "broncos" | "cowboys" | "panthers" | "bears" | "hawks" | "magpies"
        | "swans" | "dockers" | "crows" | "demons" | "saints" | "giants" | "bombers" | "blues" | "cats" | "suns"
        | "warriors" | "rebels" | "reds" | "brumbies" | "waratahs" | "team" => "sport",
        "association" | "federation" | "union" | "organisation" | "organization" | "league" | "alliance"
        | "coalition" | "movement" | "front" | "society" | "foundation" | "chamber" | "confederation" | "hospital"
        | "church" | "museum" | "orchestra" | "band" | "brigade" | "brigades" | "programme" | "program"
        | "initiative" | "opec" | "cartel" | "consortium" | "syndicate" | "charity" | "community" | "international" => {
            "organisation"
        }
        _ => return None,
    };
    Some(kind)
}

/// Legal designators of companies: left out of the name an organisation is listed under, so "General
/// Motors Corp" and "General Motors" are one ("Apple Inc" is "Apple").
pub(crate) fn legal_designator(norm: &str) -> bool {
    matches!(
        norm,
        "inc"
            | "incorporated"
            | "corp"
            | "corporation"
            | "co"
            | "cos"
            | "ltd"
            | "limited"
            | "plc"
            | "llc"
            | "llp"
            | "lp"
            | "ag"
            | "sa"
            | "nv"
            | "bv"
            | "gmbh"
            | "spa"
            | "srl"
            | "ab"
            | "asa"
            | "oyj"
            | "bhd"
            | "pty"
            | "pte"
            | "kk"
    )
}

/// Parties named by one word with a capital ("Labor says").
pub(crate) const PARTY_WORDS: &[&str] = &["labor", "labour"];

/// Words after a party word that make it something else: a portfolio, a department, a holiday.
pub(crate) const PARTY_WORD_NOT_BEFORE: &[&str] = &[
    "minister",
    "ministers",
    "ministry",
    "secretary",
    "department",
    "dept",
    "day",
    "relations",
    "market",
    "markets",
    "force",
    "costs",
    "cost",
    "law",
    "laws",
    "statistics",
    "court",
    "office",
    "commission",
    "board",
    "council",
    "party",
];

/// Bodies named by one word with a capital ("Congress", "the Senate", "the Pentagon"): the state's
/// institutions, which news names without saying whose.
pub(crate) const INSTITUTIONS: &[&str] = &[
    "congress",
    "house",
    "senate",
    "parliament",
    "cabinet",
    "treasury",
    "pentagon",
    "kremlin",
    "politburo",
    "knesset",
    "duma",
    "bundestag",
    "bundesrat",
    "bundesbank",
    "interpol",
    "europol",
    "commonwealth",
    "reichstag",
    "majlis",
    "storting",
    "riksdag",
    "folketing",
    "sejm",
    "rada",
    "dail",
    "seanad",
    "lok sabha",
    "rajya sabha",
    "white house",
    "downing street",
    "elysee",
    "quai d orsay",
    "vatican",
    "holy see",
];

/// Institutions named by their building, which the text may speak of as the building ("at the
/// Pentagon").
pub(crate) const INSTITUTION_BUILDINGS: &[&str] =
    &["pentagon", "white house", "kremlin", "elysee", "downing street", "reichstag", "quai d orsay"];

/// The first word of an organisation named "<head> of <…>" ("Bank of England", "Ministry of Defence").
pub(crate) fn org_head(norm: &str) -> Option<&'static str> {
    let kind = match norm {
        "bank" | "exchange" => "finance",
        "ministry" | "department" | "office" | "bureau" | "board" | "council" | "house" | "court" | "commission"
        | "committee" | "parliament" | "chamber" | "secretariat" | "directorate" => "government",
        "university" | "college" | "school" | "institute" | "academy" => "education",
        "church" | "federation" | "organisation" | "organization" | "association" | "union" | "league" | "society"
        | "museum" | "order" | "friends" | "confederation" | "coalition" | "movement" | "army" | "group" => {
            "organisation"
        }
        _ => return None,
    };
    Some(kind)
}

/// Last words of place names ("Murray River", "Gaza Strip") and first words ("Mount Kosciuszko").
pub(crate) fn place_suffix(norm: &str) -> bool {
    matches!(
        norm,
        "river"
            | "island"
            | "islands"
            | "isles"
            | "province"
            | "county"
            | "district"
            | "region"
            | "territory"
            | "valley"
            | "bay"
            | "sea"
            | "ocean"
            | "lake"
            | "mountains"
            | "mountain"
            | "range"
            | "peninsula"
            | "strait"
            | "straits"
            | "gulf"
            | "desert"
            | "coast"
            | "plateau"
            | "basin"
            | "strip"
            | "heights"
            | "highlands"
            | "canal"
            | "harbour"
            | "harbor"
            | "reef"
            | "creek"
            | "falls"
            | "peak"
            | "hills"
            | "forest"
            | "oblast"
            | "governorate"
            | "prefecture"
            | "canton"
            | "park"
            | "oasis"
            | "atoll"
            | "glacier"
    )
}

/// Last words of names that are neither people nor organisations nor places: laws, treaties,
/// prizes, competitions ("Williams Act", "Paris Climate Accord", "Davis Cup").
pub(crate) fn other_name_suffix(norm: &str) -> bool {
    matches!(
        norm,
        "act"
            | "acts"
            | "accord"
            | "accords"
            | "treaty"
            | "convention"
            | "agreement"
            | "pact"
            | "bill"
            | "award"
            | "awards"
            | "prize"
            | "medal"
            | "cup"
            | "trophy"
            | "games"
            | "olympics"
            | "championship"
            | "championships"
            | "series"
            | "open"
            | "festival"
            | "war"
            | "day"
            | "week"
            | "index"
            | "report"
            | "plan"
            | "doctrine"
            | "amendment"
            | "declaration"
            | "initiative"
            | "summit"
            | "talks"
            | "round"
    )
}

/// Compass words before a place ("West Germany", "Eastern Europe", "South Australia").
pub(crate) const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "greater",
    "inner",
    "outer",
];

pub(crate) const PLACE_OPENERS: &[&str] =
    &["mount", "mt", "lake", "gulf", "cape", "port", "fort", "isle", "sea", "strait", "bay", "river", "lakes"];

/// Capitalised abbreviations that are not organisations.
pub(crate) const NOT_ORG_ACRONYMS: &[&str] = &[
    "ceo", "cfo", "coo", "cto", "gdp", "gnp", "cpi", "ppi", "tv", "am", "pm", "bc", "ad", "ok", "vat", "gst", "fm",
    "ipo", "gmt", "bst", "est", "edt", "pst", "utc", "aest", "aedt", "pc", "sms", "dna", "hiv", "aids", "sars", "mp",
    "mps", "mep", "qc", "dpp", "i", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "id", "pin", "atm", "usd",
    "aud", "eur", "gbp", "jpy", "dlrs", "dlr", "pct", "mln", "bln", "cts", "vs", "jr", "sr", "mt", "km", "kg", "mph",
    "kph", "oz", "lb", "lbs", "ft", "it", "us", "uk", "usa", "q1", "q2", "q3", "q4", "fy", "yoy", "eps", "ebit",
    "ebitda", "roi", "pe", "nb", "ps", "rsvp", "faq", "diy", "asap", "etc", "ie", "eg", "tba", "tbc", "vip", "cv",
    "iq", "ufo", "gp", "md", "phd", "mba", "ba", "bsc", "msc", "rn", "wmd", "lng", "lpg", "mw", "gw", "kw", "kwh",
    "co2", "ghz", "mhz", "gb", "mb", "kb", "tb", "cd", "dvd", "pdf", "url", "www", "html", "http", "https", "api",
    "ai", "ar", "vr", "3d", "hd", "lcd", "led", "gps", "sim", "suv", "rpm", "a", "b", "c", "d", "e", "f", "g", "h",
    "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "hq", "rip", "lol", "omg",
    "vc", "oam", "ao", "ac", "cbe", "obe", "mbe", "kbe", "bce", "ce", "mr", "mrs", "ms", "dr",
];

/// Lower-case words that may join the capitalised words of one name with spaces around them ("Bank
/// of England", "Vilayat Suleyman oglu Eyvazov", "Osama bin Laden").
pub(crate) const CONNECTORS: &[&str] = &[
    "of", "de", "du", "da", "das", "dos", "del", "della", "di", "der", "den", "van", "von", "la", "le", "al", "el",
    "bin", "ibn", "bint", "abu", "oglu", "ogly", "ul", "y", "for", "and",
];

/// Lower-case words that join a name only between hyphens ("Takht-e-Ravanchi", "Rostov-on-Don").
pub(crate) const HYPHEN_CONNECTORS: &[&str] =
    &["e", "on", "upon", "sur", "am", "an", "en", "i", "a", "al", "el", "ud", "ul"];

/// Connectors of people's names in many languages: a name with one is a person's, unless its words say
/// otherwise ("Osama bin Laden", "Ayman al-Zawahiri", "Ludwig van Beethoven").
pub(crate) const PERSON_CONNECTORS: &[&str] =
    &["bin", "ibn", "bint", "abu", "oglu", "ogly", "van", "von", "al", "el", "ul", "ud"];

/// Words that never begin or end a name even when capitalised mid-sentence (headline case aside).
pub(crate) const NEVER_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "or",
    "but",
    "for",
    "with",
    "from",
    "by",
    "to",
    "as",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "it",
    "i",
    "you",
    "our",
    "my",
    "your",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "because",
    "although",
    "though",
    "however",
    "meanwhile",
    "also",
    "then",
    "there",
    "here",
    "what",
    "who",
    "which",
    "where",
    "why",
    "how",
    "all",
    "some",
    "any",
    "no",
    "not",
    "yes",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "first",
    "last",
    "next",
    "new",
    "so",
    "yet",
    "nor",
    "just",
    "only",
    "even",
    "still",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "said",
    "says",
    "according",
    "under",
    "over",
    "about",
    "into",
    "during",
    "per",
    "via",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "am",
    "pm",
];

/// Words after a name that make it an organisation's ("Qantas spokesman", "Telstra shares", "BHP's
/// chief executive").
pub(crate) const ORG_CONTEXT_AFTER: &[&str] = &[
    "newspaper",
    "newspapers",
    "magazine",
    "broadcaster",
    "network",
    "tabloid",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "shares",
    "stock",
    "stake",
    "subsidiary",
    "unit",
    "units",
    "shareholders",
    "shareholder",
    "employees",
    "workers",
    "staff",
    "management",
    "headquarters",
    "plant",
    "factory",
    "stores",
    "branch",
    "branches",
    "subsidiaries",
    "directors",
    "board",
    "executives",
    "bosses",
    "boss",
    "takeover",
    "bid",
    "offer",
    "merger",
    "share",
    "ceo",
    "chief",
    "members",
    "member",
    "leadership",
    "officials",
    "fighters",
    "militants",
    "guerrillas",
    "supporters",
    "activists",
    "spokesmen",
    "press",
    "statement",
    "website",
];

/// Who leads, speaks for or belongs to an organisation, before "of (the)" and its name ("head of the
/// Islamic Jihad", "co-owner of UC Global").
pub(crate) const ORG_MEMBERS: &[&str] = &[
    "head",
    "heads",
    "leader",
    "leaders",
    "leadership",
    "chief",
    "chairman",
    "chairwoman",
    "founder",
    "co-founder",
    "founders",
    "owner",
    "co-owner",
    "owners",
    "member",
    "members",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "boss",
    "bosses",
    "commander",
    "commanders",
    "militants",
    "fighters",
    "shareholders",
    "employees",
    "executives",
    "directors",
    "subsidiary",
    "wing",
];

/// Kinds of organisations in the plural, before a list of names ("companies such as …").
pub(crate) const ORG_PLURALS: &[&str] = &[
    "companies",
    "firms",
    "groups",
    "banks",
    "parties",
    "agencies",
    "newspapers",
    "airlines",
    "carriers",
    "clubs",
    "teams",
    "bands",
    "organisations",
    "organizations",
    "charities",
    "insurers",
    "retailers",
    "makers",
    "manufacturers",
    "producers",
    "brands",
    "startups",
    "outlets",
    "broadcasters",
    "networks",
    "unions",
    "militias",
    "factions",
    "miners",
    "lenders",
    "brokers",
    "publishers",
    "contractors",
    "suppliers",
    "giants",
    "rivals",
    "competitors",
];

/// What a name is said to be in an appositive ("Santos, the oil and gas producer, …", "Blackwater, a
/// security firm"): an organisation.
pub(crate) const ORG_NOUNS: &[&str] = &[
    "board",
    "body",
    "company",
    "companies",
    "group",
    "airline",
    "carrier",
    "bank",
    "firm",
    "broker",
    "brokerage",
    "retailer",
    "union",
    "club",
    "team",
    "network",
    "newspaper",
    "broadcaster",
    "party",
    "agency",
    "maker",
    "producer",
    "manufacturer",
    "insurer",
    "operator",
    "developer",
    "giant",
    "conglomerate",
    "miner",
    "refiner",
    "corporation",
    "organisation",
    "organization",
    "movement",
    "faction",
    "militia",
    "charity",
    "publisher",
    "daily",
    "weekly",
    "magazine",
    "channel",
    "station",
    "studio",
    "label",
    "outfit",
    "contractor",
    "supplier",
    "exporter",
    "importer",
    "shipper",
    "railroad",
    "railway",
    "utility",
    "lender",
    "fund",
    "trust",
    "exchange",
    "regulator",
    "watchdog",
    "authority",
    "institute",
    "university",
    "school",
    "hospital",
    "association",
    "federation",
];
