//! Diagnostics: what lenient parsers (files, queries, links) report instead of failing.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a diagnostic matters to the person reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was guessed or repaired; the result is usable.
    Warning,
    /// Something was dropped; the rest is usable.
    Error,
}

/// One message about an input, with where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, document id or input the message is about (empty if global).
    pub origin: String,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(origin: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, origin: origin.into(), message: message.into() }
    }

    pub fn error(origin: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, origin: origin.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.origin.is_empty() {
            write!(f, "{level}: {}", self.message)
        } else {
            write!(f, "{level}: {}: {}", self.origin, self.message)
        }
    }
}
