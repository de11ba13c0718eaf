//! Page contexts: what each template is given.
//!
//! Each function here builds the small, page-specific context one template
//! needs (SPEC §5) — a page is given what it shows, never whole lists of
//! every page, because large Tera contexts are what makes generators slow.
//! Every href carries `base_url`'s path. Text is passed raw and escaped by
//! the templates (Tera autoescapes `.html`); only HTML rendered here from
//! markdown or built with escaping (`*_html` fields) is marked safe.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{ClaimStatus, Entity, Kind, PartialDate};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::{entity_order, MentionIndex};

/// A date as templates show it.
#[derive(Serialize, Clone)]
pub struct DateView {
    /// For `<time datetime>`.
    pub iso: String,
    /// "2013", "July 2024", "31 July 2024".
    pub display: String,
    pub precision: &'static str,
}

impl DateView {
    pub fn of(date: &PartialDate) -> DateView {
        DateView {
            iso: date.iso(),
            display: date.display(),
            precision: match date.precision() {
                crate::content::date::Precision::Year => "year",
                crate::content::date::Precision::Month => "month",
                crate::content::date::Precision::Day => "day",
                crate::content::date::Precision::Time => "time",
            },
        }
    }
}

/// A link to a piece of content.
#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub href: String,
    /// `article`, `person`, `place`, `event`, `organization` or `page`.
    pub kind: &'static str,
}

pub fn link<'a>(d: &'a Dossier, source: SourceRef) -> LinkView<'a> {
    LinkView {
        title: d.title_of(source),
        href: d.path_of(source),
        kind: kind_of(d, source),
    }
}

pub fn kind_of(d: &Dossier, source: SourceRef) -> &'static str {
    match source {
        SourceRef::Article(_) => "article",
        SourceRef::Entity(i) => d.entities[i].kind.singular(),
        SourceRef::Page(_) => "page",
    }
}

/// An article in a list.
#[derive(Serialize)]
pub struct ArticleItem<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: DateView,
    pub outlet: Option<&'a str>,
    pub summary: Option<&'a str>,
}

pub fn article_item(d: &Dossier, i: usize) -> ArticleItem<'_> {
    let a = &d.articles[i];
    ArticleItem {
        title: &a.title,
        href: d.path_of(SourceRef::Article(i)),
        date: DateView::of(&a.date),
        outlet: a.outlet.as_deref(),
        summary: a.summary.as_deref(),
    }
}

/// An entity in a list.
#[derive(Serialize)]
pub struct EntityItem<'a> {
    pub title: &'a str,
    pub href: String,
    pub kind: &'static str,
    pub summary: Option<&'a str>,
    /// Role, type or date: one line that tells entities apart.
    pub meta: Option<String>,
    /// Number of sources it appears in.
    pub count: usize,
}

pub fn entity_item<'a>(d: &'a Dossier, index: &MentionIndex, i: usize) -> EntityItem<'a> {
    let e = &d.entities[i];
    EntityItem {
        title: &e.name,
        href: d.path_of(SourceRef::Entity(i)),
        kind: e.kind.singular(),
        summary: e.summary.as_deref(),
        meta: entity_meta(e),
        count: index.appears_in[i].len(),
    }
}

fn entity_meta(e: &Entity) -> Option<String> {
    match e.kind {
        Kind::Person => e.role.clone(),
        Kind::Place | Kind::Organization => e.entity_type.clone(),
        Kind::Event => e.date.as_ref().map(|d| date_span(d, e.end_date.as_ref())),
    }
}

/// "31 July 2024", or "29 July 2024 – August 2024" for a span.
pub fn date_span(start: &PartialDate, end: Option<&PartialDate>) -> String {
    match end {
        Some(end) if end != start => format!("{} – {}", start.display(), end.display()),
        _ => start.display(),
    }
}

/// One value of an infobox row: text, maybe a link, maybe a date.
#[derive(Serialize)]
pub struct FactValue<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub href: Option<String>,
    pub datetime: Option<String>,
}

/// One infobox row.
#[derive(Serialize)]
pub struct Fact<'a> {
    pub label: &'static str,
    pub values: Vec<FactValue<'a>>,
}

/// Builds infobox rows for an entity; references become links.
pub fn facts<'a>(d: &'a Dossier, index: &MentionIndex, i: usize) -> Vec<Fact<'a>> {
    let e = &d.entities[i];
    let mut facts = Vec::new();
    let text = |s: &'a str| FactValue {
        text: s.into(),
        href: None,
        datetime: None,
    };
    let date = |date: &PartialDate| FactValue {
        text: date.display().into(),
        href: None,
        datetime: Some(date.iso()),
    };
    let refs = |kind: Kind, ids: &[String]| -> Vec<FactValue<'a>> {
        ids.iter()
            .filter_map(|id| d.entity_index(kind, id))
            .map(|j| entity_value(d, j))
            .collect()
    };
    let one = |kind: Kind, id: &Option<String>| -> Vec<FactValue<'a>> {
        id.as_deref()
            .and_then(|id| d.entity_index(kind, id))
            .map(|j| vec![entity_value(d, j)])
            .unwrap_or_default()
    };
    let mut push = |label: &'static str, values: Vec<FactValue<'a>>| {
        if !values.is_empty() {
            facts.push(Fact { label, values });
        }
    };
    match e.kind {
        Kind::Person => {
            push("Role", e.role.as_deref().map(text).into_iter().collect());
            push("Born", e.born.as_ref().map(date).into_iter().collect());
            push("Died", e.died.as_ref().map(date).into_iter().collect());
            push("Country", one(Kind::Place, &e.country));
            push("Organizations", refs(Kind::Organization, &e.organizations));
        }
        Kind::Place => {
            push(
                "Type",
                e.entity_type.as_deref().map(text).into_iter().collect(),
            );
            push("Within", one(Kind::Place, &e.within));
            push(
                "Coordinates",
                e.coordinates
                    .map(|(lat, lon)| FactValue {
                        text: format_coordinates(lat, lon).into(),
                        href: None,
                        datetime: None,
                    })
                    .into_iter()
                    .collect(),
            );
            push(
                "Contains",
                index.children[i]
                    .iter()
                    .map(|j| entity_value(d, *j))
                    .collect(),
            );
        }
        Kind::Event => {
            push("Date", e.date.as_ref().map(date).into_iter().collect());
            push("Until", e.end_date.as_ref().map(date).into_iter().collect());
            push("Part of", one(Kind::Event, &e.part_of));
            push("Places", refs(Kind::Place, &e.places));
            push("People", refs(Kind::Person, &e.people));
            push("Organizations", refs(Kind::Organization, &e.organizations));
            push(
                "Includes",
                index.children[i]
                    .iter()
                    .map(|j| entity_value(d, *j))
                    .collect(),
            );
        }
        Kind::Organization => {
            push(
                "Type",
                e.entity_type.as_deref().map(text).into_iter().collect(),
            );
            push(
                "Abbreviation",
                e.abbreviation.as_deref().map(text).into_iter().collect(),
            );
            push("Country", one(Kind::Place, &e.country));
            push(
                "Founded",
                e.founded.as_ref().map(date).into_iter().collect(),
            );
        }
    }
    push("Also known as", e.aliases.iter().map(|a| text(a)).collect());
    facts
}

fn entity_value(d: &Dossier, j: usize) -> FactValue<'_> {
    FactValue {
        text: d.entities[j].name.as_str().into(),
        href: Some(d.path_of(SourceRef::Entity(j))),
        datetime: None,
    }
}

/// "12.05° S, 77.04° W".
pub fn format_coordinates(lat: f64, lon: f64) -> String {
    format!(
        "{:.4}° {}, {:.4}° {}",
        lat.abs(),
        if lat < 0.0 { "S" } else { "N" },
        lon.abs(),
        if lon < 0.0 { "W" } else { "E" }
    )
}

/// A row of an entity's "Appears in" list.
#[derive(Serialize)]
pub struct AppearanceView<'a> {
    pub source: LinkView<'a>,
    pub date: Option<DateView>,
    pub count: u32,
    /// The sentence of the first mention, escaped, the name in `<mark>`.
    pub sentence_html: Option<String>,
}

pub fn appearances<'a>(d: &'a Dossier, index: &MentionIndex, i: usize) -> Vec<AppearanceView<'a>> {
    index.appears_in[i]
        .iter()
        .map(|a| AppearanceView {
            source: link(d, a.source),
            date: match a.source {
                SourceRef::Article(j) => Some(DateView::of(&d.articles[j].date)),
                SourceRef::Entity(j) => d.entities[j].date.as_ref().map(DateView::of),
                SourceRef::Page(_) => None,
            },
            count: a.count,
            sentence_html: a.sentence.as_ref().map(|s| s.to_html()),
        })
        .collect()
}

/// A related entity and how many articles it shares.
#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub entity: LinkView<'a>,
    pub shared: u32,
}

pub fn related<'a>(d: &'a Dossier, index: &MentionIndex, i: usize) -> Vec<RelatedView<'a>> {
    index.related[i]
        .iter()
        .map(|(j, shared)| RelatedView {
            entity: link(d, SourceRef::Entity(*j)),
            shared: *shared,
        })
        .collect()
}

/// A quote with who said it and where.
#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub text: &'a str,
    pub by: Option<LinkView<'a>>,
    pub article: LinkView<'a>,
    pub date: DateView,
}

pub fn quote_view(d: &Dossier, article: usize, quote: usize) -> QuoteView<'_> {
    let a = &d.articles[article];
    let q = &a.quotes[quote];
    QuoteView {
        text: &q.text,
        by: d
            .resolve(&q.by, &[Kind::Person, Kind::Organization])
            .ok()
            .flatten()
            .map(|e| link(d, SourceRef::Entity(e))),
        article: link(d, SourceRef::Article(article)),
        date: DateView::of(&a.date),
    }
}

/// A claim with who made it, what it is about and where it was reported.
#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub text: &'a str,
    pub status: &'static str,
    pub by: Option<LinkView<'a>>,
    pub about: Option<LinkView<'a>>,
    pub article: LinkView<'a>,
    pub date: DateView,
}

pub fn claim_view(d: &Dossier, article: usize, claim: usize) -> ClaimView<'_> {
    let a = &d.articles[article];
    let c = &a.claims[claim];
    ClaimView {
        text: &c.text,
        status: c.status.as_str(),
        by: d
            .resolve(&c.by, &Kind::ALL)
            .ok()
            .flatten()
            .map(|e| link(d, SourceRef::Entity(e))),
        about: d
            .entity_index(Kind::Event, &c.about)
            .map(|e| link(d, SourceRef::Entity(e))),
        article: link(d, SourceRef::Article(article)),
        date: DateView::of(&a.date),
    }
}

/// Claims of one status.
#[derive(Serialize)]
pub struct ClaimGroup<'a> {
    pub status: &'static str,
    pub claims: Vec<ClaimView<'a>>,
}

/// Claims grouped by status, in a fixed order: disputed, confirmed, refuted, unverified.
pub fn claims_by_status<'a>(d: &'a Dossier, claims: &[(usize, usize)]) -> Vec<ClaimGroup<'a>> {
    ClaimStatus::ALL
        .iter()
        .map(|status| ClaimGroup {
            status: status.as_str(),
            claims: claims
                .iter()
                .filter(|(a, c)| d.articles[*a].claims[*c].status == *status)
                .map(|(a, c)| claim_view(d, *a, *c))
                .collect(),
        })
        .filter(|g| !g.claims.is_empty())
        .collect()
}

/// Entities of one kind, for an article's "In this article" box.
#[derive(Serialize)]
pub struct EntityGroup<'a> {
    pub kind: &'static str,
    pub title: &'static str,
    pub entities: Vec<LinkView<'a>>,
}

pub fn entity_groups<'a>(d: &'a Dossier, entities: &[usize]) -> Vec<EntityGroup<'a>> {
    Kind::ALL
        .iter()
        .map(|kind| EntityGroup {
            kind: kind.singular(),
            title: kind.title(),
            entities: entities
                .iter()
                .filter(|e| d.entities[**e].kind == *kind)
                .map(|e| link(d, SourceRef::Entity(*e)))
                .collect(),
        })
        .filter(|g| !g.entities.is_empty())
        .collect()
}

/// A tag as a link.
#[derive(Serialize, Clone)]
pub struct TagView {
    pub name: String,
    pub href: String,
    pub count: usize,
}

/// Every tag, by slug, with its display name and what carries it.
pub struct Tags {
    pub by_slug: BTreeMap<String, (String, Vec<SourceRef>)>,
}

impl Tags {
    pub fn collect(d: &Dossier) -> Tags {
        let mut by_slug: BTreeMap<String, (String, Vec<SourceRef>)> = BTreeMap::new();
        let mut add = |tag: &str, source: SourceRef| {
            let slug = crate::content::id::slugify(tag);
            if slug.is_empty() {
                return;
            }
            let entry = by_slug
                .entry(slug)
                .or_insert_with(|| (tag.to_string(), Vec::new()));
            // Sources come in order, so a tag a source lists twice (under
            // two spellings of one slug) is the last one pushed.
            if entry.1.last() != Some(&source) {
                entry.1.push(source);
            }
        };
        for (i, a) in d.articles.iter().enumerate() {
            for t in &a.tags {
                add(t, SourceRef::Article(i));
            }
        }
        for (i, e) in d.entities.iter().enumerate() {
            for t in &e.tags {
                add(t, SourceRef::Entity(i));
            }
        }
        Tags { by_slug }
    }

    pub fn view(&self, d: &Dossier, tag: &str) -> Option<TagView> {
        let slug = crate::content::id::slugify(tag);
        self.by_slug.get(&slug).map(|(name, sources)| TagView {
            name: name.clone(),
            href: format!("{}tags/{slug}/", d.config.base_path),
            count: sources.len(),
        })
    }
}

/// A month of the timeline.
#[derive(Serialize)]
pub struct TimelineMonth<'a> {
    /// "July", or empty for things known only to the year.
    pub label: &'static str,
    pub anchor: String,
    pub items: Vec<TimelineEntry<'a>>,
}

/// A year of the timeline.
#[derive(Serialize)]
pub struct TimelineYear<'a> {
    pub year: i32,
    pub months: Vec<TimelineMonth<'a>>,
}

/// An event or article on the timeline.
#[derive(Serialize)]
pub struct TimelineEntry<'a> {
    pub link: LinkView<'a>,
    pub date: DateView,
    /// "29 July 2024 – August 2024" for events with an end date.
    pub span: Option<String>,
    pub summary: Option<&'a str>,
}

/// Events and articles in date order, grouped by year and month; things
/// known only to the year come first in their year, as the SPEC's ordering of
/// precision requires.
pub fn timeline(d: &Dossier) -> Vec<TimelineYear<'_>> {
    let mut items: Vec<(PartialDate, u8, TimelineEntry)> = Vec::new();
    for (i, e) in d.entities.iter().enumerate() {
        if let (Kind::Event, Some(date)) = (e.kind, &e.date) {
            items.push((
                date.clone(),
                0,
                TimelineEntry {
                    link: link(d, SourceRef::Entity(i)),
                    date: DateView::of(date),
                    span: e.end_date.as_ref().map(|end| date_span(date, Some(end))),
                    summary: e.summary.as_deref(),
                },
            ));
        }
    }
    for (i, a) in d.articles.iter().enumerate() {
        items.push((
            a.date.clone(),
            1,
            TimelineEntry {
                link: link(d, SourceRef::Article(i)),
                date: DateView::of(&a.date),
                span: None,
                summary: a.summary.as_deref(),
            },
        ));
    }
    items.sort_by(|a, b| (&a.0, a.1, a.2.link.title).cmp(&(&b.0, b.1, b.2.link.title)));
    let mut years: Vec<TimelineYear> = Vec::new();
    for (date, _, entry) in items {
        if years.last().is_none_or(|y| y.year != date.year) {
            years.push(TimelineYear {
                year: date.year,
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        let label = date.month.map_or("", PartialDate::month_name);
        if year.months.last().is_none_or(|m| m.label != label) {
            year.months.push(TimelineMonth {
                label,
                anchor: match date.month {
                    Some(m) => format!("y{}-{m:02}", date.year),
                    None => format!("y{}", date.year),
                },
                items: Vec::new(),
            });
        }
        year.months
            .last_mut()
            .expect("pushed above")
            .items
            .push(entry);
    }
    years
}

/// Entities of `kind` in reading order.
pub fn entities_sorted(d: &Dossier, kind: Kind) -> Vec<usize> {
    let mut list: Vec<usize> = d.entities_of(kind).map(|(i, _)| i).collect();
    if kind == Kind::Event {
        list.sort_by(|a, b| {
            let (a, b) = (&d.entities[*a], &d.entities[*b]);
            (&a.date, &a.name).cmp(&(&b.date, &b.name))
        });
    } else {
        list.sort_by(|a, b| entity_order(&d.entities[*a], &d.entities[*b]));
    }
    list
}
