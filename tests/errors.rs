//! Every class of bad input gives exit 1, names the file and line, gives a
//! hint where one exists, and leaves the previous site byte-identical.
//!
//! Each folder in `tests/fixtures/invalid/` holds files laid over a copy of
//! the valid fixture, and `expected.txt`: lines that must all appear in what
//! the build prints.

mod common;

use common::{copy_tree, fixture, fixtures, snapshot};

#[test]
fn every_invalid_fixture_fails_cleanly_and_keeps_the_old_site() {
    let mut classes: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    classes.sort();
    assert!(classes.len() >= 20, "one fixture per error class");
    let mut failures = Vec::new();
    for class in classes {
        let name = class.file_name().unwrap().to_string_lossy().into_owned();
        let d = fixture("valid");
        let good = d.build(&[]);
        assert_eq!(good.code, 0, "valid fixture builds: {}", good.stderr);
        let before = snapshot(&d.public());
        copy_tree(&class, &d.root);
        std::fs::remove_file(d.root.join("expected.txt")).unwrap();
        let run = d.build(&[]);
        let expected = std::fs::read_to_string(class.join("expected.txt")).unwrap();
        if run.code != 1 {
            failures.push(format!(
                "{name}: exit {} instead of 1\n{}",
                run.code, run.stderr
            ));
        }
        if run.stderr.contains("panicked") {
            failures.push(format!("{name}: panicked\n{}", run.stderr));
        }
        for line in expected.lines().filter(|l| !l.is_empty()) {
            if !run.stderr.contains(line) {
                failures.push(format!("{name}: output lacks {line:?}\n{}", run.stderr));
            }
        }
        if before != snapshot(&d.public()) {
            failures.push(format!("{name}: the previous site changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn errors_quote_the_offending_line() {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-06-vote-preview.md",
        "---\ntitle: What to expect\ndate: 2024-06\npeople: [ana-nunes]\n---\nText.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("4 | people: [ana-nunes]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("^"), "{}", run.stderr);
}

#[test]
fn symlinks_out_of_the_dossier_and_loops_are_refused() {
    let d = fixture("valid");
    assert_eq!(d.build(&[]).code, 0);
    let before = snapshot(&d.public());
    let outside = d.root.parent().unwrap().join("outside.md");
    std::fs::write(&outside, "---\nname: Outsider\n---\nSecret.\n").unwrap();
    std::os::unix::fs::symlink(&outside, d.root.join("content/people/outsider.md")).unwrap();
    std::os::unix::fs::symlink(d.root.join("content"), d.root.join("content/places/loop")).unwrap();
    std::os::unix::fs::symlink(
        "/nonexistent/gone.md",
        d.root.join("content/people/gone.md"),
    )
    .unwrap();
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/people/gone.md"),
        "a broken link is named: {}",
        run.stderr
    );
    assert_eq!(before, snapshot(&d.public()), "the previous site is kept");
    assert!(
        run.stderr.contains("content/people/outsider.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("outside the dossier"), "{}", run.stderr);
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
}

#[test]
fn hidden_and_non_markdown_files_are_ignored() {
    let d = fixture("valid");
    d.write("content/people/.ana-nunez.md.swp", "garbage");
    d.write("content/people/notes.txt", "garbage");
    d.write("content/.hidden/x.md", "garbage");
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_huge_file_is_refused_without_reading_it_whole() {
    let d = fixture("valid");
    let mut text = String::from("---\ntitle: Huge\ndate: 2024-01-01\n---\n");
    let paragraph = "Words words words. ".repeat(50) + "\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&paragraph);
    }
    assert_eq!(d.build(&[]).code, 0);
    let before = snapshot(&d.public());
    d.write("content/articles/huge.md", &text);
    let run = d.build(&[]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(before, snapshot(&d.public()), "the previous site is kept");
    assert!(run.stderr.contains("content/articles/huge.md"));
    assert!(run.stderr.contains("at most 16 MB"), "{}", run.stderr);
}

#[test]
fn a_reference_to_another_kind_names_the_kind_it_should_be() {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-06-vote-preview.md",
        "---\ntitle: What to expect\ndate: 2024-06\npeople: [people/ana-nunez, places/rio-claro]\n---\nText.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`people` holds person ids, and `places/rio-claro` names a place"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/articles/2024-06-vote-preview.md:4:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\n1 error\n"),
        "the person written as kind/id is fine: {}",
        run.stderr
    );
}

#[test]
fn a_bad_base_url_on_the_command_line_is_a_usage_error() {
    let d = fixture("valid");
    for bad in [
        "example.org",
        "/venezuela/",
        "ftp://example.org/",
        "https://e.org/a b",
        "https://e.org/?x=1",
    ] {
        let run = d.build(&["--base-url", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("--base-url"), "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("absolute URL"), "{bad}: {}", run.stderr);
        assert!(!d.public().exists(), "nothing is written for {bad}");
    }
    let run = d.build(&["--base-url", "https://example.org/elsewhere"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d.page("index.html").contains("href=\"/elsewhere/"));
}

#[test]
fn an_entity_with_a_bad_field_still_counts_for_wikilinks_and_references() {
    // A bad date, a misspelt field, a value of the wrong type: each is
    // reported in the entity's own file, and the home page's wikilink and
    // the article's `people` still find Ana Núñez.
    for (bad, expected) in [
        ("born: 1975-13-40", "`born`"),
        ("borm: 1975", "unknown field `borm`"),
        ("born: [1975, 1976]", "front-matter"),
    ] {
        let d = fixture("valid");
        d.write(
            "content/_index.md",
            "---\ntitle: Fixture Dossier\n---\nThis dossier follows [[Ana Núñez]] and [[people/ana-nunez|her]].\n",
        );
        d.write(
            "content/people/ana-nunez.md",
            &format!(
                "---\nname: Ana Núñez\naliases: [Núñez, Ana Nunez]\n{bad}\ncountry: republic\n---\nAna Núñez leads the Civic Front.\n"
            ),
        );
        let run = d.build(&[]);
        assert_eq!(run.code, 1, "{bad}: {}", run.stderr);
        assert!(
            run.stderr.contains("content/people/ana-nunez.md:4:"),
            "{bad}: the error is at its line\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{bad}: {}", run.stderr);
        assert!(
            !run.stderr.contains("does not match any entity"),
            "{bad}: no false wikilink error\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("no person with id"),
            "{bad}: no false reference error\n{}",
            run.stderr
        );
        assert_eq!(
            run.stderr.matches("error:").count(),
            1,
            "{bad}: only the real error\n{}",
            run.stderr
        );
    }
}

#[test]
fn unclosed_brackets_and_quotes_are_reported_where_they_open() {
    let d = fixture("valid");
    d.write(
        "content/articles/2024-06-vote-preview.md",
        "---\ntitle: What to expect\ndate: 2024-06\noutlet: The Courier\nauthor: A. Writer\nsummary: A preview.\npeople: [ana-nunez, civic\nplaces: [rio-claro]\n---\nText.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/articles/2024-06-vote-preview.md:7:9"),
        "the `[` on line 7\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("this `[` is not closed"),
        "{}",
        run.stderr
    );

    let d = fixture("valid");
    d.write(
        "content/articles/2024-06-vote-preview.md",
        "---\ntitle: \"What to expect\ndate: 2024-06\nsummary: \"A preview.\"\n---\nText.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/articles/2024-06-vote-preview.md:2:8"),
        "the quote on line 2\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("this quote is not closed"),
        "{}",
        run.stderr
    );

    let d = fixture("valid");
    d.write(
        "content/articles/2024-06-vote-preview.md",
        "---\ndate: 2024-06\ntitle: 'What to expect\n---\nText.\n",
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/articles/2024-06-vote-preview.md:3:8"),
        "a quote open to the end\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("this quote is not closed"),
        "{}",
        run.stderr
    );
}
