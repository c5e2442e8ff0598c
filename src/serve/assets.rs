//! The explorer's static files, embedded in the binary from `web/` (so
//! `tupu serve` works from any directory and without network), and the
//! example queries of its SPARQL editor.

use axum::extract::Path as UrlPath;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// `(URL path, media type, content)` of every embedded file. Vendored
/// from npm (with their licences): cytoscape.js 3.34.4, cytoscape-fcose
/// 2.2.0 with cose-base 2.2.0 and layout-base 2.0.1 (the graph layout),
/// CodeMirror 5.65.21 and its SPARQL mode (the query editor).
pub const FILES: &[(&str, &str, &[u8])] = &[
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../web/favicon.svg"),
    ),
    (
        "favicon.ico",
        "image/svg+xml",
        include_bytes!("../../web/favicon.svg"),
    ),
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../web/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/style.css"),
    ),
    (
        "vendor/cytoscape.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape.min.js"),
    ),
    (
        "vendor/cytoscape.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape.LICENSE"),
    ),
    (
        "vendor/layout-base.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/layout-base.js"),
    ),
    (
        "vendor/cose-base.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/cose-base.js"),
    ),
    (
        "vendor/cytoscape-fcose.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape-fcose.js"),
    ),
    (
        "vendor/codemirror.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror.js"),
    ),
    (
        "vendor/codemirror-sparql.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror-sparql.js"),
    ),
    (
        "vendor/codemirror.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror.css"),
    ),
    (
        "vendor/layout-base.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/layout-base.LICENSE"),
    ),
    (
        "vendor/cose-base.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/cose-base.LICENSE"),
    ),
    (
        "vendor/cytoscape-fcose.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/cytoscape-fcose.LICENSE"),
    ),
    (
        "vendor/codemirror.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../web/vendor/codemirror.LICENSE"),
    ),
];

/// The SPARQL editor's example queries, `(name, query)`: the README's
/// `examples/signed_at_2021_expo.rq` and the README's other two queries.
pub const EXAMPLES: [(&str, &str); 3] = [
    (
        "signed_at_2021_expo.rq — companies that signed at the 2021 expo, with evidence",
        include_str!("../../examples/signed_at_2021_expo.rq"),
    ),
    (
        "job titles (README, --format csv)",
        "PREFIX tupu: <https://tupu.dev/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?title WHERE { ?p tupu:jobTitle ?title ; rdfs:label ?person }
ORDER BY ?person ?title LIMIT 5
",
    ),
    (
        "is anything signed at an event? (ASK)",
        "ASK { ?s <https://tupu.dev/ontology#signedAt> ?o }\n",
    ),
];

/// The embedded file at `path` (relative, no leading `/`).
pub fn file(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, mime, body)| (*mime, *body))
}

fn respond(path: &str) -> Response {
    match file(path) {
        Some((mime, body)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// `GET /`: the explorer.
pub async fn index() -> Response {
    respond("index.html")
}

/// `GET /{file}` and `GET /vendor/{file}`: an embedded file, 404 otherwise.
pub async fn asset(UrlPath(path): UrlPath<String>) -> Response {
    respond(&path)
}
