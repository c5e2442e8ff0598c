//! Relation and attribute patterns over the mentions of a sentence, plus
//! article-level context (the expo whose signing ceremony a report covers,
//! the event a bare 活动/开幕式 refers to, the project 该项目 refers to).
//!
//! Each pattern names its cue words by class (`data/rules/relation_cues.tsv`)
//! and works on BYTE offsets into the normalised text.

use crate::annotation::{AttributeKind, EntityType, Predicate, Subtype};
use crate::extract::mention::Mention;
use crate::extract::rules::Rules;
use crate::gazetteer::Gazetteer;
use regex::Regex;
use std::sync::LazyLock;

mod attribute;
mod employment;
mod event;
mod location;
mod organization;
mod signing;
use attribute::*;
pub(crate) use employment::title_chain;
use employment::*;
use event::*;
use location::*;
use organization::*;
use signing::*;
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
    /// The story's date from its id (year, month, day), when it has one:
    /// the day of `今天`, `昨天` and a bare `X日`.
    pub date: Option<(i32, u32, u32)>,
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
    /// BYTE offset where the clause holding `at` starts: after the last
    /// clause mark between the sentence start `ss` and `at`, else `ss`.
    fn clause_start(&self, ss: usize, at: usize) -> usize {
        self.text[ss..at]
            .rfind(CLAUSE_MARKS)
            .map_or(ss, |p| ss + p + '，'.len_utf8())
    }
    fn clause_end(&self, from: usize, sentence_end: usize) -> usize {
        self.text[from..sentence_end]
            .find(['，', '；', '。'])
            .map_or(sentence_end, |p| from + p)
    }
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
        state_signing(ctx, i, ss, se, &ms, &mut rel);
        headquarters(ctx, i, &ms, &mut rel);
        hosting(ctx, i, ss, se, &ms, &mut rel);
        side_hosting(ctx, i, ss, se, &ms, &mut rel);
        attending(ctx, i, ss, se, &ms, &mut rel);
        attended_in(ctx, i, ss, se, &ms, &mut rel);
        reporting(ctx, i, ss, se, &ms, &mut rel);
        locating_and_investing(ctx, i, se, &ms, &mut rel);
        nested_places(ctx, i, &ms, &mut rel);
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

/// Whether entity `e` is a country: a Place one of whose forms the
/// gazetteer lists as a country.
pub(super) fn is_country(ctx: &Context<'_>, e: usize) -> bool {
    ctx.entity_types[e].0 == EntityType::Place
        && ctx.entity_forms[e].iter().any(|f| {
            ctx.gazetteer
                .lookup(f)
                .iter()
                .any(|g| g.level == Some(crate::gazetteer::PlaceLevel::Country))
        })
}

/// The one country of the article that the one-character abbreviation `c`
/// (gazetteer, `countries.tsv`) stands for.
pub(super) fn abbreviated_country(ctx: &Context<'_>, c: char) -> Option<usize> {
    let mut buf = [0u8; 4];
    let key: &str = c.encode_utf8(&mut buf);
    let named: Vec<usize> = ctx
        .gazetteer
        .lookup(key)
        .iter()
        .filter(|g| {
            g.form == crate::gazetteer::NameForm::Abbrev
                && g.source == crate::gazetteer::Source::Country
        })
        .filter_map(|g| {
            (0..ctx.entity_forms.len())
                .find(|&e| is_country(ctx, e) && ctx.entity_forms[e].contains(&g.canonical))
        })
        .collect();
    match named[..] {
        [e] => Some(e),
        _ => None,
    }
}

/// Marks that end a clause, for [`antecedent_org`].
const CLAUSE_MARKS: [char; 4] = ['，', '；', '：', '。'];

/// The text between the end of mention `a` and BYTE offset `to` without
/// bracketed asides and without the events named in it (the list of a
/// coordinated subject).
fn bare(ctx: &Context<'_>, a: usize, to: usize, ms: &[usize]) -> String {
    let from = ctx.mentions[a].end;
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

/// The `(subject, object)` names of the `p` statements extracted from
/// `text` read as one article, sorted (for the family modules' tests).
#[cfg(test)]
pub(super) fn statements(text: &str, p: Predicate) -> Vec<(String, String)> {
    let doc = crate::document::Document::new("t", "t", text);
    let ann = crate::extract::Extractor::new().extract(&doc);
    let name = |id: &str| ann.entity(id).map(|e| e.name.clone()).unwrap_or_default();
    let mut out: Vec<(String, String)> = ann
        .relations
        .iter()
        .filter(|r| r.p == p)
        .map(|r| (name(&r.s), name(&r.o)))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    /// The `signedWith` pairs of `text` read as one article, each pair in
    /// name order, sorted.
    fn signed(text: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            super::statements(text, crate::annotation::Predicate::SignedWith)
                .into_iter()
                .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
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
    fn exchanging_cooperation_agreements_is_signing() {
        // xwlb-20230824-12 (gold-news dev); 交换意见 is no signing.
        let got = signed(
            "总台还与约翰内斯堡大学交换合作协议，就加强学术、人员、文化等领域交流达成一致。",
        );
        assert!(
            got.iter()
                .any(|(a, b)| a == "约翰内斯堡大学" || b == "约翰内斯堡大学"),
            "{got:?}"
        );
        assert!(signed("中国外交部与俄罗斯外交部就双边关系交换意见。").is_empty());
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

    #[test]
    fn two_heads_of_state_sign_for_china_and_the_country_of_the_lead() {
        // xwlb-20240904-01 (data/news-gold).
        let text = "央视网消息（新闻联播）：9月3日下午，国家主席习近平在北京人民大会堂同来华出席中非合作论坛北京峰会并进行国事访问的尼日利亚总统提努布举行会谈。\
                    习近平指出，中国和尼日利亚是全面战略伙伴。\
                    会谈后，两国元首共同见证签署关于共建“一带一路”合作规划等领域多项双边合作文件。";
        assert_eq!(signed(text), [pair("中国", "尼日利亚")]);
        // Two foreign countries in the lead: which two sign is not told.
        let text = "央视网消息：国家主席习近平会见尼日利亚总统提努布和加纳总统马哈马。\
                    中国愿同各方合作。两国元首共同见证签署多项双边合作文件。";
        assert!(signed(text).is_empty(), "{:?}", signed(text));
    }

    #[test]
    fn two_country_abbreviations_before_the_verb_sign() {
        // The shape of 中俄两国元首签署联合声明 (xwlb-20230328-10, data/news-gold)
        // with both countries named.
        let text =
            "俄罗斯艺术团在中国巡演。此次演出是中俄两国元首签署联合声明后文化交流的重要体现。";
        assert_eq!(signed(text), [pair("中国", "俄罗斯")]);
        // 当日签署: 日 (日本) after a character that is no abbreviation.
        let text = "日本媒体关注中国市场。天河软件集团与华南银行当日签署贷款合同。";
        assert!(
            signed(text).iter().all(|(a, b)| a != "日本" && b != "日本"),
            "{:?}",
            signed(text)
        );
    }
}
