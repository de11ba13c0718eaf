//! One module per command; each has an `Args` struct and an `execute`.
//!
//! Commands return an [`ExitCode`]-like number: 0 success, 1 content or
//! configuration errors, 2 usage errors (SPEC §6). They print diagnostics
//! through [`crate::diagnostics::report`], once, at the edge.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

pub use crate::diagnostics::{color_stderr, report, CONTENT_ERROR, OK, USAGE_ERROR};
