//! `--timeout` of `tupu query` and `tupu ask`: a deadline that cancels the
//! evaluation and, as a last resort, ends the process.
//!
//! Oxigraph checks a [`CancellationToken`] whenever it reads the store, so
//! most queries stop at the deadline by themselves and the command reports
//! [`TimedOut`] (exit 2); `tupu ask` hands the token to every query of the
//! question ([`tupu::ask::LocalSource::with_cancellation`]). An aggregate or sort over a large in-memory join
//! (a cross join) reads nothing for a long time; if the command has not
//! finished [`GRACE`] after the deadline, the watchdog prints the same
//! message and exits with code 2, so that no query runs on unbounded.

use oxigraph::sparql::CancellationToken;
use std::sync::mpsc;
use std::time::Duration;

/// How long after the deadline the watchdog waits for a cancelled
/// evaluation to return before it ends the process.
pub const GRACE: Duration = Duration::from_secs(1);

/// The default of `--timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// The query ran past its deadline (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{what} stopped: it ran longer than --timeout {secs} s (raise it, or 0 for no limit)")]
pub struct TimedOut {
    /// What was stopped (`query`, `question`).
    pub what: &'static str,
    /// The deadline in seconds.
    pub secs: u64,
}

/// A running deadline; dropping it (when the command finished) stops the
/// watchdog.
pub struct Deadline {
    token: CancellationToken,
    timed_out: Option<TimedOut>,
    _done: Option<mpsc::Sender<()>>,
}

impl Deadline {
    /// Starts a deadline of `secs` seconds for `what` (0: none). At the
    /// deadline the token is cancelled; [`GRACE`] later, if the deadline
    /// is still alive, the process prints `tupu: {TimedOut}` on stderr and
    /// exits with code 2.
    pub fn start(what: &'static str, secs: u64) -> Deadline {
        let token = CancellationToken::new();
        if secs == 0 {
            return Deadline {
                token,
                timed_out: None,
                _done: None,
            };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let cancel = token.clone();
        let message = TimedOut { what, secs }.to_string();
        std::thread::spawn(move || {
            let limit = Duration::from_secs(secs);
            // A message or a closed channel: the command finished in time.
            if rx.recv_timeout(limit) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            cancel.cancel();
            if rx.recv_timeout(GRACE) == Err(mpsc::RecvTimeoutError::Timeout) {
                eprintln!("tupu: {message}");
                std::process::exit(2);
            }
        });
        Deadline {
            token,
            timed_out: Some(TimedOut { what, secs }),
            _done: Some(tx),
        }
    }

    /// The token to give the evaluation.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.token.is_cancelled()
    }

    /// `err` as [`TimedOut`] when the deadline has passed (an evaluation
    /// cancelled by it fails with some error), else `err` unchanged.
    pub fn explain(&mut self, err: anyhow::Error) -> anyhow::Error {
        match self.timed_out.take() {
            Some(t) if self.expired() => t.into(),
            other => {
                self.timed_out = other;
                err
            }
        }
    }
}
