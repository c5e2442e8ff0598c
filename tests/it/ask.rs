//! `tupu ask` on the graph of the bundled seed articles: the 24 seed
//! questions (`../shared/questions/seeds.jsonl`, bundled copy in
//! `data/questions/seeds.jsonl`), re-worded questions, questions it does not
//! understand, `--explain`.

use crate::util::{copy_seeds_to, root, run, seed_store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// `tupu ask --format json QUESTION` → (exit code, JSON or Null, stderr).
fn ask(question: &str) -> (i32, Value, String) {
    let (code, out, err) = run(seed_store(), &["ask", "--format", "json", question]);
    let json = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, json, err)
}

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Every entity IRI → its label and aliases (normalised), from the store.
fn names_by_iri() -> BTreeMap<String, BTreeSet<String>> {
    let q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
             SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }";
    let (code, out, err) = run(seed_store(), &["query", "--format", "json", q]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("SPARQL results JSON");
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for b in json["results"]["bindings"].as_array().expect("bindings") {
        if let (Some(e), Some(n)) = (b["e"]["value"].as_str(), b["n"]["value"].as_str()) {
            map.entry(e.to_owned()).or_default().insert(norm(n));
        }
    }
    map
}

/// The seed questions file: the shared one if present, else the bundled
/// copy.
fn questions_file() -> Option<PathBuf> {
    let shared = root().join("../shared/questions/seeds.jsonl");
    let bundled = root().join("data/questions/seeds.jsonl");
    [shared, bundled].into_iter().find(|p| p.exists())
}

/// A job title (or other value) as given matches an expected one per
/// ANNOTATION.md: equal, or the expected carries its organisation in front
/// (市经信委主任 ~ 主任), but 副市长 never matches 市长.
fn value_matches(expected: &str, got: &str) -> bool {
    let (e, g) = (norm(expected), norm(got));
    e == g || (e.ends_with(&g) && !e.ends_with(&format!("副{g}")))
}

/// Whether the answers of `json` are exactly `expected` (see the module
/// doc); `Err` says why not.
fn exact(
    kind: &str,
    expected: &[String],
    json: &Value,
    names: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), String> {
    let answers = json["answers"].as_array().ok_or("no answers array")?;
    let name_set = |a: &Value| -> BTreeSet<String> {
        let mut s = a["iri"]
            .as_str()
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_default();
        if let Some(n) = a["name"].as_str() {
            s.insert(norm(n));
        }
        s
    };
    match kind {
        "path" => {
            let first = answers.first().ok_or("no path")?;
            let nodes = first["nodes"].as_array().ok_or("no nodes")?;
            let hops = first["hops"].as_array().ok_or("no hops")?;
            let ends = [nodes.first(), nodes.last()];
            for (end, want) in ends.iter().zip(expected) {
                let end = end.ok_or("empty path")?;
                let iri = end["iri"].as_str().unwrap_or("");
                if !names.get(iri).is_some_and(|n| n.contains(&norm(want))) {
                    return Err(format!("path end {iri} is not {want}"));
                }
            }
            if hops.is_empty() || hops.len() > 3 {
                return Err(format!("{} hops", hops.len()));
            }
            if hops
                .iter()
                .any(|h| h["evidence"].as_array().is_none_or(|e| e.is_empty()))
            {
                return Err("a hop without evidence".to_owned());
            }
            Ok(())
        }
        "attribute" => {
            let got: Vec<String> = answers
                .iter()
                .filter_map(|a| a["value"].as_str().map(str::to_owned))
                .collect();
            let unmatched_got: Vec<&String> = got
                .iter()
                .filter(|g| !expected.iter().any(|e| value_matches(e, g)))
                .collect();
            let missing: Vec<&String> = expected
                .iter()
                .filter(|e| !got.iter().any(|g| value_matches(e, g)))
                .collect();
            if unmatched_got.is_empty() && missing.is_empty() {
                Ok(())
            } else {
                Err(format!("extra {unmatched_got:?}, missing {missing:?}"))
            }
        }
        _ => {
            let sets: Vec<(String, BTreeSet<String>)> = answers
                .iter()
                .map(|a| (a["name"].as_str().unwrap_or("?").to_owned(), name_set(a)))
                .collect();
            let extra: Vec<&String> = sets
                .iter()
                .filter(|(_, s)| !expected.iter().any(|e| s.contains(&norm(e))))
                .map(|(n, _)| n)
                .collect();
            let missing: Vec<&String> = expected
                .iter()
                .filter(|e| !sets.iter().any(|(_, s)| s.contains(&norm(e))))
                .collect();
            if extra.is_empty() && missing.is_empty() && sets.len() == expected.len() {
                Ok(())
            } else {
                Err(format!("extra {extra:?}, missing {missing:?}"))
            }
        }
    }
}

/// The number of seed questions answered exactly at the time of writing
/// (22 of 24; the 2 others are extraction gaps: no amount for 智能制造产业园,
/// and 市领导 is one of 陈金山's titles in another article).
const SEED_QUESTIONS_EXACT: usize = 22;

#[test]
fn seed_questions_are_answered_exactly() {
    let Some(file) = questions_file() else {
        eprintln!("skipped: neither ../shared/questions/seeds.jsonl nor data/questions/seeds.jsonl exists");
        return;
    };
    let text = std::fs::read_to_string(&file).expect("questions file is readable");
    let names = names_by_iri();
    let mut total = 0;
    let mut good = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let q: Value = serde_json::from_str(line).expect("a JSON question");
        let question = q["question"].as_str().expect("question");
        let kind = q["kind"].as_str().unwrap_or("list");
        let expected: Vec<String> = q["answers"]
            .as_array()
            .expect("answers")
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect();
        total += 1;
        let (code, json, err) = ask(question);
        let verdict = if code != 0 {
            Err(format!("exit {code}: {err}"))
        } else {
            assert_eq!(json["question"], question, "the question is echoed");
            assert!(json["sparql"]
                .as_str()
                .is_some_and(|s| s.contains("SELECT")));
            for a in json["answers"].as_array().into_iter().flatten() {
                let ev = a["evidence"].as_array().expect("evidence array");
                assert!(!ev.is_empty(), "{question}: answer {a} without evidence");
                for e in ev {
                    assert!(e["article"].as_str().is_some_and(|s| s.ends_with(".txt")));
                    assert!(e["sentence"].as_str().is_some_and(|s| !s.is_empty()));
                }
            }
            exact(kind, &expected, &json, &names)
        };
        match verdict {
            Ok(()) => good += 1,
            Err(why) => failures.push(format!("{question}: {why}")),
        }
    }
    println!("seed questions answered exactly: {good}/{total}");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert_eq!(total, 24, "{} has 24 questions", file.display());
    assert!(
        good >= SEED_QUESTIONS_EXACT,
        "{good}/{total} exact, expected at least {SEED_QUESTIONS_EXACT}:\n{}",
        failures.join("\n")
    );
}

/// The answers of a response as comparable (name or value, iri) pairs.
fn answer_keys(json: &Value) -> Vec<(String, String)> {
    json["answers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["name"]
                    .as_str()
                    .or(a["value"].as_str())
                    .unwrap_or("")
                    .to_owned(),
                a["iri"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn reworded_questions_answer_like_their_originals() {
    let pairs = [
        (
            "2021年智博会上有哪些企业签了约？",
            "哪些公司在2021智博会上签约？",
        ),
        (
            "在「2021智博会」上签约的企业有哪些",
            "哪些公司在2021智博会上签约？",
        ),
        (
            "What companies signed at the Smart China Expo?",
            "哪些公司在2021智博会上签约？",
        ),
        (
            "Who attended the 2021智博会重大项目招商签约活动?",
            "谁出席了2021智博会重大项目招商签约活动？",
        ),
        (
            "哪些人参加了2021年智博会重大项目招商签约活动",
            "谁出席了2021智博会重大项目招商签约活动？",
        ),
        ("Who did 科大讯飞 sign with?", "科大讯飞与谁签约？"),
        (
            "敏华智能家居制造项目在哪儿？",
            "敏华智能家居制造项目位于哪里？",
        ),
        ("唐良智的职务是什么", "唐良智担任什么职务？"),
        ("What is the job title of 唐良智?", "唐良智担任什么职务？"),
        (
            "When did the 2021 Smart China Expo open?",
            "2021智博会哪天开幕？",
        ),
        (
            "总投资超过15亿元的项目有哪些？",
            "哪些项目的总投资超过15亿元？",
        ),
        (
            "Which projects have a total investment over 1.5 billion yuan?",
            "哪些项目的总投资超过15亿元？",
        ),
        (
            "What did 云南耀兴集团 invest in?",
            "云南耀兴集团投资了什么项目？",
        ),
        (
            "Where was the 2021 Smart China Expo held?",
            "2021智博会在哪里举办？",
        ),
        ("谁主办了重庆英才讲堂", "重庆英才讲堂由哪些单位主办？"),
        (
            "How is 博世集团 connected to 重庆?",
            "博世集团和重庆有什么联系？",
        ),
    ];
    for (reworded, original) in pairs {
        let (c1, j1, e1) = ask(reworded);
        let (c2, j2, e2) = ask(original);
        assert_eq!((c1, c2), (0, 0), "{reworded}: {e1} / {original}: {e2}");
        let (a1, a2) = (answer_keys(&j1), answer_keys(&j2));
        assert!(!a2.is_empty(), "{original} has answers");
        assert_eq!(a1, a2, "{reworded:?} answers like {original:?}");
    }
}

#[test]
fn counts_count_the_list() {
    let (code, json, err) = ask("多少家企业在2021年智博会上签约？");
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = ask("哪些企业在2021智博会上签约？");
    let n = list["answers"].as_array().map_or(0, Vec::len);
    assert!(n > 0);
    assert_eq!(json["answers"][0]["value"], n.to_string());
}

#[test]
fn questions_it_cannot_parse_are_not_understood() {
    for q in [
        "今天天气怎么样？",
        "哪些公司在火星博览会上签约？",
        "What is the meaning of life?",
    ] {
        let (code, out, err) = run(seed_store(), &["ask", q]);
        assert_eq!(code, 1, "{q}: {out}");
        assert!(out.is_empty(), "{q}: no made-up answer: {out}");
        assert!(err.contains("not understood"), "{err}");
        let closest = err
            .lines()
            .skip_while(|l| !l.contains("closest patterns"))
            .skip(1)
            .count();
        assert_eq!(closest, 3, "{err}");
    }
    let (_, _, err) = run(seed_store(), &["ask", "哪些公司在火星博览会上签约？"]);
    assert!(
        err.contains("火星博览会"),
        "the unknown entity is named: {err}"
    );
    assert!(
        err.contains("哪些公司在2021智博会上签约"),
        "the closest pattern's example: {err}"
    );
}

#[test]
fn explain_prints_the_sparql_and_text_has_evidence() {
    let (code, out, err) = run(
        seed_store(),
        &["ask", "--explain", "云南耀兴集团投资了什么项目？"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1. 年产50万吨矿泉水智能产线项目"), "{out}");
    assert!(
        out.contains("云南耀兴集团将在垫江投资建设年产50万吨矿泉水智能产线项目"),
        "{out}"
    );
    assert!(out.contains("tupu:investsIn"), "{out}");
    assert!(out.contains("SELECT DISTINCT ?x"), "{out}");
}

/// In a larger graph a name can label one entity and be the alias of
/// another of the same type (an article that says only 两江新区 next to the
/// seeds' 重庆两江新区, alias 两江新区): the question is answered from the
/// entity that has the asked relation, not left empty.
#[test]
fn an_ambiguous_name_is_answered_from_the_entity_with_the_relation() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_to(dir.path());
    let extra = dir.path().join("lj.txt");
    std::fs::write(&extra, "两江新区今年一季度实现地区生产总值同比增长。\n").unwrap();
    let (code, _, err) = run(dir.path(), &["build", extra.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        dir.path(),
        &["ask", "--format", "json", "两江新区与哪些企业签约？"],
    );
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let names: BTreeSet<&str> = json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(
        names,
        // 腾讯公司 (the signing article) and 腾讯 (other seeds) are one
        // entity since cross-article resolution, shown by its label 腾讯.
        BTreeSet::from(["腾讯", "科大讯飞", "阿尔特"]),
        "{out}"
    );
}
