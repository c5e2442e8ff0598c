//! `tupu push`, `tupu query --endpoint` and `tupu ask --endpoint` against
//! `tupu serve --allow-update --token T` run in-process on a free loopback
//! port (its SPARQL Update and Graph Store endpoints write the served
//! snapshot in memory), and against a small axum endpoint that fails on
//! purpose (retries). The Virtuoso round trip is `scripts/virtuoso_test.sh`.

use crate::util::{run, seed_store};
use axum::http::StatusCode;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tupu::serve::{spawn, Running, ServeConfig};

const TOKEN: &str = "t0ken-for-tests";
const README_QUERY: &str = "examples/signed_at_2021_expo.rq";
const COUNT_QUERY: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

/// A server over an empty store in `dir/remote`, accepting updates with
/// [`TOKEN`].
fn empty_server(dir: &Path) -> Running {
    let db = dir.join("remote");
    drop(tupu::store::FileStore::open(&db).expect("an empty store"));
    let mut config = ServeConfig::new(db);
    config.allow_update = true;
    config.token = Some(TOKEN.into());
    spawn(config, "127.0.0.1:0").expect("the server starts")
}

/// `tupu` in the seed store's directory (pushes read that store).
fn seeds(args: &[&str]) -> (i32, String, String) {
    run(seed_store(), args)
}

fn root_file(name: &str) -> String {
    crate::util::root().join(name).display().to_string()
}

/// The number of quads in named graphs, asked over `--endpoint`.
fn remote_count(endpoint: &str) -> String {
    let (code, out, err) = seeds(&[
        "query",
        "--endpoint",
        endpoint,
        "--format",
        "csv",
        COUNT_QUERY,
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn push_then_query_and_ask_the_endpoint_like_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = empty_server(dir.path());
    let endpoint = format!("{}/sparql", server.url());
    assert_eq!(remote_count(&endpoint), "n\r\n0\r\n");

    // SPARQL Update (DROP SILENT GRAPH + INSERT DATA), small requests so a
    // graph takes several.
    let (code, out, err) = seeds(&[
        "push",
        "--endpoint",
        &endpoint,
        "--token",
        TOKEN,
        "--max-update-bytes",
        "20000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("pushed 5 graphs, "), "{out}");
    let local_count = {
        let (code, out, err) = seeds(&["query", "--format", "csv", COUNT_QUERY]);
        assert_eq!(code, 0, "{err}");
        out
    };
    assert_ne!(local_count, "n\r\n0\r\n");
    assert_eq!(remote_count(&endpoint), local_count);

    // The README's signed-at query returns the same rows, in every format.
    for format in ["csv", "json", "table"] {
        let q = root_file(README_QUERY);
        let args = ["query", "--file", &q, "--format", format];
        let (code, local, err) = seeds(&args);
        assert_eq!(code, 0, "{err}");
        let mut remote_args = args.to_vec();
        remote_args.extend(["--endpoint", &endpoint]);
        let (code, remote, err) = seeds(&remote_args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(remote, local, "{format}");
        assert!(local.contains("敏华实业有限公司"), "{local}");
    }

    // A question: same answers, same evidence.
    let q = "哪些公司在2021智博会上签约？";
    let (code, local, err) = seeds(&["ask", "--format", "json", q]);
    assert_eq!(code, 0, "{err}");
    let (code, remote, err) = seeds(&["ask", "--format", "json", "--endpoint", &endpoint, q]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(remote, local);
    assert!(
        local.contains("腾讯公司") && local.contains("\"sentence\""),
        "{local}"
    );

    // Pushing again, now with Graph Store PUTs, replaces every graph:
    // the same quad count (idempotent).
    let (code, out, err) = seeds(&[
        "push",
        "--endpoint",
        &endpoint,
        "--graph-store",
        &format!("{}/rdf-graphs", server.url()),
        "--token",
        TOKEN,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("in 5 requests"), "one PUT per graph: {out}");
    assert_eq!(remote_count(&endpoint), local_count);

    // N-Quads files push the same way.
    let nq = dir.path().join("all.nq");
    let (code, text, _) = seeds(&["export", "--format", "nquads"]);
    assert_eq!(code, 0);
    std::fs::write(&nq, text).unwrap();
    let (code, out, err) = seeds(&[
        "push",
        "--endpoint",
        &endpoint,
        "--token",
        TOKEN,
        nq.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("pushed 5 graphs"), "{out}");
    assert_eq!(remote_count(&endpoint), local_count);
}

#[test]
fn build_into_the_endpoint_equals_the_local_build_and_skips_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let server = empty_server(dir.path());
    let endpoint = format!("{}/sparql", server.url());
    let args = [
        "build", "--store", &endpoint, "--token", TOKEN, "--batch", "2",
    ];
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 read, 5 added, 0 unchanged"), "{out}");
    let (code, local_count, err) = seeds(&["query", "--format", "csv", COUNT_QUERY]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(remote_count(&endpoint), local_count);
    assert!(
        out.contains(&format!(
            "store: {} quads in 5 articles",
            local_count.lines().nth(1).unwrap()
        )),
        "{out}"
    );
    // Every quad is the build's: the README query gives the same rows.
    let q = root_file(README_QUERY);
    let (_, local, _) = seeds(&["query", "--file", &q, "--format", "csv"]);
    let (code, remote, err) = seeds(&[
        "query",
        "--file",
        &q,
        "--format",
        "csv",
        "--endpoint",
        &endpoint,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(remote, local);
    // Again: the remote hashes say nothing changed.
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 read, 0 added, 5 unchanged"), "{out}");
    assert!(!dir.path().join("db").exists(), "no local store is written");
}

#[test]
fn a_wrong_token_is_an_auth_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let server = empty_server(dir.path());
    let endpoint = format!("{}/sparql", server.url());
    let (code, out, err) = seeds(&["push", "--endpoint", &endpoint, "--token", "wrong"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        err.contains(&format!(
            "POST {endpoint}: authentication refused (HTTP 403)"
        )),
        "{err}"
    );
    assert!(!err.contains("wrong"), "the token is never printed: {err}");
    assert_eq!(remote_count(&endpoint), "n\r\n0\r\n");
}

#[test]
fn an_unreachable_endpoint_is_a_network_error_naming_the_url() {
    // A port that was free a moment ago and has no listener now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/sparql");
    let (code, _, err) = seeds(&["push", "--endpoint", &endpoint, "--attempts", "2"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!(
            "POST {endpoint}: network error after 2 attempt(s)"
        )),
        "{err}"
    );
    let (code, _, err) = seeds(&["query", "--endpoint", &endpoint, COUNT_QUERY]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&endpoint), "{err}");
    // Invalid SPARQL is a usage error before any request; a bad URL too.
    let (code, _, err) = seeds(&["query", "--endpoint", &endpoint, "SELECT ?s WHERE {"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = seeds(&[
        "query",
        "--endpoint",
        "https://example.org/sparql",
        COUNT_QUERY,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("https is not supported"), "{err}");
}

/// A SPARQL endpoint at `http://ADDR/sparql` that answers the first
/// `fail_first` requests with 503 and every later one with 200, counting
/// them.
fn flaky_endpoint(fail_first: usize) -> (String, Arc<AtomicUsize>) {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let app = axum::Router::new().route(
        "/sparql",
        axum::routing::post(move |_body: String| {
            let counter = counter.clone();
            async move {
                if counter.fetch_add(1, Ordering::SeqCst) < fail_first {
                    (StatusCode::SERVICE_UNAVAILABLE, "busy, try again")
                } else {
                    (StatusCode::OK, "")
                }
            }
        }),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (url, seen)
}

#[test]
fn server_errors_are_retried_then_reported() {
    // Two 503s, then success: with 3 attempts the push goes through and
    // the server saw two requests more than the push counted.
    let (url, seen) = flaky_endpoint(2);
    let (code, out, err) = seeds(&["push", "--endpoint", &url, "--jobs", "1", "--attempts", "3"]);
    assert_eq!(code, 0, "{err}");
    let requests: usize = out
        .split(" in ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no request count in {out}"));
    assert!(requests >= 5, "{out}");
    assert_eq!(seen.load(Ordering::SeqCst), requests + 2);

    // Always failing within the attempts: the status and body are reported.
    let (url, seen) = flaky_endpoint(usize::MAX);
    let (code, _, err) = seeds(&["push", "--endpoint", &url, "--jobs", "1", "--attempts", "2"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("POST {url}: HTTP 503: busy, try again")),
        "{err}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}
