//! The reader: one document, its metadata, and its text as paragraphs, with query matches marked and
//! entities highlighted by kind. Text is always rendered as text nodes, never as HTML.

use corpus::query::field_clause;
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use corpus::Document;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::highlight::{self, entity_class, Span};
use crate::matching::Matching;
use crate::route;

/// The reader for document `idx` of `engine`: the query's matches marked, and each entity a link
/// that filters the view by it.
pub fn reader_for(
    engine: &Engine,
    idx: u32,
    doc: &std::sync::Arc<Document>,
    matching: &Matching,
    state: &ViewState,
) -> Html {
    let mut spans: Vec<Span> = matching
        .body_marks
        .ranges(&doc.body)
        .into_iter()
        .map(|(start, end)| Span { start, end, class: "mark", href: None, title: None })
        .collect();
    for e in &engine.extraction.entities {
        for m in e.mentions.iter().filter(|m| m.doc == idx) {
            let clause = field_clause(e.kind.as_str(), &e.name);
            let next = apply(state, Action::ToggleClause(clause.clone()));
            spans.push(Span {
                start: m.start,
                end: m.end,
                class: entity_class(e.kind),
                href: Some(route::href(&next)),
                title: Some(format!("{}: {} — click to filter by {clause}", e.kind.as_str(), e.name)),
            });
        }
    }
    let title_marks =
        matching.results.hits.iter().find(|h| h.doc_idx == idx).map(|h| h.title_highlights.clone()).unwrap_or_default();
    html! {
        <Reader doc={doc.clone()} spans={Rc::new(spans)} title_marks={title_marks}
            close_href={route::href(&apply(state, Action::CloseDoc))} />
    }
}

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub doc: std::sync::Arc<Document>,
    /// Byte ranges in the body: query matches and entity mentions.
    pub spans: Rc<Vec<Span>>,
    pub title_marks: Vec<(usize, usize)>,
    /// Where the close link goes (the current view without this document).
    pub close_href: String,
}

#[function_component(Reader)]
pub fn reader(props: &ReaderProps) -> Html {
    let doc = &props.doc;
    let close_ref = use_node_ref();
    crate::focus::use_reader_focus(close_ref.clone(), doc.id.clone());
    let meta: Vec<Html> = [
        doc.date.map(|d| html! { <span class="meta-date">{ d.to_string() }</span> }),
        doc.source.as_ref().map(|s| html! { <span class="meta-source">{ s }</span> }),
        doc.dateline.as_ref().map(|s| html! { <span class="meta-dateline">{ s }</span> }),
        Some(html! { <span class="meta-id">{ &doc.id }</span> }),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Paragraphs with their byte offsets, so spans can be cut per paragraph.
    let mut paragraphs = Vec::new();
    let mut at = 0;
    for p in doc.body.split("\n\n") {
        paragraphs.push((at, p));
        at += p.len() + 2;
    }
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
                <p class="legend" aria-label="Highlight colours">
                    <span class="ent ent-person">{ "person" }</span><span class="ent ent-org">{ "organisation" }</span>
                    <span class="ent ent-place">{ "place" }</span><span class="ent ent-drug">{ "drug" }</span><mark>{ "match" }</mark>
                </p>
            </header>
            <div class="reader-body">
                { for paragraphs.into_iter().map(|(start, p)| {
                    let end = start + p.len();
                    let spans: Vec<Span> = props.spans.iter()
                        .filter(|s| s.start >= start && s.end <= end)
                        .map(|s| Span { start: s.start - start, end: s.end - start, ..s.clone() })
                        .collect();
                    html! { <p>{ highlight::render(p, &spans) }</p> }
                }) }
            </div>
        </article>
    }
}
