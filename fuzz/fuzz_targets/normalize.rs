//! Fuzz target: normalisation and the offset map of
//! [`tupu::document::Document`].
//!
//! The first input byte picks the decoding of the rest: even, UTF-8
//! (invalid sequences become U+FFFD, as a decoder with replacement gives
//! them); odd, UTF-16LE code units decoded with replacement (so lone
//! surrogates reach normalisation as U+FFFD, the only form a Rust string can
//! hold). Every document must satisfy
//! [`tupu::document::Document::check_offset_map`]; a violation or a panic is
//! a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tupu::document::Document;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let text = if mode % 2 == 1 {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    let doc = Document::new("fuzz", "fuzz", text);
    if let Err(e) = doc.check_offset_map() {
        panic!("{e}\noriginal: {:?}\ntext: {:?}", doc.original, doc.text);
    }
    // The public conveniences over the map must not panic either.
    let _ = doc.year();
    for i in 0..doc.sentences.len() {
        let s = doc.sentences[i];
        let _ = doc.original_str(s.start..s.end);
        assert_eq!(doc.sentence_index_at(s.start), Some(i));
    }
});
