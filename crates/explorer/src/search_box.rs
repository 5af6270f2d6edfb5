//! The search box with its syntax help, what was wrong with the query, and the notices about the
//! link the page was opened with (dismissable).

use corpus::state::Action;
use corpus::Diagnostic;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::route;
use crate::view_model::Model;

/// The search box (typing dispatches [`Action::SetQuery`]), the query's diagnostics and the notices.
pub fn search_box(
    model: &UseReducerHandle<Model>,
    search_ref: &NodeRef,
    query_diags: &[Diagnostic],
    notices: &[Diagnostic],
    dismiss: Callback<MouseEvent>,
) -> Html {
    let on_query = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                route::typed();
                model.dispatch(Action::SetQuery(input.value()));
            }
        })
    };
    html! {
        <>
            <search class="search" role="search">
                <label for="q" class="visually-hidden">{ "Search the corpus" }</label>
                <input id="q" ref={search_ref.clone()} type="search" value={model.0.query.clone()} oninput={on_query} onchange={|_: Event| route::settle()}
                    placeholder="Search: heroin Astara, \"joint operations\", kg:>500, person:Zahedian   (press / to focus)"
                    autocomplete="off" spellcheck="false" />
                <details class="syntax">
                    <summary>{ "Syntax" }</summary>
                    <ul>
                        <li><code>{ "heroin Astara" }</code>{ " both words · " }<code>{ "heroin OR opium" }</code>{ " either · " }<code>{ "-Astara" }</code>{ " without" }</li>
                        <li><code>{ "\"joint operations\"" }</code>{ " phrase · " }<code>{ "Kakavand NEAR/10 Eyvazov" }</code>{ " near · " }<code>{ "meth*" }</code>{ " prefix · " }<code>{ "Zahedan~" }</code>{ " fuzzy" }</li>
                        <li><code>{ "title:" }</code>{ " " }<code>{ "source:\"Caspian News\"" }</code>{ " " }<code>{ "date:2019..2021" }</code>{ " " }<code>{ "year:2012" }</code></li>
                        <li><code>{ "person:" }</code>{ " " }<code>{ "org:" }</code>{ " " }<code>{ "place:" }</code>{ " " }<code>{ "country:" }</code>{ " " }<code>{ "drug:heroin" }</code>{ " " }<code>{ "kg:>500" }</code>{ " " }<code>{ "event:seizure" }</code>{ " " }<code>{ "when:2018" }</code>{ " event date" }</li>
                    </ul>
                </details>
            </search>
            if !query_diags.is_empty() {
                <ul class="query-diags" id="query-diags" role="status">
                    { for query_diags.iter().map(|d| html! { <li>{ &d.message }</li> }) }
                </ul>
            }
            if !notices.is_empty() {
                <div class="notices" role="status" id="notices">
                    <ul>{ for notices.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }</ul>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        </>
    }
}
