//! Full-text search: the index a build writes under `/search-index/`, the
//! search page that loads it under the base path, the search box on every
//! page, and `[build] search = false`. The journey of a reader typing a
//! query runs in a real browser in `tests/browser/`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::fixture;

/// One word of the index, read back from its term file.
#[derive(Debug)]
struct Word {
    stem: String,
    /// Page numbers, weights and the passages kept.
    pages: Vec<(u64, u64, Vec<u64>)>,
}

/// Reads the unsigned LEB128 number at `*at` in `bytes`.
fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return value;
        }
        shift += 7;
    }
}

fn string(bytes: &[u8], at: &mut usize) -> String {
    let len = varint(bytes, at) as usize;
    let s = String::from_utf8(bytes[*at..*at + len].to_vec()).expect("UTF-8 words");
    *at += len;
    s
}

fn meta(public: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(public.join("search-index/meta.json")).expect("meta.json");
    serde_json::from_str(&text).unwrap()
}

/// The words of one term file, in file order.
fn term_file(public: &Path, lang: &str, k: usize) -> Vec<(String, Word)> {
    let bytes = std::fs::read(public.join(format!("search-index/terms/{lang}/{k}.bin")))
        .unwrap_or_else(|e| panic!("term file {lang}/{k}: {e}"));
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        let word = string(&bytes, &mut at);
        let stem = match string(&bytes, &mut at) {
            s if s.is_empty() => word.clone(),
            s => s,
        };
        let n = varint(&bytes, &mut at);
        let mut page = 0;
        let mut pages = Vec::new();
        for _ in 0..n {
            page += varint(&bytes, &mut at);
            let weight = varint(&bytes, &mut at);
            let info = varint(&bytes, &mut at);
            let mut passages = Vec::new();
            let mut id = 0;
            for _ in 0..info >> 1 {
                id += varint(&bytes, &mut at);
                passages.push(id);
            }
            pages.push((page, weight, passages));
        }
        out.push((word, Word { stem, pages }));
    }
    out
}

/// Every word of the English index in `public`, decoded from its term files.
fn words(public: &Path) -> BTreeMap<String, Word> {
    let files = meta(public)["languages"]["en"]["files"]
        .as_array()
        .expect("an English index")
        .len();
    (0..files)
        .flat_map(|k| term_file(public, "en", k))
        .collect()
}

/// Every page of the index in `public`: URL, title, kind, year, language,
/// text file and place in it.
fn pages(public: &Path) -> Vec<serde_json::Value> {
    let m = meta(public);
    let (n, per) = (
        m["pages"].as_u64().unwrap(),
        m["chunk_pages"].as_u64().unwrap(),
    );
    let mut all = Vec::new();
    for k in 0..n.div_ceil(per) {
        let text = std::fs::read_to_string(public.join(format!("search-index/pages/{k}.json")))
            .unwrap_or_else(|e| panic!("pages {k}: {e}"));
        let chunk: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        all.extend(chunk);
    }
    assert_eq!(all.len() as u64, n, "every page is in a chunk");
    all
}

fn url(page: &serde_json::Value) -> &str {
    page[0].as_str().unwrap()
}

/// The passages of the page at `url`: anchor, heading, text.
fn passages(public: &Path, url_: &str) -> Vec<[String; 3]> {
    let pages = pages(public);
    let page = pages.iter().find(|p| url(p) == url_).expect("indexed");
    let text = std::fs::read_to_string(public.join(format!(
        "search-index/text/{}.json",
        page[5].as_u64().unwrap()
    )))
    .unwrap();
    let file: Vec<Vec<[String; 3]>> = serde_json::from_str(&text).unwrap();
    file[page[6].as_u64().unwrap() as usize].clone()
}

/// The words the index holds for the page at `url`.
fn words_of(public: &Path, at: &str) -> BTreeSet<String> {
    let page = pages(public)
        .iter()
        .position(|p| url(p) == at)
        .unwrap_or_else(|| panic!("{at} is not indexed")) as u64;
    words(public)
        .into_iter()
        .filter(|(_, w)| w.pages.iter().any(|(p, ..)| *p == page))
        .map(|(word, _)| word)
        .collect()
}

/// The page numbers holding `word`, as URLs.
fn found(public: &Path, word: &str) -> Vec<String> {
    let pages = pages(public);
    words(public)
        .get(word)
        .map(|w| {
            w.pages
                .iter()
                .map(|(p, ..)| url(&pages[*p as usize]).to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_build_writes_the_search_index_and_the_search_page_loads_it_under_the_base_path() {
    let d = fixture("valid");
    let run = d.build(&["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for rel in [
        "search-index/meta.json",
        "search-index/terms/en/0.bin",
        "search-index/pages/0.json",
        "search-index/text/0.json",
        "search.js",
    ] {
        assert!(d.public().join(rel).is_file(), "missing {rel}");
    }
    assert!(
        run.stderr
            .lines()
            .any(|l| l.trim_start().starts_with("search ")),
        "--timings lists the search phase: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("search index: 10 pages,"),
        "--timings says what was indexed: {}",
        run.stderr
    );
    let search = d.page("search/index.html");
    assert!(search.contains(r#"<script type="module" src="/fixture/search.js"></script>"#));
    assert!(search.contains(r#"data-index="/fixture/search-index/""#));
    for page in pages(&d.public()) {
        assert!(
            url(&page).starts_with("/fixture/"),
            "{page} lost the base path"
        );
    }
}

#[test]
fn every_page_has_a_search_box_that_lands_on_the_search_page_without_javascript() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    for rel in [
        "index.html",
        "people/ana-nunez/index.html",
        "timeline/index.html",
    ] {
        let page = d.page(rel);
        assert!(
            page.contains(
                r#"<form class="site-search" role="search" action="/fixture/search/" method="get">"#
            ),
            "{rel} has the search box"
        );
        assert!(page.contains(r#"name="q""#), "{rel}");
        assert!(!page.contains("<script"), "{rel} loads no script");
    }
}

#[test]
fn the_index_holds_content_pages_with_their_title_and_kind_and_folds_accents() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let person = d.page("people/ana-nunez/index.html");
    assert!(person.contains(r#"data-search-body="Person""#));
    let timeline = d.page("timeline/index.html");
    assert!(
        !timeline.contains("data-search-body"),
        "lists are left out of the index"
    );
    let public = d.public();
    let pages = pages(&public);
    assert_eq!(
        pages.len(),
        10,
        "two articles, seven entities and the about page: {pages:?}"
    );
    let ana = pages
        .iter()
        .find(|p| url(p) == "/fixture/people/ana-nunez/")
        .expect("the person is indexed");
    assert_eq!(
        (&ana[1], &ana[2], &ana[4]),
        (
            &serde_json::json!("Ana Núñez"),
            &serde_json::json!("Person"),
            &serde_json::json!("en")
        )
    );
    // Pages of a kind are one range of page numbers, as meta.json says.
    for kind in meta(&public)["kinds"].as_array().unwrap() {
        let (first, count) = (kind[1].as_u64().unwrap(), kind[2].as_u64().unwrap());
        for p in &pages[first as usize..(first + count) as usize] {
            assert_eq!(p[2], kind[0]);
        }
    }
    // "Ana Núñez leads the Civic Front in Río Claro." is in her page.
    let hers = words_of(&public, url(ana));
    for word in ["ana", "nunez", "leads", "civic", "front", "rio", "claro"] {
        assert!(hers.contains(word), "{word} in {hers:?}");
    }
    for markup in ["href", "class", "amp", "div", "data"] {
        assert!(!hers.contains(markup), "text, not markup: {hers:?}");
    }

    // The text only ever spells it "Río" and "Núñez": folded, "rio" and
    // "nunez" find them, as the search page folds the query.
    let ana_url = url(ana).to_string();
    assert!(found(&public, "claro").contains(&ana_url));
    assert!(
        found(&public, "rio").contains(&ana_url),
        "Río is indexed as rio"
    );
    assert!(found(&public, "nunez").contains(&ana_url));
    let words = words(&public);
    assert!(!words.contains_key("río"), "no unfolded words");
}

#[test]
fn term_files_hold_sorted_runs_of_words_named_in_meta() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let public = d.public();
    let firsts: Vec<String> = meta(&public)["languages"]["en"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let mut last = String::new();
    for (k, first) in firsts.iter().enumerate() {
        let words = term_file(&public, "en", k);
        assert_eq!(
            &words[0].0, first,
            "file {k} starts at its word in meta.json"
        );
        for (word, _) in words {
            assert!(word > last, "{word} after {last}: sorted, no word twice");
            last = word;
        }
    }
}

#[test]
fn passages_follow_the_headings_and_link_their_anchors() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let public = d.public();
    let article = "/fixture/articles/2024-07-31-rio-claro-rally/";
    let passages = passages(&public, article);
    let next = passages
        .iter()
        .position(|p| p[1] == "What happened next")
        .unwrap_or_else(|| panic!("a passage under the heading: {passages:?}"));
    assert_eq!(passages[next][0], "what-happened-next");
    assert!(d
        .page("articles/2024-07-31-rio-claro-rally/index.html")
        .contains(r#"id="what-happened-next""#));
    assert!(passages[next][2].contains("marched to the square"));
    assert!(passages[0][2].contains("Thousands gathered in Río Claro"));
    // The index says which passage holds a word.
    let pages = pages(&public);
    let page = pages.iter().position(|p| url(p) == article).unwrap() as u64;
    let words = words(&public);
    let in_page = |w: &str| {
        words[w]
            .pages
            .iter()
            .find(|(p, ..)| *p == page)
            .map(|(_, _, ids)| ids.clone())
            .unwrap()
    };
    assert_eq!(in_page("marched"), [next as u64]);
    assert!(in_page("gathered").contains(&0));
    // The article's year, for the filter by year.
    assert_eq!(pages[page as usize][3], serde_json::json!(2024));
}

#[test]
fn words_keep_their_english_stems_and_title_words_weigh_more() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let words = words(&d.public());
    // The search page finds "organiser" from "organisers" through the stem.
    let organiser = words.get("organiser").expect("a word of the person's page");
    assert_eq!(organiser.stem, "organis");
    // "Núñez" is in the person's title and body; in the articles it is in
    // the body only.
    let pages = pages(&d.public());
    let nunez = &words["nunez"];
    let weight = |at: &str| {
        let p = pages.iter().position(|p| url(p) == at).unwrap() as u64;
        nunez
            .pages
            .iter()
            .find(|(q, ..)| *q == p)
            .map(|(_, w, _)| *w)
            .unwrap()
    };
    let person = weight("/fixture/people/ana-nunez/");
    assert!(
        nunez.pages.iter().all(|(_, w, _)| *w <= person),
        "the person's own page weighs most: {:?}",
        nunez.pages
    );
}

#[test]
fn the_sections_an_entity_page_repeats_from_other_pages_are_left_out() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let person = d.page("people/ana-nunez/index.html");
    assert!(person.contains(r#"aria-labelledby="appears-in" data-search-ignore"#));
    assert!(person.contains(">Appears in<"));
    let hers = words_of(&d.public(), "/fixture/people/ana-nunez/");
    assert!(
        !hers.contains("appears"),
        "the backlinks are other pages' text: {hers:?}"
    );
}

#[test]
fn search_off_writes_no_index_and_says_so() {
    let d = fixture("valid");
    let config = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    d.write(
        "site.toml",
        &config.replace("search = true", "search = false"),
    );
    assert_eq!(d.build(&[]).code, 0);
    assert!(!d.public().join("search-index").exists());
    let search = d.page("search/index.html");
    assert!(search.contains("Search is turned off"));
    assert!(!search.contains("<script"));
    assert!(!d.page("index.html").contains("site-search"));
}

#[test]
fn the_same_dossier_gives_the_same_index_and_an_edit_reaches_it() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let before = common::snapshot(&d.public().join("search-index"));
    assert_eq!(d.build(&[]).code, 0);
    assert_eq!(common::snapshot(&d.public().join("search-index")), before);

    let rel = "content/articles/2024/2024-07-31-rio-claro-rally.md";
    let text = std::fs::read_to_string(d.root.join(rel)).unwrap();
    d.write(rel, &format!("{text}\nA late note from Zanzibar.\n"));
    assert_eq!(d.build(&[]).code, 0);
    assert_eq!(
        found(&d.public(), "zanzibar"),
        ["/fixture/articles/2024-07-31-rio-claro-rally/"]
    );
    // And taking it out again takes it out of the index.
    d.write(rel, &text);
    assert_eq!(d.build(&[]).code, 0);
    assert!(found(&d.public(), "zanzibar").is_empty());
    assert_eq!(common::snapshot(&d.public().join("search-index")), before);
}
