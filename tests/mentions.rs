//! Mentions and wikilinks on a fixture full of traps: accents, possessives,
//! shared surnames, names inside longer words, code, headings, raw HTML,
//! existing links, longest matches, self-mentions and every wikilink form.

mod common;

use common::{fixture, TestDossier};
use serde_json::Value;

fn built() -> (TestDossier, Value, String) {
    let d = fixture("traps");
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    (d, json, run.stderr)
}

fn mention<'a>(json: &'a Value, entity: &str, source: &str) -> Option<&'a Value> {
    json["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entity"] == entity && m["source"] == source)
}

fn article_body(d: &TestDossier) -> String {
    let page = d.page("articles/2024-08-01-traps/index.html");
    let start = page.find("<div class=\"prose\">").unwrap();
    let end = page[start..].find("<aside").unwrap() + start;
    page[start..end].to_string()
}

const ARTICLE: &str = "articles/2024-08-01-traps";

#[test]
fn counts_follow_every_rule() {
    let (_d, json, _) = built();
    let count =
        |entity: &str| mention(&json, entity, ARTICLE).map(|m| m["count"].as_u64().unwrap());
    // "Gonzalez" (no accent), "Edmundo González Urrutia's" (longest, possessive), "González’s".
    assert_eq!(count("people/edmundo-gonzalez-urrutia"), Some(3));
    // "Lima on Friday" and [[lima|the capital]]; not the heading, code, links, raw HTML,
    // Limassol or Limaville.
    assert_eq!(count("places/lima"), Some(2));
    // "José Pérez" and [[jose-perez]]; the bare "Pérez" is ambiguous and not counted.
    assert_eq!(count("people/jose-perez"), Some(2));
    // [[people/ana-perez]] and [[Ana Pérez]].
    assert_eq!(count("people/ana-perez"), Some(2));
    // The abbreviation "FP" and [[foro-penal]].
    assert_eq!(count("organizations/foro-penal"), Some(2));
    // auto_link: false is matched for nothing.
    assert_eq!(count("people/mr-quiet"), None);
}

#[test]
fn the_first_sentence_survives_abbreviations_and_marks_the_name() {
    let (d, json, _) = built();
    let m = mention(&json, "people/edmundo-gonzalez-urrutia", ARTICLE).unwrap();
    assert_eq!(m["sentence"], "Mr. Gonzalez spoke in Lima on Friday.");
    let page = d.page("people/edmundo-gonzalez-urrutia/index.html");
    assert!(
        page.contains("Mr. <mark>Gonzalez</mark> spoke in Lima on Friday."),
        "{page}"
    );
    let lima = d.page("places/lima/index.html");
    assert!(lima.contains("Mr. Gonzalez spoke in <mark>Lima</mark> on Friday."));
}

#[test]
fn links_are_made_only_where_a_reader_expects_them() {
    let (d, _, _) = built();
    let body = article_body(&d);
    let lima_links = body.matches("href=\"/traps/places/lima/\"").count();
    assert_eq!(lima_links, 2, "first mention plus the wikilink: {body}");
    assert!(body.contains("<h2 id=\"lima-in-a-heading\">Lima in a heading</h2>"));
    assert!(body.contains("<code>Lima</code>"));
    assert!(body.contains("<a href=\"https://example.org/lima\">Lima link</a>"));
    assert!(body.contains("<a href=\"https://example.org\">Lima in raw HTML</a>"));
    assert!(body.contains("Lima in a code block"));
    assert!(body.contains("<div>\nLima in an HTML block\n</div>"));
    assert!(body.contains("Limassol and Limaville"));
    assert!(!body.contains(">Limassol<"));
    assert!(body.contains(
        "<a class=\"mention\" href=\"/traps/people/edmundo-gonzalez-urrutia/\">Gonzalez</a>"
    ));
    assert_eq!(
        body.matches("/traps/people/edmundo-gonzalez-urrutia/")
            .count(),
        1,
        "auto_link = first"
    );
    assert!(
        body.contains("Edmundo González Urrutia’s supporters"),
        "possessive stays outside any link"
    );
    assert!(body.contains("Pérez arrived"));
    assert!(
        !body.contains(">Pérez</a> arrived"),
        "an ambiguous name is never linked"
    );
    assert!(body.contains("Quiet Man stayed home"));
    assert!(!body.contains("/traps/people/mr-quiet/"));
    assert!(body.contains(">FP</a>"), "abbreviations are names");
}

#[test]
fn every_wikilink_form_resolves() {
    let (d, _, _) = built();
    let body = article_body(&d);
    assert!(
        body.contains("<a href=\"/traps/people/ana-perez/\">Ana Pérez</a>"),
        "[[kind/id]] shows the name: {body}"
    );
    assert!(
        body.contains("<a href=\"/traps/people/jose-perez/\">José Pérez</a>"),
        "[[id]] shows the name"
    );
    assert!(
        body.contains("<a href=\"/traps/places/lima/\">the capital</a>"),
        "[[target|label]] shows the label"
    );
    assert!(body.contains("<a href=\"/traps/organizations/foro-penal/\">Foro Penal</a>"));
}

#[test]
fn a_page_never_links_to_itself() {
    let (d, json, _) = built();
    let page = d.page("people/edmundo-gonzalez-urrutia/index.html");
    assert!(!page.contains("<a class=\"mention\" href=\"/traps/people/edmundo-gonzalez-urrutia/\""));
    assert!(mention(
        &json,
        "people/edmundo-gonzalez-urrutia",
        "people/edmundo-gonzalez-urrutia"
    )
    .is_none());
    let lima = d.page("places/lima/index.html");
    assert!(!lima.contains("<a class=\"mention\" href=\"/traps/places/lima/\""));
}

#[test]
fn pages_and_entities_are_sources_too() {
    let (d, json, _) = built();
    assert_eq!(
        mention(&json, "organizations/foro-penal", "pages/notes").unwrap()["count"],
        1
    );
    let foro = d.page("organizations/foro-penal/index.html");
    assert!(
        foro.contains("href=\"/traps/notes/\""),
        "Appears in lists the free page"
    );
}

#[test]
fn ambiguous_names_warn_once_with_where_they_occur() {
    let (_, _, stderr) = built();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("ambiguous name"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("`Perez`") || warnings[0].contains("`Pérez`"),
        "{stderr}"
    );
    assert!(
        warnings[0].contains("content/articles/2024-08-01-traps.md:9"),
        "{stderr}"
    );
    assert!(warnings[0].contains("people/ana-perez") && warnings[0].contains("people/jose-perez"));
}

#[test]
fn broken_and_ambiguous_wikilinks_are_errors_with_a_line() {
    let d = fixture("traps");
    d.write(
        "content/pages/broken.md",
        "---\ntitle: Broken\n---\nFirst paragraph.\n\nA link to [[Jose Peres]] here.\n\nAnd [[Pérez]] there.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/broken.md:6:11"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("[[Jose Peres]] does not match any entity"));
    assert!(
        run.stderr.contains("did you mean [[José Pérez]]?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/pages/broken.md:8:5"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("matches more than one entity"));
}

#[test]
fn auto_link_all_and_off() {
    let d = fixture("traps");
    d.write("site.toml", "title = \"Traps\"\nbase_url = \"https://example.org/traps/\"\n[build]\nauto_link = \"all\"\n");
    assert_eq!(d.build(&[]).code, 0);
    let body = article_body(&d);
    assert_eq!(
        body.matches("class=\"mention\" href=\"/traps/people/edmundo-gonzalez-urrutia/\"")
            .count(),
        3
    );
    d.write("site.toml", "title = \"Traps\"\nbase_url = \"https://example.org/traps/\"\n[build]\nauto_link = \"off\"\n");
    assert_eq!(d.build(&[]).code, 0);
    let body = article_body(&d);
    assert_eq!(body.matches("class=\"mention\"").count(), 0);
    let json: Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    assert_eq!(
        mention(&json, "places/lima", ARTICLE).unwrap()["count"],
        2,
        "mentions recorded whatever the mode"
    );
}
