//! View state transitions. The explorer forwards user actions here and renders the result; it holds
//! no logic of its own about what an action does to the view.

use crate::url_state::{Sort, Tab, ViewState};

/// Everything a person can do to the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The query box changed; results go back to the first page.
    SetQuery(String),
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
    match action {
        Action::SetQuery(q) => {
            if q != next.query {
                next.query = q;
                next.page = 0;
            }
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
}
