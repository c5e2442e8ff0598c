//! Remote triple stores over HTTP: the client side of the SPARQL 1.1
//! Protocol (query and update) and of the SPARQL 1.1 Graph Store HTTP
//! Protocol, so the graph tupu builds can live in Virtuoso, GraphDB, QLever,
//! Fuseki or `tupu serve`.
//!
//! [`RemoteStore`] is configured with a SPARQL endpoint (queries, and
//! updates unless [`RemoteStore::with_update`] names another URL) and
//! optionally a Graph Store Protocol endpoint
//! ([`RemoteStore::with_graph_store`]):
//!
//! * [`RemoteStore::query`]: `POST` `application/x-www-form-urlencoded`
//!   `query=…` (SPARQL 1.1 Protocol §2.1.2), results read as SPARQL JSON /
//!   XML / CSV / TSV (SELECT, ASK) or RDF (CONSTRUCT, DESCRIBE) by the
//!   response's Content-Type.
//! * [`RemoteStore::replace_graph`]: with a Graph Store endpoint, one `PUT
//!   {gsp}?graph=IRI` with the graph's triples as N-Triples (sent as
//!   `text/turtle`, of which N-Triples is a subset, since every store
//!   accepts Turtle) — a PUT replaces the graph, so pushing again is
//!   idempotent. Without one, SPARQL Update: `DROP SILENT GRAPH <g> ; INSERT
//!   DATA { GRAPH <g> { … } }` and, for a graph larger than
//!   [`RemoteStore::with_max_update_bytes`], further `INSERT DATA` requests
//!   of at most that size.
//!
//! Every request is retried with exponential backoff (default
//! [`DEFAULT_ATTEMPTS`] attempts, [`DEFAULT_BACKOFF_MS`] ms doubling) on a
//! connection failure, HTTP 5xx or 429; 401/403 fail at once as
//! [`RemoteError::Auth`]. Errors name the URL (never the credentials).
//!
//! The HTTP client is `ureq` (blocking, no TLS in this build: `https://`
//! URLs are refused with a clear error; put the store behind a local
//! plain-HTTP port or proxy).

use crate::annotation::Predicate;
use crate::rdf::ENTITY_BASE;
use crate::vocab;
use base64::Engine as _;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNodeRef, Quad, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QueryTripleIter};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// Attempts per request by default (the first try and three retries).
pub const DEFAULT_ATTEMPTS: u32 = 4;
/// The first retry's delay in milliseconds; each later one doubles it.
pub const DEFAULT_BACKOFF_MS: u64 = 250;
/// The largest SPARQL Update request body by default, in BYTES (64 KiB:
/// Virtuoso 7.2 compiles `INSERT DATA` to SQL and refuses one whose SQL
/// exceeds 10,000 lines — error SP031 — which a 256 KiB request of tupu
/// triples did and a 128 KiB one did not; half of that for margin).
pub const DEFAULT_MAX_UPDATE_BYTES: usize = 64 << 10;
/// Connect timeout, in seconds.
const CONNECT_TIMEOUT_S: u64 = 10;
/// Whole-request timeout by default, in seconds.
pub const DEFAULT_TIMEOUT_S: u64 = 300;
/// The most characters of an error response body quoted in an error.
const BODY_EXCERPT: usize = 300;

/// The `Accept` header of queries: SPARQL JSON results for SELECT/ASK,
/// N-Triples or Turtle for CONSTRUCT/DESCRIBE.
const QUERY_ACCEPT: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.9, text/turtle;q=0.8, text/csv;q=0.5";

/// An error talking to a remote store. `url` is the request URL (with its
/// query string, e.g. `?graph=…`), never the credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RemoteError {
    /// The URL is not a usable `http://` URL.
    #[error("{url}: invalid endpoint URL: {message}")]
    Url {
        /// The URL given.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// The server refused the credentials (HTTP 401 or 403).
    #[error("{method} {url}: authentication refused (HTTP {status}); check --user/--password or --token: {body}")]
    Auth {
        /// The request method.
        method: String,
        /// The URL.
        url: String,
        /// 401 or 403.
        status: u16,
        /// The start of the response body.
        body: String,
    },
    /// Any other HTTP error status (after the retries, for 5xx and 429).
    #[error("{method} {url}: HTTP {status}: {body}")]
    Status {
        /// The request method.
        method: String,
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the response body.
        body: String,
    },
    /// The server could not be reached, or the connection broke (after the
    /// retries).
    #[error("{method} {url}: network error after {attempts} attempt(s): {message}")]
    Network {
        /// The request method.
        method: String,
        /// The URL.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The transport error.
        message: String,
    },
    /// The response could not be read or parsed.
    #[error("{url}: unreadable response: {message}")]
    Response {
        /// The URL.
        url: String,
        /// What is wrong.
        message: String,
    },
}

/// How requests authenticate.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Auth {
    /// No `Authorization` header.
    #[default]
    None,
    /// HTTP Basic (RFC 7617): `Authorization: Basic base64(user:password)`.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (RFC 6750): `Authorization: Bearer TOKEN`.
    Bearer(String),
}

impl fmt::Debug for Auth {
    /// Never prints a password or token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Basic { user, .. } => write!(f, "Basic({user}:***)"),
            Auth::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

impl Auth {
    fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Auth::Bearer(t) => Some(format!("Bearer {t}")),
        }
    }
}

/// A remote SPARQL store (see the module docs). Cheap to share across
/// threads (`&RemoteStore` is `Sync`); connections are kept alive.
#[derive(Debug, Clone)]
pub struct RemoteStore {
    agent: ureq::Agent,
    query_url: String,
    update_url: String,
    graph_store_url: Option<String>,
    auth: Auth,
    attempts: u32,
    backoff: Duration,
    max_update_bytes: usize,
}

/// Checks that `url` is an absolute `http://` URL.
fn check_url(url: &str) -> Result<String, RemoteError> {
    let err = |message: &str| RemoteError::Url {
        url: url.to_owned(),
        message: message.to_owned(),
    };
    let parsed = url::Url::parse(url).map_err(|e| err(&e.to_string()))?;
    match parsed.scheme() {
        "http" => {}
        "https" => {
            return Err(err(
                "https is not supported by this build (no TLS); use a plain http:// port or a local proxy",
            ))
        }
        other => return Err(err(&format!("unsupported scheme {other:?} (http:// only)"))),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(err(
            "credentials in the URL are not accepted; use --user/--password or --token",
        ));
    }
    Ok(url.to_owned())
}

impl RemoteStore {
    /// A store whose SPARQL endpoint (queries and updates) is `endpoint`,
    /// e.g. `http://localhost:8890/sparql`, without authentication.
    ///
    /// Errors: [`RemoteError::Url`] if `endpoint` is not an `http://` URL
    /// (or carries credentials).
    pub fn new(endpoint: &str) -> Result<Self, RemoteError> {
        let url = check_url(endpoint)?;
        Ok(RemoteStore {
            agent: ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(CONNECT_TIMEOUT_S))
                .timeout(Duration::from_secs(DEFAULT_TIMEOUT_S))
                .user_agent(concat!("tupu/", env!("CARGO_PKG_VERSION")))
                .build(),
            update_url: url.clone(),
            query_url: url,
            graph_store_url: None,
            auth: Auth::None,
            attempts: DEFAULT_ATTEMPTS,
            backoff: Duration::from_millis(DEFAULT_BACKOFF_MS),
            max_update_bytes: DEFAULT_MAX_UPDATE_BYTES,
        })
    }

    /// Sends SPARQL updates to `url` instead of the query endpoint.
    ///
    /// Errors: [`RemoteError::Url`] as [`RemoteStore::new`].
    pub fn with_update(mut self, url: &str) -> Result<Self, RemoteError> {
        self.update_url = check_url(url)?;
        Ok(self)
    }

    /// Writes graphs with the Graph Store HTTP Protocol at `url` (e.g.
    /// `http://localhost:8890/sparql-graph-crud`), `PUT url?graph=IRI`.
    ///
    /// Errors: [`RemoteError::Url`] as [`RemoteStore::new`].
    pub fn with_graph_store(mut self, url: &str) -> Result<Self, RemoteError> {
        self.graph_store_url = Some(check_url(url)?);
        Ok(self)
    }

    /// Authenticates every request with `auth`.
    #[must_use]
    pub fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Tries each request at most `attempts` times (at least once), waiting
    /// `backoff`, then twice as long, … between tries.
    #[must_use]
    pub fn with_retries(mut self, attempts: u32, backoff: Duration) -> Self {
        self.attempts = attempts.max(1);
        self.backoff = backoff;
        self
    }

    /// Splits a graph's SPARQL Update into requests of at most `bytes`
    /// BYTES (a single larger triple still goes, alone).
    #[must_use]
    pub fn with_max_update_bytes(mut self, bytes: usize) -> Self {
        self.max_update_bytes = bytes.max(1);
        self
    }

    /// Gives up on a request (one attempt) after `timeout`.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(CONNECT_TIMEOUT_S).min(timeout))
            .timeout(timeout)
            .user_agent(concat!("tupu/", env!("CARGO_PKG_VERSION")))
            .build();
        self
    }

    /// The SPARQL query endpoint.
    pub fn query_url(&self) -> &str {
        &self.query_url
    }

    /// Where graphs are written: the Graph Store endpoint, else the update
    /// endpoint.
    pub fn write_url(&self) -> &str {
        self.graph_store_url.as_deref().unwrap_or(&self.update_url)
    }

    /// Sends one request with the retry policy of the module docs.
    fn send(
        &self,
        method: &str,
        url: &str,
        content_type: &str,
        accept: Option<&str>,
        body: &[u8],
    ) -> Result<ureq::Response, RemoteError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = self
                .agent
                .request(method, url)
                .set("Content-Type", content_type);
            if let Some(a) = accept {
                req = req.set("Accept", a);
            }
            if let Some(h) = self.auth.header() {
                req = req.set("Authorization", &h);
            }
            let retry = match req.send_bytes(body) {
                Ok(r) => return Ok(r),
                Err(ureq::Error::Status(status, resp)) => {
                    let text = excerpt(resp.into_string().unwrap_or_default());
                    if status == 401 || status == 403 {
                        return Err(RemoteError::Auth {
                            method: method.to_owned(),
                            url: url.to_owned(),
                            status,
                            body: text,
                        });
                    }
                    let err = RemoteError::Status {
                        method: method.to_owned(),
                        url: url.to_owned(),
                        status,
                        body: text,
                    };
                    if status < 500 && status != 429 {
                        return Err(err);
                    }
                    err
                }
                Err(ureq::Error::Transport(t)) => {
                    let err = RemoteError::Network {
                        method: method.to_owned(),
                        url: url.to_owned(),
                        attempts: attempt,
                        message: t.to_string(),
                    };
                    use ureq::ErrorKind as K;
                    if matches!(
                        t.kind(),
                        K::InvalidUrl | K::UnknownScheme | K::InsecureRequestHttpsOnly
                    ) {
                        return Err(err);
                    }
                    err
                }
            };
            if attempt >= self.attempts {
                return Err(retry);
            }
            std::thread::sleep(self.backoff.saturating_mul(1 << (attempt - 1).min(16)));
        }
    }

    fn post_form(
        &self,
        url: &str,
        field: &str,
        text: &str,
        accept: Option<&str>,
    ) -> Result<ureq::Response, RemoteError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair(field, text)
            .finish();
        self.send(
            "POST",
            url,
            "application/x-www-form-urlencoded",
            accept,
            body.as_bytes(),
        )
    }

    /// Runs a SPARQL query on the endpoint. The results stream from the
    /// response: SELECT/ASK read as the SPARQL results format of the
    /// response's Content-Type, CONSTRUCT/DESCRIBE as its RDF format.
    ///
    /// Errors: [`RemoteError`] for the request (auth, status, network) or a
    /// response in no known format; a row that fails to parse later is an
    /// error item of the iterator.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>, RemoteError> {
        let resp = self.post_form(&self.query_url, "query", sparql, Some(QUERY_ACCEPT))?;
        let media = resp
            .content_type()
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let url = self.query_url.clone();
        let reader = resp.into_reader();
        if let Some(format) = QueryResultsFormat::from_media_type(&media) {
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(reader)
                .map_err(|e| RemoteError::Response {
                    url,
                    message: e.to_string(),
                })?;
            return Ok(parsed.into());
        }
        if let Some(format) = RdfFormat::from_media_type(&media) {
            let triples = RdfParser::from_format(format)
                .for_reader(reader)
                .map(move |q| {
                    q.map(Triple::from)
                        .map_err(|e| QueryEvaluationError::Service(Box::new(e)))
                });
            return Ok(QueryTripleIter::new(triples).into());
        }
        Err(RemoteError::Response {
            url,
            message: format!("unexpected Content-Type {media:?} for a query answer"),
        })
    }

    /// Runs a SELECT and returns its rows as variable name → term (an ASK,
    /// CONSTRUCT or DESCRIBE gives no rows).
    ///
    /// Errors: as [`RemoteStore::query`], and [`RemoteError::Response`] for
    /// a row that does not parse.
    pub fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, RemoteError> {
        let mut rows = Vec::new();
        if let QueryResults::Solutions(sols) = self.query(sparql)? {
            for sol in sols {
                let sol = sol.map_err(|e| RemoteError::Response {
                    url: self.query_url.clone(),
                    message: e.to_string(),
                })?;
                rows.push(
                    sol.iter()
                        .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                        .collect(),
                );
            }
        }
        Ok(rows)
    }

    /// Runs a SPARQL update (`POST update=…` to the update endpoint).
    ///
    /// Errors: [`RemoteError`] for the request.
    pub fn update(&self, sparql: &str) -> Result<(), RemoteError> {
        self.post_form(&self.update_url, "update", sparql, None)?;
        Ok(())
    }

    /// Replaces the named graph `graph` with `quads` (their graph names are
    /// ignored: every triple goes to `graph`) by Graph Store `PUT` or by
    /// SPARQL Update (see the module docs). Returns the number of requests
    /// sent.
    ///
    /// Errors: [`RemoteError`] of the first failing request; with SPARQL
    /// Update, the graph may then hold part of `quads` (a re-run replaces
    /// it).
    pub fn replace_graph(
        &self,
        graph: NamedNodeRef<'_>,
        quads: &[Quad],
    ) -> Result<usize, RemoteError> {
        if let Some(gsp) = &self.graph_store_url {
            let sep = if gsp.contains('?') { '&' } else { '?' };
            let url = format!(
                "{gsp}{sep}graph={}",
                form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect::<String>()
            );
            let mut body = String::new();
            for q in quads {
                body.push_str(&format!("{} {} {} .\n", q.subject, q.predicate, q.object));
            }
            self.send(
                "PUT",
                &url,
                "text/turtle; charset=utf-8",
                None,
                body.as_bytes(),
            )?;
            return Ok(1);
        }
        let mut requests = 0;
        let head = format!("DROP SILENT GRAPH {graph} ;\n");
        let open = format!("INSERT DATA {{ GRAPH {graph} {{\n");
        let close = "} }\n";
        let mut body = head.clone();
        let mut triples = 0;
        for q in quads {
            let line = format!("{} {} {} .\n", q.subject, q.predicate, q.object);
            if triples > 0 && body.len() + line.len() + close.len() > self.max_update_bytes {
                body.push_str(close);
                self.update(&body)?;
                requests += 1;
                body.clear();
                triples = 0;
            }
            if triples == 0 {
                body.push_str(&open);
            }
            body.push_str(&line);
            triples += 1;
        }
        if triples > 0 {
            body.push_str(close);
        }
        if !body.is_empty() {
            self.update(&body)?;
            requests += 1;
        }
        Ok(requests)
    }

    /// The part of the remote graph entity linking needs, fetched with one
    /// SPARQL query into an in-memory store: every `rdf:type`, `rdfs:label`
    /// and `skos:altLabel` of an entity (IRI under [`ENTITY_BASE`]) and
    /// every triple of the ten relation predicates from an entity (in the
    /// default graph: load it with `Asker::from_oxigraph`).
    ///
    /// Errors: as [`RemoteStore::select`].
    pub fn entity_index(&self) -> Result<Store, RemoteError> {
        let mut preds = vec![
            format!("<{}>", oxigraph::model::vocab::rdf::TYPE.as_str()),
            format!("<{}>", oxigraph::model::vocab::rdfs::LABEL.as_str()),
            format!("<{}>", vocab::skos::ALT_LABEL.as_str()),
        ];
        preds.extend(
            Predicate::ALL
                .iter()
                .map(|p| format!("<{}>", vocab::predicate(*p).as_str())),
        );
        let sparql = format!(
            "SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(?p IN ({})) FILTER(STRSTARTS(STR(?s), \"{ENTITY_BASE}\")) }}",
            preds.join(", ")
        );
        let response_err = |e: oxigraph::store::StorageError| RemoteError::Response {
            url: self.query_url.clone(),
            message: e.to_string(),
        };
        let store = Store::new().map_err(response_err)?;
        for row in self.select(&sparql)? {
            let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
                (row.get("s"), row.get("p"), row.get("o"))
            else {
                continue;
            };
            store
                .insert(&Quad::new(
                    s.clone(),
                    p.clone(),
                    o.clone(),
                    GraphName::DefaultGraph,
                ))
                .map_err(response_err)?;
        }
        Ok(store)
    }

    /// Every article the remote store holds, as article id → content hash
    /// (`tupu:articleId` and `tupu:sha256` of the article nodes, in their
    /// graphs), by one SPARQL query; what `tupu build --store` skips.
    ///
    /// Errors: as [`RemoteStore::select`].
    pub fn article_hashes(&self) -> Result<BTreeMap<String, String>, RemoteError> {
        let sparql = format!(
            "SELECT ?id ?sha WHERE {{ GRAPH ?g {{ ?a <{}> ?id ; <{}> ?sha }} }}",
            vocab::tupu::ARTICLE_ID.as_str(),
            vocab::tupu::SHA256.as_str()
        );
        Ok(self
            .select(&sparql)?
            .into_iter()
            .filter_map(|row| match (row.get("id"), row.get("sha")) {
                (Some(Term::Literal(id)), Some(Term::Literal(sha))) => {
                    Some((id.value().to_owned(), sha.value().to_owned()))
                }
                _ => None,
            })
            .collect())
    }

    /// The number of quads in named graphs whose IRI starts with `prefix`
    /// (e.g. [`crate::rdf::ARTICLE_BASE`]), by one SPARQL `COUNT`.
    ///
    /// Errors: as [`RemoteStore::select`]; [`RemoteError::Response`] if the
    /// answer has no integer count.
    pub fn count_quads(&self, prefix: &str) -> Result<u64, RemoteError> {
        let sparql = format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}"
        );
        let rows = self.select(&sparql)?;
        rows.first()
            .and_then(|r| match r.get("n") {
                Some(Term::Literal(l)) => l.value().parse().ok(),
                _ => None,
            })
            .ok_or_else(|| RemoteError::Response {
                url: self.query_url.clone(),
                message: "no integer ?n in the COUNT answer".into(),
            })
    }
}

fn excerpt(body: String) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(BODY_EXCERPT).collect();
    if one_line.chars().count() > BODY_EXCERPT {
        out.push('…');
    }
    if out.is_empty() {
        out.push_str("(empty body)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_secrets_never_printed() {
        assert!(RemoteStore::new("http://127.0.0.1:8890/sparql").is_ok());
        for bad in [
            "https://example.org/sparql",
            "ftp://example.org/",
            "not a url",
            "http://u:p@example.org/sparql",
        ] {
            let err = RemoteStore::new(bad).unwrap_err();
            assert!(err.to_string().starts_with(bad), "{err}");
        }
        let basic = Auth::Basic {
            user: "dba".into(),
            password: "secret".into(),
        };
        assert_eq!(format!("{basic:?}"), "Basic(dba:***)");
        assert_eq!(basic.header().unwrap(), "Basic ZGJhOnNlY3JldA==");
        assert!(!format!("{:?}", Auth::Bearer("t0k".into())).contains("t0k"));
    }

    #[test]
    fn error_bodies_are_cut_to_one_short_line() {
        assert_eq!(excerpt("a\n  b\tc".into()), "a b c");
        assert_eq!(excerpt(String::new()), "(empty body)");
        let long = excerpt("x".repeat(1000));
        assert_eq!(long.chars().count(), BODY_EXCERPT + 1);
    }
}
