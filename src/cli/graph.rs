//! The commands on a built graph besides `query`: `export`, `stats`,
//! `remove`.

use super::table::write_table;
use anyhow::Context;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tupu::annotation::{AttributeKind, EntityType, Predicate};
use tupu::store::{AnyStore, GraphStore};
use tupu::vocab;

/// Writes the graph of the store at `db` (opened read-only) in `format` to
/// `out`, or to standard output. A file is written atomically: to a
/// temporary file in the same directory, then renamed over `out`, so a failed
/// export never leaves a half-written file.
///
/// Errors: store errors (exit 3), output errors naming the file.
pub fn export(
    db: &Path,
    format: tupu::export::ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let store = tupu::store::open_read_only(db)?;
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            tupu::export::export(&store, format, &mut w)?;
            w.flush().context("writing output")?;
        }
        Some(path) => {
            let tmp = temp_path(path);
            let result = (|| -> anyhow::Result<()> {
                let file = File::create(&tmp)
                    .with_context(|| format!("{}: cannot create", tmp.display()))?;
                let mut w = BufWriter::new(file);
                tupu::export::export(&store, format, &mut w)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                let file = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                file.sync_all()
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                std::fs::rename(&tmp, path)
                    .with_context(|| format!("{}: cannot write", path.display()))
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result?;
        }
    }
    Ok(())
}

/// `.NAME.tmp-PID` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Counts of a store, as printed by `tupu stats`. Relations and attributes
/// are distinct triples over all articles (a `signedWith` pair counts once
/// although both directions are stored); entities are distinct IRIs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Articles in the store.
    pub articles: usize,
    /// Quads in the store (all named graphs).
    pub quads: usize,
    /// Entities per type name (`Organization`, …), every type listed.
    pub entities: BTreeMap<String, usize>,
    /// Relations per predicate name (`signedAt`, …), every predicate listed.
    pub relations: BTreeMap<String, usize>,
    /// Attribute values per attribute name (`jobTitle`, …), every attribute
    /// listed.
    pub attributes: BTreeMap<String, usize>,
}

/// Computes [`Stats`] for the store at `db` (opened read-only) with SPARQL.
///
/// Errors: store and query errors.
pub fn stats(db: &Path) -> anyhow::Result<Stats> {
    let store = tupu::store::open_read_only(db)?;
    let values = |iris: &mut dyn Iterator<Item = String>| {
        iris.map(|i| format!("<{i}>")).collect::<Vec<_>>().join(" ")
    };

    let mut entities: BTreeMap<String, usize> = EntityType::ALL
        .iter()
        .map(|t| (t.as_str().to_owned(), 0))
        .collect();
    let types = values(
        &mut EntityType::ALL
            .iter()
            .map(|&t| vocab::entity_type(t).as_str().to_owned()),
    );
    let q = format!(
        "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?k {{ {types} }} ?e a ?k }} GROUP BY ?k"
    );
    for (iri, n) in counts(&store, &q)? {
        if let Some(t) = vocab::entity_type_from_iri(iri.as_ref()) {
            entities.insert(t.as_str().to_owned(), n);
        }
    }

    let mut relations: BTreeMap<String, usize> = Predicate::ALL
        .iter()
        .map(|p| (p.as_str().to_owned(), 0))
        .collect();
    let preds = values(
        &mut Predicate::ALL
            .iter()
            .map(|&p| vocab::predicate(p).as_str().to_owned()),
    );
    let signed_with = vocab::predicate(Predicate::SignedWith).as_str().to_owned();
    let q = format!(
        "SELECT ?k (COUNT(*) AS ?n) WHERE {{ \
           {{ SELECT DISTINCT ?s ?k ?o WHERE {{ VALUES ?k {{ {preds} }} ?s ?k ?o }} }} \
           FILTER(?k != <{signed_with}> || STR(?s) < STR(?o)) \
         }} GROUP BY ?k"
    );
    for (iri, n) in counts(&store, &q)? {
        if let Some(p) = vocab::predicate_from_iri(iri.as_ref()) {
            relations.insert(p.as_str().to_owned(), n);
        }
    }

    let mut attributes: BTreeMap<String, usize> = AttributeKind::ALL
        .iter()
        .map(|a| (a.as_str().to_owned(), 0))
        .collect();
    let attrs = values(
        &mut AttributeKind::ALL
            .iter()
            .map(|&a| vocab::attribute(a).as_str().to_owned()),
    );
    let q = format!(
        "SELECT ?k (COUNT(*) AS ?n) WHERE {{ \
           {{ SELECT DISTINCT ?s ?k ?o WHERE {{ VALUES ?k {{ {attrs} }} ?s ?k ?o }} }} \
         }} GROUP BY ?k"
    );
    for (iri, n) in counts(&store, &q)? {
        if let Some(a) = AttributeKind::ALL
            .iter()
            .find(|&&a| vocab::attribute(a) == iri.as_ref())
        {
            attributes.insert(a.as_str().to_owned(), n);
        }
    }

    Ok(Stats {
        articles: store.articles()?.len(),
        quads: store.len()?,
        entities,
        relations,
        attributes,
    })
}

/// Runs a `SELECT ?k ?n` query and returns (IRI of `?k`, integer `?n`).
fn counts(store: &AnyStore, q: &str) -> anyhow::Result<Vec<(NamedNode, usize)>> {
    let mut out = Vec::new();
    if let QueryResults::Solutions(solutions) = store.query(q)? {
        for s in solutions {
            let s = s?;
            if let (Some(Term::NamedNode(k)), Some(Term::Literal(n))) = (s.get("k"), s.get("n")) {
                let n = n
                    .value()
                    .parse()
                    .with_context(|| format!("count {:?} is not a number", n.value()))?;
                out.push((k.clone(), n));
            }
        }
    }
    Ok(out)
}

/// Writes [`Stats`] as aligned text tables.
///
/// Errors: those of `w`.
pub fn write_stats(s: &Stats, w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(w, "articles  {}", s.articles)?;
    writeln!(w, "quads     {}", s.quads)?;
    for (title, map) in [
        ("entity type", &s.entities),
        ("relation", &s.relations),
        ("attribute", &s.attributes),
    ] {
        writeln!(w)?;
        let rows: Vec<Vec<String>> = map
            .iter()
            .map(|(k, n)| vec![k.clone(), n.to_string()])
            .collect();
        let total: usize = map.values().sum();
        let mut rows = rows;
        rows.push(vec!["(total)".into(), total.to_string()]);
        write_table(w, &[title.to_owned(), "count".to_owned()], &rows)?;
    }
    Ok(())
}

/// Removes the articles `ids` from the store at `db` (opened for writing).
/// Returns the ids that were not in the store (the others are removed).
///
/// Errors: store errors (exit 3), also when there is no store at `db` (it
/// is not created).
pub fn remove(db: &Path, ids: &[String]) -> anyhow::Result<Vec<String>> {
    // Refuses a missing store rather than creating an empty one.
    let mut store = tupu::store::open(db)?;
    let mut unknown = Vec::new();
    for id in ids {
        if !store.remove_article(id)? {
            unknown.push(id.clone());
        }
    }
    store.flush()?;
    Ok(unknown)
}
