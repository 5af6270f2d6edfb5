//! The corpus the explorer opens with: the seeds (or `TRAWL_PACK`), packed at build time (see
//! build.rs).

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
