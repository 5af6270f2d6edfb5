//! Editing a query as text, one clause at a time: what a facet, the timeline, a range form, the map
//! or the network writes into the query box (`person:"Viktor Ivanov"`, `kg:100..1000`,
//! `date:2019..2021`). A clause is a whitespace-separated part of the query, quoted parts kept
//! whole; the rest of the query is kept as typed, clause by clause. Every clause written here reads
//! back through [`parse`](super::parse) as the filter it names (see the tests).

/// `value` as a filter value: as it is when it is one word of letters and digits, else in quotes.
/// Quote characters inside it (straight or curly, which the parser also reads as quotes) are left
/// out, so the value can never end its quotes early.
pub fn quote(value: &str) -> String {
    if value.chars().all(|c| c.is_alphanumeric()) {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace(['"', '“', '”'], ""))
    }
}

/// The clause that filters `field` by `value`: `person:"Viktor Ivanov"`, `source:Reuters`.
pub fn field_clause(field: &str, value: &str) -> String {
    format!("{field}:{}", quote(value))
}

/// Adds `clause` to `query`, or removes it if it is there already.
pub fn toggle_clause(query: &str, clause: &str) -> String {
    if has_clause(query, clause) {
        let rest: Vec<&str> = split_clauses(query).into_iter().filter(|c| *c != clause).collect();
        rest.join(" ")
    } else if query.trim().is_empty() {
        clause.to_string()
    } else {
        format!("{} {clause}", query.trim())
    }
}

/// Removes `clauses` from `query` if all of them are there; otherwise adds those that are missing
/// (a pair of entities in the network filters by both, and a second click takes both out).
pub fn toggle_clauses(query: &str, clauses: &[String]) -> String {
    let all_in = clauses.iter().all(|c| has_clause(query, c));
    let mut q = query.to_string();
    for c in clauses {
        if all_in || !has_clause(&q, c) {
            q = toggle_clause(&q, c);
        }
    }
    q
}

/// Replaces every clause of `query` on the field `prefix` (`kg:`, `when:`, `date:` which includes
/// `year:`) with `clause`, or removes them.
pub fn set_field_clause(query: &str, prefix: &str, clause: Option<&str>) -> String {
    let same = |c: &str| c.starts_with(prefix) || (prefix == "date:" && c.starts_with("year:"));
    let mut rest: Vec<&str> = split_clauses(query).into_iter().filter(|c| !same(c)).collect();
    rest.extend(clause);
    rest.join(" ")
}

/// The value of the first clause of `query` on the field `prefix` (`kg:` → `100..1000`).
pub fn clause_value(query: &str, prefix: &str) -> Option<String> {
    split_clauses(query).into_iter().find_map(|c| c.strip_prefix(prefix)).map(|v| v.trim_matches('"').to_string())
}

/// Whether `clause` is one of the clauses of `query`, as written.
pub fn has_clause(query: &str, clause: &str) -> bool {
    split_clauses(query).contains(&clause)
}

/// Whitespace-separated clauses, keeping quoted parts together.
pub fn split_clauses(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_quote = false;
    for (i, c) in query.char_indices() {
        match c {
            '"' => {
                in_quote = !in_quote;
                start.get_or_insert(i);
            }
            c if c.is_whitespace() && !in_quote => {
                if let Some(s) = start.take() {
                    out.push(&query[s..i]);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push(&query[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{parse, EntityField, Filter, Query};
    use crate::text::normalize_label;
    use proptest::{prop_assert, prop_assert_eq, proptest};

    #[test]
    fn clauses_toggle_and_replace() {
        assert_eq!(toggle_clause("", "year:2019"), "year:2019");
        assert_eq!(toggle_clause("heroin", "source:\"Caspian News\""), "heroin source:\"Caspian News\"");
        assert_eq!(toggle_clause("heroin source:\"Caspian News\" x", "source:\"Caspian News\""), "heroin x");
        assert_eq!(quote("Viktor Ivanov"), "\"Viktor Ivanov\"");
        assert_eq!(quote("Iran"), "Iran");
        assert_eq!(field_clause("person", "Viktor Ivanov"), "person:\"Viktor Ivanov\"");
        assert_eq!(
            set_field_clause("heroin year:2019 x", "date:", Some("date:2012..2019")),
            "heroin x date:2012..2019"
        );
        assert_eq!(set_field_clause("date:2012..2019", "date:", None), "");
        assert_eq!(set_field_clause("heroin kg:>5", "kg:", Some("kg:10..100")), "heroin kg:10..100");
        assert_eq!(set_field_clause("when:2018 x", "when:", None), "x");
        assert_eq!(clause_value("heroin kg:10..100", "kg:").as_deref(), Some("10..100"));
        assert_eq!(clause_value("heroin", "kg:"), None);
        assert_eq!(split_clauses("  a  title:\"b c\"\td "), ["a", "title:\"b c\"", "d"]);
    }

    #[test]
    fn a_pair_is_added_whole_and_removed_whole() {
        let pair = ["person:Ivanov".to_string(), "place:Astara".to_string()];
        assert_eq!(toggle_clauses("heroin", &pair), "heroin person:Ivanov place:Astara");
        assert_eq!(toggle_clauses("heroin place:Astara", &pair), "heroin place:Astara person:Ivanov");
        assert_eq!(toggle_clauses("place:Astara heroin person:Ivanov", &pair), "heroin");
    }

    #[test]
    fn curly_quotes_in_a_value_cannot_end_its_quotes() {
        // The parser reads “ and ” as quotes too: kept, they ended the value early and the rest of it
        // was searched as words.
        let clause = field_clause("source", "The “Daily” News");
        assert_eq!(clause, "source:\"The Daily News\"");
        let (q, diags) = parse(&clause);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(q, Query::Filter(Filter::Source("the daily news".into())));
    }

    /// The filters of the parsed query: its top-level clauses, in order.
    fn filters(query: &str) -> Vec<Query> {
        match parse(query).0 {
            Query::And(qs) => qs,
            Query::All => Vec::new(),
            q => vec![q],
        }
    }

    proptest! {
        /// An entity or source value of any characters (quotes, spaces, colons, parentheses, operators,
        /// other scripts), added to a query of words, reads back as exactly that filter after the words;
        /// removed again, the query is its words.
        #[test]
        fn a_toggled_clause_parses_to_its_filter(
            words in proptest::collection::vec("[a-z]{1,8}", 0..4),
            value in "[a-zA-Zé中 \"“”:()\\-*~./0-9]{0,12}|(OR|AND|NOT|NEAR/2|Zürich|Ελλάδα|東京)",
            field in proptest::sample::select(vec!["person", "org", "place", "country", "drug", "source"]),
        ) {
            let label = normalize_label(&value.replace(['"', '“', '”'], ""));
            proptest::prop_assume!(!label.is_empty());
            let base = words.join(" ");
            let clause = field_clause(field, &value);
            let query = toggle_clause(&base, &clause);
            prop_assert!(has_clause(&query, &clause), "{query}");
            let (_, diags) = parse(&query);
            prop_assert!(diags.is_empty(), "{query}: {diags:?}");
            let mut want = filters(&base);
            want.push(Query::Filter(match field {
                "source" => Filter::Source(label),
                f => Filter::Field {
                    field: EntityField::ALL.into_iter().find(|e| e.name() == f).unwrap(),
                    value: label,
                    range: None,
                },
            }));
            prop_assert_eq!(filters(&query), want);
            prop_assert_eq!(toggle_clause(&query, &clause), base);
        }

        /// A field's clause, set into a query that had one or none, is the query's only clause on that
        /// field, and reads back as the range it says; setting none removes it.
        #[test]
        fn a_set_field_clause_replaces_the_field(
            words in proptest::collection::vec("[a-z]{1,8}", 0..3),
            old in proptest::option::of((1990u32..2030, 0u32..5)),
            new in proptest::option::of((1990u32..2030, 0u32..5)),
            year in proptest::bool::ANY,
        ) {
            let range = |(a, n): (u32, u32)| if n == 0 && year { format!("year:{a}") } else { format!("date:{a}..{}", a + n) };
            let mut query = words.join(" ");
            if let Some(o) = old {
                query = toggle_clause(&query, &range(o));
            }
            let clause = new.map(range);
            let edited = set_field_clause(&query, "date:", clause.as_deref());
            let dates: Vec<&str> =
                split_clauses(&edited).into_iter().filter(|c| c.starts_with("date:") || c.starts_with("year:")).collect();
            prop_assert_eq!(dates, clause.as_deref().into_iter().collect::<Vec<_>>());
            prop_assert_eq!(filters(&edited).len(), words.len() + usize::from(new.is_some()));
            prop_assert!(parse(&edited).1.is_empty(), "{edited}");
            if let Some((field, value)) = clause.as_deref().and_then(|c| c.split_once(':')) {
                let found = clause_value(&edited, &format!("{field}:"));
                prop_assert_eq!(found.as_deref(), Some(value));
            }
        }
    }
}
