//! Query parser tests: a query in, the tree printed compactly with its diagnostics out.

use super::parse;
use expect_test::{expect, Expect};

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
        *ALL*
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
    check("!!! *", expect!["*ALL*"]);
    check(
        "a*",
        expect![[r#"
        a
        warning: query: prefix "a"* is too short (2 letters at least); searched as a word"#]],
    );
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let (q, diags) = parse(&deep);
    assert_eq!(q.to_string(), "x");
    assert!(!diags.is_empty());
}

proptest::proptest! {
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
