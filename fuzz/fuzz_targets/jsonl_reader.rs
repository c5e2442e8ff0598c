//! Fuzz target: the JSON-lines reader of
//! [`tupu::document::read_documents`] on arbitrary bytes written as a
//! `.jsonl` file. Every item must be a document or a clean
//! [`tupu::document::DocumentError`] naming the file; a panic is a crash.
//! The first input byte picks small limits (line length, article size) so
//! that the limit paths are exercised too; every document read must satisfy
//! [`tupu::document::Document::check_offset_map`].
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;
use tupu::document::{read_documents, ReadOptions};

/// One file per fuzzing process, rewritten for every input.
static FILE: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("tupu-fuzz-jsonl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating the fuzz directory");
    dir.join("input.jsonl")
});

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let mut options = ReadOptions::default();
    if mode & 1 == 1 {
        options.max_line_bytes = 16 + usize::from(mode >> 1);
    }
    if mode & 2 == 2 {
        options.max_article_bytes = usize::from(mode >> 2);
    }
    if mode & 4 == 4 {
        options.id_field = "key".into();
        options.text_field = "body".into();
    }
    std::fs::write(&*FILE, bytes).expect("writing the fuzz input");
    let name = FILE.display().to_string();
    for item in read_documents(std::slice::from_ref(&*FILE), &options) {
        match item {
            Ok(doc) => {
                assert!(doc.source.starts_with(&name), "{}", doc.source);
                assert!(doc.original.len() <= options.max_article_bytes);
                if let Err(e) = doc.check_offset_map() {
                    panic!("{e}\noriginal: {:?}", doc.original);
                }
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(&name), "{msg}");
            }
        }
    }
});
