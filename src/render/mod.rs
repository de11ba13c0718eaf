//! Rendering: page contexts, templates, feeds, sitemap and `dossier.json`.
//!
//! [`SiteRenderer::render_all`] ([`schedule`]) walks every page of SPEC §5,
//! builds its small context ([`context`], from the views in [`pages`]),
//! renders it with the [`theme`] and hands the bytes to a [`Sink`]. Pages
//! are rendered in parallel; the output is byte-identical for identical
//! input because nothing depends on thread timing or hash order. Bodies
//! come rendered ([`crate::body`]); this module never decides *where* files
//! go on disk (the sink does) and never reads content files.

pub mod context;
pub mod feeds;
pub mod figures;
pub mod json;
pub mod pages;
pub mod print;
pub mod schedule;
pub mod theme;
pub mod visuals;

use serde::Serialize;
use tera::Context;

use crate::body::Bodies;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::MentionIndex;
use crate::progress::Progress;
use pages::Tags;
use theme::Theme;

pub use schedule::Job;

pub use crate::output::Sink;

/// Everything rendering needs, borrowed from the build.
pub struct SiteRenderer<'a> {
    pub dossier: &'a Dossier,
    pub index: &'a MentionIndex,
    pub bodies: &'a Bodies,
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

impl<'a> SiteRenderer<'a> {
    pub fn new(
        dossier: &'a Dossier,
        index: &'a MentionIndex,
        bodies: &'a Bodies,
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

    /// The rendered body of `source`.
    pub fn body_html(&self, source: SourceRef) -> &str {
        self.bodies.of(self.dossier, source).html.as_str()
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

    /// Renders `template` and writes it as `<path>index.html`. Returns the
    /// file written.
    fn page(
        &self,
        sink: &dyn Sink,
        template: &str,
        path: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        let html = self.theme.render(template, context)?;
        let rel = page_file(&self.dossier.config.base_path, path);
        write(sink, &rel, html.as_bytes())?;
        Ok(rel)
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

/// Writes `bytes` at `rel` in `sink`, with the file named in the error.
fn write(sink: &dyn Sink, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(rel, bytes)
        .map_err(|e| Diagnostic::error(format!("cannot write {rel}: {e}")))
}
