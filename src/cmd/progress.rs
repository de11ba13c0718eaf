//! The progress bar of a long build.
//!
//! A build that is still running after [`DELAY`] shows a bar on standard
//! error, advancing as pages are rendered and written; it is cleared before
//! the build's summary line. Nothing is drawn when standard error is not a
//! terminal (CI, tests, a pipe) or with `--quiet`, so logs never carry
//! control sequences. The build only bumps counters ([`Progress`]); a
//! thread of this module reads them a few times a second.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::render::Progress;

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
