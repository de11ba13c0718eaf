//! Properties that hold for any input an editor can type: every text folds
//! into a valid, stable id, whatever name `dossier new` is given, the
//! dossier still builds and shows that name exactly, and the search index
//! reads any page (raw HTML in a body included) without failing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier::content::id::{is_valid_id, slugify};
use proptest::prelude::*;

/// Text of every kind: any Unicode, words with punctuation, combining marks,
/// scripts that transliterate, emoji sequences and control chars.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,60}",
        "[a-zA-Z0-9 '’_.,:;!?&()/-]{0,40}",
        prop::collection::vec(
            prop::sample::select(vec![
                "Ana",
                "Núñez",
                "ÁÉÍ",
                "\u{301}",
                "\u{338}",
                "北京",
                "Москва",
                "القاهرة",
                "ß",
                "İ",
                "ǅ",
                "Ω",
                "👩‍👩‍👧",
                "🇻🇪",
                "\u{200d}",
                "\u{200b}",
                "\u{ad}",
                "'",
                "’",
                "-",
                "--",
                " ",
                "\t",
                "\n",
                "\u{0}",
                "\u{7f}",
                "\u{85}",
                "9",
                "_",
                ".",
            ]),
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn ids_and_slugs_are_stable_and_valid_for_any_input(text in any_text()) {
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || is_valid_id(&slug), "{:?} gave {:?}", text, slug);
        prop_assert_eq!(slugify(&slug), slug.clone(), "a slug is its own slug");
        // Spaces and punctuation around a name do not change its id.
        prop_assert_eq!(slugify(&format!("  {text} !\n")), slug.clone());
        prop_assert_eq!(slugify(&text), slug, "the same text always gives the same id");
    }
}

/// A dossier with nothing but one article, in a temporary folder.
struct Minimal {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn minimal_dossier() -> Minimal {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("names");
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Names\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/articles/2024-01-01-a.md"),
        "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n",
    )
    .unwrap();
    Minimal { _dir: dir, root }
}

/// `dossier new person NAME`, then `dossier build`: both succeed, the page
/// exists, and `dossier.json` holds the name exactly as typed (trimmed).
/// The new file is removed afterwards so the next name starts clean.
fn new_then_build(root: &Path, name: &str) -> Result<(), String> {
    let root_arg = root.to_str().unwrap();
    let new = common::dossier(&["new", "person", "--root", root_arg, "--", name], root);
    let expected = name.trim();
    if expected.is_empty() {
        return match new.code {
            2 => Ok(()),
            code => Err(format!("a blank name gave exit {code}: {}", new.stderr)),
        };
    }
    if new.code != 0 {
        return Err(format!("new {name:?}: exit {}: {}", new.code, new.stderr));
    }
    let (file, text) = build_then_remove(root, &new.stdout, &format!("{name:?}"))?;
    let id = file.file_stem().unwrap().to_str().unwrap();
    if !is_valid_id(id) || id.len() > 100 {
        return Err(format!("{name:?} gave the id {id:?}"));
    }
    if !root
        .join(format!("public/people/{id}/index.html"))
        .is_file()
    {
        return Err(format!("no page for {name:?} at people/{id}/"));
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("public/dossier.json")).unwrap())
            .map_err(|e| format!("dossier.json: {e}"))?;
    let names: Vec<&str> = json["entities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    if names != [expected] {
        return Err(format!("{name:?} came back as {names:?}\n{text}"));
    }
    Ok(())
}

#[test]
fn dossier_new_then_build_succeeds_for_names_yaml_reads_specially() {
    let d = minimal_dossier();
    let long = "Presidente Constitucional de la República Bolivariana ".repeat(6);
    let names = [
        "yes",
        "no",
        "null",
        "~",
        "true",
        "*",
        "&a",
        "*a",
        "!tag",
        "!!str",
        "%",
        "@",
        "`",
        "|",
        ">",
        "-",
        "- item",
        "-leading",
        "--flag",
        "? key",
        ": colon",
        "a: b",
        "#hash",
        "a #b",
        "'single'",
        "\"double\"",
        "it's",
        "[list]",
        "{map: 1}",
        "2024-01-01",
        "0x1F",
        "1e3",
        ".inf",
        "<<",
        "=",
        "N/A",
        "\\back\\slash",
        "Ana Núñez",
        "北京",
        "القاهرة",
        "👩‍👩‍👧 family",
        "tab\there",
        "line\nbreak",
        "del\u{7f}char",
        "nel\u{85}char",
        "ls\u{2028}char",
        "\u{feff}bom",
        "zero\u{200b}width",
        "  padded  ",
        " ",
        "???",
        long.as_str(),
    ];
    let failures: Vec<String> = names
        .iter()
        .filter_map(|name| new_then_build(&d.root, name).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// Names with everything YAML, markdown, HTML and shells treat specially.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\x00]{1,40}",
        "[-*&!%@`|>?:#'\"\\[\\]{},~ a-zA-Z0-9]{1,20}",
        "[-!&*]?\\PC{1,30}",
        "[a-zA-Z ]{200,300}",
    ]
}

proptest! {
    // Each case runs the binary twice; a few dozen cover the ground.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn dossier_new_then_build_succeeds_for_any_name(names in prop::collection::vec(any_name(), 1..3)) {
        let d = minimal_dossier();
        for name in &names {
            if let Err(e) = new_then_build(&d.root, name) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
}

/// Builds the dossier at `root` with the file `new` printed, then removes
/// that file so the next name starts clean. Returns the file's path and
/// what it held.
fn build_then_remove(
    root: &Path,
    new_stdout: &str,
    what: &str,
) -> Result<(PathBuf, String), String> {
    let file = root.join(new_stdout.trim());
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let build = common::dossier(&["build", "--root", root.to_str().unwrap()], root);
    std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    if build.code != 0 {
        return Err(format!(
            "build after new {what}: exit {}\n{}\n{text}",
            build.code, build.stderr
        ));
    }
    Ok((file, text))
}

/// `dossier new KIND NAME`, then `dossier build`, for a kind other than a
/// person: both succeed and the new file's page is written.
fn new_kind_then_build(root: &Path, kind: &str, name: &str) -> Result<(), String> {
    let root_arg = root.to_str().unwrap();
    let new = common::dossier(
        &[
            "new",
            kind,
            "--root",
            root_arg,
            "--date",
            "2024-02-03",
            "--",
            name,
        ],
        root,
    );
    if name.trim().is_empty() {
        return match new.code {
            2 => Ok(()),
            code => Err(format!("a blank name gave exit {code}: {}", new.stderr)),
        };
    }
    if new.code != 0 {
        return Err(format!(
            "new {kind} {name:?}: exit {}: {}",
            new.code, new.stderr
        ));
    }
    let (file, _) = build_then_remove(root, &new.stdout, &format!("{kind} {name:?}"))?;
    let id = file.file_stem().unwrap().to_str().unwrap();
    let page = match kind {
        "page" => format!("public/{id}/index.html"),
        _ => format!(
            "public/{}/{id}/index.html",
            file.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
        ),
    };
    if !root.join(&page).is_file() {
        return Err(format!("new {kind} {name:?}: no page at {page}"));
    }
    Ok(())
}

#[test]
fn a_new_page_named_like_the_sites_own_pages_still_builds() {
    let d = minimal_dossier();
    let failures: Vec<String> = ["Search", "People", "404", "Tags", "Articles", "Print"]
        .iter()
        .filter_map(|name| new_kind_then_build(&d.root, "page", name).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn dossier_new_of_any_kind_then_build_succeeds(
        kind in prop::sample::select(vec!["article", "place", "event", "organization", "page"]),
        name in any_name(),
    ) {
        let d = minimal_dossier();
        if let Err(e) = new_kind_then_build(&d.root, kind, &name) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// HTML of every shape the search index's tag scan may meet in a page:
/// tags with quoted and unquoted attributes, comments, scripts, entities,
/// stray `<` and `&`, in any order, nesting and closing, with any text.
fn any_html() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<main data-search-body=\"Article\">",
        "<main data-search-body=Place>",
        "</main>",
        "<p>",
        "</p>",
        "<li>",
        "<svg viewBox=\"0 0 1 1\">",
        "</svg>",
        "<svg/>",
        "<section data-search-ignore>",
        "</section>",
        "<h1>",
        "</h1>",
        "<!--",
        "-->",
        "<!doctype html>",
        "<script>",
        "</script>",
        "<STYLE>",
        "</style",
        "<a href=\"x>y\">",
        "<a title='it\"s'>",
        "</a>",
        "<br/>",
        "<br>",
        "</",
        "<",
        ">",
        "&amp;",
        "&#x27;",
        "&#9999999;",
        "&",
        "\"",
        "'",
        "data-search-body",
    ]);
    prop::collection::vec(
        prop_oneof![any_text(), pieces.prop_map(String::from)],
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_search_index_reads_any_page_without_panicking(html in any_html()) {
        if let Some(doc) = dossier::search::extract(&html, "/p/") {
            prop_assert!(!doc.title.starts_with(' ') && !doc.title.ends_with(' '), "{:?}", doc.title);
            prop_assert!(!doc.title.contains("  "), "{:?}", doc.title);
            let (length, title) = doc.words.length();
            let (mut counted, mut in_title) = (0, 0);
            for (word, c, _) in doc.words.iter() {
                prop_assert!(!word.is_empty() && word.len() <= 64, "{:?}", word);
                prop_assert!(c.text > 0, "{:?} counted nowhere", word);
                counted += c.text;
                in_title += u32::from(c.title);
            }
            // Every passage the index names is one the text files hold.
            let passages: Vec<[String; 3]> = serde_json::from_str(&doc.passages).unwrap();
            for (word, _, p) in doc.words.iter() {
                prop_assert!(p.ids().iter().all(|&i| usize::from(i) < passages.len()), "{:?}", word);
            }
            prop_assert_eq!((counted, in_title), (length, title));
        }
    }

    #[test]
    fn a_marked_page_is_indexed_with_its_text_and_title(text in "[a-zA-Z0-9 ,.\t\n]{0,80}") {
        let html = format!(
            "<html><head><title>Site</title></head><body><nav>Menu</nav>\
             <main data-search-body=\"Page\"><h1>Title</h1><p>{text}</p></main>\
             <footer>Foot</footer></body></html>"
        );
        let doc = dossier::search::extract(&html, "/p/").expect("a marked page");
        let mut want: BTreeMap<String, (u32, u32)> = BTreeMap::from([("title".to_string(), (1, 1))]);
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            want.entry(word.to_ascii_lowercase()).or_default().0 += 1;
        }
        let got: BTreeMap<String, (u32, u32)> =
            doc.words.iter().map(|(w, c, _)| (w.to_string(), (c.text, u32::from(c.title)))).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(doc.title, "Title");
        prop_assert_eq!(doc.kind, "Page");
    }
}
