//! `tupu bench-re`: relation extraction scored on FinRE and DuIE (the rules
//! are in [`tupu::bench::re`]).

use super::args::{EvalFormat, ReBenchmark, ReProtocol, TrainReOptions};
use super::table::write_table;
use super::UsageError;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use tupu::bench::re::{self, BenchReport, Benchmark, GoldSentence, Protocol};
use tupu::bench::retrain;
use tupu::document::Document;
use tupu::extract::relclass::{self, Example, PairKind};
use tupu::extract::Extractor;

/// Runs the chosen benchmarks on `split` (default: each benchmark's report
/// split) under `data` in the chosen protocols (given entities, extracted,
/// or both) and prints the scores as tables or JSON; `verbose` adds every
/// miss; `no_classifier` scores the rules-only relations. Exit 0 on success.
///
/// # Errors
///
/// A usage error for a split the benchmark lacks; a clear error naming the
/// directory if `data` or a file is missing; file and line of a malformed
/// benchmark line.
pub fn bench_re(
    which: ReBenchmark,
    split: Option<&str>,
    data: &Path,
    format: EvalFormat,
    verbose: bool,
    protocol: ReProtocol,
    no_classifier: bool,
) -> anyhow::Result<ExitCode> {
    if !data.is_dir() {
        anyhow::bail!(
            "{}: no such benchmark directory (it should hold finre/ and duie/; pass --data DIR)",
            data.display()
        );
    }
    let benchmarks: &[Benchmark] = match which {
        ReBenchmark::Finre => &[Benchmark::Finre],
        ReBenchmark::Duie => &[Benchmark::Duie],
        ReBenchmark::All => &[Benchmark::Finre, Benchmark::Duie],
    };
    for b in benchmarks {
        if let Some(s) = split {
            if !b.splits().contains(&s) {
                return Err(UsageError(format!(
                    "{} has no split {s:?} (splits: {})",
                    b.dir_name(),
                    b.splits().join(", ")
                ))
                .into());
            }
        }
    }
    let extractor = Extractor::new().with_relation_classifier(!no_classifier);
    let protocols: &[Protocol] = match protocol {
        ReProtocol::Given => &[Protocol::Given],
        ReProtocol::Extracted => &[Protocol::Extracted],
        ReProtocol::Both => &[Protocol::Given, Protocol::Extracted],
    };
    let mut reports = Vec::new();
    for &p in protocols {
        for &b in benchmarks {
            let split = split.unwrap_or(b.report_split());
            let report = re::run(b, data, split, p, |g: &GoldSentence| {
                let id = format!("{}-{split}:{}", b.dir_name(), g.line);
                let doc = Document::new(id.clone(), id, g.text.as_str());
                match p {
                    Protocol::Given => extractor
                        .clone()
                        .with_known_entities(Some(Arc::new(re::given_entities(b, g))))
                        .extract(&doc),
                    Protocol::Extracted => extractor.extract(&doc),
                }
            })
            .with_context(|| format!("benchmark {} {split}", b.dir_name()))?;
            reports.push(report);
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &reports).context("writing JSON")?;
            writeln!(w)?;
        }
        EvalFormat::Text => write_text(&mut w, &reports, verbose)?,
    }
    w.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(w: &mut dyn Write, reports: &[BenchReport], verbose: bool) -> anyhow::Result<()> {
    let header: Vec<String> = [
        "task",
        "sentences",
        "gold",
        "found",
        "recall",
        "+title",
        "recall+title",
        "statements",
        "correct",
        "precision",
        "labelled P",
        "other",
        "FP",
        "FP rate",
        "unknown",
        "FP",
        "FP rate",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for r in reports {
        for (t, s) in &r.tasks {
            let (titled, recall_titled) = match (s.found_with_title, s.recall_with_title()) {
                (Some(f), Some(rt)) => (f.to_string(), format!("{rt:.4}")),
                _ => ("-".to_owned(), "-".to_owned()),
            };
            rows.push(vec![
                format!("{} ({}, {})", t.name, r.split, r.protocol.as_str()),
                s.sentences.to_string(),
                s.gold_pairs.to_string(),
                s.found.to_string(),
                format!("{:.4}", s.recall()),
                titled,
                recall_titled,
                s.statements.to_string(),
                s.correct.to_string(),
                format!("{:.4}", s.precision()),
                format!("{:.4}", s.labelled_precision()),
                s.other_pairs.to_string(),
                s.other_fp.to_string(),
                format!("{:.4}", s.other_fp_rate()),
                s.unknown_pairs.to_string(),
                s.unknown_fp.to_string(),
                format!("{:.4}", s.unknown_fp_rate()),
            ]);
        }
    }
    for r in reports {
        writeln!(
            w,
            "{} {} ({} entities): {} sentences ({})",
            r.benchmark.dir_name(),
            r.split,
            r.protocol.as_str(),
            r.sentences,
            r.file.display()
        )?;
    }
    writeln!(w)?;
    write_table(w, &header, &rows)?;
    if verbose {
        for r in reports {
            for (t, s) in &r.tasks {
                writeln!(
                    w,
                    "\n{} ({}, {} entities): {} misses",
                    t.name,
                    r.split,
                    r.protocol.as_str(),
                    s.misses.len()
                )?;
                for m in &s.misses {
                    let gold = if m.gold.is_empty() {
                        String::new()
                    } else {
                        format!(" [gold: {}]", m.gold.join(", "))
                    };
                    writeln!(w, "{:<12} line {}: {}{gold}", m.kind, m.line, m.pair)?;
                    writeln!(w, "             {}", m.sentence)?;
                }
            }
        }
    }
    Ok(())
}

/// `tupu train re`: builds the examples ([`retrain::examples`]) of FinRE
/// train and the head of DuIE train, trains the classifier
/// ([`relclass::train`]), chooses each kind's threshold on FinRE valid
/// (signing) and the held-out tail of DuIE train (employment, location),
/// writes the model to `o.out` and prints the counts, the development
/// scores and the time taken (on stderr unless `quiet`).
///
/// # Errors
///
/// A usage error for a hold-out fraction outside (0, 1); the benchmark
/// errors (file and line); the model file cannot be written.
pub fn train_re(o: &TrainReOptions, quiet: bool) -> anyhow::Result<ExitCode> {
    if !(o.holdout > 0.0 && o.holdout < 1.0) {
        return Err(UsageError(format!(
            "--holdout {} must be between 0 and 1 (exclusive)",
            o.holdout
        ))
        .into());
    }
    let started = Instant::now();
    let extractor = Extractor::new().with_relation_classifier(false);
    let finre_train = Benchmark::Finre.read(&o.data, "train")?;
    let finre_valid = Benchmark::Finre.read(&o.data, "valid")?;
    let duie = Benchmark::Duie.read(&o.data, "train")?;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let cut = ((duie.len() as f64) * (1.0 - o.holdout)).round() as usize;
    let (duie_train, duie_held) = duie.split_at(cut.min(duie.len()));
    let mut train: Vec<Example> = retrain::examples(Benchmark::Finre, &finre_train, &extractor);
    train.extend(retrain::examples(Benchmark::Duie, duie_train, &extractor));
    let mut dev: Vec<Example> = retrain::examples(Benchmark::Finre, &finre_valid, &extractor);
    dev.extend(retrain::examples(Benchmark::Duie, duie_held, &extractor));
    let examples_done = started.elapsed();
    let mut model = relclass::train(&train, o.epochs, o.seed, o.prune);
    let mut lines = Vec::new();
    for kind in PairKind::ALL {
        let pos = train.iter().filter(|e| e.kind == kind && e.label).count();
        let all = train.iter().filter(|e| e.kind == kind).count();
        let chosen = relclass::choose_threshold(&model, &dev, kind, o.min_precision);
        let t = chosen.map_or(f32::INFINITY, |(t, _)| t);
        model.thresholds[kind.index()] = t;
        let (tp, predicted, gold) = relclass::counts_at(&model, &dev, kind, t);
        lines.push(format!(
            "{kind:?}: train {pos}/{all} positive; threshold {t:.3}; dev P {:.3} R {:.3} ({tp}/{predicted} predicted, {gold} gold)",
            ratio(tp, predicted),
            ratio(tp, gold)
        ));
    }
    model
        .save(&o.out)
        .with_context(|| format!("writing the model {}", o.out.display()))?;
    if !quiet {
        eprintln!(
            "tupu: {} training examples, {} development examples ({:.1} s); {} features after pruning; {:.1} s in all",
            train.len(),
            dev.len(),
            examples_done.as_secs_f64(),
            model.feature_count(),
            started.elapsed().as_secs_f64()
        );
        for l in &lines {
            eprintln!("tupu: {l}");
        }
        eprintln!(
            "tupu: wrote {} ({} bytes)",
            o.out.display(),
            model.to_bytes().len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
