//! `tupu train ner` and `tupu bench-ner` on a tiny corpus in MSRA's format
//! (no dependency on the shared benchmarks).

use crate::util::run;
use std::path::Path;

/// Eight sentences in MSRA's `char\tBIO` format: 8 PER, 5 LOC, 3 ORG.
const SENTENCES: &[&[(&str, &str)]] = &[
    &[("张三", "PER"), ("在", ""), ("北京", "LOC"), ("工作。", "")],
    &[("李四", "PER"), ("在", ""), ("上海", "LOC"), ("工作。", "")],
    &[
        ("王五", "PER"),
        ("加入", ""),
        ("华为公司", "ORG"),
        ("。", ""),
    ],
    &[("赵六", "PER"), ("会见了", ""), ("孙七", "PER"), ("。", "")],
    &[
        ("新华社", "ORG"),
        ("记者", ""),
        ("周八", "PER"),
        ("报道。", ""),
    ],
    &[("吴九", "PER"), ("访问", ""), ("日本", "LOC"), ("。", "")],
    &[("郑十", "PER"), ("来到", ""), ("广州", "LOC"), ("。", "")],
    &[
        ("国务院", "ORG"),
        ("在", ""),
        ("天津", "LOC"),
        ("开会。", ""),
    ],
];

fn bio(sentences: &[&[(&str, &str)]]) -> String {
    let mut out = String::new();
    for s in sentences {
        for (text, ty) in s.iter() {
            for (i, c) in text.chars().enumerate() {
                let tag = match (*ty, i) {
                    ("", _) => "O".to_owned(),
                    (t, 0) => format!("B-{t}"),
                    (t, _) => format!("I-{t}"),
                };
                out.push_str(&format!("{c}\t{tag}\n"));
            }
        }
        out.push('\n');
    }
    out
}

fn corpus(dir: &Path) {
    let msra = dir.join("bench/msra");
    std::fs::create_dir_all(&msra).unwrap();
    std::fs::write(msra.join("msra_train_bio.txt"), bio(SENTENCES)).unwrap();
    std::fs::write(msra.join("msra_test_bio.txt"), bio(SENTENCES)).unwrap();
}

fn train(dir: &Path, out: &str) -> (i32, String, String) {
    let corpus = format!("msra={}", dir.join("bench/msra").display());
    let args = [
        "train",
        "ner",
        "--corpus",
        &corpus,
        "--epochs",
        "5",
        "--min-count",
        "1",
        "--prune",
        "0",
        "--out",
        out,
    ];
    run(dir, &args)
}

#[test]
fn trains_reproducibly_and_scores_its_own_training_data() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (code, stdout, stderr) = train(dir.path(), "a.bin.gz");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("model: a.bin.gz"), "{stdout}");
    let (code, _, stderr) = train(dir.path(), "b.bin.gz");
    assert_eq!(code, 0, "{stderr}");
    let a = std::fs::read(dir.path().join("a.bin.gz")).unwrap();
    let b = std::fs::read(dir.path().join("b.bin.gz")).unwrap();
    assert_eq!(a, b, "the same corpus and seed give the same model bytes");

    let root = dir.path().join("bench");
    let args = [
        "bench-ner",
        "--benchmark",
        "msra",
        "--model",
        "a.bin.gz",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ];
    let (code, stdout, stderr) = run(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let msra = &report[0];
    assert_eq!(msra["benchmark"], "msra");
    assert_eq!(msra["sentences"], 8);
    assert_eq!(msra["total"]["gold"], 16);
    assert_eq!(msra["scores"]["per_type"]["Per"]["gold"], 8);
    assert_eq!(msra["scores"]["per_type"]["Loc"]["gold"], 5);
    // The perceptron finds every entity of its eight training sentences
    // (the averaged weights may add a spurious one).
    assert_eq!(msra["total"]["correct"], 16, "{stdout}");
}

#[test]
fn a_corrupt_model_or_unknown_corpus_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.bin.gz"), b"not a model").unwrap();
    let (code, _, stderr) = run(dir.path(), &["bench-ner", "--model", "bad.bin.gz"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("bad.bin.gz: not a valid tupu NER model"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        dir.path(),
        &["train", "ner", "--corpus", "conll", "--out", "x.bin.gz"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown corpus \"conll\""), "{stderr}");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "train", "ner", "--corpus", "pd1998", "--root", ".", "--out", "x.bin.gz",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("pd1998 has no train split"), "{stderr}");
    // No machine path as a default: without --root (or its variable) the
    // benchmarks directory is asked for.
    let mut cmd = crate::util::tupu(dir.path());
    let out = cmd
        .env_remove("TUPU_NER_BENCHMARKS")
        .args(["bench-ner", "--benchmark", "msra"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("give --root DIR or set TUPU_NER_BENCHMARKS"),
        "{stderr}"
    );
}
