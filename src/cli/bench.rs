//! `tupu bench-re`: relation extraction scored on FinRE and DuIE (the rules
//! are in [`tupu::bench::re`]).

use super::args::{EvalFormat, ReBenchmark};
use super::table::write_table;
use super::UsageError;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tupu::bench::re::{self, BenchReport, Benchmark};
use tupu::document::Document;
use tupu::extract::Extractor;

/// Runs the chosen benchmarks on `split` (default: each benchmark's report
/// split) under `data` and prints the scores as tables or JSON; `verbose`
/// adds every miss. Exit 0 on success.
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
    let extractor = Extractor::new();
    let mut reports = Vec::new();
    for &b in benchmarks {
        let split = split.unwrap_or(b.report_split());
        let report = re::run(b, data, split, |line, text| {
            let id = format!("{}-{split}:{line}", b.dir_name());
            extractor.extract(&Document::new(id.clone(), id, text))
        })
        .with_context(|| format!("benchmark {} {split}", b.dir_name()))?;
        reports.push(report);
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
                format!("{} ({})", t.name, r.split),
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
            "{} {}: {} sentences ({})",
            r.benchmark.dir_name(),
            r.split,
            r.sentences,
            r.file.display()
        )?;
    }
    writeln!(w)?;
    write_table(w, &header, &rows)?;
    if verbose {
        for r in reports {
            for (t, s) in &r.tasks {
                writeln!(w, "\n{} ({}): {} misses", t.name, r.split, s.misses.len())?;
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
