//! What each kind of content file may hold: the field names and the shape
//! serde reads the front-matter into.
//!
//! Owns the tables of field names (for "did you mean" hints and the rule of
//! which entity kind has which field) and the raw front-matter structs,
//! whose values are still unchecked text. It never judges a value: dates,
//! URLs and coordinates are checked in [`super::parse`] and
//! [`super::entity`].

use serde::Deserialize;

use super::yaml::{ordered_map, scalar_text};
use super::{ClaimStatus, Kind};

/// Every field an article may have.
pub(super) const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "date",
    "outlet",
    "author",
    "url",
    "language",
    "summary",
    "people",
    "places",
    "events",
    "organizations",
    "tags",
    "quotes",
    "claims",
    "draft",
    "updated",
];
/// Every field a page (or the home page) may have.
pub(super) const PAGE_FIELDS: &[&str] = &["title", "summary", "draft"];
/// The fields every kind of entity has.
const ENTITY_COMMON: &[&str] = &[
    "name",
    "aliases",
    "summary",
    "links",
    "tags",
    "draft",
    "auto_link",
];
const PERSON_FIELDS: &[&str] = &["born", "died", "role", "country", "organizations"];
const PLACE_FIELDS: &[&str] = &["type", "within", "coordinates"];
const EVENT_FIELDS: &[&str] = &[
    "date",
    "end_date",
    "places",
    "people",
    "organizations",
    "part_of",
];
const ORGANIZATION_FIELDS: &[&str] = &["type", "abbreviation", "country", "founded"];

/// The fields only `kind` has, beside [`ENTITY_COMMON`].
pub(super) fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => PERSON_FIELDS,
        Kind::Place => PLACE_FIELDS,
        Kind::Event => EVENT_FIELDS,
        Kind::Organization => ORGANIZATION_FIELDS,
    }
}

/// Every field an entity of `kind` may have.
pub(super) fn entity_fields(kind: Kind) -> &'static [&'static str] {
    // Built once: four short lists that live as long as the program.
    static CACHE: std::sync::OnceLock<[Vec<&'static str>; 4]> = std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| {
        Kind::ALL.map(|k| {
            ENTITY_COMMON
                .iter()
                .chain(kind_fields(k))
                .copied()
                .collect()
        })
    });
    &all[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

/// An article's front-matter as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ArticleFm {
    pub(super) title: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) date: Option<String>,
    pub(super) outlet: Option<String>,
    pub(super) author: Option<String>,
    pub(super) url: Option<String>,
    pub(super) language: Option<String>,
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) people: Vec<String>,
    #[serde(default)]
    pub(super) places: Vec<String>,
    #[serde(default)]
    pub(super) events: Vec<String>,
    #[serde(default)]
    pub(super) organizations: Vec<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    #[serde(default)]
    pub(super) quotes: Vec<QuoteFm>,
    #[serde(default)]
    pub(super) claims: Vec<ClaimFm>,
    #[serde(default)]
    pub(super) draft: bool,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) updated: Option<String>,
}

/// One entry of an article's `quotes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuoteFm {
    pub(super) by: String,
    pub(super) text: String,
}

/// One entry of an article's `claims`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClaimFm {
    pub(super) by: String,
    pub(super) about: String,
    pub(super) text: String,
    pub(super) status: ClaimStatus,
}

/// An entity's front-matter as written: every kind's fields, so that a
/// field of another kind is reported by name rather than as unknown.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityFm {
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) summary: Option<String>,
    #[serde(default, deserialize_with = "ordered_map")]
    pub(super) links: Vec<(String, String)>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    #[serde(default)]
    pub(super) draft: bool,
    pub(super) auto_link: Option<bool>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) born: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) died: Option<String>,
    pub(super) role: Option<String>,
    pub(super) country: Option<String>,
    pub(super) organizations: Option<Vec<String>>,
    #[serde(rename = "type")]
    pub(super) entity_type: Option<String>,
    pub(super) within: Option<String>,
    pub(super) coordinates: Option<Vec<f64>>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) date: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) end_date: Option<String>,
    pub(super) places: Option<Vec<String>>,
    pub(super) people: Option<Vec<String>>,
    pub(super) part_of: Option<String>,
    pub(super) abbreviation: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub(super) founded: Option<String>,
}

/// A page's front-matter as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageFm {
    pub(super) title: Option<String>,
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) draft: bool,
}

/// The names of an entity whose front-matter has errors, read leniently:
/// other fields are skipped and a name of the wrong type is left out.
#[derive(Deserialize)]
pub(super) struct NamesFm {
    pub(super) name: Option<Lenient<String>>,
    pub(super) aliases: Option<Lenient<Vec<String>>>,
    pub(super) abbreviation: Option<Lenient<String>>,
    pub(super) draft: Option<Lenient<bool>>,
    pub(super) auto_link: Option<Lenient<bool>>,
}

/// A value that is kept when it has the expected type and dropped, without
/// an error, when it does not.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Lenient<T> {
    Fits(T),
    Misfit(serde::de::IgnoredAny),
}

impl<T> Lenient<T> {
    pub(super) fn fitting(value: Option<Lenient<T>>) -> Option<T> {
        match value {
            Some(Lenient::Fits(value)) => Some(value),
            _ => None,
        }
    }
}
