//! The URL fragment format, both directions, versioned. Shared links are a public API: every link an
//! earlier version wrote must keep decoding (see the fixture in the tests).
//!
//! Format: `#v=1&q=<query>&doc=<id>&tab=<tab>&sort=<sort>&page=<n>&ksort=<doc|left|right>&esort=<column>`, keys in
//! that order, defaults
//! omitted, values percent-encoded (UTF-8). Decoding is lenient: whatever is malformed falls back to its
//! default with a diagnostic, and the rest of the link still applies.

use crate::diagnostic::Diagnostic;
use crate::kwic::KwicSort;
/// The engine's order of hits, re-exported because it is part of the view state.
pub use crate::search::Sort;
use serde::{Deserialize, Serialize};

/// The version this build writes.
pub const VERSION: u32 = 1;
/// Fragments longer than this are not decoded at all.
pub const MAX_FRAGMENT_BYTES: usize = 16 * 1024;

/// Which view is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tab {
    #[default]
    Results,
    Kwic,
    Events,
    Map,
    Network,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Results, Tab::Kwic, Tab::Events, Tab::Map, Tab::Network];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Results => "results",
            Tab::Kwic => "kwic",
            Tab::Events => "events",
            Tab::Map => "map",
            Tab::Network => "network",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Results => "Documents",
            Tab::Kwic => "Concordance",
            Tab::Events => "Events",
            Tab::Map => "Map",
            Tab::Network => "Network",
        }
    }

    fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How the events table is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventSort {
    /// Corpus order, then position in the document.
    #[default]
    Document,
    Kind,
    Drug,
    /// Largest first.
    Kg,
    Place,
    /// Oldest first; undated last.
    Date,
}

impl EventSort {
    pub const ALL: [EventSort; 6] =
        [EventSort::Document, EventSort::Kind, EventSort::Drug, EventSort::Kg, EventSort::Place, EventSort::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            EventSort::Document => "doc",
            EventSort::Kind => "kind",
            EventSort::Drug => "drug",
            EventSort::Kg => "kg",
            EventSort::Place => "place",
            EventSort::Date => "date",
        }
    }

    pub fn parse(s: &str) -> Option<EventSort> {
        EventSort::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Everything a shared link restores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewState {
    /// The query as typed.
    pub query: String,
    /// The document open in the reader.
    pub doc: Option<String>,
    pub tab: Tab,
    pub sort: Sort,
    /// Zero-based page of results.
    pub page: u32,
    /// Order of concordance lines.
    pub kwic_sort: KwicSort,
    /// Order of the events table.
    pub event_sort: EventSort,
}

/// Writes the fragment for `state`, without the leading `#`.
pub fn encode(state: &ViewState) -> String {
    let mut out = format!("v={VERSION}");
    let mut pair = |key: &str, value: &str| {
        out.push('&');
        out.push_str(key);
        out.push('=');
        percent_encode_into(value, &mut out);
    };
    if !state.query.is_empty() {
        pair("q", &state.query);
    }
    if let Some(doc) = &state.doc {
        pair("doc", doc);
    }
    if state.tab != Tab::default() {
        pair("tab", state.tab.as_str());
    }
    if state.sort != Sort::default() {
        pair("sort", state.sort.as_str());
    }
    if state.page != 0 {
        pair("page", &state.page.to_string());
    }
    if state.kwic_sort != KwicSort::default() {
        pair("ksort", state.kwic_sort.as_str());
    }
    if state.event_sort != EventSort::default() {
        pair("esort", state.event_sort.as_str());
    }
    out
}

/// Reads a fragment (with or without the leading `#`). Never fails: see the module docs.
pub fn decode(fragment: &str) -> (ViewState, Vec<Diagnostic>) {
    let mut state = ViewState::default();
    let mut diags = Vec::new();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return (state, diags);
    }
    if fragment.len() > MAX_FRAGMENT_BYTES {
        diags.push(Diagnostic::error(
            "link",
            format!(
                "link is {} KB, over the {} KB limit; showing the default view",
                fragment.len() / 1024,
                MAX_FRAGMENT_BYTES / 1024
            ),
        ));
        return (state, diags);
    }
    let mut version_seen = false;
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = part.split_once('=').unwrap_or((part, ""));
        let value = match percent_decode(raw) {
            Ok(v) => v,
            Err(e) => {
                diags.push(Diagnostic::warning("link", format!("{key}: {e}; ignored")));
                continue;
            }
        };
        match key {
            "v" => {
                version_seen = true;
                match value.parse::<u32>() {
                    Ok(VERSION) => {}
                    Ok(v) if v > VERSION => diags.push(Diagnostic::warning(
                        "link",
                        format!("link was made by a newer Trawl (format {v}); reading what this version understands"),
                    )),
                    _ => diags.push(Diagnostic::warning(
                        "link",
                        format!("unknown link format {value:?}; reading it as format {VERSION}"),
                    )),
                }
            }
            "q" => state.query = value,
            "doc" => state.doc = Some(value).filter(|d| !d.is_empty()),
            "tab" => match Tab::parse(&value) {
                Some(t) => state.tab = t,
                None => diags.push(Diagnostic::warning("link", format!("unknown tab {value:?}; showing results"))),
            },
            "sort" => match Sort::parse(&value) {
                Some(s) => state.sort = s,
                None => {
                    diags.push(Diagnostic::warning("link", format!("unknown sort {value:?}; sorting by relevance")))
                }
            },
            "page" => match value.parse::<u32>() {
                Ok(p) if p < 100_000 => state.page = p,
                _ => diags.push(Diagnostic::warning(
                    "link",
                    format!("page {value:?} is not a page number; showing the first"),
                )),
            },
            "ksort" => match KwicSort::parse(&value) {
                Some(k) => state.kwic_sort = k,
                None => {
                    diags.push(Diagnostic::warning("link", format!("unknown concordance order {value:?}; by document")))
                }
            },
            "esort" => match EventSort::parse(&value) {
                Some(k) => state.event_sort = k,
                None => diags.push(Diagnostic::warning("link", format!("unknown events order {value:?}; by document"))),
            },
            _ => diags.push(Diagnostic::warning("link", format!("unknown link part {key:?}; ignored"))),
        }
    }
    if !version_seen {
        diags.push(Diagnostic::warning("link", "link has no format version; reading it as the current one"));
    }
    (state, diags)
}

fn percent_encode_into(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'*'
            | b':'
            | b'/'
            | b'('
            | b')'
            | b',' => out.push(b as char),
            b' ' => out.push_str("%20"),
            _ => {
                out.push('%');
                out.push(char::from_digit((b >> 4) as u32, 16).unwrap().to_ascii_uppercase());
                out.push(char::from_digit((b & 15) as u32, 16).unwrap().to_ascii_uppercase());
            }
        }
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
                    (Some(h), Some(l)) => bytes.push((h * 16 + l) as u8),
                    _ => {
                        let escape = String::from_utf8_lossy(&b[i..(i + 3).min(b.len())]).into_owned();
                        return Err(format!("bad percent escape {escape:?}"));
                    }
                }
                i += 3;
            }
            b'+' => {
                bytes.push(b' ');
                i += 1;
            }
            c => {
                bytes.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(bytes).map_err(|_| "not valid UTF-8 after percent-decoding".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(fragment: &str, expected: &str) {
        let (state, diags) = decode(fragment);
        let mut actual = format!("{state:?}");
        for d in diags {
            actual.push_str(&format!("\n{d}"));
        }
        assert_eq!(actual, expected, "{fragment:?}");
    }

    #[test]
    fn old_links_keep_decoding() {
        // Links written by earlier releases. Never change an expectation here; add new lines.
        check(
            "#v=1&doc=003_42a597815b082672",
            r#"ViewState { query: "", doc: Some("003_42a597815b082672"), tab: Results, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }"#,
        );
        check(
            "#v=1&q=heroin%20Astara&tab=kwic&sort=newest&page=2",
            r#"ViewState { query: "heroin Astara", doc: None, tab: Kwic, sort: DateDesc, page: 2, kwic_sort: Document, event_sort: Document }"#,
        );
        check(
            "#v=1&q=heroin&tab=kwic&ksort=left",
            r#"ViewState { query: "heroin", doc: None, tab: Kwic, sort: Relevance, page: 0, kwic_sort: Left, event_sort: Document }"#,
        );
        check(
            "#v=1&q=heroin&tab=map",
            r#"ViewState { query: "heroin", doc: None, tab: Map, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }"#,
        );
        check(
            "#v=1&tab=events&esort=kg",
            r#"ViewState { query: "", doc: None, tab: Events, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Kg }"#,
        );
        check(
            "#v=1&q=kg%3A100..1000&tab=network",
            r#"ViewState { query: "kg:100..1000", doc: None, tab: Network, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }"#,
        );
    }

    #[test]
    fn hostile_fragments_fall_back() {
        check("#%ZZ", "ViewState { query: \"\", doc: None, tab: Results, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }\nwarning: link: unknown link part \"%ZZ\"; ignored\nwarning: link: link has no format version; reading it as the current one");
        check("#v=1&q=%", "ViewState { query: \"\", doc: None, tab: Results, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }\nwarning: link: q: bad percent escape \"%\"; ignored");
        check("#v=1&q=%FF%FE", "ViewState { query: \"\", doc: None, tab: Results, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }\nwarning: link: q: not valid UTF-8 after percent-decoding; ignored");
        check("#v=9&tab=globe&zzz=1", "ViewState { query: \"\", doc: None, tab: Results, sort: Relevance, page: 0, kwic_sort: Document, event_sort: Document }\nwarning: link: link was made by a newer Trawl (format 9); reading what this version understands\nwarning: link: unknown tab \"globe\"; showing results\nwarning: link: unknown link part \"zzz\"; ignored");
        let huge = format!("v=1&q={}", "a".repeat(2 * 1024 * 1024));
        assert_eq!(decode(&huge).0, ViewState::default());
    }

    fn any_state() -> impl Strategy<Value = ViewState> {
        (
            any::<String>(),
            proptest::option::of(any::<String>()),
            0usize..Tab::ALL.len(),
            0usize..3,
            0u32..100_000,
            0usize..3,
            0usize..6,
        )
            .prop_map(|(query, doc, tab, sort, page, ksort, esort)| ViewState {
                query,
                doc: doc.filter(|d| !d.is_empty()),
                tab: Tab::ALL[tab],
                sort: Sort::ALL[sort],
                page,
                kwic_sort: KwicSort::ALL[ksort],
                event_sort: EventSort::ALL[esort],
            })
    }

    proptest! {
        #[test]
        fn roundtrip(state in any_state()) {
            let encoded = encode(&state);
            let (decoded, diags) = decode(&encoded);
            prop_assert!(diags.is_empty(), "{diags:?}");
            prop_assert_eq!(decoded, state);
        }

        #[test]
        fn decode_never_panics(s in any::<String>()) {
            let _ = decode(&s);
        }
    }
}
