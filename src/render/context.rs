//! Every page's context: what each template of SPEC §5 is given.
//!
//! One method per kind of page builds the page's small context from the
//! dossier, the mention index and the rendered bodies (through the views in
//! [`super::pages`]), renders its template and writes it. A new field in a
//! context and the rule of which edits reach it belong together: see
//! [`pages_showing`] at the end of this file.

use std::collections::BTreeSet;

use serde::Serialize;

use super::pages::*;
use super::{figures, page_file, print, write, Job, Sink, SiteRenderer};
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::MentionIndex;

impl SiteRenderer<'_> {
    pub(super) fn home(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let base = &d.config.base_path;
        let title = d
            .home
            .as_ref()
            .and_then(|h| h.title.as_deref())
            .unwrap_or(&d.config.title);
        let description = d
            .home
            .as_ref()
            .and_then(|h| h.summary.as_deref())
            .or(d.config.description.as_deref());
        let mut context = self.context(title, description, base, None, "home");
        let mut people: Vec<usize> = d.entities_of(Kind::Person).map(|(i, _)| i).collect();
        people.sort_by(|a, b| {
            self.index.appears_in[*b]
                .len()
                .cmp(&self.index.appears_in[*a].len())
                .then_with(|| d.entities[*a].name.cmp(&d.entities[*b].name))
        });
        people.truncate(8);
        let people: Vec<EntityItem> = people
            .iter()
            .map(|i| entity_item(d, self.index, *i))
            .collect();
        let latest: Vec<ArticleItem> = (0..d.articles.len().min(10))
            .map(|i| article_item(d, i))
            .collect();
        let mut events: Vec<usize> = d.entities_of(Kind::Event).map(|(i, _)| i).collect();
        events.sort_by(|a, b| d.entities[*b].date.cmp(&d.entities[*a].date));
        events.truncate(6);
        let events: Vec<EntityItem> = events
            .iter()
            .map(|i| entity_item(d, self.index, *i))
            .collect();
        context.insert("intro_html", &self.bodies.home_html);
        context.insert("key_people", &people);
        context.insert("latest_articles", &latest);
        context.insert("recent_events", &events);
        context.insert("article_count", &d.articles.len());
        self.page(sink, "home.html", base, &context)
    }

    pub(super) fn article_index(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}articles/", d.config.base_path);
        let mut context = self.context("Articles", None, &path, None, "list");
        let items: Vec<ArticleItem> = (0..d.articles.len()).map(|i| article_item(d, i)).collect();
        context.insert("heading", "Articles");
        context.insert("intro", "Every source of the dossier, newest first.");
        context.insert("articles", &items);
        context.insert("entities", &Vec::<EntityItem>::new());
        self.page(sink, "list.html", &path, &context)
    }

    pub(super) fn kind_index(&self, sink: &dyn Sink, kind: Kind) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}{}/", d.config.base_path, kind.folder());
        let mut context = self.context(kind.title(), None, &path, None, "list");
        let items: Vec<EntityItem> = entities_sorted(d, kind)
            .into_iter()
            .map(|i| entity_item(d, self.index, i))
            .collect();
        let map = if kind == Kind::Place {
            figures::places_map(d, self.index)
        } else {
            figures::Figure::default()
        };
        context.insert("heading", kind.title());
        context.insert("intro", "");
        context.insert("list_kind", kind.singular());
        context.insert("articles", &Vec::<ArticleItem>::new());
        context.insert("entities", &items);
        context.insert("map_svg", &map.svg);
        context.insert("map_note", &map.note);
        self.page(sink, "list.html", &path, &context)
    }

    pub(super) fn article(&self, sink: &dyn Sink, i: usize) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let a = &d.articles[i];
        let path = d.path_of(SourceRef::Article(i));
        let mut context = self.context(
            &a.title,
            a.summary.as_deref(),
            &path,
            a.language.as_deref(),
            "article",
        );
        let quotes: Vec<QuoteView> = (0..a.quotes.len()).map(|q| quote_view(d, i, q)).collect();
        let claims: Vec<ClaimView> = (0..a.claims.len()).map(|c| claim_view(d, i, c)).collect();
        let tags: Vec<TagView> = a.tags.iter().filter_map(|t| self.tags.view(d, t)).collect();
        context.insert("title", &a.title);
        context.insert("date", &DateView::of(&a.date));
        context.insert("updated", &a.updated.as_ref().map(DateView::of));
        context.insert("outlet", &a.outlet);
        context.insert("author", &a.author);
        context.insert("url", &a.url);
        context.insert("language", &a.language);
        context.insert("summary", &a.summary);
        context.insert("body_html", self.body_html(SourceRef::Article(i)));
        context.insert(
            "entity_groups",
            &entity_groups(d, &self.index.article_entities[i]),
        );
        context.insert("quotes", &quotes);
        context.insert("claims", &claims);
        context.insert("tags", &tags);
        self.page(sink, "article.html", &path, &context)
    }

    pub(super) fn entity(&self, sink: &dyn Sink, i: usize) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let e = &d.entities[i];
        let path = d.path_of(SourceRef::Entity(i));
        let mut context = self.context(
            &e.name,
            e.summary.as_deref(),
            &path,
            None,
            e.kind.singular(),
        );
        let quotes: Vec<QuoteView> = self.index.quotes_by[i]
            .iter()
            .map(|(a, q)| quote_view(d, *a, *q))
            .collect();
        let claims_made: Vec<ClaimView> = self.index.claims_by[i]
            .iter()
            .map(|(a, c)| claim_view(d, *a, *c))
            .collect();
        let tags: Vec<TagView> = e.tags.iter().filter_map(|t| self.tags.view(d, t)).collect();
        let links: Vec<LinkOut> = e
            .links
            .iter()
            .map(|(label, url)| LinkOut { label, url })
            .collect();
        context.insert("name", &e.name);
        context.insert("kind", e.kind.singular());
        context.insert("kind_title", e.kind.title());
        context.insert(
            "kind_href",
            &format!("{}{}/", d.config.base_path, e.kind.folder()),
        );
        context.insert("summary", &e.summary);
        context.insert("facts", &facts(d, self.index, i));
        context.insert("links", &links);
        context.insert("body_html", self.body_html(SourceRef::Entity(i)));
        context.insert("appears_in", &appearances(d, self.index, i));
        context.insert("related", &related(d, self.index, i));
        context.insert("quotes", &quotes);
        context.insert(
            "claims_about",
            &claims_by_status(d, &self.index.claims_about[i]),
        );
        context.insert("claims_made", &claims_made);
        context.insert("tags", &tags);
        context.insert("graph_svg", &figures::neighbourhood(d, self.index, i));
        context.insert("map_svg", &figures::place_map(d, self.index, i).svg);
        self.page(sink, "entity.html", &path, &context)
    }

    pub(super) fn free_page(&self, sink: &dyn Sink, i: usize) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let p = &d.pages[i];
        let path = d.path_of(SourceRef::Page(i));
        let title = p.title.as_deref().unwrap_or(&p.id);
        let mut context = self.context(title, p.summary.as_deref(), &path, None, "page");
        context.insert("title", title);
        context.insert("body_html", self.body_html(SourceRef::Page(i)));
        self.page(sink, "page.html", &path, &context)
    }

    pub(super) fn timeline(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}timeline/", d.config.base_path);
        let mut context = self.context("Timeline", None, &path, None, "timeline");
        context.insert("years", &timeline(d));
        let figure = figures::timeline(d);
        context.insert("timeline_svg", &figure.svg);
        context.insert("timeline_note", &figure.note);
        self.page(sink, "timeline.html", &path, &context)
    }

    pub(super) fn tag_index(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}tags/", d.config.base_path);
        let mut context = self.context("Tags", None, &path, None, "tags");
        let tags: Vec<TagView> = self
            .tags
            .by_slug
            .iter()
            .map(|(slug, (name, sources))| TagView {
                name: name.clone(),
                href: format!("{path}{slug}/"),
                count: sources.len(),
            })
            .collect();
        context.insert("tags", &tags);
        self.page(sink, "tags.html", &path, &context)
    }

    pub(super) fn tag(&self, sink: &dyn Sink, slug: &str) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let (name, sources) = &self.tags.by_slug[slug];
        let path = format!("{}tags/{slug}/", d.config.base_path);
        let heading = format!("Tagged “{name}”");
        let mut context = self.context(&heading, None, &path, None, "list");
        let articles: Vec<ArticleItem> = sources
            .iter()
            .filter_map(|s| match s {
                SourceRef::Article(i) => Some(article_item(d, *i)),
                _ => None,
            })
            .collect();
        let entities: Vec<EntityItem> = sources
            .iter()
            .filter_map(|s| match s {
                SourceRef::Entity(i) => Some(entity_item(d, self.index, *i)),
                _ => None,
            })
            .collect();
        context.insert("heading", &heading);
        context.insert("intro", "");
        context.insert("articles", &articles);
        context.insert("entities", &entities);
        context.insert("map_svg", "");
        self.page(sink, "list.html", &path, &context)
    }

    pub(super) fn simple(
        &self,
        sink: &dyn Sink,
        template: &str,
        rel: &str,
        title: &str,
        kind: &str,
    ) -> Result<String, Diagnostic> {
        let path = format!("{}{rel}", self.dossier.config.base_path);
        let context = self.context(title, None, &path, None, kind);
        self.page(sink, template, &path, &context)
    }

    pub(super) fn graph(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}graph/", d.config.base_path);
        let mut context = self.context("Relationship graph", None, &path, None, "graph");
        let figure = figures::whole_graph(d, self.index);
        context.insert("graph_svg", &figure.svg);
        context.insert("graph_note", &figure.note);
        self.page(sink, "graph.html", &path, &context)
    }

    pub(super) fn print(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}print/", d.config.base_path);
        let mut context = self.context(
            &d.config.title,
            d.config.description.as_deref(),
            &path,
            None,
            "print",
        );
        let sections = print::sections(self);
        context.insert("sections", &sections);
        let html = self.theme.render("print.html", &context)?;
        let rel = page_file(&d.config.base_path, &path);
        sink.write_with(&rel, &mut |out| {
            print::write_page(self, &html, &sections, out)
        })
        .map_err(|e| Diagnostic::error(format!("cannot write {rel}: {e}")))?;
        Ok(rel)
    }

    pub(super) fn not_found(&self, sink: &dyn Sink) -> Result<String, Diagnostic> {
        let base = &self.dossier.config.base_path;
        let context = self.context("Page not found", None, base, None, "not-found");
        let html = self.theme.render("404.html", &context)?;
        write(sink, "404.html", html.as_bytes())?;
        Ok("404.html".into())
    }
}

#[derive(Serialize)]
struct LinkOut<'a> {
    label: &'a str,
    url: &'a str,
}

/// The pages an edit of markdown *bodies* reaches (front-matter unchanged:
/// names, dates, references and lists stay as they were). `edited` are the
/// sources whose bodies changed; `named` the entities those bodies name,
/// before or after the edit, whose "Appears in" and related lists may have
/// changed; `redrawn` the entities whose neighbourhood drawing changed (see
/// [`drawing_neighbours`]). Every page whose context reads a body or those
/// lists is here; `/print/` and `/dossier.json`, which hold every body and
/// mention, are not jobs of this list and change with any edit.
pub fn pages_showing(
    dossier: &Dossier,
    edited: &[SourceRef],
    named: &BTreeSet<usize>,
    redrawn: &[usize],
) -> BTreeSet<Job> {
    let mut pages = BTreeSet::new();
    for source in edited {
        pages.insert(match *source {
            SourceRef::Article(i) => Job::Article(i),
            SourceRef::Entity(i) => Job::Entity(i),
            SourceRef::Page(i) => Job::Page(i),
        });
    }
    // An entity's page shows its lists; its kind's index and its tags'
    // pages show how often it appears.
    for &e in named {
        let entity = &dossier.entities[e];
        pages.insert(Job::Entity(e));
        pages.insert(Job::KindIndex(entity.kind));
        for tag in &entity.tags {
            let slug = crate::content::id::slugify(tag);
            if !slug.is_empty() {
                pages.insert(Job::Tag(slug));
            }
        }
    }
    pages.extend(redrawn.iter().map(|&e| Job::Entity(e)));
    if !edited.is_empty() {
        // Key people by mentions, and the whole graph.
        pages.insert(Job::Home);
        pages.insert(Job::Graph);
    }
    pages
}

/// The entities, other than `named`, whose page draws a neighbourhood that
/// may show one of `named`: compare [`figures::neighbourhood`] of each
/// before and after an edit to know which of them to render again.
pub fn drawing_neighbours(index: &MentionIndex, named: &BTreeSet<usize>) -> Vec<usize> {
    (0..index.related.len())
        .filter(|f| !named.contains(f) && index.related[*f].iter().any(|(e, _)| named.contains(e)))
        .collect()
}
