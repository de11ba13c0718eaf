//! Finding names in text, and wikilinks (SPEC §4).
//!
//! [`NameTable`] is built once per build from every entity's names and
//! answers two questions: which entity a stretch of text names (through the
//! [`matcher::NameMatcher`], one linear pass per text) and which page a
//! wikilink points at. The bodies stage ([`crate::body`]) asks it while
//! walking each body; the mention index ([`crate::mentions`]) then gathers
//! what the bodies recorded. This module sits below both: it knows the
//! dossier's entities and nothing of bodies, pages or files.

pub mod matcher;
pub mod sentence;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::content::id::slugify;
use crate::content::Kind;
use crate::diagnostics::closest;
use crate::dossier::{Dossier, SourceRef};
use matcher::{fold, NameMatcher};

/// Names of every entity, ready for matching and for wikilinks.
pub struct NameTable {
    /// Names of every entity. Matches of `auto_link: false` entities are
    /// dropped after matching, so a name they share still counts as ambiguous.
    pub matcher: NameMatcher,
    /// Per entity: whether it takes part in automatic linking.
    linkable: Vec<bool>,
    /// Folded name → entities with that name or alias, `auto_link: false` included.
    by_name: HashMap<String, Vec<usize>>,
    /// Bare id → entities with that id, across kinds.
    by_id: HashMap<String, Vec<usize>>,
    /// Slugs of every tag page, gathered the first time a wikilink names
    /// one (most dossiers never do).
    tag_slugs: OnceLock<HashSet<String>>,
}

/// Where a wikilink points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WikilinkTarget {
    /// An article, entity or free page.
    Source(SourceRef),
    /// A page the site makes itself.
    Site(SitePage),
}

/// The pages a build makes from the whole dossier, which a wikilink may
/// name (docs/mentions.md lists their names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SitePage {
    Articles,
    Kind(Kind),
    Timeline,
    Tags,
    /// One tag's page, by slug.
    Tag(String),
    Search,
    Graph,
    Print,
}

impl SitePage {
    /// The names a bare `[[name]]` finds; `tags/<tag>` is matched apart.
    pub const NAMES: [&'static str; 10] = [
        "articles",
        "people",
        "places",
        "events",
        "organizations",
        "timeline",
        "tags",
        "search",
        "graph",
        "print",
    ];

    fn named(name: &str) -> Option<SitePage> {
        Some(match name {
            "articles" => SitePage::Articles,
            "timeline" => SitePage::Timeline,
            "tags" => SitePage::Tags,
            "search" => SitePage::Search,
            "graph" => SitePage::Graph,
            "print" => SitePage::Print,
            _ => SitePage::Kind(Kind::ALL.into_iter().find(|k| k.folder() == name)?),
        })
    }

    /// The page's path under the site's root, as the renderer writes it.
    fn rel(&self) -> String {
        match self {
            SitePage::Articles => "articles/".into(),
            SitePage::Kind(kind) => format!("{}/", kind.folder()),
            SitePage::Timeline => "timeline/".into(),
            SitePage::Tags => "tags/".into(),
            SitePage::Tag(slug) => format!("tags/{slug}/"),
            SitePage::Search => "search/".into(),
            SitePage::Graph => "graph/".into(),
            SitePage::Print => "print/".into(),
        }
    }
}

impl WikilinkTarget {
    /// The URL path a link to the target uses.
    pub fn path(&self, dossier: &Dossier) -> String {
        match self {
            WikilinkTarget::Source(source) => dossier.path_of(*source),
            WikilinkTarget::Site(page) => format!("{}{}", dossier.config.base_path, page.rel()),
        }
    }

    /// The target written so that it resolves to exactly this target:
    /// `people/ana-nunez`, `articles/x`, `timeline`, `tags/elections`.
    pub fn canonical(&self, dossier: &Dossier) -> String {
        match self {
            WikilinkTarget::Source(source) => dossier.ref_of(*source),
            WikilinkTarget::Site(page) => page.rel().trim_end_matches('/').to_string(),
        }
    }
}

/// Why a wikilink does not resolve.
#[derive(Debug)]
pub struct WikilinkError {
    pub message: String,
    pub hint: Option<String>,
}

impl NameTable {
    pub fn build(dossier: &Dossier) -> NameTable {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        let mut all_names = Vec::new();
        for (i, entity) in dossier.entities.iter().enumerate() {
            by_id.entry(entity.id.clone()).or_default().push(i);
            for name in entity.names() {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                let targets = by_name.entry(fold(name).text).or_default();
                if !targets.contains(&i) {
                    targets.push(i);
                }
                all_names.push((name.to_string(), i));
            }
        }
        NameTable {
            matcher: NameMatcher::new(all_names),
            linkable: dossier.entities.iter().map(|e| e.auto_link).collect(),
            by_name,
            by_id,
            tag_slugs: OnceLock::new(),
        }
    }

    /// Whether matches of entity `i` are linked and counted.
    pub fn is_linkable(&self, i: usize) -> bool {
        self.linkable.get(i).copied().unwrap_or(false)
    }

    /// Resolves the target of `[[target]]`: `kind/id` (also `articles/id`,
    /// `pages/id` and `tags/tag`), an entity id, a name or alias, a page or
    /// article id, then the name of a page the site makes (`timeline`,
    /// `people`, …). The site's pages come last so that no wikilink that
    /// resolved before they were targets changes its meaning.
    pub fn resolve_wikilink(
        &self,
        dossier: &Dossier,
        target: &str,
    ) -> Result<WikilinkTarget, WikilinkError> {
        let target = target.trim();
        if let Some((kind, id)) = target.split_once('/') {
            let found = match kind {
                "articles" | "article" => dossier.article_index(id).map(SourceRef::Article),
                "pages" | "page" => dossier.page_index(id).map(SourceRef::Page),
                "tags" | "tag" => {
                    if let Some(slug) = self.tag_slug(dossier, id) {
                        return Ok(WikilinkTarget::Site(SitePage::Tag(slug)));
                    }
                    None
                }
                _ => Kind::from_name(kind)
                    .and_then(|k| dossier.entity_index(k, id))
                    .map(SourceRef::Entity),
            };
            if let Some(found) = found {
                return Ok(WikilinkTarget::Source(found));
            }
        }
        if let Some(ids) = self.by_id.get(target) {
            return match ids.as_slice() {
                [one] => Ok(WikilinkTarget::Source(SourceRef::Entity(*one))),
                many => Err(self.ambiguous(dossier, target, many)),
            };
        }
        if let Some(ids) = self.by_name.get(&fold(target).text) {
            return match ids.as_slice() {
                [one] => Ok(WikilinkTarget::Source(SourceRef::Entity(*one))),
                many => Err(self.ambiguous(dossier, target, many)),
            };
        }
        if let Some(page) = dossier.page_index(target) {
            return Ok(WikilinkTarget::Source(SourceRef::Page(page)));
        }
        if let Some(article) = dossier.article_index(target) {
            return Ok(WikilinkTarget::Source(SourceRef::Article(article)));
        }
        if let Some(page) = SitePage::named(target) {
            return Ok(WikilinkTarget::Site(page));
        }
        let names = dossier.entities.iter().flat_map(|e| e.names());
        let ids = dossier.entities.iter().map(|e| e.id.as_str());
        // Double brackets that were never meant as a link (a TOML table
        // `[[menus.main]]`, another tool's `[[_TOC_]]`) are text once the
        // first bracket is escaped.
        let literal = format!("write \\[[{target}]] to show the brackets as text");
        let hint = closest(target, names.chain(ids).chain(SitePage::NAMES))
            .map(|best| format!("did you mean [[{best}]]? Or {literal}"))
            .or_else(|| {
                Some(format!(
                    "a wikilink names an entity by id, kind/id, name or alias; {literal}"
                ))
            });
        Err(WikilinkError {
            message: format!("wikilink [[{target}]] does not match any entity"),
            hint,
        })
    }

    /// The slug of the tag page `tag` names (by slug or as written), if
    /// some article or entity carries that tag.
    fn tag_slug(&self, dossier: &Dossier, tag: &str) -> Option<String> {
        let slugs = self.tag_slugs.get_or_init(|| {
            let articles = dossier.articles.iter().flat_map(|a| &a.tags);
            let entities = dossier.entities.iter().flat_map(|e| &e.tags);
            articles
                .chain(entities)
                .map(|t| slugify(t))
                .filter(|s| !s.is_empty())
                .collect()
        });
        let slug = slugify(tag);
        slugs.contains(&slug).then_some(slug)
    }

    fn ambiguous(&self, dossier: &Dossier, target: &str, many: &[usize]) -> WikilinkError {
        let refs: Vec<String> = many
            .iter()
            .map(|i| dossier.ref_of(SourceRef::Entity(*i)))
            .collect();
        WikilinkError {
            message: format!(
                "wikilink [[{target}]] matches more than one entity: {}",
                refs.join(", ")
            ),
            hint: Some(format!("write [[{}]] or another kind/id", refs[0])),
        }
    }

    /// The hint for an ambiguous name: a wikilink to each entity that shares
    /// it, by its real `kind/id`, labelled with the name as the entity spells
    /// it (`[[organizations/dsl|DSL]] or [[organizations/dsl-2|DSL]]`).
    /// `folded` is the name as [`fold`] gives it.
    pub fn wikilink_hint(&self, dossier: &Dossier, folded: &str) -> String {
        /// Past this many, the rest are counted: the hint stays one line.
        const SHOWN: usize = 3;
        let owners = self.by_name.get(folded).map_or(&[][..], Vec::as_slice);
        let links: Vec<String> = owners
            .iter()
            .take(SHOWN)
            .map(|&i| {
                let entity = &dossier.entities[i];
                let label = entity
                    .names()
                    .map(str::trim)
                    .find(|n| fold(n).text == folded)
                    .unwrap_or(&entity.name);
                format!("[[{}|{label}]]", dossier.ref_of(SourceRef::Entity(i)))
            })
            .collect();
        let choices = match links.as_slice() {
            [] => "[[kind/id|Name]]".to_string(),
            [one] => one.clone(),
            [first @ .., last] => format!("{} or {last}", first.join(", ")),
        };
        let more = match owners.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" (or one of {n} more)"),
        };
        format!("write {choices}{more} where you mean one of them, or make the name unique")
    }

    /// Names shared by two or more entities, with the refs that share them.
    pub fn ambiguous_names(&self, dossier: &Dossier) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = self
            .by_name
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(name, ids)| {
                (
                    name.clone(),
                    ids.iter()
                        .map(|i| dossier.ref_of(SourceRef::Entity(*i)))
                        .collect(),
                )
            })
            .collect();
        out.sort();
        out
    }
}
