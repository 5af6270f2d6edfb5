//! The one place that reads and writes the URL fragment.
//!
//! Links inside the app are plain `href="#…"` anchors, so the browser records history and fires
//! `hashchange`; state changed by typing is written back with `replaceState` (no history spam).

use corpus::url_state::{self, ViewState};
use corpus::Diagnostic;
use gloo::events::EventListener;
use std::rc::Rc;
use yew::prelude::*;

use crate::view_model::Model;

/// The state in the current URL fragment, with what was wrong with it.
pub fn read() -> (ViewState, Vec<Diagnostic>) {
    // Rendered ahead of time (see `prerender`), the page is the default view: no fragment.
    if !cfg!(target_arch = "wasm32") {
        return url_state::decode("");
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    // `location.hash` is percent-encoded by the browser where needed; decode handles the rest.
    url_state::decode(&hash)
}

/// The whole address of the page, fragment included (what a reload restores).
pub fn current_href() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// Whether the address asks for a deliberate panic (`?panic-test`, before the fragment), so the
/// browser tests can see the recovery banner. It can only stop the tab that asks for it.
pub fn panic_test_requested() -> bool {
    gloo::utils::window().location().search().is_ok_and(|s| s.contains("panic-test"))
}

/// Copies the link to the current view to the clipboard; resolves once written.
pub async fn copy_link() -> Result<(), String> {
    let promise = gloo::utils::window().navigator().clipboard().write_text(&current_href());
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(|e| format!("{e:?}"))
}

/// Goes to a view as a link would: a new history entry, and `hashchange` updates the app.
pub fn go(state: &ViewState) {
    gloo::utils::window().location().set_hash(&href(state)).ok();
}

/// Goes to an href made by [`href`] (a click on something that is not a link).
pub fn go_href(href: &str) {
    gloo::utils::window().location().set_hash(href).ok();
}

/// `#` plus the encoded state: the href of a link to that view.
pub fn href(state: &ViewState) -> String {
    format!("#{}", url_state::encode(state))
}

/// Keeps `model` and the URL in step: writes the URL after each change, reads it back on
/// back/forward and on edits of the address bar. Returns nothing; notices go through `on_notice`.
#[hook]
pub fn use_url_sync(model: UseReducerHandle<Model>, on_notice: Callback<Vec<Diagnostic>>) {
    let follow = {
        let model = model.clone();
        Rc::new(move || {
            let (state, diags) = read();
            if !diags.is_empty() {
                on_notice.emit(diags);
            }
            model.dispatch(corpus::state::Action::Replace(state));
        })
    };
    {
        let follow = Rc::clone(&follow);
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| follow());
            move || drop(listener)
        });
    }
    // The app starts after the page's load event, so the address can change between its first render
    // and these effects (a quick back or forward, a script). On mount, an address that reads as another
    // view than the one rendered is followed, not overwritten.
    let mounted = use_mut_ref(|| false);
    let state = model.0.clone();
    use_effect_with(state, move |state| {
        if !mounted.replace(true) && read().0 != *state {
            follow();
            return;
        }
        let want = href(state);
        let window = gloo::utils::window();
        let have = window.location().hash().unwrap_or_default();
        if have != want && !(have.is_empty() && want == href(&ViewState::default())) {
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&want));
            }
        }
    });
}
