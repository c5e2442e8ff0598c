//! Mention recognisers: gazetteer matches, the suffix rule with its
//! left-boundary rule over jieba's segmentation, quoted names, short event
//! names, and person names (title + name, bylines, name lists, foreign names
//! joined by `·`).
//!
//! Every offset here is a BYTE offset into [`crate::document::Document::text`]
//! (the normalised text); the caller maps them to character offsets of the
//! original file.

use super::rules::Rules;
use super::segment::{Segmenter, Token};
use crate::annotation::{EntityType, Subtype};
use crate::gazetteer::{Gazetteer, NameForm, Source};

/// How a mention was found (decides which of two overlapping mentions wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MentionSource {
    /// The trained recogniser ([`crate::ner`]), admitted only where no rule
    /// mention is (see [`super::ner_merge`]); the weakest source.
    Model,
    /// A place, country or park from the gazetteer.
    Place,
    /// A person-name pattern.
    Person,
    /// A known organisation or event from the gazetteer or the event list.
    Known,
    /// The suffix rule.
    Suffix,
    /// A quoted name ending in a suffix (`“氢能科技园”`).
    Quoted,
    /// A name of the user's dictionary ([`super::known::KnownEntities`]),
    /// the strongest source.
    Given,
}

/// A span of the normalised text that names an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first byte in the normalised text.
    pub start: usize,
    /// Byte offset one past the last byte in the normalised text.
    pub end: usize,
    /// The mention text.
    pub text: String,
    /// The entity type.
    pub entity_type: EntityType,
    /// The subtype, when known.
    pub subtype: Option<Subtype>,
    /// The canonical name from a gazetteer, when it came from one.
    pub canonical: Option<String>,
    /// The recogniser that found it.
    pub source: MentionSource,
    /// The index of the sentence it is in.
    pub sentence: usize,
}

impl Mention {
    /// Makes a mention of `text[start..end]`.
    ///
    /// # Panics
    /// When `start > end` or the offsets are not on character boundaries.
    pub fn new(
        text: &str,
        start: usize,
        end: usize,
        entity_type: EntityType,
        source: MentionSource,
        sentence: usize,
    ) -> Mention {
        assert!(start <= end, "mention span {start}..{end} is reversed");
        Mention {
            start,
            end,
            text: text[start..end].to_owned(),
            entity_type,
            subtype: None,
            canonical: None,
            source,
            sentence,
        }
    }

    fn with_subtype(mut self, subtype: Option<Subtype>) -> Mention {
        self.subtype = subtype;
        self
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Whether `c` is a CJK ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Parts of speech (jieba's ICTCLAS tags) that never belong inside a name.
fn is_function_pos(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "c"
            | "u"
            | "uj"
            | "ul"
            | "ug"
            | "uv"
            | "uz"
            | "ud"
            | "r"
            | "d"
            | "y"
            | "e"
            | "o"
            | "f"
            | "zg"
    )
}

/// Characters that may appear inside a name although they are punctuation.
fn is_name_punct(s: &str) -> bool {
    matches!(s, "（" | "）" | "(" | ")" | "·" | "—" | "-" | "•" | "・")
}

fn is_punct_token(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric() && !is_han(c))
}

/// Finds every mention in one sentence (`text[start..end]`).
pub(crate) struct Recogniser<'a> {
    pub rules: &'a Rules,
    pub gazetteer: &'a Gazetteer,
    pub segmenter: &'a Segmenter,
}

impl Recogniser<'_> {
    /// All candidate mentions of the sentence `[start, end)` of `text`,
    /// overlapping candidates included (see [`resolve_overlaps`]). `tokens`
    /// is the sentence segmented by `self.segmenter` (BYTE offsets into the
    /// sentence), computed once by the caller and shared with the model's
    /// merge step.
    pub fn sentence(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        tokens: &[Token<'_>],
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        self.gazetteer_mentions(text, start, end, index, tokens, &mut out);
        self.event_mentions(text, start, end, index, &mut out);
        self.suffix_mentions(text, start, tokens, index, &mut out);
        self.quoted_mentions(text, start, end, index, &mut out);
        self.partner_mentions(text, start, end, index, &mut out);
        super::person::person_mentions(self, text, start, end, tokens, index, &mut out);
        self.title_anchored_mentions(text, start, tokens, index, &mut out);
        self.signing_party_mentions(text, start, end, tokens, index, &mut out);
        super::event::event_mentions(self.rules, text, start, tokens, index, &mut out);
        out
    }

    /// The parties of a signing frame ([`super::frame`]) that no other rule
    /// names: `中国航信与UBM航空续签战略合作协议` gives 中国航信 and UBM航空
    /// (organisations). A party is 2–16 characters of Han, Latin letters or
    /// digits, neither a generic name nor a job title nor holding a boundary
    /// word, not one word jieba tags as a person's name, and not already
    /// covered by a candidate; a known name inside it (广东 in 广东中信阳光)
    /// gives way to the longer name.
    fn signing_party_mentions(
        &self,
        text: &str,
        start: usize,
        end: usize,
        tokens: &[Token<'_>],
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..end];
        let inside = |p: usize| {
            out.iter().any(|m| {
                m.start < start + p && m.end > start + p && m.source != MentionSource::Suffix
            })
        };
        let frames = super::frame::sign_frames(s, self.rules, &inside);
        let mut found: Vec<Mention> = Vec::new();
        for f in frames {
            let mut spans: Vec<(usize, usize, bool)> =
                super::frame::list_items(s, f.b_start, f.b_end)
                    .into_iter()
                    .map(|(a, b)| (a, b, false))
                    .collect();
            spans.push((f.a_start, f.a_end, true));
            spans.extend(
                super::frame::announcers(s, self.rules)
                    .into_iter()
                    .map(|(a, b)| (a, b, true)),
            );
            for (a, b, subject) in spans {
                let name = &s[a..b];
                let n = name.chars().count();
                let ok_chars = name.chars().all(|c| {
                    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '·' | '&' | '-')
                });
                let person = tokens
                    .iter()
                    .any(|t| t.start == a && t.end == b && t.tag.starts_with("nr"));
                let covered = out
                    .iter()
                    .chain(found.iter())
                    .any(|m| m.start <= start + a && m.end >= start + b);
                if !(2..=16).contains(&n)
                    || !ok_chars
                    || !name.chars().any(|c| is_han(c) || c.is_ascii_alphabetic())
                    || person
                    || covered
                    || self.rules.generic_names.contains(name)
                    || self.rules.cue("sign_pronoun").iter().any(|w| w == name)
                    || self
                        .rules
                        .cue("sign_generic_end")
                        .iter()
                        .any(|w| name.ends_with(w.as_str()))
                    || self
                        .rules
                        .cue("sign_generic_part")
                        .iter()
                        .any(|w| name.contains(w.as_str()))
                    || self.gazetteer.is_job_title(name)
                    || self
                        .rules
                        .boundaries
                        .iter()
                        .any(|w| w.chars().count() > 1 && name.contains(w.as_str()))
                    || !tokens.iter().any(|t| t.start == a)
                    || tokens.iter().any(|t| {
                        t.start >= a
                            && t.end <= b
                            && (matches!(
                                t.tag,
                                "d" | "p" | "c" | "r" | "uj" | "ul" | "ug" | "uz" | "ud" | "uv"
                            ) || matches!(t.tag, "m" | "q" | "mq")
                                || self.gazetteer.is_job_title(t.word)
                                || (subject
                                    && t.tag == "v"
                                    && self.rules.suffix_of(name).is_none()
                                    && !self.rules.name_verbs.contains(t.word)))
                    })
                {
                    continue;
                }
                let subtype = self.org_subtype(name);
                found.push(
                    Mention::new(
                        text,
                        start + a,
                        start + b,
                        EntityType::Organization,
                        MentionSource::Suffix,
                        index,
                    )
                    .with_subtype(subtype),
                );
            }
        }
        out.extend(found);
    }

    /// `完美时空董事长池宇峰`, `北京华辰拍卖有限公司董事长`: the words right
    /// before an organisation-leadership title (cue class `org_title` of
    /// `data/rules/relation_cues.tsv`) name an organisation, however plain
    /// (no legal suffix needed). The name runs left over tokens up to
    /// punctuation, white space, a function word, a number or date, a
    /// boundary word, a verb (`收到|公司董事长`, `仍任|董事长`; verbs of
    /// `name_verbs.txt` excepted) or a word that introduces a post (cue class
    /// `post_lead`: 任, 担任, 作为, …). Not made when another candidate
    /// already covers the span, when the span is a generic name, a place,
    /// or a person's name (`池宇峰董事长`).
    fn title_anchored_mentions(
        &self,
        text: &str,
        start: usize,
        tokens: &[Token<'_>],
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..start + tokens.last().map_or(0, |t| t.end)];
        let titles = self.rules.cue("org_title");
        let leads = self.rules.cue("post_lead");
        let mut found = Vec::new();
        // A suffix-rule name that swallowed a person and a post word
        // (张锐钢任|天津港（集团）有限公司) gives way.
        let swallows_post = |m: &Mention| {
            m.source == MentionSource::Suffix
                && tokens.iter().any(|w| {
                    start + w.start > m.start
                        && start + w.end < m.end
                        && leads.iter().any(|l| l == w.word)
                })
        };
        let mut swallowing = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            if k == 0 || !titles.iter().any(|x| s[t.start..].starts_with(x.as_str())) {
                continue;
            }
            let end = t.start;
            let mut b = end;
            let mut depth = 0i32;
            for w in tokens[..k].iter().rev() {
                let word = w.word;
                if word == "）" || word == ")" {
                    depth += 1;
                } else if word == "（" || word == "(" {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if is_punct_token(word)
                    || word.trim().is_empty()
                    || self.rules.boundaries.contains(word)
                    || leads.iter().any(|l| l == word)
                    || matches!(w.tag, "m" | "t" | "q" | "mq")
                    || (w.tag == "v" && !self.rules.name_verbs.contains(word))
                    || self.gazetteer.is_job_title(word)
                    || (is_function_pos(w.tag)
                        && w.tag != "zg"
                        && !matches!(word, "中" | "大" | "新"))
                {
                    break;
                }
                if s[w.start..end].chars().count() > 20 {
                    break;
                }
                b = w.start;
            }
            if depth != 0 || b == end {
                continue;
            }
            let b = trim_name_start(s, b, end, self.rules);
            let name = &s[b..end];
            let n = name.chars().count();
            let last = &tokens[k - 1];
            let person_like = matches!(last.tag, "nr" | "nrfg" | "nrt") && last.start == b;
            if !(2..=20).contains(&n)
                || person_like
                || self.rules.generic_names.contains(name)
                || self.gazetteer.is_job_title(name)
                || !balanced(name)
                || !name.chars().any(is_han)
                || self
                    .gazetteer
                    .lookup(name)
                    .iter()
                    .any(|e| matches!(e.entity_type, EntityType::Place | EntityType::Person))
                || out.iter().any(|m| {
                    m.start <= start + b
                        && m.end >= start + end
                        && (m.entity_type != EntityType::Place || m.end > start + end)
                        && !swallows_post(m)
                })
                || out.iter().any(|m| {
                    m.entity_type == EntityType::Person
                        && m.start < start + end
                        && m.end > start + b
                })
            {
                continue;
            }
            // A name that ends here already, with a verb before it
            // (来认识|新疆金风科技股份有限公司, 会见|国际货币基金组织), is the
            // organisation; a bare suffix (有限公司) is not.
            let verb_before = |m: &Mention| {
                tokens.iter().any(|w| {
                    start + w.start >= start + b
                        && start + w.end <= m.start
                        && w.tag == "v"
                        && !self.rules.name_verbs.contains(w.word)
                })
            };
            if out.iter().any(|m| {
                m.end == start + end
                    && m.start > start + b
                    && m.entity_type == EntityType::Organization
                    && self
                        .rules
                        .suffix_of(&m.text)
                        .is_none_or(|r| r.suffix != m.text)
                    && verb_before(m)
            }) {
                continue;
            }
            swallowing.extend(
                out.iter()
                    .filter(|m| m.start < start + b && m.end == start + end && swallows_post(m))
                    .map(|m| (m.start, m.end)),
            );
            let subtype = self.org_subtype(name);
            found.push(
                Mention::new(
                    text,
                    start + b,
                    start + end,
                    EntityType::Organization,
                    MentionSource::Suffix,
                    index,
                )
                .with_subtype(subtype),
            );
        }
        out.retain(|m| {
            !swallowing.contains(&(m.start, m.end)) || m.source != MentionSource::Suffix
        });
        out.extend(found);
    }

    fn gazetteer_mentions(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        tokens: &[Token<'_>],
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..end];
        for m in self.gazetteer.find(s) {
            let name = &s[m.start..m.end];
            let Some(entry) = self.gazetteer.lookup(name).into_iter().next() else {
                continue;
            };
            // A one-character abbreviation is matched only in fixed contexts
            // (来渝, 在渝), by the person/context rules, not here.
            if name.chars().count() < 2 {
                continue;
            }
            let source = match entry.entity_type {
                EntityType::Place | EntityType::Park => MentionSource::Place,
                _ => MentionSource::Known,
            };
            // A place must start and end on token boundaries (天门 is no
            // place in 朝天门).
            // So must a short known organisation, of two characters:
            // 中建 is no company in 肯中建交, nor 强生 in 加强生态, 国航 in
            // 我国航天, 伊利 in 伊利诺伊州.
            let short_org = source == MentionSource::Known
                && entry.entity_type == EntityType::Organization
                && name.chars().count() <= 2;
            if (source == MentionSource::Place || short_org)
                && !(tokens.iter().any(|t| t.start == m.start)
                    && tokens.iter().any(|t| {
                        t.end == m.end
                            // 东盟|国家, one word to jieba: the bloc is named.
                            || (short_org
                                && t.start < m.end
                                && t.end > m.end
                                && matches!(&s[m.end..t.end], "国家" | "地区" | "各国"))
                    }))
            {
                continue;
            }
            // A known company name that begins a list item names a
            // different company when the item goes on (腾讯云, 海尔卡奥斯).
            let mut end_at = m.end;
            if source == MentionSource::Known && entry.entity_type == EntityType::Organization {
                let item_start = m.start == 0 || s[..m.start].ends_with(['、', '，', '：']);
                let rest = &s[m.end..];
                let item_len = rest
                    .find(['、', '，', '。', '等', '和', '与', '及', '（'])
                    .unwrap_or(rest.len());
                let extra = rest[..item_len].chars().count();
                if item_start
                    && (1..=4).contains(&extra)
                    && rest[..item_len]
                        .chars()
                        .all(|c| is_han(c) || c.is_ascii_alphanumeric())
                    && rest[item_len..].starts_with(['、', '等'])
                    && !self
                        .gazetteer
                        .job_titles()
                        .iter()
                        .any(|t| rest[..item_len].ends_with(t.as_str()))
                {
                    end_at = m.end + item_len;
                }
            }
            let mut mention = Mention::new(
                text,
                start + m.start,
                start + end_at,
                entry.entity_type,
                source,
                index,
            )
            .with_subtype(entry.subtype);
            if end_at != m.end {
                out.push(mention);
                continue;
            }
            mention.canonical = Some(entry.canonical.clone());
            out.push(mention);
        }
    }

    fn event_mentions(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..end];
        for short in self.rules.events.keys() {
            for (i, _) in s.match_indices(short.as_str()) {
                // Extend left over an edition marker: 2021, 2021年, 首届, 第二届, 本届.
                let head = &s[..i];
                let ext = edition_prefix(head);
                let b = start + i - ext;
                out.push(Mention::new(
                    text,
                    b,
                    start + i + short.len(),
                    EntityType::Event,
                    MentionSource::Known,
                    index,
                ));
            }
        }
    }

    fn suffix_mentions(
        &self,
        text: &str,
        start: usize,
        tokens: &[Token<'_>],
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..start + tokens.last().map_or(0, |t| t.end)];
        for rule in &self.rules.suffixes {
            for (i, _) in s.match_indices(rule.suffix.as_str()) {
                let suffix_end = i + rule.suffix.len();
                // The suffix must end on a token boundary and start on one,
                // or inside a proper-noun token that ends with it (两江新区).
                // A job title glued to the suffix (局局长, 党工委书记) is a
                // boundary too.
                let end_ok = tokens.iter().any(|t| {
                    t.end == suffix_end
                        || (t.start < suffix_end
                            && t.end > suffix_end
                            && self.gazetteer.is_job_title(&s[suffix_end..t.end]))
                });
                if !end_ok {
                    continue;
                }
                let Some(last) = tokens.iter().position(|t| t.start <= i && t.end > i) else {
                    continue;
                };
                let tk = &tokens[last];
                // A one-character place head (港) is a word of its own:
                // 深圳|港, not the end of 香港 or 连云港.
                if rule.entity_type == EntityType::Place
                    && rule.suffix.chars().count() == 1
                    && tk.start != i
                {
                    continue;
                }
                if tk.start != i {
                    let proper = matches!(tk.tag, "ns" | "nt" | "nz" | "j" | "nrt")
                        || tk.word.chars().count() >= 4;
                    if tk.end != suffix_end || !proper {
                        continue;
                    }
                }
                let first = last;
                let b = self.extend_left(s, tokens, first, i, rule.entity_type);
                let b = trim_name_start(s, b, suffix_end, self.rules);
                // 中老铁路, 中蒙俄经济走廊: the run of country abbreviations
                // before the suffix is the name, whatever jieba made of it.
                let abbrev_run = (rule.entity_type == EntityType::Project)
                    .then(|| self.country_abbreviations_before(s, i))
                    .filter(|&a| a < i);
                let b = if let Some(a) = abbrev_run {
                    a
                } else if rule.entity_type == EntityType::Project {
                    self.route_start(s, tokens, b)
                } else {
                    b
                };
                let b = if matches!(rule.entity_type, EntityType::Project | EntityType::Place) {
                    self.after_inner_head(s, b, i, rule.entity_type)
                } else {
                    b
                };
                let b = match rule.entity_type {
                    EntityType::Park => self.after_leading_places(s, tokens, b, i),
                    EntityType::Place => self.last_leading_place(tokens, b, i),
                    _ => b,
                };
                // An event's name starts after the last word that ends event
                // names (data/rules/event_stops.txt: 很高兴应邀出席|巴黎奥运会开幕式).
                let b = if rule.entity_type == EntityType::Event {
                    tokens
                        .iter()
                        .filter(|t| {
                            t.start >= b && t.end <= i && self.rules.ends_event_name(t.word)
                        })
                        .map(|t| t.end)
                        .max()
                        .unwrap_or(b)
                } else {
                    b
                };
                let name = &s[b..suffix_end];
                // 智博会重点项目, 一批重大项目: a class of projects, not one.
                let class_of_projects = rule.entity_type == EntityType::Project
                    && self
                        .rules
                        .generic_heads
                        .iter()
                        .any(|g| name.ends_with(g.as_str()));
                // 浦东新区 is a district of the gazetteer, no park.
                let district = rule.entity_type == EntityType::Park
                    && self
                        .gazetteer
                        .lookup(name)
                        .iter()
                        .any(|e| e.entity_type == EntityType::Place);
                if class_of_projects
                    || district
                    || name.chars().count() < rule.min_chars
                    || self.rules.generic_names.contains(name)
                {
                    continue;
                }
                if !balanced(name) {
                    continue;
                }
                // 总投资18亿元的物联云智能项目: a project introduced by its amount.
                let after_amount =
                    rule.entity_type == EntityType::Project && s[..b].ends_with("元的");
                let descriptive_event =
                    rule.entity_type == EntityType::Event && name.chars().count() >= 8;
                // 建设智能制造产业园。该项目总投资35亿元: what the next
                // sentence calls 该项目 is a project, introduced as one
                // (ANNOTATION.md, Project), whatever its name's suffix.
                let antecedent_of_project = rule.entity_type == EntityType::Park
                    && text[start + suffix_end..]
                        .strip_prefix('。')
                        .is_some_and(|rest| rest.starts_with("该项目"));
                if rule.entity_type != EntityType::Organization
                    && !descriptive_event
                    && !after_amount
                    && !antecedent_of_project
                    && abbrev_run.is_none()
                    && !specific(s, b, i, tokens, self.gazetteer)
                {
                    continue;
                }
                let (entity_type, subtype) = if antecedent_of_project {
                    (EntityType::Project, None)
                } else {
                    (rule.entity_type, rule.subtype)
                };
                out.push(
                    Mention::new(
                        text,
                        start + b,
                        start + suffix_end,
                        entity_type,
                        MentionSource::Suffix,
                        index,
                    )
                    .with_subtype(subtype),
                );
            }
        }
    }

    /// Extends a name to the left from token `first` (whose part before
    /// `suffix_start` belongs to the name) while tokens may be part of a name.
    fn extend_left(
        &self,
        s: &str,
        tokens: &[Token<'_>],
        first: usize,
        suffix_start: usize,
        entity_type: EntityType,
    ) -> usize {
        // Organisation names hold nouns that end other names (投资, 发展):
        // 深圳市物联投资发展有限公司.
        let org = entity_type == EntityType::Organization;
        let mut b = tokens[first].start.min(suffix_start);
        if tokens[first].start < suffix_start && self.stops_name(&tokens[first]) {
            return suffix_start;
        }
        let mut depth = 0i32;
        let mut chars = s[b..suffix_start].chars().count();
        for t in tokens[..first].iter().rev() {
            // 国家重大能源项目——中核集团: a double dash sets a description
            // before a name apart (an event's name may hold one: event.rs).
            if (t.word == "—" && s[..t.start].ends_with('—')) || t.word == "——" {
                break;
            }
            if t.word == "）" || t.word == ")" {
                depth += 1;
            } else if t.word == "（" || t.word == "(" {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if t.word == "—"
                && entity_type != EntityType::Event
                && s[..t.start].ends_with('—')
            {
                // 骨干工程——平陆运河: a dash pair sets a name apart from
                // the words that introduce it (events keep theirs:
                // 职引未来——2026年全国城市联合招聘青年人才交流会).
                b = t.end;
                break;
            } else if let Some(cut) = leading_boundary(t, self.rules) {
                b = t.start + cut;
                break;
            } else if org
                && matches!(t.word, "和" | "与")
                && tokens[..first]
                    .iter()
                    .rev()
                    .find(|x| x.end == t.start)
                    .is_some_and(|x| x.tag == "n" && self.rules.suffix_of(x.word).is_none())
            {
                // 经济和信息化委员会, 电气与电子工程师协会: a conjunction
                // between plain nouns inside a body's name (not after a
                // name's suffix: 远大置业有限公司|与|长江航运有限公司).
            } else if self.stops_name(t)
                && !(org && matches!(t.tag, "vn" | "n") && !is_punct_token(t.word))
            {
                break;
            }
            chars += t.word.chars().count();
            if chars > 24 {
                break;
            }
            b = t.start;
        }
        if depth != 0 {
            // Unbalanced: cut at the last closing bracket.
            return suffix_start.min(b);
        }
        b
    }

    /// The start (BYTE offset into `s`) of a run of two or more
    /// one-character country abbreviations of `countries.tsv` ending at
    /// `end` (中老, 中吉乌, 中蒙俄 before 铁路 or 经济走廊: a project named
    /// after the countries it joins); `end` itself when there is none.
    fn country_abbreviations_before(&self, s: &str, end: usize) -> usize {
        let mut b = end;
        for (k, c) in s[..end].char_indices().rev() {
            let abbrev = self
                .gazetteer
                .lookup(&s[k..k + c.len_utf8()])
                .iter()
                .any(|e| e.form == NameForm::Abbrev && e.source == Source::Country);
            if !abbrev {
                break;
            }
            b = k;
        }
        if s[b..end].chars().count() >= 2 {
            b
        } else {
            end
        }
    }

    /// The start (BYTE offset into `s`) of a project's or place's name
    /// `s[b..]` whose own suffix starts at `suffix_start`, after a name of
    /// the same type that introduces it (国家重大工程|广州港南沙港区五期工程,
    /// 国家重大外资项目|扬子扬巴轻烃综合利用项目, 广州港|南沙港区): after the
    /// last suffix of `suffixes.tsv` of `entity_type` that ends before
    /// `suffix_start` with at least two characters after it; `b` when there
    /// is none.
    fn after_inner_head(
        &self,
        s: &str,
        b: usize,
        suffix_start: usize,
        entity_type: EntityType,
    ) -> usize {
        let head = &s[b..suffix_start];
        let mut cut = b;
        for r in self
            .rules
            .suffixes
            .iter()
            .filter(|r| r.entity_type == entity_type)
        {
            for (k, _) in head.match_indices(r.suffix.as_str()) {
                let end = b + k + r.suffix.len();
                if s[end..suffix_start].chars().count() >= 2 {
                    cut = cut.max(end);
                }
            }
        }
        cut
    }

    /// The start (BYTE offset into `s`) of a park's name `s[b..]` without
    /// the chain of places written before it (江苏南京|江北新区): two or more
    /// tokens from `b` that are gazetteer places, with at least two
    /// characters left before the suffix at `suffix_start`, are dropped; one
    /// place is part of the name (重庆西部物流园); `b` when no chain is.
    fn after_leading_places(
        &self,
        s: &str,
        tokens: &[Token<'_>],
        b: usize,
        suffix_start: usize,
    ) -> usize {
        let mut at = b;
        let mut places = 0;
        for t in tokens
            .iter()
            .filter(|t| t.start >= b && t.end <= suffix_start)
        {
            if t.start != at {
                break;
            }
            let place = self.gazetteer.lookup(t.word).iter().any(|e| {
                e.entity_type == EntityType::Place
                    && matches!(e.source, Source::Place | Source::Country)
            });
            if !place || s[t.end..suffix_start].chars().count() < 2 {
                break;
            }
            at = t.end;
            places += 1;
        }
        // One place opens many parks' names (重庆西部物流园, 两江国际云计算
        // 产业园); a chain of two or more (province, city) says where it is.
        if places >= 2 {
            at
        } else {
            b
        }
    }

    /// The start (BYTE offset into the sentence) of a venue's name from `b`
    /// after the province that says where its city is (陕西|西安国际港站): a
    /// province or autonomous region of the gazetteer followed by another
    /// place is dropped; a city stays (北京大兴国际机场 is the airport's
    /// name); `b` otherwise. The tokens end at the suffix, at `suffix_start`.
    fn last_leading_place(&self, tokens: &[Token<'_>], b: usize, suffix_start: usize) -> usize {
        let province = |w: &str| {
            self.gazetteer.lookup(w).first().is_some_and(|e| {
                e.entity_type == EntityType::Place
                    && e.source == Source::Place
                    && (e.canonical.ends_with('省') || e.canonical.ends_with("自治区"))
            })
        };
        let place = |w: &str| {
            self.gazetteer
                .lookup(w)
                .iter()
                .any(|e| e.entity_type == EntityType::Place && e.source == Source::Place)
        };
        let inside: Vec<_> = tokens
            .iter()
            .filter(|t| t.start >= b && t.end <= suffix_start)
            .collect();
        match inside.as_slice() {
            [p, c, ..] if p.start == b && c.start == p.end && province(p.word) && place(c.word) => {
                c.start
            }
            _ => b,
        }
    }

    /// The start (BYTE offset into `s`) of a route's name whose second half
    /// starts at `b`: places, then 至, then `s[b..]` (天津至北京大兴国际机场铁路,
    /// 湖北潜江至广东韶关输气管道工程: a railway or pipeline is named after
    /// the places it joins); `b` itself when the words before `b` are not
    /// places and 至.
    fn route_start(&self, s: &str, tokens: &[Token<'_>], b: usize) -> usize {
        let Some(to) = b.checked_sub('至'.len_utf8()) else {
            return b;
        };
        if !s[..b].ends_with('至') {
            return b;
        }
        let mut start = b;
        let mut at = to;
        for t in tokens.iter().rev().filter(|t| t.end <= to) {
            if t.end != at {
                break;
            }
            let place = self
                .gazetteer
                .lookup(t.word)
                .iter()
                .any(|e| e.entity_type == EntityType::Place && e.form != NameForm::Abbrev);
            if !place {
                break;
            }
            start = t.start;
            at = t.start;
        }
        start
    }

    /// The subtype of an organisation `name` found without a gazetteer
    /// entry: its legal/institutional suffix's (`data/rules/suffixes.tsv`),
    /// else Company.
    fn org_subtype(&self, name: &str) -> Option<Subtype> {
        self.rules
            .suffix_of(name)
            .and_then(|r| r.subtype)
            .or(Some(Subtype::Company))
    }

    fn stops_name(&self, t: &Token<'_>) -> bool {
        if is_name_punct(t.word) {
            return false;
        }
        if is_punct_token(t.word) || t.word.trim().is_empty() {
            return true;
        }
        if self.rules.boundaries.contains(t.word) {
            return true;
        }
        if t.tag == "f" || t.tag == "s" {
            return !self.rules.direction_words.contains(t.word);
        }
        if is_function_pos(t.tag) {
            // 中 (f) and 大 (d) are common inside names: 中新, 大数据.
            return !matches!(t.word, "中" | "大" | "新");
        }
        if matches!(t.tag, "v" | "vn" | "vd" | "ad" | "l") {
            return !self.rules.name_verbs.contains(t.word);
        }
        if t.tag == "q" || t.tag == "mq" {
            return true;
        }
        // A number is a name part only as a year, an ordinal or an amount
        // of a product (年产50万吨); a count (375个, 28家) is not.
        if t.tag == "m" {
            let digits = t.word.chars().all(|c| c.is_ascii_digit() || c == '.');
            return !(digits || t.word.contains('万') || ordinal(t.word));
        }
        false
    }

    /// The organisation that opens a project's name: a company name ending
    /// in a company suffix (中国兵器装备集团有限公司|智能装备产业集群项目), or the
    /// words before a place (阿尔特|两江国际汽车研发基地项目) or before a model
    /// number (奥动新能源|4.0换电站项目). Returns a nested mention, or `None`.
    pub fn investor_in_name(&self, text: &str, m: &Mention) -> Option<Mention> {
        if m.entity_type != EntityType::Project {
            return None;
        }
        let name = &m.text;
        let org_at = |end: usize, subtype: Option<Subtype>| {
            let mut nested = Mention::new(
                text,
                m.start,
                m.start + end,
                EntityType::Organization,
                MentionSource::Suffix,
                m.sentence,
            );
            nested.subtype = subtype.or(Some(Subtype::Company));
            nested
        };
        // 1. A company suffix inside the name.
        for suffix in ["有限公司", "集团", "公司"] {
            if let Some(p) = name.find(suffix) {
                let end = p + suffix.len();
                if end < name.len() && name[..p].chars().count() >= 2 {
                    return Some(org_at(end, Some(Subtype::Company)));
                }
            }
        }
        // 2. The words before a place or a model number; not in the name
        // of a bridge, railway, tunnel or other work named after the places
        // it joins (港珠澳|大桥, 深中|通道: data/rules/work_heads.txt).
        if self
            .rules
            .work_heads
            .iter()
            .any(|w| name.ends_with(w.as_str()))
        {
            return None;
        }
        let cut = self
            .gazetteer
            .find(name)
            .into_iter()
            .find(|g| {
                g.start > 0
                    && g.entries
                        .iter()
                        .any(|e| matches!(e.entity_type, EntityType::Place | EntityType::Park))
            })
            .map(|g| g.start)
            .or_else(|| {
                // jieba's place tag inside the name (阿尔特|两江/ns).
                self.segmenter
                    .tokens(name)
                    .into_iter()
                    .find(|t| t.start > 0 && t.tag == "ns")
                    .map(|t| t.start)
            })
            .or_else(|| {
                let p = name.find(|c: char| c.is_ascii_digit())?;
                (name[..p].chars().count() >= 4).then_some(p)
            })?;
        let head = &name[..cut];
        let n = head.chars().count();
        if !(2..=6).contains(&n)
            || !head.chars().all(is_han)
            || !self.gazetteer.lookup(head).is_empty()
            || self
                .rules
                .boundaries
                .iter()
                .any(|b| head.starts_with(b.as_str()))
            || head.starts_with('年')
            || self.is_place_or_direction(head)
            // 天津至|北京大兴国际机场铁路: a route's first place, no investor.
            || head.ends_with('至')
        {
            return None;
        }
        Some(org_at(cut, None))
    }

    /// Whether `head` is a direction (西部) or one word jieba tags as a
    /// place (龙门): it says where a project is (西部陆海新通道, 龙门大桥项目),
    /// not who invests in it.
    fn is_place_or_direction(&self, head: &str) -> bool {
        if self.rules.direction_words.contains(head) {
            return true;
        }
        let tokens = self.segmenter.tokens(head);
        tokens.len() == 1 && tokens[0].tag == "ns"
    }

    /// The partner of `与中南高科携手/联手` is an organisation, unless the
    /// gazetteer knows it as a place (partners of a signature are found by
    /// [`Recogniser::signing_party_mentions`]).
    fn partner_mentions(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..end];
        for c in partner_re().captures_iter(s) {
            let m = c.get(1).expect("group");
            let name = m.as_str();
            if self
                .rules
                .boundaries
                .iter()
                .any(|b| name.contains(b.as_str()) && b.chars().count() > 1)
                || !self.gazetteer.lookup(name).is_empty()
                || self.rules.generic_names.contains(name)
            {
                continue;
            }
            let mut mention = Mention::new(
                text,
                start + m.start(),
                start + m.end(),
                EntityType::Organization,
                MentionSource::Suffix,
                index,
            );
            mention.subtype = self.org_subtype(name);
            out.push(mention);
        }
    }

    fn quoted_mentions(
        &self,
        text: &str,
        start: usize,
        end: usize,
        index: usize,
        out: &mut Vec<Mention>,
    ) {
        let s = &text[start..end];
        let mut from = 0;
        while let Some(open) = s[from..].find('“') {
            let a = from + open + '“'.len_utf8();
            let Some(close) = s[a..].find('”') else {
                break;
            };
            let name = &s[a..a + close];
            from = a + close;
            let n = name.chars().count();
            if !(3..=30).contains(&n) || name.chars().any(|c| "，。、；：！？".contains(c)) {
                continue;
            }
            if let Some(rule) = self.rules.suffix_of(name) {
                if n >= rule.min_chars && !self.rules.generic_names.contains(name) {
                    out.push(
                        Mention::new(
                            text,
                            start + a,
                            start + a + close,
                            rule.entity_type,
                            MentionSource::Quoted,
                            index,
                        )
                        .with_subtype(rule.subtype),
                    );
                }
            }
        }
    }
}

/// jieba sometimes glues a preposition to the next name (`江津区/与敏/华实业`):
/// the byte length of a one-character boundary word that starts a token
/// which is not a proper noun.
fn leading_boundary(t: &Token<'_>, rules: &Rules) -> Option<usize> {
    if matches!(t.tag, "ns" | "nt" | "nz" | "nr" | "nrt") || t.word.chars().count() < 2 {
        return None;
    }
    let c = t.word.chars().next()?;
    let mut buf = [0u8; 4];
    let first: &str = c.encode_utf8(&mut buf);
    (matches!(c, '与' | '和' | '在' | '将' | '由' | '向' | '对')
        && rules.boundaries.contains(first))
    .then_some(c.len_utf8())
}

fn partner_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"与([\p{Han}A-Za-z0-9]{2,16}?)(?:携手|联手)").expect("valid regex")
    });
    &RE
}

fn ordinal(w: &str) -> bool {
    w == "首届" || (w.starts_with('第') && w.ends_with('届'))
}

/// Whether the name `s[b..suffix_start]` + suffix names something specific:
/// it holds a proper noun (place, organisation, person, foreign word), a
/// number, or a word jieba does not know (a coined name such as 敏华). A
/// park, project or event made only of common words (智能制造示范项目) is
/// generic.
fn specific(
    s: &str,
    b: usize,
    suffix_start: usize,
    tokens: &[Token<'_>],
    gazetteer: &Gazetteer,
) -> bool {
    let _ = gazetteer;
    let head = &s[b..suffix_start];
    // A long descriptive name (西部大数据产业人才教育基地) names one thing.
    if head.chars().count() >= 7 {
        return true;
    }
    if head
        .chars()
        .any(|c| c.is_ascii_alphanumeric() || c == '（' || c == '·' || c == '—')
    {
        return true;
    }
    // One proper-noun word holding the whole name (坦赞铁路/nz).
    if tokens
        .iter()
        .any(|t| t.start == b && t.end > suffix_start && matches!(t.tag, "ns" | "nt" | "nz" | "j"))
    {
        return true;
    }
    tokens
        .iter()
        .filter(|t| t.start >= b && t.end <= suffix_start + 1 && t.start < suffix_start)
        .any(|t| {
            matches!(
                t.tag,
                "ns" | "nt" | "nz" | "nr" | "nrt" | "nrfg" | "j" | "eng" | "x" | "ng"
            )
        })
}

fn balanced(name: &str) -> bool {
    let open = name.matches(['（', '(']).count();
    let close = name.matches(['）', ')']).count();
    open == close && !name.starts_with(['）', ')', '·', '—', '-'])
}

/// The byte length of an edition marker ending `head` (2021, 2021年, 首届,
/// 第二届, 本届 is NOT one: it refers back).
pub fn edition_prefix(head: &str) -> usize {
    let re = edition_re();
    re.find(head).map_or(0, |m| m.len())
}

fn edition_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:(?:19|20)\d{2}年?|首届|第[一二三四五六七八九十\d]+届)$")
            .expect("valid regex")
    });
    &RE
}

/// Drops words at the start of a name that are not part of it (本届, 今年,
/// a leading 的) and returns the new start.
fn trim_name_start(s: &str, mut b: usize, end: usize, rules: &Rules) -> usize {
    loop {
        let rest = &s[b..end];
        let Some(w) = rules
            .boundaries
            .iter()
            .filter(|w| rest.starts_with(w.as_str()) && rest.len() > w.len())
            .max_by_key(|w| w.len())
        else {
            break;
        };
        b += w.len();
    }
    b
}

/// Picks non-overlapping mentions: longer spans win, then the stronger
/// source; a person never overrides an organisation that contains it.
///
/// Complexity: O(n log n + n²) for n candidates of one sentence.
pub fn resolve_overlaps(mut candidates: Vec<Mention>) -> Vec<Mention> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.source.cmp(&a.source))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Mention> = Vec::new();
    for m in candidates {
        if chosen.iter().all(|c| m.end <= c.start || m.start >= c.end) {
            chosen.push(m);
        }
    }
    chosen.sort_by_key(|m| m.start);
    chosen
}
