//! The repository's own dossier, Venezuela 2024, built as a reader gets it.
//!
//! Copies the repository's `site.toml` and `content/` into a temporary
//! folder, builds them, and checks the facts a reader of this dossier relies
//! on: the pages of the four main people list every report that names them,
//! with the sentence and the name highlighted; the timeline runs in date
//! order from 2013 to August 2024; and the disputed result of the election
//! is shown on the election's page, claim by claim, grouped by status.
//! Which reports name whom is worked out from the article texts themselves,
//! so the test follows the content as it is edited.

mod common;

use std::path::Path;

use common::{copy_tree, dossier};
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const MAIN_PEOPLE: [&str; 4] = [
    "people/nicolas-maduro",
    "people/edmundo-gonzalez-urrutia",
    "people/maria-corina-machado",
    "people/antonio-ledezma",
];

const ELECTION: &str = "events/venezuela-2024-presidential-election";

struct Built {
    _dir: tempfile::TempDir,
    public: std::path::PathBuf,
    json: Value,
}

impl Built {
    /// Text of a file in the built site.
    fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public.join(rel))
            .unwrap_or_else(|e| panic!("{rel} should exist in the output: {e}"))
    }
}

fn build_the_repository_dossier() -> Built {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("dossier");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    copy_tree(&repo.join("content"), &root.join("content"));
    let run = dossier(&["build", "--root", root.to_str().unwrap()], &root);
    assert_eq!(run.code, 0, "the Venezuela dossier builds: {}", run.stderr);
    assert!(
        !run.stderr.contains("error"),
        "no errors while building: {}",
        run.stderr
    );
    let public = root.join("public");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("dossier.json")).unwrap())
            .unwrap();
    Built {
        _dir: dir,
        public,
        json,
    }
}

/// The HTML file of a site path such as `/venezuela-2024/people/x/`.
fn page_at(built: &Built, path: &str) -> String {
    let base = built.json["base_url"].as_str().unwrap();
    let base_path = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let rel = path.strip_prefix(base_path).unwrap_or(path);
    built.page(&format!("{rel}index.html"))
}

fn entity<'a>(json: &'a Value, reference: &str) -> &'a Value {
    json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ref"] == reference)
        .unwrap_or_else(|| panic!("{reference} is in dossier.json"))
}

/// Letters without their accents, as the name matcher compares them.
fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Whether `name` occurs in `text` as whole words (accents ignored, case
/// kept), the way the dossier's name matching reads a text.
fn names(text: &str, name: &str) -> bool {
    let (text, name) = (fold(text), fold(name));
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The markdown body of an article file, without front-matter and without
/// headings (names in headings are not mentions).
fn article_text(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let (_, body) = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .unwrap_or_else(|| panic!("{} has front-matter", file.display()));
    body.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The entries of a page's "Appears in" list, one HTML fragment each.
fn appears_in(page: &str) -> Vec<&str> {
    let start = page
        .find("id=\"appears-in\"")
        .expect("an Appears in section");
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    page[start..end].split("<li").skip(1).collect()
}

#[test]
fn the_main_peoples_pages_list_every_report_that_names_them() {
    let built = build_the_repository_dossier();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut articles = Vec::new();
    for entry in walkdir::WalkDir::new(repo.join("content/articles")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            let id = entry.path().file_stem().unwrap().to_string_lossy();
            articles.push((id.into_owned(), article_text(entry.path())));
        }
    }
    assert_eq!(articles.len(), 4, "the four seed reports");
    for person in MAIN_PEOPLE {
        let e = entity(&built.json, person);
        let mut spellings = vec![e["name"].as_str().unwrap().to_string()];
        for alias in e["aliases"].as_array().unwrap() {
            spellings.push(alias.as_str().unwrap().to_string());
        }
        let page = page_at(&built, e["path"].as_str().unwrap());
        let entries = appears_in(&page);
        let naming: Vec<&String> = articles
            .iter()
            .filter(|(_, text)| spellings.iter().any(|s| names(text, s)))
            .map(|(id, _)| id)
            .collect();
        assert!(!naming.is_empty(), "some report names {person}");
        for id in naming {
            let article = built.json["articles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["ref"] == format!("articles/{id}"))
                .unwrap();
            let href = format!("href=\"{}\"", article["path"].as_str().unwrap());
            let entry = entries
                .iter()
                .find(|li| li.contains(&href))
                .unwrap_or_else(|| panic!("{person}'s Appears in lists {id}"));
            assert!(
                entry.contains("<mark>"),
                "{person}: the sentence from {id} highlights the name: {entry}"
            );
            assert!(
                !entry.contains("listed, not named"),
                "{person} is named in {id}, not only listed: {entry}"
            );
            let mark = entry.split("<mark>").nth(1).unwrap();
            let marked = &mark[..mark.find("</mark>").unwrap()];
            assert!(
                spellings.iter().any(|s| names(marked, s)),
                "{person}: the highlighted words {marked:?} are one of their names"
            );
        }
    }
}

/// A date's sort key: a less precise date sorts before the more precise
/// dates of its period (`2024-07` < `2024-07-28`), a date-time after its day.
fn date_key(date: &str) -> (u32, u32, u32, String) {
    let day = &date[..date.len().min(10)];
    let mut parts = day
        .split('-')
        .map(|p| p.parse::<u32>().expect("a numeric date"));
    let year = parts.next().expect("a year");
    (
        year,
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        date.to_string(),
    )
}

/// Removes `<tag …>…</tag>` elements, so drawings on the page do not count
/// as entries of the list.
fn without(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        match rest[start..].find(&close) {
            Some(end) => rest = &rest[start + end + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_timeline_runs_from_2013_to_august_2024_in_date_order() {
    let built = build_the_repository_dossier();
    let page = built.page("timeline/index.html");
    let main = &page[page.find("<main").expect("a main element")..];
    let list = without(&without(main, "svg"), "figure");
    // One date per entry: the first <time datetime> of each list item.
    let dates: Vec<String> = list
        .split("<li")
        .skip(1)
        .filter_map(|item| {
            let at = item.find("<time datetime=\"")? + "<time datetime=\"".len();
            Some(item[at..at + item[at..].find('"')?].to_string())
        })
        .collect();
    let expected = built.json["articles"].as_array().unwrap().len()
        + built.json["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "event")
            .count();
    assert_eq!(
        dates.len(),
        expected,
        "every event and article is on the timeline: {dates:?}"
    );
    assert!(
        dates.first().unwrap().starts_with("2013"),
        "starts in 2013: {dates:?}"
    );
    assert!(
        dates.last().unwrap().starts_with("2024-08"),
        "ends in August 2024: {dates:?}"
    );
    for pair in dates.windows(2) {
        assert!(
            date_key(&pair[0]) <= date_key(&pair[1]),
            "date order: {} before {} in {dates:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn the_disputed_result_is_on_the_election_page_grouped_by_status() {
    let built = build_the_repository_dossier();
    let claims: Vec<&Value> = built.json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["about"] == ELECTION)
        .collect();
    let text_of = |c: &Value| c["text"].as_str().unwrap().to_string();
    let disputed: Vec<String> = claims
        .iter()
        .filter(|c| c["status"] == "disputed")
        .map(|c| text_of(c))
        .collect();
    assert!(
        claims.iter().any(|c| c["status"] == "disputed"
            && c["by"] == "organizations/national-electoral-council"
            && text_of(c).contains("51%")),
        "the CNE's 51% is a disputed claim: {disputed:?}"
    );
    assert!(
        disputed.iter().any(|t| t.contains("more than 70")),
        "the opposition's more than 70% is a disputed claim: {disputed:?}"
    );

    let page = page_at(
        &built,
        entity(&built.json, ELECTION)["path"].as_str().unwrap(),
    );
    let section = &page[page
        .find("id=\"claims-about\"")
        .expect("a Claims about this event section")..];
    let mut last_group = 0;
    for status in ["disputed", "confirmed", "refuted", "unverified"] {
        let of_status: Vec<&&Value> = claims.iter().filter(|c| c["status"] == status).collect();
        let marker = format!("status-{status}");
        let Some(start) = section.find(&marker) else {
            assert!(of_status.is_empty(), "a {status} group on the page");
            continue;
        };
        assert!(
            start > last_group,
            "groups in the order disputed, confirmed, refuted, unverified"
        );
        last_group = start;
        let group = &section[start..];
        let group = &group[..group.find("</section>").unwrap_or(group.len())];
        for claim in of_status {
            let shown = common::strip_tags(group)
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            assert!(
                shown.contains(&text_of(claim)),
                "the {status} group shows {:?}",
                text_of(claim)
            );
            let source = claim["source"].as_str().unwrap();
            assert!(
                group.contains(&format!("/{source}/\"")),
                "the claim names its source article {source}"
            );
            let by = entity(&built.json, claim["by"].as_str().unwrap());
            assert!(
                group.contains(&format!("href=\"{}\"", by["path"].as_str().unwrap())),
                "the claim names who made it: {}",
                by["name"]
            );
        }
    }
}
