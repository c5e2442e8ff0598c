//! The commands: each takes validated arguments and returns the exit code,
//! or an error that [`super::exit_code`] maps to one.

use super::args::{Cli, Command, EvalFormat, ExtractFormat, JsonlFields};
use super::input::{self, Fields};
use super::{StoreError, UsageError};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tupu::annotation::Annotation;
use tupu::extract::Extractor;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract {
            paths,
            format,
            fields,
        } => extract(&paths, format, &fields),
        Command::Eval {
            gold,
            paths,
            system,
            format,
            verbose,
            fields,
        } => eval(
            &gold,
            &paths,
            system.as_deref(),
            format,
            verbose,
            &fields,
            cli.quiet,
        ),
        Command::Query { sparql, file, .. } => {
            // Parse first so a bad query is a usage error (exit 2) whatever
            // the state of the store.
            let text = match (sparql, file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(&f)
                    .with_context(|| format!("{}: cannot read the query", f.display()))?,
                (None, None) => return Err(UsageError("no query given".to_owned()).into()),
            };
            let _prepared = parse_query(&text)?;
            Err(no_store(&cli.db))
        }
        Command::Build { .. }
        | Command::Export { .. }
        | Command::Stats
        | Command::Remove { .. } => Err(no_store(&cli.db)),
    }
}

/// The store modules (`tupu::store`, `tupu::rdf`, `tupu::export`) have not
/// landed yet: commands that need the graph fail with a store error.
fn no_store(db: &Path) -> anyhow::Error {
    StoreError(format!(
        "{}: the graph store is not available in this build yet \
         (tupu::store / tupu::rdf have not landed)",
        db.display()
    ))
    .into()
}

/// Parses a SPARQL query; a syntax error becomes a one-line [`UsageError`].
fn parse_query(text: &str) -> anyhow::Result<oxigraph::sparql::PreparedSparqlQuery> {
    oxigraph::sparql::SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| {
            let msg = e.to_string().replace('\n', " ");
            UsageError(format!("invalid SPARQL: {msg}")).into()
        })
}

/// Reads and extracts every article of `paths`, reporting each bad input as
/// `tupu: FILE[:LINE]: problem` on stderr. Returns the annotations and the
/// number of failed inputs.
fn extract_all(paths: &[PathBuf], fields: &JsonlFields) -> (Vec<Annotation>, usize) {
    let fields = Fields {
        id: &fields.id_field,
        text: &fields.text_field,
    };
    let extractor = Extractor::new();
    let mut out = Vec::new();
    let mut failed = 0;
    for item in input::read_all(paths, &fields) {
        match item {
            Ok(doc) => out.push(extractor.extract(&doc)),
            Err(e) => {
                eprintln!("tupu: {e}");
                failed += 1;
            }
        }
    }
    (out, failed)
}

fn status(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn extract(
    paths: &[PathBuf],
    format: ExtractFormat,
    fields: &JsonlFields,
) -> anyhow::Result<ExitCode> {
    let (annotations, failed) = extract_all(paths, fields);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match format {
        ExtractFormat::Jsonl => {
            for a in &annotations {
                serde_json::to_writer(&mut w, a).context("writing JSON")?;
                w.write_all(b"\n").context("writing output")?;
            }
        }
        ExtractFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &annotations).context("writing JSON")?;
            w.write_all(b"\n").context("writing output")?;
        }
    }
    w.flush().context("writing output")?;
    Ok(status(failed))
}

fn eval(
    gold: &Path,
    paths: &[PathBuf],
    system: Option<&Path>,
    format: EvalFormat,
    verbose: bool,
    fields: &JsonlFields,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let gold = tupu::eval::load_gold_dir(gold)?;
    let (system, failed) = match system {
        Some(file) => (tupu::eval::load_jsonl(file)?, 0),
        None => extract_all(paths, fields),
    };
    let report = tupu::eval::evaluate(&gold, &system);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match format {
        EvalFormat::Text => {
            write!(w, "{report}").context("writing output")?;
            if verbose {
                writeln!(w, "\nerrors (doc, FP/FN, label, item):").context("writing output")?;
                for f in report.diff() {
                    writeln!(w, "{f}").context("writing output")?;
                }
            }
        }
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &report).context("writing JSON")?;
            writeln!(w).context("writing output")?;
        }
    }
    w.flush().context("writing output")?;
    if !quiet && !report.unmatched_docs.is_empty() {
        eprintln!(
            "tupu: {} system article(s) have no gold: {}",
            report.unmatched_docs.len(),
            report.unmatched_docs.join(", ")
        );
    }
    Ok(status(failed))
}
