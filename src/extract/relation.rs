//! Relation and attribute patterns over the mentions of a sentence, plus
//! article-level context (the expo whose signing ceremony a report covers,
//! the event a bare 活动/开幕式 refers to, the project 该项目 refers to).
//!
//! Each pattern names its cue words by class (`data/rules/relation_cues.tsv`)
//! and works on BYTE offsets into the normalised text.

use super::mention::Mention;
use super::rules::Rules;
use crate::annotation::{AttributeKind, EntityType, Predicate, Subtype};
use crate::gazetteer::Gazetteer;
use regex::Regex;
use std::sync::LazyLock;

/// A relation found between two entities (indices into the entity list).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Subject entity index.
    pub s: usize,
    /// The predicate.
    pub p: Predicate,
    /// Object entity index.
    pub o: usize,
    /// The sentence index it was read from.
    pub sentence: usize,
}

impl Found {
    fn new(s: usize, p: Predicate, o: usize, sentence: usize) -> Found {
        Found { s, p, o, sentence }
    }
}

/// An attribute found for one entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundAttribute {
    /// Entity index.
    pub s: usize,
    /// The attribute.
    pub p: AttributeKind,
    /// The value as written (ISO for dates).
    pub value: String,
    /// The sentence index.
    pub sentence: usize,
}

/// The article seen by the patterns: its text, sentences and resolved
/// mentions with their entity.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub sentences: &'a [(usize, usize)],
    pub mentions: &'a [Mention],
    /// Entity index of each mention.
    pub entity_of: &'a [usize],
    pub entity_types: &'a [(EntityType, Option<Subtype>)],
    pub entity_forms: &'a [Vec<String>],
    pub rules: &'a Rules,
    pub gazetteer: &'a Gazetteer,
    pub year: Option<i32>,
}

impl Context<'_> {
    fn in_sentence(&self, i: usize) -> Vec<usize> {
        (0..self.mentions.len())
            .filter(|&k| self.mentions[k].sentence == i)
            .collect()
    }
    fn ty(&self, m: usize) -> EntityType {
        self.entity_types[self.entity_of[m]].0
    }
    fn between(&self, a: usize, b: usize) -> &str {
        let (x, y) = (self.mentions[a].end, self.mentions[b].start);
        if x <= y {
            &self.text[x..y]
        } else {
            ""
        }
    }
    fn clause_end(&self, from: usize, sentence_end: usize) -> usize {
        self.text[from..sentence_end]
            .find(['，', '；', '。'])
            .map_or(sentence_end, |p| from + p)
    }
}

fn amount_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:总投资|投资总额|计划投资|投资)(?:额)?(?:为|达|超过|逾)?(约?\d+(?:\.\d+)?(?:万|亿)?元)").expect("valid regex")
    });
    &RE
}

fn date_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日").expect("valid regex")
    });
    &RE
}

/// Runs every pattern; returns relations and attributes (deduplicated later).
pub(crate) fn find(ctx: &Context<'_>) -> (Vec<Found>, Vec<FoundAttribute>) {
    let mut rel = Vec::new();
    let mut att = Vec::new();
    titles_and_employers(ctx, &mut rel, &mut att);
    titles_apart(ctx, &mut rel, &mut att);
    posts_taken(ctx, &mut rel, &mut att);
    // A report of a signing: the weak cues count (携手, 达成合作, …).
    let signing_report = ctx.rules.has_cue("sign_report", ctx.text);
    for (i, &(ss, se)) in ctx.sentences.iter().enumerate() {
        let ms = ctx.in_sentence(i);
        signing(ctx, i, &ms, signing_report, &mut rel);
        signing_frame(ctx, i, &ms, signing_report, &mut rel);
        headquarters(ctx, i, &ms, &mut rel);
        hosting(ctx, i, ss, se, &ms, &mut rel);
        attending(ctx, i, ss, se, &ms, &mut rel);
        locating_and_investing(ctx, i, se, &ms, &mut rel);
        incubation(ctx, i, &ms, &mut rel);
        district_signing(ctx, i, &ms, &mut rel);
        this_project(ctx, i, &ms, &mut rel);
        as_part_of(ctx, i, &ms, &mut rel);
        amounts(ctx, i, ss, se, &ms, &mut att);
        dates(ctx, i, ss, se, &ms, &mut att);
    }
    by_name(ctx, &mut rel);
    settling_context(ctx, &mut rel);
    signed_at(ctx, &mut rel);
    (rel, att)
}

/// `组织 + 职务 + 姓名` (a colon allowed before the name: `董事长：张文`),
/// title chains (`市委副书记、市长唐良智`), name lists that
/// share a title, bylines with the dateline's outlet, and `姓名 + 职务`
/// (with the organisation right before the name: `西子联合控股有限公司王水福
/// 董事长`). Post modifiers, a legal form and a short bracket may stand
/// between an organisation and its title ([`org_ending_at`]); a leader's
/// title with no organisation before it takes the one [`antecedent_org`]
/// finds (`公司董事长龚永福`).
fn titles_and_employers(ctx: &Context<'_>, rel: &mut Vec<Found>, att: &mut Vec<FoundAttribute>) {
    let titles = ctx.gazetteer.job_titles();
    let bylines = ctx.rules.cue("byline");
    let leaders = ctx.rules.cue("org_title");
    let roles = ctx.rules.cue("chain_role");
    let mut last_person: Option<(usize, Vec<String>, Vec<usize>)> = None;
    for (k, m) in ctx.mentions.iter().enumerate() {
        if ctx.ty(k) != EntityType::Person {
            continue;
        }
        let e = ctx.entity_of[k];
        let (ss, _) = ctx.sentences[m.sentence];
        let mut pos = m.start;
        let mut found_titles = Vec::new();
        let mut orgs = Vec::new();
        // 董事长：张文 (a colon between the titles and the name).
        if let Some(h) = ctx.text[ss..pos]
            .trim_end_matches(' ')
            .strip_suffix(['：', ':'])
        {
            if titles.iter().any(|t| h.ends_with(t.as_str())) {
                pos = ss + h.len();
            }
        }
        loop {
            let head = ctx.text[ss..pos].trim_end_matches(' ');
            // Of the titles ending here, prefer the one an organisation
            // directly precedes (中国工程院|院士 over 中国工程院院士), else the
            // longest.
            let ending: Vec<&String> = titles
                .iter()
                .chain(bylines.iter())
                .filter(|t| head.ends_with(t.as_str()))
                .collect();
            let org_before = |t: &String| org_ending_at(ctx, ss, ss + head.len() - t.len());
            let Some(t) = ending
                .iter()
                .filter(|t| org_before(t).is_some())
                .max_by_key(|t| t.len())
                .or_else(|| ending.iter().max_by_key(|t| t.len()))
                .copied()
            else {
                break;
            };
            let tstart = ss + head.len() - t.len();
            found_titles.push(t.clone());
            pos = tstart;
            if let Some(o) = org_before(t) {
                orgs.push(ctx.entity_of[o]);
                pos = ctx.mentions[o].start;
            }
            // Titles chain with 、 or 兼, or directly (创始人CEO); 前 marks a
            // former post.
            let rest = &ctx.text[ss..pos];
            if let Some(r) = roles
                .iter()
                .filter(|r| rest.ends_with(&format!("{r}、")))
                .max_by_key(|r| r.len())
            {
                // 实际控制人、董事长: a role that is no post links the chain,
                // and the organisation before it is the employer.
                pos -= r.len() + '、'.len_utf8();
                if let Some(o) = org_ending_at(ctx, ss, pos) {
                    orgs.push(ctx.entity_of[o]);
                    pos = ctx.mentions[o].start;
                }
            } else if rest.ends_with('、') || rest.ends_with('兼') {
                pos -= 3;
            } else if rest.ends_with('前') && pos - 3 > ss {
                pos -= 3;
                if !ctx.text[ss..pos].ends_with('、') {
                    break;
                }
                pos -= 3;
            } else if !titles.iter().any(|t| rest.ends_with(t.as_str())) {
                break;
            }
        }
        // A list member shares the titles of the name before it.
        if found_titles.is_empty() {
            let head = &ctx.text[ss..m.start];
            if head.ends_with('、') || head.ends_with(' ') {
                if let Some((pk, t, o)) = &last_person {
                    let pm = &ctx.mentions[*pk];
                    if pm.sentence == m.sentence && pm.end + 3 >= m.start {
                        found_titles = t.clone();
                        orgs = o.clone();
                    }
                }
            }
        }
        // A list of posts at one organisation goes on after a comma
        // (`A公司党委书记、副董事长张三，党委副书记、董事长李四`): a chain with
        // a leader's title that opens the clause right after the previous
        // person takes their one employer.
        if orgs.is_empty() && found_titles.iter().any(|t| leaders.contains(t)) {
            if let Some((pk, _, o)) = &last_person {
                let pm = &ctx.mentions[*pk];
                if o.len() == 1
                    && pm.sentence == m.sentence
                    && pm.end <= pos
                    && matches!(ctx.text[pm.end..pos].trim(), "，" | "；")
                {
                    orgs = o.clone();
                }
            }
        }
        // A leader's title with no organisation before it: the one an
        // anaphor (公司董事长X) or the sentence's topic names.
        if orgs.is_empty() && found_titles.iter().any(|t| leaders.contains(t)) {
            if let Some(o) = antecedent_org(ctx, m.sentence, pos) {
                orgs.push(ctx.entity_of[o]);
            }
        }
        // 韩正副总理: a title right after the name; 西子联合控股有限公司王水福
        // 董事长: the organisation right before the name is the employer.
        let tail = &ctx.text[m.end..];
        if let Some(t) = titles
            .iter()
            .filter(|t| tail.starts_with(t.as_str()))
            .max_by_key(|t| t.len())
        {
            found_titles.push(t.clone());
            if orgs.is_empty() {
                let head = ctx.text[ss..m.start].trim_end_matches([' ', '　']);
                if let Some(o) = (0..ctx.mentions.len()).find(|&o| {
                    ctx.mentions[o].end == ss + head.len() && ctx.ty(o) == EntityType::Organization
                }) {
                    orgs.push(ctx.entity_of[o]);
                }
            }
        }
        // A byline without an adjacent outlet: the dateline's outlet.
        if orgs.is_empty() && found_titles.iter().any(|t| bylines.contains(t)) {
            if let Some(o) = (0..k).rev().find(|&o| {
                ctx.mentions[o].sentence == m.sentence
                    && ctx.entity_types[ctx.entity_of[o]].1 == Some(Subtype::MediaOutlet)
            }) {
                orgs.push(ctx.entity_of[o]);
            }
        }
        for t in &found_titles {
            att.push(FoundAttribute {
                s: e,
                p: AttributeKind::JobTitle,
                value: t.clone(),
                sentence: m.sentence,
            });
        }
        for &o in &orgs {
            rel.push(Found {
                s: e,
                p: Predicate::WorksFor,
                o,
                sentence: m.sentence,
            });
        }
        last_person = Some((k, found_titles, orgs));
    }
}

/// The organisation mention that ends at `at` (BYTE offset) in the
/// sentence starting at `ss`, once the words between it and `at` are set
/// aside: modifiers of a post (cue class `title_modifier`: 原, 时任, …), a
/// possessive 的, a legal form (有限公司, …, when the name stops short of
/// it) and one bracketed part of at most 12 characters (`（00569.HK）`), in
/// any order. `None` also when the mention there is a generic name
/// (`generic_names.txt`: 公司, 俱乐部 — an anaphor, see [`antecedent_org`]).
fn org_ending_at(ctx: &Context<'_>, ss: usize, at: usize) -> Option<usize> {
    let modifiers = ctx.rules.cue("title_modifier");
    let mut p = at;
    loop {
        if let Some(o) = (0..ctx.mentions.len())
            .find(|&o| ctx.mentions[o].end == p && ctx.ty(o) == EntityType::Organization)
        {
            // A generic name (公司, 俱乐部) there is an anaphor, not the name.
            let generic = ctx
                .rules
                .generic_names
                .contains(ctx.mentions[o].text.as_str());
            return (!generic).then_some(o);
        }
        let head = &ctx.text[ss..p];
        let strip = modifiers
            .iter()
            .map(String::as_str)
            .chain(super::relclass::ORG_TAILS)
            .chain(["的"])
            .filter(|w| head.ends_with(w) && head.len() > w.len())
            .map(str::len)
            .max()
            .or_else(|| {
                let inner = head.strip_suffix(['）', ')'])?;
                let open = inner.rfind(['（', '('])?;
                (inner[open..].chars().count() <= 13).then(|| head.len() - open)
            })?;
        p -= strip;
    }
}

/// The organisation a leader's title with no organisation before it refers
/// to, for the title chain starting at `chain` (BYTE offset) in sentence
/// `i`: after an anaphor (cue class `org_anaphor`: 公司, 该公司, 集团, 其, …;
/// post modifiers such as 时任 skipped), the nearest organisation before it
/// in the sentence that is not a government body or media outlet
/// (`万福生科发布公告，…，公司董事长…`); when the chain opens a clause, the
/// nearest organisation before it if that one opens a clause or the
/// sentence (`世外茗源传来喜讯，董事长周海明表示`; white space counts as a
/// clause mark there) and no other organisation is named between them.
/// Returns a mention index.
fn antecedent_org(ctx: &Context<'_>, i: usize, chain: usize) -> Option<usize> {
    let (ss, _) = ctx.sentences[i];
    let modifiers = ctx.rules.cue("title_modifier");
    let mut head = ctx.text[ss..chain].trim_end_matches([' ', '　']);
    while let Some(w) = modifiers
        .iter()
        .filter(|w| head.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
    {
        head = &head[..head.len() - w.len()];
    }
    let org_here =
        |o: usize| ctx.mentions[o].sentence == i && ctx.ty(o) == EntityType::Organization;
    if let Some(a) = ctx
        .rules
        .cue("org_anaphor")
        .iter()
        .filter(|w| head.ends_with(w.as_str()))
        .max_by_key(|w| w.len())
    {
        let at = ss + head.len() - a.len();
        return (0..ctx.mentions.len()).rev().find(|&o| {
            org_here(o)
                && ctx.mentions[o].end <= at
                && !matches!(
                    ctx.entity_types[ctx.entity_of[o]].1,
                    Some(Subtype::GovernmentBody | Subtype::MediaOutlet)
                )
        });
    }
    if !(head.is_empty() || head.ends_with(CLAUSE_MARKS)) {
        return None;
    }
    // The nearest organisation before the clause, if it opens a clause
    // itself; another organisation nearer to the title blocks.
    let end = ss + head.len();
    let mut entity = None;
    for o in (0..ctx.mentions.len()).rev() {
        if !org_here(o) || ctx.mentions[o].end > end {
            continue;
        }
        let e = ctx.entity_of[o];
        if *entity.get_or_insert(e) != e {
            return None;
        }
        let before = ctx.text[ss..ctx.mentions[o].start].trim_end_matches(' ');
        if before.len() < ctx.mentions[o].start - ss
            || before.is_empty()
            || before.ends_with(CLAUSE_MARKS)
        {
            return Some(o);
        }
    }
    None
}

/// Marks that end a clause, for [`antecedent_org`].
const CLAUSE_MARKS: [char; 4] = ['，', '；', '：', '。'];

/// The chain of job titles of `titles` that starts at BYTE offset `from`
/// of `text` and ends before `end`: each the longest title that fits, one
/// after another, directly (`创始人CEO`) or joined by `、`, `兼`, `及` or `和`
/// when a title follows the joiner (`党委书记、董事长`, `董事长兼总裁`). Returns
/// the titles in order and the BYTE offset right after the last one (`from`
/// when none starts there).
pub(crate) fn title_chain(
    text: &str,
    from: usize,
    end: usize,
    titles: &[String],
) -> (Vec<String>, usize) {
    let starting = |p: usize| {
        titles
            .iter()
            .filter(|t| text[p..end].starts_with(t.as_str()))
            .max_by_key(|t| t.len())
    };
    let mut p = from;
    let mut chain = Vec::new();
    while let Some(t) = starting(p) {
        chain.push(t.clone());
        p += t.len();
        if let Some(j) = ["、", "兼", "及", "和"]
            .iter()
            .find(|j| text[p..end].starts_with(**j) && starting(p + j.len()).is_some())
        {
            p += j.len();
        }
    }
    (chain, p)
}

/// `人物 + 任职动词 + 职务` with no organisation before the title
/// (`吴跃当选为董事长`, `成为了公司法定代表人及董事长`): the verbs are cue
/// class `post_verb` (then an optional 为/了), the titles a chain joined by
/// `、`, `兼`, `及`, `和` with at least one leader's title (cue class
/// `org_title`); the organisation is the one [`antecedent_org`] finds for an
/// anaphor before the titles, else for the clause the person opens. Gives
/// `worksFor(person, org)` and the person's `jobTitle`s, unless a rule
/// already employs the person in that sentence.
fn posts_taken(ctx: &Context<'_>, rel: &mut Vec<Found>, att: &mut Vec<FoundAttribute>) {
    let titles = ctx.gazetteer.job_titles();
    let verbs = ctx.rules.cue("post_verb");
    let leaders = ctx.rules.cue("org_title");
    let anaphors = ctx.rules.cue("org_anaphor");
    let longest = |list: &'_ [String], s: &str| -> Option<usize> {
        list.iter()
            .filter(|w| s.starts_with(w.as_str()))
            .map(String::len)
            .max()
    };
    for (k, m) in ctx.mentions.iter().enumerate() {
        if ctx.ty(k) != EntityType::Person {
            continue;
        }
        let e = ctx.entity_of[k];
        let i = m.sentence;
        if rel
            .iter()
            .any(|f| f.s == e && f.p == Predicate::WorksFor && f.sentence == i)
        {
            continue;
        }
        let (_, se) = ctx.sentences[i];
        let Some(v) = longest(verbs, &ctx.text[m.end..se]) else {
            continue;
        };
        let mut p = m.end + v;
        for w in ["为", "了"] {
            if ctx.text[p..se].starts_with(w) {
                p += w.len();
            }
        }
        if let Some(a) = longest(anaphors, &ctx.text[p..se]) {
            p += a;
        }
        let chain = p;
        let (found, _) = title_chain(ctx.text, chain, se, titles);
        if !found.iter().any(|t| leaders.contains(t)) {
            continue;
        }
        let Some(o) = antecedent_org(ctx, i, chain).or_else(|| antecedent_org(ctx, i, m.start))
        else {
            continue;
        };
        for t in found {
            att.push(FoundAttribute {
                s: e,
                p: AttributeKind::JobTitle,
                value: t,
                sentence: i,
            });
        }
        rel.push(Found::new(e, Predicate::WorksFor, ctx.entity_of[o], i));
    }
}

/// An `组织 + 职务` with no name right after it, whose holder is named
/// elsewhere in the sentence: `张锐钢任天津港（集团）有限公司董事长` (the
/// person, then a verb of taking a post, cue class `post_verb`, with an
/// optional 为 or 了: `王滨当选为广发银行董事长`; or nothing, as in a
/// caption: `刘京京北京嘉和一品餐饮管理有限公司董事长`),
/// `作为湖南远航控股集团有限公司董事长，陈旭荣…` (the person right after the
/// clause), `陈先新，1968年…出生于…，武汉亿童文教股份有限公司董事长` (a
/// biography: the sentence opens with the person and a comma, and the clause
/// opens with the organisation). Gives `worksFor(person, org)` and the
/// person's `jobTitle`s (titles chained with `、` or `兼` included).
fn titles_apart(ctx: &Context<'_>, rel: &mut Vec<Found>, att: &mut Vec<FoundAttribute>) {
    let titles = ctx.gazetteer.job_titles();
    let verbs = ctx.rules.cue("post_verb");
    let is_person = |k: usize| ctx.ty(k) == EntityType::Person;
    for (o, om) in ctx.mentions.iter().enumerate() {
        if ctx.ty(o) != EntityType::Organization {
            continue;
        }
        let (ss, se) = ctx.sentences[om.sentence];
        // The chain of titles right after the organisation (and its legal
        // form or bracket, when the name stops short of them).
        let from = se - super::relclass::skip_org_tail(&ctx.text[om.end..se]).len();
        let (found_titles, p) = title_chain(ctx.text, from, se, titles);
        if found_titles.is_empty() {
            continue;
        }
        // A name right after the titles is the ordinary pattern.
        let after = ctx.text[p..se].trim_start_matches(' ');
        let next_start = se - after.len();
        if ctx
            .mentions
            .iter()
            .enumerate()
            .any(|(k, m)| m.start == next_start && is_person(k))
        {
            continue;
        }
        let in_sentence = |k: usize| ctx.mentions[k].sentence == om.sentence;
        // (1) person + post word + organisation.
        let before = (0..o)
            .rev()
            .find(|&k| in_sentence(k) && ctx.mentions[k].end <= om.start)
            .filter(|&k| {
                is_person(k) && {
                    let mid = ctx.text[ctx.mentions[k].end..om.start].trim_matches(' ');
                    let mid = mid
                        .strip_suffix('为')
                        .or_else(|| mid.strip_suffix('了'))
                        .unwrap_or(mid);
                    mid.is_empty() || verbs.iter().any(|l| mid == l.as_str())
                }
            });
        // (2) 作为 + organisation + title + ， + person.
        let lead_in = ctx.text[ss..om.start].ends_with("作为");
        let following = after.strip_prefix('，').filter(|_| lead_in).and_then(|_| {
            let at = next_start + '，'.len_utf8();
            (0..ctx.mentions.len()).find(|&k| ctx.mentions[k].start == at && is_person(k))
        });
        // (3) the sentence opens with the person and a comma, the clause
        // with the organisation (after an optional post word).
        let opening = {
            // Full-width or ASCII clause marks (施代成,男,47岁,…).
            let marks = ['，', '；', ',', ';'];
            let clause_head = ctx.text[ss..om.start]
                .rfind(marks)
                .map(|q| &ctx.text[ss + q..om.start]);
            let clause_ok = clause_head.is_some_and(|h| {
                let h = h.trim_start_matches(marks);
                h.is_empty() || verbs.iter().any(|l| h == l.as_str())
            });
            (0..o)
                .find(|&k| in_sentence(k) && ctx.mentions[k].start == ss)
                .filter(|&k| {
                    is_person(k)
                        && clause_ok
                        && ctx.text[ctx.mentions[k].end..].starts_with(['，', ','])
                })
        };
        let Some(k) = before.or(following).or(opening) else {
            continue;
        };
        let e = ctx.entity_of[k];
        for t in &found_titles {
            att.push(FoundAttribute {
                s: e,
                p: AttributeKind::JobTitle,
                value: t.clone(),
                sentence: om.sentence,
            });
        }
        rel.push(Found::new(
            e,
            Predicate::WorksFor,
            ctx.entity_of[o],
            om.sentence,
        ));
    }
}

/// `A与B签约/签署/携手/联手`; `A签约B`, `A签下B` (a word of cue class
/// `sign_between` between the parties, after adverbs of cue class
/// `sign_adverb` only); `A与B的战略协议`, `A与B之间的
/// 协议`, `A与B就“王老吉”一系列的协议` (an agreement noun, cue class
/// `agreement`, within 12 characters after `的` that follows B, or B's `就…`
/// phrase or `之间`/`间`, in B's clause — not `A与B无关的协议`).
///
/// The weak cues (cue class `sign_weak`: 携手, 联手, 达成合作, 战略合作) count
/// only "in a signing" (ANNOTATION.md): in an article that reports one
/// (`signing_report`: a word of cue class `sign_report` in the article),
/// with an agreement noun in B's clause, or in a sentence that names a
/// project (`涪陵区与…公司携手，拟建设…项目`); FinRE labels `A携手B`, `A与B达成
/// 战略合作` alone 合作, not 签约. A negation before the cue (cue class
/// `sign_negation`: 未能, 尚未, …) gives nothing (`A和B未能与当地国土部门签订`).
fn signing(ctx: &Context<'_>, i: usize, ms: &[usize], signing_report: bool, rel: &mut Vec<Found>) {
    let (_, se) = ctx.sentences[i];
    let party = |m: usize| {
        matches!(
            ctx.ty(m),
            EntityType::Organization | EntityType::Place | EntityType::Park
        )
    };
    let between_cues = ctx.rules.cue("sign_between");
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            if !party(a) || !party(b) {
                continue;
            }
            let mid = ctx.between(a, b);
            let verb_between = between_cues.iter().any(|w| {
                mid.ends_with(w.as_str())
                    && super::frame::only_words(
                        mid,
                        0,
                        mid.len() - w.len(),
                        ctx.rules,
                        &["sign_adverb"],
                    )
            });
            if !matches!(mid, "与" | "和" | "同" | "携手" | "联手") && !verb_between {
                continue;
            }
            // 在青岛与海尔集团签署: a place after 在 is where, not who.
            if ctx.ty(a) == EntityType::Place && ctx.text[..ctx.mentions[a].start].ends_with('在')
            {
                continue;
            }
            let end = ctx.clause_end(ctx.mentions[b].end, se);
            let after = &ctx.text[ctx.mentions[b].end..end];
            let weak = ctx.rules.cue("sign_weak");
            let cues: Vec<(usize, bool)> = ctx
                .rules
                .cue("sign")
                .iter()
                .filter_map(|w| after.find(w.as_str()).map(|p| (p, weak.contains(w))))
                .collect();
            if let Some(p) = cues.iter().map(|c| c.0).min() {
                if ctx.rules.has_cue("sign_negation", &after[..p]) {
                    continue;
                }
            }
            // `A与B…条约签订65周年`: an anniversary, no signing.
            let strong = cues
                .iter()
                .any(|&(p, w)| !w && !super::frame::anniversary(after, p, ctx.rules));
            let in_signing = signing_report
                || ctx.rules.has_cue("agreement", after)
                || ms.iter().any(|&m| ctx.ty(m) == EntityType::Project);
            let weak_cue = matches!(mid, "携手" | "联手") || cues.iter().any(|c| c.1);
            if strong
                || verb_between
                || (mid.chars().count() == 1 && agreement_of(ctx, after))
                || (weak_cue && in_signing)
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::SignedWith,
                    ctx.entity_of[b],
                    i,
                ));
            }
        }
    }
}

/// A count at the end of a string: `两家`, `34个`, `多所`.
fn count_tail() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\d+|[一二两三四五六七八九十百千几多数]+)[家个所座]$").expect("valid regex")
    });
    &RE
}

/// Whether the words after a partner (`after`, to the end of its clause)
/// name an agreement between the two: `的`, `之间的`, `间的` or a `就…的`
/// phrase (at most 20 characters) right after it, then an agreement noun
/// (cue class `agreement`) within 12 characters, and no negation (cue class
/// `sign_negation`: 尚未, …) in the rest of the clause.
fn agreement_of(ctx: &Context<'_>, after: &str) -> bool {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:之间|间)?的|^就[^的，。；,;]{1,20}的").expect("valid regex")
    });
    let Some(m) = LEAD.find(after) else {
        return false;
    };
    let rest = &after[m.end()..];
    // `美国和伊朗的协议“尚未完全谈妥”`: not (yet) agreed.
    !ctx.rules.has_cue("sign_negation", rest)
        && super::frame::cue_within(rest, 0, 12, ctx.rules, "agreement")
}

/// The signing frame ([`super::frame`]): `A日前与B、C在昆明签订…协议` — the
/// subject A (the party that ends the subject region, after adverbs and
/// `在`/`于` phrases are set aside) signs with every party named in the
/// partner region. A subject `公司`/`该公司`/`本公司`/`其` (cue class
/// `sign_anaphor`) is the first organisation of the sentence
/// (`康恩贝今日公告表示，…，公司与美国AFP开发公司正式签订…`); a person
/// subject stands for the organisation they work for in the sentence
/// (`甲公司总经理张三与乙公司总经理李四签署`); a subject list signs as a
/// whole (`泰禾投资、三明市国资委与福建三农签署`); with no subject but
/// adverbs, the party that opens the clause before signs (`A此前就有意
/// 上市，并和B签署过相关协议`, `A在…支持下，与B…，并最终达成协议`).
/// Without 分别, the members of a list sign one agreement with each other.
/// Also the list signings without a connector (`A、B及C四方签署《…》`,
/// [`super::frame::sign_lists`]): every two parties of the list. `A与B举行
/// 会谈，双方签署…` ([`super::frame::both_sides`]): the last two parties
/// joined by 与/和/同/及 before the clause of 双方. A negated
/// frame gives nothing; a weak one (达成合作) only in a signing report (see
/// [`signing`]).
fn signing_frame(
    ctx: &Context<'_>,
    i: usize,
    ms: &[usize],
    signing_report: bool,
    rel: &mut Vec<Found>,
) {
    let (ss, se) = ctx.sentences[i];
    let s = &ctx.text[ss..se];
    let inside = |p: usize| {
        ms.iter()
            .any(|&m| ctx.mentions[m].start < ss + p && ctx.mentions[m].end > ss + p)
    };
    let party = |m: usize| {
        matches!(
            ctx.ty(m),
            EntityType::Organization | EntityType::Place | EntityType::Park
        )
    };
    let employer = |m: usize| {
        rel.iter()
            .find(|f| f.p == Predicate::WorksFor && f.s == ctx.entity_of[m] && f.sentence == i)
            .map(|f| f.o)
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    for f in super::frame::sign_frames(s, ctx.rules, &inside) {
        if f.negated || (f.weak && !signing_report) {
            continue;
        }
        // A name after a count (`两家中国造船厂`, `34个非洲国家`) only
        // qualifies a generic partner.
        let counted =
            |m: usize| count_tail().is_match(&ctx.text[ss + f.b_start..ctx.mentions[m].start]);
        let partners: Vec<usize> = ms
            .iter()
            .copied()
            .filter(|&m| {
                party(m)
                    && ctx.mentions[m].start >= ss + f.b_start
                    && ctx.mentions[m].end <= ss + f.b_end
                    && !counted(m)
            })
            .collect();
        let last = ms.iter().copied().rfind(|&m| {
            ctx.mentions[m].start >= ss + f.clause_start && ctx.mentions[m].end <= ss + f.a_end
        });
        let ending = last.filter(|&m| ctx.mentions[m].end == ss + f.a_end);
        // The subject list: parties back to back with list separators.
        let mut subjects: Vec<usize> = Vec::new();
        if let Some(m) = ending.filter(|&m| party(m)) {
            subjects.push(ctx.entity_of[m]);
            let mut at = m;
            while let Some(k) = ms.iter().copied().rfind(|&k| {
                ctx.mentions[k].end <= ctx.mentions[at].start
                    && ctx.mentions[k].start >= ss + f.a_start
            }) {
                let sep = &ctx.text[ctx.mentions[k].end..ctx.mentions[at].start];
                if !party(k) || !matches!(sep, "、" | "及" | "以及" | "和") {
                    break;
                }
                subjects.push(ctx.entity_of[k]);
                at = k;
            }
        }
        let subject = ending
            .filter(|&m| !party(m) && ctx.ty(m) == EntityType::Person)
            .and_then(employer)
            .or_else(|| {
                let head = &s[f.a_start..f.a_end];
                if !ctx.rules.cue("sign_anaphor").iter().any(|w| w == head) {
                    return None;
                }
                ms.iter()
                    .copied()
                    .find(|&m| {
                        ctx.ty(m) == EntityType::Organization
                            && ctx.mentions[m].end <= ss + f.clause_start
                    })
                    .map(|m| ctx.entity_of[m])
            });
        // `阿里巴巴集团宣布，与雅虎达成…`, `武钢宣称与…`: the party that
        // announces, right before the announcing word (cue class
        // `announce`), when the subject region names nobody.
        let subject = subject.or_else(|| {
            if f.a_end > f.a_start
                && ctx
                    .rules
                    .cue("sign_anaphor")
                    .iter()
                    .all(|w| *w != s[f.a_start..f.a_end])
                && f.topic.is_none()
            {
                return None;
            }
            let conn_at = ss + f.b_start.min(f.a_end.max(f.clause_start));
            ms.iter()
                .copied()
                .rfind(|&m| {
                    party(m) && ctx.mentions[m].end <= conn_at && {
                        let mid = &ctx.text[ctx.mentions[m].end..conn_at];
                        mid.chars().count() <= 14
                            && ctx
                                .rules
                                .cue("announce")
                                .iter()
                                .any(|w| mid.contains(w.as_str()))
                            && !ms.iter().any(|&o| {
                                o != m
                                    && ctx.mentions[o].start >= ctx.mentions[m].end
                                    && ctx.mentions[o].end <= conn_at
                            })
                    }
                })
                .map(|m| ctx.entity_of[m])
        });
        // The party that opens the clause before.
        let subject = subject.or_else(|| {
            let (t0, t1) = f.topic?;
            ms.iter()
                .copied()
                .find(|&m| {
                    party(m) && ctx.mentions[m].start == ss + t0 && ctx.mentions[m].end <= ss + t1
                })
                .map(|m| ctx.entity_of[m])
        });
        if subjects.is_empty() {
            subjects.extend(subject);
        }
        if subjects.is_empty() {
            continue;
        }
        // The runs of partners joined by list separators (not two names
        // side by side: `阿尔及利亚国有铁路工程公司INFRAFER` is one party).
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for (x, &m) in partners.iter().enumerate() {
            let joined = x > 0 && {
                let (p, q) = (ctx.mentions[partners[x - 1]].end, ctx.mentions[m].start);
                p <= q && matches!(&ctx.text[p..q], "、" | "及" | "以及" | "和" | "与")
            };
            match runs.last_mut() {
                Some(run) if joined => run.push(ctx.entity_of[m]),
                _ => runs.push(vec![ctx.entity_of[m]]),
            }
        }
        let partners: Vec<usize> = partners.iter().map(|&m| ctx.entity_of[m]).collect();
        if !s[f.clause_start..f.cue].contains("分别") {
            // The partners of one list sign one agreement with each other
            // too (`中信银行与华西药业、达义物业三方签订…`), and so do the
            // members of a subject list.
            for list in runs.iter().chain(std::iter::once(&subjects)) {
                for (x, &b) in list.iter().enumerate() {
                    for &c in &list[x + 1..] {
                        found.push((b, c));
                    }
                }
            }
        }
        for &a in &subjects {
            for &b in &partners {
                found.push((a, b));
            }
        }
    }
    for l in super::frame::sign_lists(s, ctx.rules, &inside) {
        if l.weak && !signing_report {
            continue;
        }
        let members: Vec<usize> = l
            .items
            .iter()
            .filter_map(|&(a, b)| {
                ms.iter().copied().find(|&m| {
                    party(m) && ctx.mentions[m].start == ss + a && ctx.mentions[m].end <= ss + b
                })
            })
            .map(|m| ctx.entity_of[m])
            .collect();
        for (x, &b) in members.iter().enumerate() {
            for &c in &members[x + 1..] {
                found.push((b, c));
            }
        }
    }
    // 双方: the last two parties joined by 与/和/同/及 before the clause.
    for (clause_start, weak) in super::frame::both_sides(s, ctx.rules) {
        if weak && !signing_report {
            continue;
        }
        let before: Vec<usize> = ms
            .iter()
            .copied()
            .filter(|&m| party(m) && ctx.mentions[m].end <= ss + clause_start)
            .collect();
        if let Some(w) = before.windows(2).rev().find(|w| {
            matches!(
                ctx.text
                    .get(ctx.mentions[w[0]].end..ctx.mentions[w[1]].start),
                Some("与" | "和" | "同" | "及")
            )
        }) {
            found.push((ctx.entity_of[w[0]], ctx.entity_of[w[1]]));
        }
    }
    for (a, b) in found {
        if a != b {
            rel.push(Found::new(a, Predicate::SignedWith, b, i));
        }
    }
}

/// `ORG总部位于/设在/设于P`, `总部位于P的ORG`, `ORG…，总部设在P`: the
/// organisation is located in the place (cue class `hq` after `总部`). The
/// organisation is the one right after `P的`, else the one right before
/// `总部` (`是`/`的` between allowed), else, when `总部` opens a clause, the
/// one that opens the sentence; the place is the last of the places that
/// follow the cue back to back (`中国天津` → 天津, the most specific).
fn headquarters(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (ss, se) = ctx.sentences[i];
    let s = &ctx.text[ss..se];
    for (p, _) in s.match_indices("总部") {
        let after = &s[p + "总部".len()..];
        let Some(cue) = ctx
            .rules
            .cue("hq")
            .iter()
            .filter(|c| after.starts_with(c.as_str()))
            .max_by_key(|c| c.len())
        else {
            continue;
        };
        let mut at = ss + p + "总部".len() + cue.len();
        let mut place = None;
        while let Some(&m) = ms.iter().find(|&&m| {
            ctx.mentions[m].start == at && matches!(ctx.ty(m), EntityType::Place | EntityType::Park)
        }) {
            place = Some(m);
            at = ctx.mentions[m].end;
        }
        let Some(place) = place else {
            continue;
        };
        let head = ss + p;
        // 总部位于P的ORG: the organisation follows.
        let after_de = ctx.text[at..se]
            .strip_prefix('的')
            .map(|_| at + '的'.len_utf8());
        let org_after = after_de.and_then(|q| {
            ms.iter()
                .copied()
                .find(|&m| ctx.mentions[m].start == q && ctx.ty(m) == EntityType::Organization)
        });
        if after_de.is_some() && org_after.is_none() {
            continue;
        }
        let clause_opening = ctx.text[ss..head].ends_with('，');
        let org = org_after
            .or_else(|| {
                ms.iter().copied().find(|&m| {
                    ctx.ty(m) == EntityType::Organization
                        && ctx.mentions[m].end <= head
                        && (ctx.mentions[m].end == head
                            || ctx.text[ctx.mentions[m].end..head] == *"是"
                            || ctx.text[ctx.mentions[m].end..head] == *"的")
                })
            })
            .or_else(|| {
                ms.iter().copied().find(|&m| {
                    clause_opening
                        && ctx.ty(m) == EntityType::Organization
                        && ctx.mentions[m].start == ss
                })
            });
        if let Some(o) = org {
            if ctx.entity_of[o] != ctx.entity_of[place] {
                rel.push(Found::new(
                    ctx.entity_of[o],
                    Predicate::LocatedIn,
                    ctx.entity_of[place],
                    i,
                ));
            }
        }
    }
}

/// The text between mentions `a` and `b` without bracketed asides and
/// without the events named in it (the list of a coordinated subject).
fn bare(ctx: &Context<'_>, a: usize, b: usize, ms: &[usize]) -> String {
    let (from, to) = (ctx.mentions[a].end, ctx.mentions[b].start);
    if from > to {
        return String::new();
    }
    let mut out = String::new();
    let mut depth = 0;
    let mut p = from;
    while p < to {
        if let Some(&e) = ms
            .iter()
            .find(|&&e| ctx.mentions[e].start == p && ctx.ty(e) == EntityType::Event)
        {
            p = ctx.mentions[e].end.max(p + 1);
            continue;
        }
        let Some(c) = ctx.text[p..].chars().next() else {
            break;
        };
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
        p += c.len_utf8();
    }
    if out.contains(['，', '。', '；']) {
        // A clause break: the event is not the subject of 在P举办.
        out.push_str("，，，，，，，，，，，，，");
    }
    out
}

/// `E在P举办/举行/召开`, `P召开/举办E`, `E由A、B、C联合主办`.
fn hosting(ctx: &Context<'_>, i: usize, ss: usize, se: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let is_admin =
        |m: usize| ctx.entity_types[ctx.entity_of[m]].1 == Some(Subtype::AdministrativeArea);
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            let mid = ctx.between(a, b);
            let after = &ctx.text[ctx.mentions[b].end..se];
            let (ta, tb) = (ctx.ty(a), ctx.ty(b));
            // E 在 P 举办/举行, also for each event of a list
            // (E1（简称…）、E2（简称…）在重庆举办).
            if ta == EntityType::Event
                && matches!(tb, EntityType::Place | EntityType::Park)
                && mid.ends_with('在')
                && bare(ctx, a, b, ms).chars().count() <= 12
            {
                let cue = after.chars().take(6).collect::<String>();
                if ctx.rules.has_cue("held", &cue) {
                    rel.push(Found::new(
                        ctx.entity_of[a],
                        Predicate::HeldAt,
                        ctx.entity_of[b],
                        i,
                    ));
                    if cue.contains("举办") && is_admin(b) {
                        rel.push(Found::new(
                            ctx.entity_of[b],
                            Predicate::Hosted,
                            ctx.entity_of[a],
                            i,
                        ));
                    }
                }
            }
            // P 召开/举办 E
            if matches!(ta, EntityType::Place | EntityType::Organization)
                && tb == EntityType::Event
                && mid.chars().count() <= 8
                && (mid.contains("召开") || mid.contains("举办"))
                && !mid.contains('在')
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::Hosted,
                    ctx.entity_of[b],
                    i,
                ));
                if is_admin(a) {
                    rel.push(Found::new(
                        ctx.entity_of[b],
                        Predicate::HeldAt,
                        ctx.entity_of[a],
                        i,
                    ));
                }
                // P与Q将举办E: Q hosts too.
                for &c in &ms[..x] {
                    if ctx.between(c, a) == "与"
                        && matches!(ctx.ty(c), EntityType::Place | EntityType::Organization)
                    {
                        rel.push(Found::new(
                            ctx.entity_of[c],
                            Predicate::Hosted,
                            ctx.entity_of[b],
                            i,
                        ));
                    }
                }
            }
        }
    }
    // E 由 A、B、C (联合)主办/承办
    let s = &ctx.text[ss..se];
    if let Some(p) = s.find('由') {
        let by = ss + p;
        let cue_end = ctx.clause_end(by, se);
        if ctx.rules.has_cue("host", &ctx.text[by..cue_end]) {
            let event = ms
                .iter()
                .rev()
                .copied()
                .find(|&m| ctx.mentions[m].end <= by && ctx.ty(m) == EntityType::Event);
            if let Some(ev) = event {
                for &m in ms {
                    let mm = &ctx.mentions[m];
                    if mm.start > by && mm.end <= cue_end && ctx.ty(m) == EntityType::Organization {
                        rel.push(Found::new(
                            ctx.entity_of[m],
                            Predicate::Hosted,
                            ctx.entity_of[ev],
                            i,
                        ));
                    }
                }
            }
        }
    }
}

/// Persons with an attendance cue (出席, 参加, 致辞, 见证, 作讲座) or named at
/// `E上，` attend the event of the sentence, else the last event named.
fn attending(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    let s = &ctx.text[ss..se];
    let persons: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| ctx.ty(m) == EntityType::Person)
        .collect();
    if persons.is_empty() {
        return;
    }
    let events: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| ctx.ty(m) == EntityType::Event)
        .collect();
    let at_event = events
        .iter()
        .copied()
        .find(|&e| ctx.text[ctx.mentions[e].end..se].starts_with("上，"));
    let has_cue = ctx.rules.has_cue("attend", s);
    if !has_cue && at_event.is_none() {
        return;
    }
    // The event attended is named before the cue or right after it
    // (出席2021智博会开幕式); one named later in the sentence is something
    // else (宣布智博会永久落户重庆).
    let cue_pos = ctx
        .rules
        .cue("attend")
        .iter()
        .filter_map(|c| s.find(c.as_str()).map(|p| (ss + p, ss + p + c.len())))
        .min();
    let near_cue = |m: usize| {
        let mm = &ctx.mentions[m];
        cue_pos.is_none_or(|(a, b)| mm.end <= a || (mm.start >= b && mm.start <= b + 6))
    };
    let event = at_event
        .or_else(|| events.iter().rev().copied().find(|&m| near_cue(m)))
        .map(|m| ctx.entity_of[m])
        .or_else(|| {
            // The last event named in the three sentences before.
            (0..ctx.mentions.len())
                .rev()
                .find(|&m| {
                    let sm = ctx.mentions[m].sentence;
                    sm < i && sm + 3 >= i && ctx.ty(m) == EntityType::Event
                })
                .map(|m| ctx.entity_of[m])
        });
    let Some(ev) = event else { return };
    let before_cue = |p: usize| cue_pos.is_none_or(|(a, _)| ctx.mentions[p].end <= a);
    let any_before = persons.iter().any(|&p| before_cue(p));
    for p in persons {
        // When attendees precede the cue, a person named after it is someone
        // else (宣读习近平总书记贺信); a byline's reporter attends nothing.
        if any_before && !before_cue(p) {
            continue;
        }
        let head = ctx.text[ss..ctx.mentions[p].start].trim_end_matches(' ');
        if ctx
            .rules
            .cue("byline")
            .iter()
            .any(|b| head.ends_with(b.as_str()))
        {
            continue;
        }
        rel.push(Found::new(ctx.entity_of[p], Predicate::Attended, ev, i));
    }
}

/// `X落户/位于P`, `在P建设X`, `A…投资/建设X`.
fn locating_and_investing(
    ctx: &Context<'_>,
    i: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            let mid = ctx.between(a, b);
            let (ta, tb) = (ctx.ty(a), ctx.ty(b));
            if mid.chars().count() > 14 || mid.contains(['，', '；', '。']) {
                continue;
            }
            // X 落户/位于 P
            if matches!(
                ta,
                EntityType::Project
                    | EntityType::Organization
                    | EntityType::Park
                    | EntityType::Place
            ) && matches!(tb, EntityType::Place | EntityType::Park)
                && ctx.rules.cue("locate").iter().any(|c| {
                    mid.starts_with(c.as_str())
                        || mid.ends_with(&format!("{c}于"))
                        || mid == format!("{c}到")
                        || mid == format!("{c}在")
                })
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::LocatedIn,
                    ctx.entity_of[b],
                    i,
                ));
            }
            // 在 P 建设 X
            if matches!(ta, EntityType::Place | EntityType::Park)
                && matches!(
                    tb,
                    EntityType::Project | EntityType::Park | EntityType::Organization
                )
                && ctx.rules.has_cue("invest", mid)
            {
                let before = &ctx.text[ctx.sentences[i].0..ctx.mentions[a].start];
                if before.ends_with('在') {
                    rel.push(Found::new(
                        ctx.entity_of[b],
                        Predicate::LocatedIn,
                        ctx.entity_of[a],
                        i,
                    ));
                }
            }
        }
        // A 投资/建设 X: the nearest organisation before the cue invests in
        // the next project after it.
        if ctx.ty(a) == EntityType::Project {
            let pa = &ctx.mentions[a];
            let clause_start = ctx.sentences[i].0;
            let before = &ctx.text[clause_start..pa.start];
            let cue_pos = ctx
                .rules
                .cue("invest")
                .iter()
                .chain(ctx.rules.cue("sign"))
                .filter_map(|c| before.rfind(c.as_str()).map(|p| clause_start + p))
                .max();
            if let Some(cp) = cue_pos {
                if let Some(o) =
                    ms.iter().rev().copied().find(|&o| {
                        ctx.mentions[o].end <= cp && ctx.ty(o) == EntityType::Organization
                    })
                {
                    rel.push(Found::new(
                        ctx.entity_of[o],
                        Predicate::InvestsIn,
                        ctx.entity_of[a],
                        i,
                    ));
                }
            }
        }
    }
    let _ = se;
}

/// `该项目…在P新购地/建设`: the project of the previous sentences is located
/// in P.
fn this_project(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    let s = &ctx.text[a..b];
    let Some(p) = s.find("该项目") else { return };
    let project = (0..ctx.mentions.len()).rev().find(|&m| {
        let sm = ctx.mentions[m].sentence;
        sm < i && sm + 2 >= i && ctx.ty(m) == EntityType::Project
    });
    let Some(project) = project else { return };
    for &m in ms {
        let mm = &ctx.mentions[m];
        if mm.start < a + p || !matches!(ctx.ty(m), EntityType::Place | EntityType::Park) {
            continue;
        }
        let before = &ctx.text[a..mm.start];
        let after: String = ctx.text[mm.end..b].chars().take(6).collect();
        if before.ends_with('在')
            && (ctx.rules.has_cue("locate", &after) || ctx.rules.has_cue("invest", &after))
        {
            rel.push(Found::new(
                ctx.entity_of[project],
                Predicate::LocatedIn,
                ctx.entity_of[m],
                i,
            ));
        }
    }
}

/// `X作为P…` and `作为P…，X`: X is described as part of the place P
/// (两江新区作为重庆经济主战场, 作为重庆经济主战场，两江新区).
fn as_part_of(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    let s = &ctx.text[a..b];
    let Some(p) = s.find("作为") else { return };
    let after = a + p + "作为".len();
    let Some(&place) = ms.iter().find(|&&m| ctx.mentions[m].start == after) else {
        return;
    };
    if ctx.entity_types[ctx.entity_of[place]].1 != Some(Subtype::AdministrativeArea) {
        return;
    }
    let subject = if p == 0 {
        // 作为P…，X: the first mention after the clause.
        let comma = ctx.text[after..b]
            .find('，')
            .map(|c| after + c + '，'.len_utf8());
        comma.and_then(|c| ms.iter().copied().find(|&m| ctx.mentions[m].start == c))
    } else {
        ms.iter().copied().find(|&m| ctx.mentions[m].end == a + p)
    };
    if let Some(x) = subject {
        if matches!(
            ctx.ty(x),
            EntityType::Organization | EntityType::Park | EntityType::Place | EntityType::Project
        ) {
            rel.push(Found::new(
                ctx.entity_of[x],
                Predicate::LocatedIn,
                ctx.entity_of[place],
                i,
            ));
        }
    }
}

/// `多个重点项目签约落户P。` announces signings in P; the projects and
/// companies of the next signing sentences (within two sentences) settle in
/// P: projects and headquarters are located in P, companies signed with P.
fn settling_context(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    for (c, &(a, b)) in ctx.sentences.iter().enumerate() {
        let s = &ctx.text[a..b];
        let Some(p) = s.find("签约落户").or_else(|| s.find("项目落户")) else {
            continue;
        };
        let at = a + p + s[p..].find("落户").unwrap_or(0) + "落户".len();
        let Some(place) = (0..ctx.mentions.len()).find(|&m| {
            ctx.mentions[m].start == at && matches!(ctx.ty(m), EntityType::Place | EntityType::Park)
        }) else {
            continue;
        };
        let place = ctx.entity_of[place];
        // Only an announcement: the sentence names no project of its own.
        if (0..ctx.mentions.len())
            .any(|m| ctx.mentions[m].sentence == c && ctx.ty(m) == EntityType::Project)
        {
            continue;
        }
        for i in c + 1..(c + 3).min(ctx.sentences.len()) {
            let (sa, sb) = ctx.sentences[i];
            if !ctx.text[sa..sb].contains("签约") {
                continue;
            }
            for (k, m) in ctx.mentions.iter().enumerate() {
                if m.sentence != i {
                    continue;
                }
                let e = ctx.entity_of[k];
                let employer = rel.iter().any(|f| f.p == Predicate::WorksFor && f.o == e);
                match ctx.entity_types[e] {
                    (EntityType::Project, _) => {
                        rel.push(Found::new(e, Predicate::LocatedIn, place, i))
                    }
                    (EntityType::Organization, Some(Subtype::Company)) if !employer => {
                        let p = if m.text.ends_with("总部") {
                            Predicate::LocatedIn
                        } else {
                            Predicate::SignedWith
                        };
                        rel.push(Found {
                            s: e,
                            p,
                            o: place,
                            sentence: i,
                        });
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `A孵化的…B` → B incubatedBy A.
fn incubation(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    for (x, &a) in ms.iter().enumerate() {
        if ctx.ty(a) != EntityType::Organization {
            continue;
        }
        if !ctx.text[ctx.mentions[a].end..].starts_with("孵化") {
            continue;
        }
        if let Some(&b) = ms[x + 1..]
            .iter()
            .find(|&&b| ctx.ty(b) == EntityType::Organization)
        {
            rel.push(Found::new(
                ctx.entity_of[b],
                Predicate::IncubatedBy,
                ctx.entity_of[a],
                i,
            ));
        }
    }
}

/// Relations read off names: a park, project or venue whose name starts with
/// a place or park of the article is located in it; a project whose name
/// starts with an organisation is that organisation's investment; an
/// organisation whose name starts with another's is its sub-organisation.
fn by_name(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    for (k, m) in ctx.mentions.iter().enumerate() {
        let e = ctx.entity_of[k];
        let (ty, sub) = ctx.entity_types[e];
        for (o, forms) in ctx.entity_forms.iter().enumerate() {
            if o == e {
                continue;
            }
            let (oty, osub) = ctx.entity_types[o];
            // 白俄罗斯驻重庆总领事馆: a mission is located where it is 驻.
            if ty == EntityType::Organization
                && oty == EntityType::Place
                && forms.iter().any(|f| m.text.contains(&format!("驻{f}")))
            {
                rel.push(Found {
                    s: e,
                    p: Predicate::LocatedIn,
                    o,
                    sentence: m.sentence,
                });
                continue;
            }
            let prefix = forms.iter().any(|f| {
                f.chars().count() >= 2
                    && m.text.starts_with(f.as_str())
                    && m.text.len() > f.len() + 3
            });
            if !prefix {
                continue;
            }
            let p = match (ty, oty) {
                (EntityType::Park | EntityType::Project, EntityType::Park) => Predicate::LocatedIn,
                (EntityType::Park | EntityType::Project, EntityType::Place)
                    if local_area(ctx, forms) =>
                {
                    Predicate::LocatedIn
                }
                (EntityType::Place, EntityType::Place | EntityType::Park)
                    if sub == Some(Subtype::Venue) =>
                {
                    Predicate::LocatedIn
                }
                (EntityType::Project, EntityType::Organization) => {
                    rel.push(Found::new(o, Predicate::InvestsIn, e, m.sentence));
                    continue;
                }
                (EntityType::Organization, EntityType::Organization)
                    if osub != Some(Subtype::MediaOutlet) =>
                {
                    Predicate::SubOrganizationOf
                }
                _ => continue,
            };
            rel.push(Found {
                s: e,
                p,
                o,
                sentence: m.sentence,
            });
        }
    }
}

/// Whether a place is a district, county or town (a name prefix of a park
/// or project locates it only there, not in a province or country).
fn local_area(ctx: &Context<'_>, forms: &[String]) -> bool {
    use crate::gazetteer::PlaceLevel;
    forms.iter().any(|f| {
        ctx.gazetteer
            .lookup(f)
            .first()
            .is_some_and(|e| matches!(e.level, Some(PlaceLevel::Area | PlaceLevel::Town)))
    })
}

/// `区县与X签署/携手…项目`: in a signing led by a district, the projects and
/// parks of the sentence are located in the district and the partner
/// organisation invests in the projects.
fn district_signing(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    if !ctx.rules.has_cue("sign", &ctx.text[a..b]) {
        return;
    }
    let Some(&lead) = ms.first() else { return };
    let (lt, ls) = ctx.entity_types[ctx.entity_of[lead]];
    if !(lt == EntityType::Place && ls == Some(Subtype::AdministrativeArea)
        || lt == EntityType::Park)
    {
        return;
    }
    let partner = ms.iter().copied().find(|&m| {
        ctx.ty(m) == EntityType::Organization && ctx.text[..ctx.mentions[m].start].ends_with('与')
    });
    for &m in &ms[1..] {
        let t = ctx.ty(m);
        if t == EntityType::Project
            || (t == EntityType::Park && ctx.text[..ctx.mentions[m].start].ends_with(['“', '设']))
        {
            rel.push(Found::new(
                ctx.entity_of[m],
                Predicate::LocatedIn,
                ctx.entity_of[lead],
                i,
            ));
            if let (Some(o), EntityType::Project) = (partner, t) {
                rel.push(Found::new(
                    ctx.entity_of[o],
                    Predicate::InvestsIn,
                    ctx.entity_of[m],
                    i,
                ));
            }
        }
    }
}

/// Article context: when the article reports signings at an expo (an event
/// named in a sentence with a signing cue, or the event a signing ceremony's
/// name starts with), every party and project of a signing sentence is
/// `signedAt` that expo.
fn signed_at(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    let sign_sentence = |i: usize| {
        let (a, b) = ctx.sentences[i];
        ctx.rules.has_cue("sign", &ctx.text[a..b])
    };
    // The expo: the event a signing ceremony (an event whose name holds
    // 签约) is named after or named with; failing a ceremony, an event named
    // in a signing sentence of an article with at least three signings.
    let ceremony = (0..ctx.mentions.len())
        .find(|&k| ctx.ty(k) == EntityType::Event && ctx.mentions[k].text.contains("签约"));
    let expo = match ceremony {
        Some(c) => {
            let cm = &ctx.mentions[c];
            (0..ctx.mentions.len())
                .filter(|&k| ctx.ty(k) == EntityType::Event && ctx.entity_of[k] != ctx.entity_of[c])
                .find(|&k| {
                    ctx.entity_forms[ctx.entity_of[k]]
                        .iter()
                        .any(|f| cm.text.starts_with(f.as_str()))
                        || ctx.mentions[k].sentence == cm.sentence
                })
                .map(|k| ctx.entity_of[k])
        }
        None => {
            let signings: std::collections::BTreeSet<usize> = rel
                .iter()
                .filter(|f| f.p == Predicate::SignedWith)
                .map(|f| f.sentence)
                .collect();
            (0..ctx.mentions.len())
                .filter(|_| signings.len() >= 3)
                .find(|&k| {
                    ctx.ty(k) == EntityType::Event && sign_sentence(ctx.mentions[k].sentence)
                })
                .map(|k| ctx.entity_of[k])
        }
    };
    let Some(expo) = expo else { return };
    // Under a signing ceremony, the investor of a project that settles in a
    // district signed with that district (项目落户璧山区 → 璧山区 signedWith
    // the project's investor).
    let mut pairs = Vec::new();
    for inv in rel.iter().filter(|f| f.p == Predicate::InvestsIn) {
        for loc in rel
            .iter()
            .filter(|f| f.p == Predicate::LocatedIn && f.s == inv.o && f.sentence == inv.sentence)
        {
            if ctx.entity_types[loc.o].1 == Some(Subtype::AdministrativeArea) {
                pairs.push(Found::new(
                    loc.o,
                    Predicate::SignedWith,
                    inv.s,
                    loc.sentence,
                ));
            }
        }
    }
    rel.extend(pairs);
    let parties: Vec<usize> = rel
        .iter()
        .filter(|f| f.p == Predicate::SignedWith)
        .flat_map(|f| [f.s, f.o])
        .collect();
    for (i, &(a, b)) in ctx.sentences.iter().enumerate() {
        let signing = sign_sentence(i);
        // Under a signing ceremony, a project placed or built somewhere is a
        // signed project too (云南耀兴集团将在垫江投资建设…项目).
        let has_project = ctx
            .mentions
            .iter()
            .enumerate()
            .any(|(k, m)| m.sentence == i && ctx.ty(k) == EntityType::Project);
        let projecting = has_project
            && (ctx.rules.has_cue("invest", &ctx.text[a..b])
                || ctx.rules.has_cue("locate", &ctx.text[a..b]));
        if !signing && !projecting {
            continue;
        }
        for (k, m) in ctx.mentions.iter().enumerate() {
            let e = ctx.entity_of[k];
            if m.sentence != i || e == expo {
                continue;
            }
            let (ty, sub) = ctx.entity_types[e];
            // An employer named in a title (两江新区党工委书记) is no party.
            let employer = rel
                .iter()
                .any(|f| f.p == Predicate::WorksFor && f.o == e && f.sentence == i);
            let keep = !employer
                && match ty {
                    EntityType::Organization => sub != Some(Subtype::MediaOutlet),
                    EntityType::Place => {
                        sub == Some(Subtype::AdministrativeArea)
                            && signing
                            && !ctx.text[a..m.start].ends_with(['在', '到', '户'])
                            || parties.contains(&e)
                    }
                    EntityType::Park => parties.contains(&e),
                    EntityType::Project => true,
                    _ => false,
                };
            if keep {
                rel.push(Found::new(e, Predicate::SignedAt, expo, i));
            }
        }
    }
}

/// `总投资18亿元的X项目`, `X项目总投资约10亿元`, `该项目计划投资15亿元`.
fn amounts(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    att: &mut Vec<FoundAttribute>,
) {
    let s = &ctx.text[ss..se];
    for c in amount_re().captures_iter(s) {
        let whole = c.get(0).expect("match");
        let value = c.get(1).expect("group").as_str().to_owned();
        let (a, b) = (ss + whole.start(), ss + whole.end());
        let projects: Vec<usize> = ms
            .iter()
            .copied()
            .filter(|&m| ctx.ty(m) == EntityType::Project)
            .collect();
        let target = if ctx.text[b..].starts_with('的') {
            projects
                .iter()
                .copied()
                .find(|&m| ctx.mentions[m].start >= b)
        } else {
            projects
                .iter()
                .rev()
                .copied()
                .find(|&m| ctx.mentions[m].end <= a)
        }
        .map(|m| ctx.entity_of[m])
        .or_else(|| {
            if !ctx.text[ss..a].contains("项目") {
                return None;
            }
            (0..ctx.mentions.len())
                .rev()
                .find(|&m| {
                    let sm = ctx.mentions[m].sentence;
                    sm < i && sm + 2 >= i && ctx.ty(m) == EntityType::Project
                })
                .map(|m| ctx.entity_of[m])
        });
        if let Some(t) = target {
            att.push(FoundAttribute {
                s: t,
                p: AttributeKind::InvestmentAmount,
                value,
                sentence: i,
            });
        }
    }
}

/// `8月23日，E开幕`: an event with a date and a holding cue in one sentence.
fn dates(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    att: &mut Vec<FoundAttribute>,
) {
    let s = &ctx.text[ss..se];
    let Some(c) = date_re().captures(s) else {
        return;
    };
    if !ctx.rules.has_cue("held", s) && !s.contains("开幕") {
        return;
    }
    // The events opening on that date: those named before the cue, or the
    // first one; the year is the date's own, else an edition year of an
    // event of the sentence, else the article's.
    let events: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| ctx.ty(m) == EntityType::Event)
        .collect();
    let Some(&first) = events.first() else {
        return;
    };
    let cue_at = ctx
        .rules
        .cue("held")
        .iter()
        .chain(std::iter::once(&"开幕".to_owned()))
        .filter_map(|w| s.find(w.as_str()).map(|p| ss + p))
        .min()
        .unwrap_or(se);
    let mut targets: Vec<usize> = events
        .iter()
        .copied()
        .filter(|&m| ctx.mentions[m].end <= cue_at)
        .collect();
    if targets.is_empty() {
        targets.push(first);
    }
    let year = c
        .get(1)
        .and_then(|y| y.as_str().parse::<i32>().ok())
        .or_else(|| {
            events.iter().find_map(|&m| {
                super::entity::edition(&ctx.mentions[m].text)
                    .and_then(|e| e.parse::<i32>().ok())
                    .filter(|y| *y > 1900)
            })
        })
        .or(ctx.year);
    let (Some(y), Ok(mo), Ok(d)) = (year, c[2].parse::<u32>(), c[3].parse::<u32>()) else {
        return;
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return;
    }
    for ev in targets {
        att.push(FoundAttribute {
            s: ctx.entity_of[ev],
            p: AttributeKind::StartDate,
            value: format!("{y:04}-{mo:02}-{d:02}"),
            sentence: i,
        });
    }
}

#[cfg(test)]
mod tests {
    /// The `signedWith` pairs of `text` read as one article, each pair in
    /// name order, sorted.
    fn signed(text: &str) -> Vec<(String, String)> {
        let doc = crate::document::Document::new("t", "t", text);
        let ann = crate::extract::Extractor::new().extract(&doc);
        let name = |id: &str| ann.entity(id).map(|e| e.name.clone()).unwrap_or_default();
        let mut out: Vec<(String, String)> = ann
            .relations
            .iter()
            .filter(|r| r.p == crate::annotation::Predicate::SignedWith)
            .map(|r| {
                let (a, b) = (name(&r.s), name(&r.o));
                if a <= b {
                    (a, b)
                } else {
                    (b, a)
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        if a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    }

    #[test]
    fn a_signing_verb_between_the_parties() {
        assert_eq!(
            signed("天河软件集团签约长江物流有限公司。"),
            [pair("天河软件集团", "长江物流有限公司")]
        );
        assert_eq!(
            signed("天河软件集团正式签下长江物流有限公司。"),
            [pair("天河软件集团", "长江物流有限公司")]
        );
    }

    #[test]
    fn an_agreement_between_the_parties_without_a_verb() {
        assert_eq!(
            signed("天河软件集团与华南银行的战略协议将于年底到期。"),
            [pair("华南银行", "天河软件集团")]
        );
        assert_eq!(
            signed("天河软件集团与华南银行就港口运营的一系列合同已经生效。"),
            [pair("华南银行", "天河软件集团")]
        );
        // No agreement of the two: 无关的协议, 的合作关系.
        assert!(signed("天河软件集团发布了一份与华南银行无关的协议。").is_empty());
        assert!(signed("天河软件集团与华南银行无关的协议已经公布。").is_empty());
        assert!(signed("天河软件集团与华南银行的合作关系一直很好。").is_empty());
        // Not yet agreed.
        assert!(signed("天河软件集团与华南银行的贷款协议尚未谈妥。").is_empty());
    }

    #[test]
    fn a_bare_qian_before_an_agreement() {
        assert_eq!(
            signed("天河软件集团与华南银行昨日签供货合同。"),
            [pair("华南银行", "天河软件集团")]
        );
        // 签 of 签名 with no agreement after it.
        assert!(signed("天河软件集团与华南银行的员工在签名墙前合影。").is_empty());
    }

    #[test]
    fn a_list_of_parties_before_the_connector() {
        assert_eq!(
            signed("天河软件集团、长江物流有限公司与华南银行签订三方协议。"),
            [
                pair("华南银行", "天河软件集团"),
                pair("华南银行", "长江物流有限公司"),
                pair("天河软件集团", "长江物流有限公司"),
            ]
        );
        // 分别: each signs with the partner, not with each other.
        assert_eq!(
            signed("天河软件集团、长江物流有限公司分别与华南银行签订贷款合同。"),
            [
                pair("华南银行", "天河软件集团"),
                pair("华南银行", "长江物流有限公司"),
            ]
        );
    }

    #[test]
    fn a_list_of_parties_without_a_connector() {
        assert_eq!(
            signed("天河软件集团、长江物流有限公司及华南银行三方签署《合作框架协议》。"),
            [
                pair("华南银行", "天河软件集团"),
                pair("华南银行", "长江物流有限公司"),
                pair("天河软件集团", "长江物流有限公司"),
            ]
        );
        // 等: each signs with someone else.
        assert!(signed("天河软件集团、长江物流有限公司等企业签约入驻产业园。").is_empty());
        // Neither a count nor an agreement: no list signing.
        assert!(signed("天河软件集团、长江物流有限公司签约后发展迅速。").is_empty());
    }

    #[test]
    fn the_subject_of_the_clause_before() {
        assert_eq!(
            signed("天河软件集团在市政府的支持下，与长江物流有限公司就港口运营反复磋商，并最终达成协议。"),
            [pair("天河软件集团", "长江物流有限公司")]
        );
        assert_eq!(
            signed("天河软件集团去年曾计划上市，并与华南银行签订了贷款合同。"),
            [pair("华南银行", "天河软件集团")]
        );
        // A cue that opens its clause continues nothing.
        assert!(signed("天河软件集团与长江物流有限公司规模相当，签约项目较多。").is_empty());
    }

    #[test]
    fn both_sides_are_the_two_parties_named_before() {
        assert_eq!(
            signed("天河软件集团与华南银行举行会谈，双方签署了合作协议。"),
            [pair("华南银行", "天河软件集团")]
        );
        // 双方 of two parties that are not joined: none.
        assert!(signed("天河软件集团宣布，华南银行表示，双方签署了合作协议。").is_empty());
    }

    #[test]
    fn persons_sign_for_their_organisations() {
        assert_eq!(
            signed("天河软件集团总经理王建国与长江物流有限公司总经理李明签署合作协议。"),
            [pair("天河软件集团", "长江物流有限公司")]
        );
    }

    #[test]
    fn weak_cues_only_in_a_signing() {
        assert!(signed("天河软件集团携手长江物流有限公司开拓海外市场。").is_empty());
        assert!(signed("天河软件集团与长江物流有限公司达成战略合作。").is_empty());
        assert_eq!(
            signed("天河软件集团携手长江物流有限公司开拓海外市场。双方在发布会上签约。"),
            [pair("天河软件集团", "长江物流有限公司")]
        );
    }

    #[test]
    fn a_negated_signing_is_none() {
        assert!(signed("天河软件集团和长江物流有限公司未能与华南银行签订贷款合同。").is_empty());
        assert!(signed("天河软件集团尚未与华南银行签署贷款合同。").is_empty());
    }

    #[test]
    fn a_stop_word_inside_a_name_does_not_cut_the_partner() {
        // 联合 (a stop word: 联合签署) inside a known name.
        let known = crate::extract::known::KnownEntities::new([(
            "赣江联合投资有限公司".to_owned(),
            crate::annotation::EntityType::Organization,
        )]);
        let doc = crate::document::Document::new(
            "t",
            "t",
            "天河软件集团与赣江联合投资有限公司签署了股权转让协议。",
        );
        let ann = crate::extract::Extractor::new()
            .with_known_entities(Some(std::sync::Arc::new(known)))
            .extract(&doc);
        let name = |id: &str| ann.entity(id).map(|e| e.name.clone()).unwrap_or_default();
        let pairs: Vec<(String, String)> = ann
            .relations
            .iter()
            .filter(|r| r.p == crate::annotation::Predicate::SignedWith)
            .map(|r| pair(&name(&r.s), &name(&r.o)))
            .collect();
        assert_eq!(pairs, [pair("天河软件集团", "赣江联合投资有限公司")]);
    }

    #[test]
    fn title_chains_join_directly_or_with_a_joiner_before_a_title() {
        let titles: Vec<String> = ["党委书记", "董事长", "副董事长", "总裁", "创始人", "CEO"]
            .iter()
            .map(|t| (*t).to_owned())
            .collect();
        let text = "万科党委书记、副董事长兼总裁郁亮和创始人CEO王石";
        let from = "万科".len();
        let (chain, end) = super::title_chain(text, from, text.len(), &titles);
        assert_eq!(chain, ["党委书记", "副董事长", "总裁"]);
        assert_eq!(&text[end..], "郁亮和创始人CEO王石");
        // 和 before a name is no joiner; a chain of directly adjacent titles.
        let at = text.find("创始人").unwrap();
        let (chain, end) = super::title_chain(text, at, text.len(), &titles);
        assert_eq!(chain, ["创始人", "CEO"]);
        assert_eq!(&text[end..], "王石");
        assert_eq!(
            super::title_chain(text, 0, text.len(), &titles),
            (Vec::new(), 0)
        );
    }
}
