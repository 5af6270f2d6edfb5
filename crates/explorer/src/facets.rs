//! The filters beside the results: sources, years, the range facets (`ranges`) and the entities most
//! named in the matching documents; for a partitioned collection, what it counts (`collection_facets`).
//! Each value is a link that adds its clause to the query, or takes it out when it is there.

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
    let group = |title: &str, id: &str, items: Vec<(String, usize, String)>| links(state, title, id, items);
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
                let title = kind_title(kind.as_str());
                let items = items.into_iter().map(|(name, n)| { let c = field_clause(kind.as_str(), &name); (name, n, c) }).collect();
                group(title, kind.as_str(), items)
            }) }
        </aside>
    }
}

/// The title of the facet of entities of `kind` (`EntityKind::as_str`).
fn kind_title(kind: &str) -> &str {
    match kind {
        "person" => "People",
        "org" => "Organisations",
        "place" => "Places",
        "drug" => "Drugs",
        other => other,
    }
}

/// A facet whose rows are links (label, count, clause) adding their clause to the query, or taking
/// it out when it is there.
fn links(state: &ViewState, title: &str, id: &str, items: Vec<(String, usize, String)>) -> Html {
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
}

/// What a partitioned collection knows to count: sources and years (of a one-word query's matches,
/// or of the whole collection), and, for the whole collection, its most named entities (kind, then
/// names with their documents) and its events per kind.
#[derive(Clone, Default, PartialEq)]
pub struct Counts {
    /// Of the whole collection (the root's), not of the query.
    pub whole: bool,
    pub sources: Vec<(String, u32)>,
    pub years: Vec<(i32, u32)>,
    pub entities: Vec<(String, Vec<(String, u32)>)>,
    pub events: Vec<(String, u32)>,
}

/// A partitioned collection's filters: links adding their clause to the query, over what `c`
/// counts. With nothing to count (undated documents without sources, or a root still loading),
/// nothing but the panel's empty place in the layout.
pub fn collection_facets(state: &ViewState, c: &Counts) -> Html {
    let n = |n: &u32| *n as usize;
    let sources = c.sources.iter().take(12).map(|(s, k)| (s.clone(), n(k), field_clause("source", s))).collect();
    let years = c.years.iter().rev().map(|(y, k)| (y.to_string(), n(k), format!("year:{y}"))).collect();
    let entities = c.entities.iter().map(|(kind, names)| {
        let items = names.iter().take(10).map(|(name, k)| (name.clone(), n(k), field_clause(kind, name))).collect();
        links(state, kind_title(kind), kind, items)
    });
    let events = c.events.iter().map(|(kind, k)| (kind.clone(), n(k), field_clause("event", kind))).collect();
    if c.sources.is_empty() && c.years.is_empty() && c.entities.is_empty() {
        return html! { <div class="facets"></div> };
    }
    html! {
        <aside class="facets" aria-label={if c.whole { "The whole collection" } else { "Filters" }}>
            if c.whole { <p class="facet-note">{ "The whole collection" }</p> }
            { links(state, "Source", "source", sources) }
            { links(state, "Year", "year", years) }
            { for entities }
            { links(state, "Events", "event", events) }
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
    struct Shown {
        counts: Counts,
    }

    #[function_component(Whole)]
    fn whole(c: &Shown) -> Html {
        collection_facets(&ViewState::default(), &c.counts)
    }

    /// The panel as HTML.
    fn rendered(counts: Counts) -> String {
        futures::executor::block_on(
            yew::LocalServerRenderer::<Whole>::with_props(Shown { counts }).hydratable(false).render(),
        )
    }

    fn whole_of(sources: &[(&str, u32)], years: &[(i32, u32)]) -> Counts {
        let sources = sources.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        Counts { whole: true, sources, years: years.to_vec(), ..Counts::default() }
    }

    #[test]
    fn the_whole_collection_panel_has_a_heading_only_over_counts() {
        let both = rendered(whole_of(&[("Reuters", 3)], &[(2019, 2), (2020, 1)]));
        assert!(both.contains("The whole collection") && both.contains("Reuters") && both.contains("2020"), "{both}");
        let years = rendered(whole_of(&[], &[(2019, 2)]));
        assert!(years.contains("The whole collection") && !years.contains("facet-source"), "{years}");
        // Undated documents without sources: no heading over nothing.
        assert_eq!(rendered(whole_of(&[], &[])), r#"<div class="facets"></div>"#);
    }

    #[test]
    fn every_count_is_a_link_adding_its_clause() {
        let mut counts = whole_of(&[("Tehran Times", 3)], &[(2019, 2)]);
        counts.entities = vec![("person".into(), vec![("Iraj Kakavand".into(), 2)])];
        counts.events = vec![("seizure".into(), 40)];
        let html = rendered(counts.clone());
        for (facet, clause) in [
            ("facet-source", "source:&quot;Tehran Times&quot;"),
            ("facet-year", "year:2019"),
            ("facet-person", "person:&quot;Iraj Kakavand&quot;"),
            ("facet-event", "event:seizure"),
        ] {
            assert!(html.contains(facet) && html.contains(&format!("add {clause}")), "{facet} {clause} in {html}");
        }
        assert!(html.contains(">People<"), "{html}");
        // A query's counts: no heading saying they are the whole collection's.
        let query = rendered(Counts { whole: false, ..counts });
        assert!(!query.contains("The whole collection") && query.contains("Tehran Times"), "{query}");
    }
}
