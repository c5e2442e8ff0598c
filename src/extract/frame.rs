//! The signing frame `A（副词）与B（副词）签订/签署/签约…`, shared by the
//! recogniser (which names the parties when no other rule does: FinRE's bare
//! 万科, 中海发展) and the relation pattern (which relates them).
//!
//! All offsets are BYTE offsets into the sentence string given. The words
//! are data (`data/rules/relation_cues.tsv`): `sign_verb` (the cue),
//! `sign_stop` (words that end the partner: 就, 在, 正式, …), `sign_adverb`
//! (words between a party and the connector or the cue: 日前, 还, 已, …),
//! `sign_lead` (words that end a lead-in before the subject: 公告称, 获悉, …).

use super::rules::Rules;

/// One signing frame in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Start of the clause (after the last `，；：` before the cue).
    pub clause_start: usize,
    /// The subject region `[a_start, a_end)`: the clause up to the connector,
    /// cut before a `在`/`于` phrase, trailing adverbs and dates and leading
    /// lead-ins removed (may be empty).
    pub a_start: usize,
    /// End of the subject region.
    pub a_end: usize,
    /// The partner region `[b_start, b_end)`: after the connector (and after
    /// the last `的` or `—` in it), up to the first stop word before the cue.
    pub b_start: usize,
    /// End of the partner region.
    pub b_end: usize,
    /// Start of the cue word.
    pub cue: usize,
    /// When the subject region holds nothing but adverbs (`…，并与B签署`,
    /// `A在…支持下，与B签订`): the clause before, `(start, end)` without
    /// its lead-ins, whose opening party is the subject.
    pub topic: Option<(usize, usize)>,
    /// Whether the cue is weak (达成…合作 without an agreement noun, see
    /// [`sign_cues`]).
    pub weak: bool,
    /// Whether a negation (cue class `sign_negation`: 未能, 尚未, 没有, …)
    /// outside the names precedes the cue in its clause.
    pub negated: bool,
}

/// Whether a word of cue class `sign_negation` occurs in `[start, end)` of
/// `s`, not inside a name.
fn negated(
    s: &str,
    start: usize,
    end: usize,
    rules: &Rules,
    inside_name: &dyn Fn(usize) -> bool,
) -> bool {
    rules.cue("sign_negation").iter().any(|w| {
        s[start..end]
            .match_indices(w.as_str())
            .any(|(p, _)| !inside_name(start + p))
    })
}

/// A date at the end of a string (`3月2日`, `<N>年<N>月`; FinRE writes
/// numbers as `<N>`).
fn date_tail() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:(?:\d+|<N>)[年月日号])+$").expect("valid regex")
    });
    &RE
}

const BREAKS: [char; 9] = ['，', ',', '；', ';', '：', ':', '。', '！', '？'];

fn clause_start_before(s: &str, p: usize) -> usize {
    s[..p]
        .char_indices()
        .rev()
        .find(|(_, c)| BREAKS.contains(c))
        .map_or(0, |(q, c)| q + c.len_utf8())
}

/// Moves `end` left over trailing dates and the words of the cue classes
/// `classes`, never past `start`.
fn strip_tail(s: &str, start: usize, mut end: usize, rules: &Rules, classes: &[&str]) -> usize {
    loop {
        let head = &s[start..end];
        if let Some(m) = date_tail().find(head) {
            if m.start() > 0 {
                end = start + m.start();
                continue;
            }
        }
        match classes
            .iter()
            .flat_map(|c| rules.cue(c))
            .filter(|w| head.ends_with(w.as_str()) && head.len() > w.len())
            .max_by_key(|w| w.len())
        {
            Some(w) => end -= w.len(),
            None => return end,
        }
    }
}

/// Moves `start` right past the last lead-in word (cue class `sign_lead`)
/// that leaves something before `end`.
fn strip_lead(s: &str, mut start: usize, end: usize, rules: &Rules) -> usize {
    for w in rules.cue("sign_lead") {
        if let Some(q) = s[start..end].rfind(w.as_str()) {
            if start + q + w.len() < end {
                start += q + w.len();
            }
        }
    }
    start
}

/// Whether `[start, end)` of `s` holds nothing but dates and words of the
/// cue classes `classes` (empty counts).
pub fn only_words(s: &str, start: usize, mut end: usize, rules: &Rules, classes: &[&str]) -> bool {
    while end > start {
        let head = &s[start..end];
        if let Some(m) = date_tail().find(head) {
            end = start + m.start();
            continue;
        }
        match classes
            .iter()
            .flat_map(|c| rules.cue(c))
            .filter(|w| head.ends_with(w.as_str()))
            .max_by_key(|w| w.len())
        {
            Some(w) => end -= w.len(),
            None => return false,
        }
    }
    true
}

/// The clause before the one that starts at `clause_start` (which must be
/// preceded by a break): `(start, end)` with `end` the byte of the break.
fn previous_clause(s: &str, clause_start: usize) -> Option<(usize, usize)> {
    let (q, c) = s[..clause_start].char_indices().next_back()?;
    if !BREAKS.contains(&c) {
        return None;
    }
    Some((clause_start_before(s, q), q))
}

/// Whether a word of cue class `class` starts at one of the first
/// `max_chars + 1` characters of `s` from byte `from`, within its clause
/// (up to the next clause break).
pub fn cue_within(s: &str, from: usize, max_chars: usize, rules: &Rules, class: &str) -> bool {
    let rest = &s[from..];
    let clause = &rest[..rest.find(BREAKS).unwrap_or(rest.len())];
    let words = rules.cue(class);
    clause
        .char_indices()
        .take(max_chars + 1)
        .any(|(p, _)| words.iter().any(|w| clause[p..].starts_with(w.as_str())))
}

/// Whether an agreement noun (cue class `agreement`: 协议, 合同, 备忘录, …)
/// follows byte `from` of `s` within `max_chars` characters of its clause.
fn agreement_within(s: &str, from: usize, max_chars: usize, rules: &Rules) -> bool {
    cue_within(s, from, max_chars, rules, "agreement")
}

/// Whether the clause of `s` from byte `from` names an anniversary (cue
/// class `sign_anniversary`: 周年, 纪念日) within 12 characters — `条约签订
/// 65周年`: the signing is history, not the news.
pub fn anniversary(s: &str, from: usize, rules: &Rules) -> bool {
    cue_within(s, from, 12, rules, "sign_anniversary")
}

/// The signing cues of sentence `s`, as `(start, end)` byte ranges: the
/// words of cue class `sign_verb` (达成 only with 协议 or 合作 later in its
/// clause), and a bare `签` (cue class `sign_bare`: `工商银行与纽约梅隆银行签
/// SWIFT合作备忘录`, `昨签《资产转让协议》`) not part of a `sign_verb` word
/// and followed within 16 characters of its clause by an agreement noun
/// (cue class `agreement`); none followed by an anniversary ([`anniversary`]).
/// The flag tells a weak cue: 达成 with 合作 but no
/// agreement noun in its clause (`达成战略合作`, which FinRE labels 合作),
/// a signing only in a report of one (see `relation::signing`).
pub fn sign_cues(s: &str, rules: &Rules) -> Vec<(usize, usize, bool)> {
    let verbs = rules.cue("sign_verb");
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    let bares = rules.cue("sign_bare");
    for (cue, _) in s.char_indices() {
        let rest = &s[cue..];
        let verb = verbs.iter().find(|v| rest.starts_with(v.as_str()));
        let bare = bares.iter().find(|v| rest.starts_with(v.as_str()));
        // The anniversary test scans the clause: only where a cue starts.
        if (verb.is_none() && bare.is_none()) || anniversary(s, cue, rules) {
            continue;
        }
        if let Some(v) = verb {
            let mut weak = false;
            if v == "达成" {
                let clause_end = rest.find(BREAKS).unwrap_or(rest.len());
                let window = &rest[..clause_end];
                if !window.contains("协议") && !window.contains("合作") {
                    continue;
                }
                weak = !rules.has_cue("agreement", window);
            }
            out.push((cue, cue + v.len(), weak));
            continue;
        }
        let covered = out.iter().any(|&(a, b, _)| a <= cue && cue < b);
        if let Some(v) = bare {
            if !covered && agreement_within(s, cue + v.len(), 16, rules) {
                out.push((cue, cue + v.len(), false));
            }
        }
    }
    out
}

/// The signing frames of sentence `s`. `inside_name(p)` tells whether byte
/// `p` lies inside a known name (so that 与/和 there is no connector, and a
/// stop word there does not end the partner).
///
/// The connector and the partner are looked for in the clause of the cue;
/// when that clause holds nothing before the cue but adverbs (`，并最终达成
/// 协议`: cue class `sign_adverb`; not a cue that opens its clause), in the
/// clause before it. When the
/// subject region holds nothing but adverbs (`…，并与B签署`, `A在…下，与B
/// 签订`), [`Frame::topic`] is the clause before.
pub fn sign_frames(s: &str, rules: &Rules, inside_name: &dyn Fn(usize) -> bool) -> Vec<Frame> {
    let mut out = Vec::new();
    for (cue, _, weak) in sign_cues(s, rules) {
        let clause_start = clause_start_before(s, cue);
        let frame = frame_in(s, clause_start, cue, rules, inside_name).or_else(|| {
            // A cue that opens its clause (`，签约项目501个`) continues nothing.
            if clause_start == cue || !only_words(s, clause_start, cue, rules, &["sign_adverb"]) {
                return None;
            }
            let (prev_start, prev_end) = previous_clause(s, clause_start)?;
            frame_in(s, prev_start, prev_end, rules, inside_name)
        });
        if let Some(mut f) = frame {
            f.cue = cue;
            f.weak = weak;
            f.negated = negated(s, clause_start, cue, rules, inside_name);
            out.push(f);
        }
    }
    out
}

/// The frame whose connector and partner lie in `[clause_start, limit)`.
fn frame_in(
    s: &str,
    clause_start: usize,
    limit: usize,
    rules: &Rules,
    inside_name: &dyn Fn(usize) -> bool,
) -> Option<Frame> {
    let clause = &s[clause_start..limit];
    // 同 is a connector only on its own (not 共同, 一同, 同时, 同意).
    let word_part = |p: usize, c: char| {
        c == '同'
            && (clause[..p].ends_with(['共', '一', '相', '协', '等', '不', '如'])
                || clause[p + c.len_utf8()..]
                    .starts_with(['时', '意', '比', '样', '步', '期', '类']))
    };
    let connector = |chars: &[char]| {
        clause
            .char_indices()
            .find(|&(p, c)| {
                chars.contains(&c) && !inside_name(clause_start + p) && !word_part(p, c)
            })
            .map(|(p, c)| (clause_start + p, c.len_utf8()))
    };
    let (conn, clen) = connector(&['与', '同', '跟']).or_else(|| connector(&['和']))?;
    // Partner: up to the first stop word outside a name (then without
    // trailing dates and adverbs), after the last 的 or —.
    let mut b_start = conn + clen;
    let mut b_end = limit;
    let stops = rules.cue("sign_stop");
    for (p, _) in s[b_start..limit].char_indices() {
        if p > 0
            && !inside_name(b_start + p)
            && stops
                .iter()
                .any(|w| s[b_start + p..].starts_with(w.as_str()))
        {
            b_end = b_start + p;
            break;
        }
    }
    let b_end = strip_tail(s, b_start, b_end, rules, &["sign_adverb"]);
    for sep in ['的', '—'] {
        if let Some(d) = s[b_start..b_end].rfind(sep) {
            b_start += d + sep.len_utf8();
        }
    }
    // Subject: before a 在/于 phrase, without trailing adverbs and dates
    // and leading lead-ins.
    let mut a_end = conn;
    if let Some(p) = s[clause_start..conn].find(['在', '于']) {
        a_end = clause_start + p;
    }
    let a_end = strip_tail(s, clause_start, a_end, rules, &["sign_adverb"]);
    let a_start = strip_lead(s, clause_start, a_end, rules);
    let topic = if only_words(s, clause_start, conn, rules, &["sign_adverb"]) {
        previous_clause(s, clause_start).map(|(p, q)| (strip_lead(s, p, q, rules), q))
    } else {
        None
    };
    Some(Frame {
        clause_start,
        a_start,
        a_end,
        b_start,
        b_end,
        cue: limit,
        topic,
        weak: false,
        negated: false,
    })
}

/// A signing by a list of parties without a connector: `三元股份、新华联及
/// 太子奶四方签署《重整协议》`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFrame {
    /// The list items, as `(start, end)` byte ranges (at least two).
    pub items: Vec<(usize, usize)>,
    /// Start of the cue word.
    pub cue: usize,
    /// Whether the cue is weak (see [`sign_cues`]).
    pub weak: bool,
}

/// The list signings of sentence `s`: a clause with no connector whose
/// words before the cue (lead-ins, trailing adverbs and dates set aside)
/// are a list of at least two items ([`list_items`]), that names how many
/// sign (cue class `sign_count`: 双方, 三方, 四方, …) or is followed by an
/// agreement noun (cue class `agreement`) in the clause. A list ending in
/// 等 (`A、B等企业签约`: each signs with someone else) and a clause with 分别
/// give none. `inside_name(p)` as for [`sign_frames`].
pub fn sign_lists(s: &str, rules: &Rules, inside_name: &dyn Fn(usize) -> bool) -> Vec<ListFrame> {
    let mut out = Vec::new();
    for (cue, cue_end, weak) in sign_cues(s, rules) {
        let clause_start = clause_start_before(s, cue);
        if frame_in(s, clause_start, cue, rules, inside_name).is_some()
            || s[clause_start..cue].contains("分别")
            || negated(s, clause_start, cue, rules, inside_name)
            || only_words(s, clause_start, cue, rules, &["sign_adverb"])
        {
            continue;
        }
        let end = strip_tail(s, clause_start, cue, rules, &["sign_adverb"]);
        let counted_end = strip_tail(s, clause_start, end, rules, &["sign_count"]);
        let counted = counted_end < end;
        let end = strip_tail(s, clause_start, counted_end, rules, &["sign_adverb"]);
        if !counted && !agreement_within(s, cue_end, 24, rules) {
            continue;
        }
        let start = strip_lead(s, clause_start, end, rules);
        if s[start..end].contains('等') {
            continue;
        }
        let items: Vec<(usize, usize)> = list_items(s, start, end)
            .into_iter()
            .filter(|&(a, _)| !inside_name(a))
            .collect();
        if items.len() >= 2 {
            out.push(ListFrame { items, cue, weak });
        }
    }
    out
}

/// The signings by `双方` (cue class `sign_both`): `A和B当日联合公告：双方
/// 已经达成一份最终并购协议`, `A与B举行会谈，双方签署了合作协议` — cues
/// whose clause holds, before the cue and after lead-ins (cue class
/// `sign_lead`), nothing but a `sign_both` word and adverbs (cue class
/// `sign_adverb`) or dates. Returns `(clause_start, weak)` per cue: the two
/// parties are named before `clause_start`; `weak` as in [`sign_cues`].
pub fn both_sides(s: &str, rules: &Rules) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (cue, _, weak) in sign_cues(s, rules) {
        let clause_start = clause_start_before(s, cue);
        let start = strip_lead(s, clause_start, cue, rules);
        let head = &s[start..cue];
        if let Some(w) = rules
            .cue("sign_both")
            .iter()
            .find(|w| head.starts_with(w.as_str()))
        {
            if only_words(s, start + w.len(), cue, rules, &["sign_adverb"]) {
                out.push((clause_start, weak));
            }
        }
    }
    out
}

/// The announcer of `康恩贝今日公告表示`, `华电国际发布公告`, `武钢宣称`: the
/// words that open a clause before a word of cue class `announce` (公告,
/// 宣布, 宣称, 披露; dates and the adverbs of cue classes
/// `sign_adverb` and `announce_adverb` set aside), as `(start, end)` byte
/// ranges of `s`. A later `公司与…签订` refers to it.
pub fn announcers(s: &str, rules: &Rules) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let words = rules.cue("announce");
    let at: Vec<usize> = s
        .char_indices()
        .filter(|&(p, _)| words.iter().any(|w| s[p..].starts_with(w.as_str())))
        .map(|(p, _)| p)
        .collect();
    for p in at {
        let clause_start = clause_start_before(s, p);
        let end = strip_tail(
            s,
            clause_start,
            p,
            rules,
            &["sign_adverb", "announce_adverb"],
        );
        let start = strip_lead(s, clause_start, end, rules);
        if end > start {
            out.push((start, end));
        }
    }
    out
}

/// Splits a partner region into its list items (`、`, `及`, `以及`, `和`,
/// `与`), as `(start, end)` byte ranges of `s`.
pub fn list_items(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut from = start;
    let mut p = start;
    while p < end {
        let rest = &s[p..end];
        let sep = ["以及", "、", "及", "和", "与"]
            .into_iter()
            .find(|w| rest.starts_with(w));
        if let Some(w) = sep {
            if p > from {
                items.push((from, p));
            }
            p += w.len();
            from = p;
        } else {
            p += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if end > from {
        items.push((from, end));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(s: &str) -> (String, String) {
        let f = sign_frames(s, Rules::bundled(), &|_| false)
            .into_iter()
            .next()
            .expect("a frame");
        (
            s[f.a_start..f.a_end].to_owned(),
            s[f.b_start..f.b_end].to_owned(),
        )
    }

    #[test]
    fn subject_and_partner_regions() {
        assert_eq!(
            frame("确认:云南冶金集团日前与宝钢集团旗下的宝钢资源公司在昆明签订《战略合作协议》"),
            ("云南冶金集团".into(), "宝钢资源公司".into())
        );
        assert_eq!(
            frame("工商银行于5年3月2日与东亚银行就收购加拿大东亚银行签订了买卖协议。"),
            ("工商银行".into(), "东亚银行".into())
        );
        assert_eq!(
            frame("据了解,农行与中铝早前曾签订合作协议"),
            ("农行".into(), "中铝".into())
        );
        assert_eq!(
            frame("锦江之星此前也与欧洲第二大酒店集团——法国卢浮酒店集团签约"),
            ("锦江之星".into(), "法国卢浮酒店集团".into())
        );
    }

    #[test]
    fn no_frame_without_connector_or_with_a_clause_break() {
        assert!(sign_frames("双方签订了协议", Rules::bundled(), &|_| false).is_empty());
        assert!(sign_frames("万科与华润,此后签订协议", Rules::bundled(), &|_| false).is_empty());
    }

    #[test]
    fn announcer_before_gonggao() {
        let s = "奥克股份3月5日午间发布公告称,公司与甲签约";
        let a: Vec<&str> = announcers(s, Rules::bundled())
            .into_iter()
            .map(|(x, y)| &s[x..y])
            .collect();
        assert_eq!(a, ["奥克股份"]);
    }

    /// End to end through the extractor, on FinRE/DuIE train sentences.
    fn facts(text: &str) -> Vec<(String, String, String)> {
        let doc = crate::document::Document::new("t", "t", text);
        let ann = crate::extract::Extractor::new().extract(&doc);
        let name = |id: &str| ann.entity(id).map(|e| e.name.clone()).unwrap_or_default();
        let mut out: Vec<_> = ann
            .relations
            .iter()
            .map(|r| (name(&r.s), r.p.as_str().to_owned(), name(&r.o)))
            .chain(
                ann.attributes
                    .iter()
                    .map(|a| (name(&a.s), a.p.as_str().to_owned(), a.value.clone())),
            )
            .collect();
        out.sort();
        out
    }

    #[test]
    fn bare_parties_sign() {
        let f = facts("国资委:中国航信与UBM航空续签战略合作协议");
        assert!(
            f.iter()
                .any(|(s, p, o)| p == "signedWith" && s == "中国航信" && o == "UBM航空"),
            "{f:?}"
        );
        // The announcer is the company of 公司与….
        let f = facts(
            "兰花科创今日公告称,公司与亚美大宁控股有限公司于3月2日签订了新的《股权转让意向书》。",
        );
        assert!(
            f.iter().any(|(s, p, o)| p == "signedWith"
                && s == "兰花科创"
                && o == "亚美大宁控股有限公司"),
            "{f:?}"
        );
    }

    #[test]
    fn no_party_from_a_count_or_a_generic_body() {
        let f = facts(
            "截至2022年7月底，中国已与“一带一路”沿线149个国家、32个国际组织签署200多份合作文件。",
        );
        assert!(f.iter().all(|(_, p, _)| p != "signedWith"), "{f:?}");
        let f = facts("两国元首共同见证签署农业、贸易等领域多项双边合作文件。");
        assert!(f.iter().all(|(_, p, _)| p != "signedWith"), "{f:?}");
    }

    #[test]
    fn chairman_of_a_bare_company() {
        let f = facts("2006年12月 完美时空董事长池宇峰获得「游戏风云人物」奖");
        assert!(
            f.contains(&("池宇峰".into(), "worksFor".into(), "完美时空".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("池宇峰".into(), "jobTitle".into(), "董事长".into())),
            "{f:?}"
        );
    }

    #[test]
    fn cues_bare_qian_and_anniversaries() {
        let cues = |s: &str| -> Vec<String> {
            sign_cues(s, Rules::bundled())
                .into_iter()
                .map(|(a, b, _)| s[a..b].to_owned())
                .collect()
        };
        // A bare 签 before an agreement noun; not the 签 of 续签.
        assert_eq!(cues("甲方与乙方昨签供货合同"), ["签"]);
        assert_eq!(cues("甲方与乙方续签供货合同"), ["续签"]);
        assert!(cues("甲方与乙方在签名墙前合影").is_empty());
        // 签订65周年 is history.
        assert!(cues("两国就友好条约签订65周年互致贺电").is_empty());
        // 达成合作 without an agreement noun is weak, 达成协议 is not.
        assert_eq!(
            sign_cues("甲方与乙方达成战略合作", Rules::bundled()),
            [(15, 21, true)]
        );
        assert_eq!(
            sign_cues("甲方与乙方达成合作协议", Rules::bundled()),
            [(15, 21, false)]
        );
    }

    #[test]
    fn lists_without_a_connector() {
        let lists = |s: &str| -> Vec<Vec<String>> {
            sign_lists(s, Rules::bundled(), &|_| false)
                .into_iter()
                .map(|l| l.items.iter().map(|&(a, b)| s[a..b].to_owned()).collect())
                .collect()
        };
        assert_eq!(
            lists("会后，甲公司、乙集团及丙银行三方签署了合作协议"),
            [["甲公司", "乙集团", "丙银行"]]
        );
        assert!(lists("甲公司、乙集团等企业签约入驻").is_empty());
        assert!(lists("甲公司、乙集团分别签署了合作协议").is_empty());
        // A connector makes it a frame, not a list.
        assert!(lists("甲公司、乙集团与丙银行签署了合作协议").is_empty());
    }

    #[test]
    fn the_clause_before_gives_the_connector_or_the_topic() {
        let s = "甲公司在市政府支持下，与乙集团就技术转让反复磋商，并最终达成协议";
        let f = sign_frames(s, Rules::bundled(), &|_| false);
        assert_eq!(f.len(), 1);
        assert_eq!(&s[f[0].b_start..f[0].b_end], "乙集团");
        let (t0, t1) = f[0].topic.expect("a topic");
        assert_eq!(&s[t0..t1], "甲公司在市政府支持下");
        // A cue opening its clause continues nothing.
        assert!(sign_frames(
            "甲公司同类型企业中位居前列，签约项目多",
            Rules::bundled(),
            &|_| false
        )
        .is_empty());
    }

    #[test]
    fn list_items_split_on_separators() {
        let s = "甲公司、乙集团及丙银行";
        let items: Vec<&str> = list_items(s, 0, s.len())
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect();
        assert_eq!(items, ["甲公司", "乙集团", "丙银行"]);
    }
}
