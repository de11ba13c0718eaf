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

use std::collections::HashMap;

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
        }
    }

    /// Whether matches of entity `i` are linked and counted.
    pub fn is_linkable(&self, i: usize) -> bool {
        self.linkable.get(i).copied().unwrap_or(false)
    }

    /// Resolves the target of `[[target]]`: `kind/id` (also `articles/id`
    /// and `pages/id`), an entity id, a name or alias, then a page or
    /// article id.
    pub fn resolve_wikilink(
        &self,
        dossier: &Dossier,
        target: &str,
    ) -> Result<SourceRef, WikilinkError> {
        let target = target.trim();
        if let Some((kind, id)) = target.split_once('/') {
            let found = match kind {
                "articles" | "article" => dossier.article_index(id).map(SourceRef::Article),
                "pages" | "page" => dossier.page_index(id).map(SourceRef::Page),
                _ => Kind::from_name(kind)
                    .and_then(|k| dossier.entity_index(k, id))
                    .map(SourceRef::Entity),
            };
            if let Some(found) = found {
                return Ok(found);
            }
        }
        if let Some(ids) = self.by_id.get(target) {
            return match ids.as_slice() {
                [one] => Ok(SourceRef::Entity(*one)),
                many => Err(self.ambiguous(dossier, target, many)),
            };
        }
        if let Some(ids) = self.by_name.get(&fold(target).text) {
            return match ids.as_slice() {
                [one] => Ok(SourceRef::Entity(*one)),
                many => Err(self.ambiguous(dossier, target, many)),
            };
        }
        if let Some(page) = dossier.page_index(target) {
            return Ok(SourceRef::Page(page));
        }
        if let Some(article) = dossier.article_index(target) {
            return Ok(SourceRef::Article(article));
        }
        let names = dossier.entities.iter().flat_map(|e| e.names());
        let ids = dossier.entities.iter().map(|e| e.id.as_str());
        // Double brackets that were never meant as a link (a TOML table
        // `[[menus.main]]`, another tool's `[[_TOC_]]`) are text once the
        // first bracket is escaped.
        let literal = format!("write \\[[{target}]] to show the brackets as text");
        let hint = closest(target, names.chain(ids))
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
