//! Themes: Tera templates and static files.
//!
//! The default theme (`themes/default/` in this repository) is compiled into
//! the binary, so a dossier needs no `themes/` folder. A dossier's
//! `themes/<name>/` replaces it, and a file in the dossier's `templates/`
//! replaces one template of whichever theme is in use (SPEC §1). Template
//! syntax errors are reported with the template's file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::ast::{Expr, ExprVal, Node};
use tera::{Template, Tera};

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
        Theme::compile(sources, static_dir)
    }

    /// The built-in theme with `templates` (name, text) laid over it, as a
    /// dossier's `templates/` folder lays its files: for tests and fuzzing,
    /// with every check [`Theme::load`] makes.
    pub fn with_templates(templates: &[(&str, &str)]) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (Origin, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), (Origin::Builtin, text.to_string())))
            .collect();
        for (name, text) in templates {
            let origin = Origin::File(Path::new("templates").join(name));
            sources.insert(name.to_string(), (origin, text.to_string()));
        }
        Theme::compile(sources, None)
    }

    /// Checks and parses the templates of one build.
    fn compile(
        sources: BTreeMap<String, (Origin, String)>,
        static_dir: Option<PathBuf>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let origins: BTreeMap<String, Origin> = sources
            .iter()
            .map(|(k, (o, _))| (k.clone(), o.clone()))
            .collect();
        let texts: BTreeMap<String, String> =
            sources.into_iter().map(|(k, (_, t))| (k, t)).collect();
        // Before Tera sees them: it follows `extends` chains recursively,
        // so a cycle that does not pass through the first template it
        // looks at never ends inside `add_raw_templates` itself.
        let errors = recursion_errors(&origins, &texts);
        if !errors.is_empty() {
            return Err(errors);
        }
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

/// Where a template came from, as the file an error names.
fn file_of(origins: &BTreeMap<String, Origin>, name: &str) -> PathBuf {
    match origins.get(name) {
        Some(Origin::File(path)) => path.clone(),
        _ => PathBuf::from(format!("themes/default/templates/{name}")),
    }
}

/// What a template refers to, for the recursion check.
#[derive(Default)]
struct Refs<'t> {
    /// Templates it includes (the first of each list that exists).
    includes: Vec<&'t str>,
    /// Macros it calls: (namespace, name).
    calls: Vec<(&'t str, &'t str)>,
}

/// Errors for templates that would render forever: an `include`,
/// `extends` or `import` cycle, and a macro that calls itself, directly or
/// through other macros. Tera follows both without a bound, and the
/// process would die of a stack overflow with no message (and `serve`
/// with it), so both are refused when the theme is loaded. A template
/// that does not parse is left to Tera, which reports it with its line.
fn recursion_errors(
    origins: &BTreeMap<String, Origin>,
    texts: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut parsed = BTreeMap::new();
    for (name, text) in texts {
        match Template::new(name, None, text) {
            Ok(template) => parsed.insert(name.as_str(), template),
            Err(_) => return Vec::new(),
        };
    }
    let exists = |name: &str| parsed.contains_key(name);
    // Template → the templates rendering it renders: its parent, what it
    // includes, what it imports macros from.
    let mut edges: BTreeMap<&str, Vec<(&str, &'static str)>> = BTreeMap::new();
    // (template, macro) → the macros its body calls.
    let mut macro_edges: BTreeMap<(&str, &str), Vec<(&str, &str)>> = BTreeMap::new();
    let mut known = BTreeMap::new();
    for (&name, template) in &parsed {
        let out = edges.entry(name).or_default();
        if let Some(parent) = template.parent.as_deref().filter(|p| exists(p)) {
            out.push((parent, "extends"));
        }
        let mut refs = Refs::default();
        collect_nodes(&template.ast, &exists, &mut refs);
        out.extend(refs.includes.iter().map(|&t| (t, "include")));
        for (file, _) in &template.imported_macro_files {
            if let Some((&file, _)) = parsed.get_key_value(file.as_str()) {
                out.push((file, "import"));
            }
        }
        let seen_from_here = namespaces(&parsed, name, &mut known, &mut Vec::new());
        for (macro_name, definition) in &template.macros {
            let mut refs = Refs::default();
            collect_nodes(&definition.body, &exists, &mut refs);
            let callees = refs
                .calls
                .iter()
                .filter_map(|&(namespace, callee)| {
                    let file = if namespace == "self" {
                        Some(name)
                    } else {
                        seen_from_here.get(namespace).copied()
                    }?;
                    Some((file, callee))
                })
                .collect();
            macro_edges.insert((name, macro_name.as_str()), callees);
        }
    }
    let mut errors = Vec::new();
    let graph: BTreeMap<&str, Vec<&str>> = edges
        .iter()
        .map(|(&from, to)| (from, to.iter().map(|&(t, _)| t).collect()))
        .collect();
    if let Some(cycle) = find_cycle(&graph) {
        let (from, to) = (cycle[0], cycle[1]);
        let how = edges[from]
            .iter()
            .find(|(t, _)| *t == to)
            .map_or("include", |(_, how)| *how);
        let text = &texts[from];
        let (they, it) = match how {
            "extends" => ("extend", "extends"),
            "import" => ("import", "imports"),
            _ => ("include", "includes"),
        };
        let message = if cycle.len() == 2 {
            format!("template `{from}` {it} itself: rendering it would never end")
        } else {
            format!(
                "templates {they} each other in a cycle ({}): rendering would never end",
                cycle.join(" → ")
            )
        };
        let mut d = Diagnostic::error(message)
            .in_file(file_of(origins, from))
            .hint(format!(
                "`{from}` must not {they} `{to}`, directly or through another template"
            ));
        if let Some(line) = tag_line(text, how, to) {
            d = d.at(Location::at_line(text, line, 1));
        }
        errors.push(d);
    }
    if let Some(cycle) = find_cycle(&macro_edges) {
        let (file, name) = cycle[0];
        let path: Vec<String> = cycle.iter().map(|(f, m)| format!("{f}::{m}")).collect();
        let text = &texts[file];
        let mut d = Diagnostic::error(format!(
            "macro `{name}` calls itself ({}): recursive macros are refused, since one that never stops would crash the build",
            path.join(" → ")
        ))
        .in_file(file_of(origins, file))
        .hint("render nested lists with a loop over a flat list, or one macro per level");
        if let Some(line) = tag_line(text, "macro", name) {
            d = d.at(Location::at_line(text, line, 1));
        }
        errors.push(d);
    }
    errors
}

/// The namespaces a macro of `file` may call, as Tera builds them: the
/// files it imports, and then, where it does not name them itself, the
/// namespaces those files see. Each file's are worked out once (`known`);
/// `open` stops at an import cycle, which is reported on its own.
fn namespaces<'t>(
    parsed: &'t BTreeMap<&str, Template>,
    file: &'t str,
    known: &mut BTreeMap<&'t str, BTreeMap<&'t str, &'t str>>,
    open: &mut Vec<&'t str>,
) -> BTreeMap<&'t str, &'t str> {
    if let Some(map) = known.get(file) {
        return map.clone();
    }
    let mut map = BTreeMap::new();
    let Some(template) = parsed.get(file).filter(|_| !open.contains(&file)) else {
        return map;
    };
    open.push(file);
    if !template.macros.is_empty() {
        map.insert("self", file);
    }
    for (imported, namespace) in &template.imported_macro_files {
        let Some((&imported, _)) = parsed.get_key_value(imported.as_str()) else {
            continue;
        };
        map.insert(namespace.as_str(), imported);
        for (ns, target) in namespaces(parsed, imported, known, open) {
            map.entry(ns).or_insert(target);
        }
    }
    open.pop();
    known.insert(file, map.clone());
    map
}

/// The first cycle in `graph`, as its nodes with the first repeated last.
fn find_cycle<N: Copy + Ord>(graph: &BTreeMap<N, Vec<N>>) -> Option<Vec<N>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<N, Mark> = BTreeMap::new();
    for &start in graph.keys() {
        if marks.contains_key(&start) {
            continue;
        }
        // An explicit stack: a theme may chain many templates.
        let mut path: Vec<(N, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edges = graph.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&to) = edges.get(*next) {
                *next += 1;
                match marks.get(&to) {
                    Some(Mark::Open) => {
                        let at = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let mut cycle: Vec<N> = path[at..].iter().map(|(n, _)| *n).collect();
                        cycle.push(to);
                        return Some(cycle);
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(to, Mark::Open);
                        path.push((to, 0));
                    }
                }
            } else {
                marks.insert(node, Mark::Done);
                path.pop();
            }
        }
    }
    None
}

/// The line of the `{% keyword … "name" … %}` tag in `text`.
fn tag_line(text: &str, keyword: &str, name: &str) -> Option<usize> {
    let quoted = [
        format!("\"{name}\""),
        format!("'{name}'"),
        format!("{name}("),
    ];
    text.lines()
        .position(|line| line.contains(keyword) && quoted.iter().any(|q| line.contains(q.as_str())))
        .map(|i| i + 1)
}

fn collect_nodes<'t>(nodes: &'t [Node], exists: &impl Fn(&str) -> bool, refs: &mut Refs<'t>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => collect_expr(expr, refs),
            Node::Include(_, names, _) => {
                if let Some(first) = names.iter().find(|n| exists(n)) {
                    refs.includes.push(first);
                }
            }
            Node::Set(_, set) => collect_expr(&set.value, refs),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| collect_expr(e, refs));
                collect_nodes(&section.body, exists, refs);
            }
            Node::Block(_, block, _) => collect_nodes(&block.body, exists, refs),
            Node::Forloop(_, forloop, _) => {
                collect_expr(&forloop.container, refs);
                collect_nodes(&forloop.body, exists, refs);
                if let Some(body) = &forloop.empty_body {
                    collect_nodes(body, exists, refs);
                }
            }
            Node::If(condition, _) => {
                for (_, expr, body) in &condition.conditions {
                    collect_expr(expr, refs);
                    collect_nodes(body, exists, refs);
                }
                if let Some((_, body)) = &condition.otherwise {
                    collect_nodes(body, exists, refs);
                }
            }
            // A macro's body runs when it is called: the macro graph
            // follows it.
            _ => {}
        }
    }
}

fn collect_expr<'t>(expr: &'t Expr, refs: &mut Refs<'t>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| collect_expr(e, refs));
    }
    collect_value(&expr.val, refs);
}

fn collect_value<'t>(value: &'t ExprVal, refs: &mut Refs<'t>) {
    match value {
        ExprVal::Math(math) => {
            collect_expr(&math.lhs, refs);
            collect_expr(&math.rhs, refs);
        }
        ExprVal::Logic(logic) => {
            collect_expr(&logic.lhs, refs);
            collect_expr(&logic.rhs, refs);
        }
        ExprVal::In(within) => {
            collect_expr(&within.lhs, refs);
            collect_expr(&within.rhs, refs);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| collect_expr(e, refs)),
        ExprVal::MacroCall(call) => {
            refs.calls.push((&call.namespace, &call.name));
            call.args.values().for_each(|e| collect_expr(e, refs));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| collect_expr(e, refs)),
        ExprVal::Array(items) => items.iter().for_each(|e| collect_expr(e, refs)),
        ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| collect_value(v, refs)),
        _ => {}
    }
}

/// Escapes text for HTML content and attributes, and drops the characters
/// a page may not carry ([`crate::forbidden`]). Unlike Tera's default it
/// leaves `/` alone, so URLs stay readable in the page source.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    // The five characters are ASCII and the others are looked at from their
    // first byte, so offsets are char boundaries and the runs between them
    // are copied whole.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (entity, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // The first bytes of every forbidden character (never a
            // continuation byte, so `i` is a char boundary).
            0..=0x1f | 0x7f | 0xc2 | 0xef..=0xf4 => match text[i..].chars().next() {
                Some(c) if crate::forbidden::is_forbidden(c) => ("", c.len_utf8()),
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        i += len;
        copied = i;
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
        assert_eq!(escape_html("a\0b\u{fffe}\u{85}¿\u{ffff}<\t"), "ab¿&lt;\t");
    }
}
