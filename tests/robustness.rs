//! Hostile and unlucky input: front-matter built to exhaust the parser, a
//! build killed halfway through writing, a build that must write nowhere but
//! its output, and text crafted to break out of XML, JSON and URLs. Each test
//! is what an editor (or an attacker sending them a file) could do.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{fixture, snapshot, TestDossier};

/// How long a build of hostile input may take on a loaded two-core machine.
const BOUNDED: Duration = Duration::from_secs(20);

/// What a run under a deadline did.
struct TimedRun {
    /// `None` when the run was killed at the deadline.
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

/// Runs the binary with `args` in `cwd`, killing it after `limit`.
fn run_with_deadline(args: &[&str], cwd: &Path, limit: Duration) -> TimedRun {
    let err_path = cwd.join("..").join("stderr.txt");
    let err_file = std::fs::File::create(&err_path).unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(err_file)
        .spawn()
        .expect("run dossier");
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    std::fs::remove_file(&err_path).unwrap();
    TimedRun { code, stderr, took }
}

fn build_with_deadline(d: &TestDossier) -> TimedRun {
    run_with_deadline(
        &["build", "--root", d.root.to_str().unwrap()],
        &d.root,
        BOUNDED,
    )
}

/// Ten levels of nine aliases each, about 3.5 billion strings once expanded,
/// starting in fields a person has (`aliases` is a valid list of strings).
fn billion_laughs() -> String {
    let mut yaml = String::from("name: Bomb\naliases: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = "a".to_string();
    for level in 0..9 {
        let next = format!("l{level}");
        let refs = vec![format!("*{previous}"); 9].join(",");
        let key = if level == 0 {
            "tags".to_string()
        } else {
            format!("tags{level}")
        };
        yaml.push_str(&format!("{key}: &{next} [{refs}]\n"));
        previous = next;
    }
    format!("---\n{yaml}---\nBody.\n")
}

#[test]
fn a_yaml_alias_bomb_fails_fast_with_file_and_line() {
    let d = fixture("valid");
    d.write("content/people/bomb.md", &billion_laughs());
    let run = build_with_deadline(&d);
    assert_eq!(run.code, Some(1), "exit 1 in bounded time\n{}", run.stderr);
    assert!(run.took < BOUNDED, "took {:?}", run.took);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/people/bomb.md:"),
        "names the file and line\n{}",
        run.stderr
    );
    let position = run
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> content/people/bomb.md:"))
        .expect("a position line");
    let line: usize = position.split(':').next().unwrap().parse().unwrap();
    assert!(
        (2..=12).contains(&line),
        "a line of the front-matter: {line}"
    );
    assert!(
        run.stderr.contains("front-matter"),
        "says the front-matter is at fault\n{}",
        run.stderr
    );
}

#[test]
fn ten_thousand_levels_of_nesting_fail_fast_with_file_and_line() {
    for (file, value) in [
        ("content/places/deep.md", "[".repeat(10_000)),
        ("content/places/deeper.md", "{a: ".repeat(10_000)),
        (
            "content/places/deepest.md",
            format!("{}x{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
    ] {
        let d = fixture("valid");
        d.write(
            file,
            &format!("---\nname: Deep\ntype: {value}\n---\nBody.\n"),
        );
        let run = build_with_deadline(&d);
        assert_eq!(
            run.code,
            Some(1),
            "{file}: exit 1 in bounded time\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {file}:3:")),
            "{file}: names the file and line 3\n{}",
            run.stderr
        );
    }
}

/// A copy of the valid fixture with `count` more articles, each naming a
/// person, a place and an organization, so the build has thousands of pages.
/// The search index is left out: it is written like every other file, and
/// building it for thousands of articles would slow the test down.
fn large_dossier(count: usize) -> TestDossier {
    let d = fixture("valid");
    let site = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
    assert!(site.contains("search = true"));
    d.write(
        "site.toml",
        &site.replace("search = true", "search = false"),
    );
    let body = "Ana Nunez spoke in Río Claro on behalf of the Civic Front. ".repeat(8);
    for i in 0..count {
        let day = i % 28 + 1;
        d.write(
            &format!("content/articles/bulk/2023-01-{day:02}-bulk-{i}.md"),
            &format!(
                "---\ntitle: \"Bulk article {i}\"\ndate: 2023-01-{day:02}\npeople: [ana-nunez]\nplaces: [rio-claro]\ntags: [bulk, \"group {g}\"]\n---\n{body}\n\nParagraph two of {i}.\n",
                g = i % 50
            ),
        );
    }
    d
}

fn staging_of(d: &TestDossier) -> PathBuf {
    d.root.join(".public.dossier-staging")
}

/// How many files in the staging folder were written since `since`.
fn staged_since(d: &TestDossier, since: SystemTime) -> usize {
    walkdir::WalkDir::new(staging_of(d))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.metadata()
                .is_ok_and(|m| m.modified().is_ok_and(|t| t >= since))
        })
        .count()
}

/// Starts a build and kills it (SIGKILL) once it has written part of the
/// new site into the staging folder. Returns whether it was killed before
/// it finished.
fn build_and_kill_mid_write(d: &TestDossier) -> bool {
    let since = SystemTime::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root", d.root.to_str().unwrap()])
        .current_dir(&d.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let killed = loop {
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        if staged_since(d, since) > 200 {
            child.kill().unwrap();
            break true;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the build never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let status = child.wait().unwrap();
    killed && status.code().is_none()
}

/// Changes the dossier, kills a build of it mid-write and checks that the
/// site is byte-identical. On a fast machine a build may finish before it is
/// caught; then it tries again, with new content each time.
fn kill_a_build_mid_write(d: &TestDossier, round: usize) {
    for attempt in 1.. {
        let before = snapshot(&d.public());
        assert!(before.len() > 3_000, "a site of thousands of files");
        d.write(
            "content/articles/2024-09-01-late-news.md",
            &format!("---\ntitle: Late news {round}.{attempt}\ndate: 2024-09-01\npeople: [ana-nunez]\n---\nAna Nunez again.\n"),
        );
        // A new site title changes every page, so the build rewrites them
        // all rather than keeping the unchanged ones it staged before.
        let site = std::fs::read_to_string(d.root.join("site.toml")).unwrap();
        let title = site.lines().next().unwrap().to_string();
        d.write(
            "site.toml",
            &site.replacen(
                &title,
                &format!("title = \"Fixture Dossier {round}.{attempt}\""),
                1,
            ),
        );
        if build_and_kill_mid_write(d) {
            assert_eq!(
                before,
                snapshot(&d.public()),
                "the previous site is byte-identical"
            );
            return;
        }
        assert!(
            attempt < 5,
            "every build finished before it could be killed"
        );
    }
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_site_and_the_next_build_succeeds() {
    let d = large_dossier(3_000);
    let first = d.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    // The first kill finds no staging folder; the second finds the one the
    // successful build in between left, holding the site before it.
    for round in 1..=2 {
        kill_a_build_mid_write(&d, round);
        let next = d.build(&[]);
        assert_eq!(next.code, 0, "the next build succeeds: {}", next.stderr);
        assert!(d
            .page("articles/2024-09-01-late-news/index.html")
            .contains(&format!("Late news {round}.")));
    }

    // And what it wrote is what a build from scratch writes: nothing the
    // killed build left behind survives.
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = fresh_dir.path().join("dossier");
    common::copy_tree(&d.root.join("content"), &fresh.join("content"));
    common::copy_tree(&d.root.join("static"), &fresh.join("static"));
    std::fs::copy(d.root.join("site.toml"), fresh.join("site.toml")).unwrap();
    let run = common::dossier(&["build", "--root", fresh.to_str().unwrap()], &fresh);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        snapshot(&d.public()) == snapshot(&fresh.join("public")),
        "the site after a killed build equals a build from scratch"
    );
}

/// Every file and folder under `dir`, with its bytes and modification time.
fn tree_state(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, Option<SystemTime>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let meta = e.metadata().unwrap();
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            let modified = meta.is_file().then(|| meta.modified().unwrap());
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (bytes, modified),
            )
        })
        .collect()
}

#[test]
fn a_build_writes_nothing_outside_its_output_and_staging_folders() {
    let d = fixture("valid");
    let parent = d.root.parent().unwrap().to_path_buf();
    // Temporary files and the home folder are watched too.
    let tmp = parent.join("tmp");
    let home = parent.join("home");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(&d.root)
            .env("TMPDIR", &tmp)
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let root = d.root.to_str().unwrap();
    let allowed = |path: &Path| {
        path.starts_with("dossier/public") || path.starts_with("dossier/.public.dossier-staging")
    };

    for round in 0..3 {
        let before = tree_state(&parent);
        run(&["build", "--root", root]);
        let after = tree_state(&parent);
        let changed: Vec<&PathBuf> = before
            .keys()
            .chain(after.keys())
            .filter(|p| before.get(*p) != after.get(*p))
            .filter(|p| !allowed(p))
            .collect();
        assert!(changed.is_empty(), "build {round} touched {changed:?}");
        // The next round finds something to rewrite.
        d.write(
            "content/pages/about.md",
            &format!("---\ntitle: About {round}\n---\nText.\n"),
        );
    }
    let before = tree_state(&parent);
    run(&["check", "--root", root]);
    assert!(before == tree_state(&parent), "check writes nothing at all");
}

/// A well-formedness check small enough to trust: one root element, tags
/// closed in order, attribute values quoted, no `<` in text or values, and
/// `&` only as a predefined entity or a character reference.
fn check_xml(xml: &str) -> Result<(), String> {
    fn check_text(text: &str) -> Result<(), String> {
        if text.contains('<') {
            return Err(format!("raw < in {text:?}"));
        }
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let after = &rest[at + 1..];
            let end = after
                .find(';')
                .ok_or_else(|| format!("bare & in {text:?}"))?;
            let entity = &after[..end];
            let ok = matches!(entity, "lt" | "gt" | "amp" | "quot" | "apos")
                || entity
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || entity
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("bad entity &{entity}; in {text:?}"));
            }
            rest = &after[end + 1..];
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        check_text(&rest[..at])?;
        if stack.is_empty() && !rest[..at].trim().is_empty() {
            return Err(format!("text outside the root: {:?}", &rest[..at]));
        }
        let tag = &rest[at..];
        let skip = [("<?", "?>"), ("<!--", "-->"), ("<![CDATA[", "]]>")]
            .iter()
            .find(|(open, _)| tag.starts_with(open));
        if let Some((_, close)) = skip {
            let end = tag.find(close).ok_or("unterminated declaration")?;
            rest = &tag[end + close.len()..];
            continue;
        }
        // Find the end of the tag, stepping over quoted attribute values.
        let mut quote = None;
        let end = tag
            .char_indices()
            .skip(1)
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map(|(i, _)| i)
            .ok_or("unterminated tag")?;
        let inner = &tag[1..end];
        rest = &tag[end + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => continue,
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = &inner[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || ":-_.".contains(c))
        {
            return Err(format!("bad tag name {name:?}"));
        }
        let mut attrs = inner[name_end..].trim();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or_else(|| format!("attribute without value in <{inner}>"))?;
            let value = attrs[eq + 1..].trim_start();
            let q = value.chars().next().filter(|c| *c == '"' || *c == '\'');
            let q = q.ok_or_else(|| format!("unquoted attribute in <{inner}>"))?;
            let close = value[1..].find(q).ok_or("unterminated attribute")?;
            check_text(&value[1..1 + close])?;
            attrs = value[close + 2..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    check_text(rest)?;
    if !rest.trim().is_empty() {
        return Err(format!("text after the root: {rest:?}"));
    }
    match (stack.is_empty(), roots) {
        (true, 1) => Ok(()),
        _ => Err(format!("unclosed {stack:?} or {roots} roots")),
    }
}

#[test]
fn the_xml_checker_tells_good_from_bad() {
    assert!(
        check_xml("<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\"><b/>t &lt; &#38;</a>\n").is_ok()
    );
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a>x</a><b/>",
        "<a x=1/>",
        "<a><script>bad</a>",
        "<a>&nbsp;</a>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad}");
    }
}

const HOSTILE: &str = "<script>alert('x')</script> \"Quotes\" & 'apostrophes' ]]> &amp; <![CDATA[";

#[test]
fn hostile_front_matter_text_stays_data_in_feeds_sitemap_and_json() {
    let d = fixture("valid");
    let q = |s: &str| serde_json::to_string(s).unwrap();
    d.write(
        "content/articles/2024-08-05-hostile.md",
        &format!(
            "---\ntitle: {t}\ndate: 2024-08-05\noutlet: {t}\nauthor: {t}\nsummary: {t}\nurl: \"https://example.org/a?x=1&y='2'\"\ntags: [{t}]\npeople: [ana-nunez]\nquotes:\n  - by: ana-nunez\n    text: {t}\n---\nAna Nunez said {body}.\n",
            t = q(HOSTILE),
            body = "&lt;b&gt; <i>raw</i> & more"
        ),
    );
    d.write(
        "content/people/mallory.md",
        &format!(
            "---\nname: {n}\nsummary: {t}\nrole: {t}\n---\nBody.\n",
            n = q(&format!("Mallory {HOSTILE}")),
            t = q(HOSTILE)
        ),
    );
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    for file in ["atom.xml", "sitemap.xml"] {
        let xml = d.page(file);
        if let Err(e) = check_xml(&xml) {
            panic!("{file} is not well-formed: {e}\n{xml}");
        }
        assert!(!xml.contains("<script>"), "{file} has a raw script tag");
    }
    let feed = d.page("atom.xml");
    assert!(
        feed.contains("&lt;script&gt;alert("),
        "the title is in the feed, escaped"
    );

    let json: serde_json::Value =
        serde_json::from_str(&d.page("dossier.json")).expect("valid JSON");
    let article = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["ref"] == "articles/2024-08-05-hostile")
        .expect("the article is in dossier.json");
    assert_eq!(article["title"], HOSTILE, "JSON keeps the text exactly");
    assert_eq!(article["outlet"], HOSTILE);
    let mallory = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ref"] == "people/mallory")
        .expect("the person is in dossier.json");
    assert_eq!(mallory["name"], format!("Mallory {HOSTILE}"));

    for (path, bytes) in snapshot(&d.public()) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "html" | "xml") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("<script>alert"),
                "{} has raw script",
                path.display()
            );
        }
    }
}

#[test]
fn javascript_and_other_non_http_urls_are_errors() {
    for (file, text) in [
        (
            "content/people/ana-nunez.md",
            "---\nname: Ana Nunez\nlinks:\n  Home: https://example.org/\n  Trap: \"javascript:alert(1)\"\n---\nBody.\n",
        ),
        (
            "content/people/ana-nunez.md",
            "---\nname: Ana Nunez\nlinks:\n  Trap: \" JavaScript:alert(1)\"\n---\nBody.\n",
        ),
        (
            "content/people/ana-nunez.md",
            "---\nname: Ana Nunez\nlinks:\n  Trap: \"data:text/html,<script>alert(1)</script>\"\n---\nBody.\n",
        ),
        (
            "content/articles/2024-06-vote-preview.md",
            "---\ntitle: T\ndate: 2024-06\nurl: \"JAVASCRIPT:alert(1)\"\n---\nBody.\n",
        ),
        (
            "content/articles/2024-06-vote-preview.md",
            "---\ntitle: T\ndate: 2024-06\nurl: \"https://example.org/\\\"onmouseover=alert(1)\"\n---\nBody.\n",
        ),
    ] {
        let d = fixture("valid");
        assert_eq!(d.build(&[]).code, 0);
        let before = snapshot(&d.public());
        d.write(file, text);
        let run = d.build(&[]);
        assert_eq!(run.code, 1, "{text}\n{}", run.stderr);
        assert!(run.stderr.contains(&format!("{file}:")), "{}", run.stderr);
        assert!(run.stderr.contains("http or https"), "{}", run.stderr);
        assert_eq!(before, snapshot(&d.public()), "the site is untouched");
    }
}

#[test]
fn importing_megabytes_of_junk_is_refused_quickly() {
    let d = fixture("valid");
    let junk: String = (0..600_000).map(|i| format!("Share {i:07}\n")).collect();
    assert!(junk.len() > 8_000_000);
    let path = d.root.parent().unwrap().join("junk.txt");
    std::fs::write(&path, junk).unwrap();
    let before = snapshot(&d.root.join("content"));
    let run = run_with_deadline(
        &[
            "import",
            "--root",
            d.root.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        &d.root,
        BOUNDED,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("junk.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("over 2 MB"), "{}", run.stderr);
    assert!(
        before == snapshot(&d.root.join("content")),
        "nothing was imported"
    );
}

#[test]
fn the_home_folder_is_refused_even_when_empty() {
    let d = fixture("valid");
    let home = d.root.parent().unwrap().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root", d.root.to_str().unwrap(), "--output"])
        .arg(&home)
        .env("HOME", &home)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it is your home folder"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&home).unwrap().count(),
        0,
        "nothing written"
    );
    let beside: Vec<_> = std::fs::read_dir(d.root.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(beside.is_empty(), "no staging folder beside it: {beside:?}");
}
