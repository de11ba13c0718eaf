//! Micro-benchmarks of the build's hot paths, on a synthetic dossier made
//! here (1,000 articles, 300 entities sharing surnames, accents and
//! possessives, as a newsroom's would):
//!
//! - `frontmatter_split`: one article's front-matter split from its body;
//! - `load_files`: every file of the dossier read, split, parsed from YAML
//!   and validated (`content::load::load_content`);
//! - `markdown_plain` / `markdown_linked`: one article body rendered, without
//!   and with the name matcher linking mentions;
//! - `name_matcher`: every name in one article body found (one pass of the
//!   automaton over the folded text);
//! - `entity_page`: one person's page rendered through the theme, with its
//!   "Appears in" sentences, related entities and infobox;
//! - `search_page`: one rendered article page read for the search index:
//!   its marked text extracted, entities decoded, split into folded
//!   words and counted.
//!
//! Run with `cargo bench --bench hot_paths`. Whole-build figures are in
//! BENCHMARKS.md (`bench/run.py`).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use dossier::body::{render_body, Linking};
use dossier::config::Overrides;
use dossier::content::frontmatter;
use dossier::content::load::load_content;
use dossier::content::Source;
use dossier::render::{Job, Sink, SiteRenderer};
use dossier::site::Site;

fn main() {
    divan::main();
}

const ARTICLES: usize = 1_000;
const PEOPLE: usize = 200;
const PLACES: usize = 100;

const GIVEN: [&str; 10] = [
    "Ana", "José", "María", "Luis", "Inés", "Jorge", "Carmen", "Tomás", "Elena", "Raúl",
];
const FAMILY: [&str; 10] = [
    "Núñez",
    "González",
    "Pérez",
    "Rodríguez",
    "Martínez",
    "López",
    "Díaz",
    "Vargas",
    "Rojas",
    "Castro",
];
const WORDS: [&str; 16] = [
    "the",
    "crowd",
    "said",
    "election",
    "council",
    "march",
    "observers",
    "reported",
    "on",
    "Tuesday",
    "and",
    "results",
    "were",
    "disputed",
    "in",
    "streets",
];

fn person(i: usize) -> String {
    format!(
        "{} {} {}",
        GIVEN[i % 10],
        FAMILY[(i / 10) % 10],
        FAMILY[(i / 100 + i) % 10]
    )
}

fn place(i: usize) -> String {
    format!("Villa {} {i}", FAMILY[i % 10])
}

fn slug(name: &str) -> String {
    dossier::content::id::slugify(name)
}

/// A paragraph-rich article body naming a few people and places.
fn body(n: usize) -> String {
    let mut out = String::new();
    for p in 0..6 {
        let mut words: Vec<String> = (0..70)
            .map(|w| WORDS[(n * 7 + p * 13 + w * 5) % WORDS.len()].to_string())
            .collect();
        words[10] = person((n + p) % PEOPLE);
        words[30] = format!("{}’s", person((n * 3 + p) % PEOPLE));
        words[50] = place((n + p * 11) % PLACES);
        out.push_str(&words.join(" "));
        out.push_str(".\n\n");
    }
    out
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The synthetic dossier, made once per run in a temporary folder.
fn dossier_root() -> &'static Path {
    static ROOT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &ROOT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().to_path_buf();
            write(
                &root,
                "site.toml",
                "title = \"Bench\"\nbase_url = \"https://example.org/\"\n[build]\nsearch = false\n",
            );
            for i in 0..PEOPLE {
                let name = person(i);
                let surname = name.split_once(' ').unwrap().1.to_string();
                write(
                    &root,
                    &format!("content/people/{}.md", slug(&name)),
                    &format!(
                        "---\nname: {name}\naliases: [\"{surname}\"]\nrole: Witness\n---\n{name} appears in the bench.\n"
                    ),
                );
            }
            for i in 0..PLACES {
                let name = place(i);
                write(
                    &root,
                    &format!("content/places/{}.md", slug(&name)),
                    &format!("---\nname: {name}\ncoordinates: [-12.0, -77.0]\n---\nA place.\n"),
                );
            }
            for n in 0..ARTICLES {
                let people: Vec<String> = (0..3).map(|p| slug(&person((n + p) % PEOPLE))).collect();
                write(
                    &root,
                    &format!("content/articles/2024-07-{:02}-a{n}.md", n % 28 + 1),
                    &format!(
                        "---\ntitle: Article {n}\ndate: 2024-07-{:02}\noutlet: Bench Wire\npeople: [{}]\ntags: [Elections]\n---\n{}",
                        n % 28 + 1,
                        people.join(", "),
                        body(n)
                    ),
                );
            }
            (dir, root)
        })
        .1
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let (site, diagnostics) = Site::load(dossier_root(), &Overrides::default());
        site.unwrap_or_else(|| panic!("the bench dossier must load: {diagnostics:?}"))
    })
}

fn article_text() -> String {
    let path = std::fs::read_dir(dossier_root().join("content/articles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_to_string(path).unwrap()
}

#[divan::bench]
fn frontmatter_split(bencher: divan::Bencher) {
    let text = article_text();
    bencher.bench(|| frontmatter::split(divan::black_box(&text)).is_ok());
}

#[divan::bench(sample_count = 20)]
fn load_files(bencher: divan::Bencher) {
    let root = dossier_root();
    bencher.bench(|| load_content(divan::black_box(root)).0.articles.len());
}

#[divan::bench]
fn markdown_plain(bencher: divan::Bencher) {
    let text = body(7);
    let source = Source {
        file: "content/articles/a.md".into(),
        body_line: 1,
        front_matter: String::new(),
    };
    bencher.bench(|| {
        render_body(divan::black_box(&text), &source, None)
            .html
            .len()
    });
}

#[divan::bench]
fn markdown_linked(bencher: divan::Bencher) {
    let site = site();
    let text = body(7);
    let source = Source {
        file: "content/articles/a.md".into(),
        body_line: 1,
        front_matter: String::new(),
    };
    let linking = Linking {
        names: &site.names,
        dossier: &site.dossier,
        self_entity: None,
        mode: site.dossier.config.build.auto_link,
    };
    bencher.bench(|| {
        render_body(divan::black_box(&text), &source, Some(&linking))
            .html
            .len()
    });
}

#[divan::bench]
fn name_matcher(bencher: divan::Bencher) {
    let site = site();
    let text = body(7);
    bencher.bench(|| {
        site.names
            .matcher
            .find_iter(divan::black_box(&text))
            .count()
    });
}

/// A sink that only counts: the bench measures rendering, not the disk.
struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, bytes: &[u8]) -> io::Result<()> {
        divan::black_box(bytes.len());
        Ok(())
    }
}

/// The renderer of the bench dossier.
fn renderer(site: &Site) -> SiteRenderer<'_> {
    SiteRenderer::new(&site.dossier, &site.index, &site.bodies, &site.theme)
}

#[divan::bench]
fn entity_page(bencher: divan::Bencher) {
    let site = site();
    let renderer = renderer(site);
    // The most mentioned person: the longest "Appears in" list.
    let person = (0..site.dossier.entities.len())
        .max_by_key(|&i| site.index.appears_in[i].len())
        .unwrap();
    bencher.bench(|| renderer.render_page(&Discard, &Job::Entity(person)).is_ok());
}

/// A sink that keeps the last page written.
struct Keep(Mutex<Vec<u8>>);

impl Sink for Keep {
    fn write(&self, _rel: &str, bytes: &[u8]) -> io::Result<()> {
        *self.0.lock().unwrap() = bytes.to_vec();
        Ok(())
    }
}

#[divan::bench]
fn search_page(bencher: divan::Bencher) {
    let renderer = renderer(site());
    let keep = Keep(Mutex::new(Vec::new()));
    renderer.render_page(&keep, &Job::Article(0)).unwrap();
    let html = String::from_utf8(keep.0.into_inner().unwrap()).unwrap();
    bencher.bench(|| {
        let doc = dossier::search::extract(divan::black_box(&html), "/a/").unwrap();
        doc.words.length()
    });
}
