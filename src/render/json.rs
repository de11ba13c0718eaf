//! `/dossier.json`: the whole dossier as data, in the shape of SPEC §5.
//!
//! References are `kind/id` strings. Rows come in a fixed order (articles
//! newest first, entities by kind and id, mentions by source then entity)
//! so the file is byte-identical from build to build.

use serde::Serialize;

use crate::content::{Entity, Kind};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::MentionIndex;

#[derive(Serialize)]
struct DossierJson<'a> {
    title: &'a str,
    base_url: &'a str,
    articles: Vec<ArticleJson<'a>>,
    entities: Vec<EntityJson<'a>>,
    mentions: Vec<MentionJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    claims: Vec<ClaimJson<'a>>,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    #[serde(rename = "ref")]
    reference: String,
    title: &'a str,
    date: String,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    language: &'a str,
    summary: Option<&'a str>,
    tags: &'a [String],
    path: String,
    author: Option<&'a str>,
    people: Vec<String>,
    places: Vec<String>,
    events: Vec<String>,
    organizations: Vec<String>,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    #[serde(rename = "ref")]
    reference: String,
    kind: &'static str,
    name: &'a str,
    aliases: &'a [String],
    summary: Option<&'a str>,
    path: String,
    tags: &'a [String],
    links: serde_json::Map<String, serde_json::Value>,
    #[serde(flatten)]
    own: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    entity: String,
    source: String,
    count: u32,
    sentence: Option<&'a str>,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    by: String,
    text: &'a str,
    source: String,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    by: String,
    about: String,
    text: &'a str,
    status: &'static str,
    source: String,
}

/// Writes `/dossier.json` to `out`, pretty-printed, with a final newline.
///
/// The text goes straight to the writer: at tens of thousands of articles
/// the file is tens of megabytes, and holding it as one string on top of
/// the rows it is made from would double the build's peak memory.
pub fn write_dossier_json(
    d: &Dossier,
    index: &MentionIndex,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let entity_ref = |i: usize| d.ref_of(SourceRef::Entity(i));
    let resolve = |reference: &str, kinds: &[Kind]| {
        d.resolve(reference, kinds)
            .ok()
            .flatten()
            .map(entity_ref)
            .unwrap_or_else(|| reference.to_string())
    };
    let refs = |kind: Kind, ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| format!("{}/{id}", kind.folder()))
            .collect()
    };
    let articles = d
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| ArticleJson {
            reference: d.ref_of(SourceRef::Article(i)),
            title: &a.title,
            date: a.date.iso(),
            outlet: a.outlet.as_deref(),
            url: a.url.as_deref(),
            language: a.language.as_deref().unwrap_or(&d.config.language),
            summary: a.summary.as_deref(),
            tags: &a.tags,
            path: d.path_of(SourceRef::Article(i)),
            author: a.author.as_deref(),
            people: refs(Kind::Person, &a.refs.people),
            places: refs(Kind::Place, &a.refs.places),
            events: refs(Kind::Event, &a.refs.events),
            organizations: refs(Kind::Organization, &a.refs.organizations),
        })
        .collect();
    let entities = d
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityJson {
            reference: entity_ref(i),
            kind: e.kind.singular(),
            name: &e.name,
            aliases: &e.aliases,
            summary: e.summary.as_deref(),
            path: d.path_of(SourceRef::Entity(i)),
            tags: &e.tags,
            links: e
                .links
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
            own: own_fields(e),
        })
        .collect();
    let mentions = index
        .by_source
        .iter()
        .flat_map(|(source, list)| {
            list.iter().map(move |m| MentionJson {
                entity: entity_ref(m.entity),
                source: d.ref_of(*source),
                count: m.count,
                sentence: m.sentence.as_ref().map(|s| &*s.text),
            })
        })
        .collect();
    let mut quotes = Vec::new();
    let mut claims = Vec::new();
    for (i, a) in d.articles.iter().enumerate() {
        let source = d.ref_of(SourceRef::Article(i));
        for q in &a.quotes {
            quotes.push(QuoteJson {
                by: resolve(&q.by, &[Kind::Person, Kind::Organization]),
                text: &q.text,
                source: source.clone(),
            });
        }
        for c in &a.claims {
            claims.push(ClaimJson {
                by: resolve(&c.by, &Kind::ALL),
                about: format!("events/{}", c.about),
                text: &c.text,
                status: c.status.as_str(),
                source: source.clone(),
            });
        }
    }
    let json = DossierJson {
        title: &d.config.title,
        base_url: &d.config.base_url,
        articles,
        entities,
        mentions,
        quotes,
        claims,
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    out.write_all(b"\n")
}

/// The fields that belong to the entity's kind, references as `kind/id`.
fn own_fields(e: &Entity) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let mut map = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        map.insert(key.to_string(), value);
    };
    let date = |d: &Option<crate::content::PartialDate>| {
        d.as_ref().map_or(Value::Null, |d| Value::String(d.iso()))
    };
    let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
    let one = |kind: Kind, id: &Option<String>| {
        id.as_ref().map_or(Value::Null, |id| {
            Value::String(format!("{}/{id}", kind.folder()))
        })
    };
    let many = |kind: Kind, ids: &[String]| {
        Value::Array(
            ids.iter()
                .map(|id| Value::String(format!("{}/{id}", kind.folder())))
                .collect(),
        )
    };
    match e.kind {
        Kind::Person => {
            put("born", date(&e.born));
            put("died", date(&e.died));
            put("role", text(&e.role));
            put("country", one(Kind::Place, &e.country));
            put("organizations", many(Kind::Organization, &e.organizations));
        }
        Kind::Place => {
            put("type", text(&e.entity_type));
            put("within", one(Kind::Place, &e.within));
            put(
                "coordinates",
                e.coordinates
                    .map_or(Value::Null, |(lat, lon)| serde_json::json!([lat, lon])),
            );
        }
        Kind::Event => {
            put("date", date(&e.date));
            put("end_date", date(&e.end_date));
            put("places", many(Kind::Place, &e.places));
            put("people", many(Kind::Person, &e.people));
            put("organizations", many(Kind::Organization, &e.organizations));
            put("part_of", one(Kind::Event, &e.part_of));
        }
        Kind::Organization => {
            put("type", text(&e.entity_type));
            put("abbreviation", text(&e.abbreviation));
            put("country", one(Kind::Place, &e.country));
            put("founded", date(&e.founded));
        }
    }
    map
}
