//! `dossier init DIR`: a new dossier that builds and checks clean.
//!
//! The skeleton has a `site.toml`, a home introduction, one article that
//! names one person, one place and one event, and an about page, so an
//! editor can see every piece working before replacing it with real content.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{CONTENT_ERROR, OK};

/// Creates a new dossier in an empty or missing folder.
#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Where to create the dossier (must be empty or not exist).
    pub dir: PathBuf,
    /// The dossier's title.
    #[arg(long, default_value = "My dossier")]
    pub title: String,
}

const FILES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "---\ntitle: {title}\nsummary: A dossier built with dossier.\n---\nThis dossier follows Jane Example and the Example City rally. Start with the [[about]] page.\n",
    ),
    (
        "content/articles/2024-01-15-example-rally.md",
        "---\ntitle: Thousands rally in Example City\ndate: 2024-01-15\noutlet: Example News\nurl: https://example.org/news/rally\nlanguage: en\nsummary: An example article; replace it with a real one (try `dossier import`).\npeople: [jane-example]\nplaces: [example-city]\nevents: [example-rally]\ntags: [example]\nquotes:\n  - by: jane-example\n    text: \"We will be heard\"\n---\nThousands gathered in Example City on Monday for the Example City rally. Jane Example told the crowd: \"We will be heard.\"\n",
    ),
    (
        "content/people/jane-example.md",
        "---\nname: Jane Example\naliases: [Example]\nrole: Organiser\nborn: 1980\n---\nJane Example is a made-up person who shows how a person's page looks.\n",
    ),
    (
        "content/places/example-city.md",
        "---\nname: Example City\ntype: city\ncoordinates: [48.8566, 2.3522]\n---\nA made-up city, drawn where Paris is.\n",
    ),
    (
        "content/events/example-rally.md",
        "---\nname: Example City rally\ndate: 2024-01-15\nplaces: [example-city]\npeople: [jane-example]\n---\nA made-up rally in Example City.\n",
    ),
    (
        "content/pages/about.md",
        "---\ntitle: About this dossier\nsummary: Sources, method and how to update.\n---\nSay here where the articles come from, what was cleaned and what is uncertain.\n\nTo update the dossier, edit the markdown files under `content/`, run `dossier check`, then `dossier build`.\n",
    ),
];

pub fn execute(args: &InitArgs) -> u8 {
    match init(&args.dir, &args.title) {
        Ok(()) => {
            println!("created a new dossier in {}", args.dir.display());
            println!("next: cd {} && dossier serve", args.dir.display());
            OK
        }
        Err(message) => {
            eprintln!("error: {message}");
            CONTENT_ERROR
        }
    }
}

/// Writes the skeleton into `dir`, which must be empty or missing.
pub fn init(dir: &Path, title: &str) -> Result<(), String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} is not empty; dossier init only fills an empty folder",
                dir.display()
            ));
        }
    }
    let site = format!(
        "title = {}\nbase_url = \"https://example.org/\"\ndescription = \"A news dossier.\"\nlanguage = \"en\"\n\n[build]\nauto_link = \"first\"\nsearch = true\n",
        toml_string(title)
    );
    let mut files: Vec<(String, String)> = vec![("site.toml".into(), site)];
    files.extend(FILES.iter().map(|(p, t)| {
        (
            p.to_string(),
            t.replace("{title}", &crate::content::yaml::quote(title)),
        )
    }));
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
