//! Hostile input, second round (issue 21): raw HTML around names and
//! wikilinks, characters XML and HTML forbid, thousands of identical
//! headings, templates that would recurse forever, wikilinks to the site's
//! own pages, and the hint an ambiguous name gives. Each test is what an
//! editor (or a theme author) could write, and what a reader would see.

mod common;

use common::{fixture, snapshot, TestDossier};

const ARTICLE: &str = "articles/2024-08-09-hostile/index.html";

/// The valid fixture with one more article, `2024-08-09-hostile`.
fn with_article(front: &str, body: &str) -> TestDossier {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-08-09-hostile.md",
        &format!("---\ntitle: Hostile\ndate: 2024-08-09\n{front}---\n{body}"),
    );
    d
}

/// The text between each `<name…>` and the `</name>` after it, in `html`.
fn elements<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with([' ', '>', '\n']) {
            rest = after;
            continue;
        }
        let end = after.find(&close).unwrap_or(after.len());
        found.push(&after[..end]);
        rest = &after[end..];
    }
    found
}

#[test]
fn names_inside_raw_script_style_textarea_code_and_pre_are_not_linked() {
    let d = with_article(
        "",
        "Inline <code>Ana Núñez</code>, <kbd>Núñez</kbd> and <pre>Ana Nunez</pre> here.\n\n\
         A script <script>var who = 'Ana Núñez';</script> and a style \
         <style>q::after { content: 'Núñez'; }</style> and <textarea>Ana Núñez</textarea>.\n\n\
         <code>\n\nAna Núñez wrote code.\n\n</code>\n\n\
         Afterwards Ana Núñez left.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page(ARTICLE);
    for name in ["code", "kbd", "pre", "script", "style", "textarea"] {
        let found = elements(&page, name);
        assert!(!found.is_empty(), "the page has a <{name}>");
        for inside in found {
            assert!(!inside.contains("<a "), "a link inside <{name}>: {inside}");
        }
    }
    // The first name outside them is the one linked ("first" mode).
    let link = page
        .find("class=\"mention\"")
        .expect("the name after the raw elements is linked");
    assert!(page[..link].contains("Afterwards"), "{page}");
    assert_eq!(page.matches("class=\"mention\"").count(), 1);
}

#[test]
fn a_wikilink_in_code_or_a_script_stays_as_written() {
    let d = with_article(
        "",
        "Data <script>var grid = [[1, 2], [3, 4]];</script> and <code>[[not-a-link]]</code>.\n",
    );
    let run = d.build(&[]);
    assert_eq!(
        run.code, 0,
        "brackets in a script are not wikilinks: {}",
        run.stderr
    );
    let page = d.page(ARTICLE);
    assert!(page.contains("[[not-a-link]]"), "{page}");
    assert!(page.contains("[[1, 2], [3, 4]]"), "{page}");
}

#[test]
fn a_wikilink_inside_a_raw_link_shows_its_text_without_a_nested_link() {
    let d = with_article(
        "",
        "Read <a href=\"https://example.org/profile\">the profile of [[ana-nunez]]</a> today.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page(ARTICLE);
    let raw = elements(&page, "a")
        .into_iter()
        .find(|inside| inside.contains("example.org/profile"))
        .expect("the raw link is on the page");
    assert!(!raw.contains("<a"), "a link nested in the raw link: {raw}");
    assert!(raw.contains("the profile of Ana Núñez"), "{raw}");
    // Still a mention: the article appears on Ana's page.
    assert!(d
        .page("people/ana-nunez/index.html")
        .contains("articles/2024-08-09-hostile/"));
}

#[test]
fn a_wikilink_with_an_empty_label_shows_what_the_bare_wikilink_shows() {
    let d = with_article(
        "",
        "First [[ana-nunez|]], then [[places/rio-claro| ]], then [[about|]].\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page(ARTICLE);
    assert!(
        page.contains("<a href=\"/fixture/people/ana-nunez/\">Ana Núñez</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/fixture/places/rio-claro/\">Río Claro</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/fixture/about/\">about</a>"),
        "{page}"
    );
    assert!(!page.contains("\"></a>"), "an empty link: {page}");
}

/// Whether `c` is a character XML 1.0 or HTML forbids in a document.
fn forbidden(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

#[test]
fn control_characters_and_noncharacters_never_reach_pages_or_feeds() {
    let d = with_article(
        "summary: \"A summary\\u0001 with a bell\\a\"\nauthor: \"Nul\\0 Author\"\n",
        "Line one.\n\nA NUL \u{0} here and a \u{ffff} there, in <b>raw \u{0} HTML</b>.\n",
    );
    let article = "content/articles/2024-08-09-hostile.md";
    let text = std::fs::read_to_string(d.root.join(article)).unwrap();
    d.write(
        article,
        &text.replace("title: Hostile", "title: \"Vote\\uFFFE results\\uFFFF\""),
    );
    d.write(
        "site.toml",
        &std::fs::read_to_string(d.root.join("site.toml"))
            .unwrap()
            .replace("description = \"", "description = \"Bad\\u0000 "),
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in snapshot(&d.public()) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "html" | "xml" | "txt" | "svg" | "css" | "js") {
            let text = String::from_utf8(bytes).expect("UTF-8 output");
            if let Some(c) = text.chars().find(|&c| forbidden(c)) {
                panic!("{} holds U+{:04X}", path.display(), c as u32);
            }
        }
    }
    let feed = d.page("atom.xml");
    assert!(feed.contains("<title>Vote results</title>"), "{feed}");
    assert!(d.page(ARTICLE).contains("A NUL  here"));
    // Each is reported where it was written.
    for at in [
        format!("{article}:2"),
        format!("{article}:4"),
        format!("{article}:5"),
        format!("{article}:9"),
        "site.toml:3".to_string(),
    ] {
        assert!(
            run.stderr.lines().any(|l| l.contains(&at)),
            "no warning at {at}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("U+FFFE"), "{}", run.stderr);
}

#[test]
fn twenty_thousand_identical_headings_get_numbered_ids() {
    let mut body = String::from("## Update\n\n## Update 1\n\n");
    for n in 0..20_000 {
        body.push_str(&format!("## Update\n\nNews {n}.\n\n"));
    }
    let d = with_article("", &body);
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page(ARTICLE);
    let ids: Vec<&str> = page
        .split("<h2 id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 20_002);
    // `Update 1` took `update-1` first; the repeated ones go on from there.
    assert_eq!(&ids[..4], ["update", "update-1", "update-2", "update-3"]);
    assert_eq!(ids[20_001], "update-20001");
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "every id is unique");
}

/// Builds `d` once, adds `templates`, builds again: the second build
/// fails with a message naming `file` and containing `words`, and the
/// site of the first is left as it was.
fn refused_template(templates: &[(&str, &str)], file: &str, words: &str) {
    let d = fixture("valid");
    let first = d.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&d.public());
    for (name, text) in templates {
        d.write(&format!("templates/{name}"), text);
    }
    let run = d.build(&[]);
    assert_eq!(
        run.code, 1,
        "the build fails with an error, not a crash: {}",
        run.stderr
    );
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or_else(|| panic!("no error line: {}", run.stderr));
    assert!(error.contains(words), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("templates/{file}")),
        "the error names templates/{file}: {}",
        run.stderr
    );
    assert!(before == snapshot(&d.public()), "the previous site is kept");
}

#[test]
fn a_template_that_includes_itself_is_an_error() {
    refused_template(
        &[("page.html", "{% extends \"base.html\" %}\n{% block content %}{% include \"page.html\" %}{% endblock %}\n")],
        "page.html",
        "template `page.html` includes itself",
    );
}

#[test]
fn templates_that_include_each_other_are_an_error() {
    refused_template(
        &[
            ("part-a.html", "A {% include \"part-b.html\" %}\n"),
            ("part-b.html", "B\n{% include \"part-a.html\" %}\n"),
            ("page.html", "{% extends \"base.html\" %}\n{% block content %}{% include \"part-a.html\" %}{% endblock %}\n"),
        ],
        "part-a.html",
        "part-a.html → part-b.html → part-a.html",
    );
}

#[test]
fn templates_that_extend_each_other_are_an_error() {
    refused_template(
        &[
            ("layout-a.html", "{% extends \"layout-b.html\" %}\n"),
            ("layout-b.html", "{% extends \"layout-a.html\" %}\n"),
            ("page.html", "{% extends \"layout-a.html\" %}\n"),
        ],
        "layout-a.html",
        "layout-a.html → layout-b.html → layout-a.html",
    );
}

#[test]
fn macro_files_that_import_each_other_are_an_error() {
    refused_template(
        &[
            ("m1.html", "{% import \"m2.html\" as m2 %}\n{% macro one() %}1{% endmacro one %}\n"),
            ("m2.html", "{% import \"m1.html\" as m1 %}\n{% macro two() %}2{% endmacro two %}\n"),
            ("page.html", "{% extends \"base.html\" %}\n{% import \"m1.html\" as m1 %}\n{% block content %}{{ m1::one() }}{% endblock %}\n"),
        ],
        "m1.html",
        "m1.html → m2.html → m1.html",
    );
}

#[test]
fn a_macro_that_calls_itself_is_an_error() {
    refused_template(
        &[
            ("tree.html", "{% macro tree(n) %}<ul><li>{{ n }}{{ self::tree(n=n) }}</li></ul>{% endmacro tree %}\n"),
            ("page.html", "{% extends \"base.html\" %}\n{% import \"tree.html\" as t %}\n{% block content %}{{ t::tree(n=1) }}{% endblock %}\n"),
        ],
        "tree.html",
        "macro `tree` calls itself",
    );
}

#[test]
fn macros_that_call_each_other_are_an_error() {
    refused_template(
        &[
            ("ping.html", "{% import \"pong.html\" as pong %}\n{% macro ping() %}{{ pong::pong() }}{% endmacro ping %}\n"),
            ("pong.html", "{% import \"ping.html\" as ping %}\n{% macro pong() %}{{ ping::ping() }}{% endmacro pong %}\n"),
        ],
        "ping.html",
        "ping.html",
    );
}

#[test]
fn the_sites_own_pages_can_be_wikilinked() {
    let d = with_article(
        "",
        "See the [[timeline]], the [[graph]], [[search]], the [[print]] edition, \
         [[tags]], [[tags/elections]], [[articles]], [[people]], [[places]], \
         [[events]] and [[organizations|every organization]].\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = d.page(ARTICLE);
    for (path, shown) in [
        ("timeline/", "timeline"),
        ("graph/", "graph"),
        ("search/", "search"),
        ("print/", "print"),
        ("tags/", "tags"),
        ("tags/elections/", "tags/elections"),
        ("articles/", "articles"),
        ("people/", "people"),
        ("places/", "places"),
        ("events/", "events"),
        ("organizations/", "every organization"),
    ] {
        let link = format!("<a href=\"/fixture/{path}\">{shown}</a>");
        assert!(page.contains(&link), "no {link} in\n{page}");
        assert!(
            d.public().join(path).join("index.html").is_file(),
            "{path} exists"
        );
    }
    // A tag nothing carries is still an error.
    let d = with_article("", "See [[tags/no-such-tag]].\n");
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("[[tags/no-such-tag]]"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_ambiguity_hint_names_the_entities_that_share_the_name() {
    let d = with_article("", "The DSL met on Monday.\n");
    d.write(
        "content/organizations/dsl.md",
        "---\nname: Democratic Socialist League\nabbreviation: DSL\n---\nA party.\n",
    );
    d.write(
        "content/organizations/dsl-2.md",
        "---\nname: Digital Subscriber Line Association\nabbreviation: DSL\n---\nA trade body.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hint = run
        .stderr
        .lines()
        .skip_while(|l| !l.contains("ambiguous name `DSL`"))
        .find(|l| l.contains("hint"))
        .unwrap_or_else(|| panic!("no hint: {}", run.stderr));
    assert!(
        hint.contains("[[organizations/dsl|DSL]] or [[organizations/dsl-2|DSL]]"),
        "{hint}"
    );
    assert!(!hint.contains("people/"), "{hint}");
}
