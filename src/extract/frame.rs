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

/// The signing frames of sentence `s`. `inside_name(p)` tells whether byte
/// `p` lies inside a known name (so that 与/和 there is no connector).
pub fn sign_frames(s: &str, rules: &Rules, inside_name: &dyn Fn(usize) -> bool) -> Vec<Frame> {
    let mut out = Vec::new();
    let verbs = rules.cue("sign_verb");
    for (cue, _) in s.char_indices() {
        let rest = &s[cue..];
        let Some(v) = verbs.iter().find(|v| rest.starts_with(v.as_str())) else {
            continue;
        };
        if v == "达成" {
            let clause_end = rest.find(BREAKS).unwrap_or(rest.len());
            let window = &rest[..clause_end];
            if !window.contains("协议") && !window.contains("合作") {
                continue;
            }
        }
        let clause_start = clause_start_before(s, cue);
        let clause = &s[clause_start..cue];
        // 同 is a connector only on its own (not 共同, 一同, 同时, 同意).
        let word_part = |p: usize, c: char| {
            c == '同'
                && (clause[..p].ends_with(['共', '一', '相', '协', '等', '不', '如'])
                    || clause[p + c.len_utf8()..].starts_with(['时', '意', '比', '样', '步', '期']))
        };
        let connector = |chars: &[char]| {
            clause
                .char_indices()
                .find(|&(p, c)| {
                    chars.contains(&c) && !inside_name(clause_start + p) && !word_part(p, c)
                })
                .map(|(p, c)| (clause_start + p, c.len_utf8()))
        };
        let Some((conn, clen)) = connector(&['与', '同', '跟']).or_else(|| connector(&['和']))
        else {
            continue;
        };
        // Partner: up to the first stop word (then without trailing dates
        // and adverbs), after the last 的 or —.
        let mut b_start = conn + clen;
        let mut b_end = cue;
        let stops = rules.cue("sign_stop");
        for (p, _) in s[b_start..cue].char_indices() {
            if p > 0
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
        out.push(Frame {
            clause_start,
            a_start,
            a_end,
            b_start,
            b_end,
            cue,
        });
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
    fn list_items_split_on_separators() {
        let s = "甲公司、乙集团及丙银行";
        let items: Vec<&str> = list_items(s, 0, s.len())
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect();
        assert_eq!(items, ["甲公司", "乙集团", "丙银行"]);
    }
}
