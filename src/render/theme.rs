//! Themes: Tera templates and static files.
//!
//! The default theme (`themes/default/` in this repository) is compiled into
//! the binary, so a dossier needs no `themes/` folder. A dossier's
//! `themes/<name>/` replaces it, and a file in the dossier's `templates/`
//! replaces one template of whichever theme is in use (SPEC §1). Template
//! syntax errors are reported with the template's file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, Location};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, as compiled in.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "home.html",
    "article.html",
    "entity.html",
    "list.html",
    "timeline.html",
    "tags.html",
    "page.html",
    "search.html",
    "graph.html",
    "print.html",
    "404.html",
);

/// The default theme's static files, as compiled in.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "dossier.css",
        include_bytes!("../../themes/default/static/dossier.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// Where a template came from, for error messages.
#[derive(Clone, Debug)]
enum Origin {
    Builtin,
    File(PathBuf),
}

/// The templates and static files of one build.
pub struct Theme {
    pub tera: Tera,
    /// Theme static folder on disk, when the theme is not the built-in one.
    pub static_dir: Option<PathBuf>,
    origins: BTreeMap<String, Origin>,
}

impl Theme {
    /// Loads the theme named in `site.toml` and the dossier's overrides.
    pub fn load(root: &Path, theme: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (Origin, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), (Origin::Builtin, text.to_string())))
            .collect();
        let mut errors = Vec::new();
        let theme_dir = root.join("themes").join(theme);
        let mut static_dir = None;
        // site.toml's check keeps the name to one folder name; a link in
        // themes/ could still lead anywhere, and its files would be
        // published (SPEC §7: links are not followed out of the dossier).
        let inside = |dir: &Path| match (dir.canonicalize(), root.join("themes").canonicalize()) {
            (Ok(dir), Ok(themes)) => dir.starts_with(themes),
            _ => true,
        };
        if theme_dir.is_dir() && !inside(&theme_dir) {
            errors.push(
                Diagnostic::error(format!(
                    "theme `{theme}`: themes/{theme} is a symbolic link out of the dossier; it is not followed"
                ))
                .in_file("site.toml")
                .hint("copy the theme into the dossier's themes/ folder instead of linking to it"),
            );
        } else if theme_dir.is_dir() {
            read_templates(
                root,
                &theme_dir.join("templates"),
                &mut sources,
                &mut errors,
            );
            static_dir = Some(theme_dir.join("static")).filter(|d| d.is_dir());
        } else if theme != "default" {
            errors.push(
                Diagnostic::error(format!(
                    "theme `{theme}` not found: no folder themes/{theme}/"
                ))
                .in_file("site.toml")
                .hint("remove `theme` to use the built-in theme, or create the folder"),
            );
        }
        read_templates(root, &root.join("templates"), &mut sources, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let origins: BTreeMap<String, Origin> = sources
            .iter()
            .map(|(k, (o, _))| (k.clone(), o.clone()))
            .collect();
        let texts: BTreeMap<String, String> =
            sources.into_iter().map(|(k, (_, t))| (k, t)).collect();
        if let Err(err) =
            tera.add_raw_templates(texts.iter().map(|(k, t)| (k.as_str(), t.as_str())))
        {
            return Err(vec![template_error(&origins, &texts, &err)]);
        }
        Ok(Theme {
            tera,
            static_dir,
            origins,
        })
    }

    /// Renders `template` with `context`; a failure names the template file.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|err| {
            let file = match self.origins.get(template) {
                Some(Origin::File(path)) => path.display().to_string(),
                _ => format!("themes/default/templates/{template} (built in)"),
            };
            Diagnostic::error(format!("template {template}: {}", error_chain(&err))).in_file(file)
        })
    }
}

fn read_templates(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, (Origin, String)>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.insert(name, (Origin::File(rel), text));
            }
            Err(err) => {
                errors.push(Diagnostic::error(format!("cannot read template: {err}")).in_file(rel))
            }
        }
    }
}

/// Escapes text for HTML content and attributes. Unlike Tera's default it
/// leaves `/` alone, so URLs stay readable in the page source.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The five characters are ASCII, so byte offsets are char boundaries
    // and the runs between them are copied whole.
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Tera's error and its causes in one line.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

fn template_error(
    origins: &BTreeMap<String, Origin>,
    texts: &BTreeMap<String, String>,
    err: &tera::Error,
) -> Diagnostic {
    let message = error_chain(err);
    // Tera names the template as 'name' and the position as "--> line:column".
    let name = message.split('\'').nth(1).unwrap_or("").to_string();
    let file = match origins.get(&name) {
        Some(Origin::File(path)) => path.clone(),
        _ => PathBuf::from(format!("themes/default/templates/{name}")),
    };
    let mut diagnostic = Diagnostic::error(format!(
        "template syntax error: {}",
        message
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
    ))
    .in_file(&file);
    if let Some(pos) = message.split("--> ").nth(1) {
        let mut nums = pos
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        let line = nums.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        let column = nums.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        let text = texts.get(&name).map(String::as_str).unwrap_or("");
        diagnostic = diagnostic.at(Location::at_line(text, line, column));
    }
    diagnostic.hint(format!("full message: {}", message.replace('\n', " ")))
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> / Núñez"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; / Núñez"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("é<"), "é&lt;");
    }
}
