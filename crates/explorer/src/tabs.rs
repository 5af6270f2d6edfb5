//! The bar above the views: a tab per view (links), "Copy link", and the results' sort.
//!
//! The tabs follow the WAI-ARIA tabs pattern: `role=tablist` of `role=tab` links, the chosen one
//! `aria-selected` and the only one in the tab order (roving `tabindex`); Left and Right move to the
//! previous and next tab (wrapping), Home and End to the first and last, and the tab moved to is
//! shown (a history entry, like a click). The panel is `#tabpanel`, labelled by its tab.

use corpus::state::{apply, Action};
use corpus::url_state::{Sort, Tab, ViewState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::route;
use crate::view_model::Model;

/// Whether the link to the view was copied (`None` until asked, and again once the view changes),
/// and the callback that copies it.
#[hook]
pub fn use_copy_link(state: &ViewState) -> (Option<bool>, Callback<MouseEvent>) {
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
    (*copied, on_copy)
}

/// The id of a tab's element (`tab-events`).
pub fn tab_id(tab: Tab) -> String {
    format!("tab-{}", tab.as_str())
}

/// The tab a key moves to from `from`, if the key moves between tabs.
pub fn tab_after_key(from: Tab, key: &str) -> Option<Tab> {
    let all = Tab::ALL;
    let at = all.iter().position(|t| *t == from)?;
    let n = all.len();
    Some(match key {
        "ArrowRight" => all[(at + 1) % n],
        "ArrowLeft" => all[(at + n - 1) % n],
        "Home" => all[0],
        "End" => all[n - 1],
        _ => return None,
    })
}

/// The tabs, the copy button and (on the results) the sort.
pub fn tab_bar(model: &UseReducerHandle<Model>, copied: Option<bool>, on_copy: Callback<MouseEvent>) -> Html {
    let state = &model.0;
    let on_sort = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(s) = Sort::parse(&select.value()) {
                    model.dispatch(Action::SetSort(s));
                }
            }
        })
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
                return;
            }
            let Some(next) = tab_after_key(state.tab, &e.key()) else { return };
            e.prevent_default();
            // The element exists already (every tab is rendered); focus moves now, the view follows.
            if let Some(el) = gloo::utils::document()
                .get_element_by_id(&tab_id(next))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
            if next != state.tab {
                route::go(&apply(&state, Action::SetTab(next)));
            }
        })
    };
    let tab_link = |tab: Tab| {
        let selected = state.tab == tab;
        let href = route::href(&apply(state, Action::SetTab(tab)));
        html! {
            <a role="tab" href={href} class={classes!("tab", selected.then_some("active"))} id={tab_id(tab)}
               aria-selected={selected.to_string()} aria-controls="tabpanel"
               tabindex={if selected { "0" } else { "-1" }}>{ tab.label() }</a>
        }
    };
    html! {
        <div class="tabs">
            <nav class="tablist" role="tablist" aria-label="Views" {onkeydown}>
                { for Tab::ALL.into_iter().map(tab_link) }
            </nav>
            <button type="button" class="copy-link" id="copy-link" onclick={on_copy} title="Copy a link to exactly this view">
                { match copied { Some(true) => "Link copied", Some(false) => "Copy failed: use the address bar", None => "Copy link" } }
            </button>
            if state.tab == Tab::Results {
                <label class="sort">{ "Sort " }
                    <select onchange={on_sort} id="sort">
                        { for Sort::ALL.iter().map(|s| html! {
                            <option value={s.as_str()} selected={*s == state.sort}>{ sort_label(*s) }</option>
                        }) }
                    </select>
                </label>
            }
        </div>
    }
}

fn sort_label(s: Sort) -> &'static str {
    match s {
        Sort::Relevance => "relevance",
        Sort::DateDesc => "newest first",
        Sort::DateAsc => "oldest first",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(tab_after_key(Tab::Results, "ArrowRight"), Some(Tab::Kwic));
        assert_eq!(tab_after_key(Tab::Results, "ArrowLeft"), Some(Tab::Network));
        assert_eq!(tab_after_key(Tab::Network, "ArrowRight"), Some(Tab::Results));
        assert_eq!(tab_after_key(Tab::Events, "Home"), Some(Tab::Results));
        assert_eq!(tab_after_key(Tab::Events, "End"), Some(Tab::Network));
        assert_eq!(tab_after_key(Tab::Events, "Enter"), None);
    }
}
