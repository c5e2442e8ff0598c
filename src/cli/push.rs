//! `tupu push --endpoint URL`: every article graph of the store (or of
//! N-Quads files) to a remote triple store ([`tupu::remote::RemoteStore`]).

use super::build::{progress_bar, Progress};
use super::input::Item;
use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tupu::bulk::{GraphBlocks, NQuadsInput};
use tupu::extract::Extractor;
use tupu::pipeline::{Pipeline, RemoteSink, Summary};
use tupu::rdf::article_graph;
use tupu::remote::RemoteStore;
use tupu::store::{sort_quads, GraphStore};

/// Graphs read and sent per round (each round's graphs are sent `jobs` at
/// a time): memory is bounded by a round, not by the store.
const ROUND: usize = 256;

/// What a push did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PushSummary {
    /// Where the graphs went (Graph Store or update endpoint).
    pub url: String,
    /// Graphs replaced.
    pub graphs: usize,
    /// Triples sent.
    pub quads: usize,
    /// HTTP requests that succeeded.
    pub requests: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl std::fmt::Display for PushSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pushed {} graphs, {} quads to {} in {} requests, {:.2} s ({:.0} quads/s)",
            self.graphs,
            self.quads,
            self.url,
            self.requests,
            self.seconds,
            self.quads as f64 / self.seconds.max(1e-9)
        )
    }
}

/// Pushes to `remote`: the N-Quads `files` (`-`: standard input) when
/// given, graph by graph as read, else every article of the store at `db`
/// (opened read-only), in id order. Each graph is replaced remotely
/// ([`RemoteStore::replace_graph`]), `jobs` requests at a time.
///
/// Errors: the store or the files cannot be read; the first remote error
/// (auth, network after retries, HTTP status), naming the URL. Graphs
/// replaced before it stay replaced; pushing again completes the push.
pub fn push(
    db: &Path,
    files: &[PathBuf],
    remote: &RemoteStore,
    jobs: usize,
    progress: Progress,
) -> anyhow::Result<PushSummary> {
    let start = Instant::now();
    let sink = RemoteSink::new(remote, jobs)?;
    let bar = progress_bar(progress);
    let mut s = PushSummary {
        url: remote.write_url().to_owned(),
        ..PushSummary::default()
    };
    let mut flush = |round: &mut Vec<(NamedNode, Vec<Quad>)>| -> anyhow::Result<()> {
        if let Some((g, _)) = round.last() {
            bar.set_message(g.as_str().to_owned());
        }
        s.requests += sink.send(round)?;
        s.graphs += round.len();
        s.quads += round.iter().map(|(_, q)| q.len()).sum::<usize>();
        bar.inc(round.len() as u64);
        round.clear();
        Ok(())
    };
    let mut round = Vec::with_capacity(ROUND);
    if files.is_empty() {
        let store = tupu::store::open_read_only(db)?;
        let ox = store.oxigraph();
        for a in store.articles()? {
            let g = article_graph(&a.id);
            let mut quads = ox
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
                .collect::<Result<Vec<_>, _>>()?;
            sort_quads(&mut quads);
            round.push((g, quads));
            if round.len() >= ROUND {
                flush(&mut round)?;
            }
        }
    } else {
        for block in GraphBlocks::new(NQuadsInput::from_args(files)?) {
            let block = block?;
            // A graph in two files: the later one must win, so the
            // earlier one is sent first.
            if round.iter().any(|(g, _)| *g == block.graph) {
                flush(&mut round)?;
            }
            round.push((block.graph, block.quads));
            if round.len() >= ROUND {
                flush(&mut round)?;
            }
        }
    }
    flush(&mut round)?;
    bar.finish_and_clear();
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

/// `tupu build --store URL`: builds into the remote store instead of the
/// local one, by the library's pipeline ([`Pipeline::run`] into a
/// [`RemoteSink`]): the remote articles' content hashes are read once, an
/// article stored remotely with the same hash is skipped, the others are
/// extracted in batches of at most `batch_articles` articles and their
/// graphs replaced remotely, `jobs` requests at a time, so the remote store
/// holds exactly the graphs `tupu build` would store. An unreadable input
/// is reported on stderr as `tupu: FILE[:LINE]: problem` and counted.
///
/// Errors: the first remote error (auth, network after retries, HTTP
/// status); graphs replaced before it stay replaced, and a re-run skips
/// them.
pub fn build_remote(
    items: impl Iterator<Item = Item>,
    remote: &RemoteStore,
    jobs: usize,
    progress: Progress,
    batch_articles: usize,
    extractor: Extractor,
) -> anyhow::Result<Summary> {
    let mut sink = RemoteSink::new(remote, jobs)?;
    let bar = progress_bar(progress);
    let summary = Pipeline::new(extractor)
        .batch_articles(batch_articles)
        .run(items, &mut sink, &bar)?;
    bar.finish_and_clear();
    Ok(summary)
}
