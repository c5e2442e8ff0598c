//! Cross-article entity resolution end to end: two articles that name the
//! same company and the same government body differently are built into one
//! store; each entity gets one IRI, and `tupu explain` lists both articles
//! with the rule that resolved each name.

use crate::util::run;
use serde_json::Value;

/// Names 腾讯公司 and 重庆市经济和信息化委员会 in full.
const FULL: &str = "重庆日报讯 9月3日，腾讯公司与重庆市经济和信息化委员会签署战略合作协议，\
双方将在工业互联网领域开展合作。重庆市副市长出席签约仪式。\n";

/// Names 腾讯 and 市经信委 in a Chongqing article (重庆 is its most
/// mentioned city, so 市 is 重庆市).
const SHORT: &str =
    "重庆日报讯 重庆将加快建设工业互联网。市经信委负责人介绍，腾讯已在重庆落地多个项目，\
重庆两江新区与腾讯签约共建云计算中心。重庆还将引进更多企业。\n";

fn explain(dir: &std::path::Path, name: &str) -> Vec<Value> {
    let (code, out, err) = run(dir, &["explain", name, "--format", "json"]);
    assert_eq!(code, 0, "explain {name}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn one_iri_across_articles_and_explain_lists_both() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(articles.join("full.txt"), FULL).unwrap();
    std::fs::write(articles.join("short.txt"), SHORT).unwrap();
    let (code, out, err) = run(dir.path(), &["build", articles.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 added"), "{out}");

    // 腾讯 / 腾讯公司: one IRI, named in both articles.
    let tencent = explain(dir.path(), "腾讯");
    assert_eq!(tencent.len(), 1, "{tencent:#?}");
    assert_eq!(tencent[0]["iri"], "https://tupu.dev/id/Organization/腾讯");
    let arts = tencent[0]["articles"].as_array().unwrap();
    let ids: Vec<&str> = arts
        .iter()
        .map(|a| a["article"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["full.txt", "short.txt"]);
    let names = |a: &Value| -> Vec<(String, String)> {
        a["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["name"].as_str().unwrap().into(),
                    n["rule"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(
        names(&arts[0]),
        [("腾讯公司".into(), "org-gazetteer".into())]
    );
    assert_eq!(names(&arts[1]), [("腾讯".into(), "org-gazetteer".into())]);
    let labels: Vec<&str> = tencent[0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(labels, ["腾讯", "腾讯公司"]);

    // 市经信委 in the Chongqing article = 重庆市经济和信息化委员会.
    let body = explain(dir.path(), "市经信委");
    assert_eq!(body.len(), 1, "{body:#?}");
    assert_eq!(
        body[0]["iri"],
        "https://tupu.dev/id/Organization/重庆市经济和信息化委员会"
    );
    let arts = body[0]["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 2, "{body:#?}");
    assert_eq!(
        names(&arts[0]),
        [("重庆市经济和信息化委员会".into(), "gov-abbreviation".into())]
    );
    assert_eq!(
        names(&arts[1]),
        [("市经信委".into(), "gov-abbreviation".into())]
    );
    // The full-name article's signing statement comes with its sentence.
    let st = arts[0]["statements"].as_array().unwrap();
    assert!(
        st.iter().any(|s| s["predicate"] == "signedWith"
            && s["sentence"]
                .as_str()
                .is_some_and(|t| t.contains("腾讯公司"))),
        "{st:#?}"
    );

    // The text output names both articles and the rule.
    let (code, out, err) = run(dir.path(), &["explain", "腾讯公司"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("https://tupu.dev/id/Organization/腾讯\n"),
        "{out}"
    );
    assert!(
        out.contains("- full.txt") && out.contains("- short.txt"),
        "{out}"
    );
    assert!(
        out.contains("name \"腾讯\" resolved by org-gazetteer"),
        "{out}"
    );

    // An unknown name: exit 1, as every command that takes a name.
    let (code, _, err) = run(dir.path(), &["explain", "不存在的公司"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no entity named"), "{err}");
}
