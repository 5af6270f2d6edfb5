//! Query parser tests: a query in, the tree printed compactly with its diagnostics out.

use super::parse;
use expect_test::{expect, Expect};
use proptest::strategy::Strategy;

fn check(input: &str, expected: Expect) {
    let (q, diags) = parse(input);
    let mut s = q.to_string();
    for d in diags {
        s.push_str(&format!("\n{d}"));
    }
    expected.assert_eq(&s);
}

#[test]
fn terms_phrases_operators() {
    check("", expect!["*ALL*"]);
    check("heroin Astara", expect!["(+heroin +astara)"]);
    check("heroin OR opium", expect!["(heroin | opium)"]);
    check("a OR b c", expect!["(a | (+b +c))"]);
    check("(a OR b) c", expect!["(+(a | b) +c)"]);
    check("heroin -opium NOT morphine", expect!["(+heroin +-opium +-morphine)"]);
    check("\"joint operations\" AND Iran", expect![[r#"(+"joint operations" +iran)"#]]);
    check("Takht-e-Ravanchi", expect!["takhteravanchi"]);
    check(
        "meth* Zürich~ Suleyman~3",
        expect![[r#"
        (+meth* +zurich~1 +suleyman~2)
        warning: query: fuzzy distance 3 is more than 2; using 2"#]],
    );
    check("Kakavand NEAR/3 Eyvazov", expect!["NEAR/3(kakavand, eyvazov)"]);
    check("heroin NEAR \"border guard\"", expect![[r#"NEAR/5(heroin, "border guard")"#]]);
}

#[test]
fn hyphenated_compounds_are_one_word() {
    check("wi-fi E-mail", expect!["(+wifi +email)"]);
    check("co-op* e-mal~1 title:anti-drug", expect!["(+coop* +emal~1 +title:antidrug)"]);
    // In a phrase, every reading of the compounds: parts (as the hyphenated text is indexed) or joined.
    check("\"free wi-fi access\"", expect![[r#"("free wi fi access" | "free wifi access")"#]]);
    check("\"wi-fi e-mail\"", expect![[r#"("wi fi e mail" | "wifi e mail" | "wi fi email" | "wifi email")"#]]);
    check("\"wi-fi\" NEAR/2 \"e-mail x\"", expect![[r#"NEAR/2(wifi, ("e mail x" | "email x"))"#]]);
    // Numbers first and dashes are no compounds.
    check("2012-2014 Sistan–Baluchestan", expect![[r#"(+"2012 2014" +"sistan baluchestan")"#]]);
}

#[test]
fn fields_and_filters() {
    check("title:heroin", expect!["title:heroin"]);
    check(
        "title:\"joint actions\" source:\"Caspian News\"",
        expect![[r#"(+title:"joint actions" +source="caspian news")"#]],
    );
    check("date:2019..2021 year:2018", expect!["(+date:[2019..2021] +date:[2018..2018])"]);
    check(
        "date:>2019 date:<2019-06 date:..2020-01",
        expect!["(+date:[2020-01-01..] +date:[..2019-05-31] +date:[..2020-01])"],
    );
    check("kg:>500 drug:heroin person:Zahedian", expect![[r#"(+kg:[500..] +drug="heroin" +person="zahedian")"#]]);
    check("-source:Itar-Tass", expect![[r#"-source="itar tass""#]]);
    check("when:2018..2019 event:seizure", expect![[r#"(+when:[2018..2019] +event="seizure")"#]]);
}

#[test]
fn lenient_on_half_typed_and_hostile_input() {
    check(
        "title:\"heroin",
        expect![[r#"
        title:heroin
        warning: query: unclosed quote; the phrase runs to the end"#]],
    );
    check(
        "(heroin OR",
        expect![[r#"
        heroin
        warning: query: OR needs something on its right; ignored
        warning: query: '(' is never closed; closed at the end"#]],
    );
    check(
        "heroin)) opium",
        expect![[r#"
        (+heroin +opium)
        warning: query: unmatched ')' ignored
        warning: query: unmatched ')' ignored"#]],
    );
    check(
        "OR AND NOT",
        expect![[r#"
            *NOTHING*
            warning: query: OR needs something on its left; ignored
            warning: query: AND needs something on its left; ignored
            warning: query: NOT needs something after it; ignored"#]],
    );
    check(
        "date:yesterday foo:bar",
        expect![[r#"
        "foo bar"
        warning: query: date:yesterday is not a date or range (try date:2019, date:2019..2021, date:>2020-06); ignored
        warning: query: unknown field "foo"; searched as text (fields: title, body, source, date, year, when, person, org, place, country, drug, kg, event)"#]],
    );
    check("https://example.com/x", expect![[r#""https example com x""#]]);
    check(
        "!!! *",
        expect![[r#"
        *NOTHING*
        warning: query: "!!!" has no letters or digits to search for; ignored
        warning: query: * needs a word before the * (as in meth*); ignored"#]],
    );
    check(
        "a*",
        expect![[r#"
        a
        warning: query: prefix "a"* is too short (2 letters at least); searched as a word"#]],
    );
    check("   ", expect!["*ALL*"]);
    check(
        "() heroin",
        expect![[r#"
        heroin
        warning: query: '()' has nothing in it; ignored"#]],
    );
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let (q, diags) = parse(&deep);
    assert_eq!(q.to_string(), "x");
    assert!(!diags.is_empty());
}

#[test]
fn malformed_parts_are_reported_and_never_match_everything() {
    check(
        "film NEAR/x award",
        expect![[r#"
        NEAR/5(film, award)
        warning: query: NEAR/x: the distance is not a number (as in NEAR/3); using NEAR/5"#]],
    );
    check(
        "film NEAR/5000 award",
        expect![[r#"
        NEAR/1000(film, award)
        warning: query: NEAR/5000: distance is more than 1000; using 1000"#]],
    );
    check(
        "heroin title: body:",
        expect![[r#"
        heroin
        warning: query: title: needs a word after it (as in title:heroin); ignored
        warning: query: body: needs a word after it (as in body:heroin); ignored"#]],
    );
    check(
        "*",
        expect![[r#"
        *NOTHING*
        warning: query: * needs a word before the * (as in meth*); ignored"#]],
    );
    check(
        "~ ~2",
        expect![[r#"
        *NOTHING*
        warning: query: ~ needs a word before the ~ (as in Zahedan~); ignored
        warning: query: ~2 needs a word before the ~ (as in Zahedan~); ignored"#]],
    );
    check(
        "- +",
        expect![[r#"
        *NOTHING*
        warning: query: - needs a word right after it (as in -opium); ignored
        warning: query: + needs a word right after it (as in +opium); ignored"#]],
    );
    check(
        "🚢 \"…\" -🚢 title:\"!\"",
        expect![[r#"
        *NOTHING*
        warning: query: "🚢" has no letters or digits to search for; ignored
        warning: query: "…" has no letters or digits to search for; ignored
        warning: query: "🚢" has no letters or digits to search for; ignored
        warning: query: title:"!" has no letters or digits to search for; ignored"#]],
    );
    check(
        "heroin~x person:🚢",
        expect![[r#"
        heroin~1
        warning: query: heroin~x: the fuzzy distance is not 1 or 2; using 1
        warning: query: person:🚢 has no letters or digits to search for; ignored"#]],
    );
    check(
        "date:2099..1900 when:2020-06..2019 kg:1000..100",
        expect![[r#"
        (+date:[1900..2099] +when:[2019..2020-06] +kg:[100..1000])
        warning: query: date:2099..1900 runs backwards; read as date:1900..2099
        warning: query: when:2020-06..2019 runs backwards; read as when:2019..2020-06
        warning: query: kg:1000..100 runs backwards; read as kg:100..1000"#]],
    );
}

/// Parts that cannot be searched, each with a word of its text that must appear in its diagnostic.
const MALFORMED: [(&str, &str); 10] = [
    ("title:", "title:"),
    ("*", "*"),
    ("~", "~"),
    ("-", "-"),
    ("🚢", "🚢"),
    ("!!!", "!!!"),
    ("date:yesterday", "date:yesterday"),
    ("kg:lots", "kg:lots"),
    ("\"..\"", ".."),
    ("source:…", "source:…"),
];

proptest::proptest! {
    /// Whatever is typed, only a blank query lists everything, and one that matches nothing says why.
    #[test]
    fn only_the_blank_query_matches_everything(s in "\\PC*|[a-z \"()*~:+/\\-.0-9🚢]{0,30}") {
        let (q, diags) = parse(&s);
        proptest::prop_assert_eq!(q == super::Query::All, s.trim().is_empty(), "{}", q);
        if q == super::Query::Nothing {
            proptest::prop_assert!(!diags.is_empty(), "{:?} matches nothing without a word why", s);
        }
    }

    /// Malformed parts among words: each is named by a diagnostic, the words are all still searched,
    /// and without words the query matches nothing.
    #[test]
    fn malformed_parts_are_each_reported(
        parts in proptest::collection::vec(proptest::prop_oneof![
            (0..MALFORMED.len()).prop_map(|i| (MALFORMED[i].0.to_string(), Some(MALFORMED[i].1))),
            "[a-z]{3,8}".prop_map(|w| (w, None)),
        ], 1..6),
    ) {
        use proptest::{prop_assert, prop_assert_eq};
        let text: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
        let (q, diags) = parse(&text.join(" "));
        let shown = q.to_string();
        let mut reported = diags.iter().map(|d| d.message.as_str());
        for (t, named) in &parts {
            match named {
                // In order, one diagnostic per malformed part.
                Some(name) => prop_assert!(reported.any(|m| m.contains(name)), "{:?} not reported: {:?}", t, diags),
                None => prop_assert!(shown.contains(t.as_str()), "{} lost from {}", t, shown),
            }
        }
        if parts.iter().all(|(_, named)| named.is_some()) {
            prop_assert_eq!(q, super::Query::Nothing);
        }
    }

    #[test]
    fn never_panics(s in "\\PC*") {
        let _ = parse(&s);
    }

    #[test]
    fn a_hyphenated_compound_is_its_parts_joined(a in "[a-zA-Z][a-z0-9]{0,5}", b in "[a-z0-9]{1,6}") {
        proptest::prop_assert_eq!(parse(&format!("{a}-{b}")), parse(&format!("{a}{b}")));
    }

    #[test]
    fn never_panics_on_query_alphabet(s in "[a-z \"()*~:/\\-.0-9]{0,40}|(OR|AND|NOT|NEAR/2| |x|\"|\\(|\\)|title:|date:)*") {
        let _ = parse(&s);
    }
}
