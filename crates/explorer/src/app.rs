//! The root component: loads the default corpus, holds the view state, lays out the page.

use corpus::extract::EntityKind;
use corpus::index::Field;
use corpus::query;
use corpus::search::{self, Matcher, SearchOptions, SearchResults};
use corpus::state::Action;
use corpus::url_state::{Tab, ViewState};
use corpus::Diagnostic;
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::Engine;
use crate::focus::skip_link;
use crate::highlight::{self, Span};
use crate::loading::{use_corpus, Keeping};
use crate::map::MapView;
use crate::network::NetworkView;
use crate::numbers;
use crate::pick;
use crate::ranges::RangeFacets;
use crate::reader::Reader;
use crate::route;
use crate::tabs::{tab_bar, tab_id};
use crate::timeline::Timeline;
use crate::view_model::Model;
use crate::views::{EventsView, KwicView};

/// Hits per page.
pub const PAGE_SIZE: usize = 20;

#[function_component(App)]
pub fn app() -> Html {
    // The corpus the views read, the person's uploads, the collection (see loading.rs).
    let corpus = use_corpus();
    let dragging = use_state(|| false);
    let on_pick = {
        let add = corpus.add.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                add.emit(pick::from_input(&input));
                input.set_value("");
            }
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let (dragging, add) = (dragging.clone(), corpus.add.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            // Taken now: what was dropped is gone once the event is over; folders are walked after.
            let Some(dropped) = e.data_transfer().map(|d| pick::dropped(&d)) else { return };
            let add = add.clone();
            yew::platform::spawn_local(async move { add.emit(pick::walk(dropped).await) });
        })
    };
    let toggle_sample = corpus.toggle_base.reform(|_: MouseEvent| ());
    let clear_mine = corpus.clear.reform(|_: MouseEvent| ());
    let initial = use_memo((), |_| route::read());
    let notices = use_state(|| initial.1.clone());
    let model = use_reducer(|| Model(initial.0.clone()));
    let search_ref = use_node_ref();
    {
        let notices = notices.clone();
        route::use_url_sync(model.clone(), Callback::from(move |d| notices.set(d)));
    }
    use_effect_with((), |_| {
        // Rendered: the page is live (`#root` was inert while it held the prerendered screen).
        if let Some(root) = gloo::utils::document().get_element_by_id("root") {
            root.remove_attribute("inert").ok();
        }
        if route::panic_test_requested() {
            panic!("a panic asked for by ?panic-test");
        }
    });
    // Keyboard: "/" focuses the search box, Esc closes the reader.
    {
        let model = model.clone();
        let search_ref = search_ref.clone();
        use_effect_with((), move |_| {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
                if e.key() == "Escape" {
                    model.dispatch(Action::CloseDoc);
                } else if e.key() == "/" && !typing {
                    if let Some(input) = search_ref.cast::<HtmlInputElement>() {
                        e.prevent_default();
                        let _ = input.focus();
                    }
                }
            });
            move || drop(listener)
        });
    }

    let (engine, engine_gen) = (Rc::clone(&corpus.engine), corpus.generation);
    let state: ViewState = model.0.clone();
    let results = {
        let engine = Rc::clone(&engine);
        // Keyed on the corpus too: document numbers from another corpus would point at the wrong
        // documents, or past the end.
        use_memo((engine_gen, state.query.clone(), state.sort, state.page), move |(_, q, sort, page)| {
            let opts = SearchOptions {
                limit: PAGE_SIZE,
                offset: *page as usize * PAGE_SIZE,
                sort: *sort,
                ..SearchOptions::default()
            };
            let (parsed, mut diags) = query::parse(q);
            let matcher = Matcher::new(&engine.index, &parsed, &opts, Some(&engine.extraction));
            let set = matcher.matches();
            let mut r = search::search_matched(&engine.corpus, &engine.index, &matcher, &set, &opts);
            let docs = set.docs;
            diags.append(&mut r.diagnostics);
            r.diagnostics = diags;
            let body_marks = matcher.highlighter(Field::Body);
            (r, docs, parsed, body_marks)
        })
    };
    let (results, matched, parsed, body_marks) = (&results.0, &results.1, &results.2, &results.3);

    let open_doc =
        state.doc.as_deref().and_then(|id| engine.corpus.position(id).map(|i| (i as u32, &engine.corpus.docs()[i])));
    let mut all_notices: Vec<Diagnostic> = (*notices).clone();
    // A document of a collection may simply not have loaded yet.
    if let (Some(id), None, None) = (&state.doc, open_doc, &corpus.collection_status) {
        all_notices.push(Diagnostic::warning("link", format!("no document {id:?} in this corpus")));
    }
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(Vec::new()))
    };
    let on_query = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                route::typed();
                model.dispatch(Action::SetQuery(input.value()));
            }
        })
    };
    // Views chosen by pointer gestures (the timeline's brush) become history entries, like links.
    let navigate = Callback::from(|next: ViewState| route::go(&next));
    // `_eq`: clearing it when the view changes (and once on mount) renders nothing anew when it is clear.
    let copied = use_state_eq(|| None::<bool>);
    {
        // "Link copied" speaks of the view it was said in.
        let copied = copied.clone();
        use_effect_with(state.clone(), move |_| copied.set(None));
    }
    let on_copy = {
        let copied = copied.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            yew::platform::spawn_local(async move { copied.set(Some(route::copy_link().await.is_ok())) });
        })
    };
    let on_sort = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(s) = corpus::url_state::Sort::parse(&select.value()) {
                    model.dispatch(Action::SetSort(s));
                }
            }
        })
    };

    let reader = open_doc.map(|(idx, doc)| {
        let mut spans: Vec<Span> = body_marks
            .ranges(&doc.body)
            .into_iter()
            .map(|(start, end)| Span { start, end, class: "mark", href: None, title: None })
            .collect();
        for e in &engine.extraction.entities {
            for m in e.mentions.iter().filter(|m| m.doc == idx) {
                let clause = entity_clause(e.kind, &e.name);
                let next = ViewState { query: toggle_clause(&state.query, &clause), page: 0, ..state.clone() };
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
            results.hits.iter().find(|h| h.doc_idx == idx).map(|h| h.title_highlights.clone()).unwrap_or_default();
        html! {
            <Reader doc={doc.clone()} spans={Rc::new(spans)} title_marks={title_marks}
                close_href={route::href(&ViewState { doc: None, ..state.clone() })} />
        }
    });

    html! {
        <div class={classes!("app", open_doc.is_some().then_some("reading"), dragging.then_some("dragging"))}
             ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            { skip_link() }
            <header class="top">
                <h1><a href="#v=1" class="brand">{ "Trawl" }</a></h1>
                <p class="tagline" id="corpus-size">{ corpus_summary(&engine, corpus.files, corpus.show_base, corpus.collection) }
                    if corpus.files > 0 {
                        <span id="keeping" class={classes!(matches!(corpus.keeping, Keeping::Failed(_)).then_some("error"))}>{ corpus.keeping.label() }</span>
                    }
                </p>
                <div class="corpus-actions">
                    <label class="button" for="file-input" title="txt, md, json, jsonl, html or a .trawl pack, each also gzip-compressed (.gz); or drop files or folders anywhere on the page">{ "Add files" }</label>
                    <input id="file-input" class="visually-hidden" type="file" multiple=true
                        accept=".txt,.text,.md,.markdown,.json,.jsonl,.ndjson,.html,.htm,.trawl,.gz" onchange={on_pick.clone()} />
                    <label class="button" for="folder-input" title="a folder of files (and the folders inside it); each document keeps its path, as politics/001">{ "Add folder" }</label>
                    <input id="folder-input" class="visually-hidden" type="file" multiple=true webkitdirectory=true onchange={on_pick} />
                    if corpus.files > 0 {
                        <button type="button" id="toggle-sample" onclick={toggle_sample} disabled={corpus.progress.is_some()}>{ match (corpus.show_base, corpus.collection) {
                            (true, false) => "Hide sample",
                            (false, false) => "Show sample",
                            (true, true) => "Hide collection",
                            (false, true) => "Show collection",
                        } }</button>
                        <button type="button" id="clear-files" onclick={clear_mine}>{ "Remove my files" }</button>
                    }
                </div>
            </header>
            if let Some(p) = &corpus.progress {
                <div class="loading" role="status" id="loading">
                    <span>{ p.label() }</span>
                    <progress max={p.total.max(1).to_string()} value={p.done.to_string()} aria-label="Indexing progress"></progress>
                </div>
            }
            if let Some(s) = &corpus.collection_status {
                <div class="loading" role="status" id="collection-loading">
                    <span>{ s.label() }</span>
                    <progress max={s.docs_total.max(1).to_string()} value={s.docs_loaded.to_string()} aria-label="Collection loading progress"></progress>
                </div>
            }
            if !corpus.collection_problems.is_empty() {
                <details class="load-report" id="collection-report" open=true>
                    <summary>{ format!("The collection: {} problem{} — details", corpus.collection_problems.len(), numbers::plural(corpus.collection_problems.len() as u64)) }</summary>
                    <ul>{ for corpus.collection_problems.iter().map(|d| html! {
                        <li class={classes!((d.severity == corpus::Severity::Error).then_some("error"))}>{ d.to_string() }</li>
                    }) }</ul>
                </details>
            }
            if !corpus.report.is_empty() {
                // One line per upload; the line for each file is folded under it.
                <details class="load-report" id="load-report">
                    <summary><span id="load-summary" class={classes!((corpus.report.errors() > 0).then_some("error"))}>{ corpus.report.summary() }</span>{ " — details" }</summary>
                    <ul>
                        { for corpus.report.added.iter().map(|(name, n)| html! {
                            <li class="added">{ format!("{name}: {} added", numbers::counted(*n as u64, "document")) }</li>
                        }) }
                        { for corpus.report.again.iter().map(|name| html! {
                            <li class="added">{ format!("{name}: already added; skipped") }</li>
                        }) }
                        { for corpus.report.problems.iter().map(|d| html! {
                            <li class={classes!((d.severity == corpus::Severity::Error).then_some("error"))}>{ d.to_string() }</li>
                        }) }
                    </ul>
                </details>
            }
            <search class="search" role="search">
                <label for="q" class="visually-hidden">{ "Search the corpus" }</label>
                <input id="q" ref={search_ref} type="search" value={state.query.clone()} oninput={on_query} onchange={|_: Event| route::settle()}
                    placeholder="Search: heroin Astara, \"joint operations\", kg:>500, person:Zahedian   (press / to focus)"
                    autocomplete="off" spellcheck="false" />
                <details class="syntax">
                    <summary>{ "Syntax" }</summary>
                    <ul>
                        <li><code>{ "heroin Astara" }</code>{ " both words · " }<code>{ "heroin OR opium" }</code>{ " either · " }<code>{ "-Astara" }</code>{ " without" }</li>
                        <li><code>{ "\"joint operations\"" }</code>{ " phrase · " }<code>{ "Kakavand NEAR/10 Eyvazov" }</code>{ " near · " }<code>{ "meth*" }</code>{ " prefix · " }<code>{ "Zahedan~" }</code>{ " fuzzy" }</li>
                        <li><code>{ "title:" }</code>{ " " }<code>{ "source:\"Caspian News\"" }</code>{ " " }<code>{ "date:2019..2021" }</code>{ " " }<code>{ "year:2012" }</code></li>
                        <li><code>{ "person:" }</code>{ " " }<code>{ "org:" }</code>{ " " }<code>{ "place:" }</code>{ " " }<code>{ "country:" }</code>{ " " }<code>{ "drug:heroin" }</code>{ " " }<code>{ "kg:>500" }</code>{ " " }<code>{ "event:seizure" }</code>{ " " }<code>{ "when:2018" }</code>{ " event date" }</li>
                    </ul>
                </details>
            </search>
            if !results.diagnostics.is_empty() {
                <ul class="query-diags" id="query-diags" role="status">
                    { for results.diagnostics.iter().map(|d| html! { <li>{ &d.message }</li> }) }
                </ul>
            }
            if !all_notices.is_empty() {
                <div class="notices" role="status" id="notices">
                    <ul>{ for all_notices.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }</ul>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <div class="layout">
                <FacetPanel engine={Rc::clone(&engine)} facets={Rc::new(results.facets.clone())} matched={Rc::new(matched.clone())} state={state.clone()} />
                <main class="main">
                    <div class="tabs">
                        { tab_bar(&state) }
                        <button type="button" class="copy-link" id="copy-link" onclick={on_copy} title="Copy a link to exactly this view">
                            { match *copied { Some(true) => "Link copied", Some(false) => "Copy failed: use the address bar", None => "Copy link" } }
                        </button>
                        if state.tab == Tab::Results {
                            <label class="sort">{ "Sort " }
                                <select onchange={on_sort} id="sort">
                                    { for corpus::url_state::Sort::ALL.iter().map(|s| html! {
                                        <option value={s.as_str()} selected={*s == state.sort}>{ sort_label(*s) }</option>
                                    }) }
                                </select>
                            </label>
                        }
                    </div>
                    if matches!(state.tab, Tab::Results | Tab::Events) {
                        <Timeline engine={Rc::clone(&engine)} matched={Rc::new(matched.clone())} state={state.clone()} on_select={navigate.clone()} />
                    }
                    <div role="tabpanel" id="tabpanel" tabindex="-1" aria-labelledby={tab_id(state.tab)}>
                    {
                        match state.tab {
                            Tab::Results => results_view(results, &state),
                            Tab::Kwic => html! { <KwicView engine={Rc::clone(&engine)} query={Rc::new(parsed.clone())} state={state.clone()} /> },
                            Tab::Events => html! { <EventsView engine={Rc::clone(&engine)} matched={Rc::new(matched.clone())} state={state.clone()} /> },
                            Tab::Map => html! { <MapView engine={Rc::clone(&engine)} matched={Rc::new(matched.clone())} state={state.clone()} /> },
                            Tab::Network => html! { <NetworkView engine={Rc::clone(&engine)} matched={Rc::new(matched.clone())} state={state.clone()} /> },
                        }
                    }
                    </div>
                </main>
                { for reader }
            </div>
        </div>
    }
}

fn corpus_summary(engine: &Engine, files: usize, show_base: bool, collection: bool) -> String {
    let n = engine.corpus.len();
    let docs = numbers::counted(n as u64, "document");
    let base = if collection { "collection" } else { "sample" };
    let k = numbers::counted(files as u64, "file");
    match (files, show_base) {
        (0, _) if collection => format!("{docs} · search, read, share by link"),
        (0, _) => format!("{docs} (sample corpus) · search, read, share by link"),
        (_, true) => format!("{docs}: the {base} and {k} of yours"),
        (_, false) => format!("{docs} from {k} of yours"),
    }
}

fn sort_label(s: corpus::url_state::Sort) -> &'static str {
    match s {
        corpus::url_state::Sort::Relevance => "relevance",
        corpus::url_state::Sort::DateDesc => "newest first",
        corpus::url_state::Sort::DateAsc => "oldest first",
    }
}

pub fn entity_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "ent ent-person",
        EntityKind::Org => "ent ent-org",
        EntityKind::Place => "ent ent-place",
        EntityKind::Drug => "ent ent-drug",
    }
}

/// The query clause that filters by an entity: `person:"Viktor Ivanov"`.
pub fn entity_clause(kind: EntityKind, name: &str) -> String {
    format!("{}:{}", kind.as_str(), quote(name))
}

pub fn quote(value: &str) -> String {
    if value.chars().all(|c| c.is_alphanumeric()) {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('"', ""))
    }
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

/// Replaces every `date:` and `year:` clause of `query` with `clause` (or removes them).
pub fn set_date_clause(query: &str, clause: Option<&str>) -> String {
    set_field_clause(query, "date:", clause)
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

pub fn has_clause(query: &str, clause: &str) -> bool {
    split_clauses(query).contains(&clause)
}

/// Whitespace-separated clauses, keeping quoted parts together.
fn split_clauses(query: &str) -> Vec<&str> {
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

fn results_view(r: &SearchResults, state: &ViewState) -> Html {
    let pages = r.total.div_ceil(PAGE_SIZE);
    let page = state.page as usize;
    let first = page * PAGE_SIZE + 1;
    let last = (first + r.hits.len()).saturating_sub(1);
    let page_link = |p: usize, label: &str, rel: &'static str| {
        html! { <a class="page" rel={rel} href={route::href(&ViewState { page: p as u32, ..state.clone() })}>{ label }</a> }
    };
    let count = match r.total {
        0 => "No matching documents".to_string(),
        n => {
            let (first, last) = (numbers::count(first as u64), numbers::count(last as u64));
            format!("{first}–{last} of {}", numbers::counted(n as u64, "document"))
        }
    };
    html! {
        <section class="results" aria-label="Results">
            <p class="count" id="count">
                { count }
            </p>
            <ol class="doc-list" id="doc-list">
                { for r.hits.iter().map(|h| {
                    let href = route::href(&ViewState { doc: Some(h.id.clone()), ..state.clone() });
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

#[derive(Properties, PartialEq)]
struct FacetProps {
    engine: Rc<Engine>,
    facets: Rc<search::Facets>,
    matched: Rc<Vec<u32>>,
    state: ViewState,
}

#[function_component(FacetPanel)]
fn facet_panel(props: &FacetProps) -> Html {
    let state = &props.state;
    let group = |title: &str, id: &str, items: Vec<(String, usize, String)>| -> Html {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <section class="facet" id={format!("facet-{id}")}>
                <h2>{ title }</h2>
                <ul>
                    { for items.into_iter().map(|(label, count, clause)| {
                        let active = has_clause(&state.query, &clause);
                        let next = ViewState { query: toggle_clause(&state.query, &clause), page: 0, ..state.clone() };
                        html! {
                            <li>
                                <a href={route::href(&next)} class={classes!("facet-value", active.then_some("active"))}
                                   aria-current={active.then_some("true")} title={if active { format!("remove {clause}") } else { format!("add {clause}") }}>
                                    { label }<span class="n">{ numbers::count(count as u64) }</span>
                                </a>
                            </li>
                        }
                    }) }
                </ul>
            </section>
        }
    };
    let f = &props.facets;
    let sources = f.sources.iter().map(|f| (f.value.clone(), f.count, format!("source:{}", quote(&f.value)))).collect();
    let years = f.years.iter().rev().map(|f| (f.value.clone(), f.count, format!("year:{}", f.value))).collect();
    let entities = props.engine.extraction.facets(&props.matched, 8);
    html! {
        <aside class="facets" aria-label="Filters">
            { group("Source", "source", sources) }
            { group("Year", "year", years) }
            <RangeFacets engine={Rc::clone(&props.engine)} matched={Rc::clone(&props.matched)} state={state.clone()} />
            { for entities.into_iter().map(|(kind, items)| {
                let title = match kind { EntityKind::Person => "People", EntityKind::Org => "Organisations", EntityKind::Place => "Places", EntityKind::Drug => "Drugs" };
                let items = items.into_iter().map(|(name, n)| { let c = entity_clause(kind, &name); (name, n, c) }).collect();
                group(title, kind.as_str(), items)
            }) }
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_toggle() {
        assert_eq!(toggle_clause("", "year:2019"), "year:2019");
        assert_eq!(toggle_clause("heroin", "source:\"Caspian News\""), "heroin source:\"Caspian News\"");
        assert_eq!(toggle_clause("heroin source:\"Caspian News\" x", "source:\"Caspian News\""), "heroin x");
        assert_eq!(quote("Viktor Ivanov"), "\"Viktor Ivanov\"");
        assert_eq!(quote("Iran"), "Iran");
        assert_eq!(set_date_clause("heroin year:2019 x", Some("date:2012..2019")), "heroin x date:2012..2019");
        assert_eq!(set_date_clause("date:2012..2019", None), "");
        assert_eq!(set_field_clause("heroin kg:>5", "kg:", Some("kg:10..100")), "heroin kg:10..100");
        assert_eq!(set_field_clause("when:2018 x", "when:", None), "x");
        assert_eq!(clause_value("heroin kg:10..100", "kg:").as_deref(), Some("10..100"));
        assert_eq!(clause_value("heroin", "kg:"), None);
    }
}
