//! Person-name recognition: a job title followed by a name or a list of names
//! (`市委副书记、市长唐良智`, `市领导王赋、熊雪、郑向东`), bylines (`记者 黄兴`,
//! `记者 夏元 杨骏`), foreign names joined by `·` (`叶·德米特里`), transliterated
//! names after a title (`副秘书长阿希莫夫`), and names jieba tags `nr` when a
//! title or a speech verb stands beside them.
//!
//! Offsets are BYTE offsets into the normalised text.

use super::mention::{is_han, Mention, MentionSource, Recogniser};
use super::segment::Token;
use crate::annotation::EntityType;

/// Adds the person mentions of the sentence `text[start..end]` to `out`.
pub(crate) fn person_mentions(
    r: &Recogniser<'_>,
    text: &str,
    start: usize,
    end: usize,
    tokens: &[Token<'_>],
    index: usize,
    out: &mut Vec<Mention>,
) {
    let s = &text[start..end];
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // 1. After a job title or a byline word: one name or a list.
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let title = r.gazetteer.job_title_prefix(rest).or_else(|| {
            r.rules
                .cue("byline")
                .iter()
                .find(|t| rest.starts_with(t.as_str()))
                .map(|t| t.len())
        });
        // Only asked where a title starts (the scan of the tokens is the
        // cost of this loop otherwise).
        let after_name = || {
            tokens.iter().any(|t| {
                t.end == i && matches!(t.tag, "nr" | "nrfg" | "nrt") && t.word.chars().count() >= 2
            })
        };
        if let Some(len) = title.filter(|_| !after_name()) {
            let mut q = i + len;
            // 董事长：孙伟 (a colon between title and name, as in lists of
            // posts): only a name that ends its entry (sentence end, 、, ，,
            // ；, space), not a headline's speech (主席：美西方政策…).
            if let Some(after) = s[q..].strip_prefix(['：', ':']) {
                let at = s.len() - after.len();
                let entry = name_at(r, s, at, tokens, true).is_some_and(|n| {
                    s[at + n..].is_empty() || s[at + n..].starts_with(['、', '，', '；', ' ', '。'])
                });
                if entry {
                    q = at;
                }
            }
            loop {
                let skip = s[q..].len() - s[q..].trim_start_matches(' ').len();
                let Some(n) = name_at(r, s, q + skip, tokens, true) else {
                    break;
                };
                spans.push((q + skip, q + skip + n));
                q = q + skip + n;
                // A list goes on after 、 or a space (bylines).
                if s[q..].starts_with('、') {
                    q += '、'.len_utf8();
                } else if !s[q..].starts_with(' ') {
                    break;
                }
            }
            i += len;
        } else if let Some(len) = title {
            i += len;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    // 2. Foreign names joined by a middle dot.
    for m in dotted_re().find_iter(s) {
        if let Some((a, b)) = foreign_dotted(r, s, m.start(), m.end()) {
            spans.push((a, b));
        }
    }
    // 3. jieba's person names next to a speech verb, a title or in a list.
    for (k, t) in tokens.iter().enumerate() {
        if !matches!(t.tag, "nr" | "nrfg" | "nrt") {
            continue;
        }
        let n = t.word.chars().count();
        let prev_tok = if k > 0 { Some(&tokens[k - 1]) } else { None };
        // 陈/nr 金山/nr, 卞/nr 修武/nr: a lone surname before the given name.
        let (from, n, joined) = match prev_tok {
            Some(p)
                if n <= 2
                    && p.word.chars().count() == 1
                    && p.word.chars().all(is_han)
                    && (p.tag == "nr"
                        || (r.gazetteer.surname_at(p.word).is_some()
                            && !matches!(p.tag, "c" | "p" | "d" | "u" | "uj" | "r" | "v"))) =>
            {
                (p.start, n + 1, true)
            }
            _ => (t.start, n, false),
        };
        if !(2..=3).contains(&n) {
            continue;
        }
        // jieba tags words such as 智能化 `nr`; on its own a name needs a
        // common surname (frequency from the surname gazetteer).
        let surname_ok = match r.gazetteer.surname_at(&s[from..]) {
            Some(l) => {
                joined
                    || tokens
                        .get(k + 1)
                        .is_some_and(|n| r.gazetteer.is_job_title(n.word))
                    || r.gazetteer
                        .surname_frequency(&s[from..from + l])
                        .unwrap_or(0.0)
                        >= 50.0
            }
            None => false,
        };
        if !surname_ok {
            continue;
        }
        let next = tokens.get(k + 1).map_or("", |n| n.word);
        let before = if joined {
            k.checked_sub(2)
        } else {
            k.checked_sub(1)
        };
        let prev = before.map_or("", |b| tokens[b].word);
        // Only a verb of speech or attendance (or a title) after a bare
        // jieba name confirms it; a preposition (对, 为, 在) follows common
        // words as often (高水平对外开放).
        let stop_next = r
            .rules
            .person_stops
            .iter()
            .filter(|w| w.chars().count() >= 2 || r.rules.cue("name_confirm").contains(w))
            .any(|w| next.starts_with(w.as_str()))
            || r.gazetteer.is_job_title(next);
        let name_before_title = before
            .and_then(|b| b.checked_sub(1))
            .is_some_and(|b| tokens[b].tag.starts_with("nr"));
        let title_prev = !name_before_title
            && r.gazetteer
                .job_titles()
                .iter()
                .any(|x| prev.ends_with(x.as_str()));
        if stop_next
            || title_prev
            || matches!(prev, "、" | "，") && matches!(next, "、" | "，" | "等")
        {
            spans.push((from, t.end));
        }
    }
    // 4. A biography: the sentence opens with a name, a comma and a
    // biographical cue (cue class `bio`: 男, 女, 汉族, 出生, 现任, … or a
    // year): `陈先新，1968年12月26日出生于…`.
    if let Some(comma) = s.find('，') {
        let name = &s[..comma];
        let n = name.chars().count();
        let rest = &s[comma + '，'.len_utf8()..];
        let cue = r
            .rules
            .cue("bio")
            .iter()
            .any(|c| rest.starts_with(c.as_str()))
            || rest.chars().take(4).all(|c| c.is_ascii_digit()) && rest.len() >= 4;
        if (2..=3).contains(&n)
            && name.chars().all(is_han)
            && cue
            && r.gazetteer.surname_at(name).is_some()
            && r.gazetteer.lookup(name).is_empty()
            && !spans.iter().any(|&(a, _)| a == 0)
        {
            spans.push((0, comma));
        }
    }
    for (a, b) in spans {
        out.push(Mention::new(
            text,
            start + a,
            start + b,
            EntityType::Person,
            MentionSource::Person,
            index,
        ));
    }
}

fn dotted_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\p{Han}{1,4}[·•・]\p{Han}{2,8}").expect("valid regex")
    });
    &RE
}

/// Trims a `·`-joined match to its transliterated part: the characters
/// around the dot that belong to the transliteration set, cut at a stop word.
fn foreign_dotted(r: &Recogniser<'_>, s: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let m = &s[a..b];
    let dot = m.find(['·', '•', '・'])?;
    let left: Vec<(usize, char)> = m[..dot].char_indices().collect();
    let mut start = dot;
    for &(p, c) in left.iter().rev() {
        if !r.rules.transliteration.contains(&c) {
            break;
        }
        start = p;
    }
    if start == dot {
        return None;
    }
    let dot_len = m[dot..].chars().next().map_or(1, char::len_utf8);
    let right = &m[dot + dot_len..];
    let mut end = 0;
    for (p, c) in right.char_indices() {
        if !r.rules.transliteration.contains(&c)
            || r.rules
                .person_stops
                .iter()
                .any(|w| right[p..].starts_with(w.as_str()))
        {
            break;
        }
        end = p + c.len_utf8();
    }
    (end >= 3).then_some((a + start, a + dot + dot_len + end))
}

/// The byte length of a person's name starting at `q` in `s`, if one does.
/// Whether `s` opens with a numeral and a measure word (`一个`, `两位`,
/// `几家`): after a surname-like character (`董事长由一个…`) that is a
/// count, not a given name (李一男 has no measure word).
fn counted(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(
        (cs.next(), cs.next()),
        (
            Some(
                '一' | '二'
                    | '两'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
                    | '几'
                    | '多'
                    | '每'
                    | '各'
                    | '某'
            ),
            Some(
                '个' | '位'
                    | '名'
                    | '家'
                    | '批'
                    | '些'
                    | '种'
                    | '项'
                    | '次'
                    | '条'
                    | '件'
                    | '只'
                    | '群'
                    | '同'
                    | '起'
                    | '道'
            )
        )
    )
}

fn name_at(
    r: &Recogniser<'_>,
    s: &str,
    q: usize,
    tokens: &[Token<'_>],
    after_title: bool,
) -> Option<usize> {
    let rest = &s[q..];
    if let Some(m) = dotted_re().find(rest) {
        if let Some((0, e)) = foreign_dotted(r, rest, m.start(), m.end()) {
            return Some(e);
        }
    }
    let stop_at = |p: usize| -> bool {
        let t = &rest[p..];
        t.is_empty()
            || !t.chars().next().is_some_and(is_han)
            || r.rules
                .person_stops
                .iter()
                .any(|w| t.starts_with(w.as_str()))
    };
    let translit = {
        let mut end = 0;
        for (p, c) in rest.char_indices() {
            if !r.rules.transliteration.contains(&c) || p >= 18 {
                break;
            }
            end = p + c.len_utf8();
        }
        (after_title && rest[..end].chars().count() >= 4 && stop_at(end)).then_some(end)
    };
    if translit.is_some() {
        return translit;
    }
    // The name must start a token that is a lone surname or a person name:
    // 关于/p, 智能化/n and 介绍/v are no names.
    if let Some(t) = tokens.iter().find(|t| t.start <= q && t.end > q) {
        let lone = t.word.chars().count() == 1;
        // After a title, jieba may tag an unseen name as an idiom
        // (董事长|马奕谦/i): a two- or three-character idiom that opens with
        // a surname is taken too (nouns are not: 委员|名单, 会议).
        let namelike = t.tag.starts_with("nr")
            || (after_title && matches!(t.tag, "ns" | "nz" | "j"))
            || (after_title
                && matches!(t.tag, "i" | "l")
                && (2..=3).contains(&t.word.chars().count())
                && r.gazetteer.surname_at(t.word).is_some());
        // A lone conjunction (委员、候补委员|和|省部级) is no surname.
        if t.start != q || !(lone || namelike) || (lone && t.tag == "c") {
            return None;
        }
    }
    if let Some(sl) = r.gazetteer.surname_at(rest) {
        if counted(&rest[sl..]) {
            return None;
        }
        let given: Vec<(usize, char)> = rest[sl..].char_indices().take(3).collect();
        let han = |k: usize| given.get(k).is_some_and(|(_, c)| is_han(*c));
        let at = |k: usize| sl + given.get(k).map_or(rest.len() - sl, |(p, _)| *p);
        if han(0) && stop_at(at(1)) {
            return Some(at(1));
        }
        if han(0) && han(1) && stop_at(at(2)) {
            return Some(at(2));
        }
        // Fall back on jieba's segmentation of a name.
        if let Some(t) = tokens.iter().find(|t| t.start == q) {
            let n = t.word.chars().count();
            if t.tag == "nr" && (2..=3).contains(&n) {
                return Some(t.word.len());
            }
        }
        if after_title && han(0) && han(1) {
            return Some(at(2));
        }
    }
    if after_title {
        // A transliterated foreign name: 2–6 characters of the
        // transliteration set, ending at a stop.
        let mut end = 0;
        for (p, c) in rest.char_indices() {
            if !r.rules.transliteration.contains(&c) || p >= 18 {
                break;
            }
            end = p + c.len_utf8();
        }
        if rest[..end].chars().count() >= 2 && stop_at(end) {
            return Some(end);
        }
    }
    None
}
