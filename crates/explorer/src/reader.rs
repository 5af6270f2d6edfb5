//! The reader: one document, its metadata, and its text as paragraphs, with query matches marked and
//! entities highlighted by kind. Text is always rendered as text nodes, never as HTML.
//!
//! A long text is shown a part at a time ([`PART_BYTES`]), starting at the first match the results
//! list showed: only that part is marked and rendered, so a 30 MB document opens as fast as a short
//! one. Buttons move to the next or previous part or match.

use corpus::extract::EntityKind;
use corpus::query::field_clause;
use corpus::snippet::{self, Highlighter};
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use corpus::Document;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::highlight::{self, entity_class, Span};
use crate::matching::Matching;
use crate::route;

/// Most bytes of a body rendered at once.
pub const PART_BYTES: usize = 64 * 1024;

/// The reader for document `idx` of `engine`: the query's matches marked, and each entity a link
/// that filters the view by it.
pub fn reader_for(
    engine: &Engine,
    idx: u32,
    doc: &std::sync::Arc<Document>,
    matching: &Matching,
    state: &ViewState,
) -> Html {
    // Query matches are marked by the reader, in the part of a long text it shows.
    let named =
        engine.extraction.entities.iter().flat_map(|e| {
            e.mentions.iter().filter(|m| m.doc == idx).map(|m| (e.kind, e.name.as_str(), m.start, m.end))
        });
    let spans = entity_spans(named, state);
    let hit = matching.results.hits.iter().find(|h| h.doc_idx == idx);
    let title_marks = hit.map(|h| h.title_highlights.clone()).unwrap_or_default();
    let focus = hit.map(|h| h.snippet.start).filter(|&s| s > 0);
    html! {
        <Reader doc={doc.clone()} marks={Rc::clone(&matching.body_marks)} spans={Rc::new(spans)}
            title_marks={title_marks} focus={focus}
            close_href={route::href(&apply(state, Action::CloseDoc))} />
    }
}

/// Marks for the entities a document names (kind, name, byte range of the body), each a link that
/// toggles the view's filter by it.
pub fn entity_spans<'a>(
    named: impl Iterator<Item = (EntityKind, &'a str, usize, usize)>,
    state: &ViewState,
) -> Vec<Span> {
    named
        .map(|(kind, name, start, end)| {
            let clause = field_clause(kind.as_str(), name);
            let next = apply(state, Action::ToggleClause(clause.clone()));
            Span {
                start,
                end,
                class: entity_class(kind),
                href: Some(route::href(&next)),
                title: Some(format!("{}: {name} — click to filter by {clause}", kind.as_str())),
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub doc: std::sync::Arc<Document>,
    /// What to mark as query matches in the body (only in the part shown).
    pub marks: Rc<Highlighter>,
    /// Byte ranges in the body of entity mentions.
    pub spans: Rc<Vec<Span>>,
    pub title_marks: Vec<(usize, usize)>,
    /// Where in the body to start reading (the results' snippet), if anywhere but the start.
    pub focus: Option<usize>,
    /// Where the close link goes (the current view without this document).
    pub close_href: String,
    /// The bytes of the whole text, when `doc` holds only its start (a partitioned collection's
    /// fragment).
    #[prop_or_default]
    pub start_of: Option<usize>,
}

/// Where a button of a long document's reader goes.
#[derive(Clone, Copy)]
enum Move {
    To(usize),
    NextMatch,
    PreviousMatch,
}

/// Which part of which document is shown, and what the last move found.
#[derive(Clone, PartialEq)]
struct Shown {
    key: (String, Option<usize>),
    start: usize,
    note: Option<&'static str>,
}

#[function_component(Reader)]
pub fn reader(props: &ReaderProps) -> Html {
    let doc = &props.doc;
    let close_ref = use_node_ref();
    crate::focus::use_reader_focus(close_ref.clone(), doc.id.clone());
    let body = doc.body.as_str();
    let long = body.len() > PART_BYTES;
    // Only a long document starts at the match the results showed; a short one is shown whole.
    let focus = props.focus.filter(|_| long);
    let key = (doc.id.clone(), focus);
    let shown = use_state(|| None::<Shown>);
    // A new document (or a new place in it) starts at its focus; moves within it are kept.
    let (start, note) = match &*shown {
        Some(s) if s.key == key => (s.start, s.note),
        _ => (focus.unwrap_or(0), None),
    };
    let range = snippet::part(body, start, PART_BYTES);

    let meta: Vec<Html> = [
        doc.date.map(|d| html! { <span class="meta-date">{ d.to_string() }</span> }),
        doc.source.as_ref().map(|s| html! { <span class="meta-source">{ s }</span> }),
        doc.dateline.as_ref().map(|s| html! { <span class="meta-dateline">{ s }</span> }),
        Some(html! { <span class="meta-id">{ &doc.id }</span> }),
    ]
    .into_iter()
    .flatten()
    .collect();

    // Spans of the part only, in the part's offsets: matches are found in the part alone.
    let mut spans: Vec<Span> = props
        .marks
        .ranges_in(body, range.clone())
        .into_iter()
        .map(|(s, e)| Span { start: s - range.start, end: e - range.start, class: "mark", href: None, title: None })
        .collect();
    spans.extend(props.spans.iter().filter(|s| s.start >= range.start && s.end <= range.end).map(|s| Span {
        start: s.start - range.start,
        end: s.end - range.start,
        ..s.clone()
    }));
    let text = &body[range.clone()];
    // Paragraphs with their byte offsets, so spans can be cut per paragraph.
    let mut paragraphs = Vec::new();
    let mut at = 0;
    for p in text.split("\n\n") {
        paragraphs.push((at, p));
        at += p.len() + 2;
    }

    let pager = long.then(|| {
        // One callback for every button: matches are looked for only when asked, not every render.
        let on_move = {
            let (shown, key) = (shown.clone(), key.clone());
            let (marks, document, range) = (Rc::clone(&props.marks), doc.clone(), range.clone());
            Callback::from(move |to: Move| {
                let (found, none) = match to {
                    Move::To(at) => (Some(at), None),
                    Move::NextMatch => {
                        (marks.next_match(&document.body, range.end).map(|m| m.0), Some("no match after this part"))
                    }
                    Move::PreviousMatch => (
                        marks.previous_match(&document.body, range.start).map(|m| m.0),
                        Some("no match before this part"),
                    ),
                };
                let (start, note) = match found {
                    Some(at) => (at, None),
                    None => (start, none),
                };
                shown.set(Some(Shown { key: key.clone(), start, note }));
                to_top();
            })
        };
        // Parts start up to 2 KB before where they are asked to (at a line or a word): asking 4 KB
        // later than one part before makes the previous part reach this one, with no gap.
        let previous = range.start.saturating_sub(PART_BYTES - 4096);
        let previous = if range.start <= PART_BYTES { 0 } else { previous };
        let has_marks = !props.marks.is_empty();
        let end = range.end;
        html! {
            <nav class="reader-pages" aria-label="Parts of a long document">
                <span id="reader-position" aria-live="polite">
                    { format!("A long document ({}): showing {} from {} on", size(doc.body.len()), size(range.len()), size(range.start)) }
                    if let Some(n) = note { { format!("; {n}") } }
                </span>
                <button id="reader-previous" disabled={range.start == 0} onclick={on_move.reform(move |_| Move::To(previous))}>{ "‹ Previous part" }</button>
                <button id="reader-next" disabled={range.end >= body.len()} onclick={on_move.reform(move |_| Move::To(end))}>{ "Next part ›" }</button>
                if has_marks {
                    <button id="reader-previous-match" onclick={on_move.reform(|_| Move::PreviousMatch)}>{ "‹ Previous match" }</button>
                    <button id="reader-next-match" onclick={on_move.reform(|_| Move::NextMatch)}>{ "Next match ›" }</button>
                }
            </nav>
        }
    });

    html! {
        <article class="reader" id="reader" aria-labelledby="reader-title">
            <header class="reader-head">
                <a class="close" ref={close_ref} href={props.close_href.clone()} title="Close (Esc)" aria-label="Close reader">{ "×" }</a>
                <h2 id="reader-title">{ highlight::marks(&doc.title, &props.title_marks) }</h2>
                <p class="meta">{ for meta }</p>
                if let Some(url) = doc.url.as_ref().filter(|u| corpus::ingest::is_http_url(u)) {
                    <p class="source-link">
                        <a href={url.clone()} rel="noopener noreferrer nofollow" target="_blank">{ url }</a>
                    </p>
                }
                if !doc.warnings.is_empty() {
                    <ul class="doc-warnings">
                        { for doc.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                    </ul>
                }
                // The colours' key, when entities are marked (a fragment, or a partitioned
                // collection's document, has none).
                if props.start_of.is_none() && !props.spans.is_empty() {
                    <p class="legend" aria-label="Highlight colours">
                        <span class="ent ent-person">{ "person" }</span><span class="ent ent-org">{ "organisation" }</span>
                        <span class="ent ent-place">{ "place" }</span><span class="ent ent-drug">{ "drug" }</span><mark>{ "match" }</mark>
                    </p>
                }
                { pager }
            </header>
            <div class="reader-body">
                if range.start > 0 { <p class="reader-cut">{ "…" }</p> }
                { for paragraphs.into_iter().map(|(start, p)| {
                    let end = start + p.len();
                    let spans: Vec<Span> = spans.iter()
                        .filter(|s| s.start >= start && s.end <= end)
                        .map(|s| Span { start: s.start - start, end: s.end - start, ..s.clone() })
                        .collect();
                    html! { <p>{ highlight::render(p, &spans) }</p> }
                }) }
                if range.end < body.len() { <p class="reader-cut">{ "…" }</p> }
                if let Some(whole) = props.start_of.filter(|&w| w > body.len()) {
                    <p class="reader-cut" id="reader-start-of">{ format!("… This is the start of a longer text ({} of {}).", size(body.len()), size(whole)) }</p>
                }
            </div>
        </article>
    }
}

/// The notice for a link naming a document this page does not have. Such links mostly come from
/// someone who added files of their own: those stay in their browser, never in the published corpus.
pub fn missing(id: &str, has_own_files: bool) -> corpus::Diagnostic {
    let yours = if has_own_files { " (nor among your files)" } else { "" };
    corpus::Diagnostic::warning(
        "link",
        format!(
            "document {id:?} is not in this corpus{yours}: it is likely one of the files the sender added \
             in their own browser, which stay there and are not published with the corpus. Ask them for \
             the file and add it with Add files; the rest of the linked view is shown"
        ),
    )
}

/// Scrolls the reader to its top, where a new part begins.
fn to_top() {
    if let Some(reader) = gloo::utils::document().get_element_by_id("reader") {
        reader.set_scroll_top(0);
    }
}

/// A byte count for people: `830 bytes`, `64 KB`, `30.0 MB`.
fn size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        // Tenths by integers: no float formatting in the wasm for this.
        let tenths = bytes * 10 / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_document_is_said_to_be_the_senders() {
        let note = super::missing("politics-001", false).to_string();
        assert!(
            note.starts_with("warning: link: document \"politics-001\" is not in this corpus: it is likely"),
            "{note}"
        );
        assert!(
            note.contains("in their own browser") && note.contains("the rest of the linked view is shown"),
            "{note}"
        );
        assert!(super::missing("a", true).to_string().contains("(nor among your files)"));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(super::size(830), "830 bytes");
        assert_eq!(super::size(64 * 1024), "64 KB");
        assert_eq!(super::size(30 * 1024 * 1024 + 1), "30.0 MB");
    }
}
