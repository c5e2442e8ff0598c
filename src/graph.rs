//! Graph walks: a [`petgraph`] projection of the store with entities as
//! nodes and relations as typed edges carrying their evidence.
//!
//! [`KnowledgeGraph::load`] reads entities, relations and their statement
//! nodes through [`crate::projection`] and builds the graph once; every algorithm then
//! works in memory:
//!
//! | method | what |
//! |---|---|
//! | [`KnowledgeGraph::find`] | an entity by label or `skos:altLabel` (exact, then NFKC/white-space/case-insensitive) |
//! | [`KnowledgeGraph::shortest_paths`] | up to k shortest simple paths (Yen's algorithm over BFS, edges walked in both directions) |
//! | [`KnowledgeGraph::neighbors`] | the entities within n hops and the relations among them |
//! | [`KnowledgeGraph::rank`] | PageRank or degree centrality, filterable by type |
//! | [`KnowledgeGraph::connected_components`] | weakly connected components |
//!
//! Node indices follow the IRI order and edges the (subject, object,
//! predicate) order, so the same store always gives the same graph and the
//! same answers. A relation stated by several articles is one edge with
//! several [`Evidence`]s; `signedWith` (symmetric, stored in both directions)
//! is one edge from the smaller IRI to the larger.
//!
//! Offsets in [`Evidence`] are CHARACTER (Unicode scalar) offsets into the
//! original article file, as everywhere outside extraction.

use crate::annotation::{EntityType, Predicate, Subtype};
use crate::ask::linking::{LinkEntity, Linker};
use crate::projection;
use crate::store::{GraphStore, StoreError};
use crate::vocab;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// An error of loading or walking the graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No entity has this name as label or alias. Every command that takes
    /// an entity name (`path`, `neighbors`, `draw`, `explain`, `export
    /// --entity`) reports an unknown name with this error: exit code 1 and
    /// the closest entities of the graph ([`Linker::closest`]).
    #[error("no entity named {name:?}{}", close_list(.close))]
    NotFound {
        /// The name looked up.
        name: String,
        /// Labels and aliases that look close, best first (at most 5).
        close: Vec<String>,
    },
}

fn close_list(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        format!("; closest entities: {}", close.join(", "))
    }
}

/// A node: one entity of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityNode {
    /// The entity IRI.
    pub iri: String,
    /// The `rdfs:label` (the smallest if articles disagree; the IRI's last
    /// segment if there is none).
    pub label: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Subtypes asserted by any article, sorted.
    pub subtypes: Vec<Subtype>,
    /// Every `skos:altLabel`, sorted.
    pub aliases: Vec<String>,
}

pub use crate::projection::Evidence;

/// An edge: one relation `subject predicate object` (the edge's source and
/// target), with every statement of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationEdge {
    /// The predicate.
    pub predicate: Predicate,
    /// The statements, sorted (empty if the store has the triple but no
    /// statement node for it).
    pub evidence: Vec<Evidence>,
}

/// A path found by [`KnowledgeGraph::shortest_paths`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The entities from the start to the end.
    pub nodes: Vec<NodeIndex>,
    /// One hop per consecutive pair of `nodes`.
    pub hops: Vec<Hop>,
}

/// One hop of a [`Path`]: from one entity to the next, with every relation
/// linking them (in either direction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Where the hop starts.
    pub from: NodeIndex,
    /// Where the hop ends.
    pub to: NodeIndex,
    /// The edges between `from` and `to`, either way round, sorted.
    pub edges: Vec<EdgeIndex>,
}

/// The result of [`KnowledgeGraph::neighbors`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The entity walked from.
    pub center: NodeIndex,
    /// Every entity within the depth with its distance in hops (the center
    /// at 0), sorted by distance, then IRI.
    pub nodes: Vec<(NodeIndex, usize)>,
    /// Every edge whose both ends are in `nodes`, sorted.
    pub edges: Vec<EdgeIndex>,
}

impl Neighbourhood {
    /// The node indices of [`Self::nodes`] as a set.
    pub fn node_set(&self) -> BTreeSet<NodeIndex> {
        self.nodes.iter().map(|(n, _)| *n).collect()
    }
}

/// How [`KnowledgeGraph::rank`] scores entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMethod {
    /// PageRank over the directed relations (damping 0.85; `signedWith`
    /// counts both ways).
    PageRank,
    /// Degree centrality: the number of distinct neighbours divided by
    /// `n - 1`.
    Degree,
}

/// One entry of [`KnowledgeGraph::rank`].
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The entity.
    pub node: NodeIndex,
    /// Its score (PageRank scores sum to 1 over the whole graph).
    pub score: f64,
    /// Its number of distinct neighbours.
    pub degree: usize,
}

/// A serialisable reference to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// The IRI.
    pub iri: String,
    /// The label.
    pub label: String,
    /// The type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
}

/// A serialisable relation of a hop, in its real direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationView {
    /// The subject.
    pub subject: EntityRef,
    /// The predicate (`signedAt`, …).
    pub predicate: Predicate,
    /// Its Chinese label (签约于, …).
    pub predicate_zh: &'static str,
    /// The object.
    pub object: EntityRef,
    /// Whether the relation points along the walk (`from` is the subject).
    pub forward: bool,
    /// Its statements.
    pub evidence: Vec<Evidence>,
}

/// A serialisable hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopView {
    /// Where the hop starts.
    pub from: EntityRef,
    /// Where the hop ends.
    pub to: EntityRef,
    /// The relations linking them.
    pub relations: Vec<RelationView>,
}

/// The projection of a store into a directed petgraph graph.
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    graph: DiGraph<EntityNode, RelationEdge>,
    by_iri: BTreeMap<String, NodeIndex>,
    linker: Linker,
    /// Undirected adjacency: distinct neighbours, sorted by index.
    adjacency: Vec<Vec<NodeIndex>>,
}

impl KnowledgeGraph {
    /// Builds the graph from `store` by the indexed scans of
    /// [`projection`] (no SPARQL join): the typed entities with labels and
    /// aliases, the relations between them, and their statement nodes
    /// (article, sentence, evidence span and CHARACTER offsets).
    ///
    /// Relations whose subject or object is not a typed entity are skipped.
    ///
    /// Errors: [`GraphError::Store`] if the store cannot be read.
    ///
    /// Complexity: O(Q_p + (V + E + S) log Q) for the Q_p quads of the
    /// predicates read, V entities, E relations and S statements in a store
    /// of Q quads.
    pub fn load(store: &dyn GraphStore) -> Result<Self, GraphError> {
        Self::from_oxigraph(store.oxigraph(), true)
    }

    /// Like [`KnowledgeGraph::load`], from any Oxigraph store holding (at
    /// least) the entities' `rdf:type`, `rdfs:label`, `skos:altLabel` and
    /// the relation triples between entities. With `with_evidence` false the
    /// statement nodes are not read and every [`RelationEdge::evidence`] is
    /// empty: what `ask` needs, which reads the evidence of the few triples
    /// it answers with (`crate::ask::AskSource`), also from a remote store.
    ///
    /// Errors: [`GraphError::Store`] if the store cannot be read.
    pub fn from_oxigraph(
        ox: &oxigraph::store::Store,
        with_evidence: bool,
    ) -> Result<Self, GraphError> {
        let mut graph = DiGraph::new();
        let mut by_iri = BTreeMap::new();
        for (iri, facts) in projection::entities(ox)? {
            let Some(&entity_type) = facts.types.first() else {
                continue;
            };
            // The smallest label names it; the others (another article's
            // name for a resolved entity) are found as aliases.
            let mut labels = facts.labels.into_iter();
            let label = labels
                .next()
                .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri.as_str()).to_owned());
            let mut aliases = facts.aliases;
            aliases.extend(labels);
            let ix = graph.add_node(EntityNode {
                iri: iri.clone(),
                label,
                entity_type,
                subtypes: facts.subtypes.into_iter().collect(),
                aliases: aliases.into_iter().collect(),
            });
            by_iri.insert(iri, ix);
        }
        let key_of = |t: &projection::RelationTriple| {
            let (&si, &oi) = (by_iri.get(&t.subject)?, by_iri.get(&t.object)?);
            Some(if t.predicate.is_symmetric() && oi < si {
                (oi, si, t.predicate)
            } else {
                (si, oi, t.predicate)
            })
        };
        let mut edges: BTreeMap<(NodeIndex, NodeIndex, Predicate), BTreeSet<Evidence>> =
            BTreeMap::new();
        for t in projection::relations(ox)? {
            if let Some(key) = key_of(&t) {
                edges.entry(key).or_default();
            }
        }
        if with_evidence {
            for st in projection::relation_evidence(ox)? {
                if let Some(set) = key_of(&st.triple).and_then(|k| edges.get_mut(&k)) {
                    set.insert(st.source);
                }
            }
        }
        let mut adjacency: Vec<BTreeSet<NodeIndex>> = vec![BTreeSet::new(); graph.node_count()];
        let mut relation_count = vec![0usize; graph.node_count()];
        for ((s, o, predicate), evidence) in edges {
            graph.add_edge(
                s,
                o,
                RelationEdge {
                    predicate,
                    evidence: evidence.into_iter().collect(),
                },
            );
            relation_count[s.index()] += 1;
            relation_count[o.index()] += 1;
            if s != o {
                adjacency[s.index()].insert(o);
                adjacency[o.index()].insert(s);
            }
        }
        // The linker indexes the nodes in node order (IRI order), so a
        // linker index is the node index.
        let linker = Linker::new(
            graph
                .node_weights()
                .zip(&relation_count)
                .map(|(n, &degree)| LinkEntity {
                    iri: n.iri.clone(),
                    label: n.label.clone(),
                    aliases: n.aliases.iter().cloned().collect(),
                    types: std::iter::once(n.entity_type.as_str().to_owned())
                        .chain(n.subtypes.iter().map(|t| t.as_str().to_owned()))
                        .collect(),
                    degree,
                })
                .collect(),
        );
        Ok(KnowledgeGraph {
            graph,
            by_iri,
            linker,
            adjacency: adjacency
                .into_iter()
                .map(|s| s.into_iter().collect())
                .collect(),
        })
    }

    /// The entity linker over the nodes: its entity `i` is node `i`.
    pub fn linker(&self) -> &Linker {
        &self.linker
    }

    /// The underlying petgraph graph (for other petgraph algorithms).
    pub fn graph(&self) -> &DiGraph<EntityNode, RelationEdge> {
        &self.graph
    }

    /// The entity at `ix`. Panics if `ix` is not a node of this graph.
    pub fn node(&self, ix: NodeIndex) -> &EntityNode {
        &self.graph[ix]
    }

    /// The subject, object and relation of edge `e`. Panics if `e` is not an
    /// edge of this graph.
    pub fn edge(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex, &RelationEdge) {
        let (s, o) = self
            .graph
            .edge_endpoints(e)
            .expect("edge index of this graph");
        (s, o, &self.graph[e])
    }

    /// The node of the entity with IRI `iri`, if any.
    pub fn by_iri(&self, iri: &str) -> Option<NodeIndex> {
        self.by_iri.get(iri).copied()
    }

    /// The number of distinct neighbours of `ix` (edges walked either way).
    pub fn degree(&self, ix: NodeIndex) -> usize {
        self.adjacency[ix.index()].len()
    }

    /// A serialisable reference to the entity at `ix`.
    pub fn entity_ref(&self, ix: NodeIndex) -> EntityRef {
        let n = &self.graph[ix];
        EntityRef {
            iri: n.iri.clone(),
            label: n.label.clone(),
            entity_type: n.entity_type,
        }
    }

    /// Every entity named `name`, best first, as [`Linker::candidates`]
    /// links it (label, then alias, then a normalised or fuzzy form; within
    /// a level the most connected first, ties by IRI). An IRI is accepted
    /// too. Empty if nothing matches.
    pub fn find_all(&self, name: &str) -> Vec<NodeIndex> {
        if let Some(ix) = self.by_iri(name) {
            return vec![ix];
        }
        self.linker
            .candidates(name, &[])
            .into_iter()
            .map(|l| NodeIndex::new(l.entity))
            .collect()
    }

    /// The best entity named `name` (the first of [`Self::find_all`]).
    ///
    /// Errors: [`GraphError::NotFound`] with up to five closest names of the
    /// graph ([`Linker::closest`]).
    ///
    /// ```no_run
    /// # use tupu::store::FileStore;
    /// # let store = FileStore::open_read_only("tupu.db")?;
    /// let g = tupu::graph::KnowledgeGraph::load(&store)?;
    /// let expo = g.find("2021智博会")?; // an alias of 2021中国国际智能产业博览会
    /// assert_eq!(g.node(expo).label, "2021中国国际智能产业博览会");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find(&self, name: &str) -> Result<NodeIndex, GraphError> {
        if let Some(&ix) = self.find_all(name).first() {
            return Ok(ix);
        }
        Err(GraphError::NotFound {
            name: name.to_owned(),
            close: self.linker.closest(name, 5),
        })
    }

    /// Breadth-first shortest path from `from` to `to` avoiding
    /// `banned_nodes` and the undirected pairs `banned_pairs`.
    fn bfs(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        banned_nodes: &[bool],
        banned_pairs: &BTreeSet<(NodeIndex, NodeIndex)>,
    ) -> Option<Vec<NodeIndex>> {
        let n = self.graph.node_count();
        let mut prev: Vec<Option<NodeIndex>> = vec![None; n];
        let mut seen = vec![false; n];
        seen[from.index()] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(x) = queue.pop_front() {
            if x == to {
                let mut path = vec![to];
                let mut cur = to;
                while let Some(p) = prev[cur.index()] {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            for &y in &self.adjacency[x.index()] {
                let pair = if x < y { (x, y) } else { (y, x) };
                if seen[y.index()] || banned_nodes[y.index()] || banned_pairs.contains(&pair) {
                    continue;
                }
                seen[y.index()] = true;
                prev[y.index()] = Some(x);
                queue.push_back(y);
            }
        }
        None
    }

    /// Up to `k` shortest simple paths from `from` to `to` of at most
    /// `max_hops` hops, walking relations in both directions.
    ///
    /// # Arguments
    /// * `from`, `to`: the end entities (e.g. from [`Self::find`]).
    /// * `k`: the largest number of paths returned.
    /// * `max_hops`: the longest path returned, in hops (edges).
    ///
    /// # Returns
    /// Paths in increasing length (ties in node-index order, which is IRI
    /// order), each a sequence of entities with one [`Hop`] per step listing
    /// every relation between the two entities in its real direction. A path
    /// never visits an entity twice. Empty if `to` cannot be reached within
    /// `max_hops`, or `k` is 0. `from == to` gives the single path of
    /// length 0.
    ///
    /// # Complexity
    /// Yen's algorithm with breadth-first search as the inner shortest path:
    /// **O(k · L · (|V| + |E|))** time and **O(|V| + k · L)** space, where L
    /// is the length of the longest path returned.
    ///
    /// # Example
    /// ```no_run
    /// # use tupu::store::FileStore;
    /// # let store = FileStore::open_read_only("tupu.db")?;
    /// let g = tupu::graph::KnowledgeGraph::load(&store)?;
    /// let (bosch, chongqing) = (g.find("博世集团")?, g.find("重庆")?);
    /// for path in g.shortest_paths(bosch, chongqing, 3, 4) {
    ///     println!("{} hops", path.hops.len());
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Reference
    /// J. Y. Yen, "Finding the k shortest loopless paths in a network",
    /// Management Science 17(11), 1971.
    pub fn shortest_paths(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        k: usize,
        max_hops: usize,
    ) -> Vec<Path> {
        let n = self.graph.node_count();
        if k == 0 || from.index() >= n || to.index() >= n {
            return vec![];
        }
        let none = vec![false; n];
        let Some(first) = self.bfs(from, to, &none, &BTreeSet::new()) else {
            return vec![];
        };
        if first.len() - 1 > max_hops {
            return vec![];
        }
        let mut found = vec![first];
        let mut candidates: BTreeSet<(usize, Vec<NodeIndex>)> = BTreeSet::new();
        while found.len() < k {
            let last = found.last().expect("at least one path").clone();
            for i in 0..last.len().saturating_sub(1) {
                let spur = last[i];
                let root = &last[..=i];
                let mut banned_pairs = BTreeSet::new();
                for p in &found {
                    if p.len() > i + 1 && &p[..=i] == root {
                        let (a, b) = (p[i], p[i + 1]);
                        banned_pairs.insert(if a < b { (a, b) } else { (b, a) });
                    }
                }
                let mut banned_nodes = vec![false; n];
                for r in &root[..i] {
                    banned_nodes[r.index()] = true;
                }
                if let Some(spur_path) = self.bfs(spur, to, &banned_nodes, &banned_pairs) {
                    let mut total = root[..i].to_vec();
                    total.extend(spur_path);
                    if !found.contains(&total) {
                        candidates.insert((total.len(), total));
                    }
                }
            }
            let Some((len, best)) = candidates.pop_first() else {
                break;
            };
            if len - 1 > max_hops {
                break;
            }
            found.push(best);
        }
        found.into_iter().map(|nodes| self.path(nodes)).collect()
    }

    /// The [`Path`] through `nodes` (consecutive nodes must be adjacent).
    fn path(&self, nodes: Vec<NodeIndex>) -> Path {
        let hops = nodes
            .windows(2)
            .map(|w| {
                let mut edges: Vec<EdgeIndex> = self
                    .graph
                    .edges_connecting(w[0], w[1])
                    .chain(self.graph.edges_connecting(w[1], w[0]))
                    .map(|e| e.id())
                    .collect();
                edges.sort();
                edges.dedup();
                Hop {
                    from: w[0],
                    to: w[1],
                    edges,
                }
            })
            .collect();
        Path { nodes, hops }
    }

    /// A serialisable view of `path`: each hop with its relations in their
    /// real direction and their evidence.
    pub fn describe(&self, path: &Path) -> Vec<HopView> {
        path.hops
            .iter()
            .map(|h| HopView {
                from: self.entity_ref(h.from),
                to: self.entity_ref(h.to),
                relations: h
                    .edges
                    .iter()
                    .map(|&e| {
                        let (s, o, rel) = self.edge(e);
                        RelationView {
                            subject: self.entity_ref(s),
                            predicate: rel.predicate,
                            predicate_zh: vocab::predicate_label_zh(rel.predicate),
                            object: self.entity_ref(o),
                            forward: s == h.from,
                            evidence: rel.evidence.clone(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// The entities within `depth` hops of `center` (relations walked in
    /// both directions) and the relations among them.
    ///
    /// # Arguments
    /// * `center`: the entity to start from.
    /// * `depth`: the largest distance in hops (0 gives the center alone).
    ///
    /// # Returns
    /// A [`Neighbourhood`]: nodes with their distance, sorted by distance then
    /// IRI, and every edge with both ends among them.
    ///
    /// # Complexity
    /// Breadth-first search: **O(|V| + |E|)** time and **O(|V|)** space.
    ///
    /// # Example
    /// ```no_run
    /// # use tupu::store::FileStore;
    /// # let store = FileStore::open_read_only("tupu.db")?;
    /// let g = tupu::graph::KnowledgeGraph::load(&store)?;
    /// let around = g.neighbors(g.find("2021中国国际智能产业博览会")?, 1);
    /// println!("{} entities, {} relations", around.nodes.len(), around.edges.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn neighbors(&self, center: NodeIndex, depth: usize) -> Neighbourhood {
        let mut dist: BTreeMap<NodeIndex, usize> = BTreeMap::from([(center, 0)]);
        let mut queue = VecDeque::from([center]);
        while let Some(x) = queue.pop_front() {
            let d = dist[&x];
            if d == depth {
                continue;
            }
            for &y in &self.adjacency[x.index()] {
                if let std::collections::btree_map::Entry::Vacant(v) = dist.entry(y) {
                    v.insert(d + 1);
                    queue.push_back(y);
                }
            }
        }
        let mut nodes: Vec<(NodeIndex, usize)> = dist.iter().map(|(n, d)| (*n, *d)).collect();
        nodes.sort_by_key(|(n, d)| (*d, *n));
        let mut edges: Vec<EdgeIndex> = dist
            .keys()
            .flat_map(|&n| self.graph.edges_directed(n, Direction::Outgoing))
            .filter(|e| dist.contains_key(&e.target()))
            .map(|e| e.id())
            .collect();
        edges.sort();
        Neighbourhood {
            center,
            nodes,
            edges,
        }
    }

    /// Entities ranked by centrality, optionally only those of one type.
    ///
    /// # Arguments
    /// * `method`: [`RankMethod::PageRank`] (damping 0.85, power iteration
    ///   until the L1 change is below 1e-12 or 200 rounds; entities without
    ///   outgoing relations spread their rank evenly) or
    ///   [`RankMethod::Degree`].
    /// * `only`: keep only entities of this type (scores are still computed
    ///   on the whole graph).
    ///
    /// # Returns
    /// Entities by decreasing score, ties by IRI.
    ///
    /// # Complexity
    /// PageRank: **O(n · (|V| + |E|))** time for n rounds, **O(|V|)** space
    /// (a sparse power iteration; petgraph's `page_rank` is O(n|V|²|E|), too
    /// slow for corpus-sized graphs). Degree: **O(|V| log |V|)**.
    ///
    /// # Example
    /// ```no_run
    /// # use tupu::store::FileStore;
    /// use tupu::annotation::EntityType;
    /// use tupu::graph::RankMethod;
    /// # let store = FileStore::open_read_only("tupu.db")?;
    /// let g = tupu::graph::KnowledgeGraph::load(&store)?;
    /// for r in g.rank(RankMethod::PageRank, Some(EntityType::Organization)).iter().take(5) {
    ///     println!("{} {:.4}", g.node(r.node).label, r.score);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Reference
    /// L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation
    /// ranking: bringing order to the web", 1999.
    pub fn rank(&self, method: RankMethod, only: Option<EntityType>) -> Vec<Ranked> {
        let n = self.graph.node_count();
        let scores: Vec<f64> = match method {
            RankMethod::Degree => (0..n)
                .map(|i| {
                    if n > 1 {
                        self.adjacency[i].len() as f64 / (n - 1) as f64
                    } else {
                        0.0
                    }
                })
                .collect(),
            RankMethod::PageRank => self.page_rank(0.85),
        };
        let mut out: Vec<Ranked> = self
            .graph
            .node_indices()
            .filter(|&ix| only.is_none_or(|t| self.graph[ix].entity_type == t))
            .map(|ix| Ranked {
                node: ix,
                score: scores[ix.index()],
                degree: self.degree(ix),
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        out
    }

    fn page_rank(&self, damping: f64) -> Vec<f64> {
        let n = self.graph.node_count();
        if n == 0 {
            return vec![];
        }
        // Directed out-links; a symmetric relation links both ways.
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in self.graph.edge_references() {
            out[e.source().index()].push(e.target().index());
            if e.weight().predicate.is_symmetric() {
                out[e.target().index()].push(e.source().index());
            }
        }
        let nf = n as f64;
        let mut rank = vec![1.0 / nf; n];
        for _ in 0..200 {
            let dangling: f64 = (0..n).filter(|&i| out[i].is_empty()).map(|i| rank[i]).sum();
            let base = (1.0 - damping) / nf + damping * dangling / nf;
            let mut next = vec![base; n];
            for (i, targets) in out.iter().enumerate() {
                if targets.is_empty() {
                    continue;
                }
                let share = damping * rank[i] / targets.len() as f64;
                for &t in targets {
                    next[t] += share;
                }
            }
            let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
            rank = next;
            if change < 1e-12 {
                break;
            }
        }
        rank
    }

    /// The weakly connected components (relations taken as undirected).
    ///
    /// # Returns
    /// Each component's entities sorted by index (IRI order); components by
    /// decreasing size, ties by their first entity. An entity without
    /// relations is a component of its own.
    ///
    /// # Complexity
    /// Union-find: **O(|V| + |E| α(|V|))** time, **O(|V|)** space.
    ///
    /// # Example
    /// ```no_run
    /// # use tupu::store::FileStore;
    /// # let store = FileStore::open_read_only("tupu.db")?;
    /// let g = tupu::graph::KnowledgeGraph::load(&store)?;
    /// let comps = g.connected_components();
    /// assert_eq!(comps.len(), petgraph::algo::connected_components(g.graph()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn connected_components(&self) -> Vec<Vec<NodeIndex>> {
        let n = self.graph.node_count();
        let mut uf = UnionFind::<usize>::new(n);
        for e in self.graph.edge_references() {
            uf.union(e.source().index(), e.target().index());
        }
        let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
        for i in 0..n {
            groups
                .entry(uf.find(i))
                .or_default()
                .push(NodeIndex::new(i));
        }
        let mut comps: Vec<Vec<NodeIndex>> = groups.into_values().collect();
        comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        comps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Annotation;
    use crate::rdf::{annotation_quads, ArticleMeta};
    use crate::store::FileStore;

    /// A store of the five gold annotations (hand-made, so independent of
    /// extractor tuning).
    fn gold_graph() -> KnowledgeGraph {
        let root = env!("CARGO_MANIFEST_DIR");
        let dir = tempfile::tempdir().unwrap();
        let mut s = FileStore::open(dir.path()).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(format!("{root}/data/gold"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        for path in names {
            let ann: Annotation =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let meta = ArticleMeta {
                id: id.clone(),
                source: id,
                sha256: "0".repeat(64),
                chars: 1,
            };
            s.replace_article(&meta, &annotation_quads(&meta, &ann))
                .unwrap();
        }
        KnowledgeGraph::load(&s).unwrap()
    }

    #[test]
    fn lookup_by_label_alias_and_normalised_form() {
        let g = gold_graph();
        let expo = g.find("2021中国国际智能产业博览会").unwrap();
        assert_eq!(g.node(expo).entity_type, EntityType::Event);
        // An alias, and a full-width/space variant of the label.
        assert_eq!(g.find("2021智博会").unwrap(), expo);
        assert_eq!(g.find(" 2021中国国际智能产业博览会 ").unwrap(), expo);
        let err = g.find("博世集团公司总部").unwrap_err();
        let GraphError::NotFound { close, .. } = &err else {
            panic!("{err}")
        };
        assert!(close.iter().any(|c| c.contains("博世")), "{err}");
        assert!(err.to_string().contains("closest entities"), "{err}");
    }

    #[test]
    fn paths_are_shortest_first_simple_and_report_real_directions() {
        let g = gold_graph();
        let (a, b) = (g.find("博世集团").unwrap(), g.find("重庆").unwrap());
        let paths = g.shortest_paths(a, b, 3, 4);
        assert!(!paths.is_empty());
        let lens: Vec<usize> = paths.iter().map(|p| p.hops.len()).collect();
        assert!(lens.windows(2).all(|w| w[0] <= w[1]), "{lens:?}");
        assert!(lens[0] <= 3, "{lens:?}");
        for p in &paths {
            assert_eq!(p.nodes.first(), Some(&a));
            assert_eq!(p.nodes.last(), Some(&b));
            let distinct: BTreeSet<_> = p.nodes.iter().collect();
            assert_eq!(distinct.len(), p.nodes.len(), "simple path");
            for (hop, view) in p.hops.iter().zip(g.describe(p)) {
                assert!(!hop.edges.is_empty());
                for r in view.relations {
                    let (s, o) = if r.forward {
                        (&view.from, &view.to)
                    } else {
                        (&view.to, &view.from)
                    };
                    assert_eq!((&r.subject, &r.object), (s, o));
                }
            }
        }
        // The distinct paths really are distinct.
        let set: BTreeSet<_> = paths.iter().map(|p| p.nodes.clone()).collect();
        assert_eq!(set.len(), paths.len());
        assert!(g.shortest_paths(a, b, 3, 0).is_empty());
        assert_eq!(g.shortest_paths(a, a, 3, 4)[0].hops.len(), 0);
    }

    #[test]
    fn neighbourhood_distances_and_edges() {
        let g = gold_graph();
        let expo = g.find("2021中国国际智能产业博览会").unwrap();
        let one = g.neighbors(expo, 1);
        assert_eq!(one.nodes[0], (expo, 0));
        assert_eq!(one.nodes.len(), 1 + g.degree(expo));
        let set = one.node_set();
        for &e in &one.edges {
            let (s, o, _) = g.edge(e);
            assert!(set.contains(&s) && set.contains(&o));
        }
        let two = g.neighbors(expo, 2);
        assert!(two.nodes.len() > one.nodes.len());
        assert!(two.nodes.iter().all(|(_, d)| *d <= 2));
        assert_eq!(g.neighbors(expo, 0).nodes, vec![(expo, 0)]);
    }

    #[test]
    fn rank_and_components() {
        let g = gold_graph();
        let pr = g.rank(RankMethod::PageRank, None);
        let total: f64 = pr.iter().map(|r| r.score).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        // The expo every signing points at ranks first among events.
        let events = g.rank(RankMethod::PageRank, Some(EntityType::Event));
        assert_eq!(g.node(events[0].node).label, "2021中国国际智能产业博览会");
        assert!(events
            .iter()
            .all(|r| g.node(r.node).entity_type == EntityType::Event));
        let deg = g.rank(RankMethod::Degree, None);
        assert!(deg.windows(2).all(|w| w[0].score >= w[1].score));
        let comps = g.connected_components();
        assert_eq!(comps.len(), petgraph::algo::connected_components(g.graph()));
        assert_eq!(
            comps.iter().map(Vec::len).sum::<usize>(),
            g.graph().node_count()
        );
        let expo = g.find("2021中国国际智能产业博览会").unwrap();
        assert!(comps[0].contains(&expo));
    }
}
