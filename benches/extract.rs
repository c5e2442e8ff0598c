//! Steady-state throughput of the extractor's stages over the same text
//! (issue 16), in process, one thread, next to its floor: jieba-rs `tag`.
//!
//! Every group runs over the same stories: the first `TUPU_BENCH_STORIES`
//! (default 100) stories with a text of the JSON-lines corpus
//! `TUPU_BENCH_CORPUS` (default `../shared/corpora/xwlb/stories.jsonl`, the
//! Xinwen Lianbo corpus; when it is missing, the five bundled seed
//! articles). Throughput is in elements = CHARACTERS (Unicode scalars) of the
//! normalised text, so criterion's `elem/s` reads as characters per second.
//! Models and dictionaries load before the timing (a warm-up call).
//!
//! ```sh
//! cargo bench --bench extract                      # all groups, ~2 minutes
//! cargo bench --bench extract -- 'ner'             # groups matching a filter
//! TUPU_BENCH_STORIES=2000 cargo bench --bench extract -- whole
//! ```
//!
//! The groups: `jieba_tag` (jieba-rs's own dictionary, the floor),
//! `segment` (tupu's segmenter: gazetteer names and suffixes in jieba's
//! user dictionary), `gazetteer` (the gazetteer matcher), `ner_features`
//! (the recogniser's feature extraction: its own jieba pass, gazetteer and
//! title matches, hashing), `ner_model` (weight lookup with the news domain mix and
//! Viterbi on those features), `ner` (both: `Recognizer::recognize`), `mentions_rules` and
//! `mentions` (the mention stage without and with the model, segmentation
//! included), `relations` (entities, relation and attribute rules and
//! validation on given mentions), `quads` (the RDF quads of an annotation)
//! and `whole` (`Extractor::extract`). The whole-process comparison is
//! `scripts/bench_throughput.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::io::BufRead;
use std::path::Path;
use std::time::Duration;
use tupu::document::Document;
use tupu::extract::segment::Segmenter;
use tupu::extract::Extractor;
use tupu::gazetteer::Gazetteer;
use tupu::ner::features::FeatureExtractor;
use tupu::ner::Recognizer;
use tupu::rdf::{annotation_quads, ArticleMeta};

/// The stories of the benchmark (see the module docs).
fn stories() -> Vec<Document> {
    let corpus = std::env::var("TUPU_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/corpora/xwlb/stories.jsonl".to_owned());
    let limit: usize = std::env::var("TUPU_BENCH_STORIES")
        .map(|s| s.parse().expect("TUPU_BENCH_STORIES is a number"))
        .unwrap_or(100);
    if !Path::new(&corpus).exists() {
        eprintln!("{corpus}: missing, benchmarking the seed articles of data/seeds/");
        let mut paths: Vec<_> = std::fs::read_dir("data/seeds")
            .expect("data/seeds/ is readable")
            .map(|e| e.expect("data/seeds/ is readable").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        return paths
            .iter()
            .take(limit)
            .map(|p| {
                let text =
                    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let id = p.file_name().expect("a file").to_string_lossy();
                Document::new(&*id, &*id, text)
            })
            .collect();
    }
    let file = std::fs::File::open(&corpus).unwrap_or_else(|e| panic!("{corpus}: {e}"));
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.unwrap_or_else(|e| panic!("{corpus}:{}: {e}", n + 1));
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{corpus}:{}: {e}", n + 1));
        if let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) {
            if !text.trim().is_empty() {
                docs.push(Document::new(id, id, text));
            }
        }
        if docs.len() >= limit {
            break;
        }
    }
    docs
}

fn sentences(d: &Document) -> impl Iterator<Item = &str> {
    d.sentences.iter().map(|s| &d.text[s.start..s.end])
}

fn stages(c: &mut Criterion) {
    let docs = stories();
    let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
    let jieba = jieba_rs::Jieba::new();
    let segmenter = Segmenter::bundled();
    let gazetteer = Gazetteer::bundled();
    let ner = Recognizer::bundled();
    let features = FeatureExtractor::shared();
    let rules_only = Extractor::new().with_model(false);
    let full = Extractor::new();
    // The weights news is labelled with (Recognizer::label_chars).
    let news = Recognizer::news_mix();
    // Warm-up: every lazy model and dictionary loads here.
    black_box(full.extract(&docs[0]));
    let sentence_chars: Vec<Vec<Vec<char>>> = docs
        .iter()
        .map(|d| sentences(d).map(|s| s.chars().collect()).collect())
        .collect();
    let sentence_features: Vec<_> = sentence_chars
        .iter()
        .flatten()
        .map(|cs| features.extract(cs))
        .collect();
    let mentions: Vec<_> = docs.iter().map(|d| full.mentions(d)).collect();
    let annotations: Vec<_> = docs.iter().map(|d| full.extract(d)).collect();
    let metas: Vec<ArticleMeta> = docs
        .iter()
        .map(|d| ArticleMeta {
            id: d.id.clone(),
            source: d.id.clone(),
            sha256: "0".repeat(64),
            chars: d.text.chars().count(),
        })
        .collect();

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Elements(chars as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let id = |name: &str| BenchmarkId::new(name, format!("{} stories", docs.len()));
    g.bench_function(id("jieba_tag"), |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(sentences)
                .map(|s| jieba.tag(s, true).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("segment"), |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(sentences)
                .map(|s| segmenter.tokens(s).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("gazetteer"), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| gazetteer.find(&d.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("ner_features"), |b| {
        b.iter(|| {
            sentence_chars
                .iter()
                .flatten()
                .map(|cs| features.extract(cs).keys.len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("ner_model"), |b| {
        b.iter(|| {
            sentence_features
                .iter()
                .map(|f| ner.model().decode_mixed(f, &news, &[]).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("ner"), |b| {
        b.iter(|| {
            docs.iter()
                .flat_map(sentences)
                .map(|s| ner.recognize(s).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("mentions_rules"), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| rules_only.mentions(d).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("mentions"), |b| {
        b.iter(|| docs.iter().map(|d| full.mentions(d).len()).sum::<usize>())
    });
    g.bench_function(id("relations"), |b| {
        b.iter(|| {
            docs.iter()
                .zip(&mentions)
                .map(|(d, m)| full.extract_from_mentions(d, m.clone()).relations.len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("quads"), |b| {
        b.iter(|| {
            metas
                .iter()
                .zip(&annotations)
                .map(|(m, a)| annotation_quads(m, a).len())
                .sum::<usize>()
        })
    });
    g.bench_function(id("whole"), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| full.extract(d).relations.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
