//! The editor's commands as an editor uses them: init a dossier, add to it
//! with new and import, check it.

mod common;

use common::{dossier, fixture, fixtures};

fn seeds() -> std::path::PathBuf {
    fixtures().join("seeds")
}

fn seed(prefix: &str) -> String {
    std::fs::read_dir(seeds())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn init_makes_a_dossier_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-dossier");
    let run = dossier(&["init", dir.to_str().unwrap()], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = dossier(
        &["check", "--strict", "--root", dir.to_str().unwrap()],
        tmp.path(),
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    let build = dossier(&["build", "--root", dir.to_str().unwrap()], tmp.path());
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(dir.join("public/people/jane-example/index.html").is_file());
    let again = dossier(&["init", dir.to_str().unwrap()], tmp.path());
    assert_eq!(again.code, 1, "init refuses a non-empty folder");
    assert!(again.stderr.contains("not empty"));
}

#[test]
fn new_writes_a_skeleton_with_every_field_and_never_overwrites() {
    let d = fixture("valid");
    let run = d.run(&["new", "person", "Ana María Núñez"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "content/people/ana-maria-nunez.md");
    let text = std::fs::read_to_string(d.root.join("content/people/ana-maria-nunez.md")).unwrap();
    assert!(text.contains("name: \"Ana María Núñez\""));
    for field in [
        "aliases",
        "summary",
        "links",
        "tags",
        "born",
        "died",
        "role",
        "country",
        "organizations",
        "auto_link",
    ] {
        assert!(
            text.contains(&format!("# {field}:")),
            "{field} listed in {text}"
        );
    }
    let again = d.run(&["new", "person", "Ana María Núñez"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("never overwrites"));
    let article = d.run(&[
        "new",
        "article",
        "Big news: a rally!",
        "--date",
        "2024-09-01",
    ]);
    assert_eq!(
        article.stdout.trim(),
        "content/articles/2024-09-01-big-news-a-rally.md"
    );
    for kind in ["place", "event", "organization", "page"] {
        let run = d.run(&["new", kind, &format!("A new {kind}")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let build = d.build(&[]);
    assert_eq!(build.code, 0, "every skeleton builds: {}", build.stderr);
    assert_eq!(d.run(&["new", "spaceship", "X"]).code, 2);
}

#[test]
fn check_reports_broken_links_unmentioned_entities_and_exit_codes() {
    let d = fixture("valid");
    let clean = d.run(&["check"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    d.write(
        "content/people/nobody.md",
        "---\nname: Nobody Special\n---\nNot mentioned anywhere.\n",
    );
    d.write(
        "content/pages/links.md",
        "---\ntitle: Links\n---\nSee [the missing page](../no-such-page/) and [a bad anchor](../about/#nowhere).\n",
    );
    let run = d.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/pages/links.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("broken link `../no-such-page/`: no such page"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no such anchor"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/pages/links.md:4:"),
        "a broken link is reported at its line in the file: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nothing mentions person `Nobody Special`"),
        "{}",
        run.stderr
    );
    d.remove("content/pages/links.md");
    // An article's body is repeated on /print/; its broken link is
    // reported once, at the article.
    d.write(
        "content/articles/broken-link.md",
        "---\ntitle: A broken link\ndate: 2024-07-30\n---\nSee [the gone page](/fixture/gone/).\n",
    );
    let once = d.run(&["check"]);
    assert_eq!(once.code, 1, "{}", once.stderr);
    assert_eq!(
        once.stderr.matches("broken link `/fixture/gone/`").count(),
        1,
        "{}",
        once.stderr
    );
    assert!(
        once.stderr.contains("content/articles/broken-link.md:5:"),
        "{}",
        once.stderr
    );
    d.remove("content/articles/broken-link.md");
    let warnings_only = d.run(&["check"]);
    assert_eq!(
        warnings_only.code, 0,
        "warnings alone exit 0: {}",
        warnings_only.stderr
    );
    assert_eq!(
        d.run(&["check", "--strict"]).code,
        1,
        "--strict fails on warnings"
    );
    assert!(!d.public().exists(), "check writes no output folder");
}

#[test]
fn check_follows_links_in_memory_and_writes_nothing() {
    let d = fixture("valid");
    // Neither the output folder nor a temporary folder can be made: the
    // output's parent and the temporary folder's are a file.
    d.write("blocker", "a file, not a folder\n");
    let config = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    d.write(
        "site.toml",
        &format!("output_dir = \"blocker/public\"\n{config}"),
    );
    d.write(
        "content/articles/broken-link.md",
        "---\ntitle: A broken link\ndate: 2024-07-30\n---\nSee [the gone page](/fixture/gone/) and [a bad anchor](/fixture/about/#nowhere).\n",
    );
    let everything = |dir: &std::path::Path| {
        let entries: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .map(|e| e.into_path())
            .collect();
        (entries, common::snapshot(dir))
    };
    let before = everything(&d.root);
    let run: common::Run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .current_dir(&d.root)
        .env("NO_COLOR", "1")
        .env("TMPDIR", d.root.join("blocker/tmp"))
        .output()
        .expect("run dossier")
        .into();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/articles/broken-link.md:5:21: error: broken link `/fixture/gone/`: no such page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("broken link `/fixture/about/#nowhere`: no such anchor on that page"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("check: 2 errors"), "{}", run.stderr);
    assert!(
        before == everything(&d.root),
        "check changed the dossier's folder"
    );
}

#[test]
fn the_four_seeds_import_into_articles_that_build() {
    let d = fixture("valid");
    let with_flags = [
        (
            seed("000"),
            vec![
                "--title",
                "Venezuelan diaspora rallies in Lima",
                "--date",
                "2024-08",
            ],
        ),
        (seed("001"), vec!["--date", "2018-04"]),
        (
            seed("002"),
            vec!["--date", "2024-07-29", "--outlet", "Voz Media"],
        ),
        (seed("003"), vec!["--title", "Venezuelans rally in Caracas"]),
    ];
    for (file, flags) in &with_flags {
        let mut args = vec!["import", file.as_str()];
        args.extend(flags.iter().copied());
        let run = d.run(&args);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    }
    let read = |id: &str| {
        std::fs::read_to_string(d.root.join(format!("content/articles/{id}.md"))).unwrap()
    };
    let lima = read("2024-08-venezuelan-diaspora-rallies-in-lima");
    assert_eq!(
        lima.matches("Footage shows huge crowds").count(),
        1,
        "the repeated text is kept once"
    );
    let summit = read("2018-04-venezuelans-fill-streets-of-peru-to-protest-socialism-at");
    assert!(summit.contains("title: \"Venezuelans Fill Streets of Peru to Protest Socialism at Summit of the Americas\""));
    assert!(!summit.contains("Follow Frances Martel"));
    assert!(!summit.contains("issues with commenting"));
    let voz = read("2024-07-29-venezuelas-working-class-neighbourhoods-rise-up-against");
    assert!(voz.contains("outlet: \"Voz Media\""));
    assert!(!voz.contains("Voz media US Voz.us"));
    assert!(!voz.contains("Published by"));
    assert!(!voz.contains("\ntracking"));
    let caracas = read("2024-07-31-venezuelans-rally-in-caracas");
    assert!(
        caracas.contains("date: 2024-07-31"),
        "the date line is found"
    );
    assert!(!caracas.contains("date 2024-07-31 Thousands"));
    assert!(caracas.contains("Thousands of Venezuelans gathered on Tuesday"));
    let build = d.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
}

#[test]
fn import_finds_known_entities_and_reports_what_it_removed() {
    let d = fixture("valid");
    let raw = d.root.join("raw.txt");
    std::fs::write(
        &raw,
        "Example Daily exampledaily.com\n\nAna Núñez leads march in Río Claro\n\nAna Núñez led thousands through Río Claro on Sunday.\n\nThe Civic Front said the count was wrong.\n\nShare this article\n",
    )
    .unwrap();
    let run = d.run(&["import", raw.to_str().unwrap(), "--date", "2024-08-04"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("removed (boilerplate"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("people: ana-nunez"), "{}", run.stdout);
    let text = std::fs::read_to_string(
        d.root
            .join("content/articles/2024-08-04-ana-nunez-leads-march-in-rio-claro.md"),
    )
    .unwrap();
    assert!(text.contains("people: [ana-nunez]"));
    assert!(text.contains("places: [rio-claro]"));
    assert!(text.contains("organizations: [civic-front]"));
    let again = d.run(&["import", raw.to_str().unwrap(), "--date", "2024-08-04"]);
    assert_eq!(again.code, 1, "import never overwrites");
    let undated = d.root.join("undated.txt");
    std::fs::write(
        &undated,
        "A headline without a date\n\nSome text of the article.\n",
    )
    .unwrap();
    let run = d.run(&["import", undated.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("pass --date"), "{}", run.stderr);
}

/// Three raw articles as an editor pastes them from three kinds of outlet:
/// a masthead the outlet's own boilerplate repeats, an unknown site's name
/// in capitals over its tagline, a wire story with a dateline; each with
/// its share, follow, comment, newsletter and tracking residue.
const MESSY: [(&str, &str); 3] = [
    (
        "andean.txt",
        "The Andean Courier\nRío Claro residents march to demand a recount\nPublished by The Andean Courier Staff\ndate 2025-01-02\n\n\
         RÍO CLARO (AP) — Hundreds of residents marched through Río Claro on Thursday behind Ana Núñez.\n\n\
         Share this article: Facebook | Twitter | WhatsApp\n\n\
         \"We are here because the count was wrong,\" said one marcher.\n\n\
         \"We are here because the count was wrong,\" said one marcher.\n\n\
         Follow The Andean Courier on Facebook and Twitter\nLeave a comment\n\
         utm_source=newsletter&utm_medium=email&utm_campaign=daily\n\
         © 2025 The Andean Courier. All rights reserved.\n",
    ),
    (
        "daily.txt",
        "RIO CLARO DAILY NEWS - Your trusted source\nCivic Front calls for a vigil\nBy Maria Lopez | January 9, 2025 | 3 min read\nAdvertisement\n\n\
         The Civic Front called on residents to hold candlelit vigils on the eve of the count.\n\n\
         Subscribe to our newsletter to get the latest news delivered to your inbox!\n\n\
         Ana Núñez spoke in a video posted online.\n\n\
         Click here to subscribe\nTags: Rio Claro, vigils\nFollow us on Facebook and Twitter\n",
    ),
    (
        "wire.txt",
        "Electoral board defends the count\n2025-01-10\n\
         RÍO CLARO (Reuters) - The Electoral Board said on Friday that the count in Río Claro was sound.\n\
         Reporting by John Smith; Editing by Jane Doe\n\
         Our Standards: The Thomson Reuters Trust Principles.\n",
    ),
];

#[test]
fn messy_raw_articles_import_clean_and_build() {
    let d = fixture("valid");
    let expected = [
        (
            "content/articles/2025-01-02-rio-claro-residents-march-to-demand-a-recount.md",
            "title: \"Río Claro residents march to demand a recount\"",
        ),
        (
            "content/articles/2025-01-09-civic-front-calls-for-a-vigil.md",
            "title: \"Civic Front calls for a vigil\"",
        ),
        (
            "content/articles/2025-01-10-electoral-board-defends-the-count.md",
            "title: \"Electoral board defends the count\"",
        ),
    ];
    for ((name, text), (file, title)) in MESSY.iter().zip(expected) {
        let raw = d.root.join(name);
        std::fs::write(&raw, text).unwrap();
        let run = d.run(&["import", raw.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let article = std::fs::read_to_string(d.root.join(file))
            .unwrap_or_else(|e| panic!("{name} → {file}: {e}\n{}", run.stdout));
        assert!(article.contains(title), "{name}: {article}");
        let body = article.rsplit("\n---\n").next().unwrap();
        for residue in [
            "Andean Courier",
            "Published by",
            "Share this",
            "Follow",
            "Leave a comment",
            "utm_",
            "©",
            "DAILY NEWS",
            "Maria Lopez",
            "Advertisement",
            "Subscribe",
            "Click here",
            "Tags:",
            "Reporting by",
            "Our Standards",
            "(AP)",
            "(Reuters)",
            "date 2025",
        ] {
            assert!(
                !body.contains(residue),
                "{name}: `{residue}` left in\n{body}"
            );
        }
        assert_eq!(
            body.matches("the count was wrong").count(),
            usize::from(name == &"andean.txt"),
            "a repeated paragraph is kept once: {body}"
        );
    }
    let build = d.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
}

#[test]
fn new_accepts_folder_names_and_other_spellings_of_a_kind() {
    let d = fixture("valid");
    for (kind, name, file) in [
        ("people", "Rosa Quispe", "content/people/rosa-quispe.md"),
        ("org", "Water Board", "content/organizations/water-board.md"),
        (
            "organisation",
            "Miners Union",
            "content/organizations/miners-union.md",
        ),
        (
            "organizations",
            "Press Club",
            "content/organizations/press-club.md",
        ),
        ("places", "Puerto Azul", "content/places/puerto-azul.md"),
        ("events", "Night March", "content/events/night-march.md"),
        ("pages", "Methods", "content/pages/methods.md"),
    ] {
        let run = d.run(&["new", kind, name, "--date", "2024-09-01"]);
        assert_eq!(run.code, 0, "`new {kind}`: {}", run.stderr);
        assert_eq!(run.stdout.trim(), file, "`new {kind}`");
        assert!(d.root.join(file).is_file(), "{file} written");
    }
    let run = d.run(&["new", "articles", "Plural news", "--date", "2024-09-01"]);
    assert_eq!(
        run.stdout.trim(),
        "content/articles/2024-09-01-plural-news.md",
        "{}",
        run.stderr
    );
    let build = d.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
}
