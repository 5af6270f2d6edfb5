//! Trawl's explorer: a Yew front end over the `corpus` core.
//!
//! Only this crate touches the DOM, the URL and browser storage, and only `route` touches the URL.
//! State transitions live in `corpus::state`; components render props and forward callbacks.

mod app;
mod collection;
mod engine;
mod facets;
mod focus;
mod geo;
mod handle;
mod header;
mod highlight;
mod indexer;
pub mod inflate;
mod keys;
mod loading;
mod map;
mod matching;
mod network;
mod numbers;
mod partitioned;
mod pick;
pub mod protocol;
mod ranges;
mod reader;
mod results;
mod route;
mod search_box;
pub mod seeds;
mod store;
mod tabs;
mod timeline;
mod uploads;
mod view_model;
mod views;

pub use app::App;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Bytes of this module's linear memory (the page's, or the worker's whose binary calls it): it grows,
/// never shrinks, so it is also the module's peak.
pub fn wasm_memory_bytes() -> u32 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}

/// Starts the app, after installing the panic banner.
///
/// A page built by `cargo xtask build` carries the app's first screen, rendered ahead of time into
/// `<div id="root" inert>` (see [`prerender`]). That screen is painted first; the app then renders the
/// same screen in its place, in one task, so no frame shows both or neither. Where that screen would be
/// wrong (a view in the address, a collection), the page empties `#root` before the app starts. Without
/// `#root` (a page built by Trunk alone), the app renders into `<body>`.
pub fn start() {
    // Through Yew, which otherwise installs its own console hook over any other at render.
    yew::set_custom_panic_hook(Box::new(panic_banner));
    let Some(root) = gloo::utils::document().get_element_by_id("root") else {
        yew::Renderer::<App>::new().render();
        return;
    };
    // `#root` stays inert until the app has rendered (see `App`'s first effect).
    if root.child_element_count() == 0 {
        yew::Renderer::<App>::with_root(root).render();
        return;
    }
    // The sample is read in this task and the app renders in a later one: two shorter tasks.
    engine::Engine::read_ahead_sample();
    let replace = move || {
        root.set_text_content(None);
        yew::Renderer::<App>::with_root(root).render();
    };
    // The first screen is painted before the app replaces it: a frame callback runs just before its
    // frame paints, the one after that once the first frame is on screen (and the browser has recorded
    // it as the largest paint), and a timeout set there runs after it. On a slow network the wasm
    // arrives long after that frame anyway; on a fast one this costs two frames. (In a tab opened in the
    // background, frames wait until it is shown.)
    let after_paint = Closure::once_into_js(move || gloo::timers::callback::Timeout::new(0, replace).forget());
    let next_frame = Closure::once_into_js(move || {
        gloo::utils::window().request_animation_frame(after_paint.unchecked_ref()).ok();
    });
    gloo::utils::window().request_animation_frame(next_frame.unchecked_ref()).ok();
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
