//! One whole page of every kind, built from the valid fixture, compared
//! with the copy a reviewer has read (`tests/snapshots/*.snap`): a change of
//! markup, of a feed or of `dossier.json` shows in review as a diff of the
//! pages it reaches, not only as the few substrings other tests look for.
//!
//! The build is deterministic (no date of the build, no absolute path), so
//! the snapshots hold whole files; a test that fails shows the diff.
//!
//! When the change of output is meant, update the snapshots and read them:
//!
//! ```text
//! cargo insta test --release --test snapshots --review   # cargo install cargo-insta
//! # or, without cargo-insta:
//! INSTA_UPDATE=always cargo test --release --test snapshots
//! git diff tests/snapshots/
//! ```
//!
//! and commit the `.snap` files with the change. Without `INSTA_UPDATE`, a
//! differing page writes a `.snap.new` beside its snapshot (for `cargo insta
//! review`) and fails; under CI (`CI=true`) nothing is written and it fails.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The files of the valid fixture, built once for every test here.
static BUILT: LazyLock<BTreeMap<PathBuf, Vec<u8>>> = LazyLock::new(|| {
    let d = common::fixture("valid");
    let run = d.build(&[]);
    assert_eq!(run.code, 0, "the valid fixture builds: {}", run.stderr);
    common::snapshot(&d.public())
});

fn built(rel: &str) -> &'static str {
    let bytes = BUILT
        .get(Path::new(rel))
        .unwrap_or_else(|| panic!("the build writes {rel}"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is text: {e}"))
}

/// One test per file, named after the page kind: its snapshot is
/// `tests/snapshots/snapshots__<name>.snap`.
macro_rules! snapshot {
    ($($name:ident: $rel:literal,)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), built($rel), $rel);
        }
    )*};
}

snapshot! {
    home: "index.html",
    article: "articles/2024-07-31-rio-claro-rally/index.html",
    person: "people/ana-nunez/index.html",
    place: "places/rio-claro/index.html",
    event: "events/rio-claro-rally/index.html",
    organization: "organizations/civic-front/index.html",
    free_page: "about/index.html",
    articles_list: "articles/index.html",
    people_index: "people/index.html",
    places_index: "places/index.html",
    events_index: "events/index.html",
    organizations_index: "organizations/index.html",
    tag: "tags/elections/index.html",
    tags_index: "tags/index.html",
    timeline: "timeline/index.html",
    graph: "graph/index.html",
    search: "search/index.html",
    not_found: "404.html",
    print: "print/index.html",
    atom_feed: "atom.xml",
    sitemap: "sitemap.xml",
    robots: "robots.txt",
    dossier_json: "dossier.json",
}

/// A second build of the same dossier, in another folder, writes the same
/// bytes: what the snapshots hold does not depend on where the build ran.
#[test]
fn a_second_build_elsewhere_writes_the_same_files() {
    let again = common::fixture("valid");
    assert_eq!(again.build(&[]).code, 0);
    let files = common::snapshot(&again.public());
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        BUILT.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in BUILT.iter() {
        assert!(
            files[rel] == *bytes,
            "{} differs between two builds",
            rel.display()
        );
    }
}
