//! One error type for everything an editor can get wrong.
//!
//! A [`Diagnostic`] names the file, line and column in the *original* file,
//! quotes the offending line and carries a hint where one exists. Code that
//! finds a problem pushes a diagnostic into [`Diagnostics`] and carries on, so
//! a build reports every error it finds; diagnostics are printed once, at the
//! edge (`main.rs`), never from deep inside the build.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file. Lines and columns are 1-based; column counts
/// characters, not bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The text of that line, quoted under the message.
    pub line_text: String,
}

impl Location {
    /// The location of byte `offset` in `source`.
    pub fn at_offset(source: &str, offset: usize) -> Location {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        Location {
            line: source[..line_start].matches('\n').count() + 1,
            column: source[line_start..offset].chars().count() + 1,
            line_text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// Line `line` (1-based), column `column` of `source`.
    pub fn at_line(source: &str, line: usize, column: usize) -> Location {
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location {
            line: line.max(1),
            column: column.max(1),
            line_text: text.trim_end_matches('\r').to_string(),
        }
    }
}

/// One finding about the dossier, printed like a compiler error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the editor knows it: relative to the dossier root when possible.
    pub file: Option<PathBuf>,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a "did you mean" hint when `candidates` holds something close to `wanted`.
    pub fn suggest<'a>(
        self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        match closest(wanted, candidates) {
            Some(best) => self.hint(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn position(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&file.display().to_string());
        }
        if let Some(loc) = &self.location {
            out.push_str(&format!(":{}:{}", loc.line, loc.column));
        }
        out
    }

    /// The multi-line form printed by `build`: message, position, quoted line, hint.
    pub fn render(&self, color: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (bold, blue, reset) = if color {
            ("\x1b[1m", "\x1b[1;34m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let paint = if color { paint } else { "" };
        let mut out = format!("{paint}{label}{reset}{bold}: {}{reset}\n", self.message);
        let position = self.position();
        if !position.is_empty() {
            out.push_str(&format!("  {blue}-->{reset} {position}\n"));
        }
        if let Some(loc) = &self.location {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = loc.line_text.chars().take(200).collect();
            let caret_pad: String = loc
                .line_text
                .chars()
                .take(loc.column.saturating_sub(1).min(200))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{blue}{pad} |{reset}\n"));
            out.push_str(&format!("{blue}{number} |{reset} {shown}\n"));
            out.push_str(&format!(
                "{blue}{pad} |{reset} {caret_pad}{paint}^{reset}\n"
            ));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  {bold}= hint:{reset} {hint}\n"));
        }
        out
    }
}

impl Diagnostic {
    /// One line: `file:line:column: error: message (hint: …)`.
    pub fn one_line(&self, color: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (paint, reset) = if color { (paint, "\x1b[0m") } else { ("", "") };
        let position = self.position();
        let mut out = if position.is_empty() {
            String::new()
        } else {
            format!("{position}: ")
        };
        out.push_str(&format!("{paint}{label}{reset}: {}", self.message));
        if let Some(hint) = &self.hint {
            out.push_str(&format!(" (hint: {hint})"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Everything a run found, errors and warnings, in the order found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, then line, so output is grouped by file and identical
    /// from run to run whatever order parallel work finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.clone(),
                    d.location.as_ref().map(|l| (l.line, l.column)),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The candidate closest to `wanted`, if any is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Compare without case or accents: "Jose Peres" is a typo of "José Pérez".
    let fold = |s: &str| deunicode::deunicode(s).to_lowercase();
    let wanted = fold(wanted);
    candidates
        .into_iter()
        .map(|c| {
            let folded = fold(c);
            let score = strsim::jaro_winkler(&wanted, &folded);
            let contains =
                !wanted.is_empty() && (folded.contains(&wanted) || wanted.contains(&folded));
            (if contains { score.max(0.85) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "---\ntitle: Ñandú\ndate: nope\n---\n";
        let off = src.find("nope").unwrap();
        let loc = Location::at_offset(src, off);
        assert_eq!((loc.line, loc.column), (3, 7));
        assert_eq!(loc.line_text, "date: nope");
    }

    #[test]
    fn closest_finds_typos_and_rejects_noise() {
        let ids = ["nicolas-maduro", "edmundo-gonzalez-urrutia", "lima"];
        assert_eq!(closest("nicolas-madur", ids), Some("nicolas-maduro"));
        assert_eq!(closest("zzzzzzzzzzzz", ids), None);
    }

    #[test]
    fn render_quotes_the_line_with_a_caret() {
        let d = Diagnostic::error("unknown field `titel`")
            .in_file("content/articles/a.md")
            .at(Location::at_line("---\ntitel: x\n---", 2, 1))
            .hint("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("content/articles/a.md:2:1"));
        assert!(text.contains("2 | titel: x"));
        assert!(text.contains("hint: did you mean `title`?"));
    }
}
