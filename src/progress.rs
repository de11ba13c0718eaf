//! How far a build has got: counters the build bumps, a way to stop it
//! early, and the progress bar that shows them on a terminal.
//!
//! The build only counts and checks ([`Progress`]); it never draws. A
//! build that is still running after [`DELAY`] shows a bar on standard
//! error ([`ProgressDisplay`]), advancing as pages are rendered and written;
//! it is cleared before the build's summary line. Nothing is drawn when
//! standard error is not a terminal (CI, tests, a pipe) or with `--quiet`,
//! so logs never carry control sequences.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostics::Diagnostic;

/// How far a build's rendering has got, for a progress display, and a way
/// to stop it early. Showing the count is [`ProgressDisplay`]'s business.
#[derive(Debug, Default)]
pub struct Progress {
    /// Steps finished: one per page rendered, one for the search index,
    /// one for the copy and swap.
    pub done: AtomicUsize,
    /// Steps expected: the renderer adds its page count.
    pub total: AtomicUsize,
    /// Set to make the remaining steps fail fast with [`CANCELLED`].
    pub cancelled: AtomicBool,
}

/// The message of the error a cancelled build ends with.
pub const CANCELLED: &str = "build cancelled";

impl Progress {
    /// Expects `steps` more steps.
    pub fn expect(&self, steps: usize) {
        self.total.fetch_add(steps, Ordering::Relaxed);
    }

    /// Counts one step done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether the build was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// An error once the build was asked to stop, to end it with `?`.
    pub fn check(&self) -> Result<(), Vec<Diagnostic>> {
        if self.is_cancelled() {
            Err(vec![Diagnostic::error(CANCELLED)])
        } else {
            Ok(())
        }
    }
}

/// How long a build runs before its bar appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// A bar that appears if the build it watches takes longer than [`DELAY`].
pub struct ProgressDisplay {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressDisplay {
    /// Watches `progress`; draws nothing at all when `quiet` or when
    /// standard error is not a terminal.
    pub fn start(progress: Arc<Progress>, quiet: bool) -> ProgressDisplay {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = (!quiet && std::io::stderr().is_terminal())
            .then(|| {
                let stop = stop.clone();
                std::thread::Builder::new()
                    .name("dossier-progress".into())
                    .spawn(move || draw(&progress, &stop))
                    .ok()
            })
            .flatten();
        ProgressDisplay { stop, thread }
    }

    /// Stops and clears the bar, if it was shown.
    pub fn finish(mut self) {
        self.stop_thread();
    }

    fn stop_thread(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.stop_thread();
    }
}

fn draw(progress: &Progress, stop: &AtomicBool) {
    let started = Instant::now();
    while started.elapsed() < DELAY {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(TICK);
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        .with_elapsed(started.elapsed());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:10} [{bar:40}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    while !stop.load(Ordering::SeqCst) {
        let total = progress.total.load(Ordering::Relaxed) as u64;
        let done = progress.done.load(Ordering::Relaxed) as u64;
        if total == 0 {
            bar.set_message("loading");
        } else {
            bar.set_length(total);
            bar.set_position(done.min(total));
            // The last two steps are the search index and the swap.
            bar.set_message(if done + 2 >= total {
                "finishing"
            } else {
                "rendering"
            });
        }
        bar.tick();
        std::thread::sleep(TICK);
    }
    bar.finish_and_clear();
}
