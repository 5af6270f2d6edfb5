//! The concordance and events tabs.

use corpus::extract::{export, Event, EventKind};
use corpus::kwic::{self, Kwic, KwicSort};
use corpus::snippet::Highlighter;
use corpus::state::{apply, Action};
use corpus::url_state::{EventSort, ViewState};
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::numbers;
use crate::protocol::kwic_options;
use crate::route;

#[derive(Properties, PartialEq)]
pub struct KwicProps {
    pub engine: Rc<Engine>,
    /// The matching documents and what the query marks in bodies (see `matching`).
    pub matched: Rc<Vec<u32>>,
    pub marks: Rc<Highlighter>,
    /// Whether the query has words at all (with none, the hint asks for one).
    pub has_words: bool,
    pub state: ViewState,
}

#[function_component(KwicView)]
pub fn kwic_view(props: &KwicProps) -> Html {
    let engine = &props.engine;
    let k = kwic::collect(&engine.corpus, &props.matched, &props.marks, &kwic_options(props.state.kwic_sort));
    concordance(&k, !props.marks.is_empty(), props.has_words, &props.state, html! {})
}

/// The concordance `k` of a query that marks something (`marked`) or not, under `note` (what a
/// partitioned collection's concordance covers: its search worker makes it over the top hits).
pub fn concordance(k: &Kwic, marked: bool, has_words: bool, state: &ViewState, note: Html) -> Html {
    let sort_link = |s: KwicSort, label: &str| {
        let href = route::href(&apply(state, Action::SetKwicSort(s)));
        html! { <a href={href} class={classes!("chip", (state.kwic_sort == s).then_some("active"))} id={format!("ksort-{}", s.as_str())}>{ label }</a> }
    };
    if !marked {
        // A query of filters only has no words to show; words that are nowhere in the texts have no hits.
        let hint = if has_words {
            "No occurrences: the words of the query are in no document's text."
        } else {
            "Type a word or phrase to see every occurrence in context."
        };
        return html! { <p class="hint" id="kwic-hint">{ hint }</p> };
    }
    html! {
        <section class="kwic" aria-label="Concordance">
            { note }
            <p class="count" id="kwic-count">
                { format!("{}{} in {}", if k.truncated { "at least " } else { "" }, numbers::counted(k.total as u64, "occurrence"), numbers::counted(k.docs as u64, "document")) }
                <span class="sorts">{ "Sort by " }{ sort_link(KwicSort::Document, "document") }{ sort_link(KwicSort::Left, "left context") }{ sort_link(KwicSort::Right, "right context") }</span>
            </p>
            <table class="kwic-table" id="kwic-table">
                <tbody>
                    { for k.lines.iter().map(|l| {
                        let href = route::href(&apply(state, Action::OpenDoc(l.id.clone())));
                        html! {
                            <tr>
                                <td class="left">{ &l.left }</td>
                                <td class="kw"><a href={href} title={l.id.clone()}>{ &l.keyword }</a></td>
                                <td class="right">{ &l.right }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Rows the events table shows; the totals and the exports cover every matching event. At 100k
/// documents there are 100k events, and a table of all of them was 900,000 elements.
const EVENT_ROWS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub engine: Rc<Engine>,
    pub matched: Rc<Vec<u32>>,
    pub state: ViewState,
}

/// Kilograms and seizure counts per key, in key order (as a `BTreeMap<String, _>` would iterate): a sorted
/// vector with a binary search, since the keys are few and the map's code was a wasm instantiation of its own.
#[derive(Default)]
struct Totals(Vec<(String, (f64, usize))>);

impl Totals {
    fn add(&mut self, key: &str, kg: f64) {
        let at = match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key.to_string(), (0.0, 0)));
                at
            }
        };
        let t = &mut self.0[at].1;
        t.0 += kg;
        t.1 += 1;
    }
}

#[function_component(EventsView)]
pub fn events_view(props: &EventsProps) -> Html {
    let engine = &props.engine;
    let events = matching_events(engine, &props.matched, props.state.event_sort);
    // Totals leave aggregates (statistics, sums of other seizures) out so nothing counts twice.
    let mut by_drug = Totals::default();
    let mut by_country = Totals::default();
    // By the year the text gives for the seizure itself; the publication year would misplace
    // reports of earlier seizures.
    let mut by_year = Totals::default();
    for e in events.iter().filter(|e| e.kind == EventKind::Seizure && !e.aggregate) {
        if let Some(kg) = e.kg {
            match e.date {
                Some(d) => by_year.add(&d.year.to_string(), kg),
                None => by_year.add("year not given", kg),
            }
            by_drug.add(e.drug.as_deref().unwrap_or("unspecified"), kg);
            by_country.add(e.country.as_deref().unwrap_or("unknown"), kg);
        }
    }
    // The files are written when asked for: at 100k documents each is tens of megabytes.
    let export = |format: Export| {
        let (engine, matched, sort) = (Rc::clone(&props.engine), Rc::clone(&props.matched), props.state.event_sort);
        Callback::from(move |_: MouseEvent| {
            let events = matching_events(&engine, &matched, sort);
            let (name, mime, text) = match format {
                Export::Csv => ("trawl-events.csv", "text/csv", export::events_csv(&engine.corpus, &events)),
                Export::Json => ("trawl-events.json", "application/json", export::events_json(&engine.corpus, &events)),
            };
            if let Err(e) = download(name, mime, &text) {
                gloo::console::error!(format!("Trawl could not export {name}: {e:?}"));
            }
        })
    };
    let shown = events.len().min(EVENT_ROWS);
    let totals = |title: &str, id: &str, m: &Totals| -> Html {
        html! {
            <table class="totals" id={id.to_string()}>
                <caption>{ title }</caption>
                <thead><tr><th>{ "" }</th><th>{ "kg" }</th><th>{ "seizures" }</th></tr></thead>
                <tbody>
                    { for m.0.iter().map(|(k, (kg, n))| html! { <tr><td>{ k }</td><td class="num">{ numbers::kg(*kg) }</td><td class="num">{ numbers::count(*n as u64) }</td></tr> }) }
                </tbody>
            </table>
        }
    };
    html! {
        <section class="events" aria-label="Events">
            <p class="count" id="events-count">
                { format!("{} in the matching documents", numbers::counted(events.len() as u64, "event")) }
                <span class="exports">
                    { "Export all: " }
                    <button type="button" id="export-csv" class="chip" onclick={export(Export::Csv)}>{ "CSV" }</button>
                    <button type="button" id="export-json" class="chip" onclick={export(Export::Json)}>{ "JSON" }</button>
                </span>
            </p>
            <div class="totals-row">
                { totals("Seized, by drug (aggregates excluded)", "totals-drug", &by_drug) }
                { totals("Seized, by country", "totals-country", &by_country) }
                { totals("Seized, by year of the seizure", "totals-year", &by_year) }
            </div>
            <table class="events-table" id="events-table">
                <thead><tr>
                    { sort_header(&props.state, EventSort::Kind, "Kind") }{ sort_header(&props.state, EventSort::Drug, "Drug") }
                    { sort_header(&props.state, EventSort::Kg, "Amount") }{ sort_header(&props.state, EventSort::Place, "Place") }
                    { sort_header(&props.state, EventSort::Date, "Date") }<th>{ "Who" }</th>{ sort_header(&props.state, EventSort::Document, if props.state.event_sort == EventSort::Document { "Evidence, in document order" } else { "Evidence" }) }
                </tr></thead>
                <tbody>
                    { for events[..shown].iter().map(|e| {
                        let href = route::href(&apply(&props.state, Action::OpenDoc(e.doc_id.clone())));
                        let amount = match (e.kg, e.count) {
                            (Some(kg), _) => format!("{}{} kg", e.qualifier.as_deref().map(|q| format!("{q} ")).unwrap_or_default(), numbers::kg(kg)),
                            (_, Some(n)) => format!("{n} pills"),
                            _ => String::new(),
                        };
                        let who = if e.kind.is_cooperation() { e.parties.join(", ") } else { e.agency.clone().unwrap_or_default() };
                        html! {
                            <tr class={classes!(e.aggregate.then_some("aggregate"))}>
                                <td>{ e.kind.as_str() }{ if e.aggregate { " (total)" } else { "" } }</td>
                                <td>{ e.drug.clone().unwrap_or_default() }</td>
                                <td class="num">{ amount }</td>
                                <td>{ e.place.clone().unwrap_or_default() }{ e.country.as_ref().filter(|c| Some(*c) != e.place.as_ref()).map(|c| format!(" ({c})")).unwrap_or_default() }</td>
                                <td>{ e.date.map(|d| d.to_string()).or_else(|| e.date_text.clone()).unwrap_or_default() }</td>
                                <td>{ who }</td>
                                <td class="evidence"><a href={href} title={e.doc_id.clone()}>{ e.evidence(&engine.corpus.docs()[e.doc as usize].body) }</a></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if shown < events.len() {
                <p class="count" id="events-more">
                    { format!("The first {} of {} events in this order; sort, filter, or export them all.", numbers::count(shown as u64), numbers::count(events.len() as u64)) }
                </p>
            }
        </section>
    }
}

#[derive(Clone, Copy)]
enum Export {
    Csv,
    Json,
}

/// The events of the matching documents, in the view's order.
fn matching_events<'a>(engine: &'a Engine, matched: &[u32], sort: EventSort) -> Vec<&'a Event> {
    corpus::stats::matching_events(&engine.extraction.events, matched, sort)
}

/// Hands `content` to the browser as a file download (a Blob behind an object URL, released after).
fn download(name: &str, mime: &str, content: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let parts = js_sys::Array::of1(&content.into());
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the URL by the time a timeout runs.
    gloo::timers::callback::Timeout::new(1_000, move || {
        web_sys::Url::revoke_object_url(&url).ok();
    })
    .forget();
    Ok(())
}

/// A column header that sorts the table by it (a link, so the order is part of the view's URL).
fn sort_header(state: &ViewState, sort: EventSort, label: &str) -> Html {
    let active = state.event_sort == sort;
    let href = route::href(&apply(state, Action::SetEventSort(sort)));
    let aria_sort = active.then_some(match sort {
        EventSort::Kg => "descending",
        EventSort::Document => "other",
        _ => "ascending",
    });
    html! {
        <th aria-sort={aria_sort}>
            <a href={href} class={classes!("th-sort", active.then_some("active"))} id={format!("esort-{}", sort.as_str())}>{ label }</a>
        </th>
    }
}

#[cfg(test)]
mod tests {
    use super::Totals;
    use std::collections::BTreeMap;

    #[test]
    fn totals_iterate_and_sum_like_a_btree_map() {
        let adds = [("heroin", 2.5), ("cocaine", 1.0), ("year not given", 0.25), ("heroin", 4.0), ("Äther", 3.0)];
        let mut totals = Totals::default();
        let mut want: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for (key, kg) in adds {
            totals.add(key, kg);
            let w = want.entry(key.to_string()).or_default();
            w.0 += kg;
            w.1 += 1;
        }
        assert_eq!(totals.0, want.into_iter().collect::<Vec<_>>());
    }
}
