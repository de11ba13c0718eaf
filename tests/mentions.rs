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
fn an_ambiguous_name_met_often_names_five_places_and_counts_the_rest() {
    let d = fixture("traps");
    let places = |stderr: &str| {
        let warning = stderr
            .lines()
            .find(|l| l.contains("ambiguous name"))
            .expect("an ambiguous-name warning")
            .to_string();
        (warning.matches(".md:").count(), warning)
    };
    // The fixture alone has fewer than five places: all are named.
    let (before, _) = places(&d.build(&[]).stderr);
    assert!((1..5).contains(&before), "{before}");
    let lines: String = (0..7)
        .map(|n| format!("Line {n}: Pérez spoke.\n\n"))
        .collect();
    d.write(
        "content/articles/2024-08-02-often.md",
        &format!("---\ntitle: Often\ndate: 2024-08-02\n---\n{lines}"),
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Seven places more: five are named, the rest counted.
    let (named, warning) = places(&run.stderr);
    assert_eq!(named, 5, "{warning}");
    let more = format!("and {} more", before + 7 - 5);
    assert!(warning.ends_with(&more), "{warning}");
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
fn double_brackets_meant_as_text_are_escaped_and_code_is_left_alone() {
    // Markdown from elsewhere has double brackets that are no wikilink: a
    // TOML table in running text, another tool's table-of-contents marker.
    let d = fixture("traps");
    d.write(
        "content/pages/config.md",
        "---\ntitle: Config\n---\nAdd a table:\n\n[[menus.main]]\nname = 'About'\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/config.md:6:1"),
        "{}",
        run.stderr
    );
    // The hint says how to keep the brackets.
    assert!(
        run.stderr
            .contains(r"write \[[menus.main]] to show the brackets as text"),
        "{}",
        run.stderr
    );
    d.write(
        "content/pages/config.md",
        "---\ntitle: Config\n---\nAdd a table:\n\n\\[[menus.main]]\nname = 'About'\n\n\
         ```toml\n[[module.mounts]]\n```\n\nOr `[[_TOC_]]` inline.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page("config/index.html");
    assert!(page.contains("[[menus.main]]\nname"), "{page}");
    assert!(page.contains("[[module.mounts]]"), "{page}");
    assert!(page.contains("<code>[[_TOC_]]</code>"), "{page}");
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

/// The part of a page between the "Appears in" heading and the next section.
fn appears_in(page: &str) -> &str {
    let start = page
        .find("id=\"appears-in\"")
        .expect("an Appears in section");
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn kind_id_references_in_front_matter_work_like_bare_ids() {
    let d = fixture("traps");
    d.write(
        "content/events/vote.md",
        "---\nname: The Vote\ndate: 2024-07-28\nplaces: [places/lima]\npeople: [person/jose-perez]\n---\nThe vote happened.\n",
    );
    d.write(
        "content/articles/2024-08-02-refs.md",
        "---\ntitle: Listed by kind and id\ndate: 2024-08-02\npeople: [people/ana-perez]\nplaces: [place/lima]\nevents: [events/vote]\norganizations: [organizations/foro-penal]\nclaims:\n  - by: people/jose-perez\n    about: events/vote\n    text: The count was fair.\n    status: disputed\n---\nNothing named here.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    let source = "articles/2024-08-02-refs";
    for entity in [
        "people/ana-perez",
        "places/lima",
        "events/vote",
        "organizations/foro-penal",
        "people/jose-perez",
    ] {
        let m = mention(&json, entity, source)
            .unwrap_or_else(|| panic!("{entity} is listed by {source}"));
        assert_eq!(m["count"], 0, "{entity}");
    }
    for (entity, page) in [
        ("people/ana-perez", "people/ana-perez/index.html"),
        ("places/lima", "places/lima/index.html"),
        ("events/vote", "events/vote/index.html"),
    ] {
        let page = d.page(page);
        assert!(
            appears_in(&page).contains("href=\"/traps/articles/2024-08-02-refs/\""),
            "{entity}'s Appears in lists the article: {page}"
        );
    }
    let article = d.page("articles/2024-08-02-refs/index.html");
    assert!(
        article.contains("href=\"/traps/people/ana-perez/\""),
        "{article}"
    );
    assert!(article.contains("href=\"/traps/organizations/foro-penal/\""));
    let vote = d.page("events/vote/index.html");
    assert!(
        vote.contains("The count was fair."),
        "claims about the event: {vote}"
    );
    assert!(
        vote.contains("href=\"/traps/people/jose-perez/\""),
        "the event's people"
    );
    let event = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ref"] == "events/vote")
        .unwrap();
    assert_eq!(event["people"], serde_json::json!(["people/jose-perez"]));
    assert_eq!(event["places"], serde_json::json!(["places/lima"]));
    let claim = &json["claims"][0];
    assert_eq!(claim["about"], "events/vote");
    assert_eq!(claim["by"], "people/jose-perez");
}

#[test]
fn quotes_are_found_whatever_dashes_ellipses_and_spaces_they_use() {
    let d = fixture("traps");
    d.write(
        "content/articles/2024-08-02-quotes.md",
        "---\ntitle: Quotes\ndate: 2024-08-02\nquotes:\n  - by: jose-perez\n    text: \"We wait... and -- we see\"\n  - by: people/ana-perez\n    text: \"It is over — for now…  truly\"\n  - by: jose-perez\n    text: \"Words the article never printed\"\n---\nJosé Pérez said: \"We wait… and – we see.\"\n\nAna Pérez said: \"It is over --- for\nnow... truly.\"\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let not_found: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("quote not found"))
        .collect();
    assert_eq!(
        not_found.len(),
        1,
        "only the invented quote: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("text: \"Words the article never printed\""),
        "the warning quotes the line of the missing quote: {}",
        run.stderr
    );
    let jose = d.page("people/jose-perez/index.html");
    assert!(jose.contains("We wait... and -- we see"), "{jose}");
}

#[test]
fn free_pages_and_articles_never_link_to_themselves() {
    let d = fixture("traps");
    d.write(
        "content/pages/notes.md",
        "---\ntitle: Notes\n---\nForo Penal counts arrests. Lima hosts the rally. These [[notes]] and [[pages/notes|this page]] stay put; the [[2024-08-01-traps]] article is linked.\n",
    );
    d.write(
        "content/articles/2024-08-02-self.md",
        "---\ntitle: Self\ndate: 2024-08-02\n---\nRead [[articles/2024-08-02-self|this article]] or [[2024-08-02-self]], and the [[notes]].\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = d.page("notes/index.html");
    let body = &notes[notes.find("<div class=\"prose\">").unwrap()..];
    let body = &body[..body.find("</div>").unwrap()];
    assert!(!body.contains("href=\"/traps/notes/\""), "{body}");
    assert!(
        body.contains("These notes and this page stay put"),
        "{body}"
    );
    assert!(body.contains("href=\"/traps/articles/2024-08-01-traps/\""));
    let article = d.page("articles/2024-08-02-self/index.html");
    let body = &article[article.find("<div class=\"prose\">").unwrap()..];
    let body = &body[..body.find("</div>").unwrap()];
    assert!(
        !body.contains("href=\"/traps/articles/2024-08-02-self/\""),
        "{body}"
    );
    assert!(
        body.contains("Read this article or 2024-08-02-self, and the "),
        "{body}"
    );
    assert!(body.contains("href=\"/traps/notes/\""), "{body}");
    // On an entity's page, a wikilink to the entity is plain text too.
    d.write(
        "content/places/lima.md",
        "---\nname: Lima\ntype: city\n---\nThe capital of Peru. [[lima|This city]] and [[places/lima]] are large.\n",
    );
    assert_eq!(d.build(&[]).code, 0);
    let lima = d.page("places/lima/index.html");
    assert!(lima.contains("This city and Lima are large."), "{lima}");
    assert!(!lima.contains("<a href=\"/traps/places/lima/\""), "{lima}");
    let json: Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    assert!(mention(&json, "places/lima", "places/lima").is_none());
}

#[test]
fn a_wikilink_in_a_heading_counts_with_the_heading_as_its_sentence() {
    let d = fixture("traps");
    d.write(
        "content/articles/2024-08-02-heading.md",
        "---\ntitle: Heading\ndate: 2024-08-02\n---\n## What [[jose-perez]] said in Lima\n\nHe spoke. Lima listened.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    let source = "articles/2024-08-02-heading";
    let jose = mention(&json, "people/jose-perez", source).unwrap();
    assert_eq!(jose["count"], 1);
    assert_eq!(jose["sentence"], "What José Pérez said in Lima");
    let lima = mention(&json, "places/lima", source).unwrap();
    assert_eq!(
        lima["count"], 1,
        "the heading's plain Lima is not a mention"
    );
    assert_eq!(lima["sentence"], "Lima listened.");
    let page = d.page("people/jose-perez/index.html");
    assert!(
        appears_in(&page).contains("What <mark>José Pérez</mark> said in Lima"),
        "{page}"
    );
    let article = d.page("articles/2024-08-02-heading/index.html");
    assert!(article.contains(
        "<h2 id=\"what-jose-perez-said-in-lima\">What <a href=\"/traps/people/jose-perez/\">José Pérez</a> said in Lima</h2>"
    ), "{article}");
}

#[test]
fn a_wikilink_with_spaces_around_its_target_shows_it_trimmed() {
    let d = fixture("traps");
    d.write(
        "content/pages/spaces.md",
        "---\ntitle: Spaces\n---\nSee [[ Lima ]] and [[ jose-perez ]].\n",
    );
    assert_eq!(d.build(&[]).code, 0);
    let page = d.page("spaces/index.html");
    assert!(page.contains("See <a href=\"/traps/places/lima/\">Lima</a> and <a href=\"/traps/people/jose-perez/\">José Pérez</a>."), "{page}");
}
