//! `tupu query`: an invalid query is a one-line usage error (exit 2).

use crate::util::run;

#[test]
fn invalid_sparql_is_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["query", "SELECT ?s WHERE { ?s ?p }"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tupu: invalid SPARQL: "), "{err}");
}

#[test]
fn query_file_missing_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["query", "--file", "nope.rq"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nope.rq"), "{err}");
}

/// `tupu query --timeout` stops a cross join under COUNT at its deadline
/// with a clear message and exit 2 (before: no limit; 4 GB after 21 s).
#[test]
fn a_cross_join_stops_at_the_timeout() {
    let store = crate::util::seed_store();
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let start = std::time::Instant::now();
    let (code, out, err) = run(store, &["query", "--timeout", "1", q]);
    let took = start.elapsed();
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.trim_end().ends_with(
            "query stopped: it ran longer than --timeout 1 s (raise it, or 0 for no limit)"
        ),
        "{err}"
    );
    // Loading the seed store, one second of evaluation, at most the grace.
    assert!(took < std::time::Duration::from_secs(6), "{took:?}");
}

/// A SERVICE call that fails is a query error, exit 2 as the README says
/// (before: exit 1).
#[test]
fn a_failing_service_is_exit_2() {
    let store = crate::util::seed_store();
    let q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
    let (code, _, err) = run(store, &["query", q]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
