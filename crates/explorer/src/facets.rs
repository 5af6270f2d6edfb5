//! The filters beside the results: sources, years, the range facets (`ranges`) and the entities most
//! named in the matching documents. Each value is a link that adds its clause to the query, or takes
//! it out when it is there.

use corpus::extract::EntityKind;
use corpus::query::{field_clause, has_clause};
use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;
use crate::matching::Matching;
use crate::numbers;
use crate::ranges::RangeFacets;
use crate::route;

/// The facet panel's props.
#[derive(Properties, PartialEq)]
pub struct FacetProps {
    pub engine: Rc<Engine>,
    /// The query's run: its facet counts and matching documents.
    pub matching: Rc<Matching>,
    pub state: ViewState,
}

#[function_component(FacetPanel)]
pub fn facet_panel(props: &FacetProps) -> Html {
    let state = &props.state;
    let group = |title: &str, id: &str, items: Vec<(String, usize, String)>| -> Html {
        let rows = items.into_iter().map(|(label, count, clause)| {
            let active = has_clause(&state.query, &clause);
            let next = apply(state, Action::ToggleClause(clause.clone()));
            html! {
                <li>
                    <a href={route::href(&next)} class={classes!("facet-value", active.then_some("active"))}
                       aria-current={active.then_some("true")} title={if active { format!("remove {clause}") } else { format!("add {clause}") }}>
                        { label }<span class="n">{ numbers::count(count as u64) }</span>
                    </a>
                </li>
            }
        });
        facet_group(title, id, rows.collect())
    };
    let f = &props.matching.results.facets;
    let sources = f.sources.iter().map(|f| (f.value.clone(), f.count, field_clause("source", &f.value))).collect();
    let years = f.years.iter().rev().map(|f| (f.value.clone(), f.count, format!("year:{}", f.value))).collect();
    let entities = props.engine.extraction.facets(&props.matching.docs, 8);
    html! {
        <aside class="facets" aria-label="Filters">
            { group("Source", "source", sources) }
            { group("Year", "year", years) }
            <RangeFacets engine={Rc::clone(&props.engine)} matched={Rc::clone(&props.matching.docs)} state={state.clone()} />
            { for entities.into_iter().map(|(kind, items)| {
                let title = match kind { EntityKind::Person => "People", EntityKind::Org => "Organisations", EntityKind::Place => "Places", EntityKind::Drug => "Drugs" };
                let items = items.into_iter().map(|(name, n)| { let c = field_clause(kind.as_str(), &name); (name, n, c) }).collect();
                group(title, kind.as_str(), items)
            }) }
        </aside>
    }
}

/// A partitioned collection's sources and years over the whole collection (its root's counts).
/// Plain counts, not filters: such a collection does not filter yet.
pub fn collection_facets(sources: &[(String, u32)], years: &[(i32, u32)]) -> Html {
    let group =
        |title: &str, id: &str, items: Vec<(String, u32)>| -> Html {
            let rows = items.into_iter().map(|(label, n)| html! {
            <li><span class="facet-value">{ label }<span class="n">{ numbers::count(n as u64) }</span></span></li>
        });
            facet_group(title, id, rows.collect())
        };
    let years = years.iter().rev().map(|(y, n)| (y.to_string(), *n)).collect();
    html! {
        <aside class="facets" aria-label="The whole collection">
            <p class="facet-note">{ "The whole collection" }</p>
            { group("Source", "source", sources.iter().take(12).cloned().collect()) }
            { group("Year", "year", years) }
        </aside>
    }
}

/// One facet: its title and rows, nothing when it has none.
fn facet_group(title: &str, id: &str, rows: Vec<Html>) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <section class="facet" id={format!("facet-{id}")}>
            <h2>{ title }</h2>
            <ul>{ for rows }</ul>
        </section>
    }
}
