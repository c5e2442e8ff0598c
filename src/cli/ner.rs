//! `tupu train ner` and `tupu bench-ner`: glue between the command line and
//! [`tupu::ner`].

use super::args::{EvalFormat, NerBenchmark};
use super::UsageError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tupu::ner::corpus::{Corpus, Split};
use tupu::ner::features::{FeatureExtractor, SentenceFeatures};
use tupu::ner::model::{tags_to_spans, Interner, Model};
use tupu::ner::score::Scorer;
use tupu::ner::{Recognizer, Sentence};

/// The options of `tupu train ner` (see its `--help`).
#[derive(Debug)]
pub struct TrainOptions {
    /// `NAME[=FOLDER]` specifications.
    pub corpora: Vec<String>,
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Minimum feature count.
    pub min_count: u32,
    /// Pruning threshold of averaged weights.
    pub prune: f32,
    /// Fraction of each corpus held out for per-epoch scores.
    pub holdout: f64,
    /// Without per-corpus feature copies.
    pub plain: bool,
    /// Rule-found events, parks and projects as loose labels in the
    /// corpora that annotate none ([`tupu::ner::corpus::add_rule_loose`]).
    pub rule_loose: bool,
    /// How many times each news sentence is trained on per epoch.
    pub news_repeat: usize,
    /// The benchmarks directory (`--root`), if given.
    pub root: Option<PathBuf>,
    /// The model file to write.
    pub out: PathBuf,
}

fn bar(len: u64, what: &str, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = format!(
        "{{bar:30}} {{pos}}/{{len}} {what} ({{per_sec}}, {{elapsed}}, eta {{eta}}) {{msg}}"
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// Parses `NAME[=FOLDER]` into a corpus and its folder.
fn corpus_spec(spec: &str, root: Option<&Path>) -> Result<(Corpus, PathBuf), UsageError> {
    let (name, dir) = match spec.split_once('=') {
        Some((n, d)) => (n, Some(PathBuf::from(d))),
        None => (spec, None),
    };
    let corpus = Corpus::from_name(name).ok_or_else(|| {
        UsageError(format!(
            "unknown corpus {name:?} (msra, cluener, resume, weibo, news)"
        ))
    })?;
    let dir = match (dir, root) {
        (Some(dir), _) => dir,
        (None, Some(root)) => root.join(corpus.folder()),
        (None, None) => return Err(no_root(&format!("corpus {name}"))),
    };
    Ok((corpus, dir))
}

/// The usage error for a benchmark folder asked for without `--root`.
fn no_root(what: &str) -> UsageError {
    UsageError(format!(
        "{what}: no benchmarks directory; give --root DIR or set TUPU_NER_BENCHMARKS \
         (the shared inputs have it in benchmarks/ner), or --corpus NAME=DIR"
    ))
}

/// A scored data set with its features computed once.
struct DevSet {
    name: String,
    corpus: Corpus,
    plain: bool,
    sentences: Vec<(Sentence, SentenceFeatures)>,
}

impl DevSet {
    fn score(&self, model: &Model) -> Scorer {
        let mut scorer = Scorer::new();
        for (s, f) in &self.sentences {
            let domain = (!self.plain).then(|| self.corpus.domain());
            let pred = tags_to_spans(&model.decode(&model.lookup(f, domain), self.corpus.types()));
            let gold = &s.spans;
            scorer.add(gold, &pred);
        }
        scorer
    }
}

/// `tupu train ner`.
pub fn train(o: &TrainOptions, quiet: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let fx = FeatureExtractor::shared();
    let mut train: Vec<(Sentence, Corpus)> = Vec::new();
    let mut dev_raw: Vec<(String, Corpus, Vec<Sentence>)> = Vec::new();
    for spec in &o.corpora {
        let (corpus, dir) = corpus_spec(spec, o.root.as_deref())?;
        let file = corpus
            .file(&dir, Split::Train)
            .ok_or_else(|| UsageError(format!("{} has no train split", corpus.name())))?;
        let mut sentences = corpus.read(&file)?;
        if o.rule_loose && !corpus.annotates_events() {
            tupu::ner::corpus::add_rule_loose(&mut sentences);
        }
        if corpus == Corpus::News && o.news_repeat > 1 {
            let once = sentences.clone();
            for _ in 1..o.news_repeat {
                sentences.extend(once.iter().cloned());
            }
        }
        let keep = sentences.len() - (sentences.len() as f64 * o.holdout.clamp(0.0, 0.9)) as usize;
        let held = sentences.split_off(keep);
        if !held.is_empty() {
            dev_raw.push((format!("{}-holdout", corpus.name()), corpus, held));
        }
        if !quiet {
            eprintln!(
                "{}: {} training sentences from {}",
                corpus.name(),
                sentences.len(),
                file.display()
            );
        }
        train.extend(sentences.into_iter().map(|s| (s, corpus)));
    }
    if let (true, Some(root)) = (o.holdout > 0.0, o.root.as_deref()) {
        for corpus in [Corpus::Pd1998, Corpus::Resume, Corpus::Weibo] {
            let dir = root.join(corpus.folder());
            if let Some(file) = corpus.file(&dir, Split::Dev).filter(|f| f.exists()) {
                dev_raw.push((
                    format!("{}-dev", corpus.name()),
                    corpus,
                    corpus.read(&file)?,
                ));
            }
        }
    }

    let b = bar(train.len() as u64, "sentences: features", quiet);
    let mut interner = Interner::new();
    let mut data = Vec::with_capacity(train.len());
    for (s, corpus) in &train {
        let domain = (!o.plain).then(|| corpus.domain());
        data.push(interner.instance(&fx.extract(&s.chars), s, domain));
        b.inc(1);
    }
    b.finish_and_clear();
    drop(train);
    let dev: Vec<DevSet> = dev_raw
        .into_iter()
        .map(|(name, corpus, sentences)| DevSet {
            name,
            corpus,
            plain: o.plain,
            sentences: sentences
                .into_iter()
                .map(|s| {
                    let f = fx.extract(&s.chars);
                    (s, f)
                })
                .collect(),
        })
        .collect();
    let seen = interner.len();
    let mut trainer = interner.into_trainer(&mut data, o.min_count);
    let features_done = started.elapsed().as_secs_f64();
    if !quiet {
        eprintln!(
            "features: {seen} distinct, {} seen at least {} times ({features_done:.1} s)",
            trainer.feature_count(),
            o.min_count
        );
    }
    for epoch in 0..o.epochs {
        let b = bar(
            data.len() as u64,
            &format!("sentences: epoch {}", epoch + 1),
            quiet,
        );
        let seed = o.seed.wrapping_mul(0x9E37_79B9).wrapping_add(epoch as u64);
        let wrong = trainer.epoch(&data, seed, &mut |done| b.set_position(done as u64));
        b.finish_and_clear();
        if !quiet {
            let mut line = format!(
                "epoch {}: {wrong} of {} sentences wrong ({:.1} s)",
                epoch + 1,
                data.len(),
                started.elapsed().as_secs_f64()
            );
            if !dev.is_empty() {
                let model = trainer.averaged(o.prune);
                for d in &dev {
                    let scores = d.score(&model);
                    line.push_str(&format!("\n  {} F1 {:.4} (", d.name, scores.total().f1()));
                    for (ty, c) in &scores.per_type {
                        line.push_str(&format!(" {ty} {:.3}", c.f1()));
                    }
                    line.push_str(" )");
                }
            }
            eprintln!("{line}");
        }
    }
    let model = trainer.averaged(o.prune);
    let bytes = model.to_bytes();
    std::fs::write(&o.out, &bytes).map_err(|source| tupu::ner::NerError::Io {
        path: o.out.clone(),
        source,
    })?;
    if !quiet {
        writeln!(
            std::io::stdout(),
            "model: {} ({} bytes, {} features)\ntime: {:.1} s ({features_done:.1} s features, {:.1} s training)",
            o.out.display(),
            bytes.len(),
            model.feature_count(),
            started.elapsed().as_secs_f64(),
            started.elapsed().as_secs_f64() - features_done,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One benchmark's result.
#[derive(Debug, serde::Serialize)]
struct BenchResult {
    benchmark: &'static str,
    /// What was scored: `model` or `pipeline`.
    scored: &'static str,
    file: PathBuf,
    sentences: usize,
    chars: usize,
    seconds: f64,
    scores: Scorer,
    total: tupu::ner::score::Counts,
}

/// What `tupu bench-ner` scores.
#[derive(Debug, Clone, Copy)]
pub enum Scored<'a> {
    /// The character model alone (a model file, or the bundled model).
    Model(Option<&'a Path>),
    /// The whole extraction pipeline ([`tupu::bench::ner`]).
    Pipeline,
}

/// `tupu bench-ner`.
pub fn bench(
    which: NerBenchmark,
    scored: Scored<'_>,
    root: Option<&Path>,
    format: EvalFormat,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let owned;
    let rec = match scored {
        Scored::Model(Some(path)) => {
            owned = Recognizer::from_path(path)?;
            &owned
        }
        Scored::Model(None) | Scored::Pipeline => Recognizer::bundled(),
    };
    let root = root.ok_or_else(|| no_root("bench-ner"))?;
    let extractor = tupu::extract::Extractor::new();
    let benchmarks: Vec<(Corpus, Split)> = [
        (NerBenchmark::Msra, Corpus::Msra, Split::Test),
        (NerBenchmark::Pd1998, Corpus::Pd1998, Split::Test),
        (NerBenchmark::Cluener, Corpus::Cluener, Split::Dev),
        (NerBenchmark::Resume, Corpus::Resume, Split::Test),
        (NerBenchmark::Weibo, Corpus::Weibo, Split::Test),
    ]
    .into_iter()
    .filter(|(b, _, _)| which == NerBenchmark::All || which == *b)
    .map(|(_, c, s)| (c, s))
    .collect();
    // Build jieba (and, for the pipeline, the extractor's data) before timing.
    let _ = FeatureExtractor::shared();
    if matches!(scored, Scored::Pipeline) {
        let _ = extractor.extract(&tupu::document::Document::new("warm", "warm", "重庆。"));
    }
    let mut results = Vec::new();
    for (corpus, split) in benchmarks {
        let file = corpus
            .file(&root.join(corpus.folder()), split)
            .expect("every benchmark names an existing split");
        let sentences = corpus.read(&file)?;
        let started = Instant::now();
        let scores = match scored {
            Scored::Pipeline => tupu::bench::ner::score_pipeline(&extractor, &sentences),
            Scored::Model(_) => {
                let b = bar(
                    sentences.len() as u64,
                    &format!("sentences: {}", corpus.name()),
                    quiet,
                );
                let mut scores = Scorer::new();
                for s in &sentences {
                    let pred = rec.label_as(&s.chars, corpus);
                    scores.add(&s.spans, &pred);
                    b.inc(1);
                }
                b.finish_and_clear();
                scores
            }
        };
        let total = scores.total();
        results.push(BenchResult {
            benchmark: corpus.name(),
            scored: match scored {
                Scored::Pipeline => "pipeline",
                Scored::Model(_) => "model",
            },
            file,
            sentences: sentences.len(),
            chars: sentences.iter().map(|s| s.chars.len()).sum(),
            seconds: started.elapsed().as_secs_f64(),
            scores,
            total,
        });
    }
    let mut out = String::new();
    match format {
        EvalFormat::Json => out.push_str(&format!("{}\n", serde_json::to_string_pretty(&results)?)),
        EvalFormat::Text => {
            out.push_str("benchmark  type   precision  recall  F1      gold   predicted\n");
            for r in &results {
                let mut row = |name: &str, c: &tupu::ner::score::Counts| {
                    out.push_str(&format!(
                        "{:<10} {:<6} {:<10.4} {:<7.4} {:<7.4} {:<6} {}\n",
                        r.benchmark,
                        name,
                        c.precision(),
                        c.recall(),
                        c.f1(),
                        c.gold,
                        c.predicted
                    ));
                };
                for (ty, c) in &r.scores.per_type {
                    row(ty.label(), c);
                }
                row("all", &r.total);
            }
            for r in &results {
                out.push_str(&format!(
                    "{} ({}): {} sentences, {} characters from {}, {:.1} s ({:.0} chars/s)\n",
                    r.benchmark,
                    r.scored,
                    r.sentences,
                    r.chars,
                    r.file.display(),
                    r.seconds,
                    r.chars as f64 / r.seconds.max(1e-9)
                ));
            }
            if results.iter().any(|r| r.benchmark == "cluener") {
                out.push_str(
                    "cluener: dev split; only name→PER, organization/government/company→ORG, address→LOC, position→TITLE are scored\n",
                );
            }
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
