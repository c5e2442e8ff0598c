//! Prints the segmentation and the mentions tupu finds in a sentence.
//!
//! ```text
//! cargo run --example mentions -- "九龙坡区与博世集团签署合作协议"
//! ```
use tupu::document::Document;
use tupu::extract::Extractor;

fn main() {
    let text: String = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let doc = Document::new("input", "input", text);
    // The segmentation the recognisers use (jieba with the gazetteers).
    let segmenter = tupu::extract::segment::Segmenter::bundled();
    for s in &doc.sentences {
        let words: Vec<String> = segmenter
            .tokens(&doc.text[s.start..s.end])
            .into_iter()
            .map(|t| format!("{}/{}", t.word, t.tag))
            .collect();
        println!("{}", words.join(" "));
    }
    for m in Extractor::new().mentions(&doc) {
        println!("{:?}\t{}\t{:?}", m.entity_type, m.text, m.source);
    }
}
