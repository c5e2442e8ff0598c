//! Extraction (stub: being written).
use crate::annotation::Annotation;
use crate::document::Document;

/// The extractor.
#[derive(Debug, Default)]
pub struct Extractor {}

impl Extractor {
    /// An extractor with the bundled gazetteers and rules.
    pub fn new() -> Extractor {
        Extractor {}
    }
    /// Extracts one article.
    pub fn extract(&self, doc: &Document) -> Annotation {
        Annotation { doc: doc.id.clone(), ..Default::default() }
    }
}
