//! The SPARQL 1.1 Protocol endpoint (`/sparql`): request forms, content
//! negotiation, evaluation with a deadline and a row limit, updates behind a
//! bearer token.
//!
//! Source of the rules: SPARQL 1.1 Protocol (W3C Recommendation, 2013),
//! §2.1 (query via GET, via URL-encoded POST, via POST directly) and §2.2
//! (update via URL-encoded POST, via POST directly); media types from the
//! SPARQL 1.1 Query Results JSON/XML/CSV-TSV recommendations and RDF 1.1
//! Turtle / N-Triples.

use super::snapshot::Snapshot;
use super::{AppState, ServeConfig};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use std::sync::Arc;
use std::time::Duration;

/// The response header set when a result was cut at the row limit; its
/// value is the limit.
pub const TRUNCATED_HEADER: &str = "x-tupu-truncated";

/// What a request asks for: a query or an update, with its dataset
/// parameters (`default-graph-uri`, `named-graph-uri`, or `using-…` for
/// updates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// A query (SELECT, ASK, CONSTRUCT, DESCRIBE).
    Query {
        /// The query text.
        query: String,
        /// `default-graph-uri` values.
        default_graphs: Vec<String>,
        /// `named-graph-uri` values.
        named_graphs: Vec<String>,
    },
    /// An update.
    Update {
        /// The update text.
        update: String,
    },
}

/// An error response: the status and a plain-text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// The message (the parser's message for a syntax error).
    pub message: String,
}

impl Refusal {
    /// A refusal with HTTP `status` and a plain-text `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = self.message;
        body.push('\n');
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

/// Parses `application/x-www-form-urlencoded` text into its fields, in
/// order (a field may repeat).
fn form_fields(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}

fn operation_from_fields(
    fields: &[(String, String)],
    allow_update: bool,
) -> Result<Operation, Refusal> {
    let all = |name: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let queries = all("query");
    let updates = all("update");
    match (queries.as_slice(), updates.as_slice()) {
        ([q], []) => Ok(Operation::Query {
            query: q.clone(),
            default_graphs: all("default-graph-uri"),
            named_graphs: all("named-graph-uri"),
        }),
        ([], [u]) if allow_update => Ok(Operation::Update { update: u.clone() }),
        ([], [_]) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "an update must be sent by POST",
        )),
        ([], []) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "missing `query` (or `update`) parameter",
        )),
        _ => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "exactly one `query` or one `update` parameter is allowed",
        )),
    }
}

/// The operation of a GET request from its raw query string (`query=…`;
/// an `update=` over GET is refused with 400, as the protocol allows
/// updates only by POST).
pub fn operation_from_get(raw_query: &str) -> Result<Operation, Refusal> {
    operation_from_fields(&form_fields(raw_query.as_bytes()), false)
}

/// The operation of a POST request: `application/sparql-query` or
/// `application/sparql-update` bodies (dataset parameters from the URL's
/// query string), or an `application/x-www-form-urlencoded` body with
/// `query=` or `update=`.
///
/// Errors: 415 for another content type, 400 for a body that is not UTF-8
/// or has no (or several) operations.
pub fn operation_from_post(
    content_type: Option<&str>,
    raw_query: &str,
    body: &[u8],
) -> Result<Operation, Refusal> {
    let essence = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = || {
        String::from_utf8(body.to_vec())
            .map_err(|_| Refusal::new(StatusCode::BAD_REQUEST, "the body is not UTF-8"))
    };
    let url_fields = form_fields(raw_query.as_bytes());
    let url_all = |name: &str| -> Vec<String> {
        url_fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    match essence.as_str() {
        "application/sparql-query" => Ok(Operation::Query {
            query: text()?,
            default_graphs: url_all("default-graph-uri"),
            named_graphs: url_all("named-graph-uri"),
        }),
        "application/sparql-update" => Ok(Operation::Update { update: text()? }),
        "application/x-www-form-urlencoded" => operation_from_fields(&form_fields(body), true),
        "" => Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "missing Content-Type (application/sparql-query, application/sparql-update or application/x-www-form-urlencoded)",
        )),
        other => Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported Content-Type {other:?} (application/sparql-query, application/sparql-update or application/x-www-form-urlencoded)"),
        )),
    }
}

/// The media ranges of an `Accept` header, best first: `(range, q)` with
/// q > 0, sorted by q descending, ties in header order (RFC 9110 §12.5.1;
/// specificity ties are not ranked).
pub fn accept_ranges(accept: &str) -> Vec<(String, f32)> {
    let mut ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim().to_ascii_lowercase();
            if range.is_empty() {
                return None;
            }
            let mut q = 1.0f32;
            for p in pieces {
                if let Some((k, v)) = p.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        q = v.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            (q > 0.0).then_some((range, q))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranges
}

/// The results format for SELECT/ASK answers negotiated from `accept`:
/// JSON, XML, CSV or TSV (`*/*`, `application/*`, `text/*` and no header at
/// all give JSON). `None`: nothing acceptable (→ 406).
pub fn negotiate_results(accept: Option<&str>) -> Option<QueryResultsFormat> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(QueryResultsFormat::Json);
    };
    accept_ranges(accept)
        .iter()
        .find_map(|(range, _)| match range.as_str() {
            "*/*" | "application/*" => Some(QueryResultsFormat::Json),
            "text/*" => Some(QueryResultsFormat::Csv),
            r => QueryResultsFormat::from_media_type(r),
        })
}

/// The RDF format for CONSTRUCT/DESCRIBE answers negotiated from `accept`:
/// Turtle, N-Triples, or another RDF syntax Oxigraph writes (RDF/XML,
/// N-Quads, TriG, N3, JSON-LD as `application/ld+json`); `*/*`, `text/*`
/// and no header give Turtle. `None`:
/// nothing acceptable (→ 406).
pub fn negotiate_graph(accept: Option<&str>) -> Option<RdfFormat> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(RdfFormat::Turtle);
    };
    accept_ranges(accept)
        .iter()
        .find_map(|(range, _)| match range.as_str() {
            "*/*" | "text/*" | "application/*" => Some(RdfFormat::Turtle),
            "text/plain" => Some(RdfFormat::NTriples),
            r => RdfFormat::from_media_type(r),
        })
}

/// A serialised answer.
#[derive(Debug)]
pub struct Answer {
    /// The media type of `body`.
    pub content_type: &'static str,
    /// The serialised results.
    pub body: Vec<u8>,
    /// Rows (or triples) were cut at this limit.
    pub truncated_at: Option<usize>,
}

/// Why [`evaluate`] failed.
#[derive(Debug)]
pub enum EvalFailure {
    /// A refusal to send as is (syntax error 400, 406, …).
    Refused(Refusal),
    /// The deadline passed (the evaluation was cancelled).
    Cancelled,
}

impl From<Refusal> for EvalFailure {
    fn from(r: Refusal) -> Self {
        EvalFailure::Refused(r)
    }
}

fn named_node(iri: &str) -> Result<NamedNode, Refusal> {
    NamedNode::new(iri).map_err(|e| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            format!("invalid graph IRI <{iri}>: {e}"),
        )
    })
}

fn eval_error(e: QueryEvaluationError) -> EvalFailure {
    match e {
        QueryEvaluationError::Cancelled => EvalFailure::Cancelled,
        other => EvalFailure::Refused(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query evaluation failed: {other}"),
        )),
    }
}

fn write_error(e: impl std::fmt::Display) -> EvalFailure {
    EvalFailure::Refused(Refusal::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("writing results: {e}"),
    ))
}

/// Parses and evaluates `query` on the snapshot and serialises the answer
/// negotiated from `accept`, keeping at most `max_results` rows (SELECT) or
/// triples (CONSTRUCT/DESCRIBE). Blocking: run it on a blocking thread.
///
/// The default graph is the union of the article graphs (as `tupu query`),
/// unless `default_graphs` / `named_graphs` or the query's `FROM` name a
/// dataset. `cancel` stops the evaluation between solutions.
///
/// Errors: 400 with the parser's message for a syntax error, 400 for a bad
/// graph IRI, 406 when `accept` has no format for the query's form, 500 for
/// an evaluation error; [`EvalFailure::Cancelled`] when `cancel` fired.
pub fn evaluate(
    snapshot: &Snapshot,
    query: &str,
    default_graphs: &[String],
    named_graphs: &[String],
    accept: Option<&str>,
    max_results: usize,
    cancel: CancellationToken,
) -> Result<Answer, EvalFailure> {
    let cancelled = cancel.clone();
    let mut prepared = SparqlEvaluator::new()
        .with_cancellation_token(cancel)
        .parse_query(query)
        .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, format!("invalid SPARQL: {e}")))?;
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        let defaults = default_graphs
            .iter()
            .map(|g| named_node(g).map(GraphName::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        let named = named_graphs
            .iter()
            .map(|g| named_node(g).map(NamedOrBlankNode::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        prepared.dataset_mut().set_default_graph(defaults);
        if !named.is_empty() {
            prepared.dataset_mut().set_available_named_graphs(named);
        }
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared
        .on_store(crate::store::GraphStore::oxigraph(&snapshot.store))
        .execute()
        .map_err(eval_error)?;
    let offered = match results_kind(&results) {
        Kind::Solutions => "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values",
        Kind::Graph => "text/turtle, application/n-triples, application/rdf+xml, application/n-quads, application/trig, text/n3",
    };
    let not_acceptable = || {
        Refusal::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "no acceptable format in Accept: {:?}; offered: {}",
                accept.unwrap_or(""),
                offered
            ),
        )
    };
    let mut body = Vec::new();
    let mut truncated_at = None;
    match results {
        QueryResults::Boolean(b) => {
            let format = negotiate_results(accept).ok_or_else(not_acceptable)?;
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, b)
                .map_err(write_error)?;
            Ok(Answer {
                content_type: format.media_type(),
                body,
                truncated_at,
            })
        }
        QueryResults::Solutions(solutions) => {
            let format = negotiate_results(accept).ok_or_else(not_acceptable)?;
            let mut out = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut body, solutions.variables().to_vec())
                .map_err(write_error)?;
            for (n, solution) in solutions.enumerate() {
                if cancelled.is_cancelled() {
                    return Err(EvalFailure::Cancelled);
                }
                if n == max_results {
                    truncated_at = Some(max_results);
                    break;
                }
                out.serialize(&solution.map_err(eval_error)?)
                    .map_err(write_error)?;
            }
            out.finish().map_err(write_error)?;
            Ok(Answer {
                content_type: format.media_type(),
                body,
                truncated_at,
            })
        }
        QueryResults::Graph(triples) => {
            let format = negotiate_graph(accept).ok_or_else(not_acceptable)?;
            let mut ser = RdfSerializer::from_format(format);
            if matches!(format, RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::N3) {
                for (name, iri) in crate::export::PREFIXES
                    .iter()
                    .copied()
                    .chain([("statement", crate::rdf::STATEMENT_BASE)])
                {
                    ser = ser.with_prefix(name, iri).map_err(write_error)?;
                }
            }
            let mut out = ser.for_writer(&mut body);
            for (n, t) in triples.enumerate() {
                if cancelled.is_cancelled() {
                    return Err(EvalFailure::Cancelled);
                }
                if n == max_results {
                    truncated_at = Some(max_results);
                    break;
                }
                out.serialize_triple(&t.map_err(eval_error)?)
                    .map_err(write_error)?;
            }
            out.finish().map_err(write_error)?;
            Ok(Answer {
                content_type: format.media_type(),
                body,
                truncated_at,
            })
        }
    }
}

enum Kind {
    Solutions,
    Graph,
}

fn results_kind(r: &QueryResults<'_>) -> Kind {
    match r {
        QueryResults::Graph(_) => Kind::Graph,
        _ => Kind::Solutions,
    }
}

/// The cancellation tokens of the queries being evaluated (see
/// [`run_query`]), so that a shutdown cancels them all at once.
#[derive(Default)]
pub struct Running {
    tokens: std::sync::Mutex<std::collections::HashMap<u64, CancellationToken>>,
    next: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("queries", &self.len())
            .finish()
    }
}

impl Running {
    /// Records `token` until the returned guard is dropped.
    pub fn register(self: &Arc<Self>, token: CancellationToken) -> RunningGuard {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.lock().insert(id, token);
        RunningGuard {
            running: Arc::clone(self),
            id,
        }
    }

    /// Cancels every recorded query.
    pub fn cancel_all(&self) {
        for token in self.lock().values() {
            token.cancel();
        }
    }

    /// How many queries are recorded (being evaluated).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no query is being evaluated.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<u64, CancellationToken>> {
        // The map stays consistent even if a holder panicked.
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Removes a query's token from [`Running`] when dropped (when its
/// evaluation thread ends).
#[derive(Debug)]
pub struct RunningGuard {
    running: Arc<Running>,
    id: u64,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.running.lock().remove(&self.id);
    }
}

/// Runs [`evaluate`] on a blocking thread with the configured deadline:
/// past it, the evaluation is cancelled and the answer is 503.
///
/// At most [`ServeConfig::max_concurrent`] evaluations run at once; a
/// request waits for a slot within its deadline (503 "busy" past it). A
/// cancelled evaluation keeps its slot until its thread really stops:
/// Oxigraph checks the cancellation when it reads the store, and this
/// code between result rows, but an aggregate or sort over a large
/// in-memory join runs to its end — the slots bound how many such threads
/// can exist.
pub async fn run_query(
    state: &AppState,
    query: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    accept: Option<String>,
) -> Response {
    let snapshot = state.shared.get();
    let config: Arc<ServeConfig> = Arc::clone(&state.config);
    let cancel = CancellationToken::new();
    let token = cancel.clone();
    let max = config.max_results;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(config.timeout_ms);
    let permit =
        match tokio::time::timeout_at(deadline, Arc::clone(&state.slots).acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                return Refusal::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "server busy: all {} query slots stayed taken for {} ms",
                        config.max_concurrent, config.timeout_ms
                    ),
                )
                .into_response()
            }
        };
    let registered = state.running.register(cancel.clone());
    let task = tokio::task::spawn_blocking(move || {
        let _slot = permit;
        let _registered = registered;
        evaluate(
            &snapshot,
            &query,
            &default_graphs,
            &named_graphs,
            accept.as_deref(),
            max,
            token,
        )
    });
    match tokio::time::timeout_at(deadline, task).await {
        Err(_elapsed) => {
            cancel.cancel();
            timeout_response(config.timeout_ms)
        }
        Ok(Err(join)) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query task failed: {join}"),
        )
        .into_response(),
        Ok(Ok(Err(EvalFailure::Cancelled))) => timeout_response(config.timeout_ms),
        Ok(Ok(Err(EvalFailure::Refused(r)))) => r.into_response(),
        Ok(Ok(Ok(answer))) => {
            let mut response = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, answer.content_type)],
                answer.body,
            )
                .into_response();
            if let Some(n) = answer.truncated_at {
                if let Ok(v) = HeaderValue::from_str(&n.to_string()) {
                    response.headers_mut().insert(TRUNCATED_HEADER, v);
                }
            }
            response
        }
    }
}

fn timeout_response(ms: u64) -> Response {
    Refusal::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("query cancelled: it ran longer than the server's limit of {ms} ms"),
    )
    .into_response()
}

/// Whether `headers` carry `Authorization: Bearer <token>` with the
/// configured token (compared in constant time over the token's length).
/// The scheme is matched without regard to case (`bearer`, RFC 9110
/// §11.1); an empty configured token never matches.
pub fn authorized(headers: &HeaderMap, token: Option<&str>) -> bool {
    let Some(expected) = token.filter(|t| !t.trim().is_empty()) else {
        return false;
    };
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        // The scheme is case-insensitive (RFC 9110 §11.1).
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
    else {
        return false;
    };
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Why a write (SPARQL Update, Graph Store PUT/POST/DELETE) is refused
/// (403), or `None` if the server allows updates and `headers` carry the
/// bearer token.
pub fn update_refusal(state: &AppState, headers: &HeaderMap) -> Option<Refusal> {
    if !state.config.allow_update {
        return Some(Refusal::new(
            StatusCode::FORBIDDEN,
            "updates are disabled (start the server with --allow-update --token T)",
        ));
    }
    if !authorized(headers, state.config.token.as_deref()) {
        return Some(Refusal::new(
            StatusCode::FORBIDDEN,
            "an update needs the header `Authorization: Bearer <token>` with the server's token",
        ));
    }
    None
}

/// Applies an update to the current snapshot's in-memory store, if the
/// server allows updates and the request carries the token: 204 on
/// success, 403 otherwise, 400 with the parser's message for a syntax error.
/// The change is NOT written to the store directory: it lives until the
/// next reload (after a `tupu build` writes the store) or restart.
pub async fn run_update(state: &AppState, headers: &HeaderMap, update: String) -> Response {
    if let Some(r) = update_refusal(state, headers) {
        return r.into_response();
    }
    let snapshot = state.shared.get();
    let task = tokio::task::spawn_blocking(move || {
        let prepared = SparqlEvaluator::new().parse_update(&update).map_err(|e| {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                format!("invalid SPARQL update: {e}"),
            )
        })?;
        prepared
            .on_store(crate::store::GraphStore::oxigraph(&snapshot.store))
            .execute()
            .map_err(|e| {
                Refusal::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("update failed: {e}"),
                )
            })
    });
    match task.await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(join) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("update task failed: {join}"),
        )
        .into_response(),
    }
}

fn accept_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `GET /sparql?query=…`.
pub async fn get(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    if uri.query().is_none() {
        return super::explore::sparql_help();
    }
    match operation_from_get(uri.query().unwrap_or("")) {
        Ok(Operation::Query {
            query,
            default_graphs,
            named_graphs,
        }) => {
            run_query(
                &state,
                query,
                default_graphs,
                named_graphs,
                accept_of(&headers),
            )
            .await
        }
        Ok(Operation::Update { .. }) => {
            Refusal::new(StatusCode::BAD_REQUEST, "an update must be sent by POST").into_response()
        }
        Err(r) => r.into_response(),
    }
}

/// `POST /sparql` with a query or an update.
pub async fn post(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    match operation_from_post(content_type, uri.query().unwrap_or(""), &body) {
        Ok(Operation::Query {
            query,
            default_graphs,
            named_graphs,
        }) => {
            run_query(
                &state,
                query,
                default_graphs,
                named_graphs,
                accept_of(&headers),
            )
            .await
        }
        Ok(Operation::Update { update }) => run_update(&state, &headers, update).await,
        Err(r) => r.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_is_ranked_by_quality() {
        let r = accept_ranges(
            "text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1, text/tsv;q=0",
        );
        assert_eq!(
            r.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
            ["application/sparql-results+xml", "text/csv", "*/*"]
        );
    }

    #[test]
    fn results_and_graph_negotiation() {
        assert_eq!(negotiate_results(None), Some(QueryResultsFormat::Json));
        assert_eq!(
            negotiate_results(Some("text/tab-separated-values")),
            Some(QueryResultsFormat::Tsv)
        );
        assert_eq!(
            negotiate_results(Some("text/turtle;q=0.9, text/csv;q=0.8")),
            Some(QueryResultsFormat::Csv)
        );
        assert_eq!(negotiate_results(Some("image/png")), None);
        // A browser's header takes the default.
        assert_eq!(
            negotiate_results(Some(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            )),
            Some(QueryResultsFormat::Xml)
        );
        assert_eq!(negotiate_graph(None), Some(RdfFormat::Turtle));
        assert_eq!(
            negotiate_graph(Some("application/n-triples")),
            Some(RdfFormat::NTriples)
        );
        assert_eq!(
            negotiate_graph(Some("application/sparql-results+json")),
            None
        );
        assert!(matches!(
            negotiate_graph(Some("application/ld+json")),
            Some(RdfFormat::JsonLd { .. })
        ));
    }

    #[test]
    fn request_forms() {
        let op = operation_from_get("query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fa").unwrap();
        assert_eq!(
            op,
            Operation::Query {
                query: "ASK {}".into(),
                default_graphs: vec!["http://a".into()],
                named_graphs: vec![],
            }
        );
        assert_eq!(
            operation_from_get("update=CLEAR%20ALL").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            operation_from_get("query=a&query=b").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let op = operation_from_post(
            Some("application/x-www-form-urlencoded"),
            "",
            b"update=CLEAR+ALL",
        )
        .unwrap();
        assert_eq!(
            op,
            Operation::Update {
                update: "CLEAR ALL".into()
            }
        );
        let op = operation_from_post(
            Some("application/sparql-query; charset=utf-8"),
            "",
            "ASK {}".as_bytes(),
        )
        .unwrap();
        assert!(matches!(op, Operation::Query { ref query, .. } if query == "ASK {}"));
        assert_eq!(
            operation_from_post(Some("text/plain"), "", b"ASK {}")
                .unwrap_err()
                .status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
    }

    #[test]
    fn bearer_token() {
        let mut h = HeaderMap::new();
        assert!(!authorized(&h, Some("s3cret")));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(authorized(&h, Some("s3cret")));
        assert!(!authorized(&h, Some("s3cre")));
        assert!(!authorized(&h, None));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3creT"),
        );
        assert!(!authorized(&h, Some("s3cret")));
    }
}
