//! The floor of issue 16: jieba-rs `tag` (segmentation and part-of-speech
//! tagging with jieba's own dictionary, HMM on) over the `text` of every
//! line of a JSON-lines corpus, one thread, dictionary load included.
//!
//! ```text
//! cargo run --release --example jieba_tag -- CORPUS.jsonl
//! ```
//!
//! Prints one JSON line: stories, characters (Unicode scalars) and tokens.
//! `scripts/bench_throughput.sh` times it next to `tupu extract`.

use std::io::BufRead;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: jieba_tag CORPUS.jsonl"))?;
    let file = std::fs::File::open(&path).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let jieba = jieba_rs::Jieba::new();
    let (mut stories, mut chars, mut tokens) = (0usize, 0usize, 0usize);
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
        if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
            stories += 1;
            chars += text.chars().count();
            tokens += jieba.tag(text, true).len();
        }
    }
    println!("{{\"stories\": {stories}, \"chars\": {chars}, \"tokens\": {tokens}}}");
    Ok(())
}
