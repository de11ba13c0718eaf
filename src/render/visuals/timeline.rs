//! The timeline: events and articles on a vertical, broken time axis.
//!
//! Time runs downward and labels sit in one column to the right of the axis,
//! so the drawing is 360 units wide whatever the data and reads on a 320 px
//! phone without scrolling (text is 14 units, about 12 px there). This module
//! owns the layout and guarantees:
//!
//! - **Honest gaps.** Every year in which an item starts or ends gets its own
//!   segment; a year with month-precise dates shows its twelve months, and a
//!   month with day-precise dates its days. Empty stretches are compressed but
//!   never hidden (an empty month is 6 units, an empty day 0.8), busy ones
//!   grow to hold their labels, so order and spacing stay true while the
//!   scale inside a year is not linear. Between two non-consecutive years the
//!   axis breaks with a zig-zag and the text "⋯ 5 years, 2019–2023 ⋯". A
//!   period (`end`) is drawn through the gap.
//! - **Precision is visible.** A day-precise event is a dot, a month-precise
//!   one a band across its month, a year-precise one a band across its year,
//!   an event with an `end` a bar in its own lane from start to end. Articles
//!   are diamonds in a column beside the events of the same dates.
//! - **No overlap.** Every item owns a row of the axis as tall as its label
//!   block (date line, then the label wrapped to the column: at most four
//!   lines, then `…`; the link's name keeps the full text). Rows follow one
//!   another down the page, so labels cannot overlap each other, the gap
//!   notes or the marks, which sit in columns to their left. A dot or diamond
//!   sits level with its label; a short leader joins bands and bars to
//!   theirs. The drawing grows about 40 units per item.
//! - **Reading order.** Year labels, links and gap notes appear in date order
//!   in the document, so a screen reader reads the timeline as a list.
//!
//! Items sort by date (less precise first, as SPEC §3 says), events before
//! articles, then by label and input position. An `end` not after the start
//! is ignored. Empty input gives an empty string.
//!
//! CSS classes: `dv-timeline` (root), `dv-year` (year label), `dv-year-rule`
//! (line across the top of each year), `dv-axis`, `dv-month-tick`,
//! `dv-month-label`, `dv-gap` (zig-zag), `dv-gap-label`, `dv-leader`,
//! `dv-mark` with `dv-event` or `dv-article` and one of `dv-dot`,
//! `dv-band-year`, `dv-band-month`, `dv-span`, `dv-diamond`; `dv-date`,
//! `dv-label`, and on links `dv-item-event` / `dv-item-article`.
//! Bands are drawn under dots: give them a lighter fill.

use std::fmt::Write as _;

use super::{
    clean_id, days_in_month, num, open_link, open_svg, text_width, wrap_text, write_text,
    write_text_block, Day, Rect, SvgHead, TextLine,
};

/// Whether a timeline item is an event or an article about one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineKind {
    /// Something that happened: drawn on the event axis.
    Event,
    /// A news article: drawn as a diamond beside the events.
    Article,
}

/// One event or article to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    /// When it happened or was published, at the precision the editor wrote.
    pub date: Day,
    /// The last day of an event that lasts a period; `None` for a moment.
    pub end: Option<Day>,
    /// Shown text (plain text; escaped here).
    pub label: String,
    /// Where the mark links to, e.g. `/events/election/`.
    pub href: String,
    /// Event or article.
    pub kind: TimelineKind,
    /// The date as the caller formats it, e.g. "31 July 2024" or "2013".
    pub shown_date: String,
}

/// Draws `items` as an inline SVG timeline; `""` when there are none.
///
/// `id_prefix` must be unique on the page (ids `{prefix}-title` and
/// `{prefix}-desc` are created). The SVG is 360 units wide with
/// `width="100%"`; cap it with CSS (`.dv-timeline { max-width: 30rem }`) so
/// its text does not grow on wide screens. It needs no scroll container.
pub fn timeline_svg(items: &[TimelineItem], id_prefix: &str) -> String {
    if items.is_empty() {
        return String::new();
    }
    let layout = layout(items);
    render(&layout, items, &clean_id(id_prefix))
}

const WIDTH: f64 = 360.0;
const LABEL_FONT: f64 = 14.0;
const LABEL_LINE: f64 = 17.0;
const DATE_FONT: f64 = 11.0;
const MAX_LABEL_LINES: usize = 4;
/// Left column for year and month names; the axis starts after it.
const LEFT: f64 = 48.0;
const LANE_STEP: f64 = 8.0;
const YEAR_HEADER: f64 = 26.0;
const EMPTY_MONTH: f64 = 6.0;
const EMPTY_DAY: f64 = 0.8;
/// Space under each label block.
const BLOCK_SPACE: f64 = 8.0;
/// From a label block's top to the middle of its first text line, where the
/// leader line arrives and a dot sits.
const ANCHOR: f64 = 21.0;
const BUSY_MONTH_MIN: f64 = 22.0;
const GAP_HEIGHT: f64 = 44.0;
const NEXT_YEAR_SPACE: f64 = 6.0;
const LEGEND_FONT: f64 = 11.0;
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How an item is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Mark {
    /// A day-precise event.
    Dot { y: f64 },
    /// A month- or year-precise event across its period.
    Band { y0: f64, y1: f64, year: bool },
    /// An event with an end, in span lane `lane`.
    Span { lane: usize, y0: f64, y1: f64 },
    /// A day-precise article.
    Diamond { y: f64 },
    /// A month- or year-precise article.
    ArticleBand { y0: f64, y1: f64 },
}

/// One item after layout.
#[derive(Clone, Debug)]
pub(crate) struct PlacedItem {
    /// Index into the caller's slice.
    pub index: usize,
    pub mark: Mark,
    /// Where the leader line leaves the mark.
    pub anchor_y: f64,
    /// Top of the label block (date line, then label lines).
    pub label_top: f64,
    pub lines: Vec<String>,
}

#[cfg(test)]
impl PlacedItem {
    /// The estimated box of the drawn text.
    fn label_box(&self, item: &TimelineItem, columns: &Columns) -> Rect {
        let widest = self
            .lines
            .iter()
            .map(|l| text_width(l, LABEL_FONT))
            .fold(text_width(&item.shown_date, DATE_FONT), f64::max);
        Rect {
            x0: columns.label_x,
            y0: self.label_top,
            x1: columns.label_x + widest,
            y1: self.label_top + block_height(self.lines.len()) - BLOCK_SPACE,
        }
    }
}

/// A year's segment of the axis.
#[derive(Clone, Debug)]
pub(crate) struct YearBlock {
    pub year: i32,
    pub top: f64,
    pub bottom: f64,
    /// The twelve months, when the year shows months.
    pub months: Option<Vec<MonthBlock>>,
    /// Items in date order, as indexes into `TimelineLayout::items`.
    pub items: Vec<usize>,
    /// The gap before this year, if the previous year is not the one before.
    pub gap_before: Option<Gap>,
}

/// A month's stretch of the axis inside a year that shows months.
#[derive(Clone, Debug)]
pub(crate) struct MonthBlock {
    pub top: f64,
    pub bottom: f64,
    /// Whether any item starts in it (its name is then shown).
    pub busy: bool,
    /// `(top, bottom)` of each day's row, when a day-precise date falls in
    /// the month: days with items are as tall as their labels, empty days
    /// thin.
    pub days: Option<Vec<(f64, f64)>>,
}

/// The break in the axis between two non-consecutive years.
#[derive(Clone, Debug)]
pub(crate) struct Gap {
    pub top: f64,
    pub bottom: f64,
    /// "⋯ 5 years, 2019–2023 ⋯"
    pub text: String,
    pub text_box: Rect,
}

/// Column positions, which depend on how many span lanes there are.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Columns {
    pub event_x: f64,
    pub article_x: f64,
    pub label_x: f64,
}

impl Columns {
    fn lane_x(&self, lane: usize) -> f64 {
        LEFT + 6.0 + lane as f64 * LANE_STEP
    }
}

/// The whole layout, kept apart from drawing so tests can check geometry.
#[derive(Clone, Debug)]
pub(crate) struct TimelineLayout {
    pub height: f64,
    pub columns: Columns,
    pub legend: Vec<(LegendKey, f64, f64)>,
    pub years: Vec<YearBlock>,
    pub items: Vec<PlacedItem>,
}

/// Legend entries, drawn only for marks that occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum LegendKey {
    Dot,
    Band,
    Span,
    Diamond,
}

impl LegendKey {
    fn text(self) -> &'static str {
        match self {
            LegendKey::Dot => "event on a day",
            LegendKey::Band => "in a month or year",
            LegendKey::Span => "period",
            LegendKey::Diamond => "article",
        }
    }
}

/// A date as the first day it may mean, for comparing starts and ends.
fn start_key(day: &Day) -> (i32, u32, u32) {
    (
        day.year,
        day.month_clamped().unwrap_or(1),
        day.day_clamped().unwrap_or(1),
    )
}

/// A date as the last day it may mean.
fn end_key(day: &Day) -> (i32, u32, u32) {
    let month = day.month_clamped().unwrap_or(12);
    (
        day.year,
        month,
        day.day_clamped()
            .unwrap_or_else(|| days_in_month(day.year, month)),
    )
}

/// An item with its end checked.
struct Prepared {
    index: usize,
    start: Day,
    end: Option<Day>,
    kind: TimelineKind,
}

fn prepare(items: &[TimelineItem]) -> Vec<Prepared> {
    let mut prepared: Vec<Prepared> = items
        .iter()
        .enumerate()
        .map(|(index, item)| Prepared {
            index,
            start: item.date,
            // A period must reach past the start's own precision.
            end: item.end.filter(|end| end_key(end) > end_key(&item.date)),
            kind: item.kind,
        })
        .collect();
    prepared.sort_by(|a, b| {
        (a.start, a.kind, &items[a.index].label, a.index).cmp(&(
            b.start,
            b.kind,
            &items[b.index].label,
            b.index,
        ))
    });
    prepared
}

/// Gives each period a lane so that bars in one lane never overlap.
fn assign_lanes(prepared: &[Prepared]) -> (Vec<Option<usize>>, usize) {
    let mut lane_ends: Vec<(i32, u32, u32)> = Vec::new();
    let mut lanes = Vec::with_capacity(prepared.len());
    for item in prepared {
        let (Some(end), TimelineKind::Event) = (item.end, item.kind) else {
            lanes.push(None);
            continue;
        };
        let start = start_key(&item.start);
        let lane = match lane_ends.iter().position(|last| *last < start) {
            Some(free) => free,
            None => {
                lane_ends.push(end_key(&end));
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = end_key(&end);
        lanes.push(Some(lane));
    }
    let count = lane_ends.len();
    (lanes, count)
}

fn columns(lanes: usize, has_articles: bool) -> Columns {
    let event_x = LEFT + 6.0 + lanes as f64 * LANE_STEP + 8.0;
    let article_x = if has_articles {
        event_x + 16.0
    } else {
        event_x
    };
    Columns {
        event_x,
        article_x,
        label_x: article_x + 13.0,
    }
}

/// Height of a label block with `lines` label lines, including the space
/// below it.
fn block_height(lines: usize) -> f64 {
    13.0 + LABEL_LINE * lines as f64 + BLOCK_SPACE
}

/// Lays out the legend rows; returns the entries and the height used.
fn layout_legend(keys: &[LegendKey]) -> (Vec<(LegendKey, f64, f64)>, f64) {
    let mut placed = Vec::new();
    let (mut x, mut y) = (4.0, 14.0);
    for key in keys {
        let width = 16.0 + text_width(key.text(), LEGEND_FONT) + 14.0;
        if x > 4.0 && x + width > WIDTH {
            x = 4.0;
            y += 18.0;
        }
        placed.push((*key, x, y));
        x += width;
    }
    let height = if keys.is_empty() { 4.0 } else { y + 14.0 };
    (placed, height)
}

/// The axis break between `previous` and `year`, starting at `top`.
fn gap_between(previous: i32, year: i32, top: f64, label_x: f64) -> Gap {
    let skipped = year - previous - 1;
    let text = if skipped == 1 {
        format!("⋯ 1 year, {} ⋯", previous + 1)
    } else {
        format!("⋯ {skipped} years, {}–{} ⋯", previous + 1, year - 1)
    };
    let baseline = top + GAP_HEIGHT / 2.0 + 4.0;
    let text_box = Rect {
        x0: label_x,
        y0: baseline - 11.0,
        x1: label_x + text_width(&text, 12.0),
        y1: baseline + 3.0,
    };
    Gap {
        top,
        bottom: top + GAP_HEIGHT,
        text,
        text_box,
    }
}

pub(crate) fn layout(items: &[TimelineItem]) -> TimelineLayout {
    let prepared = prepare(items);
    let (lanes, lane_count) = assign_lanes(&prepared);
    let has_articles = prepared.iter().any(|p| p.kind == TimelineKind::Article);
    let columns = columns(lane_count, has_articles);
    let label_width = WIDTH - columns.label_x - 4.0;

    let mut keys: Vec<LegendKey> = prepared
        .iter()
        .zip(&lanes)
        .map(|(p, lane)| match (p.kind, lane, p.start.day_clamped()) {
            (TimelineKind::Article, _, _) => LegendKey::Diamond,
            (_, Some(_), _) => LegendKey::Span,
            (_, None, Some(_)) => LegendKey::Dot,
            (_, None, None) => LegendKey::Band,
        })
        .collect();
    keys.sort();
    keys.dedup();
    let (legend, legend_height) = layout_legend(&keys);

    // Which years get a segment, which of them show months, and which
    // months show days.
    let mut years: Vec<(i32, bool)> = Vec::new();
    let mut day_detail: Vec<(i32, u32)> = Vec::new();
    for p in &prepared {
        for day in std::iter::once(&p.start).chain(p.end.as_ref()) {
            if let (Some(month), Some(_)) = (day.month_clamped(), day.day_clamped()) {
                day_detail.push((day.year, month));
            }
            let detailed = day.month.is_some();
            match years.binary_search_by_key(&day.year, |(y, _)| *y) {
                Ok(found) => years[found].1 |= detailed,
                Err(at) => years.insert(at, (day.year, detailed)),
            }
        }
    }

    day_detail.sort_unstable();
    day_detail.dedup();

    let lines: Vec<Vec<String>> = prepared
        .iter()
        .map(|p| {
            wrap_text(
                &items[p.index].label,
                label_width,
                LABEL_FONT,
                MAX_LABEL_LINES,
            )
        })
        .collect();
    let heights: Vec<f64> = lines.iter().map(|l| block_height(l.len())).collect();

    // Walk the years top to bottom. Each item gets its own row, and empty
    // stretches (months, days) keep a thin, visible height.
    let mut blocks: Vec<YearBlock> = Vec::with_capacity(years.len());
    let mut label_tops = vec![0.0; prepared.len()];
    let mut y = legend_height + 6.0;
    let mut order = 0;
    for (position, &(year, detailed)) in years.iter().enumerate() {
        let gap_before = (position > 0)
            .then(|| years[position - 1].0)
            .and_then(|previous| {
                if year - previous == 1 {
                    y += NEXT_YEAR_SPACE;
                    return None;
                }
                let gap = gap_between(previous, year, y, columns.label_x);
                y = gap.bottom;
                Some(gap)
            });
        let mut members = Vec::new();
        while order < prepared.len() && prepared[order].start.year == year {
            members.push(order);
            order += 1;
        }
        let top = y;
        let mut cursor = top + 2.0;
        for &i in members
            .iter()
            .filter(|&&i| prepared[i].start.month.is_none())
        {
            label_tops[i] = cursor;
            cursor += heights[i];
        }
        cursor = cursor.max(top + YEAR_HEADER);
        let months = detailed.then(|| {
            (1..=12u32)
                .map(|month| {
                    let in_month: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| prepared[i].start.month_clamped() == Some(month))
                        .collect();
                    let month_top = cursor;
                    for &i in in_month
                        .iter()
                        .filter(|&&i| prepared[i].start.day_clamped().is_none())
                    {
                        label_tops[i] = cursor;
                        cursor += heights[i];
                    }
                    let days = day_detail.binary_search(&(year, month)).is_ok().then(|| {
                        (1..=days_in_month(year, month))
                            .map(|day| {
                                let row_top = cursor;
                                let on_day = in_month
                                    .iter()
                                    .filter(|&&i| prepared[i].start.day_clamped() == Some(day));
                                let mut any = false;
                                for &i in on_day {
                                    label_tops[i] = cursor;
                                    cursor += heights[i];
                                    any = true;
                                }
                                if !any {
                                    cursor += EMPTY_DAY;
                                }
                                (row_top, cursor)
                            })
                            .collect::<Vec<_>>()
                    });
                    let busy = !in_month.is_empty();
                    let least = if busy { BUSY_MONTH_MIN } else { EMPTY_MONTH };
                    cursor = cursor.max(month_top + least);
                    MonthBlock {
                        top: month_top,
                        bottom: cursor,
                        busy,
                        days,
                    }
                })
                .collect::<Vec<_>>()
        });
        y = cursor;
        blocks.push(YearBlock {
            year,
            top,
            bottom: y,
            months,
            items: members,
            gap_before,
        });
    }
    let height = y + 10.0;

    let block_of = |year: i32| {
        let at = blocks
            .binary_search_by_key(&year, |b| b.year)
            .expect("every start and end year has a block");
        &blocks[at]
    };
    // Where a date's period ends on the axis.
    let end_y = |day: &Day| {
        let block = block_of(day.year);
        let Some(months) = &block.months else {
            return block.bottom;
        };
        match (day.month_clamped(), day.day_clamped()) {
            (None, _) => block.bottom,
            (Some(m), None) => months[m as usize - 1].bottom,
            (Some(m), Some(d)) => {
                let month = &months[m as usize - 1];
                match &month.days {
                    Some(rows) => rows[d as usize - 1].1,
                    None => {
                        let share = f64::from(d) / f64::from(days_in_month(day.year, m));
                        month.top + (month.bottom - month.top) * share
                    }
                }
            }
        }
    };

    let mut placed: Vec<PlacedItem> = Vec::with_capacity(prepared.len());
    for (i, p) in prepared.iter().enumerate() {
        let block = block_of(p.start.year);
        let label_top = label_tops[i];
        let anchor_y = label_top + ANCHOR;
        let (y0, y1) = match (p.start.month_clamped(), &block.months) {
            (Some(m), Some(months)) => (months[m as usize - 1].top, months[m as usize - 1].bottom),
            _ => (block.top, block.bottom),
        };
        let mark = match (p.kind, lanes[i], p.start.day_clamped()) {
            (TimelineKind::Event, Some(lane), _) => {
                let start = label_top + 4.0;
                let end = end_y(&p.end.expect("spans have ends"));
                Mark::Span {
                    lane,
                    y0: start,
                    y1: end.max(start + 6.0),
                }
            }
            (TimelineKind::Event, None, Some(_)) => Mark::Dot { y: anchor_y },
            (TimelineKind::Article, _, Some(_)) => Mark::Diamond { y: anchor_y },
            (TimelineKind::Event, None, None) => Mark::Band {
                y0,
                y1,
                year: p.start.month.is_none(),
            },
            (TimelineKind::Article, _, None) => Mark::ArticleBand { y0, y1 },
        };
        placed.push(PlacedItem {
            index: p.index,
            mark,
            anchor_y,
            label_top,
            lines: lines[i].clone(),
        });
    }

    TimelineLayout {
        height,
        columns,
        legend,
        years: blocks,
        items: placed,
    }
}

fn render(layout: &TimelineLayout, items: &[TimelineItem], id: &str) -> String {
    let events = items
        .iter()
        .filter(|i| i.kind == TimelineKind::Event)
        .count();
    let articles = items.len() - events;
    let first = layout.years.first().map_or(0, |b| b.year);
    let last = layout.years.last().map_or(0, |b| b.year);
    let span = if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    };
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let title = match (events, articles) {
        (_, 0) => format!("Timeline {span}: {}", count(events, "event", "events")),
        (0, _) => format!(
            "Timeline {span}: {}",
            count(articles, "article", "articles")
        ),
        _ => format!(
            "Timeline {span}: {} and {}",
            count(events, "event", "events"),
            count(articles, "article", "articles")
        ),
    };
    let desc = "Time runs downward. Years with nothing in them are left out and the break \
                says how many years were skipped. Dots are events known to the day, bands \
                events known only to the month or year, bars events that last a period, \
                diamonds articles.";

    let mut out = String::with_capacity(4096 + items.len() * 600);
    open_svg(
        &mut out,
        &SvgHead {
            kind_class: "dv-timeline",
            id,
            width: WIDTH,
            height: layout.height,
            title: &title,
            desc,
            has_links: true,
        },
    );
    render_legend(&mut out, layout);
    let c = layout.columns;
    for block in &layout.years {
        if let Some(gap) = &block.gap_before {
            render_gap(&mut out, gap, c);
        }
        render_year_axis(&mut out, block, c);
        let _ = write!(
            out,
            "<text class=\"dv-year\" x=\"2\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">{}</text>",
            num(block.top + 18.0),
            block.year
        );
        for &i in &block.items {
            render_item(&mut out, &layout.items[i], &items[layout.items[i].index], c);
        }
    }
    out.push_str("</svg>");
    out
}

fn render_legend(out: &mut String, layout: &TimelineLayout) {
    if layout.legend.is_empty() {
        return;
    }
    out.push_str("<g class=\"dv-legend\" aria-hidden=\"true\" font-size=\"11\">");
    for (key, x, y) in &layout.legend {
        let (x, y) = (*x, *y);
        match key {
            LegendKey::Dot => {
                let _ = write!(
                    out,
                    "<circle class=\"dv-mark dv-event dv-dot\" cx=\"{}\" cy=\"{}\" r=\"4.5\"/>",
                    num(x + 6.0),
                    num(y - 4.0)
                );
            }
            LegendKey::Band => {
                let _ = write!(
                    out,
                    "<rect class=\"dv-mark dv-event dv-band-month\" x=\"{}\" y=\"{}\" width=\"10\" height=\"12\" rx=\"2\" fill-opacity=\"0.35\"/>",
                    num(x + 1.0),
                    num(y - 10.0)
                );
            }
            LegendKey::Span => {
                let _ = write!(
                    out,
                    "<rect class=\"dv-mark dv-event dv-span\" x=\"{}\" y=\"{}\" width=\"4\" height=\"14\" rx=\"2\"/>",
                    num(x + 4.0),
                    num(y - 11.0)
                );
            }
            LegendKey::Diamond => {
                let _ = write!(
                    out,
                    "<path class=\"dv-mark dv-article dv-diamond\" d=\"{}\"/>",
                    diamond(x + 6.0, y - 4.0)
                );
            }
        }
        write_text(out, x + 16.0, y, "dv-legend-text", "start", key.text());
    }
    out.push_str("</g>");
}

fn diamond(x: f64, y: f64) -> String {
    format!("M{} {}l5 5l-5 5l-5-5z", num(x), num(y - 5.0))
}

fn render_gap(out: &mut String, gap: &Gap, c: Columns) {
    let x = c.event_x;
    let mid = (gap.top + gap.bottom) / 2.0;
    let _ = write!(
        out,
        "<path class=\"dv-gap\" aria-hidden=\"true\" fill=\"none\" stroke=\"currentColor\" \
         d=\"M{x} {a}V{b}l-5 3l10 6l-10 6l5 3V{e}\"/>",
        x = num(x),
        a = num(gap.top),
        b = num(mid - 9.0),
        e = num(gap.bottom),
    );
    let _ = write!(
        out,
        "<text class=\"dv-gap-label\" x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
        num(gap.text_box.x0),
        num(gap.text_box.y1 - 3.0),
        super::escape(&gap.text)
    );
}

fn render_year_axis(out: &mut String, block: &YearBlock, c: Columns) {
    out.push_str("<g aria-hidden=\"true\">");
    let _ = write!(
        out,
        "<path class=\"dv-year-rule\" stroke=\"currentColor\" stroke-opacity=\"0.25\" d=\"M0 {y}H{w}\"/>\
         <path class=\"dv-axis\" stroke=\"currentColor\" d=\"M{x} {y}V{b}\"/>",
        y = num(block.top),
        w = num(WIDTH),
        x = num(c.event_x),
        b = num(block.bottom),
    );
    if let Some(months) = &block.months {
        let mut ticks = String::new();
        for month in months {
            let _ = write!(ticks, "M{} {}h8", num(c.event_x - 4.0), num(month.top));
        }
        let _ = write!(
            out,
            "<path class=\"dv-month-tick\" stroke=\"currentColor\" stroke-opacity=\"0.5\" d=\"{ticks}\"/>"
        );
        for (m, month) in months.iter().enumerate() {
            if month.busy {
                let _ = write!(
                    out,
                    "<text class=\"dv-month-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\">{}</text>",
                    num(LEFT + 2.0),
                    num(month.top + ANCHOR + 3.0),
                    MONTH_NAMES[m]
                );
            }
        }
    }
    out.push_str("</g>");
}

fn render_item(out: &mut String, placed: &PlacedItem, item: &TimelineItem, c: Columns) {
    let (class, name) = match item.kind {
        TimelineKind::Event => (
            "dv-item-event",
            format!("{}: {}", item.shown_date, item.label),
        ),
        TimelineKind::Article => (
            "dv-item-article",
            format!("Article, {}: {}", item.shown_date, item.label),
        ),
    };
    open_link(out, &item.href, &name, class);
    let (mark_x, kind_class) = match placed.mark {
        Mark::Span { lane, .. } => (c.lane_x(lane) + 2.0, "dv-event"),
        Mark::Diamond { .. } => (c.article_x + 5.0, "dv-article"),
        Mark::ArticleBand { .. } => (c.article_x + 3.0, "dv-article"),
        Mark::Band { .. } => (c.event_x + 6.0, "dv-event"),
        Mark::Dot { .. } => (c.event_x + 4.5, "dv-event"),
    };
    let _ = write!(
        out,
        "<path class=\"dv-leader\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.4\" d=\"M{} {}L{} {}\"/>",
        num(mark_x),
        num(placed.anchor_y),
        num(c.label_x - 3.0),
        num(placed.label_top + ANCHOR)
    );
    match placed.mark {
        Mark::Dot { y } => {
            let _ = write!(
                out,
                "<circle class=\"dv-mark {kind_class} dv-dot\" cx=\"{}\" cy=\"{}\" r=\"4.5\"/>",
                num(c.event_x),
                num(y)
            );
        }
        Mark::Band { y0, y1, year } => {
            let (half, class) = if year {
                (6.0, "dv-band-year")
            } else {
                (5.0, "dv-band-month")
            };
            let _ = write!(
                out,
                "<rect class=\"dv-mark {kind_class} {class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill-opacity=\"0.35\"/>",
                num(c.event_x - half),
                num(y0 + 1.0),
                num(half * 2.0),
                num((y1 - y0 - 2.0).max(2.0))
            );
        }
        Mark::Span { lane, y0, y1 } => {
            let _ = write!(
                out,
                "<rect class=\"dv-mark {kind_class} dv-span\" x=\"{}\" y=\"{}\" width=\"4\" height=\"{}\" rx=\"2\"/>",
                num(c.lane_x(lane) - 2.0),
                num(y0),
                num(y1 - y0)
            );
        }
        Mark::Diamond { y } => {
            let _ = write!(
                out,
                "<path class=\"dv-mark {kind_class} dv-diamond\" d=\"{}\"/>",
                diamond(c.article_x, y)
            );
        }
        Mark::ArticleBand { y0, y1 } => {
            let _ = write!(
                out,
                "<rect class=\"dv-mark {kind_class} dv-band-month\" x=\"{}\" y=\"{}\" width=\"6\" height=\"{}\" rx=\"2\" fill-opacity=\"0.35\"/>",
                num(c.article_x - 3.0),
                num(y0 + 1.0),
                num((y1 - y0 - 2.0).max(2.0))
            );
        }
    }
    let mut lines = vec![TextLine {
        x: c.label_x,
        y: placed.label_top + 10.0,
        class: "dv-date",
        font_size: DATE_FONT,
        text: &item.shown_date,
    }];
    lines.extend(placed.lines.iter().enumerate().map(|(k, line)| TextLine {
        x: c.label_x,
        y: placed.label_top + 26.0 + LABEL_LINE * k as f64,
        class: "dv-label",
        font_size: LABEL_FONT,
        text: line,
    }));
    write_text_block(out, "start", &lines);
    out.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: Day, label: &str, shown: &str) -> TimelineItem {
        TimelineItem {
            date,
            end: None,
            label: label.to_string(),
            href: format!("/events/{}/", label.to_lowercase().replace(' ', "-")),
            kind: TimelineKind::Event,
            shown_date: shown.to_string(),
        }
    }

    /// The Venezuelan election dossier's events and two articles.
    pub(crate) fn venezuela() -> Vec<TimelineItem> {
        let mut items = vec![
            event(
                Day::ymd(2013, 4, 19),
                "Maduro takes office",
                "19 April 2013",
            ),
            event(
                Day::month(2015, 2),
                "Arrest of Antonio Ledezma",
                "February 2015",
            ),
            event(
                Day::month(2017, 11),
                "Ledezma escapes to Spain",
                "November 2017",
            ),
            event(
                Day::ymd(2018, 4, 13),
                "March at the Summit of the Americas in Lima",
                "13 April 2018",
            ),
            event(
                Day::ymd(2024, 7, 28),
                "Presidential election",
                "28 July 2024",
            ),
            event(
                Day::ymd(2024, 7, 29),
                "CNE proclaims Maduro the winner",
                "29 July 2024",
            ),
            event(
                Day::ymd(2024, 7, 30),
                "Opposition rally in Caracas",
                "30 July 2024",
            ),
            event(
                Day::ymd(2024, 8, 3),
                "Rally of Venezuelans in Lima",
                "3 August 2024",
            ),
        ];
        let mut protests = event(
            Day::ymd(2024, 7, 29),
            "Post-election protests",
            "29 July 2024",
        );
        protests.end = Some(Day::month(2024, 8));
        items.push(protests);
        items.push(TimelineItem {
            date: Day::ymd(2024, 7, 31),
            end: None,
            label: "Venezuelans in Lima march against the election result".to_string(),
            href: "/articles/lima-march/".to_string(),
            kind: TimelineKind::Article,
            shown_date: "31 July 2024".to_string(),
        });
        items.push(TimelineItem {
            date: Day::ymd(2024, 8, 4),
            end: None,
            label: "González: “we have the tally sheets”".to_string(),
            href: "/articles/tally-sheets/".to_string(),
            kind: TimelineKind::Article,
            shown_date: "4 August 2024".to_string(),
        });
        items
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let items = venezuela();
        assert_eq!(timeline_svg(&items, "tl"), timeline_svg(&items, "tl"));
    }

    #[test]
    fn empty_input_gives_nothing() {
        assert_eq!(timeline_svg(&[], "tl"), "");
    }

    #[test]
    fn a_gap_between_2013_and_2024_says_which_years_are_skipped() {
        let items = vec![
            event(
                Day::ymd(2013, 4, 19),
                "Maduro takes office",
                "19 April 2013",
            ),
            event(Day::ymd(2024, 7, 28), "Election", "28 July 2024"),
        ];
        let layout = layout(&items);
        assert_eq!(layout.years.len(), 2);
        let gap = layout.years[1].gap_before.as_ref().expect("a gap marker");
        assert_eq!(gap.text, "⋯ 10 years, 2014–2023 ⋯");
        let svg = timeline_svg(&items, "tl");
        assert!(svg.contains("⋯ 10 years, 2014–2023 ⋯"), "{svg}");
        assert!(svg.contains("class=\"dv-gap\""));
    }

    #[test]
    fn consecutive_years_have_no_gap_and_one_missing_year_is_named() {
        let items = venezuela();
        let layout = layout(&items);
        let years: Vec<i32> = layout.years.iter().map(|b| b.year).collect();
        assert_eq!(years, vec![2013, 2015, 2017, 2018, 2024]);
        let gaps: Vec<Option<&str>> = layout
            .years
            .iter()
            .map(|b| b.gap_before.as_ref().map(|g| g.text.as_str()))
            .collect();
        assert_eq!(
            gaps,
            vec![
                None,
                Some("⋯ 1 year, 2014 ⋯"),
                Some("⋯ 1 year, 2016 ⋯"),
                None,
                Some("⋯ 5 years, 2019–2023 ⋯")
            ]
        );
        let svg = timeline_svg(&items, "tl");
        assert!(svg.contains("⋯ 5 years, 2019–2023 ⋯"));
    }

    #[test]
    fn labels_never_overlap_each_other_or_gap_notes() {
        let mut items = venezuela();
        // A crowded month with long labels.
        for day in 1..=20 {
            items.push(event(
                Day::ymd(2024, 7, day),
                &format!("A long label for a crowded day number {day} in the election month"),
                &format!("{day} July 2024"),
            ));
        }
        let layout = layout(&items);
        let mut boxes: Vec<Rect> = layout
            .items
            .iter()
            .map(|i| i.label_box(&items[i.index], &layout.columns))
            .collect();
        boxes.extend(
            layout
                .years
                .iter()
                .filter_map(|b| b.gap_before.as_ref().map(|g| g.text_box)),
        );
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.x1 <= WIDTH, "label {i} runs off the right edge");
            assert!(
                a.x0 > layout.columns.article_x + 5.0,
                "label {i} covers a mark"
            );
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn precision_decides_the_mark() {
        let items = venezuela();
        let layout = layout(&items);
        let mark_of = |label: &str| {
            layout
                .items
                .iter()
                .find(|p| items[p.index].label == label)
                .map(|p| p.mark)
                .unwrap()
        };
        assert!(matches!(mark_of("Maduro takes office"), Mark::Dot { .. }));
        assert!(matches!(
            mark_of("Arrest of Antonio Ledezma"),
            Mark::Band { year: false, .. }
        ));
        assert!(matches!(
            mark_of("Post-election protests"),
            Mark::Span { .. }
        ));
        let article = "Venezuelans in Lima march against the election result";
        assert!(matches!(mark_of(article), Mark::Diamond { .. }));
        let year_only = vec![event(Day::year(2013), "A year", "2013")];
        assert!(matches!(
            layout_mark(&year_only),
            Mark::Band { year: true, .. }
        ));
    }

    fn layout_mark(items: &[TimelineItem]) -> Mark {
        layout(items).items[0].mark
    }

    #[test]
    fn a_period_runs_from_its_start_to_the_end_of_its_end_month() {
        let items = venezuela();
        let layout = layout(&items);
        let span = layout
            .items
            .iter()
            .find_map(|p| match p.mark {
                Mark::Span { y0, y1, .. } => Some((y0, y1)),
                _ => None,
            })
            .unwrap();
        let y2024 = layout.years.iter().find(|b| b.year == 2024).unwrap();
        let months = y2024.months.as_ref().unwrap();
        assert!(span.0 > months[6].top && span.0 < months[6].bottom);
        assert!((span.1 - months[7].bottom).abs() < 0.01);
    }

    #[test]
    fn text_is_escaped_and_links_are_named() {
        let items = vec![TimelineItem {
            date: Day::ymd(2024, 7, 28),
            end: Some(Day::ymd(2020, 1, 1)),
            label: "<script>&\"".to_string(),
            href: "javascript:alert(1)".to_string(),
            kind: TimelineKind::Event,
            shown_date: "28 <July>".to_string(),
        }];
        let svg = timeline_svg(&items, "x\"y");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;"));
        assert!(svg.contains("28 &lt;July&gt;"));
        assert!(svg.contains("href=\"#\""));
        assert!(svg.contains("aria-labelledby=\"x-y-title\""));
        assert!(svg.contains("aria-label=\"28 &lt;July&gt;: &lt;script&gt;&amp;&quot;\""));
    }

    #[test]
    fn odd_dates_do_not_panic() {
        let items = vec![
            event(Day::ymd(-44, 3, 15), "Ides", "44 BC"),
            event(Day::ymd(2024, 13, 40), "Bad month", "?"),
            event(
                Day {
                    year: 2024,
                    month: None,
                    day: Some(3),
                },
                "Day without month",
                "?",
            ),
        ];
        let svg = timeline_svg(&items, "tl");
        assert!(svg.contains("⋯ 2067 years, -43–2023 ⋯"));
    }
}
