//! `dossier import FILE...`: raw article text → `content/articles/<date>-<slug>.md`.
//!
//! Prints, for each file, where the article went, what was found (title,
//! date, author, outlet, language, tags) and where, what was removed and
//! why, which entities of the dossier it names and which names it uses that
//! no entity has. A flag never silently overrides the text: when the text
//! has its own value, the flag is used only with `--force-…`, and the
//! report says which won. Never overwrites; fails with a clear error naming
//! the file, writing nothing, when the input is not an article's text or no
//! headline or date is known.
//!
//! `--rescan` adds to already imported articles the entities that exist
//! now, changing only front-matter list lines.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CONTENT_ERROR, OK, USAGE_ERROR};
use crate::config::SiteConfig;
use crate::content::id::slugify;
use crate::content::is_http_url;
use crate::content::load::load_content;
use crate::content::{frontmatter, Kind, PartialDate};
use crate::dossier::Dossier;
use crate::import::clean::clean;
use crate::import::rescan::add_ids;
use crate::import::suggest::{suggest, Suggestion};
use crate::import::{article_id, find_entities, join_names, to_markdown, Found, Meta};
use crate::names::NameTable;

/// Turns raw article text into clean articles.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// Raw text files, one article each (with --rescan: article files or
    /// ids to re-scan; none means every article).
    #[arg(required_unless_present = "rescan")]
    pub files: Vec<PathBuf>,
    /// The dossier's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The publication's name, for texts that do not show it.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for texts that have none.
    #[arg(long)]
    pub date: Option<String>,
    /// The original article's address (http or https).
    #[arg(long)]
    pub url: Option<String>,
    /// The headline, for texts that have none.
    #[arg(long)]
    pub title: Option<String>,
    /// The article's language, e.g. en or es (instead of the detected one).
    #[arg(long)]
    pub language: Option<String>,
    /// The byline (instead of the one found in the text).
    #[arg(long)]
    pub author: Option<String>,
    /// Use --date even where the text has its own date.
    #[arg(long, requires = "date")]
    pub force_date: bool,
    /// Use --title even where the text has its own headline.
    #[arg(long, requires = "title")]
    pub force_title: bool,
    /// Use --outlet even where the text names its own outlet.
    #[arg(long, requires = "outlet")]
    pub force_outlet: bool,
    /// Write a skeleton entity file for each new name whose kind was
    /// guessed (never overwriting), and list it in the article.
    #[arg(long)]
    pub new_entities: bool,
    /// Add the entities that exist now to the front-matter lists of
    /// articles imported before (only list lines change).
    #[arg(long, conflicts_with_all = ["new_entities", "date", "title", "outlet", "author", "url", "language"])]
    pub rescan: bool,
}

/// Larger files are refused, not cleaned: a long article is some tens of
/// kilobytes, and cleaning takes about a second per megabyte, so a file of
/// several megabytes is a mistake that would otherwise look like a hang.
/// The read stops there, so an endless stream (`/dev/zero`) ends too.
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024;

pub fn execute(args: &ImportArgs) -> u8 {
    if let Some(url) = &args.url {
        if !is_http_url(url) {
            eprintln!("error: --url must be an http or https URL, not `{url}`");
            return USAGE_ERROR;
        }
    }
    let date = match args.date.as_deref().map(PartialDate::parse) {
        Some(Err(e)) => {
            eprintln!("error: --date: {e}");
            return USAGE_ERROR;
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let config = match SiteConfig::load(&args.root) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                eprint!("{}", e.render(super::color_stderr()));
            }
            return CONTENT_ERROR;
        }
    };
    let (content, _) = load_content(&args.root);
    let (dossier, problems) = Dossier::assemble(config, &args.root, content);
    if problems.iter().any(|p| p.is_error()) {
        eprintln!("note: the dossier has errors (run `dossier check`); entities are found among the files that load");
    }
    let names = NameTable::build(&dossier);
    if args.rescan {
        return rescan(args, &dossier, &names);
    }
    let mut failed = false;
    for file in &args.files {
        match import_one(args, &dossier, &names, file, date.as_ref()) {
            Ok(report) => println!("{report}"),
            Err(message) => {
                eprintln!("error: {}: {message}", file.display());
                failed = true;
            }
        }
    }
    if failed {
        CONTENT_ERROR
    } else {
        OK
    }
}

/// The text of `file`, or why it is not an article's text.
fn read_text(file: &Path) -> Result<String, String> {
    if file.is_dir() {
        return Err("is a directory; import takes article files (import dir/*.txt)".into());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(format!(
            "a NUL byte at byte {at}: this is a binary file, not an article's text"
        ));
    }
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(format!(
            "file is over {} MB; no article is that long (is it a whole site, or several articles?)",
            MAX_IMPORT_BYTES / 1_048_576
        ));
    }
    let raw = String::from_utf8(bytes)
        .map_err(|_| "not UTF-8 text; save it as UTF-8 first".to_string())?;
    if raw.trim().is_empty() {
        return Err("the file is empty".into());
    }
    // A saved page would come out as markup soup: say so rather than guess.
    let opening = raw
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    if opening.starts_with("<!doctype html") || opening.starts_with("<html") {
        return Err(
            "a saved web page (HTML); import reads article text: copy the article's text from the page into a .txt file"
                .into(),
        );
    }
    Ok(raw)
}

/// What a flag and the text say about one field, and which is used.
struct Choice<T> {
    value: Option<T>,
    line: Option<String>,
}

/// Picks between `flag` and the text's `found` value: the text's wins
/// unless `force`; agreeing values take the flag's spelling.
fn choose<T: Clone>(
    field: &str,
    flag: Option<(T, String)>,
    found: Option<(T, String)>,
    force: bool,
    agree: impl Fn(&str, &str) -> bool,
) -> Choice<T> {
    match (flag, found) {
        (None, None) => Choice {
            value: None,
            line: None,
        },
        (None, Some((value, shown))) => Choice {
            value: Some(value),
            line: Some(format!("{field} (found in the text): {shown}")),
        },
        (Some((value, shown)), None) => Choice {
            value: Some(value),
            line: Some(format!("{field} (given): {shown}")),
        },
        (Some((flag, flag_shown)), Some((text, text_shown))) => {
            if agree(&flag_shown, &text_shown) {
                Choice {
                    value: Some(flag),
                    line: Some(format!(
                        "{field} (given; the text agrees: {text_shown}): {flag_shown}"
                    )),
                }
            } else if !force {
                Choice {
                    value: Some(text),
                    line: Some(format!(
                        "{field} (found in the text): {text_shown} — the given {flag_shown:?} differs and is not used (--force-{field} uses it)"
                    )),
                }
            } else {
                Choice {
                    value: Some(flag),
                    line: Some(format!(
                        "{field} (given, forced): {flag_shown} — the text says {text_shown:?}"
                    )),
                }
            }
        }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a.starts_with(&b) || b.starts_with(&a)
}

fn import_one(
    args: &ImportArgs,
    dossier: &Dossier,
    names: &NameTable,
    file: &Path,
    date_flag: Option<&PartialDate>,
) -> Result<String, String> {
    let raw = read_text(file)?;
    let cleaned = clean(&raw);
    if cleaned.paragraphs.is_empty() {
        return Err(if cleaned.removed.is_empty() {
            "no article text left after cleaning".into()
        } else {
            format!(
                "only publisher furniture ({} pieces removed, the first: {:?}); no article text left",
                cleaned.removed.len(),
                cleaned.removed[0].text.chars().take(60).collect::<String>()
            )
        });
    }
    let title = choose(
        "title",
        args.title.clone().map(|t| (t.clone(), t)),
        cleaned.title.clone().map(|t| (t.clone(), t)),
        args.force_title,
        |a, b| a == b,
    );
    let Some(title_value) = title.value.clone() else {
        return Err("no headline found; pass --title \"…\"".into());
    };
    let found_date = match cleaned.date.as_deref().map(PartialDate::parse) {
        Some(Ok(date)) => Some(date),
        Some(Err(e)) => return Err(format!("detected date: {e}")),
        None => None,
    };
    if let (None, None, Some(ambiguous)) = (&found_date, date_flag, &cleaned.ambiguous_date) {
        return Err(format!(
            "the date in {:?} reads two ways: {} (day first) or {} (month first); pass --date YYYY-MM-DD",
            ambiguous.line, ambiguous.day_first, ambiguous.month_first
        ));
    }
    let date = choose(
        "date",
        date_flag.map(|d| (d.clone(), d.iso())),
        found_date.map(|d| {
            let iso = d.iso();
            (d, iso)
        }),
        args.force_date,
        |flag, text| flag == text,
    );
    let Some(date_value) = date.value.clone() else {
        return Err("no date found in the text; pass --date YYYY-MM-DD".into());
    };
    let updated = cleaned
        .updated
        .as_deref()
        .and_then(|u| PartialDate::parse(u).ok());
    let outlet = choose(
        "outlet",
        args.outlet.clone().map(|o| (o.clone(), o)),
        cleaned.outlet.clone().map(|o| (o.clone(), o)),
        args.force_outlet,
        same_name,
    );
    // The byline and the language are the editor's to correct: a flag wins,
    // and the report says what the text had.
    let found_author = join_names(&cleaned.authors);
    let author = args.author.clone().or(found_author.clone());
    let language = args.language.clone().or(cleaned.language.clone());

    let id = article_id(&date_value, &title_value);
    let folder = args.root.join("content/articles");
    if stem_exists(&folder, &id) {
        return Err(format!(
            "content/articles/{id}.md already exists; import never overwrites"
        ));
    }
    let mut found = find_entities(names, &dossier.entities, &cleaned.paragraphs);
    let mut exclude: Vec<&str> = cleaned.authors.iter().map(String::as_str).collect();
    if let Some(outlet) = outlet.value.as_deref() {
        exclude.push(outlet);
    }
    let suggestions = suggest(names, &cleaned.paragraphs, &exclude);
    let written = if args.new_entities {
        write_skeletons(&args.root, dossier, &suggestions, &mut found)?
    } else {
        Vec::new()
    };
    let meta = Meta {
        title: &title_value,
        date: &date_value,
        outlet: outlet.value.as_deref(),
        url: args.url.as_deref(),
        language: language.as_deref(),
        author: author.as_deref(),
        updated: updated.as_ref(),
        tags: &cleaned.tags,
    };
    let text = to_markdown(&meta, &found, &cleaned.paragraphs);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let path = folder.join(format!("{id}.md"));
    write_new(&path, &text)?;

    let mut report = format!("{} → content/articles/{id}.md\n", file.display());
    let mut line = |text: String| {
        report.push_str("  ");
        report.push_str(&text);
        report.push('\n');
    };
    for choice in [title.line, date.line, outlet.line].into_iter().flatten() {
        line(choice);
    }
    if let Some(updated) = &updated {
        line(format!("updated (found in the text): {}", updated.iso()));
    }
    match (&args.author, &found_author) {
        (Some(given), Some(text)) if given != text => {
            line(format!("author (given): {given} — the text says {text:?}"))
        }
        (Some(given), _) => line(format!("author (given): {given}")),
        (None, Some(text)) => line(format!("author (found in the text): {text}")),
        (None, None) => {}
    }
    match (&args.language, &cleaned.language) {
        (Some(given), Some(text)) if given != text => line(format!(
            "language (given): {given} — the text reads as {text}"
        )),
        (Some(given), _) => line(format!("language (given): {given}")),
        (None, Some(text)) => line(format!("language (detected): {text}")),
        (None, None) => line("language: not clear from the text; pass --language".into()),
    }
    if !cleaned.tags.is_empty() {
        line(format!(
            "tags (found in the text): {}",
            cleaned.tags.join(", ")
        ));
    }
    line(format!("kept {} paragraphs", cleaned.paragraphs.len()));
    for removal in &cleaned.removed {
        let mut text: String = removal.text.chars().take(80).collect();
        if removal.text.chars().count() > 80 {
            text.push('…');
        }
        line(format!(
            "removed ({}): {}",
            removal.reason,
            text.replace('\n', " ")
        ));
    }
    if found.by_kind.is_empty() {
        line("no known entities named".into());
    }
    for (kind, ids) in &found.by_kind {
        line(format!("{}: {}", kind.folder(), ids.join(", ")));
    }
    for name in &found.ambiguous {
        line(format!("ambiguous, not listed: {name}"));
    }
    for suggestion in &suggestions {
        line(format!("new name (no entity): {}", describe(suggestion)));
    }
    for path in written {
        line(format!("wrote {path}"));
    }
    Ok(report)
}

fn describe(suggestion: &Suggestion) -> String {
    let kind = match suggestion.kind {
        Some(Kind::Person) => "person?",
        Some(Kind::Place) => "place?",
        Some(Kind::Organization) => "organization?",
        Some(Kind::Event) => "event?",
        None => "kind unknown",
    };
    let times = if suggestion.count > 1 {
        format!(", {}×", suggestion.count)
    } else {
        String::new()
    };
    format!("{} ({kind}{times})", suggestion.name)
}

fn stem_exists(folder: &Path, id: &str) -> bool {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .any(|e| {
            e.path().file_stem().is_some_and(|s| s == id)
                && e.path().extension().is_some_and(|x| x == "md")
        })
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut out, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes `content/<kind>/<id>.md` with only a `name` for each suggestion
/// whose kind was guessed, unless an entity already has that id, and adds
/// the ids to the article's lists. Returns what it wrote and what it left.
fn write_skeletons(
    root: &Path,
    dossier: &Dossier,
    suggestions: &[Suggestion],
    found: &mut Found,
) -> Result<Vec<String>, String> {
    let mut written = Vec::new();
    for suggestion in suggestions {
        let Some(kind) = suggestion.kind else {
            continue;
        };
        let id = slugify(&suggestion.name);
        if id.is_empty() {
            continue;
        }
        let folder = root.join("content").join(kind.folder());
        let relative = format!("content/{}/{id}.md", kind.folder());
        if dossier.entities.iter().any(|e| e.id == id) || stem_exists(&folder, &id) {
            written.push(format!(
                "nothing for {}: {relative} or the id exists",
                suggestion.name
            ));
            continue;
        }
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        let text = format!(
            "---\nname: {}\n# summary: \"\"\n---\n",
            crate::content::yaml::quote(&suggestion.name)
        );
        write_new(&folder.join(format!("{id}.md")), &text)?;
        written.push(format!("{relative} (name: {})", suggestion.name));
        match found.by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, ids)) => ids.push(id),
            None => {
                found.by_kind.push((kind, vec![id]));
                found
                    .by_kind
                    .sort_by_key(|(k, _)| Kind::ALL.iter().position(|x| x == k));
            }
        }
    }
    Ok(written)
}

/// `--rescan`: for each article (all, or those named), the entities its
/// body names that its lists lack are added; the changed lines are printed.
fn rescan(args: &ImportArgs, dossier: &Dossier, names: &NameTable) -> u8 {
    let folder = args.root.join("content/articles");
    let mut paths: Vec<PathBuf> = if args.files.is_empty() {
        walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.into_path())
            .collect()
    } else {
        args.files
            .iter()
            .map(|f| {
                if f.exists() {
                    f.clone()
                } else {
                    folder.join(f).with_extension("md")
                }
            })
            .collect()
    };
    paths.dedup();
    let mut failed = false;
    let mut changed = 0;
    for path in &paths {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => frontmatter::normalize(t),
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let Ok(split) = frontmatter::split(&text) else {
            eprintln!(
                "error: {}: no front-matter; not an article file",
                path.display()
            );
            failed = true;
            continue;
        };
        let paragraphs: Vec<String> = split
            .body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let found = find_entities(names, &dossier.entities, &paragraphs);
        let Some((new_text, changes)) = add_ids(&text, &found.by_kind) else {
            continue;
        };
        if let Err(e) = std::fs::write(path, new_text) {
            eprintln!("error: {}: cannot write: {e}", path.display());
            failed = true;
            continue;
        }
        changed += 1;
        println!("{}", path.display());
        for change in changes {
            if let Some(before) = change.before {
                println!("  - {before}");
            }
            println!("  + {}", change.after);
        }
    }
    println!("re-scanned {} articles, {changed} changed", paths.len());
    if failed {
        CONTENT_ERROR
    } else {
        OK
    }
}
