//! Writing the whole graph: RDF serialisations, a JSON-lines entity list and
//! a Graphviz DOT drawing.
//!
//! | format | content |
//! |---|---|
//! | [`ExportFormat::Turtle`] | the union of all articles' triples (duplicates across articles once), with prefixes |
//! | [`ExportFormat::TriG`] | every quad, one named graph per article, with prefixes |
//! | [`ExportFormat::NQuads`] | every quad, one per line |
//! | [`ExportFormat::JsonLd`] | every quad as JSON-LD 1.1 (Oxigraph's serialiser), one named graph per article |
//! | [`ExportFormat::Jsonl`] | one line per **entity**: `{"iri","type","subtypes","label","aliases","articles"}` |
//! | [`ExportFormat::Dot`] | entities as nodes (Chinese label, shape and colour per type, a legend), relations as edges labelled in Chinese |
//! | [`ExportFormat::GraphMl`] | GraphML (Gephi, yEd, NetworkX): entities with label, type, IRI; relations with predicate, Chinese label, evidence (typed keys; a symmetric relation as two directed edges) |
//!
//! [`write_neo4j`] writes `nodes.csv` and `relationships.csv` for
//! `neo4j-admin database import`; [`write_dot_subgraph`],
//! [`write_graphml`] and [`write_neo4j`] also take a subset of entities
//! (e.g. a [`crate::graph::Neighbourhood`]).
//!
//! Every format is deterministic: lines, nodes and edges are sorted (by IRI or
//! N-Quads text), never in hash order.

use crate::annotation::{EntityType, Predicate, Subtype};
use crate::graph::{GraphError, KnowledgeGraph, RelationEdge};
use crate::rdf::article_id_from_iri;
use crate::store::{GraphStore, StoreError};
use crate::vocab::{self, prov, schema, skos, tupu};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term, Triple};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The font named in DOT output so that `dot -Tsvg` renders Chinese.
pub const DOT_FONT: &str = "Noto Sans CJK SC";

/// An output format of [`export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Turtle: union of all article graphs.
    Turtle,
    /// TriG: named graphs kept.
    TriG,
    /// N-Quads: named graphs kept.
    NQuads,
    /// Graphviz DOT.
    Dot,
    /// JSON lines, one entity per line.
    Jsonl,
    /// GraphML, through [`crate::graph::KnowledgeGraph`].
    GraphMl,
    /// JSON-LD 1.1 (Oxigraph's serialiser): every quad, one named graph per
    /// article, as expanded JSON-LD under `@graph`.
    JsonLd,
}

impl ExportFormat {
    /// Every format, in the order of the module table.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Turtle,
        ExportFormat::TriG,
        ExportFormat::NQuads,
        ExportFormat::JsonLd,
        ExportFormat::Jsonl,
        ExportFormat::Dot,
        ExportFormat::GraphMl,
    ];

    /// The usual file extensions of the format, lower case without the dot
    /// (the first is the one to write).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            ExportFormat::Turtle => &["ttl"],
            ExportFormat::TriG => &["trig"],
            ExportFormat::NQuads => &["nq"],
            ExportFormat::JsonLd => &["jsonld"],
            ExportFormat::Jsonl => &["jsonl"],
            ExportFormat::Dot => &["dot", "gv"],
            ExportFormat::GraphMl => &["graphml"],
        }
    }

    /// The format whose extension `ext` is (case-insensitive), if any.
    ///
    /// ```
    /// use tupu::export::ExportFormat;
    /// assert_eq!(ExportFormat::from_extension("JSONLD"), Some(ExportFormat::JsonLd));
    /// assert_eq!(ExportFormat::from_extension("jpg"), None);
    /// ```
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        let ext = ext.to_ascii_lowercase();
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }
}

/// An error of [`export`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the output failed.
    #[error("writing export: {0}")]
    Io(#[from] io::Error),
}

/// The prefixes written in Turtle and TriG output.
pub const PREFIXES: [(&str, &str); 8] = [
    ("tupu", tupu::NAMESPACE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", skos::NAMESPACE),
    ("prov", prov::NAMESPACE),
    ("schema", schema::NAMESPACE),
    ("article", crate::rdf::ARTICLE_BASE),
];

/// Writes every quad of `store` to `writer` in `format` (see the module docs
/// for what each format holds).
///
/// Errors: [`ExportError::Store`] if the store cannot be read,
/// [`ExportError::Io`] if `writer` fails.
pub fn export(
    store: &dyn GraphStore,
    format: ExportFormat,
    writer: &mut dyn Write,
) -> Result<(), ExportError> {
    let quads = store.quads()?;
    match format {
        ExportFormat::Turtle => rdf_out(&union_triples(&quads), RdfFormat::Turtle, writer),
        ExportFormat::TriG => rdf_out(&quads, RdfFormat::TriG, writer),
        ExportFormat::NQuads => rdf_out(&quads, RdfFormat::NQuads, writer),
        ExportFormat::JsonLd => rdf_out(
            &quads,
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            writer,
        ),
        ExportFormat::Jsonl => {
            for e in entities(&quads).values() {
                // Serialised apart, so that a write error (a closed pipe)
                // stays an I/O error.
                let mut line = serde_json::to_vec(e).map_err(io::Error::other)?;
                line.push(b'\n');
                writer.write_all(&line)?;
            }
            Ok(())
        }
        ExportFormat::Dot => {
            writer.write_all(dot(&quads).as_bytes())?;
            Ok(())
        }
        ExportFormat::GraphMl => {
            let graph = load_graph(store)?;
            write_graphml(&graph, None, writer)?;
            Ok(())
        }
    }
}

/// [`KnowledgeGraph::load`] with its errors as export errors.
fn load_graph(store: &dyn GraphStore) -> Result<KnowledgeGraph, ExportError> {
    KnowledgeGraph::load(store).map_err(|e| match e {
        GraphError::Store(s) => ExportError::Store(s),
        other => ExportError::Io(io::Error::other(other.to_string())),
    })
}

/// Writes the DOT drawing (as [`ExportFormat::Dot`]) of only the entities
/// whose IRIs are in `entities` and the relations among them.
///
/// Errors: [`ExportError::Store`] if the store cannot be read,
/// [`ExportError::Io`] if `writer` fails.
pub fn write_dot_subgraph(
    store: &dyn GraphStore,
    entities: &BTreeSet<String>,
    writer: &mut dyn Write,
) -> Result<(), ExportError> {
    let quads: Vec<Quad> = store
        .quads()?
        .into_iter()
        .filter(|q| {
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                return false;
            };
            if !entities.contains(s.as_str()) {
                return false;
            }
            match &q.object {
                Term::NamedNode(o) if vocab::predicate_from_iri(q.predicate.as_ref()).is_some() => {
                    entities.contains(o.as_str())
                }
                _ => true,
            }
        })
        .collect();
    writer.write_all(dot(&quads).as_bytes())?;
    Ok(())
}

/// The evidence sentences of a relation, de-duplicated, joined by ` | `.
fn evidence_summary(rel: &RelationEdge) -> String {
    let mut seen = BTreeSet::new();
    rel.evidence
        .iter()
        .filter_map(|e| e.sentence.as_deref().or(e.text.as_deref()))
        .filter(|s| seen.insert(*s))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The articles of a relation's evidence, de-duplicated, joined by `;`.
fn evidence_articles(rel: &RelationEdge) -> String {
    rel.evidence
        .iter()
        .map(|e| e.article.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(";")
}

/// The nodes and edges of `graph` kept by `only` (all if `None`): nodes in
/// index (IRI) order, edges with both ends kept in index order.
fn kept(
    graph: &KnowledgeGraph,
    only: Option<&BTreeSet<NodeIndex>>,
) -> (Vec<NodeIndex>, Vec<EdgeIndex>) {
    let g = graph.graph();
    let keep = |n: &NodeIndex| only.is_none_or(|set| set.contains(n));
    let nodes = g.node_indices().filter(keep).collect();
    let edges = g
        .edge_indices()
        .filter(|&e| {
            let (s, o, _) = graph.edge(e);
            keep(&s) && keep(&o)
        })
        .collect();
    (nodes, edges)
}

/// The GraphML `<key>`s: (id, domain, `attr.name`, `attr.type`).
const GRAPHML_KEYS: [(&str, &str, &str, &str); 12] = [
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("subtypes", "node", "subtypes", "string"),
    ("aliases", "node", "aliases", "string"),
    ("iri", "node", "iri", "string"),
    ("degree", "node", "degree", "int"),
    ("predicate", "edge", "predicate", "string"),
    ("label_zh", "edge", "label", "string"),
    ("symmetric", "edge", "symmetric", "boolean"),
    ("evidence", "edge", "evidence", "string"),
    ("evidence_count", "edge", "evidence_count", "int"),
    ("articles", "edge", "articles", "string"),
];

/// Writes `graph` (or only the entities in `only` and the relations among
/// them) as GraphML 1.0 that NetworkX (`read_graphml`), Gephi and yEd read
/// as they are, through `quick-xml`'s writer.
///
/// Keys are typed (`attr.type`): node `label`, `type`, `subtypes` and
/// `aliases` (joined by `;`), `iri` (strings), `degree` (int); edge
/// `predicate`, `label` (Chinese, key id `label_zh`), `evidence` (sentences
/// joined by ` | `), `articles` (joined by `;`), `evidence_count` (int),
/// `symmetric` (boolean). Node ids are `n{index}`, edge ids `e{index}`.
///
/// The graph is directed (`edgedefault="directed"`). A symmetric relation
/// (`signedWith`) is written as two directed edges, one each way, both with
/// `symmetric` true (the second has id `e{index}r`): GraphML's per-edge
/// `directed="false"` is refused by NetworkX in a directed graph, and a
/// directed reader then sees the relation from both ends.
///
/// Errors: those of `writer`.
pub fn write_graphml(
    graph: &KnowledgeGraph,
    only: Option<&BTreeSet<NodeIndex>>,
    writer: &mut dyn Write,
) -> io::Result<()> {
    use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
    let (nodes, edges) = kept(graph, only);
    let mut w = quick_xml::Writer::new_with_indent(writer, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    for (id, domain, name, ty) in GRAPHML_KEYS {
        w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
            ("id", id),
            ("for", domain),
            ("attr.name", name),
            ("attr.type", ty),
        ])))?;
    }
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "tupu"), ("edgedefault", "directed")]),
    ))?;
    // One `<data key="…">value</data>`, or nothing for an empty string.
    fn data<W: Write>(w: &mut quick_xml::Writer<W>, key: &str, value: &str) -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        w.write_event(Event::Start(
            BytesStart::new("data").with_attributes([("key", key)]),
        ))?;
        w.write_event(Event::Text(BytesText::new(&xml_text(value))))?;
        w.write_event(Event::End(BytesEnd::new("data")))?;
        Ok(())
    }
    for n in nodes {
        let e = graph.node(n);
        let subtypes: Vec<&str> = e.subtypes.iter().map(|s| s.as_str()).collect();
        let id = format!("n{}", n.index());
        w.write_event(Event::Start(
            BytesStart::new("node").with_attributes([("id", id.as_str())]),
        ))?;
        data(&mut w, "label", &e.label)?;
        data(&mut w, "type", e.entity_type.as_str())?;
        data(&mut w, "subtypes", &subtypes.join(";"))?;
        data(&mut w, "aliases", &e.aliases.join(";"))?;
        data(&mut w, "iri", &e.iri)?;
        data(&mut w, "degree", &graph.degree(n).to_string())?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for e in edges {
        let (s, o, rel) = graph.edge(e);
        let symmetric = rel.predicate.is_symmetric();
        let ends = if symmetric {
            vec![
                (format!("e{}", e.index()), s, o),
                (format!("e{}r", e.index()), o, s),
            ]
        } else {
            vec![(format!("e{}", e.index()), s, o)]
        };
        for (id, from, to) in ends {
            let (from, to) = (format!("n{}", from.index()), format!("n{}", to.index()));
            w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
                ("id", id.as_str()),
                ("source", from.as_str()),
                ("target", to.as_str()),
            ])))?;
            data(&mut w, "predicate", rel.predicate.as_str())?;
            data(&mut w, "label_zh", vocab::predicate_label_zh(rel.predicate))?;
            data(
                &mut w,
                "symmetric",
                if symmetric { "true" } else { "false" },
            )?;
            data(&mut w, "evidence", &evidence_summary(rel))?;
            data(&mut w, "evidence_count", &rel.evidence.len().to_string())?;
            data(&mut w, "articles", &evidence_articles(rel))?;
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.into_inner().write_all(b"\n")
}

/// `s` without the control characters XML 1.0 does not allow (tab, line
/// feed and carriage return stay); quick-xml escapes the rest.
fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    if s.contains(bad) {
        s.replace(bad, "").into()
    } else {
        s.into()
    }
}

/// Writes `nodes.csv` and `relationships.csv` into `dir` (created if
/// missing) in the header format of `neo4j-admin database import`:
///
/// ```text
/// nodes.csv:          :ID,name,iri,aliases:string[],:LABEL
/// relationships.csv:  :START_ID,:END_ID,:TYPE,evidence,articles:string[]
/// ```
///
/// `:ID` is the entity IRI; `:LABEL` the type and subtypes joined by `;`;
/// `:TYPE` the predicate (`signedAt`, …); `evidence` the sentences joined by
/// ` | ` (no line breaks, so the default import settings read it). Only the
/// entities in `only` (all if `None`) and the relations among them.
///
/// Errors: [`ExportError::Io`] naming the file that cannot be written.
pub fn write_neo4j(
    graph: &KnowledgeGraph,
    only: Option<&BTreeSet<NodeIndex>>,
    dir: &std::path::Path,
) -> Result<(), ExportError> {
    let named = |path: &std::path::Path, e: io::Error| {
        ExportError::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    };
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let (nodes, edges) = kept(graph, only);
    let csv_error = |path: &std::path::Path, e: csv::Error| {
        let e = io::Error::from(e);
        named(path, e)
    };
    let path = dir.join("nodes.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|e| csv_error(&path, e))?;
    w.write_record([":ID", "name", "iri", "aliases:string[]", ":LABEL"])
        .map_err(|e| csv_error(&path, e))?;
    for n in nodes {
        let e = graph.node(n);
        let mut labels = vec![e.entity_type.as_str()];
        labels.extend(e.subtypes.iter().map(|s| s.as_str()));
        let aliases = e.aliases.join(";");
        w.write_record([
            e.iri.as_str(),
            e.label.as_str(),
            e.iri.as_str(),
            aliases.as_str(),
            labels.join(";").as_str(),
        ])
        .map_err(|e| csv_error(&path, e))?;
    }
    w.flush().map_err(|e| named(&path, e))?;
    let path = dir.join("relationships.csv");
    let mut w = csv::Writer::from_path(&path).map_err(|e| csv_error(&path, e))?;
    w.write_record([
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "evidence",
        "articles:string[]",
    ])
    .map_err(|e| csv_error(&path, e))?;
    for e in edges {
        let (s, o, rel) = graph.edge(e);
        w.write_record([
            graph.node(s).iri.as_str(),
            graph.node(o).iri.as_str(),
            rel.predicate.as_str(),
            // One line per record: the import's default refuses line breaks
            // inside a field.
            evidence_summary(rel).replace(['\n', '\r'], " ").as_str(),
            evidence_articles(rel).as_str(),
        ])
        .map_err(|e| csv_error(&path, e))?;
    }
    w.flush().map_err(|e| named(&path, e))?;
    Ok(())
}

/// The triples of all graphs as default-graph quads, each once, sorted.
fn union_triples(quads: &[Quad]) -> Vec<Quad> {
    let mut seen = BTreeMap::new();
    for q in quads {
        let t = Quad::new(
            q.subject.clone(),
            q.predicate.clone(),
            q.object.clone(),
            GraphName::DefaultGraph,
        );
        seen.insert(Triple::from(t.clone()).to_string(), t);
    }
    seen.into_values().collect()
}

fn rdf_out(quads: &[Quad], format: RdfFormat, writer: &mut dyn Write) -> Result<(), ExportError> {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        for (prefix, iri) in PREFIXES {
            serializer = serializer
                .with_prefix(prefix, iri)
                .map_err(|e| io::Error::other(e.to_string()))?;
        }
    }
    let mut out = serializer.for_writer(writer);
    for q in quads {
        if format.supports_datasets() {
            out.serialize_quad(q)?;
        } else {
            out.serialize_triple(q.as_ref())?;
        }
    }
    out.finish()?;
    Ok(())
}

/// One line of the JSON-lines export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityLine {
    /// The entity IRI.
    pub iri: String,
    /// The entity type (`Organization`, …).
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Subtypes asserted by any article, sorted.
    pub subtypes: Vec<String>,
    /// The `rdfs:label` (the smallest if articles disagree).
    pub label: String,
    /// Every `skos:altLabel`, sorted.
    pub aliases: Vec<String>,
    /// Ids of the articles whose graphs mention the entity, sorted.
    pub articles: Vec<String>,
}

/// The entities of `quads` (subjects typed with one of the six type
/// classes), keyed and sorted by IRI.
fn entities(quads: &[Quad]) -> BTreeMap<String, EntityLine> {
    let mut out: BTreeMap<String, EntityLine> = BTreeMap::new();
    for q in quads {
        let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object) else {
            continue;
        };
        if q.predicate != rdf::TYPE {
            continue;
        }
        if let Some(t) = vocab::entity_type_from_iri(o.as_ref()) {
            out.entry(s.as_str().to_owned())
                .or_insert_with(|| EntityLine {
                    iri: s.as_str().to_owned(),
                    entity_type: t,
                    subtypes: vec![],
                    label: String::new(),
                    aliases: vec![],
                    articles: vec![],
                });
        }
    }
    let mut subtypes: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut labels: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut aliases: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut articles: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for q in quads {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        if !out.contains_key(s.as_str()) {
            continue;
        }
        if let GraphName::NamedNode(g) = &q.graph_name {
            if let Some(id) = article_id_from_iri(g.as_ref()) {
                articles.entry(s.as_str()).or_default().insert(id);
            }
        }
        match &q.object {
            Term::Literal(l) if q.predicate == rdfs::LABEL => {
                labels
                    .entry(s.as_str())
                    .or_default()
                    .insert(l.value().to_owned());
            }
            Term::Literal(l) if q.predicate == skos::ALT_LABEL => {
                aliases
                    .entry(s.as_str())
                    .or_default()
                    .insert(l.value().to_owned());
            }
            Term::NamedNode(o) if q.predicate == rdf::TYPE => {
                if let Some(st) = Subtype::ALL
                    .into_iter()
                    .find(|st| vocab::subtype(*st) == o.as_ref())
                {
                    subtypes
                        .entry(s.as_str())
                        .or_default()
                        .insert(st.as_str().to_owned());
                }
            }
            _ => {}
        }
    }
    for (iri, e) in &mut out {
        let key = iri.as_str();
        e.subtypes = subtypes
            .remove(key)
            .unwrap_or_default()
            .into_iter()
            .collect();
        e.label = labels
            .get(key)
            .and_then(|l| l.first().cloned())
            .unwrap_or_default();
        e.aliases = aliases
            .remove(key)
            .unwrap_or_default()
            .into_iter()
            .collect();
        e.articles = articles
            .remove(key)
            .unwrap_or_default()
            .into_iter()
            .collect();
    }
    out
}

/// Escapes `s` for the inside of a double-quoted DOT string: `\` → `\\`,
/// `"` → `\"`, line breaks → `\n`.
///
/// ```
/// assert_eq!(tupu::export::dot_escape("A\"B\\C\nD"), "A\\\"B\\\\C\\nD");
/// ```
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The DOT shape and fill colour of an entity type.
fn dot_style(t: EntityType) -> (&'static str, &'static str) {
    match t {
        EntityType::Organization => ("box", "#9ecae1"),
        EntityType::Person => ("ellipse", "#fdae6b"),
        EntityType::Park => ("hexagon", "#a1d99b"),
        EntityType::Project => ("component", "#dadaeb"),
        EntityType::Event => ("octagon", "#fc9272"),
        EntityType::Place => ("house", "#c7e9c0"),
    }
}

/// The DOT drawing of `quads`: entities as nodes, relations between entities
/// as edges (each once however many articles state it; `signedWith` once per
/// pair, undirected), sorted by IRI.
fn dot(quads: &[Quad]) -> String {
    let ents = entities(quads);
    let ids: BTreeMap<&str, String> = ents
        .keys()
        .enumerate()
        .map(|(i, iri)| (iri.as_str(), format!("n{i}")))
        .collect();
    let mut edges: BTreeSet<(String, String, Predicate)> = BTreeSet::new();
    for q in quads {
        let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object) else {
            continue;
        };
        let Some(p) = vocab::predicate_from_iri(q.predicate.as_ref()) else {
            continue;
        };
        let (Some(si), Some(oi)) = (ids.get(s.as_str()), ids.get(o.as_str())) else {
            continue;
        };
        let (a, b) = if p.is_symmetric() && s.as_str() > o.as_str() {
            (oi, si)
        } else {
            (si, oi)
        };
        edges.insert((a.clone(), b.clone(), p));
    }
    let mut out = String::new();
    out.push_str("digraph tupu {\n");
    out.push_str(&format!(
        "  graph [fontname=\"{DOT_FONT}\", rankdir=LR, charset=\"UTF-8\"];\n"
    ));
    out.push_str(&format!(
        "  node [fontname=\"{DOT_FONT}\", style=filled];\n"
    ));
    out.push_str(&format!("  edge [fontname=\"{DOT_FONT}\", fontsize=10];\n"));
    out.push_str("  subgraph cluster_legend {\n    label=\"图例\";\n");
    for t in EntityType::ALL {
        let (shape, color) = dot_style(t);
        out.push_str(&format!(
            "    \"legend_{}\" [label=\"{}\", shape={shape}, fillcolor=\"{color}\"];\n",
            t.as_str(),
            dot_escape(vocab::entity_type_label_zh(t))
        ));
    }
    out.push_str("  }\n");
    for (iri, e) in &ents {
        let (shape, color) = dot_style(e.entity_type);
        let label = if e.label.is_empty() {
            iri.as_str()
        } else {
            e.label.as_str()
        };
        out.push_str(&format!(
            "  {} [label=\"{}\", tooltip=\"{}\", shape={shape}, fillcolor=\"{color}\"];\n",
            ids[iri.as_str()],
            dot_escape(label),
            dot_escape(iri)
        ));
    }
    for (a, b, p) in &edges {
        let dir = if p.is_symmetric() { ", dir=none" } else { "" };
        out.push_str(&format!(
            "  {a} -> {b} [label=\"{}\"{dir}];\n",
            dot_escape(vocab::predicate_label_zh(*p))
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Annotation;
    use crate::rdf::{annotation_quads, ArticleMeta};
    use crate::store::FileStore;
    use oxigraph::store::Store;

    fn store_with(names: &[&str], dir: &std::path::Path) -> FileStore {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut s = FileStore::open(dir).unwrap();
        for name in names {
            let ann: Annotation = serde_json::from_str(
                &std::fs::read_to_string(format!("{root}/data/gold/{name}.json")).unwrap(),
            )
            .unwrap();
            let meta = ArticleMeta {
                id: (*name).into(),
                source: (*name).into(),
                sha256: "0".repeat(64),
                chars: 1,
            };
            s.replace_article(&meta, &annotation_quads(&meta, &ann))
                .unwrap();
        }
        s
    }

    const ALL: [&str; 5] = [
        "000_410003ede4b73390.txt",
        "001_42766f52b4656d20.txt",
        "002_37cb68cf616920c1.txt",
        "003_4093b89e4d5d4e75.txt",
        "004_f27004be77f55aa8.txt",
    ];

    fn run(store: &dyn GraphStore, f: ExportFormat) -> String {
        let mut out = Vec::new();
        export(store, f, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn dot_escaping() {
        assert_eq!(dot_escape(r#"say "hi" \ bye"#), r#"say \"hi\" \\ bye"#);
        assert_eq!(dot_escape("两江\n新区"), "两江\\n新区");
        // A node whose label needs escaping.
        let iri = crate::rdf::entity_iri(EntityType::Organization, "x");
        let g = crate::rdf::article_graph("a");
        let quads = vec![
            Quad::new(iri.clone(), rdf::TYPE, tupu::ORGANIZATION, g.clone()),
            Quad::new(
                iri,
                rdfs::LABEL,
                oxigraph::model::Literal::from("A\"B\\C"),
                g,
            ),
        ];
        let out = dot(&quads);
        assert!(out.contains(r#"n0 [label="A\"B\\C""#), "{out}");
        // Every quoted string in the output is closed on its line.
        for line in out.lines() {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
        }
    }

    #[test]
    fn output_is_deterministic_and_independent_of_insertion_order() {
        let (t1, t2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let forward = store_with(&ALL, t1.path());
        let mut rev = ALL;
        rev.reverse();
        let backward = store_with(&rev, t2.path());
        for f in [
            ExportFormat::Turtle,
            ExportFormat::TriG,
            ExportFormat::NQuads,
            ExportFormat::Dot,
            ExportFormat::Jsonl,
            ExportFormat::GraphMl,
        ] {
            let a = run(&forward, f);
            assert_eq!(a, run(&forward, f), "{f:?}");
            assert_eq!(a, run(&backward, f), "{f:?}");
        }
        let dot = run(&forward, ExportFormat::Dot);
        assert!(dot.contains(DOT_FONT));
        assert!(dot.contains("label=\"签约于\""));
        assert!(dot.contains("label=\"签约\", dir=none"));
        assert!(dot.contains("label=\"2021中国国际智能产业博览会\""));
        assert!(dot.contains("cluster_legend"));
    }

    #[test]
    fn turtle_and_nquads_reparse() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store_with(&ALL, tmp.path());
        let quads = s.quads().unwrap();
        let ttl = run(&s, ExportFormat::Turtle);
        assert!(ttl.contains("@prefix tupu: <https://tupu.dev/ontology#> ."));
        assert!(ttl.contains("tupu:signedAt"));
        let back = Store::new().unwrap();
        back.load_from_slice(RdfFormat::Turtle, &ttl).unwrap();
        assert_eq!(back.len().unwrap(), union_triples(&quads).len());
        assert!(
            back.len().unwrap() < quads.len(),
            "shared entities collapse in the union"
        );
        for (format, f) in [
            (ExportFormat::NQuads, RdfFormat::NQuads),
            (ExportFormat::TriG, RdfFormat::TriG),
        ] {
            let text = run(&s, format);
            let back = Store::new().unwrap();
            back.load_from_slice(f, &text).unwrap();
            let mut got = back.iter().collect::<Result<Vec<_>, _>>().unwrap();
            crate::store::sort_quads(&mut got);
            assert_eq!(got, quads, "{format:?}");
        }
    }

    #[test]
    fn jsonl_lists_entities_with_their_articles() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store_with(&ALL, tmp.path());
        let text = run(&s, ExportFormat::Jsonl);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let iris: Vec<&str> = lines.iter().map(|l| l["iri"].as_str().unwrap()).collect();
        let mut sorted = iris.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(iris, sorted);
        let chongqing = lines
            .iter()
            .find(|l| l["iri"] == "https://tupu.dev/id/Place/重庆")
            .expect("重庆 is in the gold");
        assert_eq!(chongqing["type"], "Place");
        assert_eq!(chongqing["label"], "重庆");
        assert!(
            chongqing["articles"].as_array().unwrap().len() >= 2,
            "{chongqing}"
        );
    }
}
