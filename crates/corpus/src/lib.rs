//! Trawl's core: documents, ingestion, index, query, extraction, URL state, and the base map's file format.
//!
//! Everything here takes text or bytes and returns plain data. It does no I/O, reads no clock and knows
//! nothing of the web, so it runs the same natively (CLI, tests, benchmarks) and in the browser.

pub mod corpus;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod extract;
pub mod files;
mod fold_table;
mod fxhash;
pub mod index;
pub mod ingest;
pub mod kwic;
pub mod numbers;
pub mod order;
pub mod pack;
pub mod partition;
pub mod query;
pub mod search;
pub mod snippet;
pub mod state;
pub mod stats;
pub mod text;
pub mod url_state;
pub mod world;

#[cfg(test)]
mod tests;

pub use crate::corpus::Corpus;
pub use crate::date::Date;
pub use crate::diagnostic::{Diagnostic, Severity};
pub use crate::document::Document;
pub use crate::ingest::{ingest, Ingested};
