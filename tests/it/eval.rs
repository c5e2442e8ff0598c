//! `tupu eval` and the independent Python scorer `scripts/score.py`.

use crate::util::{gold, root, run, seeds};
use std::path::Path;
use std::process::Command;
use tupu::annotation::Annotation;

/// The totals table: the last five lines of `tupu eval` text output.
fn totals(report: &str) -> Vec<String> {
    let lines: Vec<&str> = report.lines().collect();
    let start = lines
        .iter()
        .rposition(|l| l.starts_with("total "))
        .expect("a totals table");
    lines[start..start + 5]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// Runs `python3 scripts/score.py`, or `None` (with the reason printed) when
/// python3 is absent.
fn score_py(system: &Path) -> Option<Vec<String>> {
    let out = match Command::new("python3")
        .arg(root().join("scripts/score.py"))
        .arg("--gold")
        .arg(gold())
        .arg(system)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: python3 not available ({e})");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn eval_on_seeds_prints_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["eval", "--gold", gold()]);
    assert_eq!(code, 0, "{err}");
    for label in [
        "entity type",
        "Organization",
        "signedWith",
        "jobTitle",
        "002_37cb68cf616920c1.txt",
    ] {
        assert!(out.contains(label), "{label} missing:\n{out}");
    }
    let t = totals(&out);
    assert!(
        t[1].starts_with("entities ") && t[3].starts_with("relations "),
        "{t:?}"
    );
    // Every gold entity is counted: 253 in the five seed files.
    let fields: Vec<&str> = t[1].split_whitespace().collect();
    let tp: usize = fields[1].parse().unwrap();
    let fn_: usize = fields[3].parse().unwrap();
    assert_eq!(tp + fn_, 253, "{t:?}");
}

#[test]
fn eval_json_format() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["eval", "--gold", gold(), "--format", "json"];
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["articles"].as_array().unwrap().len(), 5);
    assert!(v["by_predicate"]["signedWith"]["fn"].as_u64().is_some());
}

#[test]
fn python_scorer_agrees_on_extract_output() {
    let dir = tempfile::tempdir().unwrap();
    let (code, jsonl, err) = run(dir.path(), &["extract", seeds().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let system = dir.path().join("system.jsonl");
    std::fs::write(&system, &jsonl).unwrap();
    let args = [
        "eval",
        "--gold",
        gold(),
        "--system",
        system.to_str().unwrap(),
    ];
    let (code, report, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    // Scoring the saved output and scoring by extracting again agree.
    let (_, direct, _) = run(dir.path(), &["eval", "--gold", gold()]);
    assert_eq!(totals(&report), totals(&direct));
    if let Some(py) = score_py(&system) {
        assert_eq!(py, totals(&report));
    }
}

/// A deliberately imperfect system made from the gold: names replaced by
/// aliases, some types and names changed, relations dropped, reversed and repeated,
/// job titles prefixed with 副 or an organisation, an unknown article.
fn degraded_gold() -> Vec<Annotation> {
    let mut out = Vec::new();
    for a in tupu::eval::load_gold_dir(Path::new(gold())).unwrap() {
        let mut s = a.clone();
        for (i, e) in s.entities.iter_mut().enumerate() {
            if i % 4 == 1 && !e.aliases.is_empty() {
                e.name = e.aliases[0].clone();
            }
            if i % 9 == 2 {
                e.entity_type = tupu::annotation::EntityType::Place;
            }
            if i % 11 == 5 {
                e.name.push_str("分公司");
            }
            e.aliases.clear();
        }
        let mut rels = Vec::new();
        for (i, r) in s.relations.iter().enumerate() {
            match i % 5 {
                0 => continue,
                1 => {
                    let mut r2 = r.clone();
                    std::mem::swap(&mut r2.s, &mut r2.o);
                    rels.push(r2);
                }
                2 => {
                    rels.push(r.clone());
                    rels.push(r.clone());
                }
                _ => rels.push(r.clone()),
            }
        }
        s.relations = rels;
        for (i, at) in s.attributes.iter_mut().enumerate() {
            match i % 3 {
                0 => at.value = format!("副{}", at.value),
                1 => at.value = format!("市政府{}", at.value),
                _ => {}
            }
        }
        out.push(s);
    }
    out.push(Annotation {
        doc: "not-in-gold.txt".to_owned(),
        ..Default::default()
    });
    out
}

#[test]
fn python_scorer_agrees_on_a_degraded_system() {
    let dir = tempfile::tempdir().unwrap();
    let system = dir.path().join("degraded.jsonl");
    let lines: Vec<String> = degraded_gold()
        .iter()
        .map(|a| serde_json::to_string(a).unwrap())
        .collect();
    std::fs::write(&system, lines.join("\n") + "\n").unwrap();
    let args = [
        "eval",
        "--gold",
        gold(),
        "--system",
        system.to_str().unwrap(),
    ];
    let (code, report, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("not-in-gold.txt"), "{err}");
    let t = totals(&report);
    // Neither perfect nor empty: the scorers are compared on real work.
    for row in &t[1..] {
        let f1 = row.split_whitespace().last().unwrap();
        assert!(f1 != "1.0000" && f1 != "0.0000" && f1 != "-", "{row}");
    }
    if let Some(py) = score_py(&system) {
        assert_eq!(py, t);
    }
}
