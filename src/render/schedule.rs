//! Which pages a site has, and the order they are rendered in.
//!
//! A [`Job`] is one page of SPEC §5. [`SiteRenderer::render_all`] renders
//! every job on every core, the long whole-dossier pages first, with
//! `/dossier.json` written beside them, then the feeds, the sitemap and the
//! theme's built-in files; [`SiteRenderer::render_jobs`] renders a chosen
//! few (serve's incremental rebuild). Counting and cancelling go through
//! the optional [`crate::progress::Progress`].

use rayon::prelude::*;

use super::{feeds, json, theme, write, Sink, SiteRenderer};
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::progress::CANCELLED;

/// At most this many pages go to a worker at a time (see
/// [`SiteRenderer::render_all`]).
const JOBS_PER_PIECE: usize = 16;

impl SiteRenderer<'_> {
    /// Renders and writes every page and file of the site. Returns the
    /// HTML pages written, in the order of their jobs.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Vec<String>, Vec<Diagnostic>> {
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
            p.expect(jobs.len());
        }
        // The pages that list the whole dossier (the print edition, the
        // article list, the timeline, each tag) take seconds each in a
        // large one. They are rendered first, so that the many small pages
        // fill both workers until the end; the results keep `jobs` order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&n| !jobs[n].lists_the_dossier());
        // `dossier.json` is one long serial write (hundreds of MB in a
        // large dossier): it goes beside the pages, not after them.
        let (mut results, json): (Vec<(usize, Result<String, Diagnostic>)>, _) = rayon::join(
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
                Ok(rel) => written.push(rel),
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
        data_files.extend(feeds::sitemaps(d, written.iter().map(String::as_str)));
        for (rel, text) in data_files {
            write(sink, &rel, text.as_bytes()).map_err(|e| vec![e])?;
        }
        json.map_err(|e| vec![e])?;
        for (name, bytes) in theme::BUILTIN_STATIC {
            write(sink, name, bytes).map_err(|e| vec![e])?;
        }
        Ok(written)
    }

    /// [`SiteRenderer::render_page`], counted into the progress if there
    /// is one, and not started once it is cancelled.
    fn render_counted(&self, sink: &dyn Sink, job: &Job) -> Result<String, Diagnostic> {
        let Some(p) = self.progress else {
            return self.render_page(sink, job);
        };
        if p.is_cancelled() {
            return Err(Diagnostic::error(CANCELLED));
        }
        let written = self.render_page(sink, job);
        p.step();
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
    pub fn render_page(&self, sink: &dyn Sink, job: &Job) -> Result<String, Diagnostic> {
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
            Job::NotFound => self.not_found(sink),
        }
    }
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
