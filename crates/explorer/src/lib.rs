//! Trawl's explorer: a Yew front end over the `corpus` core.
//!
//! Only this crate touches the DOM, the URL and browser storage, and only `route` touches the URL.
//! State transitions live in `corpus::state`; components render props and forward callbacks.

mod app;
mod collection;
mod engine;
mod highlight;
mod indexer;
mod map;
mod network;
mod numbers;
mod ranges;
mod reader;
mod route;
pub mod seeds;
mod store;
mod timeline;
mod view_model;
mod views;

pub use app::App;

/// Mounts the app on `<body>`, after installing the panic banner.
pub fn start() {
    // Through Yew, which otherwise installs its own console hook over any other at render.
    yew::set_custom_panic_hook(Box::new(panic_banner));
    yew::Renderer::<App>::new().render();
}

/// A panic is a bug, never the person's fault: say so in the page (as text), keep the view's link,
/// and offer a reload. The message also goes to the console for bug reports.
fn panic_banner(info: &std::panic::PanicHookInfo<'_>) {
    gloo::console::error!(format!("Trawl stopped: {info}"));
    let document = gloo::utils::document();
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id("panic-banner");
    banner.set_attribute("role", "alert").ok();
    banner.set_text_content(Some(
        "Trawl stopped because of a bug. Your view is kept in the address bar and the files you added are kept in \
         this browser: reload the page to continue.",
    ));
    if let Ok(reload) = document.create_element("a") {
        reload.set_text_content(Some(" Reload"));
        reload.set_attribute("href", &route::current_href()).ok();
        banner.append_child(&reload).ok();
    }
    if let Some(body) = document.body() {
        body.prepend_with_node_1(&banner).ok();
    }
}
