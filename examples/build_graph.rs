//! Extracts the five bundled Chongqing Daily articles and scores them
//! against the bundled gold, using only the library API:
//!
//! ```text
//! cargo run --example build_graph
//! ```
//!
//! (Storing the annotations as RDF quads is `tupu build`; this example stops
//! at the annotation stage.)

use std::path::Path;
use tupu::document::Document;
use tupu::extract::Extractor;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let extractor = Extractor::new();
    let mut names: Vec<_> = std::fs::read_dir(root.join("data/seeds"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let mut system = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path)?;
        let id = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = Document::new(id, path.display().to_string(), text);
        let ann = extractor.extract(&doc);
        println!(
            "{}: {} entities, {} relations, {} attributes",
            ann.doc,
            ann.entities.len(),
            ann.relations.len(),
            ann.attributes.len()
        );
        system.push(ann);
    }
    let gold = tupu::eval::load_gold_dir(&root.join("data/gold"))?;
    print!("\n{}", tupu::eval::evaluate(&gold, &system).totals_table());
    Ok(())
}
