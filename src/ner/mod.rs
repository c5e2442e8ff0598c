//! A trained character sequence labeller for named entities: an averaged
//! structured perceptron (Collins 2002, "Discriminative training methods for
//! hidden Markov models") over characters with BIOES tags for seven types —
//! person ([`NerType::Per`]), organisation ([`NerType::Org`]), location
//! ([`NerType::Loc`]), job title ([`NerType::Title`]), and the named event,
//! park and project of tupu's news gold ([`NerType::Event`],
//! [`NerType::Park`], [`NerType::Project`]) — decoded by Viterbi with
//! tag-transition weights.
//!
//! - [`features`]: the feature templates (character n-grams, character
//!   types, jieba word position and part of speech, gazetteer matches,
//!   surnames), hashed to 64-bit keys;
//! - [`model`]: training (with partial labels and per-corpus feature
//!   copies), pruning, the compressed model file and Viterbi decoding;
//! - [`corpus`]: readers for the public benchmarks (MSRA, People's Daily
//!   1998, CLUENER2020, Resume, Weibo) and for tupu's own annotated news
//!   (`data/news-gold/`), and the label mapping to [`NerType`];
//! - [`score`]: entity-level exact-match precision / recall / F1 (CoNLL).
//!
//! The corpora follow different guidelines (CLUENER's `address` is a whole
//! postal address, MSRA's LOC a single place name), so every feature has a
//! general weight and one per corpus family ([`corpus::Corpus::domain`]);
//! news is labelled with the general plus the MSRA / People's Daily weights.
//!
//! [`Recognizer`] is the entry point for labelling text: the default model
//! ships in `data/models/ner.bin.gz`, is embedded in the binary and decoded
//! once on first use ([`Recognizer::bundled`]); [`Recognizer::from_path`]
//! loads another model file.
//!
//! ```
//! use tupu::ner::{NerType, Recognizer};
//! let text = "国务院总理李克强在北京会见了微软公司总裁。";
//! let found: Vec<(&str, NerType)> = Recognizer::bundled()
//!     .recognize(text)
//!     .into_iter()
//!     .map(|(s, e, t)| (&text[s..e], t))
//!     .collect();
//! assert!(found.contains(&("李克强", NerType::Per)));
//! assert!(found.contains(&("北京", NerType::Loc)));
//! ```

pub mod corpus;
pub mod features;
pub mod model;
pub mod score;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The entity types the model labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NerType {
    /// A person's name (tupu `Person`).
    Per,
    /// An organisation: company, government body, institution (tupu
    /// `Organization`).
    Org,
    /// A location: country, administrative area, named place (tupu `Place`).
    Loc,
    /// A job title (职务: 总经理, 副市长), tupu's `jobTitle` attribute.
    Title,
    /// A named event: meeting, forum, expo, summit, session (tupu `Event`:
    /// 第九届尼山世界文明论坛). Annotated only in tupu's news gold.
    Event,
    /// An industrial park, zone or development area (tupu `Park`:
    /// 两江新区). Annotated only in tupu's news gold.
    Park,
    /// A named investment or construction project (tupu `Project`). Annotated
    /// only in tupu's news gold.
    Project,
}

impl NerType {
    /// Every type, in tag order.
    pub const ALL: [NerType; 7] = [
        NerType::Per,
        NerType::Org,
        NerType::Loc,
        NerType::Title,
        NerType::Event,
        NerType::Park,
        NerType::Project,
    ];

    /// The conventional short label: `PER`, `ORG`, `LOC`, `TITLE`, `EVENT`,
    /// `PARK`, `PROJECT`.
    pub fn label(self) -> &'static str {
        match self {
            NerType::Per => "PER",
            NerType::Org => "ORG",
            NerType::Loc => "LOC",
            NerType::Title => "TITLE",
            NerType::Event => "EVENT",
            NerType::Park => "PARK",
            NerType::Project => "PROJECT",
        }
    }

    /// The tupu entity type of a name of this type: Person, Organization,
    /// Place, Event, Park, Project; `None` for TITLE, which is the `jobTitle`
    /// attribute of a person in `ANNOTATION.md`, not an entity.
    pub fn entity_type(self) -> Option<crate::annotation::EntityType> {
        use crate::annotation::EntityType;
        match self {
            NerType::Per => Some(EntityType::Person),
            NerType::Org => Some(EntityType::Organization),
            NerType::Loc => Some(EntityType::Place),
            NerType::Title => None,
            NerType::Event => Some(EntityType::Event),
            NerType::Park => Some(EntityType::Park),
            NerType::Project => Some(EntityType::Project),
        }
    }

    /// The model type of a tupu entity type (Person → PER, …); the inverse
    /// of [`NerType::entity_type`].
    pub fn of_entity_type(t: crate::annotation::EntityType) -> NerType {
        use crate::annotation::EntityType;
        match t {
            EntityType::Person => NerType::Per,
            EntityType::Organization => NerType::Org,
            EntityType::Place => NerType::Loc,
            EntityType::Event => NerType::Event,
            EntityType::Park => NerType::Park,
            EntityType::Project => NerType::Project,
        }
    }

    /// The index of the type in [`NerType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for NerType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// An entity span in a sentence: CHARACTER offsets, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Index of the first character.
    pub start: usize,
    /// Index one past the last character.
    pub end: usize,
    /// The entity type.
    pub ty: NerType,
}

/// One labelled sentence of a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// The characters.
    pub chars: Vec<char>,
    /// The gold entities (mapped to [`NerType`]), sorted, not overlapping.
    pub spans: Vec<Span>,
    /// Spans that may or may not be an entity of the given type: labels
    /// dropped by the mapping (Resume `CONT` 中国 may be a LOC, CLUENER
    /// `scene` may be a LOC), and, in corpora that mark no job titles (MSRA,
    /// Weibo), the job titles of the bundled gazetteer found outside gold
    /// spans. Used by training only (partial labels, see [`model`]).
    pub loose: Vec<Span>,
}

/// An error reading a corpus or a model file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A corpus line is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold folder of tupu's news corpus is malformed (its error names the
    /// file).
    #[error(transparent)]
    Gold(#[from] crate::eval::EvalError),
    /// A story file of tupu's news corpus cannot be read (its error names
    /// the file and line).
    #[error(transparent)]
    Story(#[from] crate::document::DocumentError),
    /// A model file is not a valid tupu NER model (wrong magic, version,
    /// truncated, corrupt compression).
    #[error("{}: not a valid tupu NER model: {message}", path.display())]
    Model {
        /// The model file (`<bundled>` for the embedded one).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The default model, trained by `tupu train ner` on the train splits of
/// MSRA, CLUENER2020, Resume and Weibo and on tupu's news gold
/// `data/news-gold/` (see README, "Trained recogniser").
static BUNDLED_MODEL: &[u8] = include_bytes!("../../data/models/ner.bin.gz");

/// The environment variable naming a model file that replaces the bundled
/// model in [`Recognizer::bundled`] (to score a model just trained with
/// `tupu eval` without rebuilding tupu).
pub const MODEL_ENV: &str = "TUPU_NER_MODEL";

static BUNDLED: LazyLock<Recognizer> = LazyLock::new(|| match std::env::var_os(MODEL_ENV) {
    Some(path) if !path.is_empty() => {
        let path = PathBuf::from(path);
        Recognizer::from_path(&path).unwrap_or_else(|e| panic!("{MODEL_ENV}: {e}"))
    }
    _ => Recognizer::from_bytes(BUNDLED_MODEL, Path::new("<bundled>"))
        .expect("the bundled NER model data/models/ner.bin.gz is valid (tested)"),
});

/// A trained model together with the feature extractor it was trained with.
pub struct Recognizer {
    model: model::Model,
    features: &'static features::FeatureExtractor,
}

impl std::fmt::Debug for Recognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recognizer")
            .field("features", &self.model.feature_count())
            .finish()
    }
}

impl Recognizer {
    /// The recogniser with the bundled model (`data/models/ner.bin.gz`),
    /// decoded on first use (about a second) and shared afterwards. When the
    /// environment variable [`MODEL_ENV`] (`TUPU_NER_MODEL`) names a file,
    /// that model is used instead; a file that cannot be read or is no model
    /// stops the program with its error (`TUPU_NER_MODEL: PATH: …`).
    pub fn bundled() -> &'static Recognizer {
        &BUNDLED
    }

    /// Loads a model file written by `tupu train ner`
    /// ([`model::Model::save`]).
    ///
    /// # Errors
    /// [`NerError::Io`] when the file cannot be read, [`NerError::Model`]
    /// when it is not a valid model.
    pub fn from_path(path: &Path) -> Result<Recognizer, NerError> {
        let bytes = std::fs::read(path).map_err(|source| NerError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Recognizer::from_bytes(&bytes, path)
    }

    /// Decodes a model from the bytes of a model file; `path` only names it
    /// in errors.
    ///
    /// # Errors
    /// [`NerError::Model`] when the bytes are not a valid model.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Recognizer, NerError> {
        Ok(Recognizer::new(model::Model::from_bytes(bytes, path)?))
    }

    /// Wraps a model (for example one just trained).
    pub fn new(model: model::Model) -> Recognizer {
        Recognizer {
            model,
            features: features::FeatureExtractor::shared(),
        }
    }

    /// The model.
    pub fn model(&self) -> &model::Model {
        &self.model
    }

    /// Labels a sentence given as characters and returns its entities as
    /// CHARACTER spans, sorted; only types in `allowed` are predicted (all
    /// seven when `allowed` is empty). News conventions, one decoding with
    /// the weights mixed per type ([`model::DomainMix`]): the general
    /// weights plus those of the MSRA / People's Daily domain for `O` and
    /// PER/ORG/LOC/TITLE, and those of tupu's news gold
    /// ([`corpus::Corpus::News`]) for EVENT/PARK/PROJECT, which MSRA does not
    /// annotate. Decoding every type with the news domain lowered the seed
    /// entity F1 by 0.011 (its places); the mix keeps the seeds and raises
    /// Park and Project on the dev stories (BENCHMARKS.md, issue 13,
    /// trained recogniser).
    pub fn label_chars(&self, chars: &[char], allowed: &[NerType]) -> Vec<Span> {
        if chars.is_empty() {
            return Vec::new();
        }
        let feats = self.features.extract(chars);
        model::tags_to_spans(
            &self
                .model
                .decode_mixed(&feats, &Recognizer::news_mix(), allowed),
        )
    }

    /// The weights [`Recognizer::label_chars`] labels news with: the MSRA /
    /// People's Daily domain for `O` and PER/ORG/LOC/TITLE, tupu's news
    /// gold for EVENT/PARK/PROJECT.
    pub fn news_mix() -> model::DomainMix {
        model::DomainMix {
            base: corpus::Corpus::Msra.domain(),
            alt: corpus::Corpus::News.domain(),
            alt_types: &[NerType::Event, NerType::Park, NerType::Project],
        }
    }

    /// Labels a sentence the way `corpus` annotates: with the weights of its
    /// domain ([`corpus::Corpus::domain`]) and only its types.
    pub fn label_as(&self, chars: &[char], corpus: corpus::Corpus) -> Vec<Span> {
        self.label_in(chars, corpus.types(), corpus.domain())
    }

    fn label_in(&self, chars: &[char], allowed: &[NerType], domain: u8) -> Vec<Span> {
        if chars.is_empty() {
            return Vec::new();
        }
        let feats = self.features.extract(chars);
        let ids = self.model.lookup(&feats, Some(domain));
        let tags = self.model.decode(&ids, allowed);
        model::tags_to_spans(&tags)
    }

    /// Finds the entities of `text` and returns them as `(start, end, type)`
    /// with **BYTE** offsets into `text` (`&text[start..end]` is the name),
    /// sorted by start. The text is labelled one sentence (split after
    /// `。！？；` and line breaks) at a time.
    pub fn recognize(&self, text: &str) -> Vec<(usize, usize, NerType)> {
        let mut out = Vec::new();
        let mut byte_of: Vec<usize> = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        let mut flush = |chars: &mut Vec<char>, byte_of: &mut Vec<usize>, end: usize| {
            byte_of.push(end);
            for s in self.label_chars(chars, &[]) {
                out.push((byte_of[s.start], byte_of[s.end], s.ty));
            }
            chars.clear();
            byte_of.clear();
        };
        for (i, c) in text.char_indices() {
            chars.push(c);
            byte_of.push(i);
            if matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?') || chars.len() >= 500 {
                flush(&mut chars, &mut byte_of, i + c.len_utf8());
            }
        }
        flush(&mut chars, &mut byte_of, text.len());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_model_labels_a_news_sentence_with_byte_offsets() {
        let text = "重庆市副市长张国清出席了在上海举行的签约仪式，阿里巴巴集团参加。";
        let found: Vec<(&str, NerType)> = Recognizer::bundled()
            .recognize(text)
            .into_iter()
            .map(|(s, e, t)| (&text[s..e], t))
            .collect();
        assert!(found.contains(&("张国清", NerType::Per)), "{found:?}");
        assert!(found.contains(&("上海", NerType::Loc)), "{found:?}");
        assert!(found.contains(&("阿里巴巴集团", NerType::Org)), "{found:?}");
    }

    #[test]
    fn titles_are_found_and_are_no_entities() {
        // Labelled the way Resume (which marks titles) annotates; with the
        // news weights the retrained model no longer marks this 副市长.
        let chars: Vec<char> = "重庆市副市长张国清出席了会议。".chars().collect();
        let found = Recognizer::bundled().label_as(&chars, corpus::Corpus::Resume);
        let title = found.iter().find(|s| s.ty == NerType::Title);
        let t = title.copied().unwrap_or_else(|| panic!("{found:?}"));
        let name: String = chars[t.start..t.end].iter().collect();
        assert!(name.ends_with("副市长"), "{name}");
        assert_eq!(t.ty.entity_type(), None);
        assert_eq!(
            NerType::Event.entity_type(),
            Some(crate::annotation::EntityType::Event)
        );
        assert_eq!(
            NerType::Org.entity_type(),
            Some(crate::annotation::EntityType::Organization)
        );
    }

    #[test]
    fn offsets_stay_right_across_sentence_splits() {
        let text = "新华社北京电。\n李克强总理今天在天津考察！王毅外长会见了日本外相。";
        let found = Recognizer::bundled().recognize(text);
        for &(s, e, _) in &found {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e);
        }
        let names: Vec<&str> = found.iter().map(|&(s, e, _)| &text[s..e]).collect();
        for name in ["北京", "李克强", "天津", "王毅", "日本"] {
            assert!(names.contains(&name), "{name} not in {names:?}");
        }
        let starts: Vec<usize> = found.iter().map(|f| f.0).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
    }

    #[test]
    fn the_news_domain_labels_projects_the_msra_domain_misses() {
        // CCTV, 2025-09-06 (gold-news dev): a railway under construction is a
        // Project (ANNOTATION.md); the MSRA domain has no such type.
        let chars: Vec<char> = "连接天津和北京大兴的津兴城际铁路今天（9月6日）进入联调联试阶段。"
            .chars()
            .collect();
        let names = |spans: Vec<Span>, ty| -> Vec<String> {
            spans
                .iter()
                .filter(|s| s.ty == ty)
                .map(|s| chars[s.start..s.end].iter().collect())
                .collect()
        };
        let r = Recognizer::bundled();
        let mixed = r.label_chars(&chars, &[]);
        assert_eq!(names(mixed.clone(), NerType::Project), ["津兴城际铁路"]);
        let msra = r.label_as(&chars, corpus::Corpus::Msra);
        assert!(names(msra, NerType::Project).is_empty());
        // The other types keep the MSRA domain's reading.
        assert!(names(mixed, NerType::Loc).contains(&"天津".to_string()));
    }

    #[test]
    fn a_mix_of_one_domain_is_that_domains_decoding() {
        let r = Recognizer::bundled();
        let chars: Vec<char> = "海关总署出台措施支持横琴粤澳深度合作区发展，王毅出席。"
            .chars()
            .collect();
        let feats = r.features.extract(&chars);
        for d in [1u8, 5] {
            let plain = r.model.decode(&r.model.lookup(&feats, Some(d)), &[]);
            for mix in [
                model::DomainMix {
                    base: d,
                    alt: d,
                    alt_types: &[NerType::Park],
                },
                model::DomainMix {
                    base: d,
                    alt: 3,
                    alt_types: &[],
                },
            ] {
                assert_eq!(r.model.decode_mixed(&feats, &mix, &[]), plain, "{mix:?}");
            }
        }
    }

    #[test]
    fn empty_text_gives_no_entities() {
        assert!(Recognizer::bundled().recognize("").is_empty());
        assert!(Recognizer::bundled().label_chars(&[], &[]).is_empty());
    }

    #[test]
    fn corrupt_model_bytes_are_a_clear_error() {
        let err = Recognizer::from_bytes(b"not a model", Path::new("x.bin.gz")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.bin.gz: not a valid tupu NER model"),
            "{err}"
        );
        let err = Recognizer::from_path(Path::new("/nonexistent/ner.bin.gz")).unwrap_err();
        assert!(matches!(err, NerError::Io { .. }), "{err}");
    }
}
