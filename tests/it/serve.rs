//! `tupu serve` over HTTP: the server runs in-process on an ephemeral port
//! of 127.0.0.1 ([`tupu::serve::spawn`]) over the shared seed store (or a
//! copy, for the reload test), and is driven with a blocking HTTP client.

use crate::util::{run, seed_store};
use oxigraph::io::{RdfFormat, RdfParser};
use std::path::Path;
use std::time::{Duration, Instant};
use tupu::serve::{spawn, Running, ServeConfig};

/// The companies `examples/signed_at_2021_expo.rq` returns on the seeds (the
/// README's table).
const TEN: [&str; 10] = [
    "中南高科",
    "中国兵器装备集团有限公司",
    "云南耀兴集团",
    "博世集团",
    "奥动新能源",
    "敏华实业有限公司",
    "深圳市物联投资发展有限公司",
    "科大讯飞",
    "腾讯公司",
    "阿尔特",
];

const README_QUERY: &str = include_str!("../../examples/signed_at_2021_expo.rq");

fn db(dir: &Path) -> std::path::PathBuf {
    dir.join("db")
}

fn server(config: ServeConfig) -> Running {
    spawn(config, "127.0.0.1:0").expect("the server starts")
}

fn seed_server() -> Running {
    server(ServeConfig::new(db(seed_store())))
}

/// A response: status, the named header's value, body.
struct Reply {
    status: u16,
    header: Option<String>,
    content_type: String,
    body: String,
}

fn send(req: ureq::Request, body: Option<&str>, header: &str) -> Reply {
    let result = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    Reply {
        status: resp.status(),
        header: resp.header(header).map(str::to_owned),
        content_type: resp.content_type().to_owned(),
        body: resp.into_string().expect("a UTF-8 body"),
    }
}

fn get(url: &str, accept: &str) -> Reply {
    send(
        ureq::get(url).set("Accept", accept),
        None,
        "x-tupu-truncated",
    )
}

fn sparql_get(s: &Running, query: &str, accept: &str) -> Reply {
    let url = format!(
        "{}/sparql?query={}",
        s.url(),
        form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
    );
    get(&url, accept)
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// The `company` column of a SPARQL JSON result.
fn companies_of_json(body: &str) -> Vec<String> {
    let v = json(body);
    let mut c: Vec<String> = v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b["company"]["value"].as_str().expect("company").to_owned())
        .collect();
    c.dedup();
    c
}

#[test]
fn readme_query_in_every_results_format() {
    let s = seed_server();
    // GET, JSON (the default).
    let r = sparql_get(&s, README_QUERY, "application/sparql-results+json");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.content_type, "application/sparql-results+json");
    assert_eq!(companies_of_json(&r.body), TEN);
    // XML: one <result> per row, each company in a literal.
    let r = sparql_get(&s, README_QUERY, "application/sparql-results+xml");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/sparql-results+xml");
    let mut reader = quick_xml::Reader::from_str(&r.body);
    let (mut results, mut literals) = (0, Vec::new());
    let mut in_literal = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"result" => results += 1,
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"literal" => {
                in_literal = true
            }
            quick_xml::events::Event::Text(t) if in_literal => {
                literals.push(t.unescape().expect("text").into_owned());
                in_literal = false;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(results, 10);
    for c in TEN {
        assert!(literals.iter().any(|l| l == c), "{c} missing from the XML");
    }
    // CSV and TSV: a header and ten rows.
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!((r.status, r.content_type.as_str()), (200, "text/csv"));
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], "company,article,sentence");
    assert_eq!(lines.len(), 11);
    assert!(lines[4].starts_with("博世集团,002_37cb68cf616920c1.txt,"));
    let r = sparql_get(&s, README_QUERY, "text/tab-separated-values");
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (200, "text/tab-separated-values")
    );
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], "?company\t?article\t?sentence");
    assert_eq!(lines.len(), 11);
    assert!(lines[4].starts_with("\"博世集团\"@zh\t"), "{}", lines[4]);
    // POST, body and form.
    let r = send(
        ureq::post(&format!("{}/sparql", s.url()))
            .set("Content-Type", "application/sparql-query")
            .set("Accept", "application/json"),
        Some(README_QUERY),
        "x",
    );
    assert_eq!(r.status, 200);
    assert_eq!(companies_of_json(&r.body), TEN);
    let r = send(
        ureq::post(&format!("{}/sparql", s.url()))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .set("Accept", "text/csv"),
        Some(&format!("query={}", enc(README_QUERY))),
        "x",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body.lines().count(), 11);
    // ASK in JSON.
    let r = sparql_get(
        &s,
        "ASK { ?s <https://tupu.dev/ontology#signedAt> ?o }",
        "*/*",
    );
    assert_eq!(json(&r.body)["boolean"], true);
}

#[test]
fn construct_as_turtle_and_ntriples() {
    let s = seed_server();
    let q = "PREFIX tupu: <https://tupu.dev/ontology#>
        CONSTRUCT { ?o tupu:signedAt ?e } WHERE {
          ?o tupu:signedAt ?e . ?e <http://www.w3.org/2004/02/skos/core#altLabel> \"2021智博会\"@zh }";
    let bosch = "https://tupu.dev/id/Organization/博世集团";
    let mut counts = Vec::new();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
    ] {
        let r = sparql_get(&s, q, accept);
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.content_type, format.media_type());
        let triples: Vec<_> = RdfParser::from_format(format)
            .for_slice(r.body.as_bytes())
            .collect::<Result<_, _>>()
            .expect("the answer parses");
        assert!(triples
            .iter()
            .any(|t| t.subject.to_string() == format!("<{bosch}>")));
        counts.push(triples.len());
    }
    assert_eq!(counts[0], counts[1]);
    assert!(counts[0] >= 10, "{counts:?}");
    // A results format is no graph format.
    let r = sparql_get(&s, q, "application/sparql-results+json");
    assert_eq!(r.status, 406, "{}", r.body);
}

#[test]
fn errors_have_status_and_message() {
    let s = seed_server();
    let r = sparql_get(&s, "SELECT * WHERE { ?s ?p }", "*/*");
    assert_eq!(r.status, 400);
    assert!(
        r.body
            .starts_with("invalid SPARQL: error at 1:25: expected one of"),
        "{}",
        r.body
    );
    let r = sparql_get(&s, README_QUERY, "image/png");
    assert_eq!(r.status, 406);
    assert!(r.body.contains("text/csv"), "{}", r.body);
    let r = send(
        ureq::post(&format!("{}/sparql", s.url())).set("Content-Type", "text/plain"),
        Some("ASK {}"),
        "x",
    );
    assert_eq!(r.status, 415);
    let r = get(&format!("{}/sparql?update=CLEAR%20ALL", s.url()), "*/*");
    assert_eq!(r.status, 400);
}

#[test]
fn updates_need_the_flag_and_the_token() {
    let update = "INSERT DATA { GRAPH <https://tupu.dev/article/test> { \
        <https://tupu.dev/id/Organization/测试公司> <https://tupu.dev/ontology#signedAt> \
        <https://tupu.dev/id/Event/2021中国国际智能产业博览会> } }";
    let ask = "ASK { <https://tupu.dev/id/Organization/测试公司> ?p ?o }";
    let post = |s: &Running, token: Option<&str>| {
        let mut req = ureq::post(&format!("{}/sparql", s.url()))
            .set("Content-Type", "application/sparql-update");
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        send(req, Some(update), "x")
    };
    // Read-only server: refused even with a token.
    let ro = seed_server();
    let r = post(&ro, Some("s3cret"));
    assert_eq!(r.status, 403);
    let form = send(
        ureq::post(&format!("{}/sparql", ro.url()))
            .set("Content-Type", "application/x-www-form-urlencoded"),
        Some(&format!("update={}", enc(update))),
        "x",
    );
    assert_eq!(form.status, 403);
    assert_eq!(json(&sparql_get(&ro, ask, "*/*").body)["boolean"], false);

    // Updates allowed: the token is required and checked.
    let mut config = ServeConfig::new(db(seed_store()));
    config.allow_update = true;
    config.token = Some("s3cret".into());
    let rw = server(config);
    assert_eq!(post(&rw, None).status, 403);
    assert_eq!(post(&rw, Some("wrong!")).status, 403);
    assert_eq!(json(&sparql_get(&rw, ask, "*/*").body)["boolean"], false);
    let r = post(&rw, Some("s3cret"));
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(json(&sparql_get(&rw, ask, "*/*").body)["boolean"], true);
    // A malformed update is 400 with the parser's message.
    let r = send(
        ureq::post(&format!("{}/sparql", rw.url()))
            .set("Content-Type", "application/sparql-update")
            .set("Authorization", "Bearer s3cret"),
        Some("INSERT DATA { <a> }"),
        "x",
    );
    assert_eq!(r.status, 400);
    assert!(r.body.starts_with("invalid SPARQL update: "), "{}", r.body);
    // The store on disk is untouched (updates live in memory).
    let (code, out, _) = run(
        seed_store(),
        &[
            "query",
            "ASK { <https://tupu.dev/id/Organization/测试公司> ?p ?o }",
        ],
    );
    assert_eq!((code, out.trim()), (0, "false"));
    // Allowing updates without a token is a configuration error.
    let mut config = ServeConfig::new(db(seed_store()));
    config.allow_update = true;
    assert!(spawn(config, "127.0.0.1:0").is_err());
}

#[test]
fn a_slow_query_times_out_and_others_are_still_served() {
    let mut config = ServeConfig::new(db(seed_store()));
    config.timeout_ms = 300;
    config.max_results = usize::MAX;
    let s = server(config);
    let url = s.url();
    // About 2.7e10 rows, streamed: cancelled between rows.
    let slow = std::thread::spawn(move || {
        let q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        let r = get(&format!("{url}/sparql?query={}", enc(q)), "text/csv");
        (r.status, r.body)
    });
    std::thread::sleep(Duration::from_millis(50));
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!(
        r.status, 200,
        "a cheap query is answered while a slow one runs"
    );
    let (status, body) = slow.join().expect("the slow request returns");
    assert_eq!(status, 503);
    assert!(
        body.contains("longer than the server's limit of 300 ms"),
        "{body}"
    );
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!(r.status, 200);
}

#[test]
fn answers_are_cut_at_the_row_limit_with_a_header() {
    let mut config = ServeConfig::new(db(seed_store()));
    config.max_results = 3;
    let s = server(config);
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!(r.status, 200);
    assert_eq!(r.header.as_deref(), Some("3"));
    assert_eq!(r.body.lines().count(), 4);
    let r = sparql_get(&s, "SELECT * WHERE { ?s a ?t } LIMIT 2", "text/csv");
    assert_eq!(r.header, None);
    assert_eq!(r.body.lines().count(), 3);
}

#[test]
fn ask_answers_as_json() {
    let s = seed_server();
    let q = enc("哪些公司在2021智博会上签约？");
    let r = get(&format!("{}/ask?q={q}", s.url()), "*/*");
    assert_eq!(r.status, 200, "{}", r.body);
    let v = json(&r.body);
    let names: Vec<&str> = v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    for c in ["博世集团", "科大讯飞", "敏华实业有限公司"] {
        assert!(names.contains(&c), "{c} not in {names:?}");
    }
    assert!(v["sparql"].as_str().expect("sparql").contains("signedAt"));
    let bosch = v["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["name"] == "博世集团")
        .expect("博世集团");
    assert_eq!(bosch["evidence"][0]["article"], "002_37cb68cf616920c1.txt");
    // Not understood: 422 with the part not understood and the graph's
    // closest entities.
    let r = get(
        &format!("{}/ask?q={}", s.url(), enc("哪些公司在火星博览会上签约？")),
        "*/*",
    );
    assert_eq!(r.status, 422);
    let body = json(&r.body);
    assert!(body["reason"]
        .as_str()
        .is_some_and(|r| r.contains("no entity")));
    assert!(body["closest"]
        .as_array()
        .expect("closest")
        .iter()
        .any(|c| c["entity"] == "智博会"));
}

#[test]
fn entity_page_json_and_html() {
    let s = seed_server();
    // By alias; the ten companies are among the incoming signedAt facts,
    // each with evidence whose text is part of its sentence.
    let r = get(
        &format!("{}/entity/{}", s.url(), enc("2021智博会")),
        "application/json",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = json(&r.body);
    assert_eq!(
        v["iri"],
        "https://tupu.dev/id/Event/2021中国国际智能产业博览会"
    );
    assert_eq!(v["id"], "Event/2021中国国际智能产业博览会");
    let group = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["predicate"] == "signedAt" && g["direction"] == "in")
        .expect("a signedAt group");
    assert_eq!(group["label_zh"], "签约于");
    for c in TEN {
        // The company's IRI, looked up by its name (cross-article entity
        // resolution may label it with another article's name: 腾讯).
        let iri = json(
            &get(
                &format!("{}/entity/{}", s.url(), enc(c)),
                "application/json",
            )
            .body,
        )["iri"]
            .clone();
        let fact = group["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .find(|f| f["entity"]["iri"] == iri)
            .unwrap_or_else(|| panic!("{c} is not listed"));
        let ev = &fact["evidence"][0];
        let sentence = ev["sentence"].as_str().expect("a sentence");
        let exact = ev["evidence"].as_str().expect("the evidence");
        assert!(sentence.contains(exact) && sentence.contains(c), "{ev}");
        assert!(ev["start"].as_u64() < ev["end"].as_u64());
    }
    // By IRI path, as HTML: the evidence is marked.
    let path = format!("Organization/{}", enc("博世集团"));
    let r = get(&format!("{}/entity/{path}", s.url()), "text/html");
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("<h1>博世集团</h1>"));
    assert!(
        r.body.contains("<mark>九龙坡区与博世集团签署合作协议"),
        "{}",
        r.body
    );
    // Unknown: 404 with close matches.
    let r = get(
        &format!("{}/entity/{}", s.url(), enc("博世集团公司")),
        "application/json",
    );
    assert_eq!(r.status, 404);
    assert!(json(&r.body)["error"]
        .as_str()
        .expect("error")
        .contains("博世集团"));
}

#[test]
fn search_and_article_text() {
    let s = seed_server();
    let r = get(
        &format!("{}/api/search?q={}", s.url(), enc("智博会")),
        "*/*",
    );
    let v = json(&r.body);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(
        hits[0]["label"], "2021中国国际智能产业博览会",
        "exact alias first: {hits:?}"
    );
    assert!(hits.iter().all(|h| h["types"].as_array().is_some()));
    // The article text, and the evidence at its CHARACTER offsets.
    let page = json(
        &get(
            &format!("{}/entity/{}", s.url(), enc("敏华实业有限公司")),
            "application/json",
        )
        .body,
    );
    let ev = page["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["facts"].as_array().expect("facts").iter())
        .flat_map(|f| f["evidence"].as_array().expect("evidence").iter())
        .next()
        .expect("some evidence")
        .clone();
    let article = ev["article"].as_str().expect("article");
    let r = get(&format!("{}/api/article/{}", s.url(), enc(article)), "*/*");
    let a = json(&r.body);
    let text: Vec<char> = a["text"]
        .as_str()
        .expect("the text is readable")
        .chars()
        .collect();
    let (start, end) = (
        ev["start"].as_u64().expect("start") as usize,
        ev["end"].as_u64().expect("end") as usize,
    );
    // The original keeps the page layout's line breaks; the evidence is
    // the normalised text (lines joined).
    let span: String = text[start..end]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    let evidence: String = ev["evidence"]
        .as_str()
        .expect("evidence")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(span, evidence);
    let r = get(&format!("{}/api/article/nope.txt", s.url()), "*/*");
    assert_eq!(r.status, 404);
}

#[test]
fn explorer_assets_are_served() {
    let s = seed_server();
    let r = get(&format!("{}/", s.url()), "text/html");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<script src=\"/app.js\">"));
    let r = get(&format!("{}/vendor/cytoscape.min.js", s.url()), "*/*");
    assert_eq!(r.status, 200);
    assert!(r.content_type.contains("javascript"));
    let r = get(&format!("{}/api/examples", s.url()), "*/*");
    assert_eq!(json(&r.body)[0]["query"], README_QUERY);
    assert_eq!(get(&format!("{}/nope.js", s.url()), "*/*").status, 404);
}

#[test]
fn a_write_to_the_store_is_picked_up_without_a_restart() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let copy = dir.path().join("db");
    std::fs::create_dir_all(copy.join("graphs")).expect("mkdir");
    for entry in ["manifest.json"]
        .iter()
        .map(|f| seed_store().join("db").join(f))
        .chain(
            std::fs::read_dir(seed_store().join("db/graphs"))
                .expect("graphs")
                .map(|e| e.expect("entry").path()),
        )
    {
        let rel = entry.strip_prefix(seed_store().join("db")).expect("inside");
        std::fs::copy(&entry, copy.join(rel)).expect("copy");
    }
    let mut config = ServeConfig::new(&copy);
    config.reload_ms = 100;
    let s = server(config);
    let stats = |s: &Running| json(&get(&format!("{}/api/stats", s.url()), "*/*").body);
    assert_eq!(stats(&s)["articles"], 5);
    assert_eq!(stats(&s)["generation"], 0);
    // A writer (holding the store's lock) removes an article.
    let (code, _, err) = run(dir.path(), &["remove", "002_37cb68cf616920c1.txt"]);
    assert_eq!(code, 0, "{err}");
    let started = Instant::now();
    while stats(&s)["articles"] != 4 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no reload: {}",
            stats(&s)
        );
        // Readers are served meanwhile.
        assert_eq!(sparql_get(&s, "ASK { ?s ?p ?o }", "*/*").status, 200);
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(stats(&s)["generation"].as_u64() >= Some(1));
    // The expo's signings came from the removed article.
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!(r.body.lines().count(), 1, "{}", r.body);
}

#[test]
fn stats_agree_with_tupu_stats() {
    let s = seed_server();
    let served = json(&get(&format!("{}/api/stats", s.url()), "*/*").body);
    let (code, out, err) = run(seed_store(), &["stats", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let cli = json(&out);
    assert_eq!(served["articles"], cli["articles"]);
    assert_eq!(served["quads"], cli["quads"]);
    let entities: u64 = cli["entities"]
        .as_object()
        .expect("entities per type")
        .values()
        .map(|n| n.as_u64().expect("a count"))
        .sum();
    assert_eq!(served["entities"].as_u64(), Some(entities));
}

#[test]
fn other_origins_may_query() {
    let s = seed_server();
    let r = send(
        ureq::request("OPTIONS", &format!("{}/sparql", s.url()))
            .set("Origin", "https://yasgui.example")
            .set("Access-Control-Request-Method", "POST")
            .set("Access-Control-Request-Headers", "content-type"),
        None,
        "access-control-allow-origin",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header.as_deref(), Some("*"));
    let r = send(
        ureq::get(&format!(
            "{}/sparql?query={}",
            s.url(),
            enc("ASK { ?s ?p ?o }")
        ))
        .set("Origin", "https://yasgui.example"),
        None,
        "access-control-allow-origin",
    );
    assert_eq!((r.status, r.header.as_deref()), (200, Some("*")));
}

/// The Graph Store HTTP Protocol at /rdf-graphs: GET an article's graph as
/// Turtle (it parses back to the store's triples of that graph); writes are
/// 403 on a read-only server and without the token; with it PUT creates
/// (201) and replaces (204), POST adds, DELETE drops (then GET is 404).
#[test]
fn graph_store_protocol_reads_and_guarded_writes() {
    let ro = seed_server();
    let article = "https://tupu.dev/article/002_37cb68cf616920c1.txt";
    let r = get(
        &format!("{}/rdf-graphs?graph={}", ro.url(), enc(article)),
        "text/turtle",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/turtle"),
        "{}",
        r.content_type
    );
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(r.body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("valid Turtle");
    let count = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}");
    let n = json(&sparql_get(&ro, &count, "application/sparql-results+json").body)["results"]
        ["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse::<usize>()
        .unwrap();
    assert_eq!(triples.len(), n);
    let missing = get(
        &format!(
            "{}/rdf-graphs?graph={}",
            ro.url(),
            enc("https://example.org/none")
        ),
        "text/turtle",
    );
    assert_eq!(missing.status, 404);

    let g = "https://example.org/graphs/extra";
    let url = |s: &Running| format!("{}/rdf-graphs?graph={}", s.url(), enc(g));
    let body = "<https://example.org/a> <https://example.org/p> \"一\" .\n";
    let write = |s: &Running, method: &str, token: Option<&str>, body: &str| {
        let mut req = ureq::request(method, &url(s)).set("Content-Type", "application/n-triples");
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        send(req, Some(body), "x").status
    };
    assert_eq!(write(&ro, "PUT", Some("s3cret"), body), 403);

    let mut config = ServeConfig::new(db(seed_store()));
    config.allow_update = true;
    config.token = Some("s3cret".into());
    let rw = server(config);
    let size = |s: &Running| {
        json(
            &sparql_get(
                s,
                &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"),
                "application/sparql-results+json",
            )
            .body,
        )["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(write(&rw, "PUT", None, body), 403);
    assert_eq!(write(&rw, "PUT", Some("s3cret"), body), 201);
    assert_eq!(size(&rw), "1");
    assert_eq!(write(&rw, "PUT", Some("s3cret"), body), 204);
    assert_eq!(size(&rw), "1");
    let more = "<https://example.org/b> <https://example.org/p> \"二\" .\n";
    assert_eq!(write(&rw, "POST", Some("s3cret"), more), 204);
    assert_eq!(size(&rw), "2");
    assert_eq!(write(&rw, "PUT", Some("s3cret"), "not RDF"), 400);
    assert_eq!(size(&rw), "2");
    let del = send(
        ureq::delete(&url(&rw)).set("Authorization", "Bearer s3cret"),
        None,
        "x",
    );
    assert_eq!(del.status, 204);
    assert_eq!(get(&url(&rw), "text/turtle").status, 404);
    // The default graph cannot be written.
    let r = send(
        ureq::put(&format!("{}/rdf-graphs?default", rw.url()))
            .set("Content-Type", "application/n-triples")
            .set("Authorization", "Bearer s3cret"),
        Some(body),
        "x",
    );
    assert_eq!(r.status, 400);
}

/// A cross join under COUNT (an aggregate over a huge in-memory join that
/// reads no store for long stretches) is cancelled at its deadline and
/// frees its slot: with one slot, a cheap query right after is answered
/// (before: the slot stayed taken, every later query was "server busy").
#[test]
fn a_cancelled_aggregate_frees_its_slot() {
    let mut config = ServeConfig::new(db(seed_store()));
    config.timeout_ms = 500;
    config.max_concurrent = 1;
    let s = server(config);
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let start = Instant::now();
    let r = sparql_get(&s, q, "text/csv");
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(
        start.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        start.elapsed()
    );
    let start = Instant::now();
    let r = sparql_get(&s, README_QUERY, "text/csv");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

/// A client that sends its headers too slowly is disconnected (before:
/// slow clients were never dropped and filled the file descriptors).
#[test]
fn a_slow_client_is_disconnected() {
    use std::io::{Read, Write};
    let mut config = ServeConfig::new(db(seed_store()));
    config.header_timeout_ms = 300;
    let s = server(config);
    let mut c = std::net::TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    c.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let start = Instant::now();
    let mut buf = Vec::new();
    // The server closes the connection (possibly after a 408).
    let _ = c.read_to_end(&mut buf);
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    let r = get(&format!("{}/api/stats", s.url()), "application/json");
    assert_eq!(r.status, 200);
}

/// `Authorization: bearer` (any case, RFC 9110) is accepted; a blank
/// token is refused at start (before: lowercase refused, "  " accepted).
#[test]
fn bearer_scheme_is_case_insensitive_and_blank_tokens_are_refused() {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("authorization", "bearer s3cret".parse().unwrap());
    assert!(tupu::serve::sparql::authorized(&headers, Some("s3cret")));
    headers.insert("authorization", "BEARER s3cret".parse().unwrap());
    assert!(tupu::serve::sparql::authorized(&headers, Some("s3cret")));
    headers.insert("authorization", "Basic s3cret".parse().unwrap());
    assert!(!tupu::serve::sparql::authorized(&headers, Some("s3cret")));
    let mut config = ServeConfig::new(db(seed_store()));
    config.allow_update = true;
    config.token = Some("  ".into());
    assert!(matches!(
        tupu::serve::state(config),
        Err(tupu::serve::ServeError::NoToken)
    ));
}

#[test]
fn search_is_ranked_and_paged_and_the_home_page_has_an_overview() {
    let s = seed_server();
    let search = |q: &str, offset: usize, limit: usize| {
        json(
            &get(
                &format!(
                    "{}/api/search?q={}&offset={offset}&limit={limit}",
                    s.url(),
                    enc(q)
                ),
                "*/*",
            )
            .body,
        )
    };
    // 重庆 is the alias of the place 重庆市 and the start of many names: the
    // exact match comes before every prefix match.
    let all = search("重庆", 0, 200);
    let total = all["total"].as_u64().unwrap() as usize;
    let hits = all["hits"].as_array().unwrap();
    assert!(total > 5 && hits.len() == total, "{all}");
    assert_eq!(hits[0]["label"], "重庆市", "{all}");
    // Pages are slices of the same ranking.
    let page = search("重庆", 2, 3);
    assert_eq!(page["total"], total);
    assert_eq!(page["hits"].as_array().unwrap()[..], hits[2..5]);
    let o = json(&get(&format!("{}/api/overview", s.url()), "*/*").body);
    assert_eq!(o["articles"], 5);
    let types = o["types"].as_array().unwrap();
    assert_eq!(types.len(), 6, "{o}");
    assert!(types
        .iter()
        .all(|t| t["top"].as_array().unwrap().len() <= 8));
    assert_eq!(o["recent"].as_array().unwrap().len(), 5);
    // Naming provenance is listed apart from the facts.
    let page = json(
        &get(
            &format!("{}/entity/{}", s.url(), enc("市经信委")),
            "application/json",
        )
        .body,
    );
    let groups = page["groups"].as_array().unwrap();
    assert!(groups
        .iter()
        .all(|g| g["predicate"] != "nameInArticle" && g["predicate"] != "resolvedBy"));
    let prov = page["provenance"].as_array().unwrap();
    assert!(
        prov.iter()
            .any(|p| p["name"] == "市经信委" && p["resolved_by"] == "gov-abbreviation"),
        "{page}"
    );
    let favicon = get(&format!("{}/favicon.ico", s.url()), "*/*");
    assert_eq!(favicon.status, 200);
    assert!(favicon.body.contains("<svg"));
}
