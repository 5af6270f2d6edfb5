//! The root component: a short composition of hooks and views. `use_corpus` (loading.rs) gives the
//! corpus, the view state is the core's `ViewState` behind a reducer kept in step with the URL
//! (route.rs), `use_matching` runs the query once for every view, and the page is laid out from the
//! views' own files: header, search box, facets, tabs, the tab's view, the reader.

use corpus::url_state::{Tab, ViewState};
use corpus::Diagnostic;
use std::rc::Rc;
use yew::prelude::*;

use crate::facets::FacetPanel;
use crate::focus::skip_link;
use crate::header::{header, use_file_drop};
use crate::keys::use_keys;
use crate::loading::use_corpus;
use crate::map::MapView;
use crate::matching::use_matching;
use crate::network::NetworkView;
use crate::partitioned::{reader, use_partitioned, whole_only};
use crate::reader::reader_for;
use crate::results::results_view;
use crate::route;
use crate::search_box::search_box;
use crate::tabs::{tab_bar, tab_id, use_copy_link};
use crate::timeline::Timeline;
use crate::view_model::Model;
use crate::views::{EventsView, KwicView};

#[function_component(App)]
pub fn app() -> Html {
    // The corpus the views read, the person's uploads, the collection (see loading.rs).
    let corpus = use_corpus();
    let drop = use_file_drop(&corpus.add);
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
    use_keys(&model, &search_ref);
    let state: &ViewState = &model.0;
    let (copied, on_copy) = use_copy_link(state);
    let engine = Rc::clone(&corpus.engine);
    let matching = use_matching(&engine, corpus.generation, state);
    // A partitioned collection answers the query itself, file by file; `None` on other sites.
    let partitioned = use_partitioned(state);

    let open_doc =
        state.doc.as_deref().and_then(|id| engine.corpus.position(id).map(|i| (i as u32, &engine.corpus.docs()[i])));
    let mut all_notices: Vec<Diagnostic> = (*notices).clone();
    // A document of a collection may simply not have loaded yet.
    let remote_reader = partitioned.as_ref().zip(state.doc.as_deref()).map(|(p, id)| (p, id, reader(p, id, state)));
    match remote_reader {
        Some((p, id, None)) if !p.busy && !p.reading => all_notices.push(crate::partitioned::not_shown(id)),
        Some(_) => {}
        None => {
            if let (Some(id), None, None) = (&state.doc, open_doc, &corpus.collection_status) {
                all_notices.push(crate::reader::missing(id, corpus.files > 0));
            }
        }
    }
    let remote_reader = remote_reader.and_then(|r| r.2);
    let query_diags = match &partitioned {
        Some(p) => p.diagnostics(),
        None => matching.results.diagnostics.clone(),
    };
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(Vec::new()))
    };
    // Views chosen by pointer gestures (the timeline's brush) become history entries, like links.
    let navigate = Callback::from(|next: ViewState| route::go(&next));
    let matched = &matching.docs;
    let view = match (state.tab, &partitioned) {
        (Tab::Results, Some(p)) => crate::partitioned::results(p, state),
        (Tab::Kwic, Some(p)) => crate::partitioned::concordance(p, state),
        (_, Some(_)) => whole_only(),
        (Tab::Results, None) => results_view(&matching.results, state),
        (Tab::Kwic, None) => html! {
            <KwicView engine={Rc::clone(&engine)} matched={Rc::clone(matched)} marks={Rc::clone(&matching.body_marks)} has_words={matching.has_words} state={state.clone()} />
        },
        (Tab::Events, None) => {
            html! { <EventsView engine={Rc::clone(&engine)} matched={Rc::clone(matched)} state={state.clone()} /> }
        }
        (Tab::Map, None) => {
            html! { <MapView engine={Rc::clone(&engine)} matched={Rc::clone(matched)} state={state.clone()} /> }
        }
        (Tab::Network, None) => {
            html! { <NetworkView engine={Rc::clone(&engine)} matched={Rc::clone(matched)} state={state.clone()} /> }
        }
    };

    html! {
        <div class={classes!("app", (open_doc.is_some() || remote_reader.is_some()).then_some("reading"), drop.dragging.then_some("dragging"))}
             ondragover={drop.ondragover} ondragleave={drop.ondragleave} ondrop={drop.ondrop}>
            { skip_link() }
            { header(&corpus, partitioned.as_ref()) }
            { search_box(&model, &search_ref, &query_diags, &all_notices, dismiss) }
            <div class="layout">
                if let Some(p) = &partitioned {
                    { crate::partitioned::facets(p, state) }
                } else {
                    <FacetPanel engine={Rc::clone(&engine)} matching={Rc::clone(&matching)} state={state.clone()} />
                }
                <main class="main">
                    { tab_bar(&model, copied, on_copy) }
                    if matches!(state.tab, Tab::Results | Tab::Events) && partitioned.is_none() {
                        <Timeline engine={Rc::clone(&engine)} matched={Rc::clone(matched)} state={state.clone()} on_select={navigate} />
                    }
                    <div role="tabpanel" id="tabpanel" tabindex="-1" aria-labelledby={tab_id(state.tab)}>
                        { view }
                    </div>
                </main>
                { for open_doc.map(|(idx, doc)| reader_for(&engine, idx, doc, &matching, state)) }
                { for remote_reader }
            </div>
        </div>
    }
}
