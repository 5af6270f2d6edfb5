//! Range facets: seized quantity (kg) in buckets with counts, and from/to forms for the seized
//! quantity, the publication date and the event date. Each writes one clause (`kg:100..1000`,
//! `date:2019..2021`, `when:2018-06..`) into the query, replacing the clause of the same field, so
//! the view stays a link.

use corpus::query::{clause_value, has_clause};
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::Engine;
use crate::numbers;
use crate::route;

#[derive(Properties, PartialEq)]
pub struct RangeProps {
    pub engine: Rc<Engine>,
    pub matched: Rc<Vec<u32>>,
    pub state: ViewState,
}

#[function_component(RangeFacets)]
pub fn range_facets(props: &RangeProps) -> Html {
    let state = &props.state;
    let engine = &props.engine;
    // Documents per bucket: a document counts once per bucket that one of its seizures falls in.
    let counts = corpus::stats::kg_buckets(&engine.extraction.events, &props.matched);
    let buckets = counts.into_iter().filter(|b| b.docs > 0).map(|b| {
        let (clause, lo, hi, n) = (b.clause(), b.lo, b.hi, b.docs);
        let label = match (lo, hi) {
            (None, Some(hi)) => format!("under {}", numbers::count(hi)),
            (Some(lo), Some(hi)) => format!("{}–{}", numbers::count(lo), numbers::count(hi)),
            (Some(lo), None) => format!("{} or more", numbers::count(lo)),
            (None, None) => String::new(),
        };
        let active = has_clause(&state.query, &clause);
        let href = route::href(&apply(state, Action::SetFieldClause { field: "kg:", clause: (!active).then(|| clause.clone()) }));
        html! {
            <li>
                <a href={href} class={classes!("facet-value", active.then_some("active"))} aria-current={active.then_some("true")}
                   title={if active { format!("remove {clause}") } else { format!("filter by {clause}") }}>
                    { label }<span class="n">{ numbers::count(n as u64) }</span>
                </a>
            </li>
        }
    });
    // Placeholders from the corpus shown: its first year and its last month.
    let published = date_span(engine.corpus.docs().iter().filter_map(|d| d.date));
    let happened = date_span(engine.extraction.events.iter().filter_map(|e| e.date));
    html! {
        <section class="facet ranges" id="facet-ranges">
            <h2>{ "Seized (kg)" }</h2>
            <ul id="kg-buckets">{ for buckets }</ul>
            <RangeForm field="kg:" label="kg" placeholder_from="min" placeholder_to="max" numeric=true state={state.clone()} />
            <h2>{ "Published" }</h2>
            <RangeForm field="date:" label="published" placeholder_from={published.0} placeholder_to={published.1} numeric=false state={state.clone()} />
            <h2>{ "Event date" }</h2>
            <RangeForm field="when:" label="event date" placeholder_from={happened.0} placeholder_to={happened.1} numeric=false state={state.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RangeFormProps {
    /// The clause prefix this form writes: `kg:`, `date:` or `when:`.
    field: &'static str,
    label: &'static str,
    placeholder_from: AttrValue,
    placeholder_to: AttrValue,
    numeric: bool,
    state: ViewState,
}

/// From/to inputs filled from the query's clause for the field; "Apply" replaces that clause, an
/// empty form removes it.
#[function_component(RangeForm)]
fn range_form(props: &RangeFormProps) -> Html {
    let from_ref = use_node_ref();
    let to_ref = use_node_ref();
    let current = clause_value(&props.state.query, props.field).unwrap_or_default();
    // A value without a range (`kg:>500`, `date:2019`) reads as from-only, to-only, or both.
    let (from, to) = if let Some((a, b)) = current.split_once("..") {
        (a, b)
    } else if let Some(x) = current.strip_prefix('<') {
        ("", x.trim_start_matches('='))
    } else if let Some(x) = current.strip_prefix('>') {
        (x.trim_start_matches('='), "")
    } else {
        (current.as_str(), current.as_str())
    };
    let (from, to) = (from.to_string(), to.to_string());
    let on_submit = {
        let (from_ref, to_ref, state, field) = (from_ref.clone(), to_ref.clone(), props.state.clone(), props.field);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value =
                |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string()).unwrap_or_default();
            let (a, b) = (value(&from_ref), value(&to_ref));
            let clause = match (a.is_empty(), b.is_empty()) {
                (true, true) => None,
                _ if a == b => Some(format!("{field}{a}")),
                _ => Some(format!("{field}{a}..{b}")),
            };
            route::go(&apply(&state, Action::SetFieldClause { field, clause }));
        })
    };
    let id = props.field.trim_end_matches(':');
    let (mode, pattern) = if props.numeric {
        ("decimal", "[0-9][0-9,]*(\\.[0-9]+)?")
    } else {
        ("numeric", "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
    };
    html! {
        <form class="range-form" id={format!("range-{id}")} onsubmit={on_submit}>
            <label class="visually-hidden" for={format!("range-{id}-from")}>{ format!("{} from", props.label) }</label>
            <input id={format!("range-{id}-from")} ref={from_ref} type="text" inputmode={mode} pattern={pattern}
                value={from} placeholder={props.placeholder_from.clone()} size="7" />
            <span aria-hidden="true">{ "–" }</span>
            <label class="visually-hidden" for={format!("range-{id}-to")}>{ format!("{} to", props.label) }</label>
            <input id={format!("range-{id}-to")} ref={to_ref} type="text" inputmode={mode} pattern={pattern}
                value={to} placeholder={props.placeholder_to.clone()} size="7" />
            <button type="submit">{ "Apply" }</button>
        </form>
    }
}

/// The first year and the last month of `dates` ("2012", "2025-03"), as a range form's placeholders;
/// "from" and "to" without dates.
fn date_span(dates: impl Iterator<Item = corpus::Date>) -> (AttrValue, AttrValue) {
    let (lo, hi) = dates.fold((None::<corpus::Date>, None::<corpus::Date>), |(lo, hi), d| {
        (Some(lo.map_or(d, |l| l.min(d))), Some(hi.map_or(d, |h| h.max(d))))
    });
    match (lo, hi) {
        (Some(lo), Some(hi)) => {
            let last = if hi.month > 0 { format!("{:04}-{:02}", hi.year, hi.month) } else { format!("{:04}", hi.year) };
            (format!("{:04}", lo.year).into(), last.into())
        }
        _ => ("from".into(), "to".into()),
    }
}
