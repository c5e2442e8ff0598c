//! The commands: each takes validated arguments and returns the exit code,
//! or an error that [`super::exit_code`] maps to one.

use super::args::{Cli, Command, EvalFormat, ExtractFormat, JsonlFields, StatsFormat};
use super::build::{self, Progress};
use super::{graph, input, query, walk, UsageError};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tupu::annotation::Annotation;
use tupu::extract::Extractor;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = cli.db.as_path();
    match cli.command {
        Command::Build {
            paths,
            fields,
            report,
            batch,
        } => {
            let progress = if cli.quiet {
                Progress::Never
            } else {
                Progress::WhenTerminal
            };
            let summary = build::build(
                db,
                input::documents_or_seeds(&paths, &fields),
                progress,
                report.as_deref(),
                batch as usize,
            )?;
            if !cli.quiet {
                println!("{summary}");
            }
            Ok(status(summary.failed))
        }
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
        Command::Query {
            sparql,
            file,
            format,
        } => {
            let text = match (sparql, file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(&f)
                    .with_context(|| format!("{}: cannot read the query", f.display()))?,
                (None, None) => return Err(UsageError("no query given".to_owned()).into()),
            };
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            query::run(db, &text, format, &mut w)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            out,
            entity,
            depth,
        } => walk::export(db, format, out.as_deref(), entity.as_deref(), depth),
        Command::Path {
            from,
            to,
            k,
            max_hops,
            format,
        } => walk::path(db, &from, &to, k, max_hops, format),
        Command::Neighbors {
            entity,
            depth,
            format,
        } => walk::neighbors(db, &entity, depth, format),
        Command::Rank {
            entity_type,
            top,
            method,
            format,
        } => walk::rank(db, entity_type.as_deref(), top, method, format),
        Command::Components { top, format } => walk::components(db, top, format),
        Command::Draw { entity, depth, out } => walk::draw(db, &entity, depth, &out),
        Command::Stats { format } => {
            let stats = graph::stats(db)?;
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match format {
                StatsFormat::Text => graph::write_stats(&stats, &mut w),
                StatsFormat::Json => serde_json::to_writer_pretty(&mut w, &stats)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(w)),
            }
            .and_then(|()| w.flush())
            .context("writing output")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask {
            question,
            format,
            explain,
        } => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let code = super::ask::run(db, &question, format, explain, &mut w)?;
            w.flush().context("writing output")?;
            Ok(code)
        }
        Command::Serve {
            bind,
            allow_update,
            token,
            timeout_ms,
            max_results,
            reload_ms,
            max_concurrent,
        } => super::serve::run(
            tupu::serve::ServeConfig {
                db: db.to_owned(),
                allow_update,
                token,
                timeout_ms,
                max_results,
                reload_ms,
                max_concurrent: max_concurrent.unwrap_or_else(tupu::serve::default_max_concurrent),
            },
            &bind,
            cli.quiet,
        ),
        Command::Train(super::args::TrainCommand::Ner {
            corpora,
            epochs,
            seed,
            min_count,
            prune,
            holdout,
            plain,
            root,
            out,
        }) => super::ner::train(
            &super::ner::TrainOptions {
                corpora,
                epochs,
                seed,
                min_count,
                prune,
                holdout,
                plain,
                root,
                out,
            },
            cli.quiet,
        ),
        Command::BenchNer {
            benchmark,
            model,
            root,
            format,
        } => super::ner::bench(benchmark, model.as_deref(), &root, format, cli.quiet),
        Command::BenchRe {
            benchmark,
            split,
            data,
            format,
            verbose,
        } => super::bench::bench_re(benchmark, split.as_deref(), &data, format, verbose),
        Command::Explain { entity, format } => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            super::explain::run(db, &entity, format, &mut w)?;
            w.flush().context("writing output")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Remove { ids } => {
            let unknown = graph::remove(db, &ids)?;
            for id in &unknown {
                eprintln!("tupu: {id}: no such article in {}", db.display());
            }
            if !cli.quiet {
                println!("removed {} article(s)", ids.len() - unknown.len());
            }
            Ok(status(unknown.len()))
        }
    }
}

/// Reads and extracts every article of `paths` (the bundled seeds when
/// empty), reporting each bad input as `tupu: FILE[:LINE]: problem` on
/// stderr. Returns the annotations and the number of failed inputs.
fn extract_all(paths: &[PathBuf], fields: &JsonlFields) -> (Vec<Annotation>, usize) {
    let extractor = Extractor::new();
    let mut out = Vec::new();
    let mut failed = 0;
    for item in input::documents_or_seeds(paths, fields) {
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

/// `tupu extract`: streams the input in the batches of `tupu build`
/// ([`input::batches`], at most 256 articles or [`build::BATCH_BYTES`] of
/// text), extracts each batch in parallel (rayon; `RAYON_NUM_THREADS` caps
/// the threads) and writes its annotations in input order before reading on,
/// so memory is bounded by a batch. Each unreadable input is reported on
/// stderr (exit code 1 at the end).
fn extract(
    paths: &[PathBuf],
    format: ExtractFormat,
    fields: &JsonlFields,
) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let extractor = Extractor::new();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    let mut written = 0usize;
    let items = input::documents_or_seeds(paths, fields);
    for batch in input::batches(items, 256, build::BATCH_BYTES) {
        let docs = match batch {
            Ok(docs) => docs,
            Err(e) => {
                eprintln!("tupu: {e}");
                failed += 1;
                continue;
            }
        };
        let annotations: Vec<Annotation> =
            docs.par_iter().map(|doc| extractor.extract(doc)).collect();
        for a in &annotations {
            match format {
                ExtractFormat::Jsonl => {
                    serde_json::to_writer(&mut w, a).context("writing JSON")?;
                    w.write_all(b"\n").context("writing output")?;
                }
                ExtractFormat::Json => {
                    // The elements of a pretty-printed array, one at a time:
                    // `[`, then each element indented by two spaces.
                    let text = serde_json::to_string_pretty(a).context("writing JSON")?;
                    w.write_all(if written == 0 { b"[\n" } else { b",\n" })
                        .context("writing output")?;
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            w.write_all(b"\n").context("writing output")?;
                        }
                        write!(w, "  {line}").context("writing output")?;
                    }
                }
            }
            written += 1;
        }
    }
    if let ExtractFormat::Json = format {
        w.write_all(if written == 0 { b"[]\n" } else { b"\n]\n" })
            .context("writing output")?;
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
