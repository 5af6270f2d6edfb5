//! The results tab: the count, a page of documents with their highlighted titles and snippets (each
//! a link that opens it in the reader), and the pager.

use corpus::partition::Total;
use corpus::search::{Hit, SearchResults};
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use yew::prelude::*;

use crate::highlight;
use crate::matching::PAGE_SIZE;
use crate::numbers;
use crate::route;

/// The page of hits in `r`, for the view `state`.
pub fn results_view(r: &SearchResults, state: &ViewState) -> Html {
    hits_view(&r.hits, Total::Exact(r.total), false, state, html! {})
}

/// A page of `hits` of `total` (an estimate is shown as "≈"); `busy` while the next page is on its
/// way (a partitioned collection's files are fetched); `beside` follows the count (what counts an
/// estimate's every match).
pub fn hits_view(hits: &[Hit], total: Total, busy: bool, state: &ViewState, beside: Html) -> Html {
    let (n, about) = match total {
        Total::Exact(n) => (n, ""),
        Total::About(n) => (n, "≈ "),
    };
    let pages = n.div_ceil(PAGE_SIZE);
    let page = state.page as usize;
    let first = page * PAGE_SIZE + 1;
    let last = (first + hits.len()).saturating_sub(1);
    let page_link = |p: usize, label: &str, rel: &'static str| {
        html! { <a class="page" rel={rel} href={route::href(&apply(state, Action::SetPage(p as u32)))}>{ label }</a> }
    };
    let count = match n {
        _ if busy => "Searching…".to_string(),
        0 => "No matching documents".to_string(),
        n => {
            let (first, last) = (numbers::count(first as u64), numbers::count(last as u64));
            format!("{first}–{last} of {about}{}", numbers::counted(n as u64, "document"))
        }
    };
    html! {
        <section class="results" aria-label="Results" aria-busy={busy.to_string()}>
            <p class="count">
                <span id="count">{ count }</span>
                { beside }
            </p>
            <ol class="doc-list" id="doc-list">
                { for hits.iter().map(|h| {
                    let href = route::href(&apply(state, Action::OpenDoc(h.id.clone())));
                    let current = state.doc.as_deref() == Some(h.id.as_str());
                    html! {
                        <li class={classes!("doc", current.then_some("current"))} data-id={h.id.clone()}>
                            <a class="doc-title" href={href} aria-current={current.then_some("true")}>{ highlight::marks(&h.title, &h.title_highlights) }</a>
                            <span class="doc-meta">
                                <span class="date">{ h.date.map(|d| d.to_string()).unwrap_or_default() }</span>
                                <span class="source">{ h.source.clone().unwrap_or_default() }</span>
                            </span>
                            <p class="snippet">
                                if h.snippet.cut_before { { "… " } }
                                { highlight::marks(&h.snippet.text, &h.snippet.highlights) }
                                if h.snippet.cut_after { { " …" } }
                            </p>
                        </li>
                    }
                }) }
            </ol>
            if pages > 1 {
                <nav class="pager" aria-label="Pages">
                    if page > 0 { { page_link(page - 1, "← previous", "prev") } }
                    <span>{ format!("page {} of {pages}", page + 1) }</span>
                    if page + 1 < pages { { page_link(page + 1, "next →", "next") } }
                </nav>
            }
        </section>
    }
}
