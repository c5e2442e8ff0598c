//! Tests of the document module on the bundled seed articles.

use std::ops::Range;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;

fn seed(name: &str) -> String {
    let path = format!("{}/data/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn seed_doc(name: &str) -> Document {
    Document::new(name, name, seed(name))
}

const SEEDS: [&str; 5] = [
    "000_410003ede4b73390.txt",
    "001_42766f52b4656d20.txt",
    "002_37cb68cf616920c1.txt",
    "003_4093b89e4d5d4e75.txt",
    "004_f27004be77f55aa8.txt",
];

/// White space removed, full-width letters and digits folded.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

fn sentences(doc: &Document) -> Vec<&str> {
    (0..doc.sentences.len())
        .map(|i| doc.sentence_text(i))
        .collect()
}

#[test]
fn broken_names_are_joined() {
    let doc = seed_doc(SEEDS[0]);
    assert!(doc.original.contains("记者 黄\n兴"));
    assert!(doc.text.contains("（记者 黄兴）到2022年"), "{}", doc.text);
    assert!(doc.original.contains("记者 陈\n国栋"));
    assert!(doc.text.contains("（重庆日报记者 陈国栋）7月2日"));
    assert!(doc.text.contains("深入贯彻习近平总书记"));
    let doc = seed_doc(SEEDS[2]);
    assert!(doc.original.contains("以习\n\n近平"));
    assert!(doc.text.contains("让我们以习近平总书记贺信"));
}

#[test]
fn wrapped_lines_join_across_a_blank_line() {
    let doc = seed_doc(SEEDS[0]);
    assert!(doc
        .text
        .contains("累计投入3983亿元滚动实施和储备 375 个新基建重大项目。"));
    assert!(doc
        .text
        .contains("“既要‘产业数字化’，还要‘数字产业化’。”陈金山说"));
}

#[test]
fn headlines_are_not_glued() {
    let doc = seed_doc(SEEDS[0]);
    let s = sentences(&doc);
    assert!(s.contains(&"重庆：数字经济发展迈出“加速度”"), "{s:#?}");
    assert!(s.contains(&"已孵化16家科技企业"));
    assert!(s.contains(&"比增长0.3%。") || s.iter().any(|x| x.ends_with("同比增长0.3%。")));
    let doc = seed_doc(SEEDS[1]);
    assert!(sentences(&doc).contains(&"“智慧树”遍地开花结硕果"));
}

#[test]
fn names_listed_one_per_line_stay_apart() {
    // xwlb-20221024-02 (新闻联播, 2022-10-24): the addressees of a letter, one
    // per line. Their widths (18..30 half-width units) look like a narrow
    // column; they were joined into 台湾民主自治同盟中央委员会中华全国工商业联合会.
    let original = "中国共产党中央委员会致各民主党派中央、全国工商联的感谢信\n\
        中国国民党革命委员会中央委员会\n中国民主同盟中央委员会\n中国民主建国会中央委员会\n\
        中国民主促进会中央委员会\n中国农工民主党中央委员会\n中国致公党中央委员会\n\
        九三学社中央委员会\n台湾民主自治同盟中央委员会\n中华全国工商业联合会：\n\
        在中国共产党第二十次全国代表大会隆重召开之际，大会收到你们热情洋溢的贺信。";
    let doc = Document::new("x", "x", original);
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(
        lines[1..11],
        [
            "中国国民党革命委员会中央委员会",
            "中国民主同盟中央委员会",
            "中国民主建国会中央委员会",
            "中国民主促进会中央委员会",
            "中国农工民主党中央委员会",
            "中国致公党中央委员会",
            "九三学社中央委员会",
            "台湾民主自治同盟中央委员会",
            "中华全国工商业联合会：",
            "在中国共产党第二十次全国代表大会隆重召开之际，大会收到你们热情洋溢的贺信。",
        ],
        "{}",
        doc.text
    );
    // Two wrapped lines of a column that happen to end alike are still
    // joined (seed 003: 国家数字 / 经济创新发展试验区，启动数字 / 经济要素…).
    let doc = seed_doc(SEEDS[3]);
    assert!(doc
        .original
        .contains("首批国家数字\n经济创新发展试验区，启动数字\n经济"));
    assert!(
        doc.text
            .contains("首批国家数字经济创新发展试验区，启动数字经济要素流通机制"),
        "{}",
        doc.text
    );
    // A bulleted list followed by a headline: the headline is not glued on.
    assert!(
        doc.text.contains("●发挥好“媒”的作用\n盘点成效"),
        "{}",
        doc.text
    );
}

#[test]
fn latin_words_keep_a_space_across_a_break() {
    // A column 14 characters wide; the break falls between "Smart" and "Car".
    let original = "重庆市两江新区的汽车企业近日在\n智博会上正式发布了全新车型Smart\nCar以及配套的智能网联服务平台，\n吸引了大量观众驻足参观体验。\n";
    let doc = Document::new("t", "t", original);
    assert_eq!(doc.text, "重庆市两江新区的汽车企业近日在智博会上正式发布了全新车型Smart Car以及配套的智能网联服务平台，吸引了大量观众驻足参观体验。");
}

#[test]
fn rewrapping_an_unwrapped_article_gives_back_its_paragraphs() {
    // 001 comes unwrapped: wrap every paragraph ending in 。 at a column 34
    // half-width units wide (17 ideographs) and check normalisation restores
    // it (a full line ending in 。 may end a paragraph: compare without `\n`).
    let doc = seed_doc(SEEDS[1]);
    let paras: Vec<&str> = doc
        .text
        .split('\n')
        .filter(|p| p.ends_with('。') && p.chars().count() > 40)
        .collect();
    assert!(paras.len() >= 10);
    let mut wrapped = String::new();
    for p in &paras {
        let mut width = 0;
        for c in p.chars() {
            let w = if c.is_ascii() { 1 } else { 2 };
            if width + w > 34 {
                wrapped.push('\n');
                width = 0;
            }
            wrapped.push(c);
            width += w;
        }
        wrapped.push_str("\n\n");
    }
    let re = Document::new("w", "w", wrapped);
    assert_eq!(re.text.replace('\n', ""), paras.concat());
    assert!(re.text.matches('\n').count() < paras.len() + 5);
}

#[test]
fn full_width_letters_and_digits_are_folded() {
    let doc = Document::new("t", "t", "２０２１智博会发布ＳＫ海力士项目，投资１０亿元。");
    assert_eq!(doc.text, "2021智博会发布SK海力士项目，投资10亿元。");
    assert_eq!(doc.original_str(0..4), "２０２１");
}

#[test]
fn repeated_digit_noise_is_dropped() {
    let doc = seed_doc(SEEDS[3]);
    assert!(doc.original.contains("造“智造重镇”6666666666"));
    assert!(!doc.text.contains("6666"));
    assert!(!doc.text.contains("3333") && !doc.text.contains("1111"));
    assert!(doc.text.contains("造“智造重镇”"));
    assert_eq!(
        Document::new("t", "t", "正文。\n\n6666\n\n下文。").text,
        "正文。\n下文。"
    );
}

#[test]
fn doubled_headline_is_dropped() {
    let doc = seed_doc(SEEDS[3]);
    assert!(doc
        .original
        .contains("举全市之力举全市之力 集全民之智集全民之智"));
    assert!(sentences(&doc).contains(&"举全市之力 集全民之智"));
    assert!(sentences(&doc).contains(&"重庆努力谱写数字经济发展精彩华章"));
}

#[test]
fn sentences_map_back_to_the_original() {
    for name in SEEDS {
        let doc = seed_doc(name);
        let orig: Vec<char> = doc.original.chars().collect();
        let mut differ = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            let chars = doc.original_chars(s.start..s.end);
            let span: String = orig[chars].iter().collect();
            let (a, b) = (squash(&span), squash(doc.sentence_text(i)));
            if a != b {
                // A headline printed twice lost the second copy of its
                // tokens: the sentence is a subsequence of at least half of
                // the original span.
                let mut it = a.chars();
                assert!(
                    b.chars().all(|c| it.any(|x| x == c)),
                    "{name}: {a:?} vs {b:?}"
                );
                assert!(
                    a.chars().count() <= 2 * b.chars().count(),
                    "{name}: {a:?} vs {b:?}"
                );
                differ.push(b);
            }
        }
        assert!(
            differ.len() <= 3,
            "{name}: sentences differ from their original span: {differ:?}"
        );
    }
}

#[test]
fn offsets_of_a_plain_range_are_exact() {
    let doc = seed_doc(SEEDS[0]);
    let at = doc.text.find("腾讯西部云计算数据中心").unwrap();
    let r = at..at + "腾讯西部云计算数据中心".len();
    assert_eq!(doc.original_str(r.clone()), "腾讯西部云计算数据中心");
    let chars = doc.original_chars(r.clone());
    assert_eq!(doc.text_bytes_of_original(chars), r);
    // Across the joined "黄\n兴" the span includes the line break.
    let at = doc.text.find("黄兴").unwrap();
    assert_eq!(doc.original_str(at..at + "黄兴".len()), "黄\n兴");
    assert_eq!(doc.char_offset(at), doc.text[..at].chars().count());
    assert_eq!(doc.byte_offset(doc.char_offset(at)), at);
}

#[test]
fn sentence_helpers() {
    let doc = Document::new(
        "t",
        "t",
        "重庆召开大会。“这是好消息！”他说；会议结束\n\n  新华社电  ",
    );
    assert_eq!(
        sentences(&doc),
        [
            "重庆召开大会。",
            "“这是好消息！”",
            "他说；",
            "会议结束",
            "新华社电"
        ]
    );
    let at = doc.text.find("他说").unwrap();
    assert_eq!(doc.sentence_index_at(at), Some(2));
    assert_eq!(doc.sentence_index_at(doc.text.len()), None);
    let nl = doc.text.find('\n').unwrap();
    assert_eq!(doc.sentence_index_at(nl), None);
}

#[test]
fn content_hash_is_sha256_of_the_original() {
    let doc = Document::new("t", "t", "abc");
    assert_eq!(
        doc.content_hash(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_ne!(
        seed_doc(SEEDS[0]).content_hash(),
        seed_doc(SEEDS[1]).content_hash()
    );
}

#[test]
fn year_from_date_lunar_year_or_most_frequent() {
    assert_eq!(seed_doc(SEEDS[0]).year(), Some(2020)); // 农历庚子年
    assert_eq!(
        Document::new("t", "t", "本报讯 2021年8月23日，智博会开幕。2019年、2019年").year(),
        Some(2021)
    );
    assert_eq!(
        Document::new("t", "t", "2018年举办，2019年举办，2019年再办。").year(),
        Some(2019)
    );
    assert_eq!(Document::new("t", "t", "共有12020年份").year(), None);
    assert!(seed_doc(SEEDS[3])
        .year()
        .is_some_and(|y| (2018..=2020).contains(&y)));
}

proptest! {
    #[test]
    fn offset_map_is_valid_and_monotone(s in "[重庆数字经济。，“”a-zA-Z0-9０-９Ａ-Ｚ \u{3000}\t\n\r]{0,80}|(([重庆数字经济abc ]{10,18})(\n|\r\n|\n\n)){0,8}") {
        let doc = Document::new("p", "p", s.clone());
        let n = doc.original.chars().count();
        let bounds: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).chain([doc.text.len()]).collect();
        let mut prev = 0..0;
        for (i, &a) in bounds.iter().enumerate() {
            for &b in &bounds[i..] {
                let r = doc.original_chars(a..b);
                prop_assert!(r.start <= r.end && r.end <= n, "{:?} -> {:?}", a..b, r);
                if b == a {
                    prop_assert!(r.start >= prev.start);
                    prev = r.clone();
                }
                let r2 = doc.original_chars(a..bounds[bounds.len() - 1]);
                prop_assert!(r.start == r2.start && r.end <= r2.end);
            }
        }
        for (i, sen) in doc.sentences.iter().enumerate() {
            let t = doc.sentence_text(i);
            prop_assert!(sen.start < sen.end && !t.contains('\n') && t.trim() == t);
        }
        prop_assert!(!doc.text.contains("  ") && !doc.text.contains('\r'));
    }
}

/// One character of hostile text: CJK, the characters normalisation treats
/// specially (line breaks of every kind, white space, NUL and other
/// controls, zero-width characters, combining marks, closers, list markers,
/// digits of layout noise), full-width forms, emoji, and any scalar value.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        3 => prop::sample::select(vec![
            '\n', '\r', '\u{2028}', '\u{2029}', '\t', ' ', '\u{3000}', '\u{A0}', '\0',
            '\u{7}', '\u{1B}', '\u{85}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{AD}',
            '\u{301}', '\u{308}', '\u{20DD}', '\u{FE0F}', '。', '，', '“', '”', '！', '？',
            '…', '（', '）', '》', '●', '、', '一', '7', '0', '.', '%', 'a', 'Z', '\u{FFFD}',
        ]),
        2 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        1 => prop::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::char::range('\u{20000}', '\u{2A6DF}'),
        1 => any::<char>(),
    ]
}

/// Text of hostile characters, up to 300 of them.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..300).prop_map(|v| v.into_iter().collect())
}

/// A PDF-extracted column: lines of 10–22 CJK characters (with some noise
/// characters) broken by `\n`, `\r\n`, `\r`, blank lines or page-layout
/// runs of one digit, so that normalisation joins lines inside CJK words.
fn pdf_column() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(
        prop_oneof![
            8 => prop::char::range('\u{4E00}', '\u{9FFF}'),
            1 => hostile_char(),
        ],
        10..22,
    );
    let brk = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\n6666\n", "\u{2029}"]);
    prop::collection::vec((line, brk), 0..16).prop_map(|v| {
        v.into_iter()
            .map(|(l, b)| l.into_iter().collect::<String>() + b)
            .collect()
    })
}

/// Checks a document's offset map and, independently of
/// `Document::check_offset_map`, that `original_str` of every sentence and
/// every character is the slice of `original` that `original_chars` names.
fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    if let Err(e) = doc.check_offset_map() {
        return Err(TestCaseError::fail(format!(
            "{e}\noriginal {:?}\ntext {:?}",
            doc.original, doc.text
        )));
    }
    let chars: Vec<char> = doc.original.chars().collect();
    let slice = |r: Range<usize>| chars[r].iter().collect::<String>();
    for s in &doc.sentences {
        let r = doc.original_chars(s.start..s.end);
        prop_assert_eq!(doc.original_str(s.start..s.end), slice(r));
    }
    for (b, c) in doc.text.char_indices() {
        let r = doc.original_chars(b..b + c.len_utf8());
        let from = doc.original_str(b..b + c.len_utf8());
        prop_assert_eq!(from, slice(r.clone()));
        // A character other than a space or a paragraph break comes from
        // itself or its full-width form.
        if c != ' ' && c != '\n' {
            let first = chars[r.start];
            prop_assert!(
                first == c || first as u32 == c as u32 + 0xFEE0,
                "{:?} from {:?}",
                c,
                first
            );
        }
    }
    prop_assert!(!doc.text.contains("  ") && !doc.text.contains('\r'));
    prop_assert!(!doc.text.contains('\0'), "NUL kept");
    prop_assert!(!doc.text.contains('\u{200B}'), "zero-width space kept");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offset_map_holds_for_hostile_unicode(s in hostile_text()) {
        check_document(&Document::new("p", "p", s))?;
    }

    #[test]
    fn offset_map_holds_for_pdf_columns(s in pdf_column()) {
        let doc = Document::new("p", "p", s);
        check_document(&doc)?;
    }

    /// UTF-16 files with a BOM and arbitrary code units, lone surrogates
    /// included: the decoder sees them, so the file is refused as binary
    /// (never a panic, never a document with U+FFFD in place of the
    /// surrogate); any other file gives a document whose map holds.
    #[test]
    fn utf16_files_with_lone_surrogates_are_refused(units in prop::collection::vec(
        prop_oneof![
            4 => 0x4E00u16..0x9FFF,
            1 => 0xD800u16..0xE000,
            1 => any::<u16>(),
        ],
        1..64,
    )) {
        let tmp = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        let p = write(tmp.path(), "u16.txt", &bytes);
        let item = read_documents(&[p], &ReadOptions::default()).next();
        let lone = char::decode_utf16(units.iter().copied()).any(|c| c.is_err());
        match item {
            Some(Ok(doc)) => {
                prop_assert!(!lone, "{:?}", units);
                check_document(&doc)?;
            }
            Some(Err(DocumentError::Binary { .. })) => {}
            Some(Err(DocumentError::Empty { .. })) => prop_assert!(!lone),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    /// JSON lines records with arbitrary text, written escaped or raw, and
    /// lone surrogate escapes (`\ud800`), which serde_json refuses.
    #[test]
    fn json_lines_records_of_hostile_text(texts in prop::collection::vec((hostile_text(), any::<bool>(), any::<bool>()), 1..6)) {
        let tmp = tempfile::tempdir().unwrap();
        let mut file = String::new();
        for (i, (text, ascii, lone)) in texts.iter().enumerate() {
            let mut json = serde_json::to_string(text).unwrap();
            if *ascii {
                json = json.chars().map(|c| if c.is_ascii() { c.to_string() } else {
                    c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect()
                }).collect();
            }
            if *lone {
                json.insert_str(1, "\\ud800");
            }
            file.push_str(&format!("{{\"id\": \"x{i}\", \"text\": {json}}}\n"));
        }
        let p = write(tmp.path(), "h.jsonl", file.as_bytes());
        let items: Vec<_> = read_documents(&[p], &ReadOptions::default()).collect();
        prop_assert_eq!(items.len(), texts.len());
        for (item, (text, _, lone)) in items.iter().zip(&texts) {
            match item {
                Ok(doc) => {
                    prop_assert!(!lone);
                    prop_assert_eq!(&doc.original, text);
                    check_document(doc)?;
                }
                Err(DocumentError::MalformedJson { .. }) => prop_assert!(*lone),
                Err(DocumentError::EmptyRecord { .. }) => prop_assert!(text.trim().is_empty()),
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }
}

// ---- reading ----

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn reads_a_directory_sorted_skipping_hidden_files() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds"));
    let docs: Vec<Document> = read_documents(&[dir], &ReadOptions::default())
        .map(|d| d.unwrap())
        .collect();
    assert_eq!(
        docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        SEEDS
    );
    assert!(docs[0]
        .source
        .ends_with("data/seeds/000_410003ede4b73390.txt"));
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), ".hidden.txt", "隐藏".as_bytes());
    write(tmp.path(), "b.txt", "乙文。".as_bytes());
    write(tmp.path(), "a.txt", "\u{FEFF}甲文。".as_bytes());
    let docs: Vec<Document> = read_documents(&[tmp.path().to_path_buf()], &ReadOptions::default())
        .map(|d| d.unwrap())
        .collect();
    assert_eq!(
        docs.iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect::<Vec<_>>(),
        [("a.txt", "甲文。"), ("b.txt", "乙文。")]
    );
}

#[test]
fn decodes_gb18030() {
    let text = seed(SEEDS[0]);
    let (bytes, _, errors) = encoding_rs::GB18030.encode(&text);
    assert!(!errors && std::str::from_utf8(&bytes).is_err());
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "gbk.txt", &bytes);
    let doc = read_documents(&[p], &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.original, text);
    assert!(doc.text.contains("黄兴"));
}

#[test]
fn bad_files_are_errors_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.txt");
    let binary = write(tmp.path(), "bin.txt", b"PK\x03\x04\x00\x00\x14\x00");
    let undecodable = write(tmp.path(), "bad.txt", b"abc \xff\xff def");
    let empty = write(tmp.path(), "empty.txt", b" \n\t\n");
    let big = write(tmp.path(), "big.txt", "重庆。".repeat(100).as_bytes());
    let ok = write(tmp.path(), "ok.txt", "重庆。".as_bytes());
    let paths = [missing, binary, undecodable.clone(), empty, big, ok];
    let options = ReadOptions {
        max_article_bytes: 200,
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_documents(&paths, &options).collect();
    assert_eq!(items.len(), 6);
    let msgs: Vec<String> = items
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.to_string(), |d| d.id.clone()))
        .collect();
    assert!(
        matches!(items[0], Err(DocumentError::NotFound { .. })) && msgs[0].contains("missing.txt"),
        "{msgs:?}"
    );
    assert!(matches!(items[1], Err(DocumentError::Binary { .. })) && msgs[1].contains("bin.txt"));
    assert!(
        matches!(items[2], Err(DocumentError::Binary { .. })),
        "{msgs:?}"
    );
    assert!(matches!(items[3], Err(DocumentError::Empty { .. })) && msgs[3].contains("empty.txt"));
    assert!(
        matches!(
            items[4],
            Err(DocumentError::TooLarge {
                size: 900,
                limit: 200,
                ..
            })
        ) && msgs[4].contains("big.txt")
    );
    assert_eq!(msgs[5], "ok.txt");
    let gb_invalid = write(tmp.path(), "gb.txt", b"abc \x81\x20 def");
    assert!(matches!(
        read_documents(&[gb_invalid], &options).next(),
        Some(Err(DocumentError::Binary { .. }))
    ));
}

#[test]
fn json_lines_records_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a1", "text": "新华社重庆电（记者 黄\n兴）重庆召开大会。"}"#,
        "",
        r#"{"id": 42, "text": "第二篇。"}"#,
        r#"{"id": "a3", "text": "缺右括号。""#,
        r#"{"text": "没有id。"}"#,
        r#"{"id": "a5"}"#,
        r#"{"id": ["x"], "text": "坏id。"}"#,
        r#"{"id": "a7", "text": "  "}"#,
        r#"[1, 2]"#,
        r#"{"id": "a9", "text": "最后一篇。"}"#,
    ];
    let p = write(tmp.path(), "c.jsonl", lines.join("\n").as_bytes());
    let items: Vec<_> = read_documents(&[p], &ReadOptions::default()).collect();
    assert_eq!(items.len(), 9);
    let a = items[0].as_ref().unwrap();
    assert_eq!(
        (a.id.as_str(), a.text.as_str()),
        ("a1", "新华社重庆电（记者 黄\n兴）重庆召开大会。")
    );
    assert!(a.source.ends_with("c.jsonl:1"));
    let b = items[1].as_ref().unwrap();
    assert_eq!(
        (b.id.as_str(), b.source.ends_with("c.jsonl:3")),
        ("42", true)
    );
    let err = |i: usize| {
        items[i]
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(
        matches!(items[2], Err(DocumentError::MalformedJson { line: 4, .. }))
            && err(2).contains("c.jsonl:4: malformed JSON"),
        "{}",
        err(2)
    );
    assert!(
        matches!(&items[3], Err(DocumentError::MissingField { line: 5, field, .. }) if field == "id"),
        "{}",
        err(3)
    );
    assert!(
        matches!(&items[4], Err(DocumentError::MissingField { line: 6, field, .. }) if field == "text")
    );
    assert!(
        matches!(items[5], Err(DocumentError::BadField { line: 7, .. }))
            && err(5).contains("c.jsonl:7")
    );
    assert!(matches!(
        items[6],
        Err(DocumentError::EmptyRecord { line: 8, .. })
    ));
    assert!(matches!(
        items[7],
        Err(DocumentError::MalformedJson { line: 9, .. })
    ));
    assert_eq!(items[8].as_ref().unwrap().id, "a9");

    let options = ReadOptions {
        id_field: "key".into(),
        text_field: "body".into(),
        max_article_bytes: 10,
        max_line_bytes: 60,
    };
    let p = write(
        tmp.path(),
        "d.json",
        "{\"key\":\"k\",\"body\":\"重庆日报记者\"}\n{\"key\":\"k2\",\"body\":\"短\"}\n".as_bytes(),
    );
    let items: Vec<_> = read_documents(&[p], &options).collect();
    assert!(matches!(
        items[0],
        Err(DocumentError::RecordTooLarge {
            line: 1,
            size: 18,
            limit: 10,
            ..
        })
    ));
    assert_eq!(items[1].as_ref().unwrap().id, "k2");
    let empty = write(tmp.path(), "e.jsonl", b"\n\n");
    assert!(matches!(
        read_documents(&[empty], &options).next(),
        Some(Err(DocumentError::Empty { .. }))
    ));
}

/// Real text padded past the limits: a text file with one overlong line
/// (a page extracted without line breaks) and a JSON lines file with one
/// overlong record between two good ones. Each is refused naming the file,
/// the line and the limit; reading goes on.
#[test]
fn articles_and_lines_past_the_limits_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text = seed(SEEDS[1]);
    let limit = text.lines().map(str::len).max().unwrap() + 100;
    let options = ReadOptions {
        max_line_bytes: limit,
        ..ReadOptions::default()
    };
    // Line 3 of the file is the whole article on one line, repeated.
    let flat: String = text.lines().collect();
    let long = format!("标题\r\n\r\n{}\n{text}", flat.repeat(2));
    let long_file = write(tmp.path(), "long.txt", long.as_bytes());
    let ok_file = write(tmp.path(), "ok.txt", text.as_bytes());
    let items: Vec<_> = read_documents(&[long_file, ok_file], &options).collect();
    let Err(e) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert!(
        matches!(e, DocumentError::LineTooLong { line: 3, size, limit: l, .. }
            if *size == flat.len() * 2 && *l == limit),
        "{e}"
    );
    assert!(e.to_string().contains(&format!(
        "long.txt:3: line of {} bytes exceeds the line length limit of {limit} bytes",
        flat.len() * 2
    )));
    assert_eq!(items[1].as_ref().unwrap().original, text);

    let record = |id: &str, t: &str| serde_json::json!({"id": id, "text": t}).to_string();
    let jsonl = [
        record("a", &text),
        record("b", &text.repeat(3)),
        record("c", "短文。"),
    ]
    .join("\n");
    let p = write(tmp.path(), "big.jsonl", jsonl.as_bytes());
    let limit = record("a", &text).len() + 10;
    let options = ReadOptions {
        max_line_bytes: limit,
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_documents(std::slice::from_ref(&p), &options).collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().original, text);
    assert!(
        matches!(&items[1], Err(DocumentError::LineTooLong { line: 2, limit: l, .. }) if *l == limit),
        "{:?}",
        items[1]
    );
    assert_eq!(items[2].as_ref().unwrap().id, "c");
    // Under the line limit but over the article limit.
    let options = ReadOptions {
        max_article_bytes: text.len() - 1,
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_documents(&[p], &options).collect();
    let Err(e) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert!(e.to_string().ends_with(&format!(
        "big.jsonl:1: article of {} bytes exceeds the article size limit of {} bytes",
        text.len(),
        text.len() - 1
    )));
    assert!(matches!(
        items[1],
        Err(DocumentError::RecordTooLarge { line: 2, .. })
    ));
    assert_eq!(items[2].as_ref().unwrap().id, "c");
}

#[test]
fn default_limits() {
    let o = ReadOptions::default();
    assert_eq!((o.max_article_bytes, o.max_line_bytes), (4 << 20, 1 << 20));
    // The longest line of every seed is far below the default.
    for name in SEEDS {
        assert!(first_long_line_of(&seed(name), 4096).is_none(), "{name}");
    }
}

fn first_long_line_of(text: &str, limit: usize) -> Option<(usize, usize)> {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "t.txt", text.as_bytes());
    let options = ReadOptions {
        max_line_bytes: limit,
        ..ReadOptions::default()
    };
    match read_documents(&[p], &options).next() {
        Some(Err(DocumentError::LineTooLong { line, size, .. })) => Some((line, size)),
        _ => None,
    }
}

#[test]
fn line_numbers_count_every_kind_of_break() {
    // CR LF is one break, a lone CR and U+2028 are breaks.
    let t = "甲\r\n乙\r丙\u{2028}丁\n戊戊戊戊";
    assert_eq!(first_long_line_of(t, 11), Some((5, 12)));
    assert_eq!(first_long_line_of(t, 12), None);
    assert_eq!(first_long_line_of("戊戊戊戊\n甲", 3), Some((1, 12)));
}

#[test]
fn reads_the_xwlb_corpus_lazily() {
    // The shared corpus lives beside the checkout (`../shared`), not in it.
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/xwlb/stories.jsonl"
    ));
    if !p.exists() {
        eprintln!("skipped: {} is not present", p.display());
        return;
    }
    let docs: Vec<Document> = read_documents(&[p], &ReadOptions::default())
        .take(3)
        .map(|d| d.unwrap())
        .collect();
    assert_eq!(docs[0].id, "xwlb-20220924-01");
    assert!(docs[0].source.ends_with("stories.jsonl:1"));
    assert!(docs[0].text.starts_with("央视网消息（新闻联播）："));
    // Paragraphs of an unwrapped text stay paragraphs.
    assert_eq!(
        docs[0].text.matches('\n').count(),
        docs[0].original.trim().matches('\n').count()
    );
}

/// The checker itself finds a broken map: a text changed after
/// normalisation no longer comes from its original.
#[test]
fn check_offset_map_finds_a_text_that_does_not_come_from_the_original() {
    let mut doc = seed_doc(SEEDS[0]);
    assert_eq!(doc.check_offset_map(), Ok(()));
    let at = doc.text.find("黄兴").unwrap();
    doc.text.replace_range(at..at + "黄".len(), "王");
    let e = doc.check_offset_map().unwrap_err();
    assert_eq!(e.byte, at);
    assert!(e.problem.starts_with("'王' maps to"), "{e}");
    // A character fewer: the map no longer fits the text.
    doc.text.pop();
    assert!(doc
        .check_offset_map()
        .unwrap_err()
        .problem
        .contains("the map has"));
}

/// A page with no sentence end (real text, punctuation removed, on one
/// line): cut into sentences of at most `MAX_SENTENCE_CHARS` characters, at
/// a comma when the second half of a piece has one, losing nothing.
#[test]
fn overlong_sentences_are_cut() {
    let flat: String = seed(SEEDS[2])
        .chars()
        .filter(|c| !c.is_whitespace() && !"。！？；!?，、“”（）：".contains(*c))
        .collect();
    let line: String = flat
        .chars()
        .cycle()
        .take(3 * MAX_SENTENCE_CHARS + 10)
        .collect();
    let doc = Document::new("t", "t", line.clone());
    assert_eq!(doc.check_offset_map(), Ok(()));
    let lens: Vec<usize> = (0..doc.sentences.len())
        .map(|i| doc.sentence_text(i).chars().count())
        .collect();
    assert_eq!(lens, [2000, 2000, 2000, 10]);
    let joined: String = (0..doc.sentences.len())
        .map(|i| doc.sentence_text(i))
        .collect();
    assert_eq!(joined, doc.text);
    // With a comma in the second half of the first piece, the cut is there.
    let at = 1500;
    let with_comma: String = line
        .chars()
        .take(at)
        .chain(['，'])
        .chain(line.chars().skip(at))
        .collect();
    let doc = Document::new("t", "t", with_comma);
    assert!(doc.sentence_text(0).ends_with('，'));
    assert_eq!(doc.sentence_text(0).chars().count(), at + 1);
    assert_eq!(doc.check_offset_map(), Ok(()));
}

// ---- input that is read right or refused (issue 17) ----

/// A UTF-8 article that lost its tail in the middle of a character is
/// refused as damaged UTF-8, never decoded as GB18030 (before: 10 of 181
/// truncations of the seeds were read as GB18030 garbage with exit 0).
#[test]
fn truncated_utf8_is_refused_not_read_as_gb18030() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cuts = 0;
    for name in SEEDS {
        let text = seed(name);
        let bytes = text.as_bytes();
        // Every 37th byte that is inside a character, plus the last one.
        let inside: Vec<usize> = (1..bytes.len())
            .filter(|&i| !text.is_char_boundary(i))
            .collect();
        for &cut in inside.iter().step_by(37).chain(inside.last()) {
            let p = write(tmp.path(), "cut.txt", &bytes[..cut]);
            let item = read_documents(&[p], &ReadOptions::default())
                .next()
                .unwrap();
            match item {
                Err(DocumentError::DamagedUtf8 {
                    truncated: true,
                    invalid: 1,
                    first,
                    ..
                }) => assert!(first < cut && cut - first <= 3, "{name} cut at {cut}"),
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
            cuts += 1;
        }
    }
    assert!(cuts > 500, "{cuts}");
    // A GB18030 file is still read as GB18030, and one damaged byte in the
    // middle of a UTF-8 article is named, not decoded.
    let text = seed(SEEDS[1]);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let p = write(tmp.path(), "gb.txt", &gb);
    let doc = read_documents(&[p], &ReadOptions::default())
        .next()
        .unwrap();
    assert_eq!(doc.unwrap().original, seed(SEEDS[1]));
    let mut damaged = seed(SEEDS[1]).into_bytes();
    let at = damaged.len() / 2;
    let at = (at..).find(|&i| damaged[i] >= 0xE0).unwrap();
    damaged[at + 1] = b'x';
    let p = write(tmp.path(), "damaged.txt", &damaged);
    let err = read_documents(&[p], &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(err, DocumentError::DamagedUtf8 { first, truncated: false, .. } if first == at),
        "{err}"
    );
    assert!(
        err.to_string().contains("damaged.txt: damaged UTF-8"),
        "{err}"
    );
}

/// Two records with one id in one run: the second is an error naming both
/// lines, the first is kept (before: "4 read, 4 added", 3 stored, the later
/// one silently won).
#[test]
fn duplicate_ids_are_errors_naming_both_places() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a", "text": "第一篇。"}"#,
        r#"{"id": "b", "text": "第二篇。"}"#,
        r#"{"id": "a", "text": "第一篇的另一版。"}"#,
        r#"{"id": "c", "text": "第三篇。"}"#,
    ];
    let p = write(tmp.path(), "d.jsonl", lines.join("\n").as_bytes());
    let items: Vec<_> = read_documents(&[p.clone(), p], &ReadOptions::default()).collect();
    assert_eq!(items.len(), 8);
    let ok: Vec<&str> = items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(ok, ["第一篇。", "第二篇。", "第三篇。"]);
    let msg = items[2].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("d.jsonl:3: duplicate article id \"a\"") && msg.contains("d.jsonl:1"),
        "{msg}"
    );
    // The same file given twice: every record of the second copy.
    assert!(items[4..]
        .iter()
        .all(|r| matches!(r, Err(DocumentError::DuplicateId { .. }))));
}

/// A FIFO (or socket, device) is refused without being opened, alone or in
/// a directory (before: `build` hung forever holding the store lock).
#[cfg(unix)]
#[test]
fn fifos_are_refused_without_opening() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    write(tmp.path(), "z.txt", "最后一篇。".as_bytes());
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = tmp.path().to_path_buf();
    std::thread::spawn(move || {
        let items: Vec<String> = read_documents(&[fifo, dir], &ReadOptions::default())
            .map(|r| r.map_or_else(|e| e.to_string(), |d| d.id))
            .collect();
        let _ = tx.send(items);
    });
    let items = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading a FIFO must not block");
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].ends_with("pipe.txt: not a regular file (a FIFO); not read"));
    assert!(items[1].ends_with("pipe.txt: not a regular file (a FIFO); not read"));
    assert_eq!(items[2], "z.txt");
}

/// Subdirectories are read (in name order, hidden ones skipped) and a
/// directory reached twice through a link is read once (before: files in
/// subdirectories were skipped without a word).
#[test]
fn directories_are_walked_recursively() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(root, "a.txt", "甲。".as_bytes());
    write(&root.join("b"), "b1.txt", "乙。".as_bytes());
    write(&root.join("b/c"), "c1.txt", "丙。".as_bytes());
    write(&root.join(".git"), "h.txt", "隐。".as_bytes());
    write(root, "d.txt", "丁。".as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("b/c/loop")).unwrap();
    let ids: Vec<String> = read_documents(&[root.to_path_buf()], &ReadOptions::default())
        .map(|r| r.map_or_else(|e| e.to_string(), |d| d.id))
        .collect();
    assert_eq!(ids, ["a.txt", "b1.txt", "c1.txt", "d.txt"]);
}

/// Sources are absolute, so readers of the store find the file from any
/// directory (issue 15: `serve` from elsewhere showed no article text).
#[test]
fn sources_are_absolute_paths() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds"));
    let rel = pathdiff(&dir);
    let doc = read_documents(&[rel], &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap();
    assert!(Path::new(&doc.source).is_absolute(), "{}", doc.source);
    assert_eq!(std::fs::read_to_string(&doc.source).unwrap(), doc.original);
}

/// `dir` relative to the working directory when it is inside it (cargo
/// runs tests in the package root), else `dir` itself.
fn pathdiff(dir: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap();
    dir.strip_prefix(&cwd)
        .map_or_else(|_| dir.to_path_buf(), Path::to_path_buf)
}
