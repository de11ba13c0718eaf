//! dossier: a static-site generator for curated news dossiers.
//!
//! An editor keeps news articles and the people, places, events and
//! organizations they involve as markdown with YAML front-matter; dossier
//! turns them into a static site of cross-linked pages. The data flows one
//! way, and the modules follow it (docs/architecture.md): `config` and
//! `content` read files, `dossier` checks what spans files, `names` finds
//! names in text, `body` renders each body with its mentions linked,
//! `mentions` gathers backlinks, `render` makes every page into a sink,
//! `search` indexes the pages as they pass, `output` writes the site
//! safely. `site` strings those steps together on one screen; [`cmd`] holds
//! one module per command, and `serve` the local server.

/// Declares modules that only this crate uses, unless the `internals`
/// feature is on: the fuzz targets, the benchmarks and the integration
/// tests turn it on (Cargo.toml's dev-dependency on this crate), so they
/// can reach inside, while an ordinary build keeps the modules crate-private
/// and rustc reports whatever nothing uses.
macro_rules! internal {
    ($($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        pub(crate) mod $name;
    )*};
}

/// The commands, for the `dossier` binary.
pub mod cmd;

internal!(
    body,
    config,
    content,
    diagnostics,
    dossier,
    forbidden,
    import,
    linkcheck,
    mentions,
    names,
    output,
    progress,
    render,
    search,
    serve,
    site,
);

/// Runs `work` on a thread pool for work that mostly waits on the disk:
/// reading the content files, walking the staging folder. Once a large
/// dossier or site has dropped out of the machine's cache, each thread waits
/// on one read at a time, so more threads than cores keep the disk busy.
/// CPU-bound work stays on rayon's global pool, which `work` also runs on
/// if the pool cannot be made.
pub fn on_io_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads((4 * cores).clamp(8, 32))
            .thread_name(|i| format!("dossier-io-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}
