//! `tupu serve`: runs [`tupu::serve`] until Ctrl-C or SIGTERM.

use super::StoreError;
use std::process::ExitCode;
use tupu::serve::{ServeConfig, ServeError};

/// Loads the store, binds `bind`, prints the address (unless `quiet`) and
/// serves until interrupted: on SIGINT/SIGTERM running queries are
/// cancelled, open requests get [`tupu::serve::SHUTDOWN_GRACE`] and the
/// process exits (within about 3 s).
///
/// Errors: a store that cannot be loaded (exit 3), `--allow-update` without
/// a token or an address that cannot be bound (exit 1).
pub fn run(config: ServeConfig, bind: &str, quiet: bool) -> anyhow::Result<ExitCode> {
    let state = tupu::serve::state(config).map_err(|e| match e {
        e @ ServeError::Store { .. } => anyhow::Error::new(StoreError(e.to_string())),
        e => anyhow::Error::new(e),
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|source| ServeError::Io {
                addr: bind.to_owned(),
                source,
            })?;
        if !quiet {
            let addr = listener.local_addr()?;
            eprintln!(
                "tupu: serving {} ({} quads) on http://{addr}/ — SPARQL at http://{addr}/sparql",
                state.config.db.display(),
                state.shared.get().quads()
            );
        }
        tupu::serve::serve(state, listener, shutdown_signal()).await?;
        anyhow::Ok(ExitCode::SUCCESS)
    });
    // An evaluation still running after its cancellation (an aggregate
    // over a huge in-memory join) must not keep the process alive: wait
    // briefly for blocking threads, then exit without them.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    result
}

/// Completes on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
