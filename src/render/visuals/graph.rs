//! The relationship graph: entities joined by the articles they share.
//!
//! This module owns the graph's layout and drawing. It guarantees:
//!
//! - **A deterministic layout.** With a `center`, a neighbourhood graph: the
//!   center in the middle and the others on concentric rings, the most shared
//!   articles nearest, heaviest first clockwise from the top. Without one, a
//!   force-directed layout (Fruchterman–Reingold) with a fixed number of
//!   iterations, started from a sunflower spiral ordered by weighted degree
//!   instead of a random draw. No randomness, no hash order.
//! - **Nothing overlaps.** Each node and its label (centered below it, at most
//!   two lines of about 18 characters, then `…`) form one box; boxes are pushed
//!   apart until none overlap, and a final sweep moves any box still touching
//!   another downward, which always ends. Labels therefore never overlap each
//!   other or any node. Edges may pass behind labels; the theme's text halo
//!   (`paint-order: stroke`) keeps them legible.
//! - **Meaningful marks.** Edge thickness grows with the weight (shared
//!   articles), node size with the node's total weight; every node is a link
//!   named "Label (kind)" — with the shared-article count in a neighbourhood
//!   graph.
//! - **Bounded cost.** Work is quadratic in nodes: for the whole-dossier graph
//!   the caller passes at most the top 150 nodes by degree (and only edges
//!   among them); that lays out in a few milliseconds in a release build.
//!
//! Edges whose ends are out of range or equal are ignored; two edges between
//! the same pair add their weights. A `center` out of range is treated as
//! none. No nodes gives an empty string.
//!
//! CSS classes: `dv-graph` (root), `dv-edge` (and `dv-edge-center` for edges
//! of the center), `dv-node` with `dv-kind-person`, `dv-kind-place`,
//! `dv-kind-event`, `dv-kind-organization` or `dv-kind-other`, `dv-node-center`,
//! `dv-node-label`, `dv-node-link` on links; legend swatches use `dv-node`
//! and the kind class.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write as _;

use super::{
    clean_id, num, open_link, open_svg, text_width, wrap_text, write_text, write_text_block, Rect,
    SvgHead, TextLine,
};

/// One entity in the graph.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    /// Shown name (plain text; escaped here).
    pub label: String,
    /// The entity's page, e.g. `/people/nicolas-maduro/`.
    pub href: String,
    /// `"person"`, `"place"`, `"event"` or `"organization"`; becomes the CSS
    /// class `dv-kind-…` (anything else becomes `dv-kind-other`).
    pub kind: String,
}

/// Two entities named in the same articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    /// Index of one end in the node slice.
    pub a: usize,
    /// Index of the other end.
    pub b: usize,
    /// How many articles they share (0 counts as 1).
    pub weight: u32,
}

/// Draws the graph as inline SVG; `""` when there are no nodes.
///
/// `center` makes a neighbourhood graph around that node. `id_prefix` must be
/// unique on the page. The SVG is at least 320 units wide and grows with the
/// number of nodes (about 720 for 40 nodes, 1400 for 150): wrap it in a
/// scroll container and size it by its `dv-w-*` class (see the parent
/// module's docs).
pub fn graph_svg(
    nodes: &[GraphNode],
    edges: &[GraphEdge],
    center: Option<usize>,
    id_prefix: &str,
) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let center = center.filter(|&c| c < nodes.len());
    let layout = layout(nodes, edges, center);
    render(&layout, nodes, center, &clean_id(id_prefix))
}

const FONT: f64 = 12.0;
const LINE: f64 = 14.0;
const LABEL_WIDTH: f64 = 116.0;
/// Clear space kept between two node boxes.
const MARGIN: f64 = 4.0;
const PAD: f64 = 10.0;
const MIN_WIDTH: f64 = 320.0;
const ITERATIONS: usize = 300;

/// A node after layout.
#[derive(Clone, Debug)]
pub(crate) struct PlacedNode {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub lines: Vec<String>,
    /// Half the box width (the wider of the circle and the label).
    half_width: f64,
    /// Box height below the node's center (circle, gap, label lines).
    below: f64,
}

impl PlacedNode {
    /// The node with its label, as one box.
    pub fn unit_box(&self) -> Rect {
        Rect {
            x0: self.x - self.half_width,
            y0: self.y - self.r,
            x1: self.x + self.half_width,
            y1: self.y + self.below,
        }
    }

    /// The label's own box.
    #[cfg(test)]
    fn label_box(&self) -> Rect {
        let width = self
            .lines
            .iter()
            .map(|l| text_width(l, FONT))
            .fold(0.0, f64::max);
        Rect {
            x0: self.x - width / 2.0,
            y0: self.y + self.r + 2.0,
            x1: self.x + width / 2.0,
            y1: self.y + self.below,
        }
    }

    /// The circle's bounding box.
    #[cfg(test)]
    fn circle_box(&self) -> Rect {
        Rect {
            x0: self.x - self.r,
            y0: self.y - self.r,
            x1: self.x + self.r,
            y1: self.y + self.r,
        }
    }
}

/// The layout, kept apart from drawing so tests can check geometry.
#[derive(Clone, Debug)]
pub(crate) struct GraphLayout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<PlacedNode>,
    /// Merged edges `(a, b, weight)` with `a < b`, in order.
    pub edges: Vec<(usize, usize, u32)>,
    /// Node indexes in reading order: center, then by weight.
    pub order: Vec<usize>,
    /// Kinds present, with their legend position.
    pub legend: Vec<(&'static str, f64, f64)>,
}

/// The CSS suffix and reader's word for a node kind.
fn kind_of(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "person" => ("person", "person"),
        "place" => ("place", "place"),
        "event" => ("event", "event"),
        "organization" => ("organization", "organization"),
        _ => ("other", "entity"),
    }
}

fn legend_word(kind: &str) -> &'static str {
    match kind {
        "person" => "Person",
        "place" => "Place",
        "event" => "Event",
        "organization" => "Organization",
        _ => "Other",
    }
}

fn merge_edges(count: usize, edges: &[GraphEdge]) -> Vec<(usize, usize, u32)> {
    let mut merged: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for edge in edges {
        if edge.a == edge.b || edge.a >= count || edge.b >= count {
            continue;
        }
        let key = (edge.a.min(edge.b), edge.a.max(edge.b));
        let slot = merged.entry(key).or_insert(0);
        *slot = slot.saturating_add(edge.weight.max(1));
    }
    merged.into_iter().map(|((a, b), w)| (a, b, w)).collect()
}

pub(crate) fn layout(
    nodes: &[GraphNode],
    edges: &[GraphEdge],
    center: Option<usize>,
) -> GraphLayout {
    let n = nodes.len();
    let edges = merge_edges(n, edges);
    let mut strength = vec![0u64; n];
    let mut to_center = vec![0u32; n];
    for &(a, b, w) in &edges {
        strength[a] += u64::from(w);
        strength[b] += u64::from(w);
        if Some(a) == center {
            to_center[b] = w;
        }
        if Some(b) == center {
            to_center[a] = w;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| {
        let key = |k: usize| {
            (
                Some(k) != center,
                std::cmp::Reverse(to_center[k]),
                std::cmp::Reverse(strength[k]),
            )
        };
        key(i)
            .cmp(&key(j))
            .then_with(|| nodes[i].label.cmp(&nodes[j].label))
            .then(i.cmp(&j))
    });

    let mut placed: Vec<PlacedNode> = nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let r = if Some(i) == center {
                12.0
            } else {
                4.5 + (1.3 * (strength[i] as f64).sqrt()).min(6.5)
            };
            let lines = wrap_text(&node.label, LABEL_WIDTH, FONT, 2);
            let label_width = lines
                .iter()
                .map(|l| text_width(l, FONT))
                .fold(0.0, f64::max);
            PlacedNode {
                x: 0.0,
                y: 0.0,
                r,
                half_width: r.max(label_width / 2.0),
                below: r + 2.0 + LINE * lines.len() as f64,
                lines,
            }
        })
        .collect();

    match center {
        Some(c) => place_rings(&mut placed, &order, c),
        None => place_by_forces(&mut placed, &edges, &order),
    }
    remove_overlaps(&mut placed, center);
    settle_remaining_overlaps(&mut placed, &order);

    // Legend of the kinds present, then the drawing below it.
    let mut kinds: Vec<&'static str> = nodes.iter().map(|n| kind_of(&n.kind).0).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let boxes: Vec<Rect> = placed.iter().map(PlacedNode::unit_box).collect();
    let x0 = boxes.iter().map(|b| b.x0).fold(f64::INFINITY, f64::min);
    let x1 = boxes.iter().map(|b| b.x1).fold(f64::NEG_INFINITY, f64::max);
    let y0 = boxes.iter().map(|b| b.y0).fold(f64::INFINITY, f64::min);
    let y1 = boxes.iter().map(|b| b.y1).fold(f64::NEG_INFINITY, f64::max);
    let mut width = (x1 - x0 + 2.0 * PAD).max(MIN_WIDTH);
    let mut legend = Vec::new();
    let mut legend_height = 0.0;
    if kinds.len() > 1 {
        let (mut lx, mut ly) = (PAD, 16.0);
        for kind in kinds {
            let step = 14.0 + text_width(legend_word(kind), 11.0) + 14.0;
            if lx > PAD && lx + step > width - PAD {
                lx = PAD;
                ly += 18.0;
            }
            legend.push((kind, lx, ly));
            lx += step;
        }
        legend_height = ly + 10.0;
        width = width.max(legend.iter().map(|l| l.1 + 80.0).fold(0.0, f64::max));
    }
    let shift_x = (width - (x1 - x0)) / 2.0 - x0;
    let shift_y = legend_height + PAD - y0;
    for node in &mut placed {
        node.x += shift_x;
        node.y += shift_y;
    }
    GraphLayout {
        width,
        height: y1 - y0 + legend_height + 2.0 * PAD,
        nodes: placed,
        edges,
        order,
        legend,
    }
}

/// Neighbourhood layout: the center at the origin, the others on rings in
/// rank order, each ring holding as many as its circumference allows.
fn place_rings(placed: &mut [PlacedNode], order: &[usize], center: usize) {
    placed[center].x = 0.0;
    placed[center].y = 0.0;
    let others: Vec<usize> = order.iter().copied().filter(|&i| i != center).collect();
    let mut start = 0;
    let mut ring = 0;
    // A slot on a ring is as wide as an average box, so that neighbours at
    // the top and bottom of a ring clear each other before any pushing.
    let slot = others
        .iter()
        .map(|&i| 2.0 * placed[i].half_width)
        .sum::<f64>()
        / others.len().max(1) as f64
        + 12.0;
    while start < others.len() {
        let radius = 100.0 + 85.0 * ring as f64;
        // Perimeter of the 1.35:1 ellipse the ring is drawn as (Ramanujan).
        let (a, b) = (1.35 * radius, radius);
        let perimeter = PI * (3.0 * (a + b) - ((3.0 * a + b) * (a + 3.0 * b)).sqrt());
        let capacity = (perimeter / slot).floor().max(1.0) as usize;
        let members = &others[start..(start + capacity).min(others.len())];
        let offset = if ring % 2 == 1 {
            PI / members.len() as f64
        } else {
            0.0
        };
        for (k, &i) in members.iter().enumerate() {
            let angle = -PI / 2.0 + offset + 2.0 * PI * k as f64 / members.len() as f64;
            // Rings are flattened into ellipses: labels are wider than tall.
            placed[i].x = 1.35 * radius * angle.cos();
            placed[i].y = radius * angle.sin();
        }
        start += members.len();
        ring += 1;
    }
}

/// Whole-graph layout: Fruchterman–Reingold from a sunflower spiral.
fn place_by_forces(placed: &mut [PlacedNode], edges: &[(usize, usize, u32)], order: &[usize]) {
    let n = placed.len();
    let area: f64 = placed
        .iter()
        .map(|p| {
            let b = p.unit_box();
            (b.x1 - b.x0 + 2.0 * MARGIN) * (b.y1 - b.y0 + 2.0 * MARGIN)
        })
        .sum::<f64>()
        * 2.2;
    let width = (area * 1.6).sqrt().max(200.0);
    let height = area / width;
    let k = (width * height / n as f64).sqrt();
    for (rank, &i) in order.iter().enumerate() {
        let radius = 0.5 * k * (rank as f64 + 0.5).sqrt();
        let angle = rank as f64 * 2.399_963_229_728_653;
        placed[i].x = radius * angle.cos();
        placed[i].y = radius * angle.sin();
    }
    if n < 2 {
        return;
    }
    let mut xs: Vec<f64> = placed.iter().map(|p| p.x).collect();
    let mut ys: Vec<f64> = placed.iter().map(|p| p.y).collect();
    let mut dx = vec![0.0; n];
    let mut dy = vec![0.0; n];
    let attraction: Vec<f64> = edges.iter().map(|e| 1.0 + f64::from(e.2).ln()).collect();
    let k2 = k * k;
    for step in 0..ITERATIONS {
        let temperature = width / 10.0 * (1.0 - step as f64 / ITERATIONS as f64) + 0.5;
        dx.iter_mut().for_each(|v| *v = 0.0);
        dy.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            for j in (i + 1)..n {
                let (mut ddx, mut ddy) = (xs[i] - xs[j], ys[i] - ys[j]);
                let mut d2 = ddx * ddx + ddy * ddy;
                if d2 < 1e-6 {
                    // Coincident nodes: part them along a fixed direction.
                    let angle = (i * 7 + j * 13) as f64;
                    ddx = angle.cos() * 0.01;
                    ddy = angle.sin() * 0.01;
                    d2 = 1e-4;
                }
                // Labels are wide: repel more across than up and down.
                let f = k2 / d2;
                dx[i] += ddx * f * 1.3;
                dy[i] += ddy * f;
                dx[j] -= ddx * f * 1.3;
                dy[j] -= ddy * f;
            }
        }
        for (&(a, b, _), pull) in edges.iter().zip(&attraction) {
            let (ddx, ddy) = (xs[a] - xs[b], ys[a] - ys[b]);
            let d = (ddx * ddx + ddy * ddy).sqrt();
            let f = d / k * pull;
            dx[a] -= ddx * f;
            dy[a] -= ddy * f;
            dx[b] += ddx * f;
            dy[b] += ddy * f;
        }
        for i in 0..n {
            // Gravity keeps separate components close.
            dx[i] -= xs[i] * 0.08;
            dy[i] -= ys[i] * 0.08 * width / height;
            let length = (dx[i] * dx[i] + dy[i] * dy[i]).sqrt();
            if length > 0.0 {
                let moved = length.min(temperature);
                xs[i] = (xs[i] + dx[i] / length * moved).clamp(-width / 2.0, width / 2.0);
                ys[i] = (ys[i] + dy[i] / length * moved).clamp(-height / 2.0, height / 2.0);
            }
        }
    }
    for (i, p) in placed.iter_mut().enumerate() {
        p.x = xs[i];
        p.y = ys[i];
    }
}

/// Pushes overlapping node boxes apart along their shallower overlap; the
/// center, if any, stays put. Stops when nothing overlaps or after a fixed
/// number of rounds.
fn remove_overlaps(placed: &mut [PlacedNode], center: Option<usize>) {
    let n = placed.len();
    for _ in 0..300 {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let a = placed[i].unit_box().grow(MARGIN / 2.0);
                let b = placed[j].unit_box().grow(MARGIN / 2.0);
                if !a.overlaps(&b) {
                    continue;
                }
                moved = true;
                let over_x = a.x1.min(b.x1) - a.x0.max(b.x0);
                let over_y = a.y1.min(b.y1) - a.y0.max(b.y0);
                let (share_i, share_j) = match center {
                    Some(c) if c == i => (0.0, 1.0),
                    Some(c) if c == j => (1.0, 0.0),
                    _ => (0.5, 0.5),
                };
                if over_x < over_y {
                    let sign = if placed[i].x < placed[j].x || (placed[i].x == placed[j].x && i < j)
                    {
                        -1.0
                    } else {
                        1.0
                    };
                    placed[i].x += sign * (over_x * share_i + 0.1);
                    placed[j].x -= sign * (over_x * share_j + 0.1);
                } else {
                    let sign = if placed[i].y < placed[j].y || (placed[i].y == placed[j].y && i < j)
                    {
                        -1.0
                    } else {
                        1.0
                    };
                    placed[i].y += sign * (over_y * share_i + 0.1);
                    placed[j].y -= sign * (over_y * share_j + 0.1);
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// The guarantee: boxes are taken top to bottom (the first in `order`, the
/// center, first of all) and any box that still overlaps one already taken is
/// moved just below it until it overlaps none. Each move lands below a taken
/// box, so the loop ends.
fn settle_remaining_overlaps(placed: &mut [PlacedNode], order: &[usize]) {
    let mut sequence: Vec<usize> = order.iter().skip(1).copied().collect();
    sequence.sort_by(|&i, &j| {
        placed[i]
            .unit_box()
            .y0
            .total_cmp(&placed[j].unit_box().y0)
            .then(placed[i].x.total_cmp(&placed[j].x))
            .then(i.cmp(&j))
    });
    let mut taken: Vec<Rect> = order
        .first()
        .map(|&f| placed[f].unit_box())
        .into_iter()
        .collect();
    for i in sequence {
        loop {
            let mine = placed[i].unit_box();
            let Some(blocker) = taken
                .iter()
                .find(|t| t.grow(MARGIN / 2.0).overlaps(&mine.grow(MARGIN / 2.0)))
            else {
                break;
            };
            // The extra hundredth keeps rounding from leaving it a hair short.
            placed[i].y += (blocker.y1 + MARGIN - mine.y0).max(0.0) + 0.01;
        }
        taken.push(placed[i].unit_box());
    }
}

fn edge_width(weight: u32) -> f64 {
    (1.0 + 1.4 * f64::from(weight).ln()).clamp(1.0, 7.0)
}

fn render(layout: &GraphLayout, nodes: &[GraphNode], center: Option<usize>, id: &str) -> String {
    let count = nodes.len();
    let title = match center {
        Some(c) => format!(
            "Entities that share articles with {} ({} related)",
            nodes[c].label,
            count - 1
        ),
        None => format!(
            "Relationship graph of {count} {}",
            if count == 1 { "entity" } else { "entities" }
        ),
    };
    let desc = "Lines join entities named in the same articles; thicker lines mean more \
                shared articles, larger dots more connections. Each dot links to its page.";
    let mut out = String::with_capacity(2048 + count * 400 + layout.edges.len() * 40);
    open_svg(
        &mut out,
        &SvgHead {
            kind_class: "dv-graph",
            id,
            width: layout.width,
            height: layout.height,
            title: &title,
            desc,
            has_links: true,
        },
    );
    if !layout.legend.is_empty() {
        out.push_str("<g class=\"dv-legend\" aria-hidden=\"true\" font-size=\"11\">");
        for (kind, x, y) in &layout.legend {
            let _ = write!(
                out,
                "<circle class=\"dv-node dv-kind-{kind}\" cx=\"{}\" cy=\"{}\" r=\"5\"/>",
                num(x + 5.0),
                num(y - 4.0)
            );
            write_text(
                &mut out,
                x + 14.0,
                *y,
                "dv-legend-text",
                "start",
                legend_word(kind),
            );
        }
        out.push_str("</g>");
    }

    // Edges grouped by class and width: one path each, in a fixed order.
    let mut groups: BTreeMap<(bool, i64), String> = BTreeMap::new();
    for &(a, b, w) in &layout.edges {
        let touches_center = center == Some(a) || center == Some(b);
        let width_tenths = (edge_width(w) * 10.0).round() as i64;
        let path = groups.entry((touches_center, width_tenths)).or_default();
        let (pa, pb) = (&layout.nodes[a], &layout.nodes[b]);
        let _ = write!(
            path,
            "M{} {}L{} {}",
            num(pa.x),
            num(pa.y),
            num(pb.x),
            num(pb.y)
        );
    }
    out.push_str("<g aria-hidden=\"true\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.35\" stroke-linecap=\"round\">");
    for ((touches_center, width_tenths), d) in &groups {
        let class = if *touches_center {
            "dv-edge dv-edge-center"
        } else {
            "dv-edge"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" stroke-width=\"{}\" d=\"{d}\"/>",
            num(*width_tenths as f64 / 10.0)
        );
    }
    out.push_str("</g>");

    let weight_to_center = |i: usize| {
        layout
            .edges
            .iter()
            .find(|&&(a, b, _)| Some(a) == center && b == i || Some(b) == center && a == i)
            .map_or(0, |e| e.2)
    };
    out.push_str("<g>");
    for &i in &layout.order {
        let node = &nodes[i];
        let p = &layout.nodes[i];
        let (class, word) = kind_of(&node.kind);
        let name = match center {
            Some(c) if c != i => {
                let shared = weight_to_center(i);
                let articles = if shared == 1 { "article" } else { "articles" };
                format!("{} ({word}), {shared} shared {articles}", node.label)
            }
            _ => format!("{} ({word})", node.label),
        };
        open_link(&mut out, &node.href, &name, "dv-node-link");
        let center_class = if Some(i) == center {
            " dv-node-center"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<circle class=\"dv-node dv-kind-{class}{center_class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            num(p.x),
            num(p.y),
            num(p.r)
        );
        let lines: Vec<TextLine> = p
            .lines
            .iter()
            .enumerate()
            .map(|(k, line)| TextLine {
                x: p.x,
                y: p.y + p.r + 12.0 + LINE * k as f64,
                class: "dv-node-label",
                font_size: FONT,
                text: line,
            })
            .collect();
        write_text_block(&mut out, "middle", &lines);
        out.push_str("</a>");
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, kind: &str) -> GraphNode {
        GraphNode {
            label: label.to_string(),
            href: format!("/x/{}/", label.len()),
            kind: kind.to_string(),
        }
    }

    fn venezuela() -> (Vec<GraphNode>, Vec<GraphEdge>) {
        let nodes = vec![
            node("Nicolás Maduro", "person"),
            node("Edmundo González Urrutia", "person"),
            node("María Corina Machado", "person"),
            node("Caracas", "place"),
            node("Lima", "place"),
            node("2024 presidential election", "event"),
            node("National Electoral Council", "organization"),
            node("Plaza San Martín", "place"),
        ];
        let e = |a, b, weight| GraphEdge { a, b, weight };
        let edges = vec![
            e(0, 1, 9),
            e(0, 2, 7),
            e(1, 2, 8),
            e(0, 5, 10),
            e(1, 5, 6),
            e(5, 6, 4),
            e(0, 6, 3),
            e(4, 7, 3),
            e(2, 4, 2),
            e(0, 3, 5),
            e(3, 2, 1),
        ];
        (nodes, edges)
    }

    /// A dense pseudo-random graph from a fixed linear congruential sequence.
    fn big(n: usize) -> (Vec<GraphNode>, Vec<GraphEdge>) {
        let kinds = ["person", "place", "event", "organization"];
        let nodes: Vec<GraphNode> = (0..n)
            .map(|i| node(&format!("Entity number {i} with a name"), kinds[i % 4]))
            .collect();
        let mut state: u64 = 42;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize
        };
        let edges = (0..n * 3)
            .map(|_| GraphEdge {
                a: next() % n,
                b: next() % n,
                weight: (next() % 6) as u32,
            })
            .collect();
        (nodes, edges)
    }

    fn assert_no_overlaps(layout: &GraphLayout) {
        for (i, a) in layout.nodes.iter().enumerate() {
            for (j, b) in layout.nodes.iter().enumerate() {
                if i == j {
                    continue;
                }
                assert!(
                    !a.label_box().overlaps(&b.label_box()),
                    "labels {i} and {j} overlap"
                );
                assert!(
                    !a.label_box().overlaps(&b.circle_box()),
                    "label {i} covers node {j}"
                );
                assert!(
                    !a.circle_box().overlaps(&b.circle_box()),
                    "nodes {i} and {j} overlap"
                );
            }
            let frame = Rect {
                x0: 0.0,
                y0: 0.0,
                x1: layout.width,
                y1: layout.height,
            };
            assert!(a.unit_box().inside(&frame), "node {i} outside the viewBox");
        }
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let (nodes, edges) = venezuela();
        assert_eq!(
            graph_svg(&nodes, &edges, None, "g"),
            graph_svg(&nodes, &edges, None, "g")
        );
        assert_eq!(
            graph_svg(&nodes, &edges, Some(0), "g"),
            graph_svg(&nodes, &edges, Some(0), "g")
        );
    }

    #[test]
    fn labels_and_nodes_do_not_overlap() {
        let (nodes, edges) = venezuela();
        assert_no_overlaps(&layout(&nodes, &edges, None));
        assert_no_overlaps(&layout(&nodes, &edges, Some(0)));
        let (nodes, edges) = big(150);
        assert_no_overlaps(&layout(&nodes, &edges, None));
        assert_no_overlaps(&layout(&nodes, &edges, Some(3)));
    }

    #[test]
    fn a_neighbourhood_puts_the_heaviest_nearest() {
        let (nodes, edges) = venezuela();
        let layout = layout(&nodes, &edges, Some(0));
        assert_eq!(layout.order[0], 0);
        // The election shares ten articles with Maduro, the square none.
        assert_eq!(layout.order[1], 5);
        let distance = |i: usize| {
            let (c, p) = (&layout.nodes[0], &layout.nodes[i]);
            ((p.x - c.x).powi(2) + (p.y - c.y).powi(2)).sqrt()
        };
        assert!(distance(5) < distance(7));
        let svg = graph_svg(&nodes, &edges, Some(0), "g");
        assert!(
            svg.contains("aria-label=\"2024 presidential election (event), 10 shared articles\"")
        );
    }

    #[test]
    fn edges_grow_with_weight() {
        assert!(edge_width(1) < edge_width(3));
        assert!(edge_width(3) < edge_width(10));
        assert!(edge_width(u32::MAX) <= 7.0);
    }

    #[test]
    fn tiny_graphs_work() {
        assert_eq!(graph_svg(&[], &[], None, "g"), "");
        let one = vec![node("Alone", "person")];
        let svg = graph_svg(&one, &[], Some(0), "g");
        assert!(svg.contains("Alone"));
        assert_no_overlaps(&layout(&one, &[], None));
        let two = vec![node("A", "person"), node("B", "spaceship")];
        let bad = [
            GraphEdge {
                a: 0,
                b: 0,
                weight: 1,
            },
            GraphEdge {
                a: 0,
                b: 9,
                weight: 1,
            },
        ];
        let svg = graph_svg(&two, &bad, Some(7), "g");
        assert!(svg.contains("dv-kind-other"));
        assert!(!svg.contains("dv-edge"));
        assert_no_overlaps(&layout(&two, &bad, None));
        let linked = [
            GraphEdge {
                a: 1,
                b: 0,
                weight: 0,
            },
            GraphEdge {
                a: 0,
                b: 1,
                weight: 2,
            },
        ];
        assert_eq!(layout(&two, &linked, None).edges, vec![(0, 1, 3)]);
    }

    #[test]
    fn labels_are_escaped_and_every_node_is_a_named_link() {
        let nodes = vec![
            GraphNode {
                label: "<script>&\"".to_string(),
                href: "/people/x/?a=1&b=2".to_string(),
                kind: "person\"><script>".to_string(),
            },
            node("B", "place"),
        ];
        let svg = graph_svg(
            &nodes,
            &[GraphEdge {
                a: 0,
                b: 1,
                weight: 1,
            }],
            None,
            "g",
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;"));
        assert!(svg.contains("href=\"/people/x/?a=1&amp;b=2\""));
        assert_eq!(svg.matches("<a ").count(), 2);
        assert_eq!(svg.matches("aria-label=").count(), 2);
    }

    #[test]
    fn identical_names_and_positions_still_separate() {
        let nodes: Vec<GraphNode> = (0..12).map(|_| node("Same name", "person")).collect();
        assert_no_overlaps(&layout(&nodes, &[], None));
        assert_no_overlaps(&layout(&nodes, &[], Some(0)));
    }

    #[test]
    fn a_whole_dossier_graph_draws_every_node_as_a_link() {
        // How fast it draws is measured by `cargo bench`, not here: a
        // timed assertion fails on a busy machine.
        let (nodes, edges) = big(150);
        let svg = graph_svg(&nodes, &edges, None, "g");
        assert_eq!(svg.matches("<a ").count(), nodes.len());
    }
}
