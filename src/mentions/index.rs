//! The mention index: who appears where, who is related to whom.
//!
//! Built once per build from what each rendered body recorded plus the
//! references written in front-matter. Every list is computed in one pass
//! over the sources (no loop over entities per page), so the index grows
//! linearly with the dossier; "related" is counted per entity from the
//! articles it appears in, never over all pairs of entities.

use std::cmp::Reverse;

use rayon::prelude::*;

use crate::body::{MarkedSentence, RenderedBody};
use crate::content::{Entity, Kind};
use crate::diagnostics::Diagnostic;
use crate::dossier::{Dossier, SourceRef};

/// How many related entities an entity page lists.
pub const RELATED_LIMIT: usize = 12;

/// One source naming or listing one entity.
#[derive(Clone, Debug)]
pub struct Appearance {
    pub source: SourceRef,
    /// Mentions in the text, wikilinks included; 0 when only listed.
    pub count: u32,
    pub sentence: Option<MarkedSentence>,
}

/// Everything entity and article pages show about connections.
#[derive(Debug, Default)]
pub struct MentionIndex {
    /// Per source, in [`Dossier::sources`] order: the entities it names or lists,
    /// by entity index.
    pub by_source: Vec<(SourceRef, Vec<SourceMention>)>,
    /// Per entity: where it appears, newest first.
    pub appears_in: Vec<Vec<Appearance>>,
    /// Per entity: related entities and the number of shared articles, best first.
    pub related: Vec<Vec<(usize, u32)>>,
    /// Per entity: (article, quote index) it is quoted in.
    pub quotes_by: Vec<Vec<(usize, usize)>>,
    /// Per event: (article, claim index) of claims about it.
    pub claims_about: Vec<Vec<(usize, usize)>>,
    /// Per entity: (article, claim index) of claims it made.
    pub claims_by: Vec<Vec<(usize, usize)>>,
    /// Per entity: places `within` it, events `part_of` it.
    pub children: Vec<Vec<usize>>,
    /// Per article: the entities it names or lists, by kind then name.
    pub article_entities: Vec<Vec<usize>>,
}

/// One entity as seen from one source.
#[derive(Clone, Debug)]
pub struct SourceMention {
    pub entity: usize,
    pub count: u32,
    pub sentence: Option<MarkedSentence>,
}

impl MentionIndex {
    /// Gathers the index. `bodies` are in [`Dossier::sources`] order.
    /// Returns it with its warnings (quotes not found in their article).
    pub fn build(dossier: &Dossier, bodies: &[RenderedBody]) -> (MentionIndex, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let n = dossier.entities.len();
        let sources: Vec<SourceRef> = dossier.sources().collect();
        let by_source: Vec<(SourceRef, Vec<SourceMention>)> = sources
            .par_iter()
            .zip(bodies.par_iter())
            .map(|(source, body)| (*source, appearances_of(dossier, *source, body)))
            .collect();

        // Each entity's appearances, gathered in parallel: first where
        // each entity's run starts in a list of (source, mention) grouped
        // by entity, in source order within a group.
        let mut starts = vec![0usize; n + 1];
        for (_, list) in &by_source {
            for m in list {
                starts[m.entity + 1] += 1;
            }
        }
        for e in 0..n {
            starts[e + 1] += starts[e];
        }
        let mut grouped = vec![(0u32, 0u32); starts[n]];
        let mut next = starts.clone();
        for (s, (_, list)) in by_source.iter().enumerate() {
            for (m, mention) in list.iter().enumerate() {
                grouped[next[mention.entity]] = (s as u32, m as u32);
                next[mention.entity] += 1;
            }
        }
        let appears_in: Vec<Vec<Appearance>> = (0..n)
            .into_par_iter()
            .map(|e| {
                let mut list: Vec<Appearance> = grouped[starts[e]..starts[e + 1]]
                    .iter()
                    .map(|&(s, m)| {
                        let (source, mentions) = &by_source[s as usize];
                        let mention = &mentions[m as usize];
                        Appearance {
                            source: *source,
                            count: mention.count,
                            sentence: mention.sentence.clone(),
                        }
                    })
                    .collect();
                list.sort_by_cached_key(|a| newest_first_key(dossier, a.source));
                list
            })
            .collect();

        let article_entities: Vec<Vec<usize>> = by_source
            .par_iter()
            .filter(|(s, _)| matches!(s, SourceRef::Article(_)))
            .map(|(_, list)| {
                let mut ids: Vec<usize> = list.iter().map(|a| a.entity).collect();
                ids.sort_by(|a, b| entity_order(&dossier.entities[*a], &dossier.entities[*b]));
                ids
            })
            .collect();

        let mut articles_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (article, ids) in article_entities.iter().enumerate() {
            for &e in ids {
                articles_of[e].push(article);
            }
        }
        let rank = name_ranks(dossier);
        let related: Vec<Vec<(usize, u32)>> = (0..n)
            .into_par_iter()
            .map_init(
                || SharedCounts::new(&rank),
                |counts, e| counts.related(e, &articles_of[e], &article_entities),
            )
            .collect();

        let mut quotes_by = vec![Vec::new(); n];
        let mut claims_about = vec![Vec::new(); n];
        let mut claims_by = vec![Vec::new(); n];
        for (ai, article) in dossier.articles.iter().enumerate() {
            for (qi, quote) in article.quotes.iter().enumerate() {
                if let Ok(Some(e)) = dossier.resolve(&quote.by, &[Kind::Person, Kind::Organization])
                {
                    quotes_by[e].push((ai, qi));
                }
            }
            if let Some(body) = bodies.get(ai) {
                check_quotes(dossier, ai, body, &mut diagnostics);
            }
            for (ci, claim) in article.claims.iter().enumerate() {
                if let Ok(Some(e)) = dossier.resolve(&claim.by, &Kind::ALL) {
                    claims_by[e].push((ai, ci));
                }
                if let Some(e) = dossier.entity_index(Kind::Event, &claim.about) {
                    claims_about[e].push((ai, ci));
                }
            }
        }

        let mut children = vec![Vec::new(); n];
        for (i, e) in dossier.entities.iter().enumerate() {
            let parent = match e.kind {
                Kind::Place => e
                    .within
                    .as_deref()
                    .and_then(|p| dossier.entity_index(Kind::Place, p)),
                Kind::Event => e
                    .part_of
                    .as_deref()
                    .and_then(|p| dossier.entity_index(Kind::Event, p)),
                _ => None,
            };
            if let Some(p) = parent {
                children[p].push(i);
            }
        }
        for list in &mut children {
            list.sort_by(|a, b| entity_order(&dossier.entities[*a], &dossier.entities[*b]));
        }

        let index = MentionIndex {
            by_source,
            appears_in,
            related,
            quotes_by,
            claims_about,
            claims_by,
            children,
            article_entities,
        };
        (index, diagnostics)
    }
}

/// One entity's "Appears in" and related lists, as they were before an
/// [`MentionIndex::update`].
#[derive(Debug)]
pub struct EntityLists {
    pub entity: usize,
    pub appears_in: Vec<Appearance>,
    pub related: Vec<(usize, u32)>,
}

impl MentionIndex {
    /// Brings the index up to date after the bodies of the sources at
    /// `changed` (positions in [`Dossier::sources`] order) were rendered
    /// again, front-matter unchanged, for serve's incremental rebuild. The
    /// result equals a fresh [`MentionIndex::build`]. Returns the entities
    /// whose lists changed (those the changed sources name, before or
    /// after), with their "Appears in" and related lists as they were, and
    /// the quote warnings of the changed articles.
    pub fn update(
        &mut self,
        dossier: &Dossier,
        bodies: &[RenderedBody],
        changed: &[usize],
    ) -> (Vec<EntityLists>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut touched: std::collections::BTreeSet<usize> = Default::default();
        for &at in changed {
            let source = self.by_source[at].0;
            let list = appearances_of(dossier, source, &bodies[at]);
            touched.extend(self.by_source[at].1.iter().map(|m| m.entity));
            touched.extend(list.iter().map(|m| m.entity));
            self.by_source[at].1 = list;
        }
        let before: Vec<EntityLists> = touched
            .iter()
            .map(|&e| EntityLists {
                entity: e,
                appears_in: self.appears_in[e].clone(),
                related: self.related[e].clone(),
            })
            .collect();
        let changed_sources: Vec<SourceRef> =
            changed.iter().map(|&at| self.by_source[at].0).collect();
        // Per changed source, where each entity sits in its list: a source
        // may name thousands.
        let at_of: Vec<std::collections::HashMap<usize, usize>> = changed
            .iter()
            .map(|&at| {
                let mentions = &self.by_source[at].1;
                mentions
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(k, m)| (m.entity, k))
                    .collect()
            })
            .collect();
        for &e in &touched {
            let list = &mut self.appears_in[e];
            list.retain(|a| !changed_sources.contains(&a.source));
            for (&at, slots) in changed.iter().zip(&at_of) {
                let (source, mentions) = &self.by_source[at];
                if let Some(m) = slots.get(&e).map(|&k| &mentions[k]) {
                    list.push(Appearance {
                        source: *source,
                        count: m.count,
                        sentence: m.sentence.clone(),
                    });
                }
            }
            // A full build sorts a list gathered in source order with a
            // stable sort: the position breaks ties the same way.
            list.sort_by_cached_key(|a| {
                (
                    newest_first_key(dossier, a.source),
                    dossier.position(a.source),
                )
            });
        }
        for &at in changed {
            if let (SourceRef::Article(i), list) = &self.by_source[at] {
                let mut ids: Vec<usize> = list.iter().map(|a| a.entity).collect();
                ids.sort_by(|a, b| entity_order(&dossier.entities[*a], &dossier.entities[*b]));
                self.article_entities[*i] = ids;
            }
        }
        let mut articles_of: std::collections::BTreeMap<usize, Vec<usize>> =
            touched.iter().map(|&e| (e, Vec::new())).collect();
        for (article, ids) in self.article_entities.iter().enumerate() {
            for e in ids {
                if let Some(list) = articles_of.get_mut(e) {
                    list.push(article);
                }
            }
        }
        let rank = name_ranks(dossier);
        let mut counts = SharedCounts::new(&rank);
        for (e, articles) in articles_of {
            self.related[e] = counts.related(e, &articles, &self.article_entities);
        }
        for &at in changed {
            if let SourceRef::Article(ai) = self.by_source[at].0 {
                check_quotes(dossier, ai, &bodies[at], &mut diagnostics);
            }
        }
        (before, diagnostics)
    }
}

/// Warns about each quote of article `ai` that its rendered `body` does
/// not contain.
fn check_quotes(
    dossier: &Dossier,
    ai: usize,
    body: &RenderedBody,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let article = &dossier.articles[ai];
    // Most articles carry no quotes: their text is not normalized.
    if article.quotes.is_empty() {
        return;
    }
    let plain = normalize_quotes(&body.plain);
    for quote in &article.quotes {
        if !plain.contains(&normalize_quotes(&quote.text)) {
            let location = article.source.locate(
                "quotes",
                Some(quote.text.chars().take(30).collect::<String>().as_str()),
            );
            diagnostics.push(
                Diagnostic::warning("quote not found in the article's text")
                    .in_file(&article.source.file)
                    .at(location)
                    .hint("copy the words exactly as the article prints them"),
            );
        }
    }
}

/// Entities a source names in its text, then those it only lists in front-matter.
fn appearances_of(dossier: &Dossier, source: SourceRef, body: &RenderedBody) -> Vec<SourceMention> {
    let mut list: Vec<SourceMention> = body
        .mentions
        .iter()
        .map(|m| SourceMention {
            entity: m.entity,
            count: m.count,
            sentence: m.sentence.clone(),
        })
        .collect();
    let mut seen: std::collections::HashSet<usize> = list.iter().map(|m| m.entity).collect();
    let mut listed = |e: Option<usize>| {
        if let Some(e) = e {
            if source != SourceRef::Entity(e) && seen.insert(e) {
                list.push(SourceMention {
                    entity: e,
                    count: 0,
                    sentence: None,
                });
            }
        }
    };
    match source {
        SourceRef::Article(i) => {
            let a = &dossier.articles[i];
            for kind in Kind::ALL {
                for id in a.refs.of(kind) {
                    listed(dossier.entity_index(kind, id));
                }
            }
            for q in &a.quotes {
                listed(
                    dossier
                        .resolve(&q.by, &[Kind::Person, Kind::Organization])
                        .ok()
                        .flatten(),
                );
            }
            for c in &a.claims {
                listed(dossier.resolve(&c.by, &Kind::ALL).ok().flatten());
                listed(dossier.entity_index(Kind::Event, &c.about));
            }
        }
        SourceRef::Entity(i) => {
            let e = &dossier.entities[i];
            let one = |kind: Kind, id: &Option<String>| {
                id.as_deref().and_then(|id| dossier.entity_index(kind, id))
            };
            listed(one(Kind::Place, &e.country));
            listed(one(Kind::Place, &e.within));
            listed(one(Kind::Event, &e.part_of));
            for id in &e.organizations {
                listed(dossier.entity_index(Kind::Organization, id));
            }
            for id in &e.places {
                listed(dossier.entity_index(Kind::Place, id));
            }
            for id in &e.people {
                listed(dossier.entity_index(Kind::Person, id));
            }
        }
        SourceRef::Page(_) => {}
    }
    list
}

/// Sort key for "newest first": dated sources by date descending, then
/// undated ones by title.
fn newest_first_key(
    dossier: &Dossier,
    source: SourceRef,
) -> (u8, Reverse<Option<&crate::content::PartialDate>>, &str) {
    match source {
        SourceRef::Article(i) => {
            let a = &dossier.articles[i];
            (0, Reverse(Some(&a.date)), &a.id)
        }
        SourceRef::Entity(i) => {
            let e = &dossier.entities[i];
            (1, Reverse(e.date.as_ref()), &e.name)
        }
        SourceRef::Page(i) => (2, Reverse(None), &dossier.pages[i].id),
    }
}

/// Entities in reading order: by kind, then name.
pub fn entity_order(a: &Entity, b: &Entity) -> std::cmp::Ordering {
    (a.kind, &a.name, &a.id).cmp(&(b.kind, &b.name, &b.id))
}

/// Each entity's place in the order of names (ties by index), so that
/// ranking related entities compares two numbers, not two names.
fn name_ranks(dossier: &Dossier) -> Vec<u32> {
    let mut order: Vec<usize> = (0..dossier.entities.len()).collect();
    order.sort_by(|&a, &b| dossier.entities[a].name.cmp(&dossier.entities[b].name));
    let mut rank = vec![0u32; order.len()];
    for (r, e) in order.into_iter().enumerate() {
        rank[e] = r as u32;
    }
    rank
}

/// Counts, one entity at a time, the articles it shares with each other
/// entity. The counters are kept between entities and only those touched
/// are reset, so an entity costs time in the lists it reads, never in the
/// size of the dossier, and it keeps only its [`RELATED_LIMIT`] best: an
/// article listing thousands of entities leaves each of them twelve
/// related, not thousands (a build once held every pair in memory).
struct SharedCounts<'a> {
    /// From [`name_ranks`].
    rank: &'a [u32],
    counts: Vec<u32>,
    touched: Vec<usize>,
}

impl<'a> SharedCounts<'a> {
    fn new(rank: &'a [u32]) -> SharedCounts<'a> {
        SharedCounts {
            rank,
            counts: vec![0; rank.len()],
            touched: Vec::new(),
        }
    }

    /// The entities that share the most of `articles` (those `entity` is
    /// in) with `entity`, best first: highest count, then name, then index.
    fn related(
        &mut self,
        entity: usize,
        articles: &[usize],
        article_entities: &[Vec<usize>],
    ) -> Vec<(usize, u32)> {
        for &a in articles {
            for &o in &article_entities[a] {
                if o != entity {
                    if self.counts[o] == 0 {
                        self.touched.push(o);
                    }
                    self.counts[o] += 1;
                }
            }
        }
        let mut counted: Vec<(usize, u32)> = self
            .touched
            .drain(..)
            .map(|o| (o, std::mem::take(&mut self.counts[o])))
            .collect();
        let rank = self.rank;
        let best_first = |a: &(usize, u32)| (Reverse(a.1), rank[a.0]);
        if counted.len() > RELATED_LIMIT {
            counted.select_nth_unstable_by_key(RELATED_LIMIT - 1, best_first);
            counted.truncate(RELATED_LIMIT);
        }
        counted.sort_unstable_by_key(best_first);
        counted.shrink_to_fit();
        counted
    }
}

/// Folds typographic quotes and apostrophes to straight ones, every dash to
/// one `-` (`--`, `–`, `—` alike), `…` to `...`, and runs of white space to
/// one space, so a quote matches its article however either was typed: the
/// body went through smart punctuation, the quote in front-matter did not.
pub fn normalize_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            '…' => {
                out.push_str("...");
                space = false;
                continue;
            }
            // Invisible characters pasted from the web.
            '\u{00ad}' | '\u{2060}' | '\u{feff}' => continue,
            '\u{200b}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else if c == '-' && out.ends_with('-') && !space {
            // `--` and `---` are typed dashes: one `-`, like `–` and `—`.
        } else {
            out.push(c);
            space = false;
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_ellipses_and_spaces_fold_alike() {
        for (a, b) in [
            ("wait... and see", "wait… and see"),
            ("yes -- no", "yes – no"),
            ("yes---no", "yes—no"),
            ("yes - no", "yes — no"),
            ("one\n  two\u{a0}three", "one two three"),
        ] {
            assert_eq!(normalize_quotes(a), normalize_quotes(b), "{a:?} vs {b:?}");
        }
        assert_ne!(normalize_quotes("a-b"), normalize_quotes("a b"));
    }

    #[test]
    fn quotes_match_across_typography() {
        assert_eq!(
            normalize_quotes("“We don’t  want him,” she said"),
            normalize_quotes("\"We don't want him,\" she said")
        );
    }
}
