//! Front-matter split and parse: any file splits or is refused, never a
//! panic; the split's pieces are where it says; and the whole loader (YAML
//! into every kind's fields, dates, URLs, coordinates, diagnostics with
//! quoted lines) turns any file into content or into errors that render.
//!
//! An input may start with a digit and a line break to pick the kind of
//! file: 0 article (the default), 1–4 person, place, event, organization,
//! 5 page, 6 the home page.
#![no_main]

use std::path::Path;

use dossier::content::frontmatter::{self, locate};
use dossier::content::load::load_content;
use dossier::content::yaml;
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 7] = [
    "content/articles/a.md",
    "content/people/a.md",
    "content/places/a.md",
    "content/events/a.md",
    "content/organizations/a.md",
    "content/pages/a.md",
    "content/_index.md",
];

/// A fresh dossier folder, in memory when the machine allows. One per input
/// (not one per process), so nothing is left behind when libFuzzer exits.
fn dossier_folder() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    };
    dir.expect("a temporary folder")
}

fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

fuzz_target!(|data: &[u8]| {
    let (file, data) = match data {
        [d @ b'0'..=b'6', b'\n', rest @ ..] => (FILES[(d - b'0') as usize], rest),
        _ => (FILES[0], data),
    };
    if let Ok(text) = std::str::from_utf8(data) {
        let text = frontmatter::normalize(text.to_string());
        if let Ok(split) = frontmatter::split(&text) {
            let (yaml_at, body_at) = (offset_in(&text, split.yaml), offset_in(&text, split.body));
            assert!(yaml_at <= body_at && body_at <= text.len());
            assert_eq!(text[..yaml_at].trim_end(), "---");
            if !split.body.is_empty() {
                assert_eq!(split.body_line, text[..body_at].matches('\n').count() + 1);
            }
            let _ = yaml::parse::<serde_yaml::Value>(split.yaml);
        }
        let lines = text.lines().count().max(1);
        let needle = text.split_whitespace().nth(2);
        for key in ["title", "date", "people", "links", "coordinates", "quotes"] {
            let location = locate(&text, key, needle);
            assert!(location.line >= 1 && location.line <= lines);
        }
    }
    let dir = dossier_folder();
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("content folders");
    std::fs::write(&path, data).expect("write the content file");
    let (_, diagnostics) = load_content(dir.path());
    for d in &diagnostics {
        assert!(d.file.is_some(), "{d:?}");
        let _ = d.render(false);
    }
});
