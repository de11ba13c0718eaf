//! Rendering: markdown → HTML, templates, feeds, sitemap and `dossier.json`.
//!
//! [`render_site`] walks every page of SPEC §5, builds its small context
//! ([`pages`]), renders it with the theme and hands the bytes to a
//! [`Sink`]. Pages are rendered in parallel; the output is byte-identical for
//! identical input because nothing depends on thread timing or hash order.
//! This module never decides *where* files go on disk — the sink does.

pub mod feeds;
pub mod figures;
pub mod json;
pub mod markdown;
pub mod pages;
pub mod print;
pub mod theme;
pub mod visuals;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::index::MentionIndex;
use markdown::RenderedBody;
use pages::*;
use theme::Theme;

/// Where rendered files go: the staging folder in a build, memory in tests.
pub trait Sink: Sync {
    /// Writes `bytes` at the `/`-separated path `rel` inside the site.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes the file `rel` from what `fill` writes, for files too large
    /// to hold whole. By default they are gathered and passed to `write`.
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

impl Sink for crate::output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        crate::output::Staging::write(self, rel, bytes)
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        crate::output::Staging::write_with(self, rel, fill)
    }
}

/// How far a build's rendering has got, for a progress display, and a way
/// to stop it early. The renderer only counts and checks; showing the count
/// is the caller's business.
#[derive(Debug, Default)]
pub struct Progress {
    /// Steps finished: one per page rendered (callers may add their own).
    pub done: AtomicUsize,
    /// Steps expected: [`SiteRenderer::render_all`] adds its page count.
    pub total: AtomicUsize,
    /// Set to make the remaining pages fail fast with [`CANCELLED`].
    pub cancelled: AtomicBool,
}

/// The message of the error a cancelled rendering ends with.
pub const CANCELLED: &str = "build cancelled";

/// At most this many pages go to a worker at a time (see
/// [`SiteRenderer::render_all`]).
const JOBS_PER_PIECE: usize = 16;

/// Everything rendering needs, borrowed from the build.
pub struct SiteRenderer<'a> {
    pub dossier: &'a Dossier,
    pub index: &'a MentionIndex,
    /// Rendered bodies in [`Dossier::sources`] order.
    pub bodies: &'a [RenderedBody],
    pub home_html: String,
    pub theme: &'a Theme,
    base: Context,
    tags: Tags,
    progress: Option<&'a Progress>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base: &'a str,
    base_url: &'a str,
    language: &'a str,
    search: bool,
    nav: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// Absolute URL of the page.
    url: String,
    lang: &'a str,
    /// Body class: `home`, `article`, `person`, `list`, …
    kind: &'a str,
}

/// One page of the site as written.
pub struct Written {
    /// Its path in the site.
    pub rel: String,
    /// Its searchable text, if search is on and the page carries the
    /// search index's body mark ([`crate::search::BODY_MARK`]).
    pub search: Option<crate::search::Document>,
}

impl<'a> SiteRenderer<'a> {
    pub fn new(
        dossier: &'a Dossier,
        index: &'a MentionIndex,
        bodies: &'a [RenderedBody],
        home_html: String,
        theme: &'a Theme,
    ) -> SiteRenderer<'a> {
        let c = &dossier.config;
        let base = &c.base_path;
        let mut nav = vec![NavItem {
            title: "Articles",
            href: format!("{base}articles/"),
            count: dossier.articles.len(),
        }];
        for kind in Kind::ALL {
            nav.push(NavItem {
                title: kind.title(),
                href: format!("{base}{}/", kind.folder()),
                count: dossier.entities_of(kind).count(),
            });
        }
        nav.push(NavItem {
            title: "Timeline",
            href: format!("{base}timeline/"),
            count: 0,
        });
        let site = SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            base,
            base_url: &c.base_url,
            language: &c.language,
            search: c.build.search,
            nav,
        };
        let mut context = Context::new();
        context.insert("site", &site);
        SiteRenderer {
            dossier,
            index,
            bodies,
            home_html,
            theme,
            base: context,
            tags: Tags::collect(dossier),
            progress: None,
        }
    }

    /// Counts pages into `progress` and stops when it is cancelled.
    pub fn with_progress(mut self, progress: &'a Progress) -> SiteRenderer<'a> {
        self.progress = Some(progress);
        self
    }

    fn body(&self, source: SourceRef) -> &str {
        let d = self.dossier;
        let i = match source {
            SourceRef::Article(i) => i,
            SourceRef::Entity(i) => d.articles.len() + i,
            SourceRef::Page(i) => d.articles.len() + d.entities.len() + i,
        };
        self.bodies.get(i).map_or("", |b| b.html.as_str())
    }

    fn context(
        &self,
        title: &str,
        description: Option<&str>,
        path: &str,
        lang: Option<&str>,
        kind: &str,
    ) -> Context {
        let c = &self.dossier.config;
        let mut context = self.base.clone();
        let url = format!(
            "{}{}",
            c.base_url,
            path.strip_prefix(&c.base_path).unwrap_or(path)
        );
        context.insert(
            "page",
            &PageMeta {
                title,
                description,
                url,
                lang: lang.unwrap_or(&c.language),
                kind,
            },
        );
        context
    }

    /// Renders `template` and writes it as `<path>index.html`.
    fn page(
        &self,
        sink: &dyn Sink,
        template: &str,
        path: &str,
        context: &Context,
    ) -> Result<Written, Diagnostic> {
        let html = self.theme.render(template, context)?;
        let rel = page_file(&self.dossier.config.base_path, path);
        sink.write(&rel, html.as_bytes())
            .map_err(|e| Diagnostic::error(format!("cannot write {rel}: {e}")))?;
        let search = self.searchable(&html, path);
        Ok(Written { rel, search })
    }

    /// The searchable part of the page `html` at `path`, if search is on.
    fn searchable(&self, html: &str, path: &str) -> Option<crate::search::Document> {
        (self.dossier.config.build.search && html.contains(crate::search::BODY_MARK))
            .then(|| crate::search::extract(html, path))
            .flatten()
    }

    /// Renders and writes every page and file of the site. Returns the
    /// paths of the HTML pages written.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Vec<Written>, Vec<Diagnostic>> {
        let d = self.dossier;
        let mut jobs: Vec<Job> = vec![
            Job::Home,
            Job::ArticleIndex,
            Job::Timeline,
            Job::TagIndex,
            Job::Search,
            Job::NotFound,
            Job::Graph,
            Job::Print,
        ];
        jobs.extend(Kind::ALL.into_iter().map(Job::KindIndex));
        jobs.extend((0..d.articles.len()).map(Job::Article));
        jobs.extend((0..d.entities.len()).map(Job::Entity));
        jobs.extend((0..d.pages.len()).map(Job::Page));
        jobs.extend(self.tags.by_slug.keys().map(|k| Job::Tag(k.clone())));
        if let Some(p) = self.progress {
            p.total.fetch_add(jobs.len(), Ordering::Relaxed);
        }
        // The pages that list the whole dossier (the print edition, the
        // article list, the timeline, each tag) take seconds each in a
        // large one. They are rendered first, so that the many small pages
        // fill both workers until the end; the results keep `jobs` order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&n| !jobs[n].lists_the_dossier());
        // `dossier.json` is one long serial write (hundreds of MB in a
        // large dossier): it goes beside the pages, not after them.
        let (mut results, json): (Vec<(usize, Result<Written, Diagnostic>)>, _) = rayon::join(
            || {
                // In small pieces: rayon otherwise cuts the list into a
                // few long runs, and one worker idles while the other ends
                // its run (seconds at 100,000 articles).
                order
                    .par_iter()
                    .with_max_len(JOBS_PER_PIECE)
                    .map(|&n| (n, self.render_counted(sink, &jobs[n])))
                    .collect()
            },
            || self.write_dossier_json(sink),
        );
        results.sort_unstable_by_key(|(n, _)| *n);
        let mut written = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for (_, r) in results {
            match r {
                Ok(w) => written.push(w),
                Err(e) => {
                    if !errors.contains(&e) {
                        errors.push(e);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut data_files = vec![
            ("atom.xml".to_string(), feeds::atom(d)),
            ("robots.txt".to_string(), feeds::robots(d)),
        ];
        data_files.extend(feeds::sitemaps(d, written.iter().map(|w| w.rel.as_str())));
        for (rel, text) in data_files {
            sink.write(&rel, text.as_bytes())
                .map_err(|e| vec![Diagnostic::error(format!("cannot write {rel}: {e}"))])?;
        }
        json.map_err(|e| vec![e])?;
        for (name, bytes) in theme::BUILTIN_STATIC {
            sink.write(name, bytes)
                .map_err(|e| vec![Diagnostic::error(format!("cannot write {name}: {e}"))])?;
        }
        Ok(written)
    }

    /// [`SiteRenderer::render_page`], counted into the progress if there
    /// is one, and not started once it is cancelled.
    fn render_counted(&self, sink: &dyn Sink, job: &Job) -> Result<Written, Diagnostic> {
        let Some(p) = self.progress else {
            return self.render_page(sink, job);
        };
        if p.cancelled.load(Ordering::Relaxed) {
            return Err(Diagnostic::error(CANCELLED));
        }
        let written = self.render_page(sink, job);
        p.done.fetch_add(1, Ordering::Relaxed);
        written
    }

    /// Renders and writes only `jobs`, one after another: serve's
    /// incremental rebuild, which knows which pages an edit reaches.
    pub fn render_jobs(&self, sink: &dyn Sink, jobs: &[Job]) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = jobs
            .iter()
            .filter_map(|job| self.render_page(sink, job).err())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Writes `/dossier.json`.
    pub fn write_dossier_json(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        sink.write_with("dossier.json", &mut |out| {
            json::write_dossier_json(self.dossier, self.index, out)
        })
        .map_err(|e| Diagnostic::error(format!("cannot write dossier.json: {e}")))
    }

    /// Renders and writes the one page `job`.
    pub fn render_page(&self, sink: &dyn Sink, job: &Job) -> Result<Written, Diagnostic> {
        match job {
            Job::Home => self.home(sink),
            Job::ArticleIndex => self.article_index(sink),
            Job::KindIndex(kind) => self.kind_index(sink, *kind),
            Job::Article(i) => self.article(sink, *i),
            Job::Entity(i) => self.entity(sink, *i),
            Job::Page(i) => self.free_page(sink, *i),
            Job::Timeline => self.timeline(sink),
            Job::TagIndex => self.tag_index(sink),
            Job::Tag(slug) => self.tag(sink, slug),
            Job::Search => self.simple(sink, "search.html", "search/", "Search", "search"),
            Job::Graph => self.graph(sink),
            Job::Print => self.print(sink),
            Job::NotFound => {
                let context = self.context(
                    "Page not found",
                    None,
                    &self.dossier.config.base_path,
                    None,
                    "not-found",
                );
                let html = self.theme.render("404.html", &context)?;
                sink.write("404.html", html.as_bytes())
                    .map_err(|e| Diagnostic::error(format!("cannot write 404.html: {e}")))?;
                let path = format!("{}404.html", self.dossier.config.base_path);
                Ok(Written {
                    rel: "404.html".into(),
                    search: self.searchable(&html, &path),
                })
            }
        }
    }

    fn home(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
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
        context.insert("intro_html", &self.home_html);
        context.insert("key_people", &people);
        context.insert("latest_articles", &latest);
        context.insert("recent_events", &events);
        context.insert("article_count", &d.articles.len());
        self.page(sink, "home.html", base, &context)
    }

    fn article_index(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
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

    fn kind_index(&self, sink: &dyn Sink, kind: Kind) -> Result<Written, Diagnostic> {
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

    fn article(&self, sink: &dyn Sink, i: usize) -> Result<Written, Diagnostic> {
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
        context.insert("body_html", self.body(SourceRef::Article(i)));
        context.insert(
            "entity_groups",
            &entity_groups(d, &self.index.article_entities[i]),
        );
        context.insert("quotes", &quotes);
        context.insert("claims", &claims);
        context.insert("tags", &tags);
        self.page(sink, "article.html", &path, &context)
    }

    fn entity(&self, sink: &dyn Sink, i: usize) -> Result<Written, Diagnostic> {
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
        context.insert("body_html", self.body(SourceRef::Entity(i)));
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

    fn free_page(&self, sink: &dyn Sink, i: usize) -> Result<Written, Diagnostic> {
        let d = self.dossier;
        let p = &d.pages[i];
        let path = d.path_of(SourceRef::Page(i));
        let title = p.title.as_deref().unwrap_or(&p.id);
        let mut context = self.context(title, p.summary.as_deref(), &path, None, "page");
        context.insert("title", title);
        context.insert("body_html", self.body(SourceRef::Page(i)));
        self.page(sink, "page.html", &path, &context)
    }

    fn timeline(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}timeline/", d.config.base_path);
        let mut context = self.context("Timeline", None, &path, None, "timeline");
        context.insert("years", &timeline(d));
        let figure = figures::timeline(d);
        context.insert("timeline_svg", &figure.svg);
        context.insert("timeline_note", &figure.note);
        self.page(sink, "timeline.html", &path, &context)
    }

    fn tag_index(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
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

    fn tag(&self, sink: &dyn Sink, slug: &str) -> Result<Written, Diagnostic> {
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

    fn simple(
        &self,
        sink: &dyn Sink,
        template: &str,
        rel: &str,
        title: &str,
        kind: &str,
    ) -> Result<Written, Diagnostic> {
        let path = format!("{}{rel}", self.dossier.config.base_path);
        let context = self.context(title, None, &path, None, kind);
        self.page(sink, template, &path, &context)
    }

    fn graph(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
        let d = self.dossier;
        let path = format!("{}graph/", d.config.base_path);
        let mut context = self.context("Relationship graph", None, &path, None, "graph");
        let figure = figures::whole_graph(d, self.index);
        context.insert("graph_svg", &figure.svg);
        context.insert("graph_note", &figure.note);
        self.page(sink, "graph.html", &path, &context)
    }

    fn print(&self, sink: &dyn Sink) -> Result<Written, Diagnostic> {
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
        // Never searchable: it repeats every page that is.
        Ok(Written { rel, search: None })
    }

    /// The rendered body of `source`, for the print page.
    pub fn body_html(&self, source: SourceRef) -> &str {
        self.body(source)
    }
}

#[derive(Serialize)]
struct LinkOut<'a> {
    label: &'a str,
    url: &'a str,
}

/// One page of the site, as [`SiteRenderer::render_page`] renders it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Home,
    ArticleIndex,
    KindIndex(Kind),
    Article(usize),
    Entity(usize),
    Page(usize),
    Timeline,
    TagIndex,
    Tag(String),
    Search,
    Graph,
    Print,
    NotFound,
}

impl Job {
    /// Whether the page lists every article or entity of the dossier (or
    /// a tag's share of them), which makes it long in a large one.
    fn lists_the_dossier(&self) -> bool {
        matches!(
            self,
            Job::Print | Job::ArticleIndex | Job::Timeline | Job::Graph | Job::Tag(_)
        )
    }
}

/// The file that serves URL path `path` (which carries the base path).
pub fn page_file(base_path: &str, path: &str) -> String {
    let inner = path
        .strip_prefix(base_path)
        .unwrap_or(path)
        .trim_matches('/');
    if inner.is_empty() {
        "index.html".to_string()
    } else {
        format!("{inner}/index.html")
    }
}
