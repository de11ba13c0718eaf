//! Reading content files: front-matter, ids, dates with precision.
//!
//! This module turns the markdown files under `content/` into plain values
//! ([`Article`], [`Entity`], [`Page`]) and reports every problem a single
//! file can have on its own: front-matter syntax, unknown fields, wrong
//! types, bad dates, URLs and coordinates, invalid ids. Problems between files
//! (unknown references, duplicate ids) belong to [`crate::dossier`].
//! It never renders anything.
//!
//! [`load`] reads each file in the order of its steps; [`walk`] finds the
//! files, [`nesting`] bounds a body's depth, [`fields`] says what each kind
//! of file may hold, [`parse`] turns front-matter into checked values and
//! [`entity`] does the same for the four kinds of entity. Each loaded value
//! keeps its file's front-matter text in its [`Source`], so errors found
//! later are placed without reading the file again.

pub mod date;
mod entity;
mod fields;
pub mod frontmatter;
pub mod id;
pub mod load;
mod nesting;
mod parse;
mod walk;
pub mod yaml;

use std::path::PathBuf;

pub use date::PartialDate;
pub use parse::is_http_url;

use crate::diagnostics::Location;

/// The four kinds of entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Place,
    Event,
    Organization,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Person, Kind::Place, Kind::Event, Kind::Organization];

    /// The folder under `content/` and the URL segment: `people`, `places`, …
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Place => "places",
            Kind::Event => "events",
            Kind::Organization => "organizations",
        }
    }

    /// The singular noun: `person`, `place`, …
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Organization => "organization",
        }
    }

    /// The heading of the kind's index page.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Place => "Places",
            Kind::Event => "Events",
            Kind::Organization => "Organizations",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == name || k.singular() == name)
    }
}

/// Where a piece of content came from, for error messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Path relative to the dossier root, e.g. `content/people/nicolas-maduro.md`.
    pub file: PathBuf,
    /// 1-based line of the file where the markdown body starts.
    pub body_line: usize,
    /// The file's text before the body, as loaded (BOM and CRLF removed):
    /// the front-matter between its fences. Errors found after load are
    /// located in it, so no content file is read twice.
    pub front_matter: String,
}

impl Source {
    /// Where front-matter field `key` is written: the line at or after its
    /// key that holds `needle`, or the key's own line (line 1 when the key
    /// is not there).
    pub fn locate(&self, key: &str, needle: Option<&str>) -> Location {
        frontmatter::locate(&self.front_matter, key, needle)
    }

    /// The whole file as loaded, given its `body`.
    pub fn text_with(&self, body: &str) -> String {
        let mut text = String::with_capacity(self.front_matter.len() + body.len());
        text.push_str(&self.front_matter);
        text.push_str(body);
        text
    }
}

/// Ids an article or event is about, by kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refs {
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub events: Vec<String>,
    pub organizations: Vec<String>,
}

impl Refs {
    pub fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Person => &self.people,
            Kind::Place => &self.places,
            Kind::Event => &self.events,
            Kind::Organization => &self.organizations,
        }
    }
}

/// Words an article attributes to someone.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// `id` or `kind/id` of a person or organization.
    pub by: String,
    pub text: String,
}

/// How far a claim is borne out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Disputed,
    Confirmed,
    Refuted,
    Unverified,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 4] = [
        ClaimStatus::Disputed,
        ClaimStatus::Confirmed,
        ClaimStatus::Refuted,
        ClaimStatus::Unverified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Refuted => "refuted",
            ClaimStatus::Unverified => "unverified",
        }
    }
}

/// A claim an article reports, about an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// `id` or `kind/id` of any entity.
    pub by: String,
    /// Event id.
    pub about: String,
    pub text: String,
    pub status: ClaimStatus,
}

/// A news article: a source of the dossier.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub id: String,
    pub source: Source,
    pub body: String,
    pub title: String,
    pub date: PartialDate,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub refs: Refs,
    pub tags: Vec<String>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
    pub draft: bool,
    pub updated: Option<PartialDate>,
}

/// A person, place, event or organization.
///
/// One struct for all four kinds: the fields that do not belong to a kind are
/// rejected at load time and stay empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub kind: Kind,
    pub id: String,
    pub source: Source,
    pub body: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub links: Vec<(String, String)>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// `false` keeps the entity out of automatic linking (SPEC §4).
    pub auto_link: bool,
    // person
    pub born: Option<PartialDate>,
    pub died: Option<PartialDate>,
    pub role: Option<String>,
    // person, organization
    pub country: Option<String>,
    // person, event
    pub organizations: Vec<String>,
    // place, organization
    pub entity_type: Option<String>,
    // place
    pub within: Option<String>,
    pub coordinates: Option<(f64, f64)>,
    // event
    pub date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub places: Vec<String>,
    pub people: Vec<String>,
    pub part_of: Option<String>,
    // organization
    pub abbreviation: Option<String>,
    pub founded: Option<PartialDate>,
}

impl Entity {
    /// Every name the entity is found under: name, aliases, abbreviation.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.abbreviation.as_deref())
    }

    /// A bare entity with just a name and aliases, as if loaded from
    /// `content/<kind>/<id>.md` with no other field: for tests and fuzzing.
    pub fn named(kind: Kind, id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            kind,
            id: id.to_string(),
            source: Source {
                file: PathBuf::from(format!("content/{}/{id}.md", kind.folder())),
                body_line: 4,
                front_matter: String::new(),
            },
            body: String::new(),
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            summary: None,
            links: Vec::new(),
            tags: Vec::new(),
            draft: false,
            auto_link: true,
            born: None,
            died: None,
            role: None,
            country: None,
            organizations: Vec::new(),
            entity_type: None,
            within: None,
            coordinates: None,
            date: None,
            end_date: None,
            places: Vec::new(),
            people: Vec::new(),
            part_of: None,
            abbreviation: None,
            founded: None,
        }
    }
}

/// A free page (`content/pages/`) or the home page's introduction (`content/_index.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub id: String,
    pub source: Source,
    pub body: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
}
