//! One entity's front-matter turned into an [`Entity`]: which fields its
//! kind may have, coordinates, links, and a stand-in for a broken file.
//!
//! One struct serves all four kinds, so the rule of which kind has which
//! field is enforced here, with a hint naming the kinds that do have it.
//! An entity whose file has errors still exists as far as other files are
//! concerned ([`stand_in`]): one bad field is reported once, in its own
//! file, never again as an unknown id or an unmatched wikilink elsewhere.
//! Nothing here resolves a reference.

use super::fields::{kind_fields, EntityFm, Lenient, NamesFm};
use super::parse::{is_http_url, FileCtx};
use super::{yaml, Entity, Kind, Source};

impl FileCtx<'_> {
    /// The entity `fm` describes, every problem with its fields pushed to
    /// the file's errors. `None` when it has no name.
    pub(super) fn entity(
        &mut self,
        kind: Kind,
        fm: EntityFm,
        id: String,
        source: Source,
        body: &str,
    ) -> Option<Entity> {
        let present: [(&str, bool); 14] = [
            ("born", fm.born.is_some()),
            ("died", fm.died.is_some()),
            ("role", fm.role.is_some()),
            ("country", fm.country.is_some()),
            ("organizations", fm.organizations.is_some()),
            ("type", fm.entity_type.is_some()),
            ("within", fm.within.is_some()),
            ("coordinates", fm.coordinates.is_some()),
            ("date", fm.date.is_some()),
            ("end_date", fm.end_date.is_some()),
            ("places", fm.places.is_some()),
            ("people", fm.people.is_some()),
            ("part_of", fm.part_of.is_some()),
            ("abbreviation", fm.abbreviation.is_some()),
        ];
        let allowed = kind_fields(kind);
        for (field, is_present) in present {
            if is_present && !allowed.contains(&field) {
                let owners: Vec<&str> = Kind::ALL
                    .into_iter()
                    .filter(|k| kind_fields(*k).contains(&field))
                    .map(Kind::singular)
                    .collect();
                self.error_at(
                    field,
                    None,
                    format!("`{field}` is not a field of a {}", kind.singular()),
                )
                .hint = Some(format!(
                    "`{field}` belongs to: {}; a {} has: {}",
                    owners.join(", "),
                    kind.singular(),
                    allowed.join(", ")
                ));
            }
        }
        if fm.founded.is_some() && kind != Kind::Organization {
            self.error_at(
                "founded",
                None,
                format!("`founded` is not a field of a {}", kind.singular()),
            );
        }
        if fm.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            self.missing("name");
        }
        if kind == Kind::Event && fm.date.is_none() {
            self.missing("date");
        }
        let born = self.date("born", fm.born);
        let died = self.date("died", fm.died);
        let date = self.date("date", fm.date);
        let end_date = self.date("end_date", fm.end_date);
        let founded = self.date("founded", fm.founded);
        if let (Some(start), Some(end)) = (&date, &end_date) {
            if end < start {
                self.error_at(
                    "end_date",
                    None,
                    format!("`end_date` {} is before `date` {}", end.iso(), start.iso()),
                );
            }
        }
        let coordinates = match fm.coordinates {
            None => None,
            Some(c) => match c.as_slice() {
                [lat, lon] if (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon) => {
                    Some((*lat, *lon))
                }
                [lat, lon] => {
                    let bad = if !(-90.0..=90.0).contains(lat) {
                        format!("latitude {lat} is outside -90..90")
                    } else {
                        format!("longitude {lon} is outside -180..180")
                    };
                    self.error_at("coordinates", None, format!("`coordinates`: {bad}"))
                        .hint = Some(
                        "coordinates are [latitude, longitude], e.g. [-12.046, -77.043]".into(),
                    );
                    None
                }
                _ => {
                    self.error_at(
                        "coordinates",
                        None,
                        format!("`coordinates` needs two numbers, got {}", c.len()),
                    )
                    .hint = Some(
                        "coordinates are [latitude, longitude], e.g. [-12.046, -77.043]".into(),
                    );
                    None
                }
            },
        };
        let mut links = Vec::new();
        for (label, url) in fm.links {
            if is_http_url(&url) {
                links.push((label, url));
            } else {
                self.error_at(
                    "links",
                    Some(&url),
                    format!("link `{label}` must be an http or https URL, not `{url}`"),
                );
            }
        }
        let tags = self.tags(fm.tags);
        let aliases: Vec<String> = fm
            .aliases
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .collect();
        Some(Entity {
            kind,
            id,
            source,
            body: body.to_string(),
            name: fm.name.filter(|n| !n.trim().is_empty())?,
            aliases,
            summary: fm.summary,
            links,
            tags,
            draft: fm.draft,
            auto_link: fm.auto_link.unwrap_or(true),
            born,
            died,
            role: fm.role,
            country: fm.country,
            organizations: fm.organizations.unwrap_or_default(),
            entity_type: fm.entity_type,
            within: fm.within,
            coordinates,
            date,
            end_date,
            places: fm.places.unwrap_or_default(),
            people: fm.people.unwrap_or_default(),
            part_of: fm.part_of,
            abbreviation: fm.abbreviation,
            founded,
        })
    }
}

/// The entity a file with errors would have been, as far as its names go:
/// what references and wikilinks need to find it. `None` when even its name
/// cannot be read (the YAML does not parse, or has no name).
pub(super) fn stand_in(
    kind: Kind,
    id: String,
    source: Source,
    yaml_text: &str,
    body: &str,
) -> Option<Entity> {
    let names: NamesFm = yaml::parse(yaml_text).ok()?;
    let name = Lenient::fitting(names.name).filter(|n| !n.trim().is_empty())?;
    let mut entity = Entity::named(kind, &id, &name, &[]);
    entity.source = source;
    entity.body = body.to_string();
    entity.aliases = Lenient::fitting(names.aliases)
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !a.trim().is_empty())
        .collect();
    if kind == Kind::Organization {
        entity.abbreviation = Lenient::fitting(names.abbreviation);
    }
    entity.draft = Lenient::fitting(names.draft).unwrap_or(false);
    entity.auto_link = Lenient::fitting(names.auto_link).unwrap_or(true);
    Some(entity)
}

/// `entity`, loaded from a file with errors, reduced to what [`stand_in`]
/// would read: its fields are not all checked, so none but its names may
/// reach other files' checks.
pub(super) fn names_only(entity: Entity) -> Entity {
    let mut names = Entity::named(entity.kind, &entity.id, &entity.name, &[]);
    names.aliases = entity.aliases;
    if entity.kind == Kind::Organization {
        names.abbreviation = entity.abbreviation;
    }
    names.draft = entity.draft;
    names.auto_link = entity.auto_link;
    names.source = entity.source;
    names.body = entity.body;
    names
}
