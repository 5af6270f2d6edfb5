//! The page's top: what the corpus is (the sample or a collection, and the person's files), the
//! buttons that add files and folders, hide or show the base and remove the person's files, the
//! progress of indexing and of a collection, and the reports of what was added. Files dropped
//! anywhere on the page are taken by [`use_file_drop`].

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::Engine;
use crate::loading::{CorpusView, Keeping};
use crate::numbers;
use crate::partitioned::Partitioned;
use crate::pick::{self, Picks};

/// The page as a drop target: whether something is dragged over it, and its handlers.
pub struct FileDrop {
    pub dragging: bool,
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

/// Files and folders dropped on the page go to `add` (folders walked first).
#[hook]
pub fn use_file_drop(add: &Callback<Picks>) -> FileDrop {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let (dragging, add) = (dragging.clone(), add.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            // Taken now: what was dropped is gone once the event is over; folders are walked after.
            let Some(dropped) = e.data_transfer().map(|d| pick::dropped(&d)) else { return };
            let add = add.clone();
            yew::platform::spawn_local(async move { add.emit(pick::walk(dropped).await) });
        })
    };
    FileDrop { dragging: *dragging, ondragover, ondragleave, ondrop }
}

/// The header, the progress bars and the load reports; for a partitioned collection, its size
/// and status (the person's files are not added to one).
pub fn header(corpus: &CorpusView, partitioned: Option<&Partitioned>) -> Html {
    let on_pick = {
        let add = corpus.add.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                add.emit(pick::from_input(&input));
                input.set_value("");
            }
        })
    };
    let toggle_sample = corpus.toggle_base.reform(|_: MouseEvent| ());
    let clear_mine = corpus.clear.reform(|_: MouseEvent| ());
    html! {
        <>
            <header class="top">
                <h1><a href="#v=1" class="brand">{ "Trawl" }</a></h1>
                <p class="tagline" id="corpus-size">{ match partitioned {
                        Some(p) => crate::partitioned::summary(p),
                        None => corpus_summary(&corpus.engine, corpus.files, corpus.show_base, corpus.collection),
                    } }
                    if corpus.files > 0 {
                        <span id="keeping" class={classes!(matches!(corpus.keeping, Keeping::Failed(_)).then_some("error"))}>{ corpus.keeping.label() }</span>
                    }
                </p>
                <div class="corpus-actions" hidden={corpus.partitioned}>
                    <label class="button" for="file-input" title="txt, md, json, jsonl, html, csv, tsv or a .trawl pack, each also gzip-compressed (.gz); or drop files or folders anywhere on the page">{ "Add files" }</label>
                    <input id="file-input" class="visually-hidden" type="file" multiple=true
                        accept=".txt,.text,.md,.markdown,.json,.jsonl,.ndjson,.html,.htm,.csv,.tsv,.sgm,.trawl,.gz" onchange={on_pick.clone()} />
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
                    if let Some((n, ready)) = corpus.removed {
                        <span id="removed" role="status">{ format!("Removed {}. ", numbers::counted(n as u64, "file")) }
                            <button type="button" id="undo-remove" disabled={!ready} onclick={corpus.undo.reform(|_: MouseEvent| ())}>{ "Undo" }</button></span>
                    }
                </div>
            </header>
            if let Some(p) = partitioned {
                { crate::partitioned::status(p) }
            }
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
        </>
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
