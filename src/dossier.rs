//! The loaded dossier: articles, entities and pages, and the indexes over them.
//!
//! [`Dossier::assemble`] takes what [`crate::content`] read file by file and
//! checks everything that spans files: duplicate ids, references to ids that
//! do not exist (with the closest id as a hint), `within`/`part_of` cycles,
//! page ids that would collide with the site's own URLs. Drafts are dropped
//! here unless the build asked for them. After assembly every reference
//! resolves, so later steps look ids up without checking again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::load::LoadedContent;
use crate::content::{Article, Entity, Kind, Page, Source};
use crate::diagnostics::{closest, Diagnostic};

/// URL segments the site uses itself; a free page may not take them.
pub const RESERVED_PAGE_IDS: &[&str] = &[
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
    "search-index",
    "static",
    "404",
];

/// A reference to one piece of content, by index into the dossier's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceRef {
    Article(usize),
    Entity(usize),
    Page(usize),
}

/// All content of one build, validated.
#[derive(Debug)]
pub struct Dossier {
    pub config: SiteConfig,
    pub root: PathBuf,
    /// Newest first; ties by id.
    pub articles: Vec<Article>,
    /// By kind, then id.
    pub entities: Vec<Entity>,
    /// By id.
    pub pages: Vec<Page>,
    pub home: Option<Page>,
    /// One map per kind, in `Kind::ALL` order, so lookups borrow the id.
    entity_index: [HashMap<String, usize>; 4],
    article_index: HashMap<String, usize>,
    page_index: HashMap<String, usize>,
}

impl Dossier {
    /// Checks cross-file rules and builds the indexes. Returns the dossier
    /// and every error found; the dossier is only usable when there are none.
    pub fn assemble(
        config: SiteConfig,
        root: &Path,
        content: LoadedContent,
    ) -> (Dossier, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let drafts = config.build.drafts;
        let LoadedContent {
            mut articles,
            mut entities,
            mut pages,
            home,
            failed_entities,
        } = content;
        let draft_entities: Vec<(Kind, String)> = entities
            .iter()
            .filter(|e| e.draft)
            .map(|e| (e.kind, e.id.clone()))
            .collect();
        if !drafts {
            articles.retain(|a| !a.draft);
            entities.retain(|e| !e.draft);
            pages.retain(|p| !p.draft);
        }
        let home = home.filter(|h| drafts || !h.draft);
        for a in &mut articles {
            for (kind, ids) in [
                (Kind::Person, &mut a.refs.people),
                (Kind::Place, &mut a.refs.places),
                (Kind::Event, &mut a.refs.events),
                (Kind::Organization, &mut a.refs.organizations),
            ] {
                ids.iter_mut().for_each(|id| strip_own_kind(kind, id));
            }
            for c in &mut a.claims {
                strip_own_kind(Kind::Event, &mut c.about);
            }
        }
        for e in &mut entities {
            for (kind, id) in [
                (Kind::Place, e.country.as_mut()),
                (Kind::Place, e.within.as_mut()),
                (Kind::Event, e.part_of.as_mut()),
            ] {
                if let Some(id) = id {
                    strip_own_kind(kind, id);
                }
            }
            for (kind, ids) in [
                (Kind::Organization, &mut e.organizations),
                (Kind::Place, &mut e.places),
                (Kind::Person, &mut e.people),
            ] {
                ids.iter_mut().for_each(|id| strip_own_kind(kind, id));
            }
        }
        articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        entities.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        pages.sort_by(|a, b| a.id.cmp(&b.id));

        let mut entity_index: [HashMap<String, usize>; 4] = Default::default();
        for (i, e) in entities.iter().enumerate() {
            let map = &mut entity_index[kind_slot(e.kind)];
            if let Some(&first) = map.get(&e.id) {
                diagnostics.push(duplicate(
                    &entities[first].source.file,
                    &e.source.file,
                    &e.id,
                ));
            } else {
                map.insert(e.id.clone(), i);
            }
        }
        let mut article_index: HashMap<String, usize> = HashMap::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            if let Some(&first) = article_index.get(&a.id) {
                diagnostics.push(duplicate(
                    &articles[first].source.file,
                    &a.source.file,
                    &a.id,
                ));
            } else {
                article_index.insert(a.id.clone(), i);
            }
        }
        let mut page_index: HashMap<String, usize> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if RESERVED_PAGE_IDS.contains(&p.id.as_str()) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "page id `{}` is taken by the site's own /{}/ pages",
                        p.id, p.id
                    ))
                    .in_file(&p.source.file)
                    .hint(format!("rename the file, e.g. `about-{}.md`", p.id)),
                );
            }
            if let Some(&first) = page_index.get(&p.id) {
                diagnostics.push(duplicate(&pages[first].source.file, &p.source.file, &p.id));
            } else {
                page_index.insert(p.id.clone(), i);
            }
        }
        let dossier = Dossier {
            config,
            root: root.to_path_buf(),
            articles,
            entities,
            pages,
            home,
            entity_index,
            article_index,
            page_index,
        };
        diagnostics.extend(RefChecker::check_all(
            &dossier,
            &draft_entities,
            &failed_entities,
        ));
        (dossier, diagnostics)
    }

    /// The entity of `kind` with `id`, by index.
    pub fn entity_index(&self, kind: Kind, id: &str) -> Option<usize> {
        self.entity_index[kind_slot(kind)].get(id).copied()
    }

    pub fn entity(&self, kind: Kind, id: &str) -> Option<&Entity> {
        self.entity_index(kind, id).map(|i| &self.entities[i])
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.article_index.get(id).copied()
    }

    pub fn page_index(&self, id: &str) -> Option<usize> {
        self.page_index.get(id).copied()
    }

    /// Resolves `id` or `kind/id` among the given kinds. `Err` holds the
    /// kinds that all have that id when a bare id is ambiguous.
    pub fn resolve(&self, reference: &str, kinds: &[Kind]) -> Result<Option<usize>, Vec<Kind>> {
        if let Some((kind, id)) = reference.split_once('/') {
            return Ok(Kind::from_name(kind)
                .filter(|k| kinds.contains(k))
                .and_then(|k| self.entity_index(k, id)));
        }
        let mut found = kinds
            .iter()
            .filter_map(|k| self.entity_index(*k, reference));
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some(one), None) => Ok(Some(one)),
            (Some(a), Some(b)) => Err([a, b]
                .into_iter()
                .chain(found)
                .map(|i| self.entities[i].kind)
                .collect()),
        }
    }

    /// Site-relative URL path of a piece of content, with `base_url`'s path.
    pub fn path_of(&self, source: SourceRef) -> String {
        let base = &self.config.base_path;
        match source {
            SourceRef::Article(i) => format!("{base}articles/{}/", self.articles[i].id),
            SourceRef::Entity(i) => {
                let e = &self.entities[i];
                format!("{base}{}/{}/", e.kind.folder(), e.id)
            }
            SourceRef::Page(i) => format!("{base}{}/", self.pages[i].id),
        }
    }

    /// `kind/id` form used in `dossier.json` (e.g. `people/nicolas-maduro`).
    pub fn ref_of(&self, source: SourceRef) -> String {
        match source {
            SourceRef::Article(i) => format!("articles/{}", self.articles[i].id),
            SourceRef::Entity(i) => {
                let e = &self.entities[i];
                format!("{}/{}", e.kind.folder(), e.id)
            }
            SourceRef::Page(i) => format!("pages/{}", self.pages[i].id),
        }
    }

    /// Title or name of a piece of content.
    pub fn title_of(&self, source: SourceRef) -> &str {
        match source {
            SourceRef::Article(i) => &self.articles[i].title,
            SourceRef::Entity(i) => &self.entities[i].name,
            SourceRef::Page(i) => self.pages[i].title.as_deref().unwrap_or(&self.pages[i].id),
        }
    }

    /// Every source whose body is searched for mentions, in a fixed order:
    /// articles, entities, pages.
    pub fn sources(&self) -> impl Iterator<Item = SourceRef> {
        (0..self.articles.len())
            .map(SourceRef::Article)
            .chain((0..self.entities.len()).map(SourceRef::Entity))
            .chain((0..self.pages.len()).map(SourceRef::Page))
    }

    /// The position of `source` in [`Dossier::sources`] order, where lists
    /// kept per source (the rendered bodies) find it.
    pub fn position(&self, source: SourceRef) -> usize {
        match source {
            SourceRef::Article(i) => i,
            SourceRef::Entity(i) => self.articles.len() + i,
            SourceRef::Page(i) => self.articles.len() + self.entities.len() + i,
        }
    }

    /// Where `source` was loaded from.
    pub fn source(&self, source: SourceRef) -> &Source {
        match source {
            SourceRef::Article(i) => &self.articles[i].source,
            SourceRef::Entity(i) => &self.entities[i].source,
            SourceRef::Page(i) => &self.pages[i].source,
        }
    }

    /// The markdown body of `source` (empty once a build released it).
    pub fn body(&self, source: SourceRef) -> &str {
        match source {
            SourceRef::Article(i) => &self.articles[i].body,
            SourceRef::Entity(i) => &self.entities[i].body,
            SourceRef::Page(i) => &self.pages[i].body,
        }
    }

    /// The markdown body of `source`, to replace or release.
    pub fn body_mut(&mut self, source: SourceRef) -> &mut String {
        match source {
            SourceRef::Article(i) => &mut self.articles[i].body,
            SourceRef::Entity(i) => &mut self.entities[i].body,
            SourceRef::Page(i) => &mut self.pages[i].body,
        }
    }

    /// The source loaded from `file` (relative to the root), if any.
    pub fn source_at(&self, file: &Path) -> Option<SourceRef> {
        self.sources().find(|s| self.source(*s).file == file)
    }

    pub fn entities_of(&self, kind: Kind) -> impl Iterator<Item = (usize, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind)
    }
}

/// Turns `people/ana-nunez` (or `person/ana-nunez`) written in a field that
/// only holds people into the bare id, so every later step, which looks ids
/// up by the field's kind, sees the same thing whichever way it was written.
/// A prefix naming another kind is left for the reference check to report.
fn strip_own_kind(kind: Kind, reference: &mut String) {
    if let Some((prefix, id)) = reference.split_once('/') {
        if Kind::from_name(prefix) == Some(kind) {
            *reference = id.to_string();
        }
    }
}

fn kind_slot(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Place => 1,
        Kind::Event => 2,
        Kind::Organization => 3,
    }
}

fn duplicate(first: &Path, second: &Path, id: &str) -> Diagnostic {
    Diagnostic::error(format!("duplicate id `{id}`: also used by {}", first.display()))
        .in_file(second)
        .hint("ids come from file names and must be unique within a kind, sub-folders included; rename one file")
}

/// Checks that every reference names content that exists, one file at a
/// time.
struct RefChecker<'a> {
    dossier: &'a Dossier,
    draft_entities: &'a HashSet<(Kind, &'a str)>,
    failed_entities: &'a HashSet<(Kind, &'a str)>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> RefChecker<'a> {
    /// Every reference of every article and entity, in parallel; the
    /// errors in content order.
    fn check_all(
        dossier: &'a Dossier,
        draft_entities: &'a [(Kind, String)],
        failed_entities: &'a [(Kind, String)],
    ) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        // Sets, so that a file listing thousands of ids checks each in
        // constant time.
        let by_id = |list: &'a [(Kind, String)]| -> HashSet<(Kind, &'a str)> {
            list.iter().map(|(k, id)| (*k, id.as_str())).collect()
        };
        let (draft_entities, failed_entities) = (&by_id(draft_entities), &by_id(failed_entities));
        let checker = || RefChecker {
            dossier,
            draft_entities,
            failed_entities,
            diagnostics: Vec::new(),
        };
        let articles = dossier.articles.par_iter().flat_map_iter(|a| {
            let mut c = checker();
            c.check_article(a);
            c.diagnostics
        });
        let entities = dossier.entities.par_iter().flat_map_iter(|e| {
            let mut c = checker();
            c.check_entity(e);
            c.diagnostics
        });
        articles.chain(entities).collect()
    }

    fn check_article(&mut self, a: &Article) {
        for kind in Kind::ALL {
            for id in a.refs.of(kind) {
                self.expect(&a.source, kind.folder(), id, &[kind]);
            }
        }
        for q in &a.quotes {
            self.expect(&a.source, "by", &q.by, &[Kind::Person, Kind::Organization]);
        }
        for c in &a.claims {
            self.expect(&a.source, "by", &c.by, &Kind::ALL);
            self.expect(&a.source, "about", &c.about, &[Kind::Event]);
        }
    }

    fn check_entity(&mut self, e: &Entity) {
        let file = &e.source;
        if let Some(country) = &e.country {
            self.expect(file, "country", country, &[Kind::Place]);
        }
        for id in &e.organizations {
            self.expect(file, "organizations", id, &[Kind::Organization]);
        }
        for id in &e.places {
            self.expect(file, "places", id, &[Kind::Place]);
        }
        for id in &e.people {
            self.expect(file, "people", id, &[Kind::Person]);
        }
        if let Some(within) = &e.within {
            if self.expect(file, "within", within, &[Kind::Place]) {
                self.check_cycle(e, "within", |x| x.within.as_deref());
            }
        }
        if let Some(part_of) = &e.part_of {
            if self.expect(file, "part_of", part_of, &[Kind::Event]) {
                self.check_cycle(e, "part_of", |x| x.part_of.as_deref());
            }
        }
    }

    /// Reports an error unless `reference` resolves among `kinds`; returns whether it did.
    fn expect(&mut self, source: &Source, key: &str, reference: &str, kinds: &[Kind]) -> bool {
        let d = self.dossier;
        let file = &source.file;
        // The kinds that hold the id, when more than one does.
        let several = match d.resolve(reference, kinds) {
            Ok(Some(_)) => return true,
            Ok(None) => None,
            Err(found) => Some(found),
        };
        // Worded only for an error.
        let kind_words: Vec<&str> = kinds.iter().map(|k| k.singular()).collect();
        let kind_words = kind_words.join(" or ");
        match several {
            None => {
                let bare = reference.rsplit('/').next().unwrap_or(reference);
                let other_kind = reference
                    .split_once('/')
                    .and_then(|(prefix, _)| Kind::from_name(prefix))
                    .filter(|k| !kinds.contains(k));
                if let Some(other) = other_kind {
                    let location = source.locate(key, Some(reference));
                    self.diagnostics.push(
                        Diagnostic::error(format!(
                            "`{key}` holds {kind_words} ids, and `{reference}` names {} {}",
                            if other == Kind::Person || other == Kind::Place { "a" } else { "an" },
                            other.singular()
                        ))
                        .in_file(file)
                        .at(location)
                        .hint(format!(
                            "write the {kind_words}'s id here, or move `{bare}` to a field that holds {} ids",
                            other.singular()
                        )),
                    );
                    return false;
                }
                let failed = kinds
                    .iter()
                    .any(|k| self.failed_entities.contains(&(*k, bare)));
                if failed {
                    // Its own file's errors are already reported.
                    return false;
                }
                let is_draft = kinds
                    .iter()
                    .any(|k| self.draft_entities.contains(&(*k, bare)));
                let location = source.locate(key, Some(reference));
                let mut diag =
                    Diagnostic::error(format!("`{key}`: no {kind_words} with id `{reference}`"))
                        .in_file(file)
                        .at(location);
                if is_draft {
                    diag = diag.hint(format!(
                        "`{bare}` is a draft; publish it or build with --drafts"
                    ));
                } else {
                    let candidates = d
                        .entities
                        .iter()
                        .filter(|e| kinds.contains(&e.kind))
                        .map(|e| e.id.as_str());
                    diag = match closest(bare, candidates) {
                        Some(best) => diag.hint(format!("did you mean `{best}`?")),
                        None => diag.hint(format!(
                            "create content/{}/{bare}.md or fix the id",
                            kinds[0].folder()
                        )),
                    };
                }
                self.diagnostics.push(diag);
                false
            }
            Some(found) => {
                let location = source.locate(key, Some(reference));
                let options: Vec<String> = found
                    .iter()
                    .map(|k| format!("{}/{reference}", k.folder()))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{key}`: `{reference}` is the id of more than one {kind_words}"
                    ))
                    .in_file(file)
                    .at(location)
                    .hint(format!("write one of: {}", options.join(", "))),
                );
                false
            }
        }
    }

    fn check_cycle(&mut self, start: &Entity, key: &str, next: impl Fn(&Entity) -> Option<&str>) {
        let d = self.dossier;
        let mut current = start;
        for _ in 0..=d.entities.len() {
            let Some(parent) = next(current).and_then(|id| d.entity(start.kind, id)) else {
                return;
            };
            if parent.id == start.id {
                let location = start.source.locate(key, next(start));
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{key}` makes a cycle: `{}` ends up inside itself",
                        start.id
                    ))
                    .in_file(&start.source.file)
                    .at(location)
                    .hint(format!(
                        "point `{key}` at a larger {}",
                        start.kind.singular()
                    )),
                );
                return;
            }
            current = parent;
        }
    }
}
