//! `dossier new`: a new content file with a front-matter skeleton.
//!
//! The id is folded from the title or name (`Ana Núñez` → `ana-nunez`);
//! articles get a `YYYY-MM-DD-` prefix from today or `--date`. Every field of
//! the kind is listed, the optional ones commented out, so the editor sees
//! what is possible. An existing file with that id is never overwritten.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{CONTENT_ERROR, OK, USAGE_ERROR};
use crate::content::date::PartialDate;
use crate::content::id::slugify;
use crate::content::yaml::quote;
use crate::content::Kind;

/// The longest id `dossier new` gives a file.
const ID_LIMIT: usize = 80;

/// What `dossier new` can create. The folder's name (`people`) and the
/// British spelling are accepted too, as an editor looking at `content/`
/// would type them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    #[value(alias = "articles")]
    Article,
    #[value(alias = "people", alias = "persons")]
    Person,
    #[value(alias = "places")]
    Place,
    #[value(alias = "events")]
    Event,
    #[value(
        alias = "organizations",
        alias = "organisation",
        alias = "organisations",
        alias = "org",
        alias = "orgs"
    )]
    Organization,
    #[value(alias = "pages")]
    Page,
}

impl NewKind {
    fn folder(self) -> &'static str {
        match self {
            NewKind::Article => "articles",
            NewKind::Page => "pages",
            NewKind::Person => Kind::Person.folder(),
            NewKind::Place => Kind::Place.folder(),
            NewKind::Event => Kind::Event.folder(),
            NewKind::Organization => Kind::Organization.folder(),
        }
    }
}

/// Writes a new content file with a front-matter skeleton.
#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The title (articles, pages) or name (entities).
    pub title: String,
    /// The dossier's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Date for an article or event (YYYY-MM-DD); default today.
    #[arg(long)]
    pub date: Option<String>,
}

pub fn execute(args: &NewArgs) -> u8 {
    match create(args) {
        Ok(path) => {
            println!("{}", path.display());
            OK
        }
        Err((code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

/// Writes the file and returns its path relative to the dossier root.
pub fn create(args: &NewArgs) -> Result<PathBuf, (u8, String)> {
    let date = match &args.date {
        Some(text) => {
            PartialDate::parse(text).map_err(|e| (USAGE_ERROR, format!("--date: {e}")))?
        }
        None => PartialDate::parse(&chrono::Local::now().format("%Y-%m-%d").to_string())
            .map_err(|e| (CONTENT_ERROR, e))?,
    };
    let title = args.title.trim();
    if title.is_empty() {
        return Err((USAGE_ERROR, "the title or name is empty".into()));
    }
    let mut id = slugify(title);
    if id.len() > ID_LIMIT {
        // File names are limited (255 bytes on most file systems): cut a
        // long name's id at a word.
        let cut = id[..ID_LIMIT].rfind('-').unwrap_or(ID_LIMIT);
        id.truncate(cut);
    }
    if id.is_empty() {
        id = "untitled".into();
    }
    if args.kind == NewKind::Article {
        id = format!("{}-{id}", date.iso());
    }
    if args.kind == NewKind::Page && crate::dossier::RESERVED_PAGE_IDS.contains(&id.as_str()) {
        // A page called "Search" would take the site's own /search/ and
        // fail the next build; the build's hint suggests the same name.
        id = format!("about-{id}");
    }
    let folder = args.root.join("content").join(args.kind.folder());
    if let Some(existing) = find_id(&folder, &id) {
        return Err((
            CONTENT_ERROR,
            format!(
                "{} already exists; dossier new never overwrites",
                existing
                    .strip_prefix(&args.root)
                    .unwrap_or(&existing)
                    .display()
            ),
        ));
    }
    let path = folder.join(format!("{id}.md"));
    std::fs::create_dir_all(&folder).map_err(|e| {
        (
            CONTENT_ERROR,
            format!("cannot create {}: {e}", folder.display()),
        )
    })?;
    let text = skeleton(args.kind, title, &date);
    // create_new: never overwrite, even if the file appeared since the check.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            (
                CONTENT_ERROR,
                format!("cannot create {}: {e}", path.display()),
            )
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        (
            CONTENT_ERROR,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path.strip_prefix(&args.root).unwrap_or(&path).to_path_buf())
}

/// A file with stem `id` anywhere under `folder` (sub-folders share ids).
fn find_id(folder: &Path, id: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .find(|e| {
            e.file_type().is_file()
                && e.path().file_stem().is_some_and(|s| s == id)
                && e.path().extension().is_some_and(|x| x == "md")
        })
        .map(|e| e.into_path())
}

/// The front-matter skeleton and a body placeholder for `kind`.
pub fn skeleton(kind: NewKind, title: &str, date: &PartialDate) -> String {
    let q = quote(title);
    let day = date.iso();
    let common_entity = "# aliases: []\n# summary: \"\"\n# links:\n#   Website: https://example.org/\n# tags: []\n# draft: true\n# auto_link: false\n";
    let fields = match kind {
        NewKind::Article => format!(
            "title: {q}\ndate: {day}\n# outlet: \"\"\n# author: \"\"\n# url: https://example.org/original-article\n# language: en\n# summary: \"\"\n# people: []\n# places: []\n# events: []\n# organizations: []\n# tags: []\n# quotes:\n#   - by: person-or-organization-id\n#     text: \"words exactly as the article prints them\"\n# claims:\n#   - by: entity-id\n#     about: event-id\n#     text: \"\"\n#     status: disputed   # disputed | confirmed | refuted | unverified\n# draft: true\n# updated: {day}\n"
        ),
        NewKind::Person => format!(
            "name: {q}\n{common_entity}# born: 1970-01-31\n# died: 2020\n# role: \"\"\n# country: place-id\n# organizations: []\n"
        ),
        NewKind::Place => format!(
            "name: {q}\n{common_entity}# type: city   # city, country, region, square, building, neighbourhood, …\n# within: place-id\n# coordinates: [0.0, 0.0]   # [latitude, longitude]\n"
        ),
        NewKind::Event => format!(
            "name: {q}\ndate: {day}\n{common_entity}# end_date: {day}\n# places: []\n# people: []\n# organizations: []\n# part_of: event-id\n"
        ),
        NewKind::Organization => format!(
            "name: {q}\n{common_entity}# type: \"\"\n# abbreviation: \"\"\n# country: place-id\n# founded: 1990\n"
        ),
        NewKind::Page => format!("title: {q}\n# summary: \"\"\n# draft: true\n"),
    };
    let body = match kind {
        NewKind::Article => "Paste or write the article text here, one paragraph per block.\n",
        NewKind::Page => "Write the page here.\n",
        _ => "Describe it here: who or what it is, and why it matters to the story.\n",
    };
    format!("---\n{fields}---\n{body}")
}
