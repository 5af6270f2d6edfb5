//! Prints the page's first screen as HTML (see `explorer::prerender`); `cargo xtask build` runs it.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    print!("{}", explorer::prerender());
}
