//! `tupu build`: the library's pipeline ([`tupu::pipeline`]) into the local
//! store, and the progress bar every long command draws.

use super::input::Item;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;
use tupu::extract::Extractor;
use tupu::pipeline::{Pipeline, StoreSink, Summary};
use tupu::store::Backend;

/// Whether to draw a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A bar on stderr when stderr is a terminal: with `total` (articles)
    /// a bar with the count, rate and ETA, else a spinner with the count
    /// and rate.
    WhenTerminal {
        /// The number of articles expected, if known.
        total: Option<u64>,
    },
    /// Never (`--quiet`).
    Never,
}

impl Progress {
    /// [`Progress::Never`] when `quiet`; otherwise a bar whose total is
    /// the articles of `paths` ([`super::input::count_articles`]), counted
    /// only when stderr is a terminal (where the bar is drawn).
    pub fn for_input(quiet: bool, paths: &[std::path::PathBuf]) -> Progress {
        if quiet {
            return Progress::Never;
        }
        let total = if std::io::stderr().is_terminal() {
            super::input::count_articles(paths)
        } else {
            None
        };
        Progress::WhenTerminal { total }
    }
}

/// Builds the store at `db` (opened for writing, created if missing) from
/// `items` by the library's pipeline ([`Pipeline::run`] into a
/// [`StoreSink`]): batches of at most `batch_articles` articles, each
/// stored with one manifest rewrite. An unreadable input is reported on
/// stderr as `tupu: FILE[:LINE]: problem`, counted and skipped; an article
/// stored with the same content hash is skipped; a changed one is replaced.
///
/// With `report`, every statement the ontology check rejected is written
/// there as one JSON line (the file is created or truncated before anything
/// is stored). `extractor` is the one to use (e.g. with the known entities
/// of `--entities`). The store is created with `backend` (file if `None`)
/// when missing; an existing store keeps its own
/// ([`tupu::store::create`]).
///
/// Errors: the report file cannot be created or written (naming it); a store
/// error (locked, corrupt, I/O, another backend than `backend`, a backend
/// not compiled in) stops the build; articles stored before it stay stored.
pub fn build(
    db: &Path,
    items: impl Iterator<Item = Item>,
    progress: Progress,
    report: Option<&Path>,
    batch_articles: usize,
    extractor: Extractor,
    backend: Option<Backend>,
) -> anyhow::Result<Summary> {
    let mut store = tupu::store::create(db, backend)?;
    let mut pipeline = Pipeline::new(extractor).batch_articles(batch_articles);
    if let Some(path) = report {
        pipeline = pipeline.report(path)?;
    }
    let bar = progress_bar(progress);
    let summary = pipeline.run(items, &mut StoreSink::new(&mut store), &bar)?;
    bar.finish_and_clear();
    Ok(summary)
}

/// A progress bar on stderr, or a hidden one (`--quiet`, or stderr not a
/// terminal): with a known total `12,345/19,876 articles, 903/s, ETA 7s`
/// and a bar; without, a spinner with the count, rate and elapsed time.
/// Rates are whole articles per second (below 10/s, one decimal).
pub fn progress_bar(progress: Progress) -> ProgressBar {
    let Progress::WhenTerminal { total } = progress else {
        return ProgressBar::hidden();
    };
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{bar:30} {human_pos}/{human_len} articles, {rate}, ETA {eta} {wide_msg}"
    } else {
        "{spinner} {human_pos} articles, {rate}, {elapsed} {wide_msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rounded_rate(state.per_sec()));
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A rate in articles per second for the progress bar: `903/s`, `4.5/s`
/// below 10, `0/s` before anything is done.
pub fn rounded_rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "0/s".to_owned()
    } else if per_sec < 10.0 {
        format!("{per_sec:.1}/s")
    } else {
        format!("{per_sec:.0}/s")
    }
}
