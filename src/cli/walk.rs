//! The graph-walk commands: `path`, `neighbors`, `rank`, `components`,
//! `draw`, and the `export` formats that go through the petgraph projection
//! (GraphML, Neo4j CSV, a neighbourhood in DOT).
//!
//! Each command opens the store read-only and builds
//! [`tupu::graph::KnowledgeGraph`] once.

use super::args::{ExportFormatArg, RankMethodArg, WalkFormat};
use super::table::write_table;
use super::UsageError;
use anyhow::Context;
use petgraph::graph::NodeIndex;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use tupu::annotation::{EntityType, Predicate, Subtype};
use tupu::graph::{Evidence, HopView, KnowledgeGraph, RankMethod};
use tupu::store::AnyStore;
use tupu::vocab;

/// Evidence lines printed per relation in text output (JSON has all).
const TEXT_EVIDENCE: usize = 3;

/// Opens the store at `db` read-only and loads its graph.
fn load(db: &Path) -> anyhow::Result<(AnyStore, KnowledgeGraph)> {
    let store = tupu::store::open_read_only(db)?;
    let graph = KnowledgeGraph::load(&store)?;
    Ok((store, graph))
}

fn stdout_writer() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

fn json_out(value: &impl Serialize) -> anyhow::Result<()> {
    let mut w = stdout_writer();
    serde_json::to_writer_pretty(&mut w, value).context("writing JSON")?;
    writeln!(w).context("writing output")?;
    w.flush().context("writing output")
}

/// `S —关系→ O` in the relation's real direction.
fn relation_text(g: &KnowledgeGraph, s: NodeIndex, p: Predicate, o: NodeIndex) -> String {
    format!(
        "{} —{}→ {}",
        g.node(s).label,
        vocab::predicate_label_zh(p),
        g.node(o).label
    )
}

fn evidence_lines(w: &mut dyn Write, evidence: &[Evidence], indent: &str) -> std::io::Result<()> {
    for e in evidence.iter().take(TEXT_EVIDENCE) {
        let span = match (e.start, e.end) {
            (Some(s), Some(t)) => format!(" [{s}..{t}]"),
            _ => String::new(),
        };
        let sentence = e.sentence.as_deref().or(e.text.as_deref()).unwrap_or("");
        writeln!(w, "{indent}{}{span}: {sentence}", e.article)?;
    }
    if evidence.len() > TEXT_EVIDENCE {
        writeln!(
            w,
            "{indent}(+{} more; --format json lists all)",
            evidence.len() - TEXT_EVIDENCE
        )?;
    }
    Ok(())
}

/// One path in JSON output.
#[derive(Serialize)]
struct PathJson {
    hops: usize,
    nodes: Vec<tupu::graph::EntityRef>,
    steps: Vec<HopView>,
}

/// `tupu path FROM TO`: up to `k` shortest paths of at most `max_hops`.
/// Exit 1 (with a message on stderr) when there is none.
pub fn path(
    db: &Path,
    from: &str,
    to: &str,
    k: usize,
    max_hops: usize,
    format: WalkFormat,
) -> anyhow::Result<ExitCode> {
    let (_store, g) = load(db)?;
    let (a, b) = (g.find(from)?, g.find(to)?);
    let paths = g.shortest_paths(a, b, k, max_hops);
    match format {
        WalkFormat::Json => {
            #[derive(Serialize)]
            struct Out {
                from: tupu::graph::EntityRef,
                to: tupu::graph::EntityRef,
                paths: Vec<PathJson>,
            }
            json_out(&Out {
                from: g.entity_ref(a),
                to: g.entity_ref(b),
                paths: paths
                    .iter()
                    .map(|p| PathJson {
                        hops: p.hops.len(),
                        nodes: p.nodes.iter().map(|&n| g.entity_ref(n)).collect(),
                        steps: g.describe(p),
                    })
                    .collect(),
            })?;
        }
        WalkFormat::Text => {
            let mut w = stdout_writer();
            for (i, p) in paths.iter().enumerate() {
                let names: Vec<&str> = p.nodes.iter().map(|&n| g.node(n).label.as_str()).collect();
                writeln!(
                    w,
                    "path {} ({} hop{}): {}",
                    i + 1,
                    p.hops.len(),
                    if p.hops.len() == 1 { "" } else { "s" },
                    names.join(" — ")
                )?;
                for hop in &p.hops {
                    for &e in &hop.edges {
                        let (s, o, rel) = g.edge(e);
                        writeln!(w, "  {}", relation_text(&g, s, rel.predicate, o))?;
                        evidence_lines(&mut w, &rel.evidence, "      ")?;
                    }
                }
            }
            w.flush().context("writing output")?;
        }
    }
    if paths.is_empty() {
        eprintln!(
            "tupu: no path between {} and {} within {max_hops} hops",
            g.node(a).label,
            g.node(b).label
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `tupu neighbors X --depth N`.
pub fn neighbors(
    db: &Path,
    entity: &str,
    depth: usize,
    format: WalkFormat,
) -> anyhow::Result<ExitCode> {
    let (_store, g) = load(db)?;
    let center = g.find(entity)?;
    let hood = g.neighbors(center, depth);
    match format {
        WalkFormat::Json => {
            #[derive(Serialize)]
            struct Node {
                distance: usize,
                #[serde(flatten)]
                entity: tupu::graph::EntityRef,
            }
            #[derive(Serialize)]
            struct Rel {
                subject: String,
                predicate: Predicate,
                object: String,
                evidence: Vec<Evidence>,
            }
            #[derive(Serialize)]
            struct Out {
                center: tupu::graph::EntityRef,
                depth: usize,
                nodes: Vec<Node>,
                relations: Vec<Rel>,
            }
            json_out(&Out {
                center: g.entity_ref(center),
                depth,
                nodes: hood
                    .nodes
                    .iter()
                    .map(|&(n, distance)| Node {
                        distance,
                        entity: g.entity_ref(n),
                    })
                    .collect(),
                relations: hood
                    .edges
                    .iter()
                    .map(|&e| {
                        let (s, o, rel) = g.edge(e);
                        Rel {
                            subject: g.node(s).iri.clone(),
                            predicate: rel.predicate,
                            object: g.node(o).iri.clone(),
                            evidence: rel.evidence.clone(),
                        }
                    })
                    .collect(),
            })?;
        }
        WalkFormat::Text => {
            let mut w = stdout_writer();
            let rows: Vec<Vec<String>> = hood
                .nodes
                .iter()
                .map(|&(n, d)| {
                    let e = g.node(n);
                    vec![
                        d.to_string(),
                        e.entity_type.as_str().to_owned(),
                        e.label.clone(),
                    ]
                })
                .collect();
            write_table(
                &mut w,
                &["hops".into(), "type".into(), "entity".into()],
                &rows,
            )?;
            writeln!(w, "\nrelations ({}):", hood.edges.len())?;
            for &e in &hood.edges {
                let (s, o, rel) = g.edge(e);
                writeln!(w, "  {}", relation_text(&g, s, rel.predicate, o))?;
            }
            w.flush().context("writing output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A `--type` filter: an entity type or one of its subtypes.
#[derive(Debug, Clone, Copy)]
enum TypeFilter {
    /// Entities of this type (with or without a subtype).
    Type(EntityType),
    /// Entities asserted to have this subtype by some article.
    Subtype(Subtype),
}

impl TypeFilter {
    /// Whether `e` passes the filter.
    fn keeps(self, e: &tupu::graph::EntityNode) -> bool {
        match self {
            TypeFilter::Type(t) => e.entity_type == t,
            TypeFilter::Subtype(st) => e.entity_type == st.parent() && e.subtypes.contains(&st),
        }
    }
}

/// Parses an entity type or subtype name (case-insensitive), or a usage
/// error listing the valid ones.
fn parse_type(s: &str) -> anyhow::Result<TypeFilter> {
    if let Some(t) = EntityType::ALL
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(s))
    {
        return Ok(TypeFilter::Type(t));
    }
    if let Some(st) = Subtype::ALL
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(s))
    {
        return Ok(TypeFilter::Subtype(st));
    }
    let all: Vec<&str> = EntityType::ALL
        .iter()
        .map(|t| t.as_str())
        .chain(Subtype::ALL.iter().map(|t| t.as_str()))
        .collect();
    Err(UsageError(format!(
        "unknown entity type {s:?}; expected one of {}",
        all.join(", ")
    ))
    .into())
}

/// `tupu rank [--type T] [--top N] [--method pagerank|degree]`.
pub fn rank(
    db: &Path,
    entity_type: Option<&str>,
    top: usize,
    method: RankMethodArg,
    format: WalkFormat,
) -> anyhow::Result<ExitCode> {
    let only = entity_type.map(parse_type).transpose()?;
    let (_store, g) = load(db)?;
    let method = match method {
        RankMethodArg::Pagerank => RankMethod::PageRank,
        RankMethodArg::Degree => RankMethod::Degree,
    };
    let parent = only.map(|f| match f {
        TypeFilter::Type(t) => t,
        TypeFilter::Subtype(st) => st.parent(),
    });
    let ranked: Vec<_> = g
        .rank(method, parent)
        .into_iter()
        .filter(|r| only.is_none_or(|f| f.keeps(g.node(r.node))))
        .take(top)
        .collect();
    match format {
        WalkFormat::Json => {
            #[derive(Serialize)]
            struct Row {
                #[serde(flatten)]
                entity: tupu::graph::EntityRef,
                score: f64,
                degree: usize,
            }
            let rows: Vec<Row> = ranked
                .iter()
                .map(|r| Row {
                    entity: g.entity_ref(r.node),
                    score: r.score,
                    degree: r.degree,
                })
                .collect();
            json_out(&rows)?;
        }
        WalkFormat::Text => {
            let rows: Vec<Vec<String>> = ranked
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let e = g.node(r.node);
                    vec![
                        (i + 1).to_string(),
                        format!("{:.4}", r.score),
                        r.degree.to_string(),
                        e.entity_type.as_str().to_owned(),
                        e.label.clone(),
                    ]
                })
                .collect();
            let mut w = stdout_writer();
            write_table(
                &mut w,
                &[
                    "rank".into(),
                    "score".into(),
                    "degree".into(),
                    "type".into(),
                    "entity".into(),
                ],
                &rows,
            )?;
            w.flush().context("writing output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tupu components [--top N]`.
pub fn components(db: &Path, top: usize, format: WalkFormat) -> anyhow::Result<ExitCode> {
    let (_store, g) = load(db)?;
    let comps = g.connected_components();
    // Members of a component, most connected first.
    let members = |c: &[NodeIndex]| -> Vec<NodeIndex> {
        let mut m = c.to_vec();
        m.sort_by_key(|&n| (std::cmp::Reverse(g.degree(n)), n));
        m
    };
    match format {
        WalkFormat::Json => {
            #[derive(Serialize)]
            struct Comp {
                size: usize,
                entities: Vec<tupu::graph::EntityRef>,
            }
            #[derive(Serialize)]
            struct Out {
                count: usize,
                components: Vec<Comp>,
            }
            json_out(&Out {
                count: comps.len(),
                components: comps
                    .iter()
                    .take(top)
                    .map(|c| Comp {
                        size: c.len(),
                        entities: members(c).into_iter().map(|n| g.entity_ref(n)).collect(),
                    })
                    .collect(),
            })?;
        }
        WalkFormat::Text => {
            let mut w = stdout_writer();
            let singletons = comps.iter().filter(|c| c.len() == 1).count();
            writeln!(
                w,
                "{} components ({} entities, {} without relations)",
                comps.len(),
                g.graph().node_count(),
                singletons
            )?;
            for (i, c) in comps.iter().take(top).enumerate() {
                let m = members(c);
                let names: Vec<&str> = m
                    .iter()
                    .take(8)
                    .map(|&n| g.node(n).label.as_str())
                    .collect();
                let more = if m.len() > 8 { ", …" } else { "" };
                writeln!(
                    w,
                    "{:>3}. {} entities: {}{more}",
                    i + 1,
                    c.len(),
                    names.join(", ")
                )?;
            }
            w.flush().context("writing output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `.NAME.tmp-PID` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Writes `out` through `write` atomically (temporary file, then rename).
fn write_atomically(
    out: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let tmp = temp_path(out);
    let result = (|| -> anyhow::Result<()> {
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w).with_context(|| format!("{}: cannot write", out.display()))?;
        let file = w
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("{}: cannot write", out.display()))?;
        file.sync_all()
            .with_context(|| format!("{}: cannot write", out.display()))?;
        std::fs::rename(&tmp, out).with_context(|| format!("{}: cannot write", out.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The neighbourhood node set of `entity` at `depth`, if given.
fn subset(
    g: &KnowledgeGraph,
    entity: Option<&str>,
    depth: usize,
) -> anyhow::Result<Option<BTreeSet<NodeIndex>>> {
    entity
        .map(|e| Ok(g.neighbors(g.find(e)?, depth).node_set()))
        .transpose()
}

/// The format of `tupu export`: `format`, or else the one named by the
/// extension of `out`; a file `out` whose extension is not the format's is
/// refused (a usage error naming the file and the extensions accepted).
fn export_format_for(
    format: Option<ExportFormatArg>,
    out: Option<&Path>,
) -> anyhow::Result<ExportFormatArg> {
    use tupu::export::ExportFormat as F;
    let ext = out
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().into_owned());
    let from_ext = ext.as_deref().and_then(F::from_extension);
    let known = || {
        F::ALL
            .iter()
            .flat_map(|f| f.extensions())
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shown = |p: &Path| p.display().to_string();
    match (format, out) {
        (Some(ExportFormatArg::Neo4j), _) => Ok(ExportFormatArg::Neo4j),
        (Some(f), None) => Ok(f),
        (Some(f), Some(path)) => {
            let lib = f.library().expect("neo4j handled above");
            match (&ext, from_ext) {
                (Some(_), Some(named)) if named == lib => Ok(f),
                (Some(e), _) => Err(UsageError(format!(
                    "{}: the extension .{e} does not fit --format {} (use .{})",
                    shown(path),
                    format!("{f:?}").to_lowercase(),
                    lib.extensions().join(" or .")
                ))
                .into()),
                (None, _) => Ok(f),
            }
        }
        (None, Some(path)) => from_ext.map(ExportFormatArg::from_library).ok_or_else(|| {
            UsageError(format!(
                "{}: no --format given and the extension names no export format (known: {})",
                shown(path),
                known()
            ))
            .into()
        }),
        (None, None) => Err(UsageError("give --format or an --out file".into()).into()),
    }
}

/// `tupu export`: the whole-graph formats of [`super::graph::export`], plus
/// Neo4j CSV and neighbourhoods (`--entity X --depth N`). The format is
/// `format` or the one of `out`'s extension (see [`export_format_for`]).
pub fn export(
    db: &Path,
    format: Option<ExportFormatArg>,
    out: Option<&Path>,
    entity: Option<&str>,
    depth: usize,
) -> anyhow::Result<ExitCode> {
    let format = export_format_for(format, out)?;
    if let (Some(whole), None) = (format.library(), entity) {
        super::graph::export(db, whole, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !matches!(
        format,
        ExportFormatArg::Dot | ExportFormatArg::Graphml | ExportFormatArg::Neo4j
    ) {
        return Err(UsageError(format!(
            "--entity works with --format dot, graphml or neo4j, not {}",
            format!("{format:?}").to_lowercase()
        ))
        .into());
    }
    let (store, g) = load(db)?;
    let only = subset(&g, entity, depth)?;
    let write = |w: &mut dyn Write| -> anyhow::Result<()> {
        match format {
            ExportFormatArg::Dot => {
                let iris = dot_iris(&g, only.as_ref());
                tupu::export::write_dot_subgraph(&store, &iris, w)?;
            }
            _ => tupu::export::write_graphml(&g, only.as_ref(), w)?,
        }
        Ok(())
    };
    match (format, out) {
        (ExportFormatArg::Neo4j, Some(dir)) => tupu::export::write_neo4j(&g, only.as_ref(), dir)?,
        (ExportFormatArg::Neo4j, None) => {
            return Err(UsageError("--format neo4j needs --out DIR".into()).into())
        }
        (_, Some(path)) => write_atomically(path, write)?,
        (_, None) => {
            let mut w = stdout_writer();
            write(&mut w)?;
            w.flush().context("writing output")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The IRIs of `only` (every entity if `None`).
fn dot_iris(g: &KnowledgeGraph, only: Option<&BTreeSet<NodeIndex>>) -> BTreeSet<String> {
    g.graph()
        .node_indices()
        .filter(|n| only.is_none_or(|s| s.contains(n)))
        .map(|n| g.node(n).iri.clone())
        .collect()
}

/// `tupu draw --entity X --depth N --out F`: the neighbourhood in DOT,
/// rendered by Graphviz `dot` in the format of `out`'s extension (`.svg`,
/// `.png`, `.pdf`, `.jpg`/`.jpeg`; another extension is a usage error, exit
/// 2, checked before the store is opened).
///
/// Errors: the entity is unknown (exit 1), `dot` is not installed or fails
/// (exit 1, with its message), `out` cannot be written.
pub fn draw(db: &Path, entity: &str, depth: usize, out: &Path) -> anyhow::Result<ExitCode> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = match ext.as_deref() {
        Some("svg") => "svg",
        Some("png") => "png",
        Some("pdf") => "pdf",
        Some("jpg" | "jpeg") => "jpg",
        _ => {
            return Err(UsageError(format!(
                "{}: cannot draw to {}; use .svg, .png, .pdf, .jpg or .jpeg",
                out.display(),
                ext.map_or_else(
                    || "a file without extension".to_owned(),
                    |e| format!(".{e}")
                )
            ))
            .into())
        }
    };
    let (store, g) = load(db)?;
    let hood = g.neighbors(g.find(entity)?, depth);
    let iris = dot_iris(&g, Some(&hood.node_set()));
    let mut dot = Vec::new();
    tupu::export::write_dot_subgraph(&store, &iris, &mut dot)?;
    let tmp = temp_path(out);
    let child = Command::new("dot")
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(&tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            anyhow::bail!(
                "Graphviz `dot` is not installed (Debian/Ubuntu: apt-get install graphviz); \
                 `tupu export --format dot --entity {entity:?}` writes the DOT source instead"
            )
        }
        Err(e) => return Err(e).context("cannot run Graphviz `dot`"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&dot).context("writing to Graphviz `dot`")?;
    }
    let output = child
        .wait_with_output()
        .context("waiting for Graphviz `dot`")?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&tmp);
        anyhow::bail!(
            "Graphviz `dot` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    std::fs::rename(&tmp, out).with_context(|| format!("{}: cannot write", out.display()))?;
    Ok(ExitCode::SUCCESS)
}
