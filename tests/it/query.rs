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
