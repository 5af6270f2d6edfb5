//! The one place that reads and writes the URL fragment.
//!
//! Links inside the app are plain `href="#…"` anchors, so the browser records history and fires
//! `hashchange`. Every other settled view is one history entry too (`pushState`): a query once typing
//! pauses, the reader closed with Esc, a sort chosen in a menu. Keystrokes while typing replace the
//! entry their burst began (`replaceState`), so Back goes to the view before the query, not to
//! the query one letter shorter. Back and Forward restore the view (`popstate`, `hashchange`).

use corpus::url_state::{self, ViewState};
use corpus::Diagnostic;
use gloo::events::EventListener;
use std::cell::Cell;
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

/// A typed query settles (becomes its own history entry) once typing pauses this long.
pub const SETTLE_MS: f64 = 700.0;

thread_local! {
    /// A keystroke in the query box changed the view; read (and cleared) when the URL is written.
    static TYPED: Cell<bool> = const { Cell::new(false) };
    /// When the last keystroke's view was written (ms since the epoch); `-inf` once settled.
    static LAST_KEYSTROKE: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// Says that the next view change comes from a keystroke in the query box: it replaces the
/// current history entry if typing has not paused since the last one, else it starts a new entry.
pub fn typed() {
    TYPED.with(|t| t.set(true));
}

/// Settles the typed query now (Enter, leaving the box): the next keystroke starts a new entry.
pub fn settle() {
    LAST_KEYSTROKE.with(|t| t.set(f64::NEG_INFINITY));
}

/// How a view change is written to the history: `true` replaces the current entry (a keystroke
/// within `SETTLE_MS` of the previous one), `false` pushes a new one. `now` in milliseconds.
fn replaces(typed: bool, now: f64) -> bool {
    LAST_KEYSTROKE.with(|last| {
        let burst = typed && now - last.get() < SETTLE_MS;
        last.set(if typed { now } else { f64::NEG_INFINITY });
        burst
    })
}

/// Keeps `model` and the URL in step: writes the URL after each change, reads it back on
/// back/forward and on edits of the address bar. Returns nothing; notices go through `on_notice`.
#[hook]
pub fn use_url_sync(model: UseReducerHandle<Model>, on_notice: Callback<Vec<Diagnostic>>) {
    let follow = {
        let model = model.clone();
        Rc::new(move || {
            // The notices are the new address's own: those of the view before go (none left piled up).
            let (state, diags) = read();
            on_notice.emit(diags);
            model.dispatch(corpus::state::Action::Replace(state));
        })
    };
    {
        let follow = Rc::clone(&follow);
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let on_hash = {
                let follow = Rc::clone(&follow);
                EventListener::new(&window, "hashchange", move |_| follow())
            };
            // Back and Forward between entries written by `pushState` fire `popstate` (and
            // `hashchange` only when the fragment differs); following twice changes nothing.
            let on_pop = EventListener::new(&window, "popstate", move |_| follow());
            move || drop((on_hash, on_pop))
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
        let typed = TYPED.with(|t| t.replace(false));
        if !typed {
            // A link, Back, a menu: whatever was being typed is settled.
            settle();
        }
        let want = href(state);
        let window = gloo::utils::window();
        let have = window.location().hash().unwrap_or_default();
        if have == want || (have.is_empty() && want == href(&ViewState::default())) {
            return;
        }
        let Ok(history) = window.history() else { return };
        let url = Some(want.as_str());
        // The address already says this view (back/forward, a link, the address bar): written in
        // the canonical form, in place. Otherwise the view is new: one entry per settled view.
        let replace = read().0 == *state || replaces(typed, js_sys::Date::now());
        let _ = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
        };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystrokes_replace_until_typing_pauses() {
        settle();
        assert!(!replaces(true, 1000.0), "the first keystroke starts an entry");
        assert!(replaces(true, 1200.0), "the next one within the pause replaces it");
        assert!(replaces(true, 1200.0 + SETTLE_MS - 1.0));
        assert!(!replaces(true, 1200.0 + 3.0 * SETTLE_MS), "after a pause, a new entry");
        assert!(!replaces(false, 5000.0), "any other change is an entry");
        assert!(!replaces(true, 5001.0), "and typing after it starts a new one");
        settle();
        assert!(!replaces(true, 5002.0), "Enter settles the query");
    }
}
