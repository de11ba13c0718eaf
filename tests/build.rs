//! `dossier build` on the fixture dossiers: the pages a reader opens, the
//! links they follow, the data they download, and what an editor sees when
//! something is wrong.

mod common;

use common::{fixture, snapshot, strip_tags};

#[test]
fn every_page_of_the_spec_is_written() {
    let d = fixture("valid");
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for rel in [
        "index.html",
        "articles/index.html",
        "articles/2024-07-31-rio-claro-rally/index.html",
        "articles/2024-06-vote-preview/index.html",
        "people/index.html",
        "people/ana-nunez/index.html",
        "places/index.html",
        "places/rio-claro/index.html",
        "events/index.html",
        "events/vote-2024/index.html",
        "organizations/index.html",
        "organizations/civic-front/index.html",
        "timeline/index.html",
        "tags/index.html",
        "tags/protests/index.html",
        "tags/elections/index.html",
        "search/index.html",
        "about/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "dossier.json",
        "robots-extra.txt",
    ] {
        assert!(d.public().join(rel).is_file(), "missing {rel}");
    }
    assert!(run.stderr.contains("built"), "{}", run.stderr);
}

#[test]
fn every_internal_link_and_anchor_resolves_under_the_base_path() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let broken = dossier::linkcheck::check_links(&d.public(), "/fixture/");
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    let home = d.page("index.html");
    assert!(home.contains("href=\"/fixture/articles/\""));
    assert!(
        !home.contains("href=\"/articles/"),
        "a link lost the base path"
    );
    let feed = d.page("atom.xml");
    assert!(feed.contains("https://example.org/fixture/articles/2024-07-31-rio-claro-rally/"));
    let sitemap = d.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/fixture/people/ana-nunez/</loc>"));
    assert!(d
        .page("robots.txt")
        .contains("Sitemap: https://example.org/fixture/sitemap.xml"));
}

#[test]
fn a_base_url_flag_moves_every_link() {
    let d = fixture("valid");
    let run = d.build(&["--base-url", "https://news.example.com/deep/path"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dossier::linkcheck::check_links(&d.public(), "/deep/path/").is_empty());
    assert!(d
        .page("index.html")
        .contains("href=\"/deep/path/timeline/\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    assert!(!d.public().join("articles/2024-08-02-draft-notes").exists());
    assert!(!d.page("articles/index.html").contains("Unfinished notes"));
    assert!(!d.page("dossier.json").contains("draft-notes"));
    assert_eq!(d.build(&["--drafts"]).code, 0);
    assert!(d
        .page("articles/2024-08-02-draft-notes/index.html")
        .contains("Secret draft text"));
}

#[test]
fn dates_are_shown_with_the_precision_written() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let preview = d.page("articles/2024-06-vote-preview/index.html");
    assert!(
        preview.contains("<time datetime=\"2024-06\">June 2024</time>"),
        "{preview}"
    );
    let ana = d.page("people/ana-nunez/index.html");
    assert!(ana.contains("<time datetime=\"1975\">1975</time>"));
    let rally = d.page("events/rio-claro-rally/index.html");
    assert!(rally.contains("30 July 2024"));
    assert!(
        rally.contains("August 2024"),
        "end_date shown at month precision"
    );
    let timeline = d.page("timeline/index.html");
    let june = timeline.find("What to expect from the vote").unwrap();
    let vote = timeline.find("The 2024 vote").unwrap();
    let rally_pos = timeline.find("Thousands rally in Río Claro").unwrap();
    assert!(june < vote && vote < rally_pos, "timeline is in date order");
    assert!(timeline.contains(">June 2024</h3>") && timeline.contains(">July 2024</h3>"));
}

#[test]
fn entity_pages_link_the_entities_their_fields_name() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let ana = d.page("people/ana-nunez/index.html");
    assert!(
        ana.contains("href=\"/fixture/places/republic/\""),
        "country is a link"
    );
    assert!(
        ana.contains("href=\"/fixture/organizations/civic-front/\""),
        "organizations are links"
    );
    assert!(
        ana.contains("href=\"https://example.org/ana\""),
        "links are shown"
    );
    let city = d.page("places/rio-claro/index.html");
    assert!(city.contains("Within"));
    assert!(city.contains("10.5000° N, 66.9000° W"));
    let country = d.page("places/republic/index.html");
    assert!(
        country.contains("Contains"),
        "a place lists what is within it"
    );
    let rally = d.page("events/rio-claro-rally/index.html");
    assert!(rally.contains("Part of") && rally.contains("href=\"/fixture/events/vote-2024/\""));
    let vote = d.page("events/vote-2024/index.html");
    assert!(
        vote.contains("Includes") && vote.contains("href=\"/fixture/events/rio-claro-rally/\"")
    );
    let org = d.page("organizations/civic-front/index.html");
    assert!(org.contains("March 2012"), "founded keeps month precision");
    assert!(
        org.contains("Thousands rally in Río Claro"),
        "articles that list it"
    );
}

#[test]
fn articles_show_outlet_date_original_link_entities_quotes_and_claims() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let a = d.page("articles/2024-07-31-rio-claro-rally/index.html");
    assert!(a.contains("Example Times"));
    assert!(a.contains("<time datetime=\"2024-07-31\">31 July 2024</time>"));
    assert!(a.contains("href=\"https://example.org/news/rally\""));
    assert!(a.contains("We will not go home"));
    assert!(a.contains("The Civic Front says it won 70% of the vote."));
    assert!(a.contains("class=\"chip kind-person\" href=\"/fixture/people/ana-nunez/\""));
    assert!(
        a.contains("<h2 id=\"what-happened-next\">"),
        "headings get ids"
    );
    assert!(a.contains("id=\"fn:1\""), "footnote ids are prefixed");
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let d = fixture("valid");
    d.write(
        "content/people/mallory.md",
        "---\nname: \"<script>alert('x')</script> Mallory & \\\"Co\\\"\"\nsummary: \"<img src=x onerror=alert(1)>\"\nrole: \"</dd><script>bad()</script>\"\n---\nBody.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in snapshot(&d.public()) {
        let text = String::from_utf8_lossy(&bytes);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "html" | "xml") {
            assert!(
                !text.contains("<script>alert"),
                "{} has raw script",
                path.display()
            );
            assert!(
                !text.contains("<img src=x"),
                "{} has raw img",
                path.display()
            );
            assert!(
                !text.contains("<script>bad"),
                "{} has raw script",
                path.display()
            );
        }
    }
    let page = d.page("people/mallory/index.html");
    assert!(page.contains("&lt;script&gt;alert("));
    let json: serde_json::Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    let names: Vec<&str> = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("<script>")),
        "JSON keeps the text as data"
    );
}

#[test]
fn dossier_json_has_the_shape_of_the_spec() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let json: serde_json::Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    assert_eq!(json["title"], "Fixture Dossier");
    assert_eq!(json["base_url"], "https://example.org/fixture/");
    let article = &json["articles"][0];
    assert_eq!(article["ref"], "articles/2024-07-31-rio-claro-rally");
    assert_eq!(article["date"], "2024-07-31");
    assert_eq!(article["outlet"], "Example Times");
    assert_eq!(
        article["path"],
        "/fixture/articles/2024-07-31-rio-claro-rally/"
    );
    assert_eq!(article["language"], "en");
    let entities = json["entities"].as_array().unwrap();
    let ana = entities
        .iter()
        .find(|e| e["ref"] == "people/ana-nunez")
        .unwrap();
    assert_eq!(ana["kind"], "person");
    assert_eq!(ana["born"], "1975");
    assert_eq!(ana["country"], "places/republic");
    let city = entities
        .iter()
        .find(|e| e["ref"] == "places/rio-claro")
        .unwrap();
    assert_eq!(city["within"], "places/republic");
    assert_eq!(city["coordinates"], serde_json::json!([10.5, -66.9]));
    let mentions = json["mentions"].as_array().unwrap();
    let row = mentions
        .iter()
        .find(|m| {
            m["entity"] == "people/ana-nunez"
                && m["source"] == "articles/2024-07-31-rio-claro-rally"
        })
        .expect("mention row");
    assert_eq!(row["count"], 2);
    assert!(row["sentence"]
        .as_str()
        .unwrap()
        .starts_with("Ana Nunez told the crowd"));
    let listed = mentions
        .iter()
        .find(|m| {
            m["entity"] == "organizations/electoral-board"
                && m["source"] == "articles/2024-07-31-rio-claro-rally"
        })
        .expect("listed-only row");
    assert_eq!(
        listed["count"], 0,
        "auto_link: false entities are not counted"
    );
    assert_eq!(json["quotes"][0]["by"], "people/ana-nunez");
    assert_eq!(json["claims"][0]["about"], "events/vote-2024");
    assert_eq!(json["claims"][0]["status"], "disputed");
}

#[test]
fn identical_input_gives_byte_identical_output() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let first = snapshot(&d.public());
    assert_eq!(d.build(&[]).code, 0);
    assert_eq!(first, snapshot(&d.public()));
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let before = snapshot(&d.public());
    d.write("content/people/ana-nunez.md", "---\nname: [broken\n---\n");
    let run = d.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("untouched"));
    assert_eq!(before, snapshot(&d.public()));
    let beside: Vec<String> = std::fs::read_dir(&d.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(
        beside.iter().all(|name| name == ".public.dossier-staging"),
        "nothing but the staging buffer is written beside the output: {beside:?}"
    );
    d.write(
        "content/people/ana-nunez.md",
        &std::fs::read_to_string(common::fixtures().join("valid/content/people/ana-nunez.md"))
            .unwrap(),
    );
    assert_eq!(d.build(&[]).code, 0, "the next build succeeds");
    assert_eq!(before, snapshot(&d.public()), "and gives the same site");
}

#[test]
fn the_output_folder_refusals_hold() {
    let d = fixture("valid");
    let root = d.root.to_str().unwrap().to_string();
    let parent = d.root.parent().unwrap().to_str().unwrap().to_string();
    let content = format!("{root}/content");
    for output in [root.as_str(), parent.as_str(), content.as_str(), "/"] {
        let run = d.build(&["--output", output]);
        assert_eq!(run.code, 1, "{output} must be refused");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    let foreign = d.root.parent().unwrap().join("my-notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "precious").unwrap();
    let run = d.build(&["--output", foreign.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not made by dossier"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "precious"
    );
    let other_dossier = d.root.parent().unwrap().join("other");
    std::fs::create_dir_all(&other_dossier).unwrap();
    std::fs::write(other_dossier.join("site.toml"), "").unwrap();
    assert_eq!(
        d.build(&["--output", other_dossier.to_str().unwrap()]).code,
        1
    );
    let empty = d.root.parent().unwrap().join("fresh");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(
        d.build(&["--output", empty.to_str().unwrap()]).code,
        0,
        "an empty folder is fine"
    );
    assert_eq!(
        d.build(&["--output", empty.to_str().unwrap()]).code,
        0,
        "and so is our own output"
    );
}

#[test]
fn a_dossier_template_overrides_the_theme() {
    let d = fixture("valid");
    d.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ title }}</p>{% endblock content %}",
    );
    assert_eq!(d.build(&[]).code, 0);
    assert!(d
        .page("about/index.html")
        .contains("<p class=\"custom\">About this dossier</p>"));
}

#[test]
fn mentions_link_once_and_backlinks_show_the_sentence() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let a = d.page("articles/2024-07-31-rio-claro-rally/index.html");
    let body = &a[a.find("class=\"prose\"").unwrap()..a.find("<aside").unwrap()];
    assert_eq!(
        body.matches("href=\"/fixture/people/ana-nunez/\"").count(),
        1,
        "first mention only"
    );
    let ana = d.page("people/ana-nunez/index.html");
    assert!(ana.contains("<mark>Ana Nunez</mark> told the crowd"));
    let text = strip_tags(&ana);
    assert!(text.contains("2 mentions"));
}

#[test]
fn usage_errors_exit_2() {
    let d = fixture("valid");
    assert_eq!(d.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(d.run(&["frobnicate"]).code, 2);
}

#[test]
fn an_article_that_names_no_entity_and_has_no_tags_shows_no_empty_box() {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-08-02-notes.md",
        "---\ntitle: Notes from the desk\ndate: 2024-08-02\n---\nNothing here names anyone.\n",
    );
    assert_eq!(d.build(&[]).code, 0);
    let a = d.page("articles/2024-08-02-notes/index.html");
    assert!(a.contains("Nothing here names anyone."), "{a}");
    assert!(!a.contains("<aside"), "an empty side box is drawn:\n{a}");
    // An article that names someone keeps its box.
    let b = d.page("articles/2024-07-31-rio-claro-rally/index.html");
    assert!(b.contains("<aside class=\"aside\" aria-label=\"In this article\">"));
}

#[test]
fn an_article_listing_thousands_of_entities_builds_each_with_twelve_related() {
    // One article lists 5,000 people in its front-matter, the shape that
    // once held every pair of them in memory. Each page must still be right.
    const PEOPLE: usize = 5_000;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Many\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/people")).unwrap();
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    let mut listing = String::from("---\ntitle: Everyone\ndate: 2024-02-01\npeople:\n");
    for i in 0..PEOPLE {
        std::fs::write(
            root.join(format!("content/people/p{i:04}.md")),
            format!("---\nname: Person {i:04}\n---\nA person.\n"),
        )
        .unwrap();
        listing.push_str(&format!("  - p{i:04}\n"));
    }
    listing.push_str("---\nA long list.\n");
    std::fs::write(root.join("content/articles/everyone.md"), listing).unwrap();
    std::fs::write(
        root.join("content/articles/pair.md"),
        "---\ntitle: A pair\ndate: 2024-03-01\npeople: [p4999, p2500]\n---\nTwo of them.\n",
    )
    .unwrap();

    let (code, peak_kib) = build_watching_memory(root);
    assert_eq!(code, Some(0));
    // Without the list it peaks near 55 MB; holding every pair took 460 MB.
    assert!(
        peak_kib < 250 * 1024,
        "the build peaked at {} MB",
        peak_kib / 1024
    );
    let public = root.join("public");
    let everyone = std::fs::read_to_string(public.join("articles/everyone/index.html")).unwrap();
    for i in [0, 1, 2500, 4999] {
        assert!(
            everyone.contains(&format!("href=\"/people/p{i:04}/\"")),
            "the article links p{i:04}"
        );
    }
    let linked = (0..PEOPLE)
        .filter(|i| everyone.contains(&format!("href=\"/people/p{i:04}/\"")))
        .count();
    assert_eq!(linked, PEOPLE, "the article links every person it lists");

    // p4999 shares two articles with p2500 and one with everyone else:
    // p2500 first, then the first eleven by name, twelve in all.
    let page = std::fs::read_to_string(public.join("people/p4999/index.html")).unwrap();
    let related = &page[page.find("chip-list related").expect("a related list")..];
    let related = &related[..related.find("</ul>").unwrap()];
    let hrefs: Vec<&str> = related
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut expected = vec!["/people/p2500/".to_string()];
    expected.extend((0..11).map(|i| format!("/people/p{i:04}/")));
    assert_eq!(hrefs, expected, "{related}");
    assert!(related.contains("2 shared articles"), "{related}");
    assert_eq!(
        related.matches("1 shared article<").count(),
        11,
        "{related}"
    );
    assert!(public.join("people/p2500/index.html").is_file());
}

/// Builds the dossier at `root` and returns the exit code and the highest
/// peak resident memory (`VmHWM`, in KiB) read while the build ran.
fn build_watching_memory(root: &std::path::Path) -> (Option<i32>, u64) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--quiet", "--root", root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run dossier");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(exit) = child.try_wait().expect("wait for dossier") {
            return (exit.code(), peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
