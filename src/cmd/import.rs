//! `dossier import FILE...`: raw article text → `content/articles/<date>-<slug>.md`.
//!
//! Prints, for each file, where the article went, what was removed and why,
//! and which entities of the dossier it names, so the editor can review.
//! Never overwrites; fails with a clear error when no headline or date is
//! known and none was given.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CONTENT_ERROR, OK, USAGE_ERROR};
use crate::config::SiteConfig;
use crate::content::is_http_url;
use crate::content::load::load_content;
use crate::content::PartialDate;
use crate::dossier::Dossier;
use crate::import::{article_id, clean::clean, find_entities, to_markdown, Meta};
use crate::names::NameTable;

/// Turns raw article text into clean articles.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// Raw text files, one article each.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The dossier's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The publication's name.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) when the text has none.
    #[arg(long)]
    pub date: Option<String>,
    /// The original article's address (http or https).
    #[arg(long)]
    pub url: Option<String>,
    /// The headline, when the text has none or it was detected wrong.
    #[arg(long)]
    pub title: Option<String>,
    /// The article's language, e.g. en or es.
    #[arg(long)]
    pub language: Option<String>,
}

/// Larger files are refused, not cleaned: a long article is some tens of
/// kilobytes, and cleaning takes about a second per megabyte, so a file of
/// several megabytes is a mistake that would otherwise look like a hang.
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

fn import_one(
    args: &ImportArgs,
    dossier: &Dossier,
    names: &NameTable,
    file: &Path,
    date_flag: Option<&PartialDate>,
) -> Result<String, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(format!(
            "file is over {} MB; no article is that long (is it a whole site, or several articles?)",
            MAX_IMPORT_BYTES / 1_048_576
        ));
    }
    let raw = String::from_utf8(bytes)
        .map_err(|_| "not UTF-8 text; save it as UTF-8 first".to_string())?;
    let cleaned = clean(&raw);
    if cleaned.paragraphs.is_empty() {
        return Err("no article text left after cleaning".into());
    }
    let title = args
        .title
        .clone()
        .or(cleaned.title.clone())
        .ok_or("no headline found; pass --title \"…\"")?;
    let date = match (date_flag, cleaned.date.as_deref()) {
        (Some(d), _) => d.clone(),
        (None, Some(found)) => {
            PartialDate::parse(found).map_err(|e| format!("detected date: {e}"))?
        }
        (None, None) => return Err("no date found in the text; pass --date YYYY-MM-DD".into()),
    };
    let id = article_id(&date, &title);
    let folder = args.root.join("content/articles");
    let exists = walkdir::WalkDir::new(&folder)
        .into_iter()
        .flatten()
        .any(|e| {
            e.path().file_stem().is_some_and(|s| s == id.as_str())
                && e.path().extension().is_some_and(|x| x == "md")
        });
    if exists {
        return Err(format!(
            "content/articles/{id}.md already exists; import never overwrites"
        ));
    }
    let found = find_entities(names, &dossier.entities, &cleaned.paragraphs);
    let meta = Meta {
        title: &title,
        date: &date,
        outlet: args.outlet.as_deref(),
        url: args.url.as_deref(),
        language: args.language.as_deref(),
    };
    let text = to_markdown(&meta, &found, &cleaned.paragraphs);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let path = folder.join(format!("{id}.md"));
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut out, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;

    let mut report = format!("{} → content/articles/{id}.md\n", file.display());
    let source = |flag: bool| if flag { "given" } else { "found in the text" };
    report.push_str(&format!(
        "  title ({}): {title}\n",
        source(args.title.is_some())
    ));
    report.push_str(&format!(
        "  date ({}): {}\n",
        source(date_flag.is_some()),
        date.iso()
    ));
    report.push_str(&format!("  kept {} paragraphs\n", cleaned.paragraphs.len()));
    for removal in &cleaned.removed {
        let mut text: String = removal.text.chars().take(80).collect();
        if removal.text.chars().count() > 80 {
            text.push('…');
        }
        report.push_str(&format!(
            "  removed ({}): {}\n",
            removal.reason,
            text.replace('\n', " ")
        ));
    }
    if found.by_kind.is_empty() {
        report.push_str("  no known entities named\n");
    }
    for (kind, ids) in &found.by_kind {
        report.push_str(&format!("  {}: {}\n", kind.folder(), ids.join(", ")));
    }
    for name in &found.ambiguous {
        report.push_str(&format!("  ambiguous, not listed: {name}\n"));
    }
    Ok(report)
}
