//! The root component: loads the default corpus, holds the view state, lays out the page.

use corpus::state::Action;
use corpus::url_state::ViewState;
use corpus::{Corpus, Diagnostic, Document};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::reader::Reader;
use crate::route;
use crate::seeds::SEEDS;
use crate::view_model::Model;

fn load_seeds() -> (Corpus, Vec<Diagnostic>) {
    Corpus::from_files(SEEDS.iter().map(|&(name, bytes)| (name, bytes)))
}

#[function_component(App)]
pub fn app() -> Html {
    let loaded = use_memo((), |_| load_seeds());
    let corpus: &Corpus = &loaded.0;
    let initial = use_memo((), |_| route::read());
    let notices = use_state(|| initial.1.clone());
    let model = use_reducer(|| Model(initial.0.clone()));
    {
        let notices = notices.clone();
        route::use_url_sync(model.clone(), Callback::from(move |d| notices.set(d)));
    }
    // Esc closes the reader.
    {
        let model = model.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    if e.key() == "Escape" {
                        model.dispatch(Action::CloseDoc);
                    }
                }
            });
            move || drop(listener)
        });
    }

    let state: &ViewState = &model.0;
    let open_doc: Option<&Document> = state.doc.as_deref().and_then(|id| corpus.get(id));
    let mut all_notices: Vec<Diagnostic> = (*notices).clone();
    if let (Some(id), None) = (&state.doc, open_doc) {
        all_notices.push(Diagnostic::warning("link", format!("no document {id:?} in this corpus")));
    }
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(Vec::new()))
    };
    let close_href = route::href(&ViewState { doc: None, ..state.clone() });

    html! {
        <div class={classes!("app", open_doc.is_some().then_some("reading"))}>
            <header class="top">
                <h1><a href="#v=1" class="brand">{ "Trawl" }</a></h1>
                <p class="tagline">{ format!("{} documents", corpus.len()) }</p>
            </header>
            if !all_notices.is_empty() {
                <div class="notices" role="status" id="notices">
                    <ul>{ for all_notices.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }</ul>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <main class="layout">
                <section class="results" aria-label="Documents">
                    <DocList docs={Rc::clone(&loaded)} state={state.clone()} />
                </section>
                if let Some(doc) = open_doc {
                    <Reader doc={doc.clone()} close_href={close_href} />
                }
            </main>
        </div>
    }
}

#[derive(Properties)]
struct DocListProps {
    docs: Rc<(Corpus, Vec<Diagnostic>)>,
    state: ViewState,
}

impl PartialEq for DocListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.docs, &other.docs) && self.state == other.state
    }
}

#[function_component(DocList)]
fn doc_list(props: &DocListProps) -> Html {
    let corpus = &props.docs.0;
    html! {
        <ol class="doc-list" id="doc-list">
            { for corpus.docs().iter().map(|d| {
                let href = route::href(&ViewState { doc: Some(d.id.clone()), ..props.state.clone() });
                let current = props.state.doc.as_deref() == Some(d.id.as_str());
                html! {
                    <li class={classes!("doc", current.then_some("current"))} data-id={d.id.clone()}>
                        <a class="doc-title" href={href} aria-current={current.then_some("true")}>{ &d.title }</a>
                        <span class="doc-meta">
                            <span class="date">{ d.date.map(|d| d.to_string()).unwrap_or_default() }</span>
                            <span class="source">{ d.source.clone().unwrap_or_default() }</span>
                        </span>
                    </li>
                }
            }) }
        </ol>
    }
}
