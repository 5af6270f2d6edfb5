//! The bar above the views: a tab per view (links), "Copy link", and the results' sort.

use corpus::state::{apply, Action};
use corpus::url_state::{Sort, Tab, ViewState};
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
    let tab_link = |tab: Tab| {
        let href = route::href(&apply(state, Action::SetTab(tab)));
        html! {
            <a role="tab" href={href} class={classes!("tab", (state.tab == tab).then_some("active"))}
               aria-selected={(state.tab == tab).to_string()} id={format!("tab-{}", tab.as_str())}>{ tab.label() }</a>
        }
    };
    html! {
        <div class="tabs">
            <nav class="tablist" role="tablist" aria-label="Views">
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
