//! `site.toml`: the dossier's configuration (SPEC §2).
//!
//! Loading checks required keys, fills defaults and rejects unknown keys with
//! the closest known key as a hint. Command-line flags are applied on top by
//! [`SiteConfig::apply`]; nothing else in the crate reads `site.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{closest, Diagnostic, Location};

/// How automatic mention links are made (SPEC §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoLink {
    /// Link the first mention of each entity on a page.
    #[default]
    First,
    /// Link every mention.
    All,
    /// Link none; mentions are still recorded.
    Off,
}

/// The `[build]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildConfig {
    pub drafts: bool,
    pub auto_link: AutoLink,
    pub search: bool,
    /// Write a gzip copy (`.gz`) beside every file of the search index,
    /// for servers that send such copies as they are.
    pub precompress: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            drafts: false,
            auto_link: AutoLink::First,
            search: true,
            precompress: false,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    output_dir: Option<String>,
    #[serde(default)]
    build: BuildConfig,
}

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "output_dir",
    "build",
];
const BUILD_KEYS: &[&str] = &["drafts", "auto_link", "search", "precompress"];

/// The loaded `site.toml`, with defaults filled in.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`.
    pub base_path: String,
    pub description: Option<String>,
    pub language: String,
    pub theme: String,
    /// Output folder, absolute.
    pub output_dir: PathBuf,
    pub build: BuildConfig,
}

/// Command-line overrides of `site.toml` values.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl SiteConfig {
    /// Reads and validates `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(vec![
                        Diagnostic::error("site.toml is not valid UTF-8").in_file("site.toml")
                    ])
                }
            },
            Err(err) => {
                return Err(vec![Diagnostic::error(format!(
                    "cannot read site.toml in {}: {err}",
                    root.display()
                ))
                .in_file("site.toml")
                .hint("run `dossier init DIR` to start a new dossier, or pass --root")])
            }
        };
        SiteConfig::parse(&text, root)
    }

    /// Parses the text of a `site.toml`; `root` resolves a relative `output_dir`.
    pub fn parse(text: &str, root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => return Err(vec![toml_error(text, &err)]),
        };
        let mut errors = Vec::new();
        let missing = |key: &str| {
            Diagnostic::error(format!("site.toml is missing the required key `{key}`"))
                .in_file("site.toml")
                .hint(format!("add a line like `{key} = \"...\"`"))
        };
        let title = raw.title.unwrap_or_else(|| {
            errors.push(missing("title"));
            String::new()
        });
        let base_url = match raw.base_url {
            Some(url) => match normalize_base_url(&url) {
                Ok(url) => url,
                Err(message) => {
                    errors.push(
                        Diagnostic::error(message)
                            .in_file("site.toml")
                            .at(locate_key(text, "base_url"))
                            .hint("use an absolute URL such as `https://example.org/` or `https://example.org/dossier/`"),
                    );
                    String::new()
                }
            },
            None => {
                errors.push(missing("base_url"));
                String::new()
            }
        };
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if !is_theme_name(&theme) {
            errors.push(
                Diagnostic::error(format!(
                    "theme `{}` is not the name of a folder in themes/",
                    theme.escape_debug()
                ))
                .in_file("site.toml")
                .at(locate_key(text, "theme"))
                .hint("a theme lives in the dossier's own themes/<name>/ folder: write `theme = \"<name>\"`, or leave `theme` out for the built-in theme"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let output_dir = root.join(raw.output_dir.as_deref().unwrap_or("public"));
        Ok(SiteConfig {
            base_path: base_path_of(&base_url),
            base_url,
            title,
            description: raw.description,
            language: raw.language.unwrap_or_else(|| "en".to_string()),
            theme,
            output_dir,
            build: raw.build,
        })
    }

    /// Applies command-line flags, which win over `site.toml`.
    pub fn apply(&mut self, overrides: &Overrides) -> Result<(), Diagnostic> {
        if let Some(output) = &overrides.output {
            self.output_dir = output.clone();
        }
        if let Some(url) = &overrides.base_url {
            self.base_url = normalize_base_url(url).map_err(Diagnostic::error)?;
            self.base_path = base_path_of(&self.base_url);
        }
        if overrides.drafts {
            self.build.drafts = true;
        }
        Ok(())
    }
}

/// Whether `theme` can only name a folder directly inside `themes/`: one
/// plain name, never a path that could lead elsewhere (SPEC §1).
fn is_theme_name(theme: &str) -> bool {
    !theme.is_empty() && theme != "." && theme != ".." && !theme.contains(['/', '\\', ':', '\0'])
}

/// Checks `url` is an absolute http(s) URL and makes it end in `/`.
///
/// Runs of `/` in its path are collapsed into one: `https://example.org//news/`
/// would otherwise make every link start with `//news/`, which a browser
/// reads as another host.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    // The scheme is case-insensitive (`HTTPS://` is fine); it is written lowercase.
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let url = format!(
        "{}{}",
        url[..scheme_end].to_ascii_lowercase(),
        &url[scheme_end..]
    );
    let url = url.as_str();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => {
            if url.contains(['?', '#', '"', '<', '>', '\\'])
                || url.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(format!(
                    "base_url `{}` may not contain a query, fragment, spaces, quotes or angle brackets",
                    url.escape_debug()
                ));
            }
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let scheme = &url[..url.len() - rest.len()];
            let mut clean = format!("{scheme}{host}/");
            for part in path.split('/').filter(|p| !p.is_empty()) {
                clean.push_str(part);
                clean.push('/');
            }
            Ok(clean)
        }
        _ => Err(format!(
            "base_url `{}` is not an absolute http(s) URL",
            url.escape_debug()
        )),
    }
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

fn locate_key(text: &str, key: &str) -> Location {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let column = line.len() - trimmed.len() + 1;
                return Location::at_line(text, i + 1, column);
            }
        }
    }
    Location::at_line(text, 1, 1)
}

fn toml_error(text: &str, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().to_string();
    let mut diagnostic = Diagnostic::error(format!("site.toml: {message}")).in_file("site.toml");
    if let Some(span) = err.span() {
        diagnostic = diagnostic.at(Location::at_offset(text, span.start));
    }
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        let in_build = message.contains("`drafts`") || message.contains("`auto_link`");
        let known = if in_build { BUILD_KEYS } else { TOP_KEYS };
        diagnostic.message = format!("site.toml: unknown key `{unknown}`");
        diagnostic = match closest(unknown, known.iter().copied()) {
            Some(best) => diagnostic.hint(format!(
                "did you mean `{best}`? known keys: {}",
                known.join(", ")
            )),
            None => diagnostic.hint(format!("known keys: {}", known.join(", "))),
        };
    } else if message.contains("auto_link") || message.contains("unknown variant") {
        diagnostic = diagnostic.hint("auto_link is one of \"first\", \"all\" or \"off\"");
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(text, Path::new("/dossier"))
    }

    #[test]
    fn defaults_and_base_path() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/venezuela\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/venezuela/");
        assert_eq!(c.base_path, "/venezuela/");
        assert_eq!(c.language, "en");
        assert_eq!(c.output_dir, Path::new("/dossier/public"));
        assert_eq!(c.build.auto_link, AutoLink::First);
        assert!(c.build.search);
    }

    #[test]
    fn unknown_key_gets_a_hint_and_a_line() {
        let err =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\ntitel = \"x\"\n").unwrap_err();
        let text = err[0].render(false);
        assert!(text.contains("unknown key `titel`"), "{text}");
        assert!(text.contains("site.toml:3:"), "{text}");
        assert!(text.contains("did you mean `title`"), "{text}");
    }

    #[test]
    fn missing_required_keys_are_all_reported() {
        let err = parse("description = \"d\"\n").unwrap_err();
        assert_eq!(err.len(), 2);
    }

    #[test]
    fn base_url_scheme_is_case_insensitive_and_controls_are_refused() {
        let c = parse("title = \"T\"\nbase_url = \"HTTPS://example.org/V\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/V/");
        assert_eq!(c.base_path, "/V/");
        assert!(normalize_base_url("https://e.org/a\tb").is_err());
        assert!(normalize_base_url("https://e.org/a\\b").is_err());
    }

    #[test]
    fn doubled_slashes_in_base_urls_path_are_collapsed() {
        let c = parse("title = \"T\"\nbase_url = \"https://news//\"\n").unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.base_path.as_str()),
            ("https://news/", "/")
        );
        let c = parse("title = \"T\"\nbase_url = \"https://e.org//a//b\"\n").unwrap();
        assert_eq!(c.base_url, "https://e.org/a/b/");
        assert_eq!(c.base_path, "/a/b/");
    }

    #[test]
    fn a_theme_outside_themes_is_an_error_at_its_line() {
        for theme in ["/abs/path", "../../x", "..", "a/b", "", r"a\\b", r"C:\\x"] {
            let text =
                format!("title = \"T\"\nbase_url = \"https://e.org/\"\ntheme = \"{theme}\"\n");
            let errors = parse(&text).unwrap_err();
            let rendered = errors[0].render(false);
            assert!(rendered.contains("site.toml:3"), "{theme}: {rendered}");
            assert!(rendered.contains("themes/"), "{theme}: {rendered}");
        }
        assert!(parse("title = \"T\"\nbase_url = \"https://e.org/\"\ntheme = \"mine\"\n").is_ok());
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        assert!(parse("title = \"T\"\nbase_url = \"/relative\"\n").is_err());
        assert!(parse("title = \"T\"\nbase_url = \"javascript:alert(1)\"\n").is_err());
    }
}
