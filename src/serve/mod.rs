//! `dossier serve`: build the site, serve it on loopback, rebuild on every
//! edit and reload the open browser tabs.
//!
//! The pieces, in the order a change travels through them:
//!
//! - [`watch`] turns file-system events under the dossier into debounced
//!   batches of changed paths;
//! - [`rebuild`] runs the ordinary build pipeline ([`crate::site::Site`]) on
//!   a blocking thread into a private output folder and publishes the
//!   outcome as a [`state::BuildStatus`];
//! - [`reload`] carries that status to every open tab over server-sent
//!   events, and owns the script injected into HTML responses, which reloads
//!   the page after a good build and shows an error overlay after a bad one;
//! - [`files`] maps a request path to a file inside the output folder and
//!   nowhere else;
//! - [`http`] accepts connections with the limits that keep one client from
//!   starving the others.
//!
//! Guarantees: the editor's own output folder (`public/`) is never touched —
//! serve builds into a temporary folder of its own, removed on exit; the
//! injected script exists only in HTTP responses, never on disk; a build
//! that fails leaves the last good site served; only files inside the
//! output folder are ever read for a request.

pub mod files;
pub mod http;
pub mod incremental;
pub mod patch;
pub mod rebuild;
pub mod reload;
pub mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::diagnostics::{report, CONTENT_ERROR, OK, USAGE_ERROR};
use rebuild::{Builder, Outcome};
use state::Shared;

/// What `dossier serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The dossier's folder.
    pub root: PathBuf,
    /// Address to listen on; loopback unless the editor says otherwise.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Include drafts in the build.
    pub drafts: bool,
}

/// Runs the server until Ctrl-C, SIGTERM, SIGHUP or SIGQUIT; returns the
/// exit status. The temporary folder is removed on each of them.
pub fn run(options: &ServeOptions) -> u8 {
    if !options.root.join("site.toml").is_file() {
        eprintln!(
            "error: no site.toml in {}\n  = hint: run `dossier init DIR` to start a new dossier, or pass --root",
            options.root.display()
        );
        return CONTENT_ERROR;
    }
    if !options.bind.is_loopback() {
        warn_not_loopback(options.bind);
    }
    // The build writes into a folder of its own so serving never replaces
    // the editor's `public/`; the temporary folder goes away on exit.
    let scratch = match tempfile::Builder::new().prefix("dossier-serve-").tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the served site: {e}");
            return CONTENT_ERROR;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return CONTENT_ERROR;
        }
    };
    let code = runtime.block_on(serve(options, scratch.path().to_path_buf()));
    // Long-lived event streams and a build in flight must not keep the
    // process alive once the editor asked it to stop.
    runtime.shutdown_timeout(Duration::from_millis(500));
    remove_scratch(scratch);
    code
}

/// Removes serve's temporary folder. A build cut short by the stop may
/// still be finishing a file in it, which can make one removal fail on a
/// folder that is no longer empty; it cannot make the folder anew (builds
/// never create the folder they write into once started), so a few tries
/// are enough.
fn remove_scratch(scratch: tempfile::TempDir) {
    let path = scratch.path().to_path_buf();
    if scratch.close().is_ok() {
        return;
    }
    for _ in 0..20 {
        match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(50))
            }
            _ => return,
        }
    }
    eprintln!(
        "warning: cannot remove the temporary folder {}; delete it by hand",
        path.display()
    );
}

async fn serve(options: &ServeOptions, scratch: PathBuf) -> u8 {
    // Listened for from the start: a signal during the first build must
    // still end in the cleanup above, not in the default action, which
    // kills the process and leaves the temporary folder behind.
    let mut stop = std::pin::pin!(shutdown_signal(Stop::listen()));
    let address = SocketAddr::new(options.bind, options.port);
    let listener = match TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}\n  = hint: pick another port with --port, or --port 0 for any free one");
            return USAGE_ERROR;
        }
    };
    let bound = match listener.local_addr() {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("error: cannot read the bound address: {e}");
            return USAGE_ERROR;
        }
    };
    let root = crate::output::absolute(&options.root);
    let scratch = scratch.canonicalize().unwrap_or(scratch);
    let builder = Arc::new(Builder::new(
        root.clone(),
        scratch.join("site"),
        origin_of(bound),
        options.drafts,
    ));
    let shared = Arc::new(Shared::new(builder.output.clone()));

    // Watch before the first build so an edit made while it runs is not lost.
    let (changes_tx, changes_rx) = tokio::sync::mpsc::unbounded_channel();
    let _watcher = match watch::spawn(&root, changes_tx) {
        Ok(handle) => Some(handle),
        Err(e) => {
            eprintln!(
                "warning: cannot watch {} for changes ({e}); the site will not rebuild on edits",
                root.display()
            );
            None
        }
    };

    let first = {
        let builder = builder.clone();
        let build = tokio::task::spawn_blocking(move || builder.build());
        tokio::select! {
            first = build => first,
            () = &mut stop => return OK,
        }
    };
    match first {
        Ok(outcome) => {
            match &outcome {
                Outcome::Built(built) => {
                    report(&built.diagnostics);
                    eprintln!(
                        "built {} pages in {:.0} ms",
                        built.pages,
                        built.took.as_secs_f64() * 1000.0
                    );
                }
                Outcome::Failed(failed) => {
                    report(&failed.diagnostics);
                    eprintln!("build failed; fix the errors above and save — the site rebuilds on every change");
                }
            }
            shared.publish(&outcome);
        }
        Err(e) => {
            eprintln!("error: the build panicked: {e}");
            return CONTENT_ERROR;
        }
    }

    let url = format!("{}{}", builder.origin, shared.prefix());
    println!("serving {url}");
    let _ = std::io::stdout().flush();
    eprintln!(
        "watching {} for changes; press Ctrl-C to stop",
        root.display()
    );
    if options.open {
        tokio::task::spawn_blocking(move || {
            if let Err(e) = open::that_detached(&url) {
                eprintln!("warning: cannot open a browser ({e}); open the address above by hand");
            }
        });
    }

    tokio::spawn(rebuild::rebuild_loop(shared.clone(), builder, changes_rx));
    http::serve(listener, shared, stop).await;
    OK
}

/// The scheme, host and port the site is built for. A wildcard bind is
/// reached through loopback from this machine, so absolute URLs (feeds,
/// canonical links) name loopback.
fn origin_of(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{}", bound.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}", bound.port()),
    }
}

fn warn_not_loopback(bind: IpAddr) {
    let color = crate::diagnostics::color_stderr();
    let (on, off) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("", "")
    };
    eprintln!(
        "{on}warning: --bind {bind} is not a loopback address.{off}\n\
         {on}  Anyone who can reach this machine on that address can read the site,{off}\n\
         {on}  drafts included if --drafts is on. Use --bind 127.0.0.1 unless you mean it.{off}"
    );
}

/// The signals that stop the server, registered as soon as it starts.
struct Stop {
    #[cfg(unix)]
    signals: [Option<tokio::signal::unix::Signal>; 4],
}

impl Stop {
    /// Registers for SIGINT (Ctrl-C), SIGTERM, SIGHUP (the terminal
    /// closed) and SIGQUIT. From here on they no longer kill the process:
    /// [`shutdown_signal`] turns them into an orderly stop.
    fn listen() -> Stop {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Stop {
                signals: [
                    SignalKind::interrupt(),
                    SignalKind::terminate(),
                    SignalKind::hangup(),
                    SignalKind::quit(),
                ]
                .map(|kind| signal(kind).ok()),
            }
        }
        #[cfg(not(unix))]
        {
            Stop {}
        }
    }
}

/// Resolves on the first of the signals `stop` listens for.
async fn shutdown_signal(stop: Stop) {
    #[cfg(unix)]
    {
        async fn received(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        let [mut int, mut term, mut hup, mut quit] = stop.signals;
        if int.is_none() {
            // Without a handler of our own, tokio's Ctrl-C still stops cleanly.
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                () = received(&mut term) => {}
                () = received(&mut hup) => {}
                () = received(&mut quit) => {}
            }
        } else {
            tokio::select! {
                () = received(&mut int) => {}
                () = received(&mut term) => {}
                () = received(&mut hup) => {}
                () = received(&mut quit) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = stop;
        let _ = tokio::signal::ctrl_c().await;
    }
    eprintln!("stopping");
}
