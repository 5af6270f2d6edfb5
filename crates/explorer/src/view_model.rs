//! The state Yew holds: `corpus::state` behind a `Reducible` newtype.

use corpus::state::{apply, Action};
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model(pub ViewState);

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = apply(&self.0, action);
        if next == self.0 {
            self
        } else {
            Rc::new(Model(next))
        }
    }
}
