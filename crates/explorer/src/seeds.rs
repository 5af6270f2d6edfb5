//! The default corpus, embedded at build time from `seeds/` (see build.rs).

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
