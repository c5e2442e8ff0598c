//! `tupu extract`: one JSON line per article, mention offsets into the
//! original file.

use crate::util::{run, seeds};
use tupu::annotation::Annotation;

#[test]
fn extract_seeds_jsonl_offsets_point_at_mention_text() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["extract", seeds().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let anns: Vec<Annotation> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is an Annotation"))
        .collect();
    let docs: Vec<&str> = anns.iter().map(|a| a.doc.as_str()).collect();
    assert_eq!(
        docs,
        [
            "000_410003ede4b73390.txt",
            "001_42766f52b4656d20.txt",
            "002_37cb68cf616920c1.txt",
            "003_4093b89e4d5d4e75.txt",
            "004_f27004be77f55aa8.txt"
        ]
    );
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for a in &anns {
        let original = std::fs::read_to_string(seeds().join(&a.doc)).unwrap();
        let n_chars = original.chars().count();
        for e in &a.entities {
            for m in &e.mentions {
                assert!(m.start <= m.end && m.end <= n_chars, "{}: {m:?}", a.doc);
                let span: String = original
                    .chars()
                    .skip(m.start)
                    .take(m.end - m.start)
                    .collect();
                assert_eq!(squash(&span), squash(&m.text), "{}: {m:?}", a.doc);
            }
        }
    }
}

#[test]
fn extract_json_is_one_pretty_array() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seeds().join("001_42766f52b4656d20.txt");
    let (code, out, err) = run(
        dir.path(),
        &["extract", "--format", "json", seed.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let anns: Vec<Annotation> = serde_json::from_str(&out).unwrap();
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].doc, "001_42766f52b4656d20.txt");
    assert!(out.lines().count() > 1);
}
