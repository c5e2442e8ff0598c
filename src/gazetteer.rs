//! Gazetteers: the bundled dictionaries of places, countries, parks,
//! organisations, job titles and surnames, and an Aho-Corasick matcher over
//! them.
//!
//! The dictionaries live in `data/gazetteers/` (see `SOURCES.md` there for
//! where each comes from and under which licence). They are embedded in the
//! binary with `include_str!` and parsed once into a [`LazyLock`] by
//! [`Gazetteer::bundled`]; [`Gazetteer::from_dir`] loads another directory
//! with the same file names at run time.
//!
//! Offsets: [`Gazetteer::find`] and [`Gazetteer::surname_at`] return **BYTE**
//! offsets into the `&str` they are given (so `&text[m.start..m.end]` is the
//! matched name); callers that need character offsets convert them.
//!
//! ```
//! use tupu::gazetteer::Gazetteer;
//! let g = Gazetteer::bundled();
//! let text = "璧山区与腾讯公司签约";
//! let names: Vec<&str> = g.find(text).iter().map(|m| &text[m.start..m.end]).collect();
//! assert_eq!(names, ["璧山区", "腾讯公司"]);
//! assert_eq!(g.lookup("腾讯公司")[0].canonical, "腾讯");
//! ```

use crate::annotation::{EntityType, Subtype};
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Which form of a name an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameForm {
    /// The full or usual name (重庆市, 腾讯, 俄罗斯, 欧洲).
    Full,
    /// A short form or alias (重庆, 璧山, 腾讯公司, 国家发改委, 阿联酋).
    Short,
    /// A one-character (bound) abbreviation (渝, 川, 俄, 美). Abbreviations
    /// are found by [`Gazetteer::lookup`] but never by [`Gazetteer::find`]:
    /// they are only names in fixed contexts (在渝, 中美).
    Abbrev,
}

/// Which dictionary an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// `countries.tsv`: countries and world regions.
    Country,
    /// `places.tsv`: Chinese administrative divisions.
    Place,
    /// `province_abbrev.tsv`: one-character province abbreviations.
    ProvinceAbbrev,
    /// `parks.tsv`: development zones (开发区, 高新区) listed by the NBS.
    Park,
    /// `organizations.tsv`: well-known organisations.
    Organization,
}

/// The administrative level of a place entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceLevel {
    /// A country.
    Country,
    /// A continent or world region (欧洲, 中东): not a country.
    Region,
    /// A province, autonomous region, municipality or SAR (重庆市, 四川省).
    Province,
    /// A prefecture-level city, prefecture, league or autonomous prefecture.
    City,
    /// A district, county, county-level city or banner (璧山区, 垫江县).
    Area,
    /// A town or township (镇/乡).
    Town,
}

impl PlaceLevel {
    fn parse(s: &str) -> Option<PlaceLevel> {
        Some(match s {
            "province" => PlaceLevel::Province,
            "city" => PlaceLevel::City,
            "area" => PlaceLevel::Area,
            "town" => PlaceLevel::Town,
            _ => return None,
        })
    }
}

/// One name of one known entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// The name as written in text (重庆, 腾讯公司).
    pub name: String,
    /// The entity's canonical name (重庆市, 腾讯); equals `name` for full forms.
    pub canonical: String,
    /// The entity type (Place, Organization or Park).
    pub entity_type: EntityType,
    /// The subtype, when the dictionary gives one (AdministrativeArea for
    /// countries and Chinese divisions, Company, MediaOutlet, …; none for
    /// world regions and parks).
    pub subtype: Option<Subtype>,
    /// Full name, short form or abbreviation.
    pub form: NameForm,
    /// The dictionary the entry comes from.
    pub source: Source,
    /// For places: the administrative level.
    pub level: Option<PlaceLevel>,
    /// For Chinese places and parks: the canonical name of the enclosing
    /// division (重庆市 for 璧山区), when there is one.
    pub parent: Option<String>,
}

/// One match of [`Gazetteer::find`]: a known name in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerMatch<'g> {
    /// BYTE offset of the match's first byte in the searched text.
    pub start: usize,
    /// BYTE offset one past the match's last byte in the searched text.
    pub end: usize,
    /// Every entry with this name (never empty), most relevant first (the same
    /// order as [`Gazetteer::lookup`]).
    pub entries: Vec<&'g GazetteerEntry>,
}

/// An error loading gazetteer files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line of a file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The matcher could not be built from the names.
    #[error("building the gazetteer matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
}

/// The file names a gazetteer directory holds, in loading order.
const FILES: [&str; 7] = [
    "places.tsv",
    "parks.tsv",
    "province_abbrev.tsv",
    "countries.tsv",
    "organizations.tsv",
    "job_titles.txt",
    "surnames.tsv",
];

/// The bundled files, embedded at compile time, in the order of [`FILES`].
const BUNDLED: [&str; 7] = [
    include_str!("../data/gazetteers/places.tsv"),
    include_str!("../data/gazetteers/parks.tsv"),
    include_str!("../data/gazetteers/province_abbrev.tsv"),
    include_str!("../data/gazetteers/countries.tsv"),
    include_str!("../data/gazetteers/organizations.tsv"),
    include_str!("../data/gazetteers/job_titles.txt"),
    include_str!("../data/gazetteers/surnames.tsv"),
];

static BUNDLED_JIEBA: LazyLock<jieba_rs::Jieba> =
    LazyLock::new(|| Gazetteer::bundled().build_jieba());

static BUNDLED_GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let files = FILES
        .iter()
        .zip(BUNDLED)
        .map(|(name, text)| (PathBuf::from("data/gazetteers").join(name), text.to_owned()));
    match Gazetteer::parse(files) {
        Ok(g) => g,
        // The bundled files are checked by the tests; this is a build defect.
        Err(e) => panic!("bundled gazetteer is malformed: {e}"),
    }
});

/// The dictionaries and a matcher over every name that may be searched for.
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// name → indexes into `entries`, most relevant first.
    by_name: BTreeMap<String, Vec<usize>>,
    /// Pattern id → name (a key of `by_name`), for the matcher.
    patterns: Vec<String>,
    matcher: AhoCorasick,
    /// Sorted longest first (by characters), then by code point.
    job_titles: Vec<String>,
    job_title_set: BTreeSet<String>,
    /// The job titles, for anchored longest-prefix search
    /// ([`Gazetteer::job_title_prefix`]).
    job_title_starts: AhoCorasick,
    /// surname → frequency as given by the source (a relative weight).
    surnames: BTreeMap<String, f64>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("patterns", &self.patterns.len())
            .field("job_titles", &self.job_titles.len())
            .field("surnames", &self.surnames.len())
            .finish()
    }
}

/// Splits a data line into TAB-separated fields after dropping a trailing CR;
/// `None` for blank and `#` comment lines.
fn data_line(line: &str) -> Option<Vec<&str>> {
    let line = line.trim_end_matches('\r');
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    Some(line.split('\t').map(str::trim).collect())
}

/// Parsing state shared by the per-file readers.
struct Builder {
    entries: Vec<GazetteerEntry>,
    job_titles: BTreeSet<String>,
    surnames: BTreeMap<String, f64>,
    /// Canonical names of the world regions of `countries.tsv` seen so far.
    regions: BTreeSet<String>,
}

impl Builder {
    fn file(&mut self, path: &Path, text: &str) -> Result<(), GazetteerError> {
        let kind = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let Some(fields) = data_line(line) else {
                continue;
            };
            let syntax = |message: String| GazetteerError::Syntax {
                path: path.to_owned(),
                line: i + 1,
                message,
            };
            self.line(kind, &fields).map_err(syntax)?;
        }
        Ok(())
    }

    fn line(&mut self, kind: &str, f: &[&str]) -> Result<(), String> {
        let columns = |n: usize| {
            if f.len() == n && f.iter().all(|c| !c.is_empty()) {
                Ok(())
            } else {
                Err(format!(
                    "expected {n} non-empty TAB-separated columns, found {}",
                    f.len()
                ))
            }
        };
        match kind {
            "places.tsv" => {
                columns(6)?;
                let subtype = f[2].parse::<Subtype>().map_err(|e| e.to_string())?;
                if subtype.parent() != EntityType::Place {
                    return Err(format!("subtype {} is not a Place subtype", f[2]));
                }
                let level =
                    PlaceLevel::parse(f[3]).ok_or_else(|| format!("unknown level {:?}", f[3]))?;
                self.push(
                    f[0],
                    f[1],
                    EntityType::Place,
                    Some(subtype),
                    form(f[5], false)?,
                    Source::Place,
                )
                .place(level, f[4]);
            }
            "parks.tsv" => {
                columns(4)?;
                self.push(
                    f[0],
                    f[1],
                    EntityType::Park,
                    None,
                    form(f[2], false)?,
                    Source::Park,
                )
                .place_parent(f[3]);
            }
            "province_abbrev.tsv" => {
                columns(3)?;
                if f[0].chars().count() != 1 {
                    return Err(format!("abbreviation {:?} is not one character", f[0]));
                }
                if !matches!(f[2], "official" | "alternative") {
                    return Err(format!("unknown kind {:?} (official, alternative)", f[2]));
                }
                let subtype = Some(Subtype::AdministrativeArea);
                self.push(
                    f[0],
                    f[1],
                    EntityType::Place,
                    subtype,
                    NameForm::Abbrev,
                    Source::ProvinceAbbrev,
                )
                .level = Some(PlaceLevel::Province);
            }
            "countries.tsv" => {
                columns(3)?;
                let (form, level) = match f[2] {
                    "region" => (NameForm::Full, PlaceLevel::Region),
                    other => (form(other, true)?, PlaceLevel::Country),
                };
                if level == PlaceLevel::Region {
                    self.regions.insert(f[1].to_owned());
                }
                let level = if self.regions.contains(f[1]) {
                    PlaceLevel::Region
                } else {
                    level
                };
                let subtype = (level == PlaceLevel::Country).then_some(Subtype::AdministrativeArea);
                self.push(
                    f[0],
                    f[1],
                    EntityType::Place,
                    subtype,
                    form,
                    Source::Country,
                )
                .level = Some(level);
            }
            "organizations.tsv" => {
                if !(2..=3).contains(&f.len()) || f[0].is_empty() {
                    return Err(format!(
                        "expected name, subtype and optional aliases, found {} columns",
                        f.len()
                    ));
                }
                let subtype = f[1].parse::<Subtype>().map_err(|e| e.to_string())?;
                if subtype.parent() != EntityType::Organization {
                    return Err(format!("subtype {} is not an Organization subtype", f[1]));
                }
                self.push(
                    f[0],
                    f[0],
                    EntityType::Organization,
                    Some(subtype),
                    NameForm::Full,
                    Source::Organization,
                );
                for alias in f
                    .get(2)
                    .filter(|a| !a.is_empty())
                    .into_iter()
                    .flat_map(|a| a.split('|'))
                    .map(str::trim)
                {
                    if alias.is_empty() {
                        return Err("empty alias".to_owned());
                    }
                    let s = Some(subtype);
                    self.push(
                        alias,
                        f[0],
                        EntityType::Organization,
                        s,
                        NameForm::Short,
                        Source::Organization,
                    );
                }
            }
            "job_titles.txt" => {
                columns(1)?;
                self.job_titles.insert(f[0].to_owned());
            }
            "surnames.tsv" => {
                columns(2)?;
                let n = f[0].chars().count();
                if !(1..=2).contains(&n) {
                    return Err(format!("surname {:?} is not one or two characters", f[0]));
                }
                let freq = f[1]
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .ok_or_else(|| format!("frequency {:?} is not a non-negative number", f[1]))?;
                self.surnames.insert(f[0].to_owned(), freq);
            }
            other => return Err(format!("unknown gazetteer file kind {other:?}")),
        }
        Ok(())
    }

    fn push(
        &mut self,
        name: &str,
        canonical: &str,
        entity_type: EntityType,
        subtype: Option<Subtype>,
        form: NameForm,
        source: Source,
    ) -> &mut GazetteerEntry {
        self.entries.push(GazetteerEntry {
            name: name.to_owned(),
            canonical: canonical.to_owned(),
            entity_type,
            subtype,
            form,
            source,
            level: None,
            parent: None,
        });
        let last = self.entries.len() - 1;
        &mut self.entries[last]
    }
}

impl GazetteerEntry {
    fn place(&mut self, level: PlaceLevel, parent: &str) {
        self.level = Some(level);
        self.place_parent(parent);
    }

    fn place_parent(&mut self, parent: &str) {
        self.parent = (parent != "-").then(|| parent.to_owned());
    }
}

/// Parses a `form` column: `full`, `short` and (where allowed) `abbrev`.
fn form(s: &str, abbrev_allowed: bool) -> Result<NameForm, String> {
    match s {
        "full" => Ok(NameForm::Full),
        "short" => Ok(NameForm::Short),
        "abbrev" if abbrev_allowed => Ok(NameForm::Abbrev),
        _ => Err(format!("unknown form {s:?}")),
    }
}

/// The order of sources among entries of one name and form: the
/// hand-curated organisation and country lists before the generated place
/// and park lists (阿里 is 阿里巴巴 before it is 阿里地区).
fn source_rank(source: Source) -> u8 {
    match source {
        Source::Organization => 0,
        Source::Country => 1,
        Source::Place => 2,
        Source::ProvinceAbbrev => 3,
        Source::Park => 4,
    }
}

/// Whether the byte `b` is part of an ASCII word.
fn ascii_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric())
}

impl Gazetteer {
    /// The gazetteer built from the files bundled in `data/gazetteers/`,
    /// parsed on first use and shared afterwards.
    ///
    /// Panics only if the bundled files are malformed, which the test suite
    /// rules out.
    pub fn bundled() -> &'static Gazetteer {
        &BUNDLED_GAZETTEER
    }

    /// jieba with the user dictionary of the bundled gazetteer
    /// ([`Gazetteer::build_jieba`] of [`Gazetteer::bundled`]), built on
    /// first use and shared afterwards: the NER features segment with it,
    /// and the extractor's segmenter starts from a clone of it, so a process
    /// loads jieba's dictionary once (building one takes about half of the
    /// extractor's start-up; see BENCHMARKS.md, issue 16).
    pub fn bundled_jieba() -> &'static jieba_rs::Jieba {
        &BUNDLED_JIEBA
    }

    /// Loads the seven gazetteer files (`places.tsv`, `parks.tsv`,
    /// `province_abbrev.tsv`, `countries.tsv`, `organizations.tsv`,
    /// `job_titles.txt`, `surnames.tsv`) from `dir`.
    ///
    /// Files are UTF-8 (a BOM and CRLF line ends are accepted), one entry per
    /// line, TAB-separated, `#` comment lines.
    ///
    /// # Errors
    /// [`GazetteerError::Io`] when a file is missing or unreadable (naming
    /// it); [`GazetteerError::Syntax`] naming file and 1-based line for a
    /// malformed line (wrong number of columns, unknown subtype, level or
    /// form, bad frequency).
    pub fn from_dir(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let mut files = Vec::with_capacity(FILES.len());
        for name in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| GazetteerError::Io {
                path: path.clone(),
                source,
            })?;
            files.push((path, text));
        }
        Gazetteer::parse(files)
    }

    fn parse(
        files: impl IntoIterator<Item = (PathBuf, String)>,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut b = Builder {
            entries: Vec::new(),
            job_titles: BTreeSet::new(),
            surnames: BTreeMap::new(),
            regions: BTreeSet::new(),
        };
        for (path, text) in files {
            b.file(&path, &text)?;
        }
        let entries = b.entries;
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_name.entry(e.name.clone()).or_default().push(i);
        }
        for ids in by_name.values_mut() {
            ids.sort_by(|&a, &b| {
                let key = |e: &GazetteerEntry| {
                    (
                        e.form,
                        source_rank(e.source),
                        e.level,
                        e.canonical.clone(),
                        e.parent.clone(),
                    )
                };
                key(&entries[a]).cmp(&key(&entries[b]))
            });
        }
        let patterns: Vec<String> = by_name
            .iter()
            .filter(|(_, ids)| ids.iter().any(|&i| entries[i].form != NameForm::Abbrev))
            .map(|(name, _)| name.clone())
            .collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        let mut job_titles: Vec<String> = b.job_titles.iter().cloned().collect();
        job_titles.sort_by(|a, b| {
            b.chars()
                .count()
                .cmp(&a.chars().count())
                .then_with(|| a.cmp(b))
        });
        let job_title_starts = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&job_titles)?;
        Ok(Gazetteer {
            entries,
            by_name,
            patterns,
            matcher,
            job_title_starts,
            job_titles,
            job_title_set: b.job_titles,
            surnames: b.surnames,
        })
    }

    /// Every entry, in file order (places, parks, province abbreviations,
    /// countries, organisations).
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// The entries whose `name` is exactly `name` (no normalisation), most
    /// relevant first: full names before short forms before abbreviations,
    /// then organisations, countries, places, parks, then higher
    /// administrative levels first. Empty when the name is unknown.
    ///
    /// ```
    /// use tupu::gazetteer::Gazetteer;
    /// let g = Gazetteer::bundled();
    /// assert_eq!(g.lookup("重庆")[0].canonical, "重庆市");
    /// assert_eq!(g.lookup("渝")[0].canonical, "重庆市"); // an abbreviation
    /// ```
    pub fn lookup(&self, name: &str) -> Vec<&GazetteerEntry> {
        self.by_name
            .get(name)
            .map(|ids| ids.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default()
    }

    /// Finds the known names in `text`, left to right, without overlaps; where
    /// names overlap the leftmost wins and, among those, the longest
    /// (Aho-Corasick `LeftmostLongest`). Abbreviations ([`NameForm::Abbrev`])
    /// are never matched, and a name made of ASCII letters or digits (WTO,
    /// TCL) only matches as a whole ASCII word.
    ///
    /// Returns BYTE offsets into `text`. Linear in the length of `text`.
    ///
    /// ```
    /// use tupu::gazetteer::Gazetteer;
    /// let text = "重庆市经济和信息化委员会";
    /// let m = &Gazetteer::bundled().find(text)[0];
    /// assert_eq!((m.start, m.end), (0, "重庆市".len()));
    /// ```
    pub fn find(&self, text: &str) -> Vec<GazetteerMatch<'_>> {
        let bytes = text.as_bytes();
        self.matcher
            .find_iter(text)
            .filter(|m| {
                let (s, e) = (m.start(), m.end());
                let before = s.checked_sub(1).and_then(|p| bytes.get(p));
                let last = e.checked_sub(1).and_then(|p| bytes.get(p));
                let glued_start = ascii_word(before) && ascii_word(bytes.get(s));
                let glued_end = ascii_word(last) && ascii_word(bytes.get(e));
                !glued_start && !glued_end
            })
            .map(|m| {
                let name = &self.patterns[m.pattern().as_usize()];
                let entries = self
                    .lookup(name)
                    .into_iter()
                    .filter(|e| e.form != NameForm::Abbrev)
                    .collect();
                GazetteerMatch {
                    start: m.start(),
                    end: m.end(),
                    entries,
                }
            })
            .collect()
    }

    /// Whether `s` is exactly one of the known job titles (副市长, 董事长).
    pub fn is_job_title(&self, s: &str) -> bool {
        self.job_title_set.contains(s)
    }

    /// The known job titles, longest (in characters) first and then in code
    /// point order, so that a caller trying them in turn finds 市委副书记
    /// before 副书记 before 书记.
    pub fn job_titles(&self) -> &[String] {
        &self.job_titles
    }

    /// The BYTE length of the longest job title that `text` starts with:
    /// the first of [`Gazetteer::job_titles`] that is a prefix of `text`
    /// (`市委副书记` in `市委副书记张三`), found by one anchored automaton
    /// search instead of trying every title.
    pub fn job_title_prefix(&self, text: &str) -> Option<usize> {
        self.job_title_starts
            .find(Input::new(text).anchored(Anchored::Yes))
            .map(|m| m.end())
    }

    /// The byte length of the surname that `text` starts with, preferring a
    /// two-character surname (欧阳, 司马) to a one-character one; `None` when
    /// `text` does not start with a known surname.
    ///
    /// ```
    /// use tupu::gazetteer::Gazetteer;
    /// let g = Gazetteer::bundled();
    /// assert_eq!(g.surname_at("欧阳修说"), Some("欧阳".len()));
    /// assert_eq!(g.surname_at("唐良智"), Some("唐".len()));
    /// ```
    pub fn surname_at(&self, text: &str) -> Option<usize> {
        let mut ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
        let one = ends.next()?;
        if let Some(two) = ends.next() {
            if self.surnames.contains_key(&text[..two]) {
                return Some(two);
            }
        }
        self.surnames.contains_key(&text[..one]).then_some(one)
    }

    /// The relative frequency of a surname as given by the source list
    /// (王 ≈ 9520, rare surnames ≈ 5), or `None` when `s` is not a surname.
    pub fn surname_frequency(&self, s: &str) -> Option<f64> {
        self.surnames.get(s).copied()
    }

    /// A user dictionary for jieba-rs (`Jieba::load_dict`): one line
    /// `word freq tag` per searchable name and job title, sorted by word.
    ///
    /// Tags: `ns` places and countries, `nt` organisations and parks, `n`
    /// job titles. Frequencies: 2000 for full names, 500 for short forms,
    /// 300 for towns (30,000 of them, rarely met) and 1000 for job titles;
    /// high enough to keep a multi-character name in one piece against the
    /// default dictionary's split. Names containing white space are left out
    /// (the format cannot hold them).
    pub fn jieba_user_dict(&self) -> String {
        let mut words: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        for name in &self.patterns {
            let Some(e) = self
                .lookup(name)
                .into_iter()
                .find(|e| e.form != NameForm::Abbrev)
            else {
                continue;
            };
            let tag = match e.entity_type {
                EntityType::Organization | EntityType::Park => "nt",
                _ => "ns",
            };
            let freq = match (e.form, e.level) {
                (_, Some(PlaceLevel::Town)) => 300,
                (NameForm::Full, _) => 2000,
                _ => 500,
            };
            words.insert(name, (freq, tag));
        }
        for t in &self.job_titles {
            words.entry(t).or_insert((1000, "n"));
        }
        let mut out = String::new();
        for (word, (freq, tag)) in words {
            if word.chars().any(char::is_whitespace) {
                continue;
            }
            out.push_str(&format!("{word} {freq} {tag}\n"));
        }
        out
    }

    /// A jieba-rs segmenter with its default dictionary plus every name of
    /// [`Gazetteer::jieba_user_dict`] that the default dictionary lacks
    /// (words it already has keep their frequency and tag).
    ///
    /// Building takes a few hundred milliseconds; build it once and share it.
    pub fn build_jieba(&self) -> jieba_rs::Jieba {
        let mut jieba = jieba_rs::Jieba::new();
        for line in self.jieba_user_dict().lines() {
            let mut parts = line.split(' ');
            let (Some(word), Some(freq), Some(tag)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if jieba.has_word(word) {
                continue;
            }
            let freq = freq.parse::<usize>().ok();
            jieba.add_word(word, freq, Some(tag));
        }
        jieba
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    fn found(text: &str) -> Vec<&str> {
        g().find(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn job_title_prefix_is_the_first_listed_title_that_starts_the_text() {
        let text = "重庆市委副书记、市长胡衡华与副市长郑向东会见了书记员。";
        let mut found = Vec::new();
        for (i, _) in text.char_indices() {
            let rest = &text[i..];
            let scan = g()
                .job_titles()
                .iter()
                .find(|t| rest.starts_with(t.as_str()))
                .map(|t| t.len());
            assert_eq!(g().job_title_prefix(rest), scan, "at byte {i}");
            if let Some(n) = scan {
                found.push(&rest[..n]);
            }
        }
        for title in ["市委副书记", "副书记", "书记", "市长", "副市长"] {
            assert!(found.contains(&title), "{title} not in {found:?}");
        }
        assert_eq!(g().job_title_prefix("胡衡华"), None);
    }

    #[test]
    fn bundled_sizes() {
        let count = |pred: &dyn Fn(&GazetteerEntry) -> bool| {
            g().entries().iter().filter(|e| pred(e)).count()
        };
        let places = count(&|e| e.source == Source::Place && e.form == NameForm::Full);
        let countries =
            count(&|e| e.level == Some(PlaceLevel::Country) && e.form == NameForm::Full);
        let orgs = count(&|e| e.source == Source::Organization && e.form == NameForm::Full);
        assert!(places > 3000, "{places} places");
        assert!(countries > 150, "{countries} countries");
        assert!(orgs > 300, "{orgs} organisations");
        assert!(g().job_titles().len() > 150);
        assert!(g().surname_frequency("王").is_some_and(|f| f > 9000.0));
    }

    #[test]
    fn chongqing_full_and_short_resolve_to_the_municipality() {
        for name in ["重庆市", "重庆"] {
            let e = g().lookup(name)[0];
            assert_eq!(e.canonical, "重庆市", "{name}");
            assert_eq!(
                (e.entity_type, e.subtype),
                (EntityType::Place, Some(Subtype::AdministrativeArea))
            );
            assert_eq!(e.level, Some(PlaceLevel::Province));
        }
        assert_eq!(g().lookup("重庆")[0].form, NameForm::Short);
        let bishan = g().lookup("璧山")[0];
        assert_eq!(
            (bishan.canonical.as_str(), bishan.parent.as_deref()),
            ("璧山区", Some("重庆市"))
        );
        assert_eq!(g().lookup("广西")[0].canonical, "广西壮族自治区");
        assert_eq!(g().lookup("彭水")[0].canonical, "彭水苗族土家族自治县");
    }

    #[test]
    fn placeholders_and_single_characters_are_absent() {
        assert!(g().lookup("市辖区").is_empty());
        assert!(g().lookup("县").is_empty());
        // 忠县 has no one-character short form; 公安县 has no short form at all.
        assert!(g().lookup("忠").is_empty());
        assert!(g().lookup("公安").is_empty());
        assert_eq!(g().lookup("公安县")[0].parent.as_deref(), Some("荆州市"));
        // 渝 is only an abbreviation, so it is never found in running text.
        assert_eq!(g().lookup("渝")[0].form, NameForm::Abbrev);
        assert!(found("渝中区").iter().all(|m| *m != "渝"));
    }

    #[test]
    fn finds_places_and_organisations_in_a_seed_sentence() {
        assert_eq!(
            found("“璧山区与中国兵器装备集团签约”"),
            ["璧山区", "中国兵器装备集团"]
        );
        let seed = include_str!("../data/seeds/000_410003ede4b73390.txt");
        let all: BTreeSet<&str> = found(seed).into_iter().collect();
        assert!(all.contains("重庆"), "{all:?}");
    }

    #[test]
    fn leftmost_longest_byte_offsets() {
        let text = "重庆市经济和信息化委员会";
        let m = &g().find(text)[0];
        assert_eq!((m.start, m.end), (0, 9));
        assert_eq!(m.entries[0].canonical, "重庆市");
        // 中国电子信息产业集团 wins over 中国电子 and 中国.
        assert_eq!(
            found("中国电子信息产业集团董事长"),
            ["中国电子信息产业集团"]
        );
        // ASCII names match whole words only.
        assert_eq!(found("WTO规则"), ["WTO"]);
        assert!(found("XWTOX").is_empty());
    }

    #[test]
    fn organisations() {
        let tencent = g().lookup("腾讯公司")[0];
        assert_eq!(
            (tencent.canonical.as_str(), tencent.form),
            ("腾讯", NameForm::Short)
        );
        assert_eq!(tencent.subtype, Some(Subtype::Company));
        assert_eq!(g().lookup("新华社")[0].subtype, Some(Subtype::MediaOutlet));
        assert_eq!(g().lookup("上合组织")[0].canonical, "上海合作组织");
        assert_eq!(
            g().lookup("国家发改委")[0].subtype,
            Some(Subtype::GovernmentBody)
        );
        assert_eq!(
            g().lookup("中科院")[0].subtype,
            Some(Subtype::ResearchInstitute)
        );
        // A curated alias outranks a generated place short form of the same name.
        let ali = g().lookup("阿里");
        assert_eq!(
            (ali[0].canonical.as_str(), ali[1].canonical.as_str()),
            ("阿里巴巴", "阿里地区")
        );
    }

    #[test]
    fn countries_and_regions() {
        let russia = g().lookup("俄罗斯")[0];
        assert_eq!(
            (russia.level, russia.subtype),
            (Some(PlaceLevel::Country), Some(Subtype::AdministrativeArea))
        );
        assert_eq!(g().lookup("俄")[0].form, NameForm::Abbrev);
        assert_eq!(g().lookup("拉美")[0].level, Some(PlaceLevel::Region));
        assert_eq!(found("哈萨克斯坦总统访问新加坡"), ["哈萨克斯坦", "新加坡"]);
    }

    #[test]
    fn job_titles_and_surnames() {
        assert!(
            g().is_job_title("副市长") && g().is_job_title("董事长") && g().is_job_title("记者")
        );
        assert!(!g().is_job_title("重庆"));
        let titles = g().job_titles();
        let pos = |t: &str| titles.iter().position(|x| x == t);
        assert!(pos("市委副书记") < pos("副书记") && pos("副书记") < pos("书记"));
        assert_eq!(g().surname_at("欧阳修"), Some(6));
        assert_eq!(g().surname_at("唐良智"), Some(3));
        assert_eq!(g().surname_at("的确"), None);
        assert_eq!(g().surname_at(""), None);
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteers");
        for name in FILES {
            std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
        }
        assert!(Gazetteer::from_dir(dir.path()).is_ok());
        let bad = "# name\tsubtype\taliases\n腾讯\tCompany\t腾讯公司\n坏组织\tFrobnicator\n";
        std::fs::write(dir.path().join("organizations.tsv"), bad).unwrap();
        let err = Gazetteer::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("organizations.tsv:3:"), "{err}");
        assert!(err.contains("Frobnicator"), "{err}");
        std::fs::remove_file(dir.path().join("surnames.tsv")).unwrap();
        let err = Gazetteer::from_dir(dir.path()).unwrap_err();
        assert!(
            matches!(err, GazetteerError::Io { .. }) && err.to_string().contains("surnames.tsv")
        );
    }

    #[test]
    fn jieba_user_dict_loads_and_keeps_names_whole() {
        let dict = g().jieba_user_dict();
        let mut jieba = jieba_rs::Jieba::empty();
        jieba.load_dict(&mut dict.as_bytes()).unwrap();
        assert!(
            jieba.has_word("璧山区")
                && jieba.has_word("中国电子信息产业集团")
                && jieba.has_word("市委副书记")
        );
        assert!(dict.lines().any(|l| l == "璧山区 2000 ns"));
        let jieba = g().build_jieba();
        let words: Vec<&str> = jieba
            .cut("璧山区与中国电子信息产业集团签约", false)
            .iter()
            .map(|t| t.word)
            .collect();
        assert!(
            words.contains(&"璧山区") && words.contains(&"中国电子信息产业集团"),
            "{words:?}"
        );
    }
}
