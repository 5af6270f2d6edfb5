//! The tab bar, as the WAI-ARIA tabs pattern has it: `role=tablist` of `role=tab` links, the chosen
//! one `aria-selected` and the only one in the tab order (roving `tabindex`); Left and Right move to
//! the previous and next tab (wrapping), Home and End to the first and last, and the tab moved to is
//! shown (a history entry, like a click). The panel is `#tabpanel`, labelled by its tab.

use corpus::url_state::{Tab, ViewState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::route;

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

/// The tab bar for `state` (a function, not a component: it has no state of its own).
pub fn tab_bar(state: &ViewState) -> Html {
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
                route::go(&ViewState { tab: next, ..state.clone() });
            }
        })
    };
    html! {
        <nav class="tablist" role="tablist" aria-label="Views" {onkeydown}>
            { for Tab::ALL.into_iter().map(|tab| {
                let selected = state.tab == tab;
                let href = route::href(&ViewState { tab, ..state.clone() });
                html! {
                    <a role="tab" href={href} class={classes!("tab", selected.then_some("active"))} id={tab_id(tab)}
                       aria-selected={selected.to_string()} aria-controls="tabpanel"
                       tabindex={if selected { "0" } else { "-1" }}>{ tab.label() }</a>
                }
            }) }
        </nav>
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
