//! View state transitions. The explorer forwards user actions here and renders the result; it holds
//! no logic of its own about what an action does to the view.

use crate::query::{set_field_clause, toggle_clause, toggle_clauses};
use crate::url_state::{Sort, Tab, ViewState};

/// Everything a person can do to the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The query box changed; results go back to the first page.
    SetQuery(String),
    /// A filter (`person:Ivanov`) added to the query, or taken out if it is there: a facet, an entity
    /// in the reader, a place on the map, an entity in the network.
    ToggleClause(String),
    /// Filters added together, or all taken out if all are there (a pair in the network).
    ToggleClauses(Vec<String>),
    /// The query's clauses on one field (`kg:`, `when:`, `date:` with `year:`) replaced by this one,
    /// or removed: the timeline, the range forms and buckets.
    SetFieldClause {
        field: &'static str,
        clause: Option<String>,
    },
    OpenDoc(String),
    CloseDoc,
    SetTab(Tab),
    SetSort(Sort),
    SetPage(u32),
    SetKwicSort(crate::kwic::KwicSort),
    SetEventSort(crate::url_state::EventSort),
    /// The whole state came from outside (a link, back/forward).
    Replace(ViewState),
}

pub fn apply(state: &ViewState, action: Action) -> ViewState {
    let mut next = state.clone();
    // A new query starts at the first page. A filter edited from the page always does, even when it
    // leaves the query as it was (as a link to the filtered view would).
    let requery = |next: &mut ViewState, q: String| {
        next.query = q;
        next.page = 0;
    };
    match action {
        Action::SetQuery(q) => {
            if q != next.query {
                requery(&mut next, q);
            }
        }
        Action::ToggleClause(c) => requery(&mut next, toggle_clause(&state.query, &c)),
        Action::ToggleClauses(cs) => requery(&mut next, toggle_clauses(&state.query, &cs)),
        Action::SetFieldClause { field, clause } => {
            requery(&mut next, set_field_clause(&state.query, field, clause.as_deref()))
        }
        Action::OpenDoc(id) => next.doc = Some(id),
        Action::CloseDoc => next.doc = None,
        Action::SetTab(t) => next.tab = t,
        Action::SetSort(s) => {
            next.sort = s;
            next.page = 0;
        }
        Action::SetPage(p) => next.page = p,
        Action::SetKwicSort(k) => next.kwic_sort = k,
        Action::SetEventSort(k) => next.event_sort = k,
        Action::Replace(s) => next = s,
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_change_resets_page_but_same_query_keeps_it() {
        let s = ViewState { query: "heroin".into(), page: 3, ..ViewState::default() };
        assert_eq!(apply(&s, Action::SetQuery("heroin".into())).page, 3);
        assert_eq!(apply(&s, Action::SetQuery("opium".into())).page, 0);
        let opened = apply(&s, Action::OpenDoc("a".into()));
        assert_eq!(opened.doc.as_deref(), Some("a"));
        assert_eq!(apply(&opened, Action::CloseDoc).doc, None);
    }

    #[test]
    fn a_filter_edit_goes_to_the_first_page_and_keeps_the_rest() {
        let s = ViewState {
            query: "heroin year:2019".into(),
            doc: Some("a".into()),
            tab: Tab::Events,
            page: 3,
            ..ViewState::default()
        };
        let toggled = apply(&s, Action::ToggleClause("person:Ivanov".into()));
        assert_eq!(toggled, ViewState { query: "heroin year:2019 person:Ivanov".into(), page: 0, ..s.clone() });
        let back = apply(&ViewState { page: 2, ..toggled }, Action::ToggleClause("person:Ivanov".into()));
        assert_eq!(back, ViewState { page: 0, ..s.clone() });
        let pair = Action::ToggleClauses(vec!["person:Ivanov".into(), "place:Astara".into()]);
        assert_eq!(apply(&s, pair).query, "heroin year:2019 person:Ivanov place:Astara");
        let dated = apply(&s, Action::SetFieldClause { field: "date:", clause: Some("date:2012..2019".into()) });
        assert_eq!(dated, ViewState { query: "heroin date:2012..2019".into(), page: 0, ..s.clone() });
        // A form applied without a change still starts at the first page.
        let same = apply(&s, Action::SetFieldClause { field: "kg:", clause: None });
        assert_eq!(same, ViewState { page: 0, ..s.clone() });
    }

    #[test]
    fn sorting_results_goes_to_the_first_page_other_sorts_and_tabs_keep_it() {
        let s = ViewState { page: 2, ..ViewState::default() };
        assert_eq!(
            apply(&s, Action::SetSort(Sort::DateDesc)),
            ViewState { sort: Sort::DateDesc, page: 0, ..s.clone() }
        );
        assert_eq!(apply(&s, Action::SetTab(Tab::Map)), ViewState { tab: Tab::Map, ..s.clone() });
        assert_eq!(apply(&s, Action::SetPage(5)).page, 5);
        let k = apply(&s, Action::SetKwicSort(crate::kwic::KwicSort::Left));
        assert_eq!(k, ViewState { kwic_sort: crate::kwic::KwicSort::Left, ..s.clone() });
        let e = apply(&s, Action::SetEventSort(crate::url_state::EventSort::Kg));
        assert_eq!(e, ViewState { event_sort: crate::url_state::EventSort::Kg, ..s.clone() });
        assert_eq!(apply(&s, Action::Replace(ViewState::default())), ViewState::default());
    }
}
