//! Warm answer latency of `tupu ask` (issue 4's benchmark), in process.
//!
//! Opens a store once, loads the asker once (both timed), then answers every
//! question of a questions file once to warm up and `--repeat` more times,
//! and prints the median and maximum per-question latency in milliseconds
//! (the median of each question's repeats); `--verbose` prints each
//! question's latency and answer count. This is the latency of a
//! long-running process such as `tupu serve`; `scripts/bench_ask.py` measures
//! a fresh `tupu ask` process per question (store load included).
//!
//! ```sh
//! cargo bench --bench ask -- --db tupu.db [--questions data/questions/seeds.jsonl] [--repeat 5] [--verbose]
//! ```

use std::time::Instant;
use tupu::ask::{AskError, Asker};
use tupu::store::{FileStore, GraphStore};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(db) = arg(&args, "--db").or_else(|| std::env::var("TUPU_DB").ok()) else {
        eprintln!("ask bench: give the store with --db PATH (or TUPU_DB); skipped");
        return Ok(());
    };
    let questions_path =
        arg(&args, "--questions").unwrap_or_else(|| "data/questions/seeds.jsonl".into());
    let repeat: usize = arg(&args, "--repeat")
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(5);
    let verbose = args.iter().any(|a| a == "--verbose");
    let questions: Vec<String> = std::fs::read_to_string(&questions_path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["question"].as_str().unwrap_or_default().to_owned())
        })
        .collect::<anyhow::Result<_>>()?;

    let t = Instant::now();
    let store = FileStore::open_read_only(&db)?;
    let open_ms = ms(t);
    let t = Instant::now();
    let asker = Asker::load(&store)?;
    let load_ms = ms(t);
    println!(
        "store {db}: {} quads, {} articles; open {open_ms:.0} ms; asker load {load_ms:.0} ms ({} entities)",
        store.len()?,
        store.articles()?.len(),
        asker.linker().entities().len()
    );

    let mut medians = Vec::new();
    let (mut answered, mut not_understood) = (0, 0);
    for q in &questions {
        let first = asker.ask(&store, q);
        match &first {
            Ok(r) if !r.answers.is_empty() => answered += 1,
            Err(AskError::NotUnderstood { .. }) => not_understood += 1,
            Err(e) => anyhow::bail!("{q}: {e}"),
            Ok(_) => {}
        }
        let mut times: Vec<f64> = (0..repeat)
            .map(|_| {
                let t = Instant::now();
                let _ = asker.ask(&store, q);
                ms(t)
            })
            .collect();
        times.sort_by(f64::total_cmp);
        medians.push(times[times.len() / 2]);
        if verbose {
            let n = first.map(|r| r.answers.len()).unwrap_or(0);
            println!("{:>9.2} ms  {n:>3} answers  {q}", times[times.len() / 2]);
        }
    }
    medians.sort_by(f64::total_cmp);
    println!(
        "questions: {}, with answers: {answered}, not understood: {not_understood}",
        questions.len()
    );
    println!(
        "warm latency ms (median of {repeat} per question): median {:.2}, max {:.2}, min {:.2}",
        medians[medians.len() / 2],
        medians[medians.len() - 1],
        medians[0]
    );
    Ok(())
}
