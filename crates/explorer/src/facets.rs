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
/// Plain counts, not filters: such a collection does not filter yet. With neither (undated documents
/// without sources), nothing but the panel's empty place in the layout.
pub fn collection_facets(sources: &[(String, u32)], years: &[(i32, u32)]) -> Html {
    let row = |label: String, n: u32| {
        html! { <li><span class="facet-value">{ label }<span class="n">{ numbers::count(n as u64) }</span></span></li> }
    };
    let sources: Vec<Html> = sources.iter().take(12).map(|(s, n)| row(s.clone(), *n)).collect();
    let years: Vec<Html> = years.iter().rev().map(|(y, n)| row(y.to_string(), *n)).collect();
    if sources.is_empty() && years.is_empty() {
        return html! { <div class="facets"></div> };
    }
    html! {
        <aside class="facets" aria-label="The whole collection">
            <p class="facet-note">{ "The whole collection" }</p>
            { facet_group("Source", "source", sources) }
            { facet_group("Year", "year", years) }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Properties, PartialEq)]
    struct Counts {
        sources: Vec<(String, u32)>,
        years: Vec<(i32, u32)>,
    }

    #[function_component(Whole)]
    fn whole(c: &Counts) -> Html {
        collection_facets(&c.sources, &c.years)
    }

    /// The whole collection's panel as HTML.
    fn rendered(sources: &[(&str, u32)], years: &[(i32, u32)]) -> String {
        let sources = sources.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        let counts = Counts { sources, years: years.to_vec() };
        futures::executor::block_on(yew::LocalServerRenderer::<Whole>::with_props(counts).hydratable(false).render())
    }

    #[test]
    fn the_whole_collection_panel_has_a_heading_only_over_counts() {
        let both = rendered(&[("Reuters", 3)], &[(2019, 2), (2020, 1)]);
        assert!(both.contains("The whole collection") && both.contains("Reuters") && both.contains("2020"), "{both}");
        let years = rendered(&[], &[(2019, 2)]);
        assert!(years.contains("The whole collection") && !years.contains("facet-source"), "{years}");
        // Undated documents without sources: no heading over nothing.
        assert_eq!(rendered(&[], &[]), r#"<div class="facets"></div>"#);
    }
}
