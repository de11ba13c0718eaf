//! Figures: the timeline, relationship graph and map drawn for the dossier.
//!
//! The drawing code in [`super::visuals`] knows nothing of dossiers; this
//! module chooses what each figure shows and turns entities and articles into
//! its plain inputs. Every figure is bounded, so a dossier of any size gets a
//! drawing a reader can take in and a build that stays fast: when something
//! is left out, the figure's [`Figure::note`] says what, and the page's lists
//! still hold everything. A dossier with nothing to draw (no dated events, no
//! shared articles, no coordinates) gets an empty figure, which templates
//! skip.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::pages::date_span;
use super::visuals::graph::{graph_svg, GraphEdge, GraphNode};
use super::visuals::map::{map_svg, MapPoint};
use super::visuals::timeline::{timeline_svg, TimelineItem, TimelineKind};
use super::visuals::Day;
use crate::content::{Kind, PartialDate};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::MentionIndex;

/// Most marks the timeline draws: about 40 units each, so 300 marks make a
/// figure some 12,000 units tall, already a long scroll.
pub const TIMELINE_LIMIT: usize = 300;

/// Most entities the whole-dossier graph draws (its layout is quadratic).
pub const GRAPH_LIMIT: usize = 150;

/// Lines each node of the whole graph keeps when the graph would otherwise
/// be a thicket: its strongest ones.
const GRAPH_EDGES_PER_NODE: usize = 6;

/// Above this many edges per node on average, only the strongest are kept.
const GRAPH_DENSITY: usize = 4;

/// Most places the map of the places index marks.
pub const MAP_LIMIT: usize = 400;

/// A drawn figure and, when it leaves something out, a sentence saying what.
#[derive(Serialize, Default, Debug, Clone, PartialEq)]
pub struct Figure {
    /// Inline SVG; empty when there is nothing to draw.
    pub svg: String,
    /// Plain text for the caption, e.g. "Only events are drawn: …".
    pub note: Option<String>,
}

fn day(date: &PartialDate) -> Day {
    Day {
        year: date.year,
        month: date.month,
        day: date.month.and(date.day),
    }
}

/// The timeline of `/timeline/`: every dated event and every article. When
/// there are more than [`TIMELINE_LIMIT`], articles are left out first (the
/// list under the figure keeps them), then the latest events.
pub fn timeline(d: &Dossier) -> Figure {
    let mut events: Vec<TimelineItem> = d
        .entities_of(Kind::Event)
        .filter_map(|(i, e)| {
            let date = e.date.as_ref()?;
            Some(TimelineItem {
                date: day(date),
                end: e.end_date.as_ref().map(day),
                label: e.name.clone(),
                href: d.path_of(SourceRef::Entity(i)),
                kind: TimelineKind::Event,
                shown_date: date_span(date, e.end_date.as_ref()),
            })
        })
        .collect();
    let articles = d.articles.len();
    let mut note = None;
    let mut items = if events.len() + articles <= TIMELINE_LIMIT {
        let mut items = events;
        items.extend(d.articles.iter().enumerate().map(|(i, a)| TimelineItem {
            date: day(&a.date),
            end: None,
            label: a.title.clone(),
            href: d.path_of(SourceRef::Article(i)),
            kind: TimelineKind::Article,
            shown_date: a.date.display(),
        }));
        items
    } else {
        let total = events.len();
        if total > TIMELINE_LIMIT {
            events.sort_by(|a, b| (a.date, &a.label).cmp(&(b.date, &b.label)));
            events.truncate(TIMELINE_LIMIT);
            note = Some(format!(
                "The drawing shows the first {TIMELINE_LIMIT} of {total} events and none of the \
                 {articles} articles; the list below has them all."
            ));
        } else if articles > 0 {
            note = Some(format!(
                "The drawing shows the {total} events only; the {articles} articles are in the \
                 list below."
            ));
        }
        events
    };
    items.sort_by(|a, b| (a.date, a.kind, &a.label).cmp(&(b.date, b.kind, &b.label)));
    Figure {
        svg: timeline_svg(&items, "tl"),
        note,
    }
}

/// How many articles each entity appears in (named or listed).
fn article_counts(d: &Dossier, index: &MentionIndex) -> Vec<u32> {
    let mut counts = vec![0u32; d.entities.len()];
    for entities in &index.article_entities {
        for &e in entities {
            if let Some(c) = counts.get_mut(e) {
                *c += 1;
            }
        }
    }
    counts
}

fn node(d: &Dossier, i: usize) -> GraphNode {
    let e = &d.entities[i];
    GraphNode {
        label: e.name.clone(),
        href: d.path_of(SourceRef::Entity(i)),
        kind: e.kind.singular().to_string(),
    }
}

/// The graph of `/graph/`: entities that share an article with another,
/// joined by a line per pair weighted by the articles they share. Past
/// [`GRAPH_LIMIT`] entities, those in the most articles are kept; in a dense
/// graph each keeps its strongest [`GRAPH_EDGES_PER_NODE`] lines.
pub fn whole_graph(d: &Dossier, index: &MentionIndex) -> Figure {
    let n = d.entities.len();
    let mut connected = vec![false; n];
    for entities in &index.article_entities {
        if entities.len() > 1 {
            for &e in entities {
                if let Some(c) = connected.get_mut(e) {
                    *c = true;
                }
            }
        }
    }
    let counts = article_counts(d, index);
    let mut chosen: Vec<usize> = (0..n).filter(|&i| connected[i]).collect();
    let candidates = chosen.len();
    chosen.sort_by(|&a, &b| {
        counts[b]
            .cmp(&counts[a])
            .then_with(|| d.entities[a].name.cmp(&d.entities[b].name))
            .then(a.cmp(&b))
    });
    chosen.truncate(GRAPH_LIMIT);
    // Node order follows entity order (kind, id), which does not change
    // when an entity is mentioned once more.
    chosen.sort_unstable();
    let mut slot = vec![usize::MAX; n];
    for (k, &e) in chosen.iter().enumerate() {
        slot[e] = k;
    }
    let m = chosen.len();
    let mut shared = vec![0u32; m * m];
    let mut in_article: Vec<usize> = Vec::new();
    for entities in &index.article_entities {
        in_article.clear();
        in_article.extend(
            entities
                .iter()
                .filter_map(|&e| slot.get(e).copied())
                .filter(|&s| s != usize::MAX),
        );
        in_article.sort_unstable();
        in_article.dedup();
        for (x, &a) in in_article.iter().enumerate() {
            for &b in &in_article[x + 1..] {
                shared[a * m + b] += 1;
            }
        }
    }
    let mut edges: Vec<GraphEdge> = Vec::new();
    for a in 0..m {
        for b in a + 1..m {
            let weight = shared[a * m + b];
            if weight > 0 {
                edges.push(GraphEdge { a, b, weight });
            }
        }
    }
    let mut thinned = false;
    if edges.len() > GRAPH_DENSITY * m {
        edges = strongest_edges(m, &edges);
        thinned = true;
    }
    let nodes: Vec<GraphNode> = chosen.iter().map(|&i| node(d, i)).collect();
    let note = match (candidates > m, thinned) {
        (true, _) => Some(format!(
            "The {m} entities in the most articles, of {candidates} that share an article with \
             another; each keeps its {GRAPH_EDGES_PER_NODE} strongest links."
        )),
        (false, true) => Some(format!(
            "Each entity keeps its {GRAPH_EDGES_PER_NODE} strongest links, so the drawing stays \
             readable."
        )),
        (false, false) => None,
    };
    Figure {
        svg: graph_svg(&nodes, &edges, None, "graph"),
        note,
    }
}

/// The edges among `m` nodes that are among the strongest few of either end.
fn strongest_edges(m: usize, edges: &[GraphEdge]) -> Vec<GraphEdge> {
    let mut by_node: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (k, e) in edges.iter().enumerate() {
        by_node[e.a].push(k);
        by_node[e.b].push(k);
    }
    let mut keep = vec![false; edges.len()];
    for list in &mut by_node {
        list.sort_by(|&x, &y| edges[y].weight.cmp(&edges[x].weight).then(x.cmp(&y)));
        for &k in list.iter().take(GRAPH_EDGES_PER_NODE) {
            keep[k] = true;
        }
    }
    edges
        .iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(*e))
        .collect()
}

/// The neighbourhood drawn on entity `i`'s page: the entity, its related
/// entities (those sharing the most articles with it), and the lines among
/// them that the related lists know. Empty when nothing is related.
pub fn neighbourhood(d: &Dossier, index: &MentionIndex, i: usize) -> String {
    let Some(related) = index.related.get(i).filter(|r| !r.is_empty()) else {
        return String::new();
    };
    let mut members: Vec<usize> = vec![i];
    members.extend(related.iter().map(|(j, _)| *j).filter(|&j| j != i));
    let slot: BTreeMap<usize, usize> = members.iter().enumerate().map(|(k, &e)| (e, k)).collect();
    let mut pairs: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for &e in &members {
        for &(j, weight) in index.related.get(e).map_or(&[][..], |r| r.as_slice()) {
            if let (Some(&a), Some(&b)) = (slot.get(&e), slot.get(&j)) {
                if a != b {
                    let key = (a.min(b), a.max(b));
                    let w = pairs.entry(key).or_insert(0);
                    *w = (*w).max(weight);
                }
            }
        }
    }
    let edges: Vec<GraphEdge> = pairs
        .into_iter()
        .map(|((a, b), weight)| GraphEdge { a, b, weight })
        .collect();
    let nodes: Vec<GraphNode> = members.iter().map(|&e| node(d, e)).collect();
    graph_svg(&nodes, &edges, Some(0), "nb")
}

fn point(d: &Dossier, i: usize) -> Option<MapPoint> {
    let e = &d.entities[i];
    let (lat, lon) = e.coordinates?;
    Some(MapPoint {
        label: e.name.clone(),
        href: d.path_of(SourceRef::Entity(i)),
        lat,
        lon,
    })
}

/// The map of `/places/`: every place with coordinates (past [`MAP_LIMIT`],
/// those in the most articles).
pub fn places_map(d: &Dossier, index: &MentionIndex) -> Figure {
    let mut places: Vec<usize> = d
        .entities_of(Kind::Place)
        .filter(|(_, e)| e.coordinates.is_some())
        .map(|(i, _)| i)
        .collect();
    let total = places.len();
    let mut note = None;
    if total > MAP_LIMIT {
        let counts = article_counts(d, index);
        places.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        places.truncate(MAP_LIMIT);
        places.sort_unstable();
        note = Some(format!(
            "The {MAP_LIMIT} places in the most articles, of {total} with coordinates."
        ));
    }
    let points: Vec<MapPoint> = places.iter().filter_map(|&i| point(d, i)).collect();
    Figure {
        svg: map_svg(&points, None, "places-map"),
        note,
    }
}

/// The map on place `i`'s page: a region around it with the place it lies
/// within, the places within it and the places that share its parent, each a
/// link. Empty when the place has no coordinates.
pub fn place_map(d: &Dossier, index: &MentionIndex, i: usize) -> Figure {
    let e = &d.entities[i];
    if e.kind != Kind::Place || e.coordinates.is_none() {
        return Figure::default();
    }
    let parent = e
        .within
        .as_deref()
        .and_then(|id| d.entity_index(Kind::Place, id));
    let mut places: Vec<usize> = vec![i];
    places.extend(parent);
    places.extend(index.children.get(i).into_iter().flatten().copied());
    if let Some(p) = parent {
        places.extend(index.children.get(p).into_iter().flatten().copied());
    }
    let mut seen = BTreeSet::new();
    places.retain(|&p| seen.insert(p));
    places.truncate(MAP_LIMIT);
    let points: Vec<MapPoint> = places.iter().filter_map(|&p| point(d, p)).collect();
    Figure {
        svg: map_svg(&points, Some(0), &format!("map-{}", e.id)),
        note: None,
    }
}
