//! `tupu serve`: the store over HTTP — a SPARQL 1.1 Protocol endpoint, the
//! question answerer, and a web explorer — built on axum and tokio.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the explorer (embedded `web/`, see [`assets`]) |
//! | `GET /sparql?query=…`, `POST /sparql` | SPARQL 1.1 Protocol queries and updates ([`sparql`]) |
//! | `GET/PUT/POST/DELETE /rdf-graphs?graph=IRI` | SPARQL 1.1 Graph Store HTTP Protocol ([`graph_store`]; writes need the update permission) |
//! | `GET /ask?q=…` | `tupu ask`'s JSON ([`explore::ask`]) |
//! | `GET /entity/{id}` | an entity's facts with evidence, JSON or HTML by `Accept` |
//! | `GET /api/search?q=…&offset=M&limit=N` | entities by label or alias, ranked (exact label, alias, prefix, substring; better connected first) and paged |
//! | `GET /api/overview` | the home page: counts, best connected entities per type, latest articles |
//! | `GET /api/article/{id}` | an article's original text (re-read from its source) |
//! | `GET /api/stats`, `GET /api/examples` | store size and reload generation; editor examples |
//!
//! Read-only by default: an update is 403 unless the server was started
//! with `allow_update` and the request carries `Authorization: Bearer
//! <token>`; an allowed update changes the in-memory snapshot only (see
//! [`sparql::run_update`]).
//!
//! Each query runs on a blocking thread with a deadline
//! ([`ServeConfig::timeout_ms`]; past it the evaluation is cancelled and
//! the answer is 503) and at most [`ServeConfig::max_results`] rows (more are
//! cut and the response carries the header [`sparql::TRUNCATED_HEADER`]).
//!
//! The server answers from an immutable [`snapshot::Snapshot`] and checks
//! every [`ServeConfig::reload_ms`] (or twice the last load time, if that is
//! longer) whether a writer (`tupu build`) changed the store's manifest; if
//! so it loads a new snapshot on a blocking thread and swaps it in, while
//! requests keep being answered from the old one.

pub mod assets;
pub mod explore;
pub mod graph_store;
pub mod snapshot;
pub mod sparql;

use axum::routing::get;
use axum::Router;
use snapshot::Shared;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The default address (`--bind`).
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";
/// The default per-query deadline in ms (`--timeout-ms`).
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// The default row limit of one answer (`--max-results`).
pub const DEFAULT_MAX_RESULTS: usize = 10_000;
/// The default interval between checks of the store's manifest, in ms
/// (`--reload-ms`).
pub const DEFAULT_RELOAD_MS: u64 = 2_000;
/// The default time a client has to send a request's headers, in ms
/// (`--header-timeout-ms`); a slower connection is closed.
pub const DEFAULT_HEADER_TIMEOUT_MS: u64 = 5_000;
/// The default time a request's body may pause between two chunks, in ms
/// (`--body-timeout-ms`); the whole body must also arrive within the query
/// deadline plus this.
pub const DEFAULT_BODY_TIMEOUT_MS: u64 = 5_000;
/// The default most open connections (`--max-connections`): well under
/// the usual limit of 1,024 open files, so that the server never runs out
/// of file descriptors; further clients wait in the listen queue.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// How long in-flight requests may take to finish after SIGTERM/SIGINT (or
/// the end of the `shutdown` future of [`serve`]): their queries are
/// cancelled at once, and connections still open after this are dropped.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// An error starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store cannot be read.
    #[error("{}: {message}", path.display())]
    Store {
        /// The store directory or file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The question patterns failed to load.
    #[error("loading the question answerer: {0}")]
    Ask(String),
    /// Binding or serving on the address failed.
    #[error("{addr}: {source}")]
    Io {
        /// The address.
        addr: String,
        /// The error.
        source: std::io::Error,
    },
    /// `allow_update` without a token (or with one of only white space).
    #[error(
        "--allow-update needs a non-blank --token (the bearer token update requests must carry)"
    )]
    NoToken,
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store directory.
    pub db: PathBuf,
    /// Accept SPARQL updates carrying [`ServeConfig::token`].
    pub allow_update: bool,
    /// The bearer token of updates.
    pub token: Option<String>,
    /// Per-query deadline in milliseconds.
    pub timeout_ms: u64,
    /// The most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) of one answer.
    pub max_results: usize,
    /// Interval between checks of the store's manifest, in milliseconds.
    pub reload_ms: u64,
    /// The most query evaluations running at once (see
    /// [`sparql::run_query`]).
    pub max_concurrent: usize,
    /// Time a client has to send a request's headers, in milliseconds
    /// (hyper's header read timeout; also the most a kept-alive connection
    /// may idle before its next request).
    pub header_timeout_ms: u64,
    /// Longest pause between two chunks of a request body, in
    /// milliseconds; the whole request must also be answered within
    /// [`ServeConfig::timeout_ms`] plus this (else 408).
    pub body_timeout_ms: u64,
    /// The most open connections; further clients wait in the listen queue
    /// until one closes.
    pub max_connections: usize,
}

impl ServeConfig {
    /// The defaults for the store at `db`: read-only, [`DEFAULT_TIMEOUT_MS`],
    /// [`DEFAULT_MAX_RESULTS`], [`DEFAULT_RELOAD_MS`].
    pub fn new(db: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig {
            db: db.into(),
            allow_update: false,
            token: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_results: DEFAULT_MAX_RESULTS,
            reload_ms: DEFAULT_RELOAD_MS,
            max_concurrent: default_max_concurrent(),
            header_timeout_ms: DEFAULT_HEADER_TIMEOUT_MS,
            body_timeout_ms: DEFAULT_BODY_TIMEOUT_MS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// The default of [`ServeConfig::max_concurrent`]: twice the available
/// parallelism (CPU cores), at least 2.
pub fn default_max_concurrent() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() * 2)
        .unwrap_or(2)
        .max(2)
}

/// What every handler sees.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The current snapshot.
    pub shared: Arc<Shared>,
    /// The configuration.
    pub config: Arc<ServeConfig>,
    /// Query evaluation slots ([`ServeConfig::max_concurrent`] permits).
    pub slots: Arc<tokio::sync::Semaphore>,
    /// The cancellation tokens of the queries being evaluated, so that a
    /// shutdown can cancel them all.
    pub running: Arc<sparql::Running>,
}

/// The routes (see the module docs) over `state`.
///
/// Every response allows cross-origin reads (`Access-Control-Allow-Origin:
/// *`, preflight for GET/POST with `Content-Type`, `Accept`,
/// `Authorization`), so browser tools on other origins (YASGUI) can query;
/// the row-limit header is exposed. No cookies are used, so this grants no
/// one else's credentials: an update still needs the bearer token.
///
/// A request body that pauses longer than [`ServeConfig::body_timeout_ms`]
/// fails, and a request not answered within twice
/// [`ServeConfig::timeout_ms`] plus that is answered 408.
pub fn router(state: AppState) -> Router {
    use axum::http::{header, HeaderName, Method};
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_headers([HeaderName::from_static(sparql::TRUNCATED_HEADER)]);
    let body_pause = Duration::from_millis(state.config.body_timeout_ms.max(1));
    // A query may wait for a slot and then run, each up to its deadline;
    // the whole request gets both, plus the body's time.
    let whole = Duration::from_millis(
        state
            .config
            .timeout_ms
            .saturating_mul(2)
            .saturating_add(state.config.body_timeout_ms)
            .max(1),
    );
    Router::new()
        .route("/", get(assets::index))
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route(
            "/rdf-graphs",
            get(graph_store::get)
                .put(graph_store::put)
                .post(graph_store::post)
                .delete(graph_store::delete),
        )
        .route("/ask", get(explore::ask))
        .route("/entity/{*id}", get(explore::entity))
        .route("/api/search", get(explore::search))
        .route("/api/article/{*id}", get(explore::article))
        .route("/api/stats", get(explore::stats))
        .route("/api/overview", get(explore::overview))
        .route("/api/examples", get(explore::examples))
        .route("/{*path}", get(assets::asset))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            body_pause,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            whole,
        ))
        .layer(cors)
        .with_state(state)
}

/// Loads the store and prepares the state.
///
/// Errors: [`ServeError::NoToken`] for `allow_update` without a token;
/// [`ServeError::Store`] when the store cannot be loaded.
pub fn state(config: ServeConfig) -> Result<AppState, ServeError> {
    if config.allow_update && config.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(ServeError::NoToken);
    }
    Ok(AppState {
        shared: Arc::new(Shared::open(&config.db)?),
        slots: Arc::new(tokio::sync::Semaphore::new(config.max_concurrent.max(1))),
        running: Arc::new(sparql::Running::default()),
        config: Arc::new(config),
    })
}

/// Serves `state` on `listener` until `shutdown` completes, checking the
/// store for changes every [`ServeConfig::reload_ms`].
///
/// Connections are served by hyper (HTTP/1.1) with a header read timeout
/// of [`ServeConfig::header_timeout_ms`], at most
/// [`ServeConfig::max_connections`] at once (the accept loop waits for a
/// free one). When `shutdown` completes, no new connection is accepted,
/// every running query is cancelled (its answer is 503), and open
/// connections get [`SHUTDOWN_GRACE`] to finish before they are dropped.
///
/// Errors: none today (a failed accept is retried after a pause, as when
/// file descriptors run out); the `Result` is kept for binding errors of
/// callers.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let shared = Arc::clone(&state.shared);
    let every = Duration::from_millis(state.config.reload_ms.max(100));
    let reloader = tokio::spawn(async move {
        let mut pause = every;
        loop {
            tokio::time::sleep(pause).await;
            let s = Arc::clone(&shared);
            // One reload at a time; readers keep the old snapshot meanwhile.
            let _ = tokio::task::spawn_blocking(move || s.reload_and_record()).await;
            // Reloading a large store while a build writes it would
            // otherwise take a whole core: wait at least twice the last
            // load time, so reloads take at most a third of one.
            pause = every.max(shared.get().load_time * 2);
        }
    });
    let running = Arc::clone(&state.running);
    let connections = Arc::new(tokio::sync::Semaphore::new(
        state.config.max_connections.max(1),
    ));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(state.config.header_timeout_ms.max(1)))
        .keep_alive(true);
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&connections).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or a connection reset before
                    // it was accepted: pause instead of spinning.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    running.cancel_all();
    reloader.abort();
    // In-flight requests get their 503 (or answer) and keep-alive
    // connections are closed; past the grace period the rest is dropped.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// A server running on its own thread and tokio runtime (for tests and
/// embedding). Dropping it shuts the server down and waits for the thread.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl Running {
    /// `http://ADDR` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and returns how serving ended.
    pub fn stop(mut self) -> Result<(), ServeError> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

/// Loads the store, binds `bind` (e.g. `127.0.0.1:0` for an ephemeral
/// port) and serves on a new thread with a multi-threaded tokio runtime.
///
/// Errors: those of [`state`]; [`ServeError::Io`] when the address cannot
/// be bound or the runtime cannot start.
pub fn spawn(config: ServeConfig, bind: &str) -> Result<Running, ServeError> {
    let state = state(config)?;
    let io = |source| ServeError::Io {
        addr: bind.to_owned(),
        source,
    };
    let std_listener = std::net::TcpListener::bind(bind).map_err(io)?;
    std_listener.set_nonblocking(true).map_err(io)?;
    let addr = std_listener.local_addr().map_err(io)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("tupu-serve".into())
        .spawn(move || {
            let result = runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(std_listener).map_err(|source| {
                        ServeError::Io {
                            addr: addr.to_string(),
                            source,
                        }
                    })?;
                serve(state, listener, async move {
                    let _ = rx.await;
                })
                .await
            });
            // Evaluations that ignore their cancellation must not hold the
            // caller: blocking threads still running are left behind.
            runtime.shutdown_timeout(Duration::from_millis(500));
            result
        })
        .map_err(io)?;
    Ok(Running {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}
