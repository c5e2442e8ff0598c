//! Shards and bulk loading: article graphs as N-Quads files that any
//! machine can write independently and any store can load.
//!
//! * [`Shard`] (`I/N`) takes a stable share of the articles: article `id`
//!   belongs to shard [`shard_of`]`(id, N)`, the first 8 bytes of SHA-256 of
//!   the id (big-endian) modulo N. SHA-256 is fixed across runs, machines and
//!   Rust versions (Rust's `DefaultHasher` is not), and entity IRIs are
//!   functions of type and resolved name ([`crate::resolve`]), so shards
//!   built apart agree without coordination.
//! * [`GraphBlocks`] reads N-Quads files (or standard input) as a stream of
//!   [`GraphBlock`]s: all quads of one named graph in one file, wherever
//!   they stand in it (`tupu export --format nquads` sorts by subject, so an
//!   article's quads are spread over the file; `tupu extract --format
//!   nquads` writes them together). One file is read whole before its
//!   graphs are yielded, so memory is bounded by the largest file (the
//!   embedded store holds the whole graph in memory anyway); shard files
//!   keep it small. A graph in two files gives two blocks: loaded, the
//!   later replaces the earlier, as a rebuilt article replaces its previous
//!   version.
//! * [`article_meta`] reads an article graph's [`ArticleMeta`] back from its
//!   article node (`tupu:articleId`, `tupu:source`, `tupu:sha256`,
//!   `tupu:characterCount`, written by [`crate::rdf`]), so a loaded store has
//!   the same manifest as a built one.
//!
//! Errors ([`BulkError`]) name the file (`-` for standard input) and, for
//! syntax errors, the line (1-based).

use crate::rdf::{article_graph, ArticleMeta};
use crate::vocab::tupu;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

/// An error of reading N-Quads article graphs. `file` is the path as given,
/// or `-` for standard input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// The file could not be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid N-Quads.
    #[error("{file}:{line}: malformed N-Quads: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The line of the error, 1-based.
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// A quad in the default graph: every tupu quad lives in an article's
    /// named graph.
    #[error(
        "{file}: quad outside any named graph (tupu keeps every quad in an article graph): {quad}"
    )]
    DefaultGraph {
        /// The file.
        file: String,
        /// The quad, in N-Quads.
        quad: String,
    },
    /// A named graph that is not a tupu article graph (no article node with
    /// `tupu:articleId` naming it, or metadata missing).
    #[error("{file}: graph <{graph}> is not a tupu article graph: {reason}")]
    NotAnArticle {
        /// The file.
        file: String,
        /// The graph IRI.
        graph: String,
        /// What is missing or wrong.
        reason: String,
    },
}

/// A shard specification `I/N`: shard `I` (0-based) of `N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0 <= index < count`.
    pub index: u32,
    /// The number of shards, at least 1.
    pub count: u32,
}

/// The error of parsing a [`Shard`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid shard {text:?}: expected I/N with 0 <= I < N, e.g. 0/4")]
pub struct ShardParseError {
    /// The text given.
    pub text: String,
}

impl FromStr for Shard {
    type Err = ShardParseError;

    /// Parses `I/N`, e.g. `0/4`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ShardParseError { text: s.to_owned() };
        let (i, n) = s.split_once('/').ok_or_else(err)?;
        let index: u32 = i.trim().parse().map_err(|_| err())?;
        let count: u32 = n.trim().parse().map_err(|_| err())?;
        if count == 0 || index >= count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The whole input as one shard (`0/1`).
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Whether article `id` belongs to this shard ([`shard_of`]).
    pub fn contains(&self, id: &str) -> bool {
        shard_of(id, self.count) == self.index
    }
}

/// The shard (0-based, `< count`) of article `id` among `count` shards: the
/// first 8 bytes of SHA-256 of the id's UTF-8 bytes, as a big-endian
/// integer, modulo `count`. Fixed across runs and machines. `count` 0 is
/// treated as 1.
///
/// ```
/// assert_eq!(tupu::bulk::shard_of("any.txt", 1), 0);
/// assert!(tupu::bulk::shard_of("002_37cb68cf616920c1.txt", 3) < 3);
/// ```
pub fn shard_of(id: &str, count: u32) -> u32 {
    let digest = Sha256::digest(id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(count.max(1))) as u32
}

/// Where N-Quads come from: a file, or bytes already read (standard input,
/// read once so it can be parsed twice: validated, then loaded).
#[derive(Debug, Clone)]
pub enum NQuadsInput {
    /// A file.
    File(PathBuf),
    /// Bytes, with the name to report (`-` for standard input).
    Bytes {
        /// The name used in errors.
        name: String,
        /// The N-Quads text.
        data: Arc<Vec<u8>>,
    },
}

impl NQuadsInput {
    /// The inputs of command-line arguments: `-` is standard input (read
    /// to its end now, at most once however often `-` is given), anything
    /// else a file.
    ///
    /// Errors: [`BulkError::Io`] if standard input cannot be read.
    pub fn from_args(args: &[PathBuf]) -> Result<Vec<NQuadsInput>, BulkError> {
        let mut stdin: Option<Arc<Vec<u8>>> = None;
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            if a.as_os_str() == "-" {
                let data = match &stdin {
                    Some(d) => d.clone(),
                    None => {
                        let mut buf = Vec::new();
                        std::io::stdin()
                            .lock()
                            .read_to_end(&mut buf)
                            .map_err(|source| BulkError::Io {
                                file: "-".into(),
                                source,
                            })?;
                        let d = Arc::new(buf);
                        stdin = Some(d.clone());
                        d
                    }
                };
                out.push(NQuadsInput::Bytes {
                    name: "-".into(),
                    data,
                });
            } else {
                out.push(NQuadsInput::File(a.clone()));
            }
        }
        Ok(out)
    }

    /// The name used in errors: the path, or the bytes' name.
    pub fn name(&self) -> String {
        match self {
            NQuadsInput::File(p) => p.display().to_string(),
            NQuadsInput::Bytes { name, .. } => name.clone(),
        }
    }

    fn reader(&self) -> Result<Box<dyn Read>, BulkError> {
        match self {
            NQuadsInput::File(p) => File::open(p)
                .map(|f| Box::new(BufReader::with_capacity(1 << 20, f)) as Box<dyn Read>)
                .map_err(|source| BulkError::Io {
                    file: p.display().to_string(),
                    source,
                }),
            NQuadsInput::Bytes { data, .. } => {
                Ok(Box::new(std::io::Cursor::new(ArcBytes(data.clone()))))
            }
        }
    }
}

/// Shared bytes as a `Cursor` source.
struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The quads of one named graph in one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphBlock {
    /// The graph.
    pub graph: NamedNode,
    /// Its quads, in input order, duplicates kept (all in `graph`).
    pub quads: Vec<Quad>,
    /// The input they were read from (path, or `-`).
    pub file: String,
}

/// A stream of [`GraphBlock`]s from several N-Quads inputs: each input's
/// graphs in IRI order, inputs in the order given. After the first error it
/// yields nothing more.
pub struct GraphBlocks {
    inputs: std::vec::IntoIter<NQuadsInput>,
    ready: std::vec::IntoIter<GraphBlock>,
    failed: bool,
}

impl GraphBlocks {
    /// Reads `inputs` one after the other.
    pub fn new(inputs: Vec<NQuadsInput>) -> Self {
        GraphBlocks {
            inputs: inputs.into_iter(),
            ready: Vec::new().into_iter(),
            failed: false,
        }
    }
}

/// Every graph of one input, sorted by graph IRI.
fn read_input(input: &NQuadsInput) -> Result<Vec<GraphBlock>, BulkError> {
    let file = input.name();
    let mut graphs: BTreeMap<NamedNode, Vec<Quad>> = BTreeMap::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_reader(input.reader()?) {
        let q = q.map_err(|e| parse_error(&file, e))?;
        let GraphName::NamedNode(g) = &q.graph_name else {
            return Err(BulkError::DefaultGraph {
                file,
                quad: q.to_string(),
            });
        };
        match graphs.get_mut(g) {
            Some(quads) => quads.push(q),
            None => {
                graphs.insert(g.clone(), vec![q]);
            }
        }
    }
    Ok(graphs
        .into_iter()
        .map(|(graph, quads)| GraphBlock {
            graph,
            quads,
            file: file.clone(),
        })
        .collect())
}

fn parse_error(file: &str, e: RdfParseError) -> BulkError {
    match e {
        RdfParseError::Io(source) => BulkError::Io {
            file: file.to_owned(),
            source,
        },
        RdfParseError::Syntax(s) => BulkError::Syntax {
            file: file.to_owned(),
            line: s.location().map_or(0, |l| l.start.line + 1),
            message: s.to_string(),
        },
    }
}

impl Iterator for GraphBlocks {
    type Item = Result<GraphBlock, BulkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(b) = self.ready.next() {
                return Some(Ok(b));
            }
            match read_input(&self.inputs.next()?) {
                Ok(blocks) => self.ready = blocks.into_iter(),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// The article a graph block holds: its [`ArticleMeta`] read from the
/// article node (the subject of `tupu:articleId` in the graph), which must
/// name the graph itself (`article_graph(id) == graph`) and carry
/// `tupu:source`, `tupu:sha256` and `tupu:characterCount`.
///
/// Errors: [`BulkError::NotAnArticle`] naming the file, the graph and what
/// is missing.
pub fn article_meta(block: &GraphBlock) -> Result<ArticleMeta, BulkError> {
    let err = |reason: String| BulkError::NotAnArticle {
        file: block.file.clone(),
        graph: block.graph.as_str().to_owned(),
        reason,
    };
    let literal_of = |subject: &NamedOrBlankNode, p| {
        block.quads.iter().find_map(|q| match &q.object {
            Term::Literal(l) if q.subject == *subject && q.predicate.as_ref() == p => {
                Some(l.value().to_owned())
            }
            _ => None,
        })
    };
    let (node, id) = block
        .quads
        .iter()
        .find_map(|q| match &q.object {
            Term::Literal(l) if q.predicate.as_ref() == tupu::ARTICLE_ID => {
                Some((q.subject.clone(), l.value().to_owned()))
            }
            _ => None,
        })
        .ok_or_else(|| err("no tupu:articleId".into()))?;
    if article_graph(&id) != block.graph {
        return Err(err(format!(
            "its tupu:articleId {id:?} names graph <{}>",
            article_graph(&id).as_str()
        )));
    }
    let source = literal_of(&node, tupu::SOURCE).ok_or_else(|| err("no tupu:source".into()))?;
    let sha256 = literal_of(&node, tupu::SHA256).ok_or_else(|| err("no tupu:sha256".into()))?;
    let chars = literal_of(&node, tupu::CHARACTER_COUNT)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| err("no integer tupu:characterCount".into()))?;
    Ok(ArticleMeta {
        id,
        source,
        sha256,
        chars,
    })
}

/// Reads every block of `inputs` and checks it is an article graph, without
/// keeping the quads: the first error, or (articles, quads) counted.
/// `tupu load` runs this before storing anything, so malformed input
/// stores nothing.
///
/// Errors: the first [`BulkError`] of [`GraphBlocks`] or [`article_meta`].
pub fn validate(inputs: &[NQuadsInput]) -> Result<(usize, usize), BulkError> {
    let (mut articles, mut quads) = (0, 0);
    for block in GraphBlocks::new(inputs.to_vec()) {
        let block = block?;
        article_meta(&block)?;
        articles += 1;
        quads += block.quads.len();
    }
    Ok((articles, quads))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Annotation;
    use crate::rdf::resolved_annotation_quads;

    fn article(id: &str) -> Vec<Quad> {
        let meta = ArticleMeta {
            id: id.into(),
            source: format!("data/{id}"),
            sha256: "ab".repeat(32),
            chars: 42,
        };
        resolved_annotation_quads(&meta, &Annotation::default())
    }

    fn nquads(quads: &[Quad]) -> Vec<u8> {
        quads
            .iter()
            .map(|q| format!("{q} .\n"))
            .collect::<String>()
            .into_bytes()
    }

    fn bytes(name: &str, data: Vec<u8>) -> NQuadsInput {
        NQuadsInput::Bytes {
            name: name.into(),
            data: Arc::new(data),
        }
    }

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["5/5", "1/0", "x/2", "3", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        // Every id is in exactly one of N shards, and the split is not
        // degenerate on a hundred ids.
        let ids: Vec<String> = (0..100).map(|i| format!("{i:03}.txt")).collect();
        let mut sizes = [0; 3];
        for id in &ids {
            let owners: Vec<u32> = (0..3)
                .filter(|&i| Shard { index: i, count: 3 }.contains(id))
                .collect();
            assert_eq!(owners.len(), 1, "{id}");
            sizes[owners[0] as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 15), "{sizes:?}");
        // Fixed: the SHA-256 of "a" starts ca978112ca1bbdca.
        assert_eq!(
            shard_of("a", 1000),
            (0xca97_8112_ca1b_bdca_u64 % 1000) as u32
        );
    }

    #[test]
    fn blocks_group_each_files_quads_by_graph_and_give_back_the_meta() {
        let (a, b) = (article("a.txt"), article("b.txt"));
        // Interleaved, as in a sorted export.
        let mixed: Vec<Quad> = a
            .iter()
            .zip(&b)
            .flat_map(|(x, y)| [x.clone(), y.clone()])
            .collect();
        assert_eq!(mixed.len(), a.len() + b.len());
        let blocks: Vec<GraphBlock> = GraphBlocks::new(vec![
            bytes("x.nq", nquads(&mixed)),
            bytes("y.nq", nquads(&a[..2])),
        ])
        .collect::<Result<_, _>>()
        .unwrap();
        assert_eq!(blocks.len(), 3);
        let sorted = |mut v: Vec<Quad>| {
            v.sort_by_key(|q| q.to_string());
            v
        };
        assert_eq!(sorted(blocks[0].quads.clone()), sorted(a.clone()));
        assert_eq!(sorted(blocks[1].quads.clone()), sorted(b.clone()));
        assert_eq!(
            (blocks[2].file.as_str(), blocks[2].quads.len()),
            ("y.nq", 2)
        );
        let meta = article_meta(&blocks[1]).unwrap();
        assert_eq!(meta.id, "b.txt");
        assert_eq!(meta.source, "data/b.txt");
        assert_eq!(meta.chars, 42);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let mut text = nquads(&article("a.txt"));
        let good_lines = text.iter().filter(|&&c| c == b'\n').count() as u64;
        text.extend(b"<http://e/s> <http://e/p> \"unterminated <http://e/g> .\n");
        let err = validate(&[bytes("bad.nq", text)]).unwrap_err();
        match &err {
            BulkError::Syntax { file, line, .. } => {
                assert_eq!(file, "bad.nq");
                assert_eq!(*line, good_lines + 1);
            }
            other => panic!("{other}"),
        }
        assert!(err
            .to_string()
            .starts_with(&format!("bad.nq:{}: ", good_lines + 1)));
        let err = validate(&[bytes(
            "d.nq",
            b"<http://e/s> <http://e/p> <http://e/o> .\n".to_vec(),
        )])
        .unwrap_err();
        assert!(matches!(err, BulkError::DefaultGraph { .. }), "{err}");
        let foreign = b"<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n".to_vec();
        let err = validate(&[bytes("f.nq", foreign)]).unwrap_err();
        assert!(
            err.to_string()
                .contains("graph <http://e/g> is not a tupu article graph"),
            "{err}"
        );
    }
}
