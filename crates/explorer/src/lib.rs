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

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Mounts the app on `<body>`, after installing the panic banner.
///
/// When the page carries its prerendered first screen (see [`prerender`]), that screen is painted first:
/// the app starts in the task after the next frame, and replaces it in that same task, so no frame
/// shows both and none shows neither.
pub fn start() {
    // Through Yew, which otherwise installs its own console hook over any other at render.
    yew::set_custom_panic_hook(Box::new(panic_banner));
    let document = gloo::utils::document();
    let Some(preview) = document.get_element_by_id("prerender") else {
        yew::Renderer::<App>::new().render();
        return;
    };
    let mount = move || {
        yew::Renderer::<App>::new().render();
        preview.remove();
    };
    // A frame callback runs just before that frame paints. The second one runs once the first frame is on
    // screen, and the browser has recorded what it showed (its largest paint too); a timeout set there runs
    // after that frame. (In a tab opened in the background, frames wait until it is shown: the app starts
    // when it is looked at.)
    let after_paint = Closure::once_into_js(move || gloo::timers::callback::Timeout::new(0, mount).forget());
    let next_frame = Closure::once_into_js(move || {
        gloo::utils::window().request_animation_frame(after_paint.unchecked_ref()).ok();
    });
    if gloo::utils::window().request_animation_frame(next_frame.unchecked_ref()).is_err() {
        // No frame to wait for: start now.
        yew::Renderer::<App>::new().render();
        if let Some(preview) = document.get_element_by_id("prerender") {
            preview.remove();
        }
    }
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

/// The page's first screen, rendered ahead of time by the same components (Yew's server renderer, run
/// natively at build time): the default view of the embedded corpus. `cargo xtask build` puts it in
/// `index.html`, so the first results show while the wasm downloads; [`start`] replaces it with the
/// live app.
#[cfg(not(target_arch = "wasm32"))]
pub fn prerender() -> String {
    futures::executor::block_on(yew::LocalServerRenderer::<App>::new().hydratable(false).render())
}
