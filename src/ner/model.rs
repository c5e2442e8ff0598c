//! The averaged structured perceptron (Collins 2002): BIOES tags over
//! characters, emission weights per (feature, tag), transition weights per
//! (previous tag, tag), Viterbi decoding that never produces an ill-formed
//! sequence (an `I-X` or `E-X` only after `B-X` or `I-X`, no entity left open
//! at the end).
//!
//! Training ([`Trainer`]) goes over the sentences in an order shuffled by a
//! fixed seed (so the same data and seed give the same model bytes), decodes
//! each with the current weights and, where the prediction differs from the
//! gold sequence, adds the gold features and subtracts the predicted ones;
//! the model keeps the average of the weights over all steps (the lazy
//! "w − u/c" form of Daumé 2006, §2.1.1).
//!
//! Partial labels: corpora do not annotate the same types (MSRA has no job
//! titles). A sentence's [`Sentence::loose`] spans may be either an entity
//! of their type (the whole span) or outside; the "gold" sequence is then the
//! best-scoring sequence that agrees with what the corpus does annotate (a
//! constrained Viterbi; Tsuboi et al. 2008 train CRFs the same way on partial
//! annotation), so the model is not taught that 总统 is *not* a title
//! because MSRA leaves it unmarked. Leaving every unmarked character open
//! does not work: nothing then pulls those characters back to `O`.
//!
//! The model file ([`Model::to_bytes`]) is gzip-compressed postcard: a magic
//! string and version, the transition weights, and for every kept feature its
//! key folded to 32 bits (sorted, delta-coded), a bit mask of its non-zero tags and those
//! weights quantised to `i16` with one global scale.

use super::features::SentenceFeatures;
use super::{NerError, NerType, Sentence, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::LazyLock;

/// The number of tags: `O`, then `B-T`, `I-T`, `E-T`, `S-T` (begin,
/// inside, end, single; BIOES, which Ratinov & Roth 2009 found better than
/// BIO for linear models) for each [`NerType`] in [`NerType::ALL`] order.
pub const NUM_TAGS: usize = 1 + 4 * NerType::ALL.len();
/// The row of the transition matrix used for the sentence start.
const START: usize = NUM_TAGS;

const B: usize = 0;
const I: usize = 1;
const E: usize = 2;
const S: usize = 3;

/// The tag of character `i` of an entity of type `ty` spanning
/// `start..end`.
pub fn span_tag(ty: NerType, i: usize, start: usize, end: usize) -> u8 {
    let part = match (i == start, i + 1 == end) {
        (true, true) => S,
        (true, false) => B,
        (false, true) => E,
        (false, false) => I,
    };
    (1 + 4 * ty.index() + part) as u8
}

/// The type of a tag, `None` for `O`.
fn type_of(tag: u8) -> Option<NerType> {
    (tag > 0).then(|| NerType::ALL[(tag as usize - 1) / 4])
}

/// The part (B, I, E, S) of a tag other than `O`.
fn part(tag: u8) -> usize {
    (tag as usize - 1) % 4
}

/// Whether a tag continues the entity of the previous character (I, E).
fn continues(tag: u8) -> bool {
    tag > 0 && matches!(part(tag), I | E)
}

/// Whether the entity of a tag goes on to the next character (B, I).
fn open_after(tag: u8) -> bool {
    tag > 0 && matches!(part(tag), B | I)
}

/// Whether `tag` may follow `prev` (`None` at the sentence start).
fn valid(prev: Option<u8>, tag: u8) -> bool {
    match prev {
        None => !continues(tag),
        Some(p) if open_after(p) => continues(tag) && type_of(p) == type_of(tag),
        Some(_) => !continues(tag),
    }
}

/// The BIOES tags of a sentence of `n` characters with the given spans.
pub fn spans_to_tags(n: usize, spans: &[Span]) -> Vec<u8> {
    let mut tags = vec![0u8; n];
    for s in spans {
        let end = s.end.min(n);
        for (i, t) in tags.iter_mut().enumerate().take(end).skip(s.start) {
            *t = span_tag(s.ty, i, s.start, end);
        }
    }
    tags
}

/// The spans of a BIOES tag sequence: a span starts at B or S (or at an I
/// or E that does not continue a span of its type) and ends after E or S
/// (or where the next tag does not continue it).
pub fn tags_to_spans(tags: &[u8]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, NerType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let goes_on = continues(t) && open.is_some_and(|(_, ty)| Some(ty) == type_of(t));
        if !goes_on {
            if let Some((start, ty)) = open.take() {
                spans.push(Span { start, end: i, ty });
            }
            if let Some(ty) = type_of(t) {
                open = Some((i, ty));
            }
        }
        if t > 0 && matches!(part(t), E | S) {
            if let Some((start, ty)) = open.take() {
                spans.push(Span {
                    start,
                    end: i + 1,
                    ty,
                });
            }
        }
    }
    if let Some((start, ty)) = open {
        spans.push(Span {
            start,
            end: tags.len(),
            ty,
        });
    }
    spans
}

/// The key of the copy of feature `k` for domain `d` (Daumé 2007,
/// "Frustratingly easy domain adaptation": every feature has a general
/// weight, learnt from all corpora, and a weight per corpus family, learnt
/// from that family only, which absorbs its annotation conventions).
pub fn domain_key(k: u64, d: u8) -> u64 {
    (k ^ u64::from(d).wrapping_mul(0x9E37_79B9_7F4A_7C15)).rotate_left(17)
}

/// A hasher for keys that are already 64-bit hashes.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn write_u32(&mut self, v: u32) {
        // Spread the bits: the table takes its bucket from the low bits and
        // its control byte from the high bits of the 64-bit hash.
        self.0 = u64::from(v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type KeyMap = HashMap<u32, u32, BuildHasherDefault<KeyHasher>>;
type InternMap = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// Folds a 64-bit feature key to the 32 bits a model stores (the hashing
/// trick of Weinberger et al. 2009: with about a million features, an unseen
/// feature meets a stored one with probability ≈ 1e6 / 2³² ≈ 0.02%, and
/// the few stored features that fold together share one row).
fn fold(k: u64) -> u32 {
    (k ^ (k >> 32)) as u32
}

/// Which domain's copies of the features ([`domain_key`]) score which tags
/// in [`Model::decode_mixed`]: a model trained on several corpus families
/// can take each type from the family that annotates it best.
#[derive(Debug, Clone, Copy)]
pub struct DomainMix {
    /// The domain of `O` and of every type not in `alt_types`.
    pub base: u8,
    /// The domain of the types in `alt_types`.
    pub alt: u8,
    /// The types whose tags are scored with the `alt` domain.
    pub alt_types: &'static [NerType],
}

/// The weight rows of the features of one sentence: `ids[offsets[i]..
/// offsets[i + 1]]` for character `i` (unknown features left out).
#[derive(Debug, Clone, Default)]
pub struct FeatureIds {
    ids: Vec<u32>,
    offsets: Vec<u32>,
}

impl FeatureIds {
    fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.ids[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Emission scores (`n × NUM_TAGS`) of a sentence under `weights`.
fn emissions(weights: &[f32], ids: &FeatureIds) -> Vec<[f32; NUM_TAGS]> {
    (0..ids.len())
        .map(|i| {
            let mut e = [0f32; NUM_TAGS];
            for &id in ids.of(i) {
                let row = &weights[id as usize * NUM_TAGS..(id as usize + 1) * NUM_TAGS];
                for (x, w) in e.iter_mut().zip(row) {
                    *x += w;
                }
            }
            e
        })
        .collect()
}

/// Per tag, the tags it may follow ([`valid`]), in increasing order: 15 for
/// `O`, `B-X` and `S-X`, 2 for `I-X` and `E-X` (`B-X`, `I-X`), so Viterbi
/// looks at 253 of the 841 tag pairs per character.
static PREDECESSORS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    (0..NUM_TAGS as u8)
        .map(|t| (0..NUM_TAGS as u8).filter(|&p| valid(Some(p), t)).collect())
        .collect()
});

/// Viterbi over well-formed tag sequences; `allowed(i, tag)` restricts the
/// tags of position `i`. `trans` has `(NUM_TAGS + 1) × NUM_TAGS` entries, the
/// last row for the start. Ties go to the lower tag.
fn viterbi(
    emit: &[[f32; NUM_TAGS]],
    trans: &[f32],
    allowed: impl Fn(usize, u8) -> bool,
) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let neg = f32::NEG_INFINITY;
    // Per tag, its possible predecessors with their transition weight, in
    // increasing order of the predecessor (so ties still go to the lower
    // tag): `pairs[from[t]..from[t + 1]]`.
    let mut pairs: Vec<(u8, f32)> = Vec::with_capacity(256);
    let mut from = [0usize; NUM_TAGS + 1];
    for (t, preds) in PREDECESSORS.iter().enumerate() {
        pairs.extend(preds.iter().map(|&p| (p, trans[p as usize * NUM_TAGS + t])));
        from[t + 1] = pairs.len();
    }
    let mut score = vec![[neg; NUM_TAGS]; n];
    let mut back = vec![[0u8; NUM_TAGS]; n];
    for t in 0..NUM_TAGS as u8 {
        if allowed(0, t) && valid(None, t) {
            score[0][t as usize] = emit[0][t as usize] + trans[START * NUM_TAGS + t as usize];
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        for t in 0..NUM_TAGS as u8 {
            if !allowed(i, t) {
                continue;
            }
            let mut best = neg;
            let mut arg = 0u8;
            for &(p, w) in &pairs[from[t as usize]..from[t as usize + 1]] {
                let s = prev[p as usize];
                if s == neg {
                    continue;
                }
                let v = s + w;
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            if best > neg {
                score[i][t as usize] = best + emit[i][t as usize];
                back[i][t as usize] = arg;
            }
        }
    }
    let mut last = 0u8;
    let mut best = neg;
    for t in 0..NUM_TAGS as u8 {
        // An entity cannot stay open at the end.
        if !open_after(t) && score[n - 1][t as usize] > best {
            best = score[n - 1][t as usize];
            last = t;
        }
    }
    let mut tags = vec![0u8; n];
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i] as usize];
    }
    tags
}

/// A trained model: weight rows by feature key and transition weights.
#[derive(Debug, Clone)]
pub struct Model {
    index: KeyMap,
    weights: Vec<f32>,
    trans: Vec<f32>,
}

const MAGIC: &str = "tupu-ner-perceptron";
const VERSION: u32 = 3;

/// The serialised form of a model (inside the gzip stream).
#[derive(Serialize, Deserialize)]
struct ModelFile {
    magic: String,
    version: u32,
    /// The weight of quantum 1.
    scale: f32,
    trans: Vec<f32>,
    /// Sorted (folded, 32-bit) feature keys, each as the difference to the
    /// previous one.
    key_deltas: Vec<u32>,
    /// Per feature: bit t set when tag t has a non-zero weight.
    masks: Vec<u32>,
    /// The non-zero weights, feature by feature, tag by tag, in quanta.
    values: Vec<i16>,
}

impl Model {
    /// The number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.index.len()
    }

    /// The weight rows of the known features of a sentence: the general
    /// features and, with a domain, their copies for that domain.
    pub fn lookup(&self, feats: &SentenceFeatures, domain: Option<u8>) -> FeatureIds {
        let mut ids = Vec::with_capacity(feats.keys.len() * 2);
        let mut offsets = Vec::with_capacity(feats.len() + 1);
        offsets.push(0);
        for i in 0..feats.len() {
            for k in feats.of(i) {
                ids.extend(self.index.get(&fold(*k)));
                if let Some(d) = domain {
                    ids.extend(self.index.get(&fold(domain_key(*k, d))));
                }
            }
            offsets.push(ids.len() as u32);
        }
        FeatureIds { ids, offsets }
    }

    /// The weight rows of the copies for domain `d` only (no general
    /// features) of the known features of a sentence.
    fn lookup_domain(&self, feats: &SentenceFeatures, d: u8) -> FeatureIds {
        let mut ids = Vec::with_capacity(feats.keys.len());
        let mut offsets = Vec::with_capacity(feats.len() + 1);
        offsets.push(0);
        for i in 0..feats.len() {
            for k in feats.of(i) {
                ids.extend(self.index.get(&fold(domain_key(*k, d))));
            }
            offsets.push(ids.len() as u32);
        }
        FeatureIds { ids, offsets }
    }

    /// The best tag sequence of a sentence scored with the general weights
    /// plus, per tag, the copies of one domain: [`DomainMix::alt`] for the
    /// tags of [`DomainMix::alt_types`], [`DomainMix::base`] for all others
    /// (`O` included). Only types in `allowed` are predicted (all when it is
    /// empty).
    pub fn decode_mixed(
        &self,
        feats: &SentenceFeatures,
        mix: &DomainMix,
        allowed: &[NerType],
    ) -> Vec<u8> {
        // Three passes (rows looked up first, then added), not one: the
        // lookups of a pass are independent, so the processor overlaps
        // their cache misses; interleaving lookups and row additions in
        // one pass ran fewer instructions but took 1.5× the time
        // (BENCHMARKS.md, issue 16).
        // Each domain's copies are looked up once: general + base for the
        // other tags, general + alt for the tags of `alt_types`.
        let mut emit = emissions(&self.weights, &self.lookup(feats, None));
        let base = emissions(&self.weights, &self.lookup_domain(feats, mix.base));
        let alt = emissions(&self.weights, &self.lookup_domain(feats, mix.alt));
        let alt_tag: Vec<bool> = (0..NUM_TAGS as u8)
            .map(|t| type_of(t).is_some_and(|ty| mix.alt_types.contains(&ty)))
            .collect();
        for ((e, b), a) in emit.iter_mut().zip(&base).zip(&alt) {
            for t in 0..NUM_TAGS {
                e[t] += if alt_tag[t] { a[t] } else { b[t] };
            }
        }
        viterbi(&emit, &self.trans, |_, t| {
            allowed.is_empty() || type_of(t).is_none_or(|ty| allowed.contains(&ty))
        })
    }

    /// The best tag sequence of a sentence; only types in `allowed` are
    /// predicted (all when it is empty).
    pub fn decode(&self, ids: &FeatureIds, allowed: &[NerType]) -> Vec<u8> {
        let emit = emissions(&self.weights, ids);
        viterbi(&emit, &self.trans, |_, t| {
            allowed.is_empty() || type_of(t).is_none_or(|ty| allowed.contains(&ty))
        })
    }

    /// The model as the bytes of a model file (gzip-compressed postcard);
    /// the same model gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(u32, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        rows.sort_unstable();
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut key_deltas = Vec::with_capacity(rows.len());
        let mut masks = Vec::with_capacity(rows.len());
        let mut values = Vec::new();
        let mut prev = 0u32;
        for (k, r) in rows {
            key_deltas.push(k - prev);
            prev = k;
            let row = &self.weights[r as usize * NUM_TAGS..(r as usize + 1) * NUM_TAGS];
            let mut mask = 0u32;
            for (t, w) in row.iter().enumerate() {
                let q = (w / scale).round() as i16;
                if q != 0 {
                    mask |= 1 << t;
                    values.push(q);
                }
            }
            masks.push(mask);
        }
        let file = ModelFile {
            magic: MAGIC.to_string(),
            version: VERSION,
            scale,
            trans: self.trans.clone(),
            key_deltas,
            masks,
            values,
        };
        let raw = postcard::to_stdvec(&file).expect("serialising to a Vec cannot fail");
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("writing to a Vec cannot fail");
        gz.finish().expect("writing to a Vec cannot fail")
    }

    /// Writes the model file to `path`.
    ///
    /// # Errors
    /// [`NerError::Io`] naming `path`.
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| NerError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Decodes the bytes of a model file; `path` only names it in errors.
    ///
    /// # Errors
    /// [`NerError::Model`] when the bytes are not gzip, not a model of this
    /// version, or inconsistent.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Model, NerError> {
        let bad = |message: String| NerError::Model {
            path: path.to_path_buf(),
            message,
        };
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| bad(format!("gzip: {e}")))?;
        let file: ModelFile = postcard::from_bytes(&raw).map_err(|e| bad(e.to_string()))?;
        if file.magic != MAGIC {
            return Err(bad(format!("magic {:?}", file.magic)));
        }
        if file.version != VERSION {
            return Err(bad(format!(
                "version {} (expected {VERSION})",
                file.version
            )));
        }
        if file.trans.len() != (NUM_TAGS + 1) * NUM_TAGS
            || file.masks.len() != file.key_deltas.len()
        {
            return Err(bad("inconsistent table sizes".into()));
        }
        let n = file.masks.len();
        let mut index = KeyMap::with_capacity_and_hasher(n, Default::default());
        let mut weights = vec![0f32; n * NUM_TAGS];
        let mut values = file.values.iter();
        let mut key = 0u32;
        for (r, (&d, &mask)) in file.key_deltas.iter().zip(&file.masks).enumerate() {
            key = key.wrapping_add(d);
            index.insert(key, r as u32);
            for t in 0..NUM_TAGS {
                if mask & (1 << t) != 0 {
                    let q = values.next().ok_or_else(|| bad("too few weights".into()))?;
                    weights[r * NUM_TAGS + t] = f32::from(*q) * file.scale;
                }
            }
        }
        if values.next().is_some() {
            return Err(bad("too many weights".into()));
        }
        Ok(Model {
            index,
            weights,
            trans: file.trans,
        })
    }
}

/// Assigns weight rows to feature keys while training data is read, counting
/// how often each occurs.
#[derive(Debug, Default)]
pub struct Interner {
    map: InternMap,
    keys: Vec<u64>,
    counts: Vec<u32>,
}

/// One training sentence: its feature rows, gold tags and, per character,
/// the bit mask of tags its (partial) annotation allows.
#[derive(Debug, Clone)]
pub struct Instance {
    ids: FeatureIds,
    tags: Vec<u8>,
    allowed: Vec<u32>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// Interns the features of `sentence` (whose features are `feats`),
    /// with their copies for `domain` if one is given, and returns its
    /// training instance.
    pub fn instance(
        &mut self,
        feats: &SentenceFeatures,
        sentence: &Sentence,
        domain: Option<u8>,
    ) -> Instance {
        let mut ids = Vec::with_capacity(feats.keys.len() * 2);
        let mut offsets = Vec::with_capacity(feats.len() + 1);
        offsets.push(0);
        for i in 0..feats.len() {
            let general = feats.of(i).iter().copied();
            let copies = feats
                .of(i)
                .iter()
                .filter_map(|&k| domain.map(|d| domain_key(k, d)));
            for k in general.chain(copies) {
                let next = self.keys.len() as u32;
                let id = *self.map.entry(k).or_insert(next);
                if id == next {
                    self.keys.push(k);
                    self.counts.push(0);
                }
                self.counts[id as usize] += 1;
                ids.push(id);
            }
            offsets.push(ids.len() as u32);
        }
        let n = feats.len();
        let tags = spans_to_tags(n, &sentence.spans);
        let mut allowed: Vec<u32> = tags.iter().map(|&t| 1 << t).collect();
        let mut in_gold = vec![false; n];
        for s in &sentence.spans {
            in_gold[s.start.min(n)..s.end.min(n)].fill(true);
        }
        for l in &sentence.loose {
            if in_gold[l.start.min(n)..l.end.min(n)].iter().any(|&g| g) {
                continue;
            }
            for (i, a) in allowed
                .iter_mut()
                .enumerate()
                .take(l.end.min(n))
                .skip(l.start)
            {
                *a |= 1 << span_tag(l.ty, i, l.start, l.end);
            }
        }
        Instance {
            ids: FeatureIds { ids, offsets },
            tags,
            allowed,
        }
    }

    /// The number of distinct features seen.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no feature was seen.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Drops the features seen fewer than `min_count` times from the
    /// instances, renumbers the others and returns the trainer.
    pub fn into_trainer(self, instances: &mut [Instance], min_count: u32) -> Trainer {
        let mut remap = vec![u32::MAX; self.keys.len()];
        let mut keys = Vec::new();
        for (i, &c) in self.counts.iter().enumerate() {
            if c >= min_count {
                remap[i] = keys.len() as u32;
                keys.push(self.keys[i]);
            }
        }
        for inst in instances.iter_mut() {
            let mut ids = Vec::with_capacity(inst.ids.ids.len());
            let mut offsets = Vec::with_capacity(inst.ids.offsets.len());
            offsets.push(0);
            for i in 0..inst.ids.len() {
                ids.extend(
                    inst.ids
                        .of(i)
                        .iter()
                        .map(|&id| remap[id as usize])
                        .filter(|&r| r != u32::MAX),
                );
                offsets.push(ids.len() as u32);
            }
            inst.ids = FeatureIds { ids, offsets };
        }
        let n = keys.len();
        Trainer {
            keys,
            w: vec![0.0; n * NUM_TAGS],
            u: vec![0.0; n * NUM_TAGS],
            tw: vec![0.0; (NUM_TAGS + 1) * NUM_TAGS],
            tu: vec![0.0; (NUM_TAGS + 1) * NUM_TAGS],
            c: 1.0,
        }
    }
}

/// The perceptron during training: current weights `w`, the step-weighted
/// sums of updates `u`, and the step counter `c`.
#[derive(Debug)]
pub struct Trainer {
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f64>,
    tw: Vec<f32>,
    tu: Vec<f64>,
    c: f64,
}

impl Trainer {
    /// The number of features (weight rows).
    pub fn feature_count(&self) -> usize {
        self.keys.len()
    }

    /// One pass over `data` in the order given by a shuffle of `seed`
    /// (fastrand's WyRand, so a seed gives the same order everywhere);
    /// `progress` is called with the number of sentences done every 1000
    /// sentences. Returns the number of sentences predicted wrongly.
    pub fn epoch(
        &mut self,
        data: &[Instance],
        seed: u64,
        progress: &mut dyn FnMut(usize),
    ) -> usize {
        let mut order: Vec<usize> = (0..data.len()).collect();
        fastrand::Rng::with_seed(seed).shuffle(&mut order);
        let mut wrong = 0;
        for (done, &k) in order.iter().enumerate() {
            if self.step(&data[k]) {
                wrong += 1;
            }
            if (done + 1) % 1000 == 0 {
                progress(done + 1);
            }
        }
        progress(data.len());
        wrong
    }

    /// Trains on one sentence; returns whether the prediction was wrong.
    fn step(&mut self, inst: &Instance) -> bool {
        let emit = emissions(&self.w, &inst.ids);
        let pred = viterbi(&emit, &self.tw, |_, _| true);
        let partial = inst.allowed.iter().any(|a| a.count_ones() > 1);
        let gold = if partial {
            viterbi(&emit, &self.tw, |i, t| inst.allowed[i] & (1 << t) != 0)
        } else {
            inst.tags.clone()
        };
        let wrong = pred != gold;
        if wrong {
            let c = self.c;
            for i in 0..gold.len() {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                if g != p {
                    for &id in inst.ids.of(i) {
                        let r = id as usize * NUM_TAGS;
                        self.w[r + g] += 1.0;
                        self.u[r + g] += c;
                        self.w[r + p] -= 1.0;
                        self.u[r + p] -= c;
                    }
                }
                let pg = if i == 0 { START } else { gold[i - 1] as usize };
                let pp = if i == 0 { START } else { pred[i - 1] as usize };
                if (pg, g) != (pp, p) {
                    self.tw[pg * NUM_TAGS + g] += 1.0;
                    self.tu[pg * NUM_TAGS + g] += c;
                    self.tw[pp * NUM_TAGS + p] -= 1.0;
                    self.tu[pp * NUM_TAGS + p] -= c;
                }
            }
        }
        self.c += 1.0;
        wrong
    }

    /// The averaged model; features whose averaged weights are all below
    /// `prune` in absolute value are left out.
    pub fn averaged(&self, prune: f32) -> Model {
        let avg = |w: f32, u: f64| (f64::from(w) - u / self.c) as f32;
        let mut index = KeyMap::default();
        let mut weights = Vec::new();
        for (r, &k) in self.keys.iter().enumerate() {
            let row: Vec<f32> = (0..NUM_TAGS)
                .map(|t| avg(self.w[r * NUM_TAGS + t], self.u[r * NUM_TAGS + t]))
                .collect();
            if row.iter().any(|w| w.abs() >= prune && w.abs() > 0.0) {
                let next = index.len() as u32;
                let r = *index.entry(fold(k)).or_insert(next) as usize;
                if r == next as usize {
                    weights.extend(row);
                } else {
                    for (t, w) in row.into_iter().enumerate() {
                        weights[r * NUM_TAGS + t] += w;
                    }
                }
            }
        }
        let trans = self
            .tw
            .iter()
            .zip(&self.tu)
            .map(|(&w, &u)| avg(w, u))
            .collect();
        Model {
            index,
            weights,
            trans,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::FeatureExtractor;

    fn sentence(text: &str, spans: &[(usize, usize, NerType)]) -> Sentence {
        Sentence {
            chars: text.chars().collect(),
            spans: spans
                .iter()
                .map(|&(start, end, ty)| Span { start, end, ty })
                .collect(),
            ..Sentence::default()
        }
    }

    #[test]
    fn tags_and_spans_round_trip() {
        let spans = vec![
            Span {
                start: 0,
                end: 3,
                ty: NerType::Per,
            },
            Span {
                start: 3,
                end: 4,
                ty: NerType::Loc,
            },
            Span {
                start: 6,
                end: 8,
                ty: NerType::Org,
            },
        ];
        let tags = spans_to_tags(9, &spans);
        // PER: B 1, I 2, E 3, S 4; ORG 5..=8; LOC 9..=12.
        assert_eq!(tags, [1, 2, 3, 12, 0, 0, 5, 7, 0]);
        assert_eq!(tags_to_spans(&tags), spans);
        // An I without its B starts a span (conlleval).
        assert_eq!(
            tags_to_spans(&[0, 6, 6]),
            [Span {
                start: 1,
                end: 3,
                ty: NerType::Org
            }]
        );
    }

    #[test]
    fn viterbi_never_puts_an_inside_tag_after_another_type() {
        // Emissions favour O, I-PER, I-PER: the best well-formed sequence
        // must start the person with B-PER and close it with E-PER.
        let mut emit = vec![[0f32; NUM_TAGS]; 3];
        emit[0][0] = 1.0;
        emit[1][2] = 5.0;
        emit[2][2] = 5.0;
        emit[1][1] = 4.0;
        emit[2][3] = 4.0;
        let trans = vec![0f32; (NUM_TAGS + 1) * NUM_TAGS];
        assert_eq!(viterbi(&emit, &trans, |_, _| true), [0, 1, 3]);
    }

    #[test]
    fn trains_on_a_tiny_corpus_reproducibly_and_survives_serialisation() {
        let train = [
            sentence(
                "张三在北京工作。",
                &[(0, 2, NerType::Per), (3, 5, NerType::Loc)],
            ),
            sentence(
                "李四在上海工作。",
                &[(0, 2, NerType::Per), (3, 5, NerType::Loc)],
            ),
            sentence(
                "王五在广州工作。",
                &[(0, 2, NerType::Per), (3, 5, NerType::Loc)],
            ),
            sentence(
                "赵六加入华为公司。",
                &[(0, 2, NerType::Per), (4, 8, NerType::Org)],
            ),
        ];
        let fx = FeatureExtractor::shared();
        let train_once = || {
            let mut interner = Interner::new();
            let mut data: Vec<Instance> = train
                .iter()
                .map(|s| interner.instance(&fx.extract(&s.chars), s, Some(1)))
                .collect();
            let mut trainer = interner.into_trainer(&mut data, 1);
            for e in 0..5 {
                trainer.epoch(&data, 7 + e, &mut |_| {});
            }
            trainer.averaged(0.0)
        };
        let model = train_once();
        let bytes = model.to_bytes();
        assert_eq!(bytes, train_once().to_bytes(), "same seed, same bytes");
        let loaded = Model::from_bytes(&bytes, Path::new("m")).unwrap();
        assert_eq!(loaded.feature_count(), model.feature_count());
        let chars: Vec<char> = "孙七在北京工作。".chars().collect();
        let ids = loaded.lookup(&fx.extract(&chars), Some(1));
        let spans = tags_to_spans(&loaded.decode(&ids, &[]));
        assert!(
            spans.contains(&Span {
                start: 3,
                end: 5,
                ty: NerType::Loc
            }),
            "{spans:?}"
        );
        // Restricting the types removes the others.
        let only_per = tags_to_spans(&loaded.decode(&ids, &[NerType::Per]));
        assert!(
            only_per.iter().all(|s| s.ty == NerType::Per),
            "{only_per:?}"
        );
    }

    #[test]
    fn loose_spans_allow_their_type_or_o() {
        let mut s = sentence("总统李四访问", &[(2, 4, NerType::Per)]);
        s.loose = vec![
            Span {
                start: 0,
                end: 2,
                ty: NerType::Title,
            },
            // Overlaps gold: ignored.
            Span {
                start: 3,
                end: 5,
                ty: NerType::Title,
            },
        ];
        let mut interner = Interner::new();
        let inst = interner.instance(&FeatureExtractor::shared().extract(&s.chars), &s, None);
        let title = |i| 1 << span_tag(NerType::Title, i, 0, 2);
        assert_eq!(inst.allowed[0], 1 | title(0));
        assert_eq!(inst.allowed[1], 1 | title(1));
        assert_eq!(inst.allowed[2], 1 << span_tag(NerType::Per, 2, 2, 4));
        assert_eq!(inst.allowed[3], 1 << span_tag(NerType::Per, 3, 2, 4));
        assert_eq!(inst.allowed[4], 1);
    }
}
