//! The commands: each takes validated arguments and returns the exit code,
//! or an error that [`super::exit_code`] maps to one.

use super::args::{Cli, Command, EvalFormat, ExtractFormat, JsonlFields, RemoteAuth, StatsFormat};
use super::build::{self, Progress};
use super::{graph, input, query, walk, UsageError};
use anyhow::Context;
use rayon::prelude::*;
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
            store,
            graph_store,
            auth,
            jobs,
            entities,
            relation_classifier,
            backend,
        } => {
            let known = read_known(entities.as_deref())?;
            let progress = Progress::for_input(cli.quiet, &paths);
            let base = Extractor::new()
                .with_known_entities(known)
                .with_relation_classifier(relation_classifier);
            let items = input::documents_or_seeds(&paths, &fields);
            let summary = match store {
                Some(url) => {
                    let mut remote = remote_store(&url, &auth)?;
                    if let Some(g) = &graph_store {
                        remote = remote
                            .with_graph_store(g)
                            .map_err(|e| UsageError(e.to_string()))?;
                    }
                    super::push::build_remote(
                        items,
                        &remote,
                        jobs as usize,
                        progress,
                        batch as usize,
                        base,
                    )?
                }
                None => build::build(
                    db,
                    items,
                    progress,
                    report.as_deref(),
                    batch as usize,
                    base,
                    backend,
                )?,
            };
            if !cli.quiet {
                println!("{summary}");
            }
            Ok(status(summary.failed))
        }
        Command::Extract {
            paths,
            format,
            shard,
            out,
            batch,
            fields,
            entities,
            relation_classifier,
        } => {
            let extractor = Extractor::new()
                .with_known_entities(read_known(entities.as_deref())?)
                .with_relation_classifier(relation_classifier);
            let progress = Progress::for_input(cli.quiet, &paths);
            extract(
                input::documents_or_seeds(&paths, &fields),
                format,
                shard,
                out.as_deref(),
                batch as usize,
                progress,
                &extractor,
            )
        }
        Command::Load { files, batch } => {
            let progress = if cli.quiet {
                Progress::Never
            } else {
                Progress::WhenTerminal { total: None }
            };
            let summary = super::load::load(db, &files, progress, batch as usize)?;
            if !cli.quiet {
                println!("{summary}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Push {
            endpoint,
            update,
            graph_store,
            auth,
            jobs,
            attempts,
            max_update_bytes,
            files,
        } => {
            let mut remote = remote_store(&endpoint, &auth)?
                .with_retries(
                    attempts,
                    std::time::Duration::from_millis(tupu::remote::DEFAULT_BACKOFF_MS),
                )
                .with_max_update_bytes(max_update_bytes);
            if let Some(u) = &update {
                remote = remote
                    .with_update(u)
                    .map_err(|e| UsageError(e.to_string()))?;
            }
            if let Some(g) = &graph_store {
                remote = remote
                    .with_graph_store(g)
                    .map_err(|e| UsageError(e.to_string()))?;
            }
            let progress = if cli.quiet {
                Progress::Never
            } else {
                Progress::WhenTerminal { total: None }
            };
            let summary = super::push::push(db, &files, &remote, jobs as usize, progress)?;
            if !cli.quiet {
                println!("{summary}");
            }
            Ok(ExitCode::SUCCESS)
        }
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
            endpoint,
            auth,
            timeout,
        } => {
            let text = match (sparql, file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(&f)
                    .with_context(|| format!("{}: cannot read the query", f.display()))?,
                (None, None) => return Err(UsageError("no query given".to_owned()).into()),
            };
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match endpoint {
                Some(url) => {
                    let _deadline = super::deadline::Deadline::start("query", timeout);
                    query::run_remote(&remote_store(&url, &auth)?, &text, format, &mut w)?
                }
                None => query::run(db, &text, format, timeout, &mut w)?,
            }
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
            endpoint,
            auth,
            timeout,
        } => {
            let remote = endpoint.map(|url| remote_store(&url, &auth)).transpose()?;
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let code = super::ask::run(
                db,
                remote.as_ref(),
                &question,
                format,
                explain,
                timeout,
                &mut w,
            )?;
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
            header_timeout_ms,
            body_timeout_ms,
            max_connections,
        } => super::serve::run(
            tupu::serve::ServeConfig {
                db: db.to_owned(),
                allow_update,
                token,
                timeout_ms,
                max_results,
                reload_ms,
                max_concurrent: max_concurrent.unwrap_or_else(tupu::serve::default_max_concurrent),
                header_timeout_ms,
                body_timeout_ms,
                max_connections,
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
            no_rule_loose,
            news_repeat,
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
                rule_loose: !no_rule_loose,
                news_repeat,
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
            pipeline,
        } => {
            let scored = if pipeline {
                super::ner::Scored::Pipeline
            } else {
                super::ner::Scored::Model(model.as_deref())
            };
            super::ner::bench(benchmark, scored, root.as_deref(), format, cli.quiet)
        }
        Command::BenchRe {
            benchmark,
            split,
            data,
            format,
            verbose,
            entities,
            no_classifier,
        } => super::bench::bench_re(
            benchmark,
            split.as_deref(),
            &data,
            format,
            verbose,
            entities,
            no_classifier,
        ),
        Command::Train(super::args::TrainCommand::Re(o)) => super::bench::train_re(&o, cli.quiet),
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
/// Reads the known-entities file of `--entities`, if given.
fn read_known(
    path: Option<&Path>,
) -> anyhow::Result<Option<std::sync::Arc<tupu::extract::known::KnownEntities>>> {
    path.map(|p| tupu::extract::known::KnownEntities::read(p).map(std::sync::Arc::new))
        .transpose()
        .map_err(Into::into)
}

fn extract_all(
    paths: &[PathBuf],
    fields: &JsonlFields,
    extractor: &Extractor,
) -> (Vec<Annotation>, usize) {
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

/// The remote store of `--endpoint URL` with the command line's
/// credentials; a bad URL is a [`UsageError`] (exit 2).
fn remote_store(url: &str, auth: &RemoteAuth) -> anyhow::Result<tupu::remote::RemoteStore> {
    Ok(tupu::remote::RemoteStore::new(url)
        .map_err(|e| UsageError(e.to_string()))?
        .with_auth(auth.auth()))
}

fn status(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `tupu extract`: annotations of the articles of `items` as JSON, or
/// (nquads) the build's quads of the articles of `shard` ([`super::shard::extract_nquads`]), to `out` or
/// standard output. Streams the input in the batches of `tupu build`
/// ([`input::batches`], at most `batch` articles or [`tupu::pipeline::BATCH_BYTES`]
/// of text), extracts each batch in parallel (rayon; `RAYON_NUM_THREADS`
/// caps the threads) and writes its output in input order before reading
/// on, so memory is bounded by a batch. Each unreadable input is reported
/// on stderr (exit code 1 at the end).
fn extract(
    items: impl Iterator<Item = input::Item>,
    format: ExtractFormat,
    shard: Option<tupu::bulk::Shard>,
    out: Option<&Path>,
    batch: usize,
    progress: Progress,
    extractor: &Extractor,
) -> anyhow::Result<ExitCode> {
    if shard.is_some() && !matches!(format, ExtractFormat::Nquads) {
        return Err(UsageError("--shard needs --format nquads".to_owned()).into());
    }
    let (mut w, out_name): (Box<dyn Write>, String) = match out {
        Some(p) => (
            Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
            )),
            p.display().to_string(),
        ),
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            "standard output".to_owned(),
        ),
    };
    if matches!(format, ExtractFormat::Nquads) {
        let summary = super::shard::extract_nquads(
            items, shard, progress, batch, &mut w, &out_name, extractor,
        )?;
        if progress != Progress::Never {
            eprintln!("{summary}");
        }
        return Ok(status(summary.failed));
    }
    let pretty = matches!(format, ExtractFormat::Json);
    let mut failed = 0;
    let mut written = 0usize;
    for batch in input::batches(items, batch, tupu::pipeline::BATCH_BYTES) {
        let docs = match batch {
            Ok(docs) => docs,
            Err(e) => {
                eprintln!("tupu: {e}");
                failed += 1;
                continue;
            }
        };
        extractor.preload();
        let annotations: Vec<Annotation> =
            docs.par_iter().map(|doc| extractor.extract(doc)).collect();
        for a in &annotations {
            write_annotation(&mut w, a, pretty, written == 0)
                .with_context(|| format!("writing {out_name}"))?;
            written += 1;
        }
    }
    match (pretty, written) {
        (true, 0) => w.write_all(b"[]\n"),
        (true, _) => w.write_all(b"\n]\n"),
        (false, _) => Ok(()),
    }
    .and_then(|()| w.flush())
    .with_context(|| format!("writing {out_name}"))?;
    Ok(status(failed))
}

/// Writes one annotation to `w`: a JSON line, or (`pretty`) the next
/// element of a pretty-printed JSON array (`[` before the `first`, `,`
/// between), each line indented by two spaces, as `to_writer_pretty` would
/// print the whole array.
///
/// Errors: writing `w`.
fn write_annotation(
    w: &mut dyn Write,
    a: &Annotation,
    pretty: bool,
    first: bool,
) -> std::io::Result<()> {
    if !pretty {
        serde_json::to_writer(&mut *w, a)?;
        return w.write_all(b"\n");
    }
    let text = serde_json::to_string_pretty(a)?;
    w.write_all(if first { b"[\n" } else { b",\n" })?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
        }
        write!(w, "  {line}")?;
    }
    Ok(())
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
        None => extract_all(paths, fields, &Extractor::new()),
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
