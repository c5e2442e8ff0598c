//! The `tupu` command line: clap types ([`args`]), input reading
//! ([`input`]), the commands ([`commands`], [`build`], [`query`], [`graph`],
//! [`walk`], [`explain`])
//! and the aligned text tables they print ([`table`]). `main` only parses and
//! dispatches; exit codes are decided here, in [`exit_code`].

pub mod args;
pub mod ask;
pub mod bench;
pub mod build;
pub mod commands;
pub mod deadline;
pub mod explain;
pub mod graph;
pub mod input;
pub mod load;
pub mod ner;
pub mod push;
pub mod query;
pub mod serve;
pub mod shard;
pub mod table;
pub mod walk;

use std::process::ExitCode;

/// A usage or query error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A store error: locked, corrupt or unavailable (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// Maps an error to the documented exit code: 2 usage or query error
/// ([`UsageError`], a SPARQL syntax or evaluation error of the store, a
/// query past its `--timeout`: [`deadline::TimedOut`]), 3
/// store error ([`StoreError`], any other [`tupu::store::StoreError`], also
/// inside a [`tupu::export::ExportError`] or [`tupu::pipeline::PipelineError`]), 1 anything else; a broken pipe
/// is success (0). The first classified error of the chain, outermost
/// first, decides.
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    for cause in err.chain() {
        if cause.downcast_ref::<UsageError>().is_some()
            || cause.downcast_ref::<deadline::TimedOut>().is_some()
        {
            return ExitCode::from(2);
        }
        if cause.downcast_ref::<StoreError>().is_some() {
            return ExitCode::from(3);
        }
        // An evaluation error while the results are read (a failing
        // SERVICE call, a cancelled query) is a query error.
        if cause
            .downcast_ref::<oxigraph::sparql::QueryEvaluationError>()
            .is_some()
        {
            return ExitCode::from(2);
        }
        if let Some(e) = cause.downcast_ref::<tupu::store::StoreError>() {
            return store_exit_code(e);
        }
        if let Some(e) = cause.downcast_ref::<tupu::remote::RemoteError>() {
            return remote_exit_code(e);
        }
        if let Some(tupu::ask::AskError::Remote(e)) = cause.downcast_ref::<tupu::ask::AskError>() {
            return remote_exit_code(e);
        }
        // The pipeline's store and remote errors are transparent too.
        match cause.downcast_ref::<tupu::pipeline::PipelineError>() {
            Some(tupu::pipeline::PipelineError::Store(e)) => return store_exit_code(e),
            Some(tupu::pipeline::PipelineError::Remote(e)) => return remote_exit_code(e),
            _ => {}
        }
        // `ExportError::Store` is transparent: the chain skips the inner
        // store error, so look inside.
        if let Some(tupu::export::ExportError::Store(e)) =
            cause.downcast_ref::<tupu::export::ExportError>()
        {
            return store_exit_code(e);
        }
    }
    ExitCode::from(1)
}

/// 2 when the endpoint rejects a request as malformed (HTTP 400: a query
/// it cannot parse), 3 for every other remote error (unreachable, refused
/// credentials, server failure): the remote store is the store.
fn remote_exit_code(e: &tupu::remote::RemoteError) -> ExitCode {
    match e {
        tupu::remote::RemoteError::Status { status: 400, .. } => ExitCode::from(2),
        _ => ExitCode::from(3),
    }
}

/// 2 for a SPARQL syntax or evaluation error, 3 for every other store error.
fn store_exit_code(e: &tupu::store::StoreError) -> ExitCode {
    match e {
        tupu::store::StoreError::Syntax(_) | tupu::store::StoreError::Query(_) => ExitCode::from(2),
        _ => ExitCode::from(3),
    }
}

/// Whether the error is a broken pipe (printing nothing is right then). An
/// I/O error wrapping another I/O error (as serialisers do) counts too.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    fn io_broken_pipe(io: &std::io::Error) -> bool {
        io.kind() == std::io::ErrorKind::BrokenPipe
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<std::io::Error>())
                .is_some_and(io_broken_pipe)
    }
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(io_broken_pipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    #[test]
    fn wrapped_broken_pipe_is_success() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let wrapped = io::Error::other(pipe);
        let err = anyhow::Error::new(tupu::export::ExportError::Io(wrapped));
        assert!(is_broken_pipe(&err));
        assert_eq!(exit_code(&err), ExitCode::SUCCESS);
        let other = anyhow::Error::new(io::Error::other("disk full"));
        assert!(!is_broken_pipe(&other));
        assert_eq!(exit_code(&other), ExitCode::from(1));
    }

    #[test]
    fn store_errors_map_to_3_and_query_errors_to_2() {
        let locked = tupu::store::StoreError::Locked {
            path: "tupu.db/lock".into(),
        };
        let err = anyhow::Error::new(tupu::export::ExportError::Store(locked));
        assert_eq!(exit_code(&err), ExitCode::from(3));
        let err = anyhow::Error::new(UsageError("invalid SPARQL: x".into()));
        assert_eq!(exit_code(&err), ExitCode::from(2));
    }
}
