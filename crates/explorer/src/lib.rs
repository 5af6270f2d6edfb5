//! Trawl's explorer: a Yew front end over the `corpus` core.
//!
//! Only this crate touches the DOM, the URL and browser storage, and only `route` touches the URL.
//! State transitions live in `corpus::state`; components render props and forward callbacks.

mod app;
mod engine;
mod highlight;
mod reader;
mod route;
mod seeds;
mod view_model;
mod views;

pub use app::App;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
