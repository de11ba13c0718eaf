//! The bodies stage: every markdown body rendered to HTML, with the names
//! of entities linked and recorded on the way (SPEC §4).
//!
//! It runs after the dossier is assembled and the [`NameTable`] is built,
//! and before the mention index ([`crate::mentions`]), which gathers what
//! each body recorded. [`markdown`] renders one body; [`Bodies::render`]
//! renders them all, in parallel, in [`Dossier::sources`] order. Nothing
//! here reads files or knows of templates.

pub mod markdown;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::dossier::{Dossier, SourceRef};
use crate::names::NameTable;
pub use markdown::{
    render_body, Linking, MarkedSentence, RenderedBody,
};

/// Every rendered body of a dossier.
#[derive(Debug, Default)]
pub struct Bodies {
    /// In [`Dossier::sources`] order (see [`Dossier::position`]).
    pub rendered: Vec<RenderedBody>,
    /// The home page's introduction (`content/_index.md`), linked too.
    pub home_html: String,
    /// What rendering the home page's introduction found wrong.
    pub home_errors: Vec<Diagnostic>,
}

impl Bodies {
    /// Renders every body of `dossier`, with linking, on every core.
    pub fn render(dossier: &Dossier, names: &NameTable) -> Bodies {
        let sources: Vec<SourceRef> = dossier.sources().collect();
        let rendered = sources
            .par_iter()
            .map(|&source| render_source(dossier, names, source, dossier.body(source)))
            .collect();
        let (home_html, home_errors) = match &dossier.home {
            Some(home) => {
                let linking = Linking {
                    names,
                    dossier,
                    self_entity: None,
                    mode: dossier.config.build.auto_link,
                };
                let body = render_body(&home.body, &home.source, Some(&linking));
                (body.html, body.errors)
            }
            None => (String::new(), Vec::new()),
        };
        Bodies {
            rendered,
            home_html,
            home_errors,
        }
    }

    /// The rendered body of `source`.
    pub fn of(&self, dossier: &Dossier, source: SourceRef) -> &RenderedBody {
        &self.rendered[dossier.position(source)]
    }

    /// Every error rendering found, the home page's first.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.home_errors
            .iter()
            .chain(self.rendered.iter().flat_map(|b| b.errors.iter()))
    }

    /// Frees what only the mention index and serve's patching read: each
    /// body's plain text (for the quote check) and its own list of mentions
    /// (the index keeps its copy).
    pub fn release(&mut self) {
        for body in &mut self.rendered {
            body.plain = String::new();
            body.mentions = Vec::new();
            body.ambiguous = Vec::new();
            body.html.shrink_to_fit();
        }
    }
}

/// Renders one source's markdown `text` with linking, as
/// [`Bodies::render`] does; serve renders an edited body with it.
pub fn render_source(
    dossier: &Dossier,
    names: &NameTable,
    source: SourceRef,
    text: &str,
) -> RenderedBody {
    let linking = Linking {
        names,
        dossier,
        self_entity: match source {
            SourceRef::Entity(i) => Some(i),
            _ => None,
        },
        mode: dossier.config.build.auto_link,
    };
    let mut rendered = render_body(text, dossier.source(source), Some(&linking));
    // Only the quote check reads the plain text, and only for articles
    // with quotes: dropping the rest here keeps them from adding up.
    let quoted = matches!(source, SourceRef::Article(i) if !dossier.articles[i].quotes.is_empty());
    if !quoted {
        rendered.plain = String::new();
    }
    rendered
}
