//! `dossier import` as an editor uses it: wire texts of outlets the project
//! has never seen, flags that must not silently override the text, bad
//! input that must fail clearly and write nothing, new names offered and
//! written as entities, and a re-scan that adds entities created later.

mod common;

use common::{fixture, fixtures, snapshot, TestDossier};

fn wire(name: &str) -> String {
    fixtures()
        .join("import/wire")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The article file a successful import wrote, read from its report.
fn written(d: &TestDossier, stdout: &str) -> String {
    let rel = stdout
        .lines()
        .next()
        .and_then(|line| line.split(" → ").nth(1))
        .unwrap_or_else(|| panic!("no article in the report:\n{stdout}"));
    std::fs::read_to_string(d.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A wire text, the front-matter lines and report lines it must give, and
/// the names it must never offer as new.
type WireCase = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn wire_texts_get_their_byline_outlet_language_and_new_names() {
    #[rustfmt::skip]
    let cases: &[WireCase] = &[
        ("harbour_ledger.txt",
            &["title: \"Dockworkers walk out as port talks collapse in Port Aldane\"", "date: 2024-08-21",
              "author: \"Tomás Rivera, Helen Marsh and Sam Okafor\"", "outlet: \"The Harbour Ledger\"",
              "language: \"en\"", "tags: [\"ports\", \"labour\", \"port aldane\"]"],
            &["new name (no entity): Ruth Okonkwo (person?)",
              "new name (no entity): Port Workers Union (organization?)",
              "new name (no entity): Dolores Keane (person?)",
              "removed (boilerplate: embargo note): EMBARGOED UNTIL"],
            &["Hundreds", "We gave", "Wednesday", "Harbour Ledger", "Helen Marsh"]),
        ("diario_la_costa.txt",
            &["date: 2024-09-03", "author: \"Lucía Ferrer\"", "outlet: \"Diario La Costa\"", "language: \"es\""],
            &["new name (no entity): Ramón Aguirre (person?)",
              "new name (no entity): Federación de Pescadores Artesanales (organization?)",
              "new name (no entity): Inés Calvo del Río (person?)",
              "new name (no entity): Ministerio de Pesca (organization?)"],
            &["Cientos", "La ministra", "Lucía Ferrer"]),
        ("courrier_des_vallees.txt",
            &["date: 2024-09-12", "author: \"Claire Dumont\"", "outlet: \"Le Courrier des Vallées\"", "language: \"fr\""],
            &["new name (no entity): Bernard Lucet (person?)"],
            &["Plusieurs", "Claire Dumont"]),
    ];
    for (file, lines, report, never) in cases {
        let d = fixture("valid");
        let run = d.run(&["import", &wire(file)]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let article = written(&d, &run.stdout);
        for line in *lines {
            assert!(
                article.lines().any(|l| l == *line),
                "{file}: no line {line:?} in\n{article}"
            );
        }
        for line in *report {
            assert!(
                run.stdout.contains(line),
                "{file}: no {line:?} in\n{}",
                run.stdout
            );
        }
        for name in *never {
            assert!(
                !run.stdout
                    .contains(&format!("new name (no entity): {name}")),
                "{file}: {name:?} offered\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn a_flag_never_silently_overrides_the_text() {
    let d = fixture("valid");
    let run = d.run(&[
        "import",
        &wire("meridian_wire.txt"),
        "--date",
        "2024-08-01",
        "--outlet",
        "Other Wire",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("date (found in the text): 2024-08-21 — the given \"2024-08-01\" differs and is not used"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "outlet (found in the text): Meridian Wire — the given \"Other Wire\" differs"
        ),
        "{}",
        run.stdout
    );
    let article = written(&d, &run.stdout);
    assert!(
        article.contains("date: 2024-08-21\n") && article.contains("outlet: \"Meridian Wire\"")
    );

    let d = fixture("valid");
    let run = d.run(&[
        "import",
        &wire("meridian_wire.txt"),
        "--date",
        "2024-08-01",
        "--force-date",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("date (given, forced): 2024-08-01 — the text says \"2024-08-21\""),
        "{}",
        run.stdout
    );
    assert!(written(&d, &run.stdout).contains("date: 2024-08-01\n"));

    // A batch: the flag fills in where the text has no date, and each file says which.
    let d = fixture("valid");
    let undated = d.root.join("undated.txt");
    std::fs::write(&undated, "Ferry service resumes on the north route\n\nThe ferry to Keston ran again on Monday after a week of storms.\n").unwrap();
    let run = d.run(&[
        "import",
        &wire("meridian_wire.txt"),
        undated.to_str().unwrap(),
        "--date",
        "2024-08-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("date (given): 2024-08-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("date (found in the text): 2024-08-21"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_date_that_reads_two_ways_stops_the_import_and_names_both() {
    let d = fixture("valid");
    let before = snapshot(&d.root);
    let run = d.run(&["import", &wire("ambiguous.txt")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("ambiguous.txt"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("2024-10-11 (day first) or 2024-11-10 (month first)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--date"), "{}", run.stderr);
    assert_eq!(snapshot(&d.root), before, "nothing written");
    let run = d.run(&["import", &wire("ambiguous.txt"), "--date", "2024-10-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn bad_input_fails_clearly_naming_the_file_and_writes_nothing() {
    let d = fixture("valid");
    let folder = d.root.join("notes");
    std::fs::create_dir_all(&folder).unwrap();
    let binary = d.root.join("photo.jpg");
    std::fs::write(&binary, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01").unwrap();
    let nul = d.root.join("nul.txt");
    std::fs::write(
        &nul,
        "A headline\n\nSome text\0 of the article, 21 August 2024.\n",
    )
    .unwrap();
    let empty = d.root.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let furniture = d.root.join("furniture.txt");
    std::fs::write(&furniture, "Share this article\n\nAdvertisement\n\nSign up for our newsletter\n\n© 2024 The Harbour Ledger. All rights reserved.\n").unwrap();
    let page = d.root.join("page.html");
    std::fs::write(&page, "<!DOCTYPE html>\n<html><head><title>Port strike</title></head><body><p>Dockworkers walked out.</p></body></html>\n").unwrap();
    let before = snapshot(&d.root);
    for (path, says) in [
        (page.to_str().unwrap(), "a saved web page (HTML)"),
        (folder.to_str().unwrap(), "is a directory"),
        (binary.to_str().unwrap(), "a NUL byte"),
        (nul.to_str().unwrap(), "a NUL byte at byte 21"),
        (empty.to_str().unwrap(), "the file is empty"),
        (
            furniture.to_str().unwrap(),
            "only publisher furniture (4 pieces removed",
        ),
        ("/dev/zero", "a NUL byte at byte 0"),
    ] {
        let run = d.run(&["import", path]);
        assert_eq!(run.code, 1, "{path}");
        assert!(
            run.stderr.contains(&format!("error: {path}: {says}")),
            "{path}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(snapshot(&d.root), before, "nothing written");
}

#[test]
fn new_entities_are_written_once_and_listed_in_the_article() {
    let d = fixture("valid");
    let run = d.run(&["import", &wire("diario_la_costa.txt"), "--new-entities"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("wrote content/people/ramon-aguirre.md (name: Ramón Aguirre)"),
        "{}",
        run.stdout
    );
    let person = std::fs::read_to_string(d.root.join("content/people/ramon-aguirre.md")).unwrap();
    assert!(
        person.starts_with("---\nname: \"Ramón Aguirre\"\n"),
        "{person}"
    );
    let article = written(&d, &run.stdout);
    let people = article
        .lines()
        .find(|l| l.starts_with("people: "))
        .unwrap_or_else(|| panic!("{article}"));
    assert!(
        people.contains("ramon-aguirre") && people.contains("ines-calvo-del-rio"),
        "{people}"
    );
    assert!(
        article
            .lines()
            .any(|l| l.starts_with("organizations: ") && l.contains("ministerio-de-pesca")),
        "{article}"
    );

    // An edited skeleton is never overwritten by a later import.
    std::fs::write(
        d.root.join("content/people/ramon-aguirre.md"),
        "---\nname: Ramón Aguirre\nrole: Spokesman\n---\n",
    )
    .unwrap();
    let other = d.root.join("other.txt");
    std::fs::write(&other, "Los pescadores levantan el bloqueo\n\n4 de septiembre de 2024\n\nLos pescadores levantaron el bloqueo del puerto este miércoles, dijo Ramón Aguirre a la prensa local.\n").unwrap();
    let run = d.run(&["import", other.to_str().unwrap(), "--new-entities"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let person = std::fs::read_to_string(d.root.join("content/people/ramon-aguirre.md")).unwrap();
    assert!(
        person.contains("role: Spokesman"),
        "not overwritten: {person}"
    );
    assert!(
        run.stdout.contains("people: ramon-aguirre"),
        "now a known entity:\n{}",
        run.stdout
    );
    let build = d.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
}

#[test]
fn a_rescan_adds_entities_created_after_the_import_and_leaves_the_body() {
    let d = fixture("valid");
    let run = d.run(&["import", &wire("harbour_ledger.txt")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run
        .stdout
        .lines()
        .next()
        .unwrap()
        .split(" → ")
        .nth(1)
        .unwrap()
        .to_string();
    let before = std::fs::read_to_string(d.root.join(&rel)).unwrap();
    assert!(!before.contains("ruth-okonkwo"));
    d.write(
        "content/people/ruth-okonkwo.md",
        "---\nname: Ruth Okonkwo\n---\n",
    );
    let run = d.run(&["import", "--rescan", &rel]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("+ people: [ruth-okonkwo]"),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(d.root.join(&rel)).unwrap();
    let body = |text: &str| text.split("\n---\n").nth(1).unwrap().to_string();
    assert_eq!(body(&after), body(&before), "the body is untouched");
    assert!(after.contains("people: [ruth-okonkwo]"));
    let again = d.run(&["import", "--rescan", &rel]);
    assert!(again.stdout.contains("0 changed"), "{}", again.stdout);
}

#[test]
fn check_reports_a_name_two_articles_use_without_an_entity() {
    let d = fixture("valid");
    let second = d.root.join("second.txt");
    std::fs::write(&second, "Port strike enters its second day\n\nAugust 22, 2024\n\nThe strike at the Port of Aldane entered its second day on Thursday, said Ruth Okonkwo, who leads the dockworkers.\n").unwrap();
    for file in [
        wire("harbour_ledger.txt"),
        second.to_str().unwrap().to_string(),
    ] {
        let run = d.run(&["import", &file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run = d.run(&["check"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("unlinked name `Ruth Okonkwo` in 2 articles"),
        "{said}"
    );
    assert!(
        !said.contains("unlinked name `Dolores Keane`"),
        "one article only: {said}"
    );
    d.write(
        "content/people/ruth-okonkwo.md",
        "---\nname: Ruth Okonkwo\n---\n",
    );
    let run = d.run(&["check"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(!said.contains("unlinked name `Ruth Okonkwo`"), "{said}");
}
