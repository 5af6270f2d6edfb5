//! The reader: one document, its metadata, and its text as paragraphs. Text is always rendered as
//! text nodes, never as HTML.

use corpus::Document;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub doc: Document,
    /// Where the close link goes (the current view without this document).
    pub close_href: String,
}

#[function_component(Reader)]
pub fn reader(props: &ReaderProps) -> Html {
    let doc = &props.doc;
    let meta: Vec<Html> = [
        doc.date.map(|d| html! { <span class="meta-date">{ d.to_string() }</span> }),
        doc.source.as_ref().map(|s| html! { <span class="meta-source">{ s }</span> }),
        doc.dateline.as_ref().map(|s| html! { <span class="meta-dateline">{ s }</span> }),
        Some(html! { <span class="meta-id">{ &doc.id }</span> }),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        <article class="reader" id="reader" aria-labelledby="reader-title">
            <header class="reader-head">
                <a class="close" href={props.close_href.clone()} title="Close (Esc)" aria-label="Close reader">{ "×" }</a>
                <h2 id="reader-title">{ &doc.title }</h2>
                <p class="meta">{ for meta }</p>
                if let Some(url) = &doc.url {
                    <p class="source-link">
                        <a href={url.clone()} rel="noopener noreferrer nofollow" target="_blank">{ url }</a>
                    </p>
                }
                if !doc.warnings.is_empty() {
                    <ul class="doc-warnings">
                        { for doc.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                    </ul>
                }
            </header>
            <div class="reader-body">
                { for doc.body.split("\n\n").map(|p| html! { <p>{ p }</p> }) }
            </div>
        </article>
    }
}
