//! `tupu`: build, query, export and evaluate a knowledge graph of Chinese
//! news. See `tupu --help` and README.md.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            if !cli::is_broken_pipe(&err) {
                eprintln!("tupu: {err:#}");
            }
            cli::exit_code(&err)
        }
    }
}
