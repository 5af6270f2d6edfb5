//! Keyboard focus: the skip link ahead of everything, and focus moved into the reader when it opens
//! and back to the result that opened it when it closes.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// "Skip to results", the first stop of the tab order: focuses the first result (or the view shown,
/// on tabs without a list of results), past the header, the search box and the facets.
pub fn skip_link() -> Html {
    let onclick = Callback::from(|e: MouseEvent| {
        // Not a fragment link: the fragment is the view's state.
        e.prevent_default();
        let doc = gloo::utils::document();
        focus(doc.query_selector("#doc-list a.doc-title").ok().flatten().or_else(|| doc.get_element_by_id("tabpanel")));
    });
    html! { <a class="skip-link" id="skip-link" href="#tabpanel" {onclick}>{ "Skip to results" }</a> }
}

/// Focuses an element, if it is one that can take focus.
fn focus(el: Option<web_sys::Element>) {
    if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The title link of the result for document `id` in the list of results, if it is shown.
fn result_link(id: &str) -> Option<web_sys::Element> {
    // A CSS string: backslashes and quotes escaped, line breaks as `\a `.
    let quoted = id.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\a ");
    gloo::utils::document().query_selector(&format!("#doc-list li[data-id=\"{quoted}\"] a.doc-title")).ok().flatten()
}

/// Moves focus into the reader when it opens a document (to its close link, first in it), and back
/// to the result that opened it when it closes, if focus was left on nothing (the closed reader).
#[hook]
pub fn use_reader_focus(close: NodeRef, doc_id: String) {
    use_effect_with(doc_id, move |id| {
        focus(close.cast::<web_sys::Element>());
        let id = id.clone();
        move || {
            // Run after the reader is gone, when the element that had focus has left the page.
            yew::platform::spawn_local(async move {
                let doc = gloo::utils::document();
                let body: Option<web_sys::Element> = doc.body().map(|b| b.unchecked_into());
                if doc.active_element() == body {
                    focus(result_link(&id));
                }
            });
        }
    });
}
