//! `tupu query`: SPARQL over the store, printed as a table, a SPARQL results
//! format, `true`/`false`, or Turtle.

use super::args::QueryFormat;
use super::table::write_table;
use super::UsageError;
use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::io::Write;
use std::path::Path;
use tupu::store::GraphStore;

/// Prefixes of Turtle output: those of `tupu export` plus statement nodes.
fn turtle_prefixes() -> Vec<(&'static str, &'static str)> {
    let mut p: Vec<_> = tupu::export::PREFIXES.to_vec();
    p.push(("statement", tupu::rdf::STATEMENT_BASE));
    p
}

/// Prefixes used to shorten IRIs in table cells: those of Turtle output
/// plus entities (`id:Organization/腾讯`; Turtle would have to escape the
/// `/`, so entity IRIs stay whole there).
fn prefixes() -> Vec<(&'static str, &'static str)> {
    let mut p = turtle_prefixes();
    p.push(("id", tupu::rdf::ENTITY_BASE));
    p
}

/// Parses a SPARQL query; a syntax error becomes a one-line [`UsageError`]
/// `invalid SPARQL: …`.
pub fn check_syntax(text: &str) -> anyhow::Result<()> {
    oxigraph::sparql::SparqlEvaluator::new()
        .parse_query(text)
        .map(|_| ())
        .map_err(|e| {
            let msg = e.to_string().replace('\n', " ");
            UsageError(format!("invalid SPARQL: {msg}")).into()
        })
}

/// Runs `sparql` on the store at `db` (opened read-only) and writes the
/// result to `w`: SELECT in `format`, ASK as `true`/`false` (or the results
/// format), CONSTRUCT/DESCRIBE as Turtle whatever `format` is.
///
/// Errors: invalid SPARQL ([`UsageError`], exit 2) is reported before the
/// store is opened; store errors (exit 3); evaluation errors (exit 2);
/// output errors.
///
/// `timeout_secs` (0: none) bounds the evaluation and the writing of its
/// results ([`super::deadline`]): past it the command fails with
/// [`super::deadline::TimedOut`] (exit 2).
pub fn run(
    db: &Path,
    sparql: &str,
    format: QueryFormat,
    timeout_secs: u64,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    check_syntax(sparql)?;
    let store = tupu::store::open_read_only(db)?;
    // The deadline starts once the store is loaded: it bounds the query.
    let mut deadline = super::deadline::Deadline::start("query", timeout_secs);
    store
        .query_cancellable(sparql, deadline.token())
        .map_err(anyhow::Error::from)
        .and_then(|results| write_results(results, format, w))
        .map_err(|e| deadline.explain(e))
}

/// Runs `sparql` on the remote SPARQL endpoint `remote` and writes the
/// result to `w` as [`run`] does (the endpoint's default graph is the union
/// of the article graphs for Virtuoso, GraphDB and `tupu serve`; see the
/// README for Fuseki and QLever).
///
/// Errors: invalid SPARQL ([`UsageError`], exit 2) is reported before any
/// request; the endpoint refusing the query as malformed (HTTP 400, exit 2);
/// any other [`tupu::remote::RemoteError`] (exit 3); output errors.
pub fn run_remote(
    remote: &tupu::remote::RemoteStore,
    sparql: &str,
    format: QueryFormat,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    check_syntax(sparql)?;
    let results = remote.query(sparql)?;
    write_results(results, format, w)
}

/// The most rows the table format prints: it aligns columns over all rows
/// it holds, so it keeps them in memory; past this it stops (with a note on
/// stderr). The other formats stream every row.
pub const MAX_TABLE_ROWS: usize = 10_000;

/// Writes query results (see [`run`]); the table format prints at most
/// [`MAX_TABLE_ROWS`] rows.
pub fn write_results(
    results: QueryResults<'_>,
    format: QueryFormat,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let results_format = match format {
        QueryFormat::Table => None,
        QueryFormat::Json => Some(QueryResultsFormat::Json),
        QueryFormat::Csv => Some(QueryResultsFormat::Csv),
        QueryFormat::Tsv => Some(QueryResultsFormat::Tsv),
    };
    match results {
        QueryResults::Boolean(b) => match results_format {
            None => writeln!(w, "{b}").context("writing output")?,
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *w, b)
                    .context("writing output")?;
                if f == QueryResultsFormat::Json {
                    writeln!(w).context("writing output")?;
                }
            }
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match results_format {
                None => {
                    let header: Vec<String> = variables.iter().map(|v| v.as_str().into()).collect();
                    let mut rows = Vec::new();
                    for solution in solutions {
                        if rows.len() == MAX_TABLE_ROWS {
                            eprintln!(
                                "tupu: the table stops after {MAX_TABLE_ROWS} rows (there are more); use --format csv, tsv or json for all of them"
                            );
                            break;
                        }
                        let solution = solution?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| solution.get(v).map(show_term).unwrap_or_default())
                                .collect(),
                        );
                    }
                    write_table(w, &header, &rows).context("writing output")?;
                }
                Some(f) => {
                    let mut out = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *w, variables)
                        .context("writing output")?;
                    for solution in solutions {
                        out.serialize(&solution?).context("writing output")?;
                    }
                    out.finish().context("writing output")?;
                    if f == QueryResultsFormat::Json {
                        writeln!(w).context("writing output")?;
                    }
                }
            }
        }
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (name, iri) in turtle_prefixes() {
                ser = ser
                    .with_prefix(name, iri)
                    .context("a built-in prefix is a valid IRI")?;
            }
            let mut out = ser.for_writer(&mut *w);
            for t in triples {
                out.serialize_triple(&t?).context("writing output")?;
            }
            out.finish().context("writing output")?;
        }
    }
    w.flush().context("writing output")?;
    Ok(())
}

/// A term as a table cell: a literal's lexical value (no quotes, language
/// or datatype), an IRI shortened with the known prefixes (`tupu:signedAt`,
/// `id:Organization/腾讯`) or in `<…>`, a blank node as `_:id`.
pub fn show_term(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => {
            let iri = n.as_str();
            prefixes()
                .iter()
                .filter_map(|(p, ns)| iri.strip_prefix(ns).map(|local| (p, local)))
                .find(|(_, local)| !local.is_empty() && !local.contains(['#', '?']))
                .map_or_else(|| format!("<{iri}>"), |(p, local)| format!("{p}:{local}"))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn terms_as_cells() {
        let org = tupu::rdf::entity_iri(tupu::annotation::EntityType::Organization, "腾讯");
        assert_eq!(show_term(&org.into()), "id:Organization/腾讯");
        let p = NamedNode::new("https://tupu.dev/ontology#signedAt").unwrap();
        assert_eq!(show_term(&p.into()), "tupu:signedAt");
        let other = NamedNode::new("http://example.org/x").unwrap();
        assert_eq!(show_term(&other.into()), "<http://example.org/x>");
        let l = Literal::new_language_tagged_literal("两江新区", "zh").unwrap();
        assert_eq!(show_term(&l.into()), "两江新区");
    }

    #[test]
    fn syntax_error_is_one_line_usage_error() {
        let err = check_syntax("SELECT ?s WHERE { ?s ?p }").unwrap_err();
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert!(!err.to_string().contains('\n'));
        assert!(err.to_string().starts_with("invalid SPARQL: "));
        check_syntax(tupu::rdf::EVIDENCE_QUERY_EXAMPLE).unwrap();
    }
}
