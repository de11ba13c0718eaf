//! One module per command; each has an `Args` struct and an `execute`.
//!
//! Commands return an [`ExitCode`]-like number: 0 success, 1 content or
//! configuration errors, 2 usage errors (SPEC §6). They print diagnostics
//! through [`report`], once, at the edge.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
pub mod progress;
pub mod serve;

use std::io::IsTerminal;

use crate::diagnostics::Diagnostics;

/// Exit status for success.
pub const OK: u8 = 0;
/// Exit status for content or configuration errors.
pub const CONTENT_ERROR: u8 = 1;
/// Exit status for usage errors.
pub const USAGE_ERROR: u8 = 2;

/// Whether stderr is a terminal that takes colour.
pub fn color_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints every diagnostic to stderr, then a count line.
pub fn report(diagnostics: &Diagnostics) {
    let color = color_stderr();
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&d.render(color));
        out.push('\n');
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if errors > 0 {
        out.push_str(&format!(
            "{} error{}{}\n",
            errors,
            if errors == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        ));
    }
    eprint!("{out}");
}
