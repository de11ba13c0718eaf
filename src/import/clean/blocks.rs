//! Splitting the raw text into paragraph candidates: blocks of lines
//! between blank lines, with furniture lines and header lines split off.
//! Every candidate is a trimmed slice of the input; nothing here decides
//! what is kept.

use super::boilerplate::boilerplate_rule;
use super::bylines::date_line;
use super::credits::is_credit_caption;
use super::text::{ends_with_any, has_alphanumeric, is_blankish, trim_blankish};

/// One non-blank line, as byte offsets of its trimmed text in the raw input.
#[derive(Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Blocks of consecutive non-blank lines.
pub(super) fn blocks(raw: &str) -> Vec<Vec<Line>> {
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        let leading = line.len() - line.trim_start_matches(is_blankish).len();
        let trimmed = trim_blankish(line);
        if trimmed.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            let start = offset + leading;
            current.push(Line {
                start,
                end: start + trimmed.len(),
            });
        }
        offset += line.len();
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Paragraph candidates, each a trimmed slice of `raw`.
pub(super) fn split_pieces(raw: &str) -> Vec<&str> {
    let blocks = blocks(raw);
    if blocks.len() <= 1 {
        // No blank line anywhere: the text was copied line by line.
        return blocks
            .iter()
            .flatten()
            .map(|line| &raw[line.start..line.end])
            .collect();
    }
    let mut pieces = Vec::new();
    let mut in_header = true;
    for block in &blocks {
        let mut run: Vec<Line> = Vec::new();
        for line in block {
            let text = &raw[line.start..line.end];
            if block.len() > 1 && is_furniture_line(text) {
                push_run(raw, &mut run, &mut pieces, &mut in_header);
                pieces.push(text);
            } else {
                run.push(*line);
            }
        }
        push_run(raw, &mut run, &mut pieces, &mut in_header);
    }
    pieces
}

/// Pushes a run of lines as one piece, first splitting off header lines
/// (site name, headline) glued above the first paragraph.
pub(super) fn push_run<'a>(
    raw: &'a str,
    run: &mut Vec<Line>,
    pieces: &mut Vec<&'a str>,
    in_header: &mut bool,
) {
    let mut lines: &[Line] = run;
    let mut splits = 0;
    while *in_header && lines.len() >= 2 && splits < 3 {
        let first = &raw[lines[0].start..lines[0].end];
        let next = &raw[lines[1].start..lines[1].end];
        if !is_header_line_over(first, next) {
            break;
        }
        pieces.push(first);
        lines = &lines[1..];
        splits += 1;
    }
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        pieces.push(&raw[first.start..last.end]);
        *in_header = false;
    }
    run.clear();
}

/// Whether `first` reads as a header line standing above `next`, rather than
/// the first line of a hard-wrapped paragraph.
pub(super) fn is_header_line_over(first: &str, next: &str) -> bool {
    let first_len = first.chars().count();
    let next_len = next.chars().count();
    let wrapped_look =
        first_len >= 50 && next_len * 4 <= first_len * 5 && next_len * 5 >= first_len * 4;
    first_len <= 200
        && !ends_with_any(first, &['.', '!', '?', ':', ';', ',', '…'])
        && !next.chars().next().is_some_and(char::is_lowercase)
        && !wrapped_look
}

/// Lines that are furniture whatever surrounds them, so they may be split
/// out of a multi-line paragraph.
pub(super) fn is_furniture_line(text: &str) -> bool {
    !has_alphanumeric(text)
        || boilerplate_rule(text).is_some()
        || date_line(text).is_some()
        || is_credit_caption(text)
}
