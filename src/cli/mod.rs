//! The `tupu` command line: clap types ([`args`]), input reading
//! ([`input`]) and the commands ([`commands`]). `main` only parses and
//! dispatches; exit codes are decided here, in [`exit_code`].

pub mod args;
pub mod commands;
pub mod input;

use std::process::ExitCode;

/// A usage or query error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A store error: locked, corrupt or unavailable (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// Maps an error to the documented exit code: 2 usage/query, 3 store, 1
/// anything else; a broken pipe is success (0).
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
        }
    }
    if err.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else if err.downcast_ref::<StoreError>().is_some() {
        ExitCode::from(3)
    } else {
        ExitCode::from(1)
    }
}

/// Whether the error is a broken pipe (printing nothing is right then).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
