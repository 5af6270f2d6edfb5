//! The keyboard: "/" focuses the search box (unless the person is typing in a field), Esc closes the
//! reader.

use corpus::state::Action;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::view_model::Model;

/// Listens for the page's keys while the app is mounted.
#[hook]
pub fn use_keys(model: &UseReducerHandle<Model>, search_ref: &NodeRef) {
    let (model, search_ref) = (model.clone(), search_ref.clone());
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
