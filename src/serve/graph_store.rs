//! The SPARQL 1.1 Graph Store HTTP Protocol at `/rdf-graphs`, with indirect
//! graph identification (<https://www.w3.org/TR/sparql11-http-rdf-update/>):
//! `?graph=IRI` names a graph, `?default` the default graph.
//!
//! | method | what | status |
//! |---|---|---|
//! | GET | the graph in the negotiated format (Turtle by default; N-Triples, RDF/XML, …); `?default` gives the union of all article graphs, as SPARQL queries see it | 200, 404 if the graph has no triple, 406 |
//! | PUT | replace the graph with the body | 201 (new) or 204, 400, 415 |
//! | POST | add the body's triples to the graph | 204, 400, 415 |
//! | DELETE | drop the graph | 204, 404 |
//!
//! The write methods need the same permission as SPARQL Update
//! ([`super::sparql::update_refusal`]: `--allow-update` and the bearer token,
//! 403 otherwise) and, like updates, change the served snapshot in memory
//! only — never the store directory, which `tupu build` alone writes. Writing
//! the default graph is refused (400): tupu keeps every triple in an
//! article's named graph.

use super::sparql::{negotiate_graph, update_refusal, Refusal};
use super::AppState;
use crate::store::GraphStore;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode};

/// The graph a request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// `?default`.
    Default,
    /// `?graph=IRI`.
    Named(NamedNode),
}

/// Reads `?graph=IRI` or `?default` from the raw query string.
fn target(raw_query: Option<&str>) -> Result<Target, Refusal> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw_query.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let graphs: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "graph")
        .map(|(_, v)| v)
        .collect();
    let default = pairs.iter().any(|(k, _)| k == "default");
    match (graphs.as_slice(), default) {
        ([iri], false) => NamedNode::new(iri.as_str())
            .map(Target::Named)
            .map_err(|e| {
                Refusal::new(
                    StatusCode::BAD_REQUEST,
                    format!("bad graph IRI {iri:?}: {e}"),
                )
            }),
        ([], true) => Ok(Target::Default),
        _ => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "give exactly one of ?graph=IRI or ?default",
        )),
    }
}

/// The named graph of a write, refusing the default graph.
fn writable(t: Target) -> Result<NamedNode, Refusal> {
    match t {
        Target::Named(g) => Ok(g),
        Target::Default => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "the default graph is the union of the article graphs and cannot be written; name a graph with ?graph=IRI",
        )),
    }
}

/// Parses `body` as RDF of the request's Content-Type into graph `g`.
fn parse_body(
    headers: &HeaderMap,
    body: &[u8],
    g: &NamedNode,
) -> Result<Vec<oxigraph::model::Quad>, Refusal> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let Some(format) = RdfFormat::from_media_type(&media) else {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported Content-Type {media:?} (text/turtle, application/n-triples, application/rdf+xml, …)"),
        ));
    };
    RdfParser::from_format(format)
        .with_default_graph(GraphName::NamedNode(g.clone()))
        .without_named_graphs()
        .for_slice(body)
        .map(|q| {
            q.map_err(|e| {
                Refusal::new(
                    StatusCode::BAD_REQUEST,
                    format!("invalid {media} body: {e}"),
                )
            })
        })
        .collect()
}

/// `GET /rdf-graphs?graph=IRI|default`.
pub async fn get(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let t = match target(uri.query()) {
        Ok(t) => t,
        Err(r) => return r.into_response(),
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let Some(format) = negotiate_graph(accept) else {
        return Refusal::new(
            StatusCode::NOT_ACCEPTABLE,
            "no RDF format acceptable to the Accept header",
        )
        .into_response();
    };
    let snapshot = state.shared.get();
    let task = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, Refusal> {
        let store = snapshot.store.oxigraph();
        let graph: Option<GraphNameRef<'_>> = match &t {
            Target::Named(g) => Some(g.as_ref().into()),
            Target::Default => None,
        };
        let fail = |e: &dyn std::fmt::Display| {
            Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        };
        let mut out = RdfSerializer::from_format(format).for_writer(Vec::new());
        let mut any = false;
        for q in store.quads_for_pattern(None, None, None, graph) {
            let q = q.map_err(|e| fail(&e))?;
            any = true;
            if format.supports_datasets() {
                out.serialize_quad(&q).map_err(|e| fail(&e))?;
            } else {
                out.serialize_triple(q.as_ref()).map_err(|e| fail(&e))?;
            }
        }
        if !any {
            return Err(Refusal::new(
                StatusCode::NOT_FOUND,
                "no such graph (or it is empty)",
            ));
        }
        out.finish().map_err(|e| fail(&e))
    });
    match task.await {
        Ok(Ok(bytes)) => ([(header::CONTENT_TYPE, format.media_type())], bytes).into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(e) => Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// What a write does to the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    Replace,
    Add,
    Drop,
}

async fn write(
    state: AppState,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
    how: Write,
) -> Response {
    if let Some(r) = update_refusal(&state, &headers) {
        return r.into_response();
    }
    let g = match target(uri.query()).and_then(writable) {
        Ok(g) => g,
        Err(r) => return r.into_response(),
    };
    let quads = match how {
        Write::Drop => Vec::new(),
        _ => match parse_body(&headers, &body, &g) {
            Ok(q) => q,
            Err(r) => return r.into_response(),
        },
    };
    let snapshot = state.shared.get();
    let task = tokio::task::spawn_blocking(move || -> Result<StatusCode, Refusal> {
        let store = snapshot.store.oxigraph();
        let fail = |e: oxigraph::store::StorageError| {
            Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        };
        let existed = store.contains_named_graph(&g).map_err(fail)?
            || store
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                .next()
                .is_some();
        match how {
            Write::Drop if !existed => {
                return Err(Refusal::new(StatusCode::NOT_FOUND, "no such graph"))
            }
            Write::Drop | Write::Replace => {
                store.remove_named_graph(&g).map_err(fail)?;
            }
            Write::Add => {}
        }
        if how != Write::Drop {
            store.insert_named_graph(&g).map_err(fail)?;
            store.extend(quads).map_err(fail)?;
        }
        Ok(if how == Write::Replace && !existed {
            StatusCode::CREATED
        } else {
            StatusCode::NO_CONTENT
        })
    });
    match task.await {
        Ok(Ok(status)) => status.into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(e) => Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `PUT /rdf-graphs?graph=IRI`: replace the graph with the body.
pub async fn put(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write(state, uri, headers, body, Write::Replace).await
}

/// `POST /rdf-graphs?graph=IRI`: add the body's triples to the graph.
pub async fn post(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    write(state, uri, headers, body, Write::Add).await
}

/// `DELETE /rdf-graphs?graph=IRI`: drop the graph.
pub async fn delete(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    write(state, uri, headers, Bytes::new(), Write::Drop).await
}
