//! Build-time SVG visuals: a [`timeline`], a relationship [`graph`] and a
//! [`map`].
//!
//! Each visual is a pure function from plain data to a `String` of inline SVG
//! meant to sit directly in an HTML5 page. This module and its children never
//! touch the file system, never run script in the reader's browser and never
//! read the clock or a random source, so they guarantee:
//!
//! - **Determinism.** Identical input gives a byte-identical string: layouts
//!   iterate in sorted or input order (no `HashMap`), "random" starts are fixed
//!   spirals, and every coordinate is printed with one decimal place.
//! - **Escaping.** All caller text (labels, dates, hrefs) is XML-escaped
//!   (`& < > " '`), control characters are dropped, and an href with a scheme
//!   other than `http`, `https` or `mailto` is replaced by `#`.
//! - **Accessibility.** Every `<svg>` has a `<title>` and `<desc>` whose ids
//!   start with the caller's `id_prefix` (use one prefix per page per visual,
//!   e.g. `"tl"`, `"graph"`, `"map"`), named by `aria-labelledby` and
//!   `aria-describedby`. An SVG holding links has `role="group"`, one without
//!   links `role="img"`: `role="img"` makes its children presentational, which
//!   would hide the links from screen readers (axe-core `nested-interactive`).
//!   Every link is an SVG2 `<a href>` with an `aria-label` naming its target and
//!   a `<title>` child (the hover tooltip).
//! - **Scaling.** Each SVG has a `viewBox`, `width="100%"` and no height, so it
//!   scales to its container and never overflows a 320 px phone. Empty input
//!   gives an empty string, so a template can skip the whole figure.
//!
//! # Styling
//!
//! Colours come from the theme's CSS, by class. The root carries
//! `fill="currentColor"` and lines `stroke="currentColor"` so an unstyled
//! visual is still legible (in the page's text colour) in light and dark mode;
//! a few shapes also carry `fill-opacity`/`stroke-opacity` attributes, which a
//! theme overrides together with the colour. Sizes the layout depends on
//! (font sizes, stroke widths) are attributes, and label widths are estimated
//! for regular-weight text: the theme must not change `font-size`,
//! `font-weight`, `letter-spacing` or `text-transform` of text inside `.dv`.
//!
//! Classes shared by all visuals (each module lists its own):
//!
//! | class | on |
//! | --- | --- |
//! | `dv` | every root `<svg>`, with `dv-timeline`, `dv-graph` or `dv-map` |
//! | `dv-w-s`, `dv-w-m`, `dv-w-l`, `dv-w-xl` | the root, by natural width: ≤ 480, ≤ 800, ≤ 1200, > 1200 units (a unit is meant as about one CSS pixel) |
//! | `dv-link` | every `<a>` |
//! | `dv-legend`, `dv-legend-text` | a legend group and its text |
//!
//! A stylesheet that works (keep it in the theme's `.css` file: the Nu checker
//! does not know `paint-order` and flags it only in inline CSS). Chromium
//! reports a link's `<title>` as visible text, so axe-core would read a link
//! as "Lima Lima" against its name "Lima" (`label-content-name-mismatch`)
//! unless the theme hides titles; the hover tooltip does not depend on it:
//!
//! ```css
//! .dv { display: block; }
//! .dv title { display: none; }
//! .dv text { paint-order: stroke; stroke: var(--bg); stroke-width: 3px; stroke-linejoin: round; }
//! .dv-w-s { max-width: 30rem; }
//! .dv-w-m { max-width: 50rem; }
//! .dv-w-l { max-width: 75rem; }
//! .dv-scroll { overflow-x: auto; }
//! .dv-scroll > .dv-w-m { min-width: 36rem; }
//! .dv-scroll > .dv-w-l { min-width: 48rem; }
//! .dv-scroll > .dv-w-xl { min-width: 64rem; }
//! .dv-link:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
//! .dv-link:hover text, .dv-link:focus-visible text { text-decoration: underline; }
//! ```
//!
//! # Wrapping in HTML
//!
//! Insert the string unescaped (Tera: `{{ svg | safe }}`) and skip the figure
//! when it is empty:
//!
//! ```html
//! <figure class="dv-figure">
//!   <div class="dv-scroll">{{ svg | safe }}</div>
//!   <figcaption>…</figcaption>
//! </figure>
//! ```
//!
//! The timeline (360 units) and the map (440 units) are `dv-w-s`: they fit a
//! 320 px phone as they are and need the `max-width` only. The graph is as
//! wide as its nodes need (320 units and up); from `dv-w-m` on it scrolls
//! sideways inside `.dv-scroll` rather than shrinking its text below reading
//! size.

pub mod graph;
pub mod map;
pub mod timeline;

use std::fmt::Write as _;

/// A calendar date with precision; month/day are 1-based and None when unknown.
///
/// The derived order puts a less precise date before the more precise dates
/// of the same period (`2024` < `2024-07` < `2024-07-28`), as SPEC §3 asks.
/// Out-of-range months and days are clamped when drawn, never rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// The year, e.g. 2024.
    pub year: i32,
    /// 1–12, or `None` when only the year is known.
    pub month: Option<u32>,
    /// 1–31, or `None` when only the year or month is known.
    pub day: Option<u32>,
}

impl Day {
    /// A date known to the year.
    #[cfg(test)]
    pub fn year(year: i32) -> Day {
        Day {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the month.
    #[cfg(test)]
    pub fn month(year: i32, month: u32) -> Day {
        Day {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A date known to the day.
    #[cfg(test)]
    pub fn ymd(year: i32, month: u32, day: u32) -> Day {
        Day {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The month clamped to 1–12, if known.
    pub(crate) fn month_clamped(&self) -> Option<u32> {
        self.month.map(|m| m.clamp(1, 12))
    }

    /// The day clamped to the month's length; `None` without a month.
    pub(crate) fn day_clamped(&self) -> Option<u32> {
        let month = self.month_clamped()?;
        self.day
            .map(|d| d.clamp(1, days_in_month(self.year, month)))
    }
}

/// Days in `month` (1–12) of `year`, Gregorian.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// XML-escapes text for an attribute or element (`& < > " '`), drops control
/// characters that XML and HTML forbid, and turns line breaks and tabs into
/// spaces so a label stays on the line the layout measured.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || crate::forbidden::is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// An escaped href, or `#` when it names a scheme a build should never emit
/// (`javascript:`, `data:`, …). Relative paths and fragments pass unchanged.
pub(crate) fn safe_href(href: &str) -> String {
    let trimmed = href.trim();
    let scheme_end = trimmed.find(':');
    let path_start = trimmed.find(['/', '?', '#']).unwrap_or(trimmed.len());
    match scheme_end {
        Some(colon) if colon < path_start => {
            let scheme = trimmed[..colon].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto") {
                escape(trimmed)
            } else {
                "#".to_string()
            }
        }
        _ => escape(trimmed),
    }
}

/// The caller's id prefix reduced to characters that are safe in an `id` and
/// an `aria-labelledby` list (`A-Za-z0-9_-`; anything else becomes `-`).
pub(crate) fn clean_id(prefix: &str) -> String {
    let cleaned: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "dv".to_string()
    } else {
        cleaned
    }
}

/// A coordinate with one decimal, without a trailing `.0` and never `-0`.
pub(crate) fn num(value: f64) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    if tenths % 10 == 0 {
        format!("{sign}{}", tenths / 10)
    } else {
        format!("{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// Estimated advance width of `text` at `font_size`, in the same units.
///
/// A build has no font metrics, so this errs wide: about 0.6 em for an
/// ordinary character, more for capitals and `m`/`w`, less for `i`, `l` and
/// punctuation, a full em for CJK, nothing for combining marks. Layouts that
/// keep estimated boxes apart therefore keep the real text apart too.
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200f}' => 0.0,
            'i' | 'l' | 'j' | 'I' | '.' | ',' | ';' | ':' | '!' | '|' | '\'' | ' ' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' => 0.45,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' | '…' | '⋯' => 1.0,
            'A'..='Z' => 0.75,
            '0'..='9' => 0.64,
            '\u{1100}'..='\u{115f}'
            | '\u{2e80}'..='\u{a4cf}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{f900}'..='\u{faff}'
            | '\u{ff00}'..='\u{ff60}'
            | '\u{20000}'..='\u{3fffd}' => 1.0,
            _ => 0.62,
        })
        .sum();
    ems * font_size
}

/// Breaks `text` into lines no wider than `max_width` (estimated), at spaces
/// where possible and inside a word only when the word alone is too wide.
/// At most `max_lines` lines; a cut-off last line ends with `…`.
pub(crate) fn wrap_text(
    text: &str,
    max_width: f64,
    font_size: f64,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, font_size) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than the line is split by characters.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if text_width(&piece, font_size) > max_width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        let last = lines.last_mut().expect("at least one line");
        // Cut whole words where the line has several, so what is shown is
        // words of the link's name (axe-core's label-in-name check compares
        // words): "the 2024…", not "the 2024 electio…".
        while !last.is_empty() && text_width(&format!("{last}…"), font_size) > max_width {
            match last.trim_end().rfind(' ') {
                Some(space) => last.truncate(space),
                None => {
                    last.pop();
                }
            }
        }
        let trimmed = last.trim_end().to_string();
        *last = format!("{trimmed}…");
    }
    lines
}

/// An axis-aligned box in SVG units (`y` grows downward).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The box grown by `margin` on every side.
    pub fn grow(&self, margin: f64) -> Rect {
        Rect {
            x0: self.x0 - margin,
            y0: self.y0 - margin,
            x1: self.x1 + margin,
            y1: self.y1 + margin,
        }
    }

    /// Whether the point lies inside or on the edge of the box.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// Whether `self` lies wholly inside `outer`.
    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }
}

/// The root element's class for its natural width (see the module docs).
fn width_class(width: f64) -> &'static str {
    if width <= 480.0 {
        "dv-w-s"
    } else if width <= 800.0 {
        "dv-w-m"
    } else if width <= 1200.0 {
        "dv-w-l"
    } else {
        "dv-w-xl"
    }
}

/// What every visual's root element needs.
pub(crate) struct SvgHead<'a> {
    /// `dv-timeline`, `dv-graph` or `dv-map`.
    pub kind_class: &'a str,
    /// The cleaned id prefix.
    pub id: &'a str,
    pub width: f64,
    pub height: f64,
    /// Plain text; escaped here.
    pub title: &'a str,
    /// Plain text; escaped here.
    pub desc: &'a str,
    /// Whether the SVG holds links (decides `role`).
    pub has_links: bool,
}

/// Writes the opening `<svg>` with its title and description.
pub(crate) fn open_svg(out: &mut String, head: &SvgHead) {
    let role = if head.has_links { "group" } else { "img" };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dv {kind} {size}\" viewBox=\"0 0 {w} {h}\" \
         width=\"100%\" role=\"{role}\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         fill=\"currentColor\" font-size=\"12\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
        kind = head.kind_class,
        size = width_class(head.width),
        w = num(head.width),
        h = num(head.height),
        id = head.id,
        title = escape(head.title),
        desc = escape(head.desc),
    );
}

/// Writes `<a class="dv-link …" href aria-label><title>…</title>`; the
/// caller writes the link's shapes and closes it with `</a>`.
pub(crate) fn open_link(out: &mut String, href: &str, name: &str, extra_class: &str) {
    let name = escape(name);
    let class = if extra_class.is_empty() {
        "dv-link".to_string()
    } else {
        format!("dv-link {extra_class}")
    };
    let _ = write!(
        out,
        "<a class=\"{class}\" href=\"{href}\" aria-label=\"{name}\"><title>{name}</title>",
        href = safe_href(href),
    );
}

/// Writes one `<text>` line.
pub(crate) fn write_text(out: &mut String, x: f64, y: f64, class: &str, anchor: &str, text: &str) {
    let anchor_attr = match anchor {
        "middle" | "end" => format!(" text-anchor=\"{anchor}\""),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\"{anchor_attr}>{}</text>",
        num(x),
        num(y),
        escape(text)
    );
}

/// One line of a [`write_text_block`]: position, class, font size and text.
pub(crate) struct TextLine<'a> {
    pub x: f64,
    pub y: f64,
    pub class: &'a str,
    pub font_size: f64,
    pub text: &'a str,
}

/// Writes several lines as one `<text>` of `<tspan>`s separated by spaces, so
/// the text a screen reader (and axe-core's label-in-name check) reads is the
/// lines joined with spaces, in order, matching the link's name.
pub(crate) fn write_text_block(out: &mut String, anchor: &str, lines: &[TextLine]) {
    let anchor_attr = match anchor {
        "middle" | "end" => format!(" text-anchor=\"{anchor}\""),
        _ => String::new(),
    };
    let _ = write!(out, "<text{anchor_attr}>");
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let _ = write!(
            out,
            "<tspan class=\"{}\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</tspan>",
            line.class,
            num(line.x),
            num(line.y),
            num(line.font_size),
            escape(line.text)
        );
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape("<script>&\"'x\u{7}\ny"),
            "&lt;script&gt;&amp;&quot;&#39;x y"
        );
    }

    #[test]
    fn refuses_script_hrefs_and_keeps_paths() {
        assert_eq!(safe_href("javascript:alert(1)"), "#");
        assert_eq!(safe_href(" JavaScript:alert(1)"), "#");
        assert_eq!(safe_href("data:text/html,x"), "#");
        assert_eq!(safe_href("/people/a/?q=1&b=2"), "/people/a/?q=1&amp;b=2");
        assert_eq!(
            safe_href("https://example.org/a:b"),
            "https://example.org/a:b"
        );
        assert_eq!(safe_href("../a:b/"), "../a:b/");
    }

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-3.45), "-3.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn ids_are_cleaned() {
        assert_eq!(clean_id("a b\"c"), "a-b-c");
        assert_eq!(clean_id(""), "dv");
    }

    #[test]
    fn wrapping_respects_the_width_and_line_limit() {
        let lines = wrap_text("Edmundo González Urrutia claims victory", 100.0, 12.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 100.0));
        assert!(lines[1].ends_with('…'));
        let long = wrap_text("Supercalifragilisticexpialidocious", 60.0, 12.0, 9);
        assert!(long.len() > 1);
        assert!(long.iter().all(|l| text_width(l, 12.0) <= 60.0));
    }

    #[test]
    fn a_cut_label_shows_whole_words() {
        let lines = wrap_text("Protests against the 2024 election result", 116.0, 12.0, 2);
        assert_eq!(lines, ["Protests against", "the 2024…"]);
    }

    #[test]
    fn days_sort_less_precise_first_and_clamp() {
        assert!(Day::year(2024) < Day::month(2024, 1));
        assert!(Day::month(2024, 7) < Day::ymd(2024, 7, 1));
        assert_eq!(Day::ymd(2023, 2, 31).day_clamped(), Some(28));
        assert_eq!(Day::ymd(2024, 13, 1).month_clamped(), Some(12));
    }
}
