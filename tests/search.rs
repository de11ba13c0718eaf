//! Full-text search: the pagefind bundle a build writes, the search page
//! that loads it under the base path, the search box on every page, and
//! `[build] search = false`. The journey of a reader typing a query runs in
//! a real browser in `tests/browser/`.

mod common;

use std::io::Read;

use common::fixture;

/// The words of pagefind's index, decompressed: each `.pf_index` file is a
/// gzipped, CBOR-encoded map from words to pages.
fn index_bytes(public: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(public.join("pagefind/index")).expect("index folder") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut all)
            .expect("a gzipped index chunk");
    }
    all
}

/// Whether the index holds `word` as a whole word (a CBOR text string).
fn indexes_word(index: &[u8], word: &str) -> bool {
    assert!(word.len() < 24, "short words only");
    let mut needle = vec![0x60 + word.len() as u8];
    needle.extend_from_slice(word.as_bytes());
    index.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_build_writes_the_search_bundle_and_the_search_page_loads_it_under_the_base_path() {
    let d = fixture("valid");
    let run = d.build(&["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for rel in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
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
    let search = d.page("search/index.html");
    assert!(search.contains(r#"<script type="module" src="/fixture/search.js"></script>"#));
    assert!(search.contains(r#"data-bundle="/fixture/pagefind/""#));
    assert!(
        !search.contains("src=\"/pagefind"),
        "the bundle lost the base path"
    );
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
fn the_index_holds_content_pages_with_their_kind_and_folds_accents() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let person = d.page("people/ana-nunez/index.html");
    assert!(person.contains(r#"data-pagefind-body data-pagefind-meta="kind:Person""#));
    let article = d.page("articles/2024-07-31-rio-claro-rally/index.html");
    assert!(article.contains(r#"data-pagefind-meta="kind:Article""#));
    let timeline = d.page("timeline/index.html");
    assert!(
        !timeline.contains("data-pagefind-body"),
        "lists are left out of the index"
    );
    let entry = d.page("pagefind/pagefind-entry.json");
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let pages = entry["languages"]["en"]["page_count"].as_u64().unwrap();
    assert_eq!(
        pages, 10,
        "two articles, seven entities and the about page, in one language: {entry}"
    );
    let index = index_bytes(&d.public());
    assert!(indexes_word(&index, "claro"));
    // The text only ever spells it "Río": "Rio" finds it because the index
    // folds diacritics, as the wasm folds the query.
    assert!(indexes_word(&index, "rio"), "Río is indexed as rio");
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
    assert!(!d.public().join("pagefind").exists());
    let search = d.page("search/index.html");
    assert!(search.contains("Search is turned off"));
    assert!(!search.contains("<script"));
    assert!(!d.page("index.html").contains("site-search"));
}

#[test]
fn a_small_dossier_is_one_index_and_says_it_has_no_shards() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    assert_eq!(d.page("pagefind/dossier-shards.json").trim(), "[]");
    assert!(!d.public().join("pagefind/shard-2").exists());
    let script = std::fs::read_to_string(d.public().join("search.js")).unwrap();
    assert!(
        script.contains("dossier-shards.json") && script.contains("mergeIndex"),
        "the search page merges the shards a large dossier has"
    );
}

/// The number of shards a build kept from an earlier one, from the line
/// `--timings` prints about the search index.
fn kept_shards(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("search index:"))
        .unwrap_or_else(|| panic!("no search index line in: {stderr}"));
    let (_, rest) = line.split_once(", ").expect("kept count");
    rest.split(' ').next().unwrap().parse().expect("a number")
}

/// Builds `d` and returns how many search shards the build kept.
fn build_counting_kept(d: &common::TestDossier) -> usize {
    let run = d.build(&["--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    kept_shards(&run.stderr)
}

/// Builds `d` twice, which fills the output and the buffer beside it (from
/// the third build on, a build finds the index it made two builds
/// before), and returns the search bundle as it stands.
fn built_twice(d: &common::TestDossier) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    for _ in 0..2 {
        assert_eq!(d.build(&[]).code, 0);
    }
    common::snapshot(&d.public().join("pagefind"))
}

#[test]
fn an_unchanged_dossier_keeps_its_index_and_an_edit_reaches_the_index_of_every_build() {
    let d = fixture("valid");
    let before = built_twice(&d);
    assert_eq!(build_counting_kept(&d), 1);
    assert_eq!(common::snapshot(&d.public().join("pagefind")), before);

    // An edit is indexed by the next build. The one after it, whose buffer
    // still holds the index from before the edit, takes the new index from
    // the output rather than indexing again.
    let rel = "content/articles/2024/2024-07-31-rio-claro-rally.md";
    let text = std::fs::read_to_string(d.root.join(rel)).unwrap();
    d.write(rel, &format!("{text}\nA late note from Zanzibar.\n"));
    for round in 0..3 {
        assert_eq!(
            build_counting_kept(&d),
            usize::from(round > 0),
            "build {round}"
        );
        assert!(
            indexes_word(&index_bytes(&d.public()), "zanzibar"),
            "build {round} after the edit lost it"
        );
    }
    // And taking it out again takes it out of the index.
    d.write(rel, &text);
    for round in 0..2 {
        assert_eq!(d.build(&[]).code, 0);
        assert!(
            !indexes_word(&index_bytes(&d.public()), "zanzibar"),
            "build {round} after the undo still has it"
        );
    }
    assert_eq!(common::snapshot(&d.public().join("pagefind")), before);
}

/// Removes one fragment of the index in `site` and cuts its entry file short.
fn damage_index(site: &std::path::Path) {
    let fragment = std::fs::read_dir(site.join("pagefind/fragment"))
        .expect("an index to damage")
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_file(fragment).unwrap();
    let entry = site.join("pagefind/pagefind-entry.json");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, &text[..text.len() / 2]).unwrap();
}

#[test]
fn a_kept_index_that_was_touched_is_made_again_whole() {
    let d = fixture("valid");
    let before = built_twice(&d);
    // The buffer beside the output holds the index the next build would
    // keep; damaged there, the build takes the intact one in the output.
    let buffer = d.public().with_file_name(".public.dossier-staging");
    damage_index(&buffer);
    assert_eq!(build_counting_kept(&d), 1);
    assert_eq!(common::snapshot(&d.public().join("pagefind")), before);

    // Damaged in both, by hand in the published site too: indexed again.
    damage_index(&buffer);
    damage_index(&d.public());
    assert_eq!(build_counting_kept(&d), 0);
    assert_eq!(common::snapshot(&d.public().join("pagefind")), before);
}
