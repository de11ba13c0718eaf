//! Splitting a file into front-matter and body, and finding a field's line.
//!
//! Front-matter sits between a first line `---` and the next line `---`
//! (SPEC §1). A UTF-8 BOM and CRLF line ends are accepted. Line numbers
//! reported for front-matter are lines of the original file: the YAML starts
//! on line 2, after the opening `---`.

use crate::diagnostics::Location;

/// A file cut at its front-matter fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file has no usable front-matter.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// No closing `---` line.
    Unterminated,
}

/// Removes a BOM and turns CRLF into LF, so offsets and lines are those an editor sees.
pub fn normalize(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Cuts normalized `text` at its front-matter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut line_start = yaml_start;
    let mut line_no = 2;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        line_start = line_end + 1;
        line_no += 1;
    }
    Err(SplitError::Unterminated)
}

/// The location of a front-matter field in the whole file `text`: the first
/// line at or after the line of `key:` that holds `needle` (or the key line
/// itself). Falls back to line 1 when the key is not found.
pub fn locate(text: &str, key: &str, needle: Option<&str>) -> Location {
    let fm_end = split(text)
        .map(|s| s.body_line.saturating_sub(1))
        .unwrap_or(usize::MAX);
    let lines: Vec<&str> = text.lines().take(fm_end).collect();
    let key_line = lines.iter().enumerate().skip(1).find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then_some(i)
    });
    let Some(key_line) = key_line else {
        return Location::at_line(text, 1, 1);
    };
    if let Some(needle) = needle.filter(|n| !n.is_empty()) {
        for (i, line) in lines.iter().enumerate().skip(key_line) {
            if i > key_line && !line.starts_with([' ', '\t', '-']) && line.contains(':') {
                break;
            }
            let search_from = if i == key_line {
                line.find(':').map_or(0, |c| c + 1)
            } else {
                0
            };
            if let Some(pos) = line[search_from..].find(needle) {
                let column = line[..search_from + pos].chars().count() + 1;
                return Location::at_line(text, i + 1, column);
            }
        }
    }
    let line = lines[key_line];
    let column = line.len() - line.trim_start().len() + 1;
    Location::at_line(text, key_line + 1, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = normalize("\u{feff}---\r\ntitle: A\r\n---\r\nBody".to_string());
        assert_eq!(split(&text).unwrap().yaml, "title: A\n");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unterminated));
        assert!(split("---\n---").is_ok());
    }

    #[test]
    fn locate_finds_the_value_line() {
        let text = "---\ntitle: A\npeople:\n  - ana\n  - bob\nplaces: [bob]\n---\n";
        let loc = locate(text, "people", Some("bob"));
        assert_eq!((loc.line, loc.column), (5, 5));
        let loc = locate(text, "places", Some("bob"));
        assert_eq!((loc.line, loc.column), (6, 10));
        assert_eq!(locate(text, "nothing", None).line, 1);
    }
}
