//! The map: places as linked markers over country outlines.
//!
//! The outlines are Natural Earth's 1:50m admin-0 countries (public domain),
//! converted once by `themes/default/data/convert_countries.py` into
//! `themes/default/data/countries.json` (see the README there) and embedded in
//! the binary; they are parsed once per process. This module owns the
//! projection, culling and label placement, and guarantees:
//!
//! - **A fitted view.** An equirectangular projection whose standard parallel
//!   is the view's middle latitude (true shapes at regional scale), fitted to
//!   the points with padding, at least 8° tall (a single city still shows its
//!   country), between 1.25:1 and 2.2:1 wide, and 440 units wide (labels are
//!   14 units: about 10 px on a 320 px phone, 15 px at 30rem). The view
//!   straddles the antimeridian when the points do (Fiji and Samoa are
//!   neighbours, not opposite edges). With `focus` the view is a 10°-tall
//!   region centred on that point; points outside it are left out.
//! - **Small output.** Rings whose box misses the view are skipped; the rest
//!   are clipped to the view, thinned to points at least 0.8 units apart, and
//!   dropped when smaller than two square units.
//! - **Every point reachable.** Points closer than a marker's width (the same
//!   coordinates, or a square inside its city) are spread on a small circle
//!   around their true position, which stays marked with spokes, so each
//!   keeps its own marker and link; markers that still touch (two spread
//!   crowds side by side) are pushed apart until none overlaps.
//! - **Labels never overlap** each other or any marker: each label tries right,
//!   left, above, below and the four diagonals, and is left out when all
//!   collide (its link keeps the name as `aria-label` and `<title>`). Country
//!   names are added only where they fit inside the country and clear of
//!   everything else.
//! - **No panics** for coordinates at ±90/±180 or beyond (latitudes are
//!   clamped, longitudes wrapped); non-finite coordinates are skipped.
//!   No drawable points gives an empty string.
//!
//! CSS classes: `dv-map` (root), `dv-water` (the background rectangle, no
//! fill by default), `dv-country` and `dv-country-active` (a country holding
//! a point), `dv-country-label`, `dv-spoke`, `dv-point-true` (true position of
//! spread points), `dv-point`, `dv-point-focus`, `dv-point-label`,
//! `dv-point-link` on links. Countries default to `currentColor` at low
//! `fill-opacity`/`stroke-opacity` attributes: a theme that sets their `fill`
//! or `stroke` should also set `fill-opacity: 1; stroke-opacity: 1`.

use std::f64::consts::PI;
use std::fmt::Write as _;
use std::sync::OnceLock;

use super::{clean_id, num, open_link, open_svg, text_width, wrap_text, write_text, Rect, SvgHead};

/// A place to mark.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPoint {
    /// Shown name (plain text; escaped here).
    pub label: String,
    /// The place's page, e.g. `/places/lima/`.
    pub href: String,
    /// Degrees north, -90 to 90.
    pub lat: f64,
    /// Degrees east, -180 to 180.
    pub lon: f64,
}

/// Draws the points on a map as inline SVG; `""` when no point has finite
/// coordinates (or, with `focus`, when none falls in the region).
///
/// `focus` (an index into `points`) centres a regional view on that point and
/// marks it with `dv-point-focus`; an index out of range is ignored.
/// `id_prefix` must be unique on the page. With a focus the SVG is 440
/// units wide (class `dv-w-s`): it fits a phone without a scroll container;
/// cap it on wide screens with `.dv-w-s { max-width: 30rem }`. Without one it
/// is 760 units wide (class `dv-w-m`), to be wrapped in `.dv-scroll`.
pub fn map_svg(points: &[MapPoint], focus: Option<usize>, id_prefix: &str) -> String {
    let focus = focus.filter(|&f| f < points.len() && finite(&points[f]));
    let Some(layout) = layout(points, focus) else {
        return String::new();
    };
    render(&layout, points, focus, &clean_id(id_prefix))
}

const DATA: &str = include_str!("../../../themes/default/data/countries.json");

/// Width of a place page's regional map, which fits a phone as it is.
const WIDTH: f64 = 440.0;
/// Width of a map with no focus (the places index): wide enough that a map
/// spanning continents keeps its labels apart; it scrolls on a phone.
const WIDE: f64 = 760.0;
const MIN_SPAN: f64 = 8.0;
const REGION_SPAN: f64 = 10.0;
/// Narrowest and widest shapes, as height over width.
const TALLEST: f64 = 0.8;
const FLATTEST: f64 = 0.45;
const RADIUS: f64 = 5.5;
const FOCUS_RADIUS: f64 = 7.0;
const FONT: f64 = 14.0;
const COUNTRY_FONT: f64 = 10.0;
const MAX_LABEL_WIDTH: f64 = 150.0;
/// Points nearer than this (in units) are spread apart.
const CROWDED: f64 = 2.0 * RADIUS + 3.0;

/// One closed ring of a country, in degrees, with its bounding box.
struct Ring {
    min_lon: f64,
    min_lat: f64,
    max_lon: f64,
    max_lat: f64,
    points: Vec<(f64, f64)>,
}

/// A country's name and rings (outer rings and holes alike: drawn even-odd).
struct Country {
    name: String,
    rings: Vec<Ring>,
}

/// The embedded outlines, parsed on first use. Malformed data (which a test
/// rules out) gives no countries rather than a panic.
fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| parse_countries(DATA).unwrap_or_default())
}

fn parse_countries(text: &str) -> Option<Vec<Country>> {
    let document: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut countries = Vec::new();
    for country in document.get("countries")?.as_array()? {
        let name = country.get("name")?.as_str()?.to_string();
        let mut rings = Vec::new();
        for ring in country.get("rings")?.as_array()? {
            let points: Vec<(f64, f64)> = ring
                .as_array()?
                .iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect();
            if points.len() < 3 {
                continue;
            }
            let fold = |f: fn(f64, f64) -> f64, start: f64, pick: fn(&(f64, f64)) -> f64| {
                points.iter().map(pick).fold(start, f)
            };
            rings.push(Ring {
                min_lon: fold(f64::min, f64::INFINITY, |p| p.0),
                min_lat: fold(f64::min, f64::INFINITY, |p| p.1),
                max_lon: fold(f64::max, f64::NEG_INFINITY, |p| p.0),
                max_lat: fold(f64::max, f64::NEG_INFINITY, |p| p.1),
                points,
            });
        }
        countries.push(Country { name, rings });
    }
    Some(countries)
}

fn finite(point: &MapPoint) -> bool {
    point.lat.is_finite() && point.lon.is_finite()
}

/// Longitude wrapped into [-180, 180).
fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// The projection from degrees to SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct View {
    pub lon0: f64,
    pub lat0: f64,
    /// Horizontal shrink: the cosine of the middle latitude.
    pub kx: f64,
    /// Units per degree of latitude.
    pub scale: f64,
    pub width: f64,
    pub height: f64,
}

impl View {
    /// Projects a point, taking the copy of its longitude nearest the view.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let lon = self.lon0 + wrap_lon(lon - self.lon0);
        self.project_raw(lon, lat)
    }

    fn project_raw(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.width / 2.0 + (lon - self.lon0) * self.kx * self.scale,
            self.height / 2.0 - (lat - self.lat0) * self.scale,
        )
    }

    /// Half the view's extent in degrees: (longitude, latitude).
    fn half_spans(&self) -> (f64, f64) {
        (
            self.width / 2.0 / (self.kx * self.scale),
            self.height / 2.0 / self.scale,
        )
    }
}

/// The smallest longitude interval holding every longitude, across the
/// antimeridian if that is shorter: (middle, span).
fn lon_interval(lons: &[f64]) -> (f64, f64) {
    let mut sorted: Vec<f64> = lons.iter().map(|&l| wrap_lon(l)).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    // The widest empty gap between neighbours (circularly) is left outside.
    let (mut gap, mut after) = (sorted[0] + 360.0 - sorted[n - 1], 0);
    for i in 1..n {
        let g = sorted[i] - sorted[i - 1];
        if g > gap {
            gap = g;
            after = i;
        }
    }
    let start = sorted[after];
    let span = 360.0 - gap;
    (wrap_lon(start + span / 2.0), span)
}

pub(crate) fn fit_view(points: &[(f64, f64)], focus: Option<(f64, f64)>) -> View {
    // (middle longitude, middle latitude, longitude span or none for a
    // focus, latitude span)
    let (lon0, lat0, lon_span, lat_span) = match focus {
        Some((lon, lat)) => (wrap_lon(lon), lat, None, REGION_SPAN),
        None => {
            let lons: Vec<f64> = points.iter().map(|p| p.0).collect();
            let (middle, span) = lon_interval(&lons);
            let south = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let north = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            (middle, (south + north) / 2.0, Some(span), north - south)
        }
    };
    let kx = lat0.clamp(-70.0, 70.0).to_radians().cos();
    // Width and height in degrees of latitude (longitudes shrunk by kx).
    let (mut w, mut h) = match lon_span {
        Some(span) => {
            let pad = (0.12 * (span * kx).max(lat_span)).max(1.0);
            (span * kx + 2.0 * pad, lat_span + 2.0 * pad)
        }
        None => (REGION_SPAN / 0.625, REGION_SPAN),
    };
    h = h.max(MIN_SPAN);
    if h > w * TALLEST {
        w = h / TALLEST;
    }
    if h < w * FLATTEST {
        h = w * FLATTEST;
    }
    w = w.min(360.0 * kx);
    h = h.min(180.0).min(w * TALLEST);
    let lat0 = if h >= 180.0 {
        0.0
    } else {
        lat0.clamp(-90.0 + h / 2.0, 90.0 - h / 2.0)
    };
    let width = if focus.is_some() { WIDTH } else { WIDE };
    let scale = width / w;
    View {
        lon0,
        lat0,
        kx,
        scale,
        width,
        height: (h * scale).round(),
    }
}

/// One drawn marker.
#[derive(Clone, Debug)]
pub(crate) struct PlacedPoint {
    /// Index into the caller's slice.
    pub index: usize,
    /// True (projected) position.
    pub true_x: f64,
    pub true_y: f64,
    /// Drawn position (moved when crowded).
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// The visible label's text, anchor and box, if one fitted.
    pub label: Option<(String, &'static str, f64, f64, Rect)>,
}

impl PlacedPoint {
    fn circle_box(&self) -> Rect {
        Rect {
            x0: self.x - self.r - 1.0,
            y0: self.y - self.r - 1.0,
            x1: self.x + self.r + 1.0,
            y1: self.y + self.r + 1.0,
        }
    }
}

/// The map's layout, kept apart from drawing so tests can check geometry.
pub(crate) struct MapLayout {
    pub view: View,
    /// `(country index, path data, holds a point)`.
    pub countries: Vec<(usize, String, bool)>,
    /// `(name, x, y, box)`.
    pub country_labels: Vec<(String, f64, f64, Rect)>,
    /// In drawing order: focus first, then input order.
    pub points: Vec<PlacedPoint>,
}

pub(crate) fn layout(points: &[MapPoint], focus: Option<usize>) -> Option<MapLayout> {
    let usable: Vec<(usize, f64, f64)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| finite(p))
        .map(|(i, p)| (i, wrap_lon(p.lon), p.lat.clamp(-90.0, 90.0)))
        .collect();
    if usable.is_empty() {
        return None;
    }
    let coordinates: Vec<(f64, f64)> = usable.iter().map(|&(_, lon, lat)| (lon, lat)).collect();
    let focus_at = focus.map(|f| (wrap_lon(points[f].lon), points[f].lat.clamp(-90.0, 90.0)));
    let view = fit_view(&coordinates, focus_at);

    let mut order: Vec<(usize, f64, f64)> = usable;
    if let Some(f) = focus {
        order.sort_by_key(|&(i, _, _)| (i != f, i));
    }
    let frame = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: view.width,
        y1: view.height,
    };
    let mut placed: Vec<PlacedPoint> = order
        .iter()
        .map(|&(index, lon, lat)| {
            let (x, y) = view.project(lon, lat);
            PlacedPoint {
                index,
                true_x: x,
                true_y: y,
                x,
                y,
                r: if Some(index) == focus {
                    FOCUS_RADIUS
                } else {
                    RADIUS
                },
                label: None,
            }
        })
        // Around a focus, far points are left out; otherwise every point is
        // kept, pulled inside the edge if it sits on it (a pole, say).
        .filter(|p| focus.is_none() || frame.grow(0.5).contains(p.x, p.y))
        .map(|mut p| {
            let inset = p.r + 2.0;
            p.x = p.x.clamp(inset, frame.x1 - inset);
            p.y = p.y.clamp(inset, frame.y1 - inset);
            p.true_x = p.x;
            p.true_y = p.y;
            p
        })
        .collect();
    if placed.is_empty() {
        return None;
    }
    spread_crowded(&mut placed);
    separate_markers(&mut placed, &frame);
    place_labels(&mut placed, points, &frame);

    let countries = draw_countries(&view, &placed);
    let obstacles: Vec<Rect> = placed
        .iter()
        .map(PlacedPoint::circle_box)
        .chain(placed.iter().filter_map(|p| p.label.as_ref().map(|l| l.4)))
        .collect();
    let country_labels = place_country_labels(&view, &countries, obstacles);
    Some(MapLayout {
        view,
        countries,
        country_labels,
        points: placed,
    })
}

/// Groups points closer than [`CROWDED`] to the first point of their group
/// and sets each group's members on a small circle around it.
fn spread_crowded(placed: &mut [PlacedPoint]) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..placed.len() {
        let home = groups.iter_mut().find(|g| {
            let first = &placed[g[0]];
            (first.true_x - placed[i].true_x).hypot(first.true_y - placed[i].true_y) < CROWDED
        });
        match home {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    for group in groups.iter().filter(|g| g.len() > 1) {
        let (cx, cy) = (placed[group[0]].true_x, placed[group[0]].true_y);
        let largest = group.iter().map(|&i| placed[i].r).fold(0.0, f64::max);
        let count = group.len() as f64;
        let radius = (largest * 1.8).max((2.0 * largest + 3.0) * count / (2.0 * PI));
        for (k, &i) in group.iter().enumerate() {
            let angle = -PI / 2.0 + 2.0 * PI * k as f64 / count;
            placed[i].x = cx + radius * angle.cos();
            placed[i].y = cy + radius * angle.sin();
        }
    }
}

/// Pushes apart markers whose boxes still overlap after [`spread_crowded`]:
/// two crowded groups spread into each other, or a group's circle reaches a
/// lone point. Each overlapping pair moves apart along the axis where they
/// overlap least, half each, inside the frame, until none overlaps (or a
/// fixed number of rounds, which ends it even if the frame is too full).
fn separate_markers(placed: &mut [PlacedPoint], frame: &Rect) {
    const ROUNDS: usize = 200;
    let n = placed.len();
    for _ in 0..ROUNDS {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (&placed[i], &placed[j]);
                // circle_box is the circle grown by 1; keep 1 more between.
                let need = a.r + b.r + 3.0;
                let (dx, dy) = (b.x - a.x, b.y - a.y);
                let (over_x, over_y) = (need - dx.abs(), need - dy.abs());
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                // Coincident markers part sideways, by index, so the
                // result does not depend on rounding.
                let along_x = if over_x == over_y {
                    (i + j) % 2 == 0
                } else {
                    over_x < over_y
                };
                let (push, delta) = if along_x {
                    (over_x / 2.0 + 0.05, dx)
                } else {
                    (over_y / 2.0 + 0.05, dy)
                };
                let sign = if delta < 0.0 { -1.0 } else { 1.0 };
                for (k, direction) in [(i, -sign), (j, sign)] {
                    let p = &mut placed[k];
                    let inset = p.r + 2.0;
                    if along_x {
                        p.x = (p.x + direction * push).clamp(inset, frame.x1 - inset);
                    } else {
                        p.y = (p.y + direction * push).clamp(inset, frame.y1 - inset);
                    }
                }
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// Greedy label placement in drawing order.
fn place_labels(placed: &mut [PlacedPoint], points: &[MapPoint], frame: &Rect) {
    let circles: Vec<Rect> = placed.iter().map(PlacedPoint::circle_box).collect();
    let inner = frame.grow(-2.0);
    let mut taken: Vec<Rect> = Vec::new();
    for (i, point) in placed.iter_mut().enumerate() {
        let text = wrap_text(&points[point.index].label, MAX_LABEL_WIDTH, FONT, 1)
            .pop()
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let width = text_width(&text, FONT);
        let (x, y, r) = (point.x, point.y, point.r);
        // (x, baseline, anchor, left edge)
        let candidates = [
            (x + r + 4.0, y + 0.35 * FONT, "start", x + r + 4.0),
            (x - r - 4.0, y + 0.35 * FONT, "end", x - r - 4.0 - width),
            (x, y - r - 0.25 * FONT - 2.0, "middle", x - width / 2.0),
            (x, y + r + 0.8 * FONT + 3.0, "middle", x - width / 2.0),
            (x + r + 1.0, y - r - 0.25 * FONT, "start", x + r + 1.0),
            (x + r + 1.0, y + r + 0.8 * FONT + 1.0, "start", x + r + 1.0),
            (x - r - 1.0, y - r - 0.25 * FONT, "end", x - r - 1.0 - width),
            (
                x - r - 1.0,
                y + r + 0.8 * FONT + 1.0,
                "end",
                x - r - 1.0 - width,
            ),
        ];
        for (tx, baseline, anchor, left) in candidates {
            let bounds = Rect {
                x0: left,
                y0: baseline - 0.8 * FONT,
                x1: left + width,
                y1: baseline + 0.25 * FONT,
            };
            let clear = bounds.inside(&inner)
                && !taken.iter().any(|t| t.grow(1.0).overlaps(&bounds))
                && !circles
                    .iter()
                    .enumerate()
                    .any(|(j, c)| j != i && c.overlaps(&bounds));
            if clear {
                taken.push(bounds);
                point.label = Some((text, anchor, tx, baseline, bounds));
                break;
            }
        }
    }
}

/// Sutherland–Hodgman clipping of a closed polygon to a rectangle.
fn clip(polygon: &[(f64, f64)], bounds: &Rect) -> Vec<(f64, f64)> {
    type Inside = fn(&(f64, f64), &Rect) -> bool;
    type Cross = fn(&(f64, f64), &(f64, f64), &Rect) -> (f64, f64);
    let edges: [(Inside, Cross); 4] = [
        (
            |p, r| p.0 >= r.x0,
            |a, b, r| (r.x0, a.1 + (b.1 - a.1) * (r.x0 - a.0) / (b.0 - a.0)),
        ),
        (
            |p, r| p.0 <= r.x1,
            |a, b, r| (r.x1, a.1 + (b.1 - a.1) * (r.x1 - a.0) / (b.0 - a.0)),
        ),
        (
            |p, r| p.1 >= r.y0,
            |a, b, r| (a.0 + (b.0 - a.0) * (r.y0 - a.1) / (b.1 - a.1), r.y0),
        ),
        (
            |p, r| p.1 <= r.y1,
            |a, b, r| (a.0 + (b.0 - a.0) * (r.y1 - a.1) / (b.1 - a.1), r.y1),
        ),
    ];
    let mut current = polygon.to_vec();
    for (inside, cross) in edges {
        if current.is_empty() {
            break;
        }
        let input = std::mem::take(&mut current);
        let mut previous = *input.last().expect("not empty");
        for point in input {
            match (inside(&point, bounds), inside(&previous, bounds)) {
                (true, true) => current.push(point),
                (true, false) => {
                    current.push(cross(&previous, &point, bounds));
                    current.push(point);
                }
                (false, true) => current.push(cross(&previous, &point, bounds)),
                (false, false) => {}
            }
            previous = point;
        }
    }
    current
}

/// Path data for one projected, clipped ring, in tenths of a unit with
/// relative moves; `None` when too little of it is left to see (fewer than
/// three points a unit apart, or under two square units).
fn ring_path(projected: &[(f64, f64)]) -> Option<String> {
    let mut kept: Vec<(i64, i64)> = Vec::with_capacity(projected.len());
    for &(x, y) in projected {
        let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if let Some(last) = kept.last() {
            let (dx, dy) = ((p.0 - last.0) as f64, (p.1 - last.1) as f64);
            if dx.hypot(dy) < 8.0 {
                continue;
            }
        }
        kept.push(p);
    }
    let in_units: Vec<(f64, f64)> = kept
        .iter()
        .map(|&(x, y)| (x as f64 / 10.0, y as f64 / 10.0))
        .collect();
    // Islets smaller than a couple of square units are invisible anyway.
    if kept.len() < 3 || area(&in_units) < 2.0 {
        return None;
    }
    let tenths = |v: i64| num(v as f64 / 10.0);
    let mut d = format!("M{} {}l", tenths(kept[0].0), tenths(kept[0].1));
    for pair in kept.windows(2) {
        let (dx, dy) = (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
        let _ = write!(d, "{} {} ", tenths(dx), tenths(dy));
    }
    d.pop();
    d.push('z');
    Some(d)
}

/// Whether `(x, y)` is inside a polygon (even-odd).
fn contains(polygon: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = polygon.len().wrapping_sub(1);
    for i in 0..polygon.len() {
        let (xi, yi) = polygon[i];
        let (xj, yj) = polygon[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Each country with a ring in view: its clipped path, and whether it holds
/// one of the points (at its true position).
fn draw_countries(view: &View, placed: &[PlacedPoint]) -> Vec<(usize, String, bool)> {
    let (half_lon, half_lat) = view.half_spans();
    let bounds = Rect {
        x0: -4.0,
        y0: -4.0,
        x1: view.width + 4.0,
        y1: view.height + 4.0,
    };
    let mut drawn = Vec::new();
    for (index, country) in countries().iter().enumerate() {
        let mut d = String::new();
        let mut holds = false;
        for ring in &country.rings {
            if ring.max_lat < view.lat0 - half_lat || ring.min_lat > view.lat0 + half_lat {
                continue;
            }
            for shift in [-360.0, 0.0, 360.0] {
                if ring.max_lon + shift < view.lon0 - half_lon
                    || ring.min_lon + shift > view.lon0 + half_lon
                {
                    continue;
                }
                let projected: Vec<(f64, f64)> = ring
                    .points
                    .iter()
                    .map(|&(lon, lat)| view.project_raw(lon + shift, lat))
                    .collect();
                if placed
                    .iter()
                    .any(|p| contains(&projected, p.true_x, p.true_y))
                {
                    holds = !holds;
                }
                if let Some(path) = ring_path(&clip(&projected, &bounds)) {
                    d.push_str(&path);
                }
            }
        }
        if !d.is_empty() {
            drawn.push((index, d, holds));
        }
    }
    drawn
}

/// Parses our own path data back into rings of points (for label fitting).
fn path_rings(d: &str) -> Vec<Vec<(f64, f64)>> {
    let mut rings = Vec::new();
    for part in d.split('M').filter(|p| !p.is_empty()) {
        let body = part.trim_end_matches('z');
        let Some((start, rest)) = body.split_once('l') else {
            continue;
        };
        let mut numbers = start
            .split(' ')
            .chain(rest.split(' '))
            .filter_map(|t| t.parse::<f64>().ok());
        let mut ring = Vec::new();
        let (Some(mut x), Some(mut y)) = (numbers.next(), numbers.next()) else {
            continue;
        };
        ring.push((x, y));
        while let (Some(dx), Some(dy)) = (numbers.next(), numbers.next()) {
            x += dx;
            y += dy;
            ring.push((x, y));
        }
        rings.push(ring);
    }
    rings
}

fn area(ring: &[(f64, f64)]) -> f64 {
    let mut total = 0.0;
    for i in 0..ring.len() {
        let (x1, y1) = ring[(i + ring.len() - 1) % ring.len()];
        let (x2, y2) = ring[i];
        total += x1 * y2 - x2 * y1;
    }
    total.abs() / 2.0
}

/// Country names where they fit inside the country's largest visible ring,
/// biggest countries first, clear of markers, labels and each other.
fn place_country_labels(
    view: &View,
    drawn: &[(usize, String, bool)],
    mut obstacles: Vec<Rect>,
) -> Vec<(String, f64, f64, Rect)> {
    let frame = Rect {
        x0: 4.0,
        y0: 4.0,
        x1: view.width - 4.0,
        y1: view.height - 4.0,
    };
    // (visible area, country index, largest visible ring)
    type Candidate = (f64, usize, Vec<(f64, f64)>);
    let mut candidates: Vec<Candidate> = drawn
        .iter()
        .filter_map(|(index, d, _)| {
            let largest = path_rings(d)
                .into_iter()
                .map(|r| (area(&r), r))
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            Some((largest.0, *index, largest.1))
        })
        .filter(|(a, _, _)| *a > 1500.0)
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut labels = Vec::new();
    for (_, index, ring) in candidates.into_iter().take(12) {
        // Capitals, as maps name countries; measured as drawn.
        let name = countries()[index].name.to_uppercase();
        let width = text_width(&name, COUNTRY_FONT);
        let (x0, x1) = ring
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.0), b.max(p.0))
            });
        let (y0, y1) = ring
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        // Grid candidates inside the ring's box, nearest its middle first.
        let mut spots: Vec<(f64, f64)> = (1..8)
            .flat_map(|i| (1..8).map(move |j| (i, j)))
            .map(|(i, j)| {
                (
                    x0 + (x1 - x0) * f64::from(i) / 8.0,
                    y0 + (y1 - y0) * f64::from(j) / 8.0,
                )
            })
            .collect();
        spots.sort_by(|a, b| {
            let da = (a.0 - cx).hypot(a.1 - cy);
            let db = (b.0 - cx).hypot(b.1 - cy);
            da.total_cmp(&db)
                .then(a.0.total_cmp(&b.0))
                .then(a.1.total_cmp(&b.1))
        });
        for (x, baseline) in spots {
            let bounds = Rect {
                x0: x - width / 2.0,
                y0: baseline - 0.8 * COUNTRY_FONT,
                x1: x + width / 2.0,
                y1: baseline + 0.25 * COUNTRY_FONT,
            };
            let corners = [
                (bounds.x0, bounds.y0),
                (bounds.x1, bounds.y0),
                (bounds.x0, bounds.y1),
                (bounds.x1, bounds.y1),
                (x, baseline - 0.3 * COUNTRY_FONT),
            ];
            if bounds.inside(&frame)
                && corners.iter().all(|c| contains(&ring, c.0, c.1))
                && !obstacles.iter().any(|o| o.grow(3.0).overlaps(&bounds))
            {
                obstacles.push(bounds);
                labels.push((name, x, baseline, bounds));
                break;
            }
        }
    }
    labels
}

fn render(layout: &MapLayout, points: &[MapPoint], focus: Option<usize>, id: &str) -> String {
    let view = &layout.view;
    let title = match (focus, layout.points.len()) {
        (Some(f), _) => format!("Map around {}", points[f].label),
        (None, 1) => format!("Map of {}", points[layout.points[0].index].label),
        (None, n) => format!("Map of {n} places"),
    };
    let desc = "Country outlines from Natural Earth. Each marker links to the place's page.";
    let mut out = String::with_capacity(16_384);
    open_svg(
        &mut out,
        &SvgHead {
            kind_class: "dv-map",
            id,
            width: view.width,
            height: view.height,
            title: &title,
            desc,
            has_links: true,
        },
    );
    let _ = write!(
        out,
        "<g aria-hidden=\"true\"><rect class=\"dv-water\" fill=\"none\" width=\"{}\" height=\"{}\"/>",
        num(view.width),
        num(view.height)
    );
    for (_, d, holds) in &layout.countries {
        let class = if *holds {
            "dv-country dv-country-active"
        } else {
            "dv-country"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" fill-rule=\"evenodd\" fill-opacity=\"0.08\" stroke=\"currentColor\" \
             stroke-opacity=\"0.35\" stroke-width=\"0.6\" d=\"{d}\"/>"
        );
    }
    if !layout.country_labels.is_empty() {
        let _ = write!(
            out,
            "<g font-size=\"{}\" fill-opacity=\"0.6\">",
            num(COUNTRY_FONT)
        );
        for (name, x, y, _) in &layout.country_labels {
            write_text(&mut out, *x, *y, "dv-country-label", "middle", name);
        }
        out.push_str("</g>");
    }
    // Spokes from the true position of spread points.
    let mut spokes = String::new();
    let mut trues: Vec<(i64, i64)> = Vec::new();
    for p in layout
        .points
        .iter()
        .filter(|p| p.x != p.true_x || p.y != p.true_y)
    {
        let _ = write!(
            spokes,
            "M{} {}L{} {}",
            num(p.true_x),
            num(p.true_y),
            num(p.x),
            num(p.y)
        );
        let key = (
            (p.true_x * 10.0).round() as i64,
            (p.true_y * 10.0).round() as i64,
        );
        if !trues.contains(&key) {
            trues.push(key);
        }
    }
    if !spokes.is_empty() {
        let _ = write!(
            out,
            "<path class=\"dv-spoke\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.6\" d=\"{spokes}\"/>"
        );
        for (x, y) in trues {
            let _ = write!(
                out,
                "<circle class=\"dv-point-true\" cx=\"{}\" cy=\"{}\" r=\"2\"/>",
                num(x as f64 / 10.0),
                num(y as f64 / 10.0)
            );
        }
    }
    out.push_str("</g><g>");
    for p in &layout.points {
        let point = &points[p.index];
        open_link(&mut out, &point.href, &point.label, "dv-point-link");
        let class = if Some(p.index) == focus {
            "dv-point dv-point-focus"
        } else {
            "dv-point"
        };
        let _ = write!(
            out,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            num(p.x),
            num(p.y),
            num(p.r)
        );
        if let Some((text, anchor, x, y, _)) = &p.label {
            let _ = write!(out, "<g font-size=\"{}\">", num(FONT));
            write_text(&mut out, *x, *y, "dv-point-label", anchor, text);
            out.push_str("</g>");
        }
        out.push_str("</a>");
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, lat: f64, lon: f64) -> MapPoint {
        MapPoint {
            label: label.to_string(),
            href: format!("/places/{}/", label.to_lowercase().replace(' ', "-")),
            lat,
            lon,
        }
    }

    fn venezuela() -> Vec<MapPoint> {
        vec![
            point("Lima", -12.05, -77.04),
            point("Caracas", 10.49, -66.88),
            point("Plaza San Martín", -12.0515, -77.0343),
            point("Miraflores Palace", 10.5061, -66.9146),
            point("Catia", 10.51, -66.94),
        ]
    }

    #[test]
    fn the_embedded_outlines_parse() {
        let all = countries();
        assert!(all.len() > 200, "{} countries", all.len());
        assert!(all.iter().any(|c| c.name == "Venezuela"));
        assert!(DATA.len() < 1_000_000);
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let points = venezuela();
        assert_eq!(map_svg(&points, None, "m"), map_svg(&points, None, "m"));
        assert_eq!(
            map_svg(&points, Some(2), "m"),
            map_svg(&points, Some(2), "m")
        );
    }

    #[test]
    fn empty_and_unusable_input_gives_nothing() {
        assert_eq!(map_svg(&[], None, "m"), "");
        assert_eq!(
            map_svg(&[point("Nowhere", f64::NAN, 0.0)], Some(0), "m"),
            ""
        );
    }

    #[test]
    fn the_view_holds_every_point_and_countries_holding_them_are_marked() {
        let points = venezuela();
        let layout = layout(&points, None).unwrap();
        assert_eq!(layout.points.len(), 5);
        let active: Vec<&str> = layout
            .countries
            .iter()
            .filter(|c| c.2)
            .map(|c| countries()[c.0].name.as_str())
            .collect();
        assert_eq!(active, vec!["Peru", "Venezuela"]);
    }

    #[test]
    fn identical_and_near_coordinates_get_separate_markers() {
        let points = vec![
            point("Lima", -12.05, -77.04),
            point("Also Lima", -12.05, -77.04),
            point("Plaza San Martín", -12.0515, -77.0343),
        ];
        let layout = layout(&points, None).unwrap();
        for (i, a) in layout.points.iter().enumerate() {
            for b in &layout.points[i + 1..] {
                assert!(!a.circle_box().overlaps(&b.circle_box()), "{a:?} {b:?}");
            }
        }
        let svg = map_svg(&points, None, "m");
        assert_eq!(svg.matches("<a ").count(), 3);
        assert!(svg.contains("dv-spoke"));
    }

    #[test]
    fn neighbouring_crowds_do_not_cover_each_other() {
        // A world view of a dossier about Venezuela: a crowd of Venezuelan
        // places spreads into Havana's and Miami's markers unless pushed
        // apart.
        let mut points = venezuela();
        points.extend([
            point("Barinas", 8.3, -70.0),
            point("Carabobo", 10.2, -68.0),
            point("Catia", 10.51, -66.94),
            point("Falcón", 11.0, -69.8),
            point("Miranda", 10.25, -66.4),
            point("Vargas", 10.6, -66.9),
            point("Miraflores", 10.505, -66.916),
            point("Havana", 23.1, -82.4),
            point("Miami", 25.8, -80.2),
            point("Costa Rica", 9.9, -84.1),
            point("Madrid", 40.4, -3.7),
            point("Beijing", 39.9, 116.4),
            point("Moscow", 55.8, 37.6),
        ]);
        let layout = layout(&points, None).unwrap();
        for (i, a) in layout.points.iter().enumerate() {
            for b in &layout.points[i + 1..] {
                assert!(!a.circle_box().overlaps(&b.circle_box()), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn labels_do_not_overlap_labels_or_markers() {
        let mut points = venezuela();
        for k in 0..30 {
            points.push(point(
                &format!("Crowded place {k}"),
                10.0 + f64::from(k) * 0.05,
                -67.0,
            ));
        }
        for focus in [None, Some(1)] {
            let layout = layout(&points, focus).unwrap();
            let labels: Vec<Rect> = layout
                .points
                .iter()
                .filter_map(|p| p.label.as_ref().map(|l| l.4))
                .chain(layout.country_labels.iter().map(|l| l.3))
                .collect();
            let circles: Vec<Rect> = layout.points.iter().map(|p| p.circle_box()).collect();
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    assert!(!a.overlaps(b), "{a:?} {b:?}");
                }
                for c in &circles {
                    assert!(!a.overlaps(c), "label {a:?} covers a marker {c:?}");
                }
            }
        }
    }

    #[test]
    fn focus_centres_a_region_and_leaves_far_points_out() {
        let points = venezuela();
        let layout = layout(&points, Some(0)).unwrap();
        let (x, y) = layout.view.project(-77.04, -12.05);
        assert!((x - layout.view.width / 2.0).abs() < 1.0);
        assert!((y - layout.view.height / 2.0).abs() < 1.0);
        assert_eq!(layout.points[0].index, 0);
        assert!(layout.points.iter().all(|p| p.index == 0 || p.index == 2));
        let svg = map_svg(&points, Some(0), "m");
        assert!(svg.contains("dv-point-focus"));
        assert!(svg.contains("Map around Lima"));
    }

    #[test]
    fn extreme_coordinates_do_not_panic() {
        let points = vec![
            point("North Pole", 90.0, 180.0),
            point("South Pole", -90.0, -180.0),
            point("Beyond", 123.0, 540.0),
            point("Date line", 0.0, 180.0),
            point("Other side", 0.0, -179.9),
        ];
        for focus in [None, Some(0), Some(1), Some(3), Some(99)] {
            let _ = map_svg(&points, focus, "m");
        }
        for p in &points {
            assert!(!map_svg(std::slice::from_ref(p), None, "m").is_empty());
        }
        // Without a focus every point is drawn, even on the view's edge.
        assert_eq!(layout(&points, None).unwrap().points.len(), points.len());
        // Fiji and Samoa sit either side of the antimeridian: a narrow view.
        let pacific = vec![
            point("Suva", -18.14, 178.44),
            point("Apia", -13.83, -171.76),
        ];
        let layout = layout(&pacific, None).unwrap();
        let (half_lon, _) = layout.view.half_spans();
        assert!(half_lon < 20.0, "{half_lon}");
    }

    #[test]
    fn labels_are_escaped() {
        let points = vec![MapPoint {
            label: "<script>&\"'".to_string(),
            href: "javascript:alert(1)".to_string(),
            lat: 10.0,
            lon: -66.0,
        }];
        let svg = map_svg(&points, None, "m");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"));
        assert!(svg.contains("href=\"#\""));
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 5.0,
            y1: 5.0,
        };
        let clipped = clip(&square, &bounds);
        assert!((area(&clipped) - 25.0).abs() < 1e-9);
    }
}
