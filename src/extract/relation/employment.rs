//! Employment: job titles and the organisation a person works for
//! (`组织+职务+姓名`, title chains, bylines, posts taken, titles written apart
//! from their organisation) → `worksFor` and `jobTitle`.

use super::*;
use std::collections::BTreeSet;

/// `组织 + 职务 + 姓名` (a colon allowed before the name: `董事长：张文`),
/// title chains (`市委副书记、市长唐良智`), name lists that
/// share a title, bylines with the dateline's outlet, and `姓名 + 职务`
/// (with the organisation right before the name: `西子联合控股有限公司王水福
/// 董事长`). Post modifiers, a legal form and a short bracket may stand
/// between an organisation and its title ([`org_ending_at`]); a leader's
/// title with no organisation before it takes the one [`antecedent_org`]
/// finds (`公司董事长龚永福`).
pub(super) fn titles_and_employers(
    ctx: &Context<'_>,
    rel: &mut Vec<Found>,
    att: &mut Vec<FoundAttribute>,
) {
    let titles = ctx.gazetteer.job_titles();
    let bylines = ctx.rules.cue("byline");
    let leaders = ctx.rules.cue("org_title");
    let roles = ctx.rules.cue("chain_role");
    let mut last_person: Option<(usize, Vec<String>, Vec<usize>)> = None;
    // Titles written after a name (习近平主席) and before one (国家主席习近平).
    let mut after_name: BTreeSet<(usize, String)> = BTreeSet::new();
    let mut before_name: BTreeSet<(usize, String)> = BTreeSet::new();
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
                    if pm.sentence == m.sentence
                        && (pm.end + 3 >= m.start || list_gap(ctx, pm.end, m.start))
                    {
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
        let mut tail_title = false;
        if let Some(t) = titles
            .iter()
            .filter(|t| tail.starts_with(t.as_str()))
            .max_by_key(|t| t.len())
        {
            before_name.extend(found_titles.iter().map(|t| (e, t.clone())));
            after_name.insert((e, t.clone()));
            tail_title = true;
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
        if !tail_title {
            before_name.extend(found_titles.iter().map(|t| (e, t.clone())));
        }
        last_person = Some((k, found_titles, orgs));
    }
    // 国家主席习近平 … 习近平主席: a title after the name that ends a longer
    // title written before it in the article is that title again, not a
    // second post.
    att.retain(|a| {
        let key = (a.s, a.value.clone());
        !(a.p == AttributeKind::JobTitle
            && after_name.contains(&key)
            && !before_name.contains(&key)
            && before_name
                .iter()
                .any(|(e, t)| *e == a.s && t != &a.value && t.ends_with(a.value.as_str())))
    });
}

/// Whether the text between BYTE offsets `from` and `to` (two persons of one
/// sentence) is the rest of a list of names: `、`-separated items of at most
/// eight characters each, at most three, no clause mark and no mention
/// inside (`张庆黎、刘奇葆、帕巴拉·格列朗杰、万钢、何厚铧`: 万钢 a name no
/// recogniser found).
fn list_gap(ctx: &Context<'_>, from: usize, to: usize) -> bool {
    let gap = &ctx.text[from..to];
    let Some(inner) = gap.strip_prefix('、').and_then(|g| g.strip_suffix('、')) else {
        return false;
    };
    let items: Vec<&str> = inner.split('、').collect();
    items.len() <= 3
        && items
            .iter()
            .all(|w| (1..=8).contains(&w.chars().count()) && !w.contains(CLAUSE_MARKS))
        && !ctx.mentions.iter().any(|m| m.start < to && m.end > from)
}

/// The organisation mention that ends at `at` (BYTE offset) in the
/// sentence starting at `ss`, once the words between it and `at` are set
/// aside: modifiers of a post (cue class `title_modifier`: 原, 时任, …), a
/// possessive 的, a legal form (有限公司, …, when the name stops short of
/// it) and one bracketed part of at most 12 characters (`（00569.HK）`), in
/// any order. `None` also when the mention there is a generic name
/// (`generic_names.txt`: 公司, 俱乐部 — an anaphor, see [`antecedent_org`]).
pub(super) fn org_ending_at(ctx: &Context<'_>, ss: usize, at: usize) -> Option<usize> {
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
            .chain(crate::extract::relclass::ORG_TAILS)
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
pub(super) fn antecedent_org(ctx: &Context<'_>, i: usize, chain: usize) -> Option<usize> {
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
pub(super) fn posts_taken(ctx: &Context<'_>, rel: &mut Vec<Found>, att: &mut Vec<FoundAttribute>) {
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
pub(super) fn titles_apart(ctx: &Context<'_>, rel: &mut Vec<Found>, att: &mut Vec<FoundAttribute>) {
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
        let from = se - crate::extract::relclass::skip_org_tail(&ctx.text[om.end..se]).len();
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

#[cfg(test)]
mod tests {
    use super::super::statements;
    use crate::annotation::Predicate;

    #[test]
    fn a_list_sharing_a_title_goes_on_past_a_name_no_recogniser_found() {
        // xwlb-20230312-09 (data/news-gold): names of the list after one the
        // recognisers may miss work for 全国政协 too.
        let text = "全国政协副主席胡春华、沈跃跃、王勇、周强、帕巴拉·格列朗杰、何厚铧、梁振英、巴特尔、苏辉、邵鸿、高云龙、陈武、穆虹、咸辉、姜信治、蒋作君、何报翔、王光谦、秦博勇、朱永新、杨震出席会议。";
        let got = statements(text, Predicate::WorksFor);
        for p in ["胡春华", "何厚铧", "王光谦", "秦博勇", "朱永新"] {
            assert!(
                got.iter().any(|(s, o)| s == p && o == "全国政协"),
                "{p}: {got:?}"
            );
        }
        // A list broken by a clause is no list.
        let text = "全国政协副主席胡春华出席，国务院有关部门负责同志、专家学者王建国参加。";
        let got = statements(text, Predicate::WorksFor);
        assert!(got.iter().all(|(s, _)| s != "王建国"), "{got:?}");
    }

    /// The `jobTitle` values of person `who` in `text` read as one article.
    fn titles_of(text: &str, who: &str) -> Vec<String> {
        let doc = crate::document::Document::new("t", "t", text);
        let ann = crate::extract::Extractor::new().extract(&doc);
        let mut out: Vec<String> = ann
            .attributes
            .iter()
            .filter(|a| a.p == crate::annotation::AttributeKind::JobTitle)
            .filter(|a| ann.entity(&a.s).is_some_and(|e| e.name == who))
            .map(|a| a.value.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn a_title_after_the_name_repeating_one_before_it_is_no_second_post() {
        // xwlb-20221209-06 (data/news-gold): 习近平主席 is the 国家主席 again.
        let text = "央视网消息（新闻联播）：当地时间12月8日下午，国家主席习近平在利雅得会见苏丹主权委员会主席布尔汉。\
                    布尔汉表示，祝贺习近平主席再次当选中共中央总书记。";
        assert_eq!(titles_of(text, "习近平"), ["国家主席"]);
        // Alone, the title after the name is the one written.
        let text = "布尔汉表示，祝贺习近平主席再次当选中共中央总书记。";
        assert_eq!(titles_of(text, "习近平"), ["主席"]);
    }
}
