//! `tupu ask` on the graph of the bundled seed articles: the 24 seed
//! questions (`../shared/questions/seeds.jsonl`, bundled copy in
//! `data/questions/seeds.jsonl`), the 30 shared paraphrases
//! (`../shared/questions/paraphrases.jsonl`), 30 rewordings of our own
//! (`data/questions/rewordings.jsonl`), 20 questions over the gold news
//! stories (`data/questions/news.jsonl`, answers from
//! `../shared/gold-news/dev`), questions it does not understand,
//! `--explain`, and the one path engine and unknown-name policy shared with
//! `tupu path`, `neighbors`, `draw` and `explain`.

use crate::util::{copy_seeds_to, root, run, seed_store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// `tupu ask --format json QUESTION` on the store of `dir` → (exit code,
/// JSON or Null, stderr).
fn ask_in(dir: &Path, question: &str) -> (i32, Value, String) {
    let (code, out, err) = run(dir, &["ask", "--format", "json", question]);
    let json = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, json, err)
}

/// [`ask_in`] the seed store.
fn ask(question: &str) -> (i32, Value, String) {
    ask_in(seed_store(), question)
}

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Every entity IRI → its label and aliases (normalised), from the store of
/// `dir`.
fn names_by_iri(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
             SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }";
    let (code, out, err) = run(dir, &["query", "--format", "json", q]);
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

/// Whether an answer's names (label and aliases, normalised) match an
/// expected answer: one name, or several forms of it separated by `|` (the
/// gold name and its aliases).
fn names_match(names: &BTreeSet<String>, expected: &str) -> bool {
    expected.split('|').any(|e| names.contains(&norm(e)))
}

/// Whether the answers of `json` are exactly `expected` (see the module
/// doc): every answer matches one expected answer and every expected
/// answer one answer, by name or alias; `Err` says why not.
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
                if !names.get(iri).is_some_and(|n| names_match(n, want)) {
                    return Err(format!("path end {iri} is not {want}"));
                }
            }
            if hops.is_empty() || nodes.len() > 4 {
                return Err(format!("{} entities on the path", nodes.len()));
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
                .filter(|(_, s)| !expected.iter().any(|e| names_match(s, e)))
                .map(|(n, _)| n)
                .collect();
            let missing: Vec<&String> = expected
                .iter()
                .filter(|e| !sets.iter().any(|(_, s)| names_match(s, e)))
                .collect();
            if extra.is_empty() && missing.is_empty() && sets.len() == expected.len() {
                Ok(())
            } else {
                Err(format!("extra {extra:?}, missing {missing:?}"))
            }
        }
    }
}

/// Asks every question of a questions file (JSON lines: `question`,
/// `answers`, `kind`) on the store of `dir` and returns (exact, total,
/// failures). Every answer given must carry evidence (article, sentence).
fn score(file: &Path, dir: &Path) -> (usize, usize, Vec<String>) {
    let text = std::fs::read_to_string(file).expect("questions file is readable");
    let names = names_by_iri(dir);
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
        let (code, json, err) = ask_in(dir, question);
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
                    assert!(e["article"].as_str().is_some_and(|s| !s.is_empty()));
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
    println!("{}: {good}/{total} exact", file.display());
    for f in &failures {
        println!("  FAIL {f}");
    }
    (good, total, failures)
}

/// The number of seed questions answered exactly: all 24 since stop 14
/// (智能制造产业园's 总投资35亿元, stated of 该项目 in the next sentence, is
/// extracted).
const SEED_QUESTIONS_EXACT: usize = 24;

#[test]
fn seed_questions_are_answered_exactly() {
    let Some(file) = questions_file() else {
        eprintln!("skipped: neither ../shared/questions/seeds.jsonl nor data/questions/seeds.jsonl exists");
        return;
    };
    let (good, total, failures) = score(&file, seed_store());
    assert_eq!(total, 24, "{} has 24 questions", file.display());
    assert!(
        good >= SEED_QUESTIONS_EXACT,
        "{good}/{total} exact, expected at least {SEED_QUESTIONS_EXACT}:\n{}",
        failures.join("\n")
    );
}

/// The 30 shared paraphrases of the seed questions: at least 27 exact.
#[test]
fn shared_paraphrases_are_answered_exactly() {
    let file = root().join("../shared/questions/paraphrases.jsonl");
    if !file.exists() {
        eprintln!("skipped: {} does not exist", file.display());
        return;
    }
    let (good, total, failures) = score(&file, seed_store());
    assert_eq!(total, 30);
    assert!(good >= 27, "{good}/{total} exact:\n{}", failures.join("\n"));
}

/// Our own 30 rewordings of the seed questions, Chinese and English: at
/// least 90% exact.
#[test]
fn rewordings_are_answered_exactly() {
    let file = root().join("data/questions/rewordings.jsonl");
    let (good, total, failures) = score(&file, seed_store());
    assert_eq!(total, 30);
    assert!(
        good * 10 >= total * 9,
        "{good}/{total} exact:\n{}",
        failures.join("\n")
    );
}

/// The number of the 20 news questions answered exactly with the extractor
/// of the time of writing; the misses are listed in BENCHMARKS.md (which
/// are extraction misses, which question-understanding ones).
const NEWS_QUESTIONS_EXACT: usize = 14;

/// 20 questions over the 80 gold news stories, answers from their gold, on
/// a store built from the stories (`../shared/gold-news/stories.jsonl`).
#[test]
fn news_questions_are_answered_from_the_story_graph() {
    let stories = root().join("../shared/gold-news/stories.jsonl");
    if !stories.exists() {
        eprintln!("skipped: {} does not exist", stories.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["build", stories.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let file = root().join("data/questions/news.jsonl");
    let (good, total, failures) = score(&file, dir.path());
    assert_eq!(total, 20);
    assert!(
        good >= NEWS_QUESTIONS_EXACT,
        "{good}/{total} exact, expected at least {NEWS_QUESTIONS_EXACT}:\n{}",
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
        assert!(
            err.contains("no entity of the graph is named"),
            "{q}: says which part was not understood: {err}"
        );
    }
    let (_, _, err) = run(seed_store(), &["ask", "哪些公司在火星博览会上签约？"]);
    assert!(
        err.contains("火星博览会"),
        "the unknown entity is named: {err}"
    );
    let closest = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("closest entities: "))
        .unwrap_or_else(|| panic!("closest entities suggested: {err}"));
    assert!(
        closest.contains("智博会"),
        "from the graph, not seed examples: {err}"
    );
    // An entity, but nothing asked about it that the lexicon knows.
    let (code, _, err) = run(seed_store(), &["ask", "唐良智怎么样？"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no relation"), "{err}");
    assert!(err.contains("唐良智"), "the entity found is named: {err}");
}

/// `tupu ask` and `tupu path` walk the one path engine: the same first path
/// for the same pair.
#[test]
fn ask_and_path_give_the_same_path() {
    let (code, json, err) = ask("博世集团和重庆有什么联系？");
    assert_eq!(code, 0, "{err}");
    let ask_nodes: Vec<String> = json["answers"][0]["nodes"]
        .as_array()
        .expect("a path")
        .iter()
        .map(|n| n["iri"].as_str().unwrap().to_owned())
        .collect();
    let from = ask_nodes.first().unwrap().clone();
    let to = ask_nodes.last().unwrap().clone();
    let (code, out, err) = run(
        seed_store(),
        &["path", &from, &to, "--max-hops", "3", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let path: Value = serde_json::from_str(&out).unwrap();
    let path_nodes: Vec<String> = path["paths"][0]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["iri"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ask_nodes, path_nodes, "{json} / {out}");
    // The same names: `path` by name finds the same ends.
    let (code, out, _) = run(
        seed_store(),
        &["path", "博世集团", "重庆", "--format", "json"],
    );
    assert_eq!(code, 0);
    let by_name: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(by_name["paths"][0]["nodes"], path["paths"][0]["nodes"]);
}

/// One policy for a name the graph does not have: `explain`, `path`,
/// `neighbors`, `draw` and `ask` exit 1 and suggest the closest entities.
#[test]
fn unknown_names_get_one_exit_code_and_closest_entities() {
    let out = tempfile::tempdir().unwrap();
    let svg = out.path().join("x.svg");
    let cases: Vec<Vec<&str>> = vec![
        vec!["explain", "博世集团公司"],
        vec!["path", "博世集团公司", "重庆"],
        vec!["neighbors", "博世集团公司"],
        vec![
            "draw",
            "--entity",
            "博世集团公司",
            "--out",
            svg.to_str().unwrap(),
        ],
    ];
    for args in cases {
        let (code, stdout, err) = run(seed_store(), &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(
            err.contains("closest entities: 博世集团"),
            "{args:?} suggests the closest entity: {err}"
        );
    }
    let (code, stdout, err) = run(seed_store(), &["ask", "火星集团和重庆有什么联系？"]);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(err.contains("\"火星集团\""), "{err}");
    assert!(err.contains("closest entities: "), "{err}");
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
    assert!(
        out.contains("# entities: 云南耀兴集团"),
        "the parse is shown: {out}"
    );
    assert!(out.contains("# relation: E tupu:investsIn ?x"), "{out}");
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

/// A question's queries stop once their cancellation token is cancelled
/// (the deadline of `tupu ask --timeout` and of `/ask` in `tupu serve`):
/// the question fails with the store's cancellation instead of running on
/// (before: the library could not cancel a question; `ask --timeout` only
/// had a watchdog that ended the process a second after the deadline).
#[test]
fn a_cancelled_question_stops_its_queries() {
    use oxigraph::sparql::CancellationToken;
    use tupu::ask::{AskError, Asker, LocalSource};
    use tupu::store::GraphStore;
    let store = tupu::store::open_read_only(seed_store().join("db")).expect("seed store");
    let asker = Asker::load(&store).expect("question answerer");
    let q = "哪些公司在2021智博会上签约？";
    let live = LocalSource::with_cancellation(&store, CancellationToken::new());
    assert!(!asker
        .ask_from(&live, q)
        .expect("answered")
        .answers
        .is_empty());
    let token = CancellationToken::new();
    token.cancel();
    let err = asker
        .ask_from(&LocalSource::with_cancellation(&store, token), q)
        .expect_err("a cancelled question gives no answer");
    assert!(matches!(err, AskError::Store(_)), "{err}");
    assert!(err.to_string().to_lowercase().contains("cancel"), "{err}");
    // The store is untouched and answers again.
    assert!(store.len().expect("quads") > 0);
}
