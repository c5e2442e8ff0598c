//! User-supplied entities: a dictionary of known names with their types,
//! which become mentions wherever they occur.
//!
//! The file format (`tupu build/extract --entities FILE.tsv`) is one entity
//! per line, `name<TAB>Type` with `Type` one of the six entity types of
//! `ANNOTATION.md` (`Organization`, `Person`, `Place`, `Park`, `Project`,
//! `Event`); blank lines and lines starting with `#` are skipped.
//!
//! # Policy (how a known name becomes a mention)
//!
//! In each sentence the dictionary is matched leftmost-longest (so 中国银行
//! wins over 中国 when both are known). A match is dropped when it lies
//! strictly inside a longer mention the rules are sure of — a gazetteer name,
//! a suffix-rule name or a quoted name ([`MentionSource::Known`],
//! [`MentionSource::Suffix`], [`MentionSource::Quoted`],
//! [`MentionSource::Place`]) — so a known 重庆 does not cut 重庆日报. Every
//! other match becomes a mention of its given type
//! ([`MentionSource::Given`]), and every rule or model mention that overlaps
//! it is removed.
//!
//! An *overriding* dictionary ([`KnownEntities::overriding`]) skips the
//! first test: every match becomes a mention, even inside a longer name.
//! That is the relation-classification protocol of the benchmarks, where
//! the entity spans are given (`ST秦岭` has the given 秦岭 in it).

use super::mention::{Mention, MentionSource};
use crate::annotation::EntityType;
use aho_corasick::{AhoCorasick, MatchKind};
use std::path::{Path, PathBuf};

/// An error reading a known-entities file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KnownEntitiesError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is not `name<TAB>Type`.
    #[error("{path}:{line}: {problem}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

/// A dictionary of known entity names with their types and its matcher.
#[derive(Debug, Clone)]
pub struct KnownEntities {
    /// `(name, type)`, sorted by name, names unique.
    entries: Vec<(String, EntityType)>,
    matcher: Option<AhoCorasick>,
    overriding: bool,
}

impl KnownEntities {
    /// Builds the dictionary from `(name, type)` pairs. Names are trimmed;
    /// empty names are skipped; when a name is given twice the last type
    /// wins.
    #[must_use]
    pub fn new(entries: impl IntoIterator<Item = (String, EntityType)>) -> KnownEntities {
        let mut map = std::collections::BTreeMap::new();
        for (name, ty) in entries {
            let name = name.trim().to_owned();
            if !name.is_empty() {
                map.insert(name, ty);
            }
        }
        let entries: Vec<(String, EntityType)> = map.into_iter().collect();
        let matcher = if entries.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(entries.iter().map(|(n, _)| n.as_str()))
                    .expect("a dictionary of non-empty names builds an automaton"),
            )
        };
        KnownEntities {
            entries,
            matcher,
            overriding: false,
        }
    }

    /// Makes every match a mention, even inside a longer rule mention (see
    /// the module doc); `false` is the default policy.
    #[must_use]
    pub fn overriding(mut self, on: bool) -> KnownEntities {
        self.overriding = on;
        self
    }

    /// Parses the TSV format of the module doc; `path` only names the file
    /// in errors.
    ///
    /// # Errors
    ///
    /// [`KnownEntitiesError::Format`] naming the file and 1-based line for a
    /// line without exactly one tab, an empty name, or an unknown type.
    pub fn parse(path: &Path, text: &str) -> Result<KnownEntities, KnownEntitiesError> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let problem = |p: String| KnownEntitiesError::Format {
                path: path.to_owned(),
                line: n + 1,
                problem: p,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != 2 {
                return Err(problem(format!(
                    "expected name<TAB>Type, found {} tab-separated field(s)",
                    fields.len()
                )));
            }
            let name = fields[0].trim();
            if name.is_empty() {
                return Err(problem("empty name".to_owned()));
            }
            let ty: EntityType = fields[1].trim().parse().map_err(|_| {
                problem(format!(
                    "unknown entity type {:?} (one of {})",
                    fields[1].trim(),
                    EntityType::ALL.map(EntityType::as_str).join(", ")
                ))
            })?;
            entries.push((name.to_owned(), ty));
        }
        Ok(KnownEntities::new(entries))
    }

    /// Reads a known-entities file (see [`KnownEntities::parse`]).
    ///
    /// # Errors
    ///
    /// [`KnownEntitiesError::Io`] if it cannot be read, else as
    /// [`KnownEntities::parse`].
    pub fn read(path: &Path) -> Result<KnownEntities, KnownEntitiesError> {
        let text = std::fs::read_to_string(path).map_err(|source| KnownEntitiesError::Io {
            path: path.to_owned(),
            source,
        })?;
        KnownEntities::parse(path, &text)
    }

    /// Number of names.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the dictionary is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The type of a known name, if it is known.
    #[must_use]
    pub fn type_of(&self, name: &str) -> Option<EntityType> {
        self.entries
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| self.entries[i].1)
    }

    /// Merges the known names of `text[start..end]` (sentence `sentence`)
    /// into `chosen`, the sentence's mentions (BYTE offsets into `text`), by
    /// the policy of the module doc; returns the mentions sorted by start.
    #[must_use]
    pub fn merge(
        &self,
        text: &str,
        start: usize,
        end: usize,
        sentence: usize,
        chosen: Vec<Mention>,
    ) -> Vec<Mention> {
        let Some(ac) = &self.matcher else {
            return chosen;
        };
        let sure = |m: &Mention| {
            matches!(
                m.source,
                MentionSource::Known
                    | MentionSource::Suffix
                    | MentionSource::Quoted
                    | MentionSource::Place
                    | MentionSource::Given
            )
        };
        let mut given = Vec::new();
        for hit in ac.find_iter(&text[start..end]) {
            let (a, b) = (start + hit.start(), start + hit.end());
            let inside = !self.overriding
                && chosen
                    .iter()
                    .any(|m| sure(m) && m.start <= a && b <= m.end && m.end - m.start > b - a);
            if inside {
                continue;
            }
            let ty = self.entries[hit.pattern().as_usize()].1;
            given.push(Mention::new(text, a, b, ty, MentionSource::Given, sentence));
        }
        if given.is_empty() {
            return chosen;
        }
        let mut out: Vec<Mention> = chosen
            .into_iter()
            .filter(|m| given.iter().all(|g| m.end <= g.start || m.start >= g.end))
            .collect();
        out.extend(given);
        out.sort_by_key(|m| (m.start, m.end));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_bad_lines_with_file_and_line() {
        let k = KnownEntities::parse(
            Path::new("e.tsv"),
            "# comment\n中铝\tOrganization\n\n万达\tOrganization\r\n郁亮\tPerson\n",
        )
        .unwrap();
        assert_eq!(k.len(), 3);
        assert_eq!(k.type_of("郁亮"), Some(EntityType::Person));
        assert_eq!(k.type_of("万科"), None);

        let err = KnownEntities::parse(Path::new("e.tsv"), "中铝\tOrganization\n万达\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "e.tsv:2: expected name<TAB>Type, found 1 tab-separated field(s)"
        );
        let err = KnownEntities::parse(Path::new("e.tsv"), "中铝\tCompany\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("e.tsv:1: unknown entity type \"Company\" (one of Organization"),
            "{err}"
        );
        let err = KnownEntities::parse(Path::new("e.tsv"), "a\tb\n \tPerson\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("e.tsv:1: unknown entity type"), "{err}");
        let err = KnownEntities::parse(Path::new("e.tsv"), " \tPerson\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "e.tsv:1: empty name");
        let err = KnownEntities::read(Path::new("/nonexistent/e.tsv"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/nonexistent/e.tsv: "), "{err}");
    }

    #[test]
    fn longest_match_and_not_inside_a_sure_mention() {
        let k = KnownEntities::new([
            ("中国".to_owned(), EntityType::Place),
            ("中国银行".to_owned(), EntityType::Organization),
            ("重庆".to_owned(), EntityType::Place),
            ("中铝".to_owned(), EntityType::Organization),
        ]);
        let text = "中国银行与重庆日报和中铝早前签约。";
        let daily = text.find("重庆日报").unwrap();
        let zl = text.find("中铝早").unwrap();
        let chosen = vec![
            Mention::new(
                text,
                daily,
                daily + "重庆日报".len(),
                EntityType::Organization,
                MentionSource::Known,
                0,
            ),
            Mention::new(
                text,
                zl,
                zl + "中铝早".len(),
                EntityType::Organization,
                MentionSource::Model,
                0,
            ),
        ];
        let out = k.merge(text, 0, text.len(), 0, chosen);
        let got: Vec<(&str, EntityType, MentionSource)> = out
            .iter()
            .map(|m| (m.text.as_str(), m.entity_type, m.source))
            .collect();
        assert_eq!(
            got,
            [
                ("中国银行", EntityType::Organization, MentionSource::Given),
                ("重庆日报", EntityType::Organization, MentionSource::Known),
                ("中铝", EntityType::Organization, MentionSource::Given),
            ]
        );
        // Overriding: the given 重庆 cuts 重庆日报.
        let out = k
            .clone()
            .overriding(true)
            .merge(text, 0, text.len(), 0, out);
        let got: Vec<&str> = out.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(got, ["中国银行", "重庆", "中铝"]);
    }
}
