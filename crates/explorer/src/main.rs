//! Entry point of the wasm binary Trunk builds.

fn main() {
    explorer::start();
}
