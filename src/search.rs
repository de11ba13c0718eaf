//! Full-text search: a [pagefind] index built in-process over the pages of
//! a build and written with its browser bundle under `/pagefind/`.
//!
//! The theme decides what is searchable: pagefind reads only the element
//! marked `data-pagefind-body` (the main content of articles, entity pages,
//! free pages and the home page), takes the kind of page from
//! `data-pagefind-meta`, and folds diacritics, so `Gonzalez` finds
//! `González`. Pages without that mark (lists, the timeline, the print
//! edition) are left out before pagefind parses them. URLs in the index are
//! relative to the site root; pagefind's script prefixes them with the path
//! it was loaded from, so the index honours `base_url`'s path. Everything is
//! indexed under the site's language, so articles in other languages are
//! found from the one search page. Identical pages give an identical bundle.
//!
//! A dossier of more than [`SMALL_SHARD_PAGES`] searchable pages is indexed
//! in shards (see [`shard_pages`]), which `search.js` merges.
//!
//! Which pages carry the mark the renderer tells; pagefind reads the marked
//! pages back from the staging folder, and this module writes only through
//! it, never into the output folder itself. A shard whose pages are all
//! unchanged keeps the index an earlier build made of them (see
//! [`Staging::keep_derived`]).

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::Written;

/// The folder of the search bundle inside the site.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that marks a page's searchable content.
pub const BODY_MARK: &str = "data-pagefind-body";

/// Inside the searchable content, what pagefind must skip: figures are
/// drawings whose labels repeat names already in the text.
const EXCLUDED: &[&str] = &["svg"];

/// The most pages one pagefind index is built over. A larger site is
/// indexed in shards of about equal size, a few at a time, so the build's
/// memory stays bounded (pagefind holds every page it indexes until it
/// writes the bundle); the search page merges them.
pub const SHARD_PAGES: usize = 10_000;

/// Shards are made this small where [`MAX_SHARDS`] allows: a site of more
/// searchable pages than this is indexed in shards, so an edit indexes
/// again only the shards of the pages it changed, and a cold build holds
/// only a few thousand pages in memory per core.
pub const SMALL_SHARD_PAGES: usize = 2_500;

/// The number of shards above which they grow instead (up to
/// [`SHARD_PAGES`]): the search page loads each shard as an index of its
/// own. A goal, not a bound: cutting along folder and id prefixes can take
/// a few more (20 for the 122,500 pages of the 100,000-article benchmark).
pub const MAX_SHARDS: usize = 16;

/// The most pages per shard for a site of `searchable` pages:
/// [`SMALL_SHARD_PAGES`], or larger so that there are about
/// [`MAX_SHARDS`], but never more than [`SHARD_PAGES`].
pub fn shard_pages(searchable: usize) -> usize {
    searchable
        .div_ceil(MAX_SHARDS)
        .clamp(SMALL_SHARD_PAGES, SHARD_PAGES)
}

/// The list of extra shards' folders, relative to [`BUNDLE_DIR`], that the
/// search page merges into the main index: a JSON array, `[]` for most
/// sites.
pub const SHARDS_FILE: &str = "dossier-shards.json";

/// What a search index build produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchIndex {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under [`BUNDLE_DIR`].
    pub files: usize,
    /// Shards the index was built in.
    pub shards: usize,
    /// Shards whose pages had not changed since an earlier build, whose
    /// bundle was kept rather than made again.
    pub kept: usize,
}

/// Indexes the HTML pages `pages` (paths relative to the site root, as
/// written into `staging`) and writes pagefind's bundle under
/// [`BUNDLE_DIR`].
pub fn write_index(
    config: &SiteConfig,
    staging: &Staging,
    pages: &[Written],
) -> Result<SearchIndex, Diagnostic> {
    let shards = plan(staging, pages);
    let mut done = SearchIndex {
        pages: 0,
        files: 0,
        shards: shards.len(),
        kept: 0,
    };
    let mut extra = Vec::new();
    let mut todo = Vec::new();
    for (n, shard) in shards.into_iter().enumerate() {
        // The first shard is the main bundle; the others live inside it.
        let folder = match n {
            0 => BUNDLE_DIR.to_string(),
            _ => {
                extra.push(format!("shard-{}/", n + 1));
                format!("{BUNDLE_DIR}/shard-{}", n + 1)
            }
        };
        done.pages += shard.pages();
        // A shard whose pages are all as an earlier build indexed them
        // keeps that build's bundle, if the buffer still holds it intact.
        let group = format!("search {folder}");
        let key = shard_key(&config.language, staging, &shard.members);
        if let Some(kept) = key.and_then(|key| staging.keep_derived(&group, key)) {
            done.files += kept;
            done.kept += 1;
            continue;
        }
        todo.push(Pending {
            folder,
            group,
            key,
            shard,
        });
    }
    done.files += index_shards(&config.language, staging, todo)?;
    let list = serde_json::to_string(&extra).unwrap_or_else(|_| "[]".into());
    let rel = format!("{BUNDLE_DIR}/{SHARDS_FILE}");
    staging
        .write(&rel, format!("{list}\n").as_bytes())
        .map_err(|e| Diagnostic::error(format!("search: cannot write {rel}: {e}")))?;
    done.files += 1;
    Ok(done)
}

/// A shard to index afresh, and where its bundle goes.
struct Pending {
    folder: String,
    group: String,
    key: Option<u128>,
    shard: Shard,
}

/// Indexes the shards `todo` and writes their bundles; returns how many
/// files they made.
///
/// Pagefind parses a shard's pages in parallel but builds and compresses
/// its bundle on one thread, which leaves the other cores idle for half
/// the time; so as many shards are indexed at once as there are cores.
fn index_shards(
    language: &str,
    staging: &Staging,
    todo: Vec<Pending>,
) -> Result<usize, Diagnostic> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(todo.len());
    let queue = Mutex::new(todo.into_iter());
    let next = || queue.lock().ok().and_then(|mut queue| queue.next());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut files = 0;
                    while let Some(job) = next() {
                        files += index_shard(language, staging, job)?;
                    }
                    Ok(files)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker.join().unwrap_or_else(|_| {
                    Err(Diagnostic::error(
                        "search: the indexer stopped unexpectedly",
                    ))
                })
            })
            .sum()
    })
}

/// Indexes one shard, writes its bundle into its folder and remembers what
/// it was made from; returns how many files it made.
fn index_shard(language: &str, staging: &Staging, job: Pending) -> Result<usize, Diagnostic> {
    let files = index_pages(language, staging, job.shard)?;
    let folder = &job.folder;
    let rels: Vec<String> = files
        .par_iter()
        .map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let rel = format!("{folder}/{name}");
            staging
                .write(&rel, &file.contents)
                .map_err(|e| Diagnostic::error(format!("search: cannot write {rel}: {e}")))?;
            Ok(rel)
        })
        .collect::<Result<_, Diagnostic>>()?;
    let made = rels.len();
    if let Some(key) = job.key {
        staging.derived(&job.group, key, rels);
    }
    Ok(made)
}

/// The pages one pagefind index reads, and how.
///
/// Pagefind reads a folder in parallel but single pages one at a time, so
/// the pages are handed over as folder patterns wherever a whole family of
/// pages is searchable (`articles/*/index.html`: every article), and one by
/// one only for the rest (the home page, free pages). Pagefind ignores
/// unmarked pages once one page is marked; leaving them out spares it
/// parsing the largest pages of the site (lists, the print edition). A
/// theme that marks nothing has every page indexed whole.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shard {
    /// Globs over the staging folder, one per group of pages.
    patterns: Vec<String>,
    /// Pages read one by one, in path order.
    single: Vec<String>,
    /// Every page of the shard, whether by pattern or one by one.
    members: Vec<String>,
}

impl Shard {
    /// Pages in this shard.
    fn pages(&self) -> usize {
        self.members.len()
    }

    /// The patterns as one glob.
    fn glob(&self) -> Option<String> {
        match self.patterns.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            many => Some(format!("{{{}}}", many.join(","))),
        }
    }
}

fn plan(staging: &Staging, pages: &[Written]) -> Vec<Shard> {
    // The renderer tells which pages carry the mark.
    let marks: Vec<(&String, bool)> = pages
        .iter()
        .filter(|page| page.rel.ends_with(".html"))
        .map(|page| (&page.rel, page.marked))
        .collect();
    let any_marked = marks.iter().any(|(_, marked)| *marked);
    let searchable: Vec<&str> = marks
        .iter()
        .filter(|(_, marked)| *marked || !any_marked)
        .map(|(rel, _)| rel.as_str())
        .collect();
    // Pagefind takes a folder by its path as text: a staging path that is
    // not UTF-8 has every page go one by one.
    let utf8 = staging.dir().to_str().is_some();
    shards_of(&marks, &searchable, utf8, shard_pages(searchable.len()))
}

/// Splits the searchable pages into shards: whole families as patterns
/// where every page of the family is searchable, the rest one by one.
fn shards_of(
    marks: &[(&String, bool)],
    searchable: &[&str],
    utf8: bool,
    shard_pages: usize,
) -> Vec<Shard> {
    let any_marked = marks.iter().any(|(_, marked)| *marked);
    // A family is the pages `<folder>/<segment>/index.html`; it goes to
    // pagefind as patterns only if every page of it is searchable.
    let mut families: BTreeMap<&str, (bool, Vec<&str>)> = BTreeMap::new();
    for (rel, marked) in marks {
        if let Some((folder, segment)) = family(rel) {
            let entry = families.entry(folder).or_insert((true, Vec::new()));
            entry.0 &= *marked || !any_marked;
            entry.1.push(segment);
        }
    }
    families.retain(|_, (all, _)| *all && utf8);
    let mut single: Vec<String> = searchable
        .iter()
        .filter(|rel| !family(rel).is_some_and(|(f, _)| families.contains_key(f)))
        .map(|rel| rel.to_string())
        .collect();
    single.sort();
    // As few shards as the limit allows, of about equal size, so that
    // shards indexed side by side finish together: families are split into
    // groups of at most an equal share, and consecutive groups packed.
    let parts = searchable.len().div_ceil(shard_pages).max(1);
    let share = searchable.len().div_ceil(parts).max(1);
    let mut groups = Vec::new();
    for (folder, (_, mut segments)) in families {
        segments.sort_unstable();
        split_family(folder, "", &segments, share, &mut groups);
    }
    // Pages one by one go in the first shard, so a small site is one
    // shard as before.
    let mut sizes = vec![single.len()];
    sizes.extend(groups.iter().map(|(_, members)| members.len()));
    let starts = (parts..sizes.len())
        .map(|n| cuts(&sizes, n))
        .find(|starts| runs(&sizes, starts).all(|run| run <= shard_pages))
        .unwrap_or_else(|| {
            // Every group a shard of its own (the first one also holding
            // the single pages, if there are any).
            let from = if single.is_empty() { 2 } else { 1 };
            (from..sizes.len()).collect()
        });
    let mut shards = vec![Shard {
        members: single.clone(),
        single,
        patterns: Vec::new(),
    }];
    for (i, (pattern, members)) in groups.into_iter().enumerate() {
        if starts.contains(&(i + 1)) {
            shards.push(Shard::default());
        }
        let last = shards.last_mut().expect("one shard at least");
        last.patterns.push(pattern);
        last.members.extend(members);
    }
    shards
}

/// Where to cut a row of groups of pages, of the sizes `sizes`, into
/// `parts` runs of about equal size: the index of the first group of every
/// run after the first. A run ends where adding the next group would take
/// it further from its share than stopping.
fn cuts(sizes: &[usize], parts: usize) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    let mut starts = Vec::new();
    let mut sum = 0;
    for (i, &size) in sizes.iter().enumerate() {
        let goal = total * (starts.len() + 1) / parts;
        if starts.len() + 1 < parts && sum > 0 && (sum + size).abs_diff(goal) > sum.abs_diff(goal) {
            starts.push(i);
        }
        sum += size;
    }
    starts
}

/// The sizes of the runs that cutting `sizes` at `starts` makes.
fn runs<'a>(sizes: &'a [usize], starts: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let bounds = std::iter::once(0).chain(starts.iter().copied());
    let ends = starts.iter().copied().chain(std::iter::once(sizes.len()));
    bounds
        .zip(ends)
        .map(|(from, to)| sizes[from..to].iter().sum())
}

/// Groups the pages `<folder>/<segment>/index.html` whose segments (sorted)
/// start with `prefix` into patterns of at most `limit` pages each, by
/// longer and longer prefixes of their segment; each pattern comes with the
/// pages it matches.
fn split_family(
    folder: &str,
    prefix: &str,
    segments: &[&str],
    limit: usize,
    out: &mut Vec<(String, Vec<String>)>,
) {
    let page = |segment: &str| format!("{folder}/{segment}/index.html");
    if segments.len() <= limit {
        let members = segments.iter().map(|s| page(s)).collect();
        out.push((format!("{folder}/{prefix}*/index.html"), members));
        return;
    }
    let mut rest = segments;
    while let Some(first) = rest.first() {
        let Some(next) = first[prefix.len()..].chars().next() else {
            // The segment is the prefix itself: a pattern of its own.
            out.push((page(first), vec![page(first)]));
            rest = &rest[1..];
            continue;
        };
        let longer = &first[..prefix.len() + next.len_utf8()];
        let n = rest.partition_point(|s| s.starts_with(longer));
        split_family(folder, longer, &rest[..n], limit, out);
        rest = &rest[n..];
    }
}

/// The folder and segment of a page `<folder>/<segment>/index.html`, if
/// the page has that shape and both names need no escaping in a glob.
fn family(rel: &str) -> Option<(&str, &str)> {
    let mut parts = rel.split('/');
    let (folder, segment, file) = (parts.next()?, parts.next()?, parts.next()?);
    let plain = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    (parts.next().is_none() && file == "index.html" && plain(folder) && plain(segment))
        .then_some((folder, segment))
}

/// What a shard's bundle is made from, fingerprinted: its pages (paths and
/// the bytes this build wrote), the language and what is excluded, and the
/// program itself, by the size and time stamp of its file, so that a new
/// dossier (or a new pagefind in it) indexes afresh. `None` (index afresh)
/// when any of it is unknown.
fn shard_key(language: &str, staging: &Staging, members: &[String]) -> Option<u128> {
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = exe
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let program = format!(
        "{} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        exe.len(),
        modified.as_nanos(),
        EXCLUDED.join(",")
    );
    let mut pages: Vec<&String> = members.iter().collect();
    pages.sort();
    let prints = pages
        .iter()
        .map(|rel| staging.fingerprint_of(rel).map(u128::to_le_bytes))
        .collect::<Option<Vec<_>>>()?;
    let mut parts: Vec<&[u8]> = vec![program.as_bytes(), language.as_bytes()];
    for (rel, print) in pages.iter().zip(&prints) {
        parts.push(rel.as_bytes());
        parts.push(print);
    }
    Some(crate::output::fingerprint_all(parts))
}

/// Runs pagefind over the pages of `shard` and returns its bundle.
///
/// Pagefind is async; it gets a runtime of its own on the calling thread,
/// one of [`index_shards`]' workers, so a caller inside another runtime
/// (`dossier serve`) is no trouble.
fn index_pages(
    language: &str,
    staging: &Staging,
    shard: Shard,
) -> Result<Vec<pagefind::api::SyntheticFile>, Diagnostic> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .build();
    let dir = staging.dir();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(failed)?;
    runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(failed)?;
        if let (Some(glob), Some(root)) = (shard.glob(), dir.to_str()) {
            index
                .add_directory(root.to_string(), Some(glob))
                .await
                .map_err(failed)?;
        }
        for rel in shard.single {
            let html = std::fs::read_to_string(dir.join(&rel))
                .map_err(|e| Diagnostic::error(format!("search: cannot read {rel}: {e}")))?;
            index
                .add_html_file(Some(rel), None, html)
                .await
                .map_err(failed)?;
        }
        index.get_files().await.map_err(failed)
    })
}

/// Pagefind's error, with its causes, as a diagnostic.
fn failed(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("search: {e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(pages: &[String], unmarked: &[&str]) -> Vec<(String, bool)> {
        pages
            .iter()
            .map(|p| (p.clone(), !unmarked.contains(&p.as_str())))
            .collect()
    }

    fn shards(pages: &[String], unmarked: &[&str], limit: usize) -> Vec<Shard> {
        let owned = marks(pages, unmarked);
        let marks: Vec<(&String, bool)> = owned.iter().map(|(p, m)| (p, *m)).collect();
        let searchable: Vec<&str> = owned
            .iter()
            .filter(|(_, m)| *m)
            .map(|(p, _)| p.as_str())
            .collect();
        shards_of(&marks, &searchable, true, limit)
    }

    fn site(articles: usize) -> Vec<String> {
        let mut pages: Vec<String> = (0..articles)
            .map(|i| format!("articles/a{i:03}-story/index.html"))
            .collect();
        pages.extend(["people/ana/index.html", "people/jose/index.html"].map(String::from));
        pages.extend(
            [
                "index.html",
                "about/index.html",
                "articles/index.html",
                "tags/x/index.html",
            ]
            .map(String::from),
        );
        pages
    }

    const LISTS: &[&str] = &["articles/index.html", "tags/x/index.html"];

    #[test]
    fn a_small_site_is_one_shard_of_whole_families() {
        let s = shards(&site(30), LISTS, SHARD_PAGES);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].glob().as_deref(),
            Some("{articles/*/index.html,people/*/index.html}")
        );
        // Lists are not searchable; the tags family has an unmarked page.
        assert_eq!(s[0].single, ["about/index.html", "index.html"]);
        assert_eq!(s[0].pages(), 34);
    }

    #[test]
    fn a_large_site_is_split_by_id_prefixes_and_no_page_is_lost_or_doubled() {
        let pages = site(250);
        let s = shards(&pages, LISTS, 40);
        assert!(s.len() > 5, "{s:#?}");
        assert!(s.iter().all(|shard| shard.pages() <= 40), "{s:#?}");
        // Every searchable page is matched by exactly one shard's patterns.
        for page in pages.iter().filter(|p| !LISTS.contains(&p.as_str())) {
            let holders = s
                .iter()
                .filter(|shard| {
                    shard.single.contains(page) || shard.patterns.iter().any(|p| matches(p, page))
                })
                .count();
            assert_eq!(holders, 1, "{page} is in {holders} shards: {s:#?}");
        }
        let total: usize = s.iter().map(|shard| shard.pages()).sum();
        assert_eq!(total, pages.len() - LISTS.len());
    }

    #[test]
    fn a_site_just_over_the_limit_is_two_shards_of_about_equal_size() {
        // 1,004 searchable pages, at most 800 a shard: two shards of about
        // 500, not one of 700 and one of 300, so both take as long to index.
        let s = shards(&site(1000), LISTS, 800);
        let sizes: Vec<usize> = s.iter().map(Shard::pages).collect();
        assert_eq!(sizes.len(), 2, "{s:#?}");
        assert!(sizes.iter().all(|&n| (450..=550).contains(&n)), "{sizes:?}");
    }

    #[test]
    fn shards_are_small_until_there_would_be_too_many() {
        // A dossier of a few thousand pages is one index.
        assert_eq!(shard_pages(2_000), SMALL_SHARD_PAGES);
        // 12,250 pages: shards of at most 2,500, not two of 6,125 (six
        // once cut along id prefixes; the planner's tests cover the cuts).
        let limit = shard_pages(12_250);
        assert_eq!(limit, SMALL_SHARD_PAGES);
        assert_eq!(12_250usize.div_ceil(limit), 5);
        // 122,500 pages: a limit that would make MAX_SHARDS shards.
        let limit = shard_pages(122_500);
        assert!(limit > SMALL_SHARD_PAGES && limit <= SHARD_PAGES);
        assert_eq!(122_500usize.div_ceil(limit), MAX_SHARDS);
        // Past MAX_SHARDS full shards, more shards rather than larger ones.
        assert_eq!(shard_pages(1_000_000), SHARD_PAGES);
    }

    #[test]
    fn cuts_make_runs_of_about_equal_size() {
        let sizes = [2, 100, 100, 50, 2];
        assert_eq!(cuts(&sizes, 1), Vec::<usize>::new());
        assert_eq!(cuts(&sizes, 2), [2]);
        assert_eq!(
            runs(&sizes, &cuts(&sizes, 2)).collect::<Vec<_>>(),
            [102, 152]
        );
        assert_eq!(runs(&sizes, &cuts(&sizes, 3)).sum::<usize>(), 254);
    }

    /// The globs made here: `<folder>/<prefix>*/index.html` or a literal.
    fn matches(pattern: &str, page: &str) -> bool {
        match pattern.split_once("*/") {
            Some((prefix, rest)) => {
                page.starts_with(prefix)
                    && page.ends_with(&format!("/{rest}"))
                    && page[prefix.len()..].matches('/').count() == 1
            }
            None => pattern == page,
        }
    }
}
