//! How deeply a body may nest lists, quotes and HTML elements.
//!
//! Owns the limits and the line-by-line count that enforces them before a
//! body reaches markdown, so that a hostile or broken file is refused with
//! the line where the depth is passed instead of keeping a build busy for
//! hours. It never parses markdown: the count is a cheap approximation from
//! the markers at a line's start and the tags on it.

use crate::diagnostics::{Diagnostic, Location};

/// How many lists and quotes a line may open inside each other. Markdown and
/// the search indexer take time quadratic in the depth, so a file of a few
/// megabytes of `> > > …` or `* * * …` would keep a build busy for hours;
/// no text an editor writes comes near this.
const MAX_BLOCK_NESTING: usize = 100;

/// How many HTML elements a body may leave open inside each other, for the
/// same reason as [`MAX_BLOCK_NESTING`].
const MAX_HTML_NESTING: usize = 1000;

/// The error for a body nested deeper than a build can afford, at the line
/// where the depth is passed.
pub fn too_deep(body: &str, body_line: usize) -> Option<Diagnostic> {
    let mut open_html = 0usize;
    for (i, line) in body.lines().enumerate() {
        let depth = block_depth(line);
        let html = html_nesting(line, &mut open_html);
        let message = if depth > MAX_BLOCK_NESTING {
            format!("this line nests {depth} lists or quotes; at most {MAX_BLOCK_NESTING} may be nested")
        } else if html > MAX_HTML_NESTING {
            format!("HTML elements are nested more than {MAX_HTML_NESTING} deep here")
        } else {
            continue;
        };
        let line_no = body_line + i;
        let location = Location {
            line: line_no,
            column: 1,
            line_text: line.chars().take(80).collect(),
        };
        return Some(
            Diagnostic::error(message)
                .at(location)
                .hint("close the lists, quotes or elements before opening more"),
        );
    }
    None
}

/// How many list items and block quotes `line` opens at its start: `> `,
/// `* `, `- `, `+ `, `1. `, `1) `. A line of only `*` or `-` markers is a
/// thematic break, not a list.
fn block_depth(line: &str) -> usize {
    let mut rest = line.trim_start();
    let mut depth = 0;
    loop {
        let bytes = rest.as_bytes();
        let marker_len = match bytes.first() {
            Some(b'>') => 1,
            Some(b'*' | b'-' | b'+') if matches!(bytes.get(1), Some(b' ' | b'\t')) => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                match (bytes.get(digits), bytes.get(digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ' | b'\t')) if digits <= 9 => digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        depth += 1;
        rest = rest[marker_len..].trim_start();
    }
    if depth == 0 {
        return 0;
    }
    // Only a line that opened a marker can be a thematic break: its only
    // visible characters are all `*` or all `-`.
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let thematic_break = match marks.next() {
        Some(first @ ('*' | '-')) => marks.all(|c| c == first),
        _ => false,
    };
    if thematic_break {
        0
    } else {
        depth
    }
}

/// Follows the HTML elements opened and closed on `line`, carrying the count
/// of open ones in `open`, and returns the deepest it reached.
fn html_nesting(line: &str, open: &mut usize) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut deepest = *open;
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                *open = open.saturating_sub(1);
            }
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        // The tag ends at `>`; stopping at the next `<` as well keeps a
        // line of unclosed tags linear.
        let attrs = &rest[name_len..];
        let attrs = &attrs[..attrs.find(['>', '<']).unwrap_or(attrs.len())];
        let self_closing = attrs.ends_with('/');
        if !VOID.contains(&name.as_str()) && !self_closing {
            *open += 1;
            deepest = deepest.max(*open);
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_lists_quotes_and_open_elements() {
        assert_eq!(block_depth("> * 1. - + x"), 5);
        assert_eq!(block_depth("* * * *"), 0, "a thematic break");
        assert_eq!(block_depth("*emphasis* and - dash"), 0);
        assert_eq!(block_depth("2024. was a year"), 1);
        let mut open = 0;
        assert_eq!(html_nesting("<div><p>a</p><br><img/>", &mut open), 2);
        assert_eq!(open, 1, "the div is still open");
        assert_eq!(html_nesting("</div> a < b <3", &mut open), 1);
        assert_eq!(open, 0);
        assert!(too_deep(&"> ".repeat(101), 4).is_some());
        assert!(too_deep(&"> ".repeat(100), 4).is_none());
    }
}
