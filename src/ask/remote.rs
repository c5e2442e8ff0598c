//! The remote SPARQL store as an [`AskSource`]: `tupu ask --endpoint`
//! answers from a store that [`RemoteStore`] reaches over HTTP (the entity
//! index from [`RemoteStore::entity_index`], answers and evidence by
//! SPARQL).

use super::{AskError, AskSource, Evidence};
use crate::rdf::article_id_from_iri;
use crate::remote::RemoteStore;
use crate::vocab;
use oxigraph::model::{NamedNodeRef, Term, TermRef};
use std::collections::BTreeMap;

impl AskSource for RemoteStore {
    fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, AskError> {
        Ok(RemoteStore::select(self, sparql)?)
    }

    /// One SPARQL query per triple: the statement nodes with `rdf:subject`,
    /// `rdf:predicate`, `rdf:object` and `prov:wasDerivedFrom` in one
    /// graph, with their optional sentence, evidence span and offsets.
    fn statement_sources(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<Vec<Evidence>, AskError> {
        let prefixes = vocab::SPARQL_PREFIXES;
        let sparql = format!(
            "{prefixes}SELECT ?article ?sentence ?text ?start ?end WHERE {{
  GRAPH ?g {{
    ?st rdf:subject {subject} ; rdf:predicate {predicate} ; rdf:object {object} ;
        prov:wasDerivedFrom ?article .
    OPTIONAL {{ ?st tupu:evidenceText ?sentence }}
    OPTIONAL {{ ?st tupu:evidence ?text }}
    OPTIONAL {{ ?st tupu:startOffset ?start }}
    OPTIONAL {{ ?st tupu:endOffset ?end }}
  }}
}}"
        );
        let value = |t: Option<&Term>| match t {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let mut out: Vec<Evidence> = RemoteStore::select(self, &sparql)?
            .into_iter()
            .filter_map(|row| {
                let Some(Term::NamedNode(a)) = row.get("article") else {
                    return None;
                };
                Some(Evidence {
                    article: article_id_from_iri(a.as_ref())?,
                    sentence: value(row.get("sentence")),
                    text: value(row.get("text")),
                    start: value(row.get("start")).and_then(|s| s.parse().ok()),
                    end: value(row.get("end")).and_then(|s| s.parse().ok()),
                })
            })
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}
