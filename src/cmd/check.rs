//! `dossier check`: everything `build` validates, and more, without
//! touching the output folder.
//!
//! The site is rendered into a temporary folder so every internal link and
//! anchor can be followed; then the dossier is read for what is legal but
//! probably a mistake: ambiguous names, quotes not found in their article,
//! entities nothing mentions, articles that name no entity. Findings print
//! one per line, grouped by file.

use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, OK};
use crate::config::Overrides;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::SourceRef;
use crate::site::Site;

/// Checks the dossier and its rendered links.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The dossier's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
}

pub fn execute(args: &CheckArgs) -> u8 {
    let diagnostics = run(args);
    print(&diagnostics);
    let failed = diagnostics.has_errors() || (args.strict && !diagnostics.is_empty());
    if failed {
        CONTENT_ERROR
    } else {
        OK
    }
}

/// Every finding of a check, sorted by file.
pub fn run(args: &CheckArgs) -> Diagnostics {
    let staging = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(format!(
                "cannot create a temporary folder: {e}"
            )));
            return d;
        }
    };
    let output = staging.path().join("site");
    let overrides = Overrides {
        output: Some(output.clone()),
        base_url: None,
        drafts: args.drafts,
    };
    let (site, mut diagnostics) = Site::load(&args.root, &overrides);
    let Some(mut site) = site else {
        return diagnostics;
    };
    if let Err(errors) = site.write(&Default::default()) {
        diagnostics.extend(errors);
        return diagnostics;
    }
    let d = &site.dossier;
    let broken_links = crate::linkcheck::check_links(&output, &d.config.base_path);
    // The print edition repeats every body: a link broken in an article is
    // reported once, at the article, not again on /print/.
    let print_page = crate::render::page_file(
        &d.config.base_path,
        &format!("{}print/", d.config.base_path),
    );
    let elsewhere: std::collections::HashSet<&str> = broken_links
        .iter()
        .filter(|b| b.page != print_page)
        .map(|b| b.href.as_str())
        .collect();
    for broken in broken_links
        .iter()
        .filter(|b| b.page != print_page || !elsewhere.contains(b.href.as_str()))
    {
        let source = source_of_page(&site, &broken.page);
        let location = source.and_then(|s| locate_link(&site, s, &broken.href));
        let file = match source {
            Some(s) => d.source(s).file.display().to_string(),
            None => format!("(generated page) {}", broken.page),
        };
        let mut finding =
            Diagnostic::error(format!("broken link `{}`: {}", broken.href, broken.reason))
                .in_file(file)
                .hint(format!("on the page {}", broken.page));
        if let Some(location) = location {
            finding = finding.at(location);
        }
        diagnostics.push(finding);
    }
    for (i, entity) in d.entities.iter().enumerate() {
        if site.index.appears_in[i].is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "nothing mentions {} `{}`",
                    entity.kind.singular(),
                    entity.name
                ))
                .in_file(&entity.source.file)
                .hint("name it in an article, or list it in an article's front-matter"),
            );
        }
    }
    for (i, article) in d.articles.iter().enumerate() {
        if site.index.article_entities[i].is_empty() {
            diagnostics.push(
                Diagnostic::warning("article names and lists no entity")
                    .in_file(&article.source.file)
                    .hint("add people, places, events or organizations to its front-matter"),
            );
        }
    }
    // Names two sources use that no entity has: candidates for new entities.
    let names = crate::names::NameTable::build(d);
    for (name, articles) in crate::import::suggest::unlinked_names(d, &names) {
        let files: Vec<&std::path::Path> = articles
            .iter()
            .map(|i| d.articles[*i].source.file.as_path())
            .collect();
        let others: Vec<String> = files[1..].iter().map(|f| f.display().to_string()).collect();
        diagnostics.push(
            Diagnostic::warning(format!(
                "unlinked name `{name}` in {} articles",
                files.len()
            ))
            .in_file(files[0])
            .hint(format!(
                "also in {}; give it an entity file (or `dossier import --new-entities`)",
                others.join(", ")
            )),
        );
    }
    diagnostics.sort();
    diagnostics
}

/// Where the content file of `source` writes the link that became `href`
/// in the output: the address as written, with or without the base path,
/// or else its `#fragment`. `None` when the file does not spell it out (a
/// wikilink, say).
fn locate_link(site: &Site, source: SourceRef, href: &str) -> Option<crate::diagnostics::Location> {
    let d = &site.dossier;
    // The file as it was loaded: check keeps every body.
    let text = d.source(source).text_with(d.body(source));
    let without_base = href
        .strip_prefix(&d.config.base_path)
        .map(|rest| format!("/{rest}"));
    let fragment = href.find('#').map(|at| &href[at..]).filter(|f| f.len() > 1);
    let candidates = [
        Some(href.to_string()),
        without_base,
        fragment.map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|needle| {
            // Inside a markdown link: after `](` or `<`, or in an href="…".
            ["](", "<", "href=\""].iter().find_map(|before| {
                text.find(&format!("{before}{needle}"))
                    .map(|at| at + before.len())
            })
        })
        .map(|offset| crate::diagnostics::Location::at_offset(&text, offset))
}

/// The content a generated page comes from, when there is one.
fn source_of_page(site: &Site, page: &str) -> Option<SourceRef> {
    let d = &site.dossier;
    d.sources()
        .find(|s| crate::render::page_file(&d.config.base_path, &d.path_of(*s)) == page)
}

/// One line per finding, grouped under the file it concerns.
fn print(diagnostics: &Diagnostics) {
    let color = super::color_stderr();
    let mut current: Option<String> = None;
    let mut out = String::new();
    for d in diagnostics.iter() {
        let file = d
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| "(dossier)".into());
        if current.as_deref() != Some(file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&file);
            out.push('\n');
            current = Some(file.clone());
        }
        out.push_str("  ");
        out.push_str(&d.one_line(color));
        out.push('\n');
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "check: {errors} error{}, {warnings} warning{}\n",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    ));
    eprint!("{out}");
}
