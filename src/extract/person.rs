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
        let title = r
            .gazetteer
            .job_titles()
            .iter()
            .find(|t| rest.starts_with(t.as_str()))
            .map(|t| t.len())
            .or_else(|| {
                r.rules
                    .cue("byline")
                    .iter()
                    .find(|t| rest.starts_with(t.as_str()))
                    .map(|t| t.len())
            });
        if let Some(len) = title {
            let mut q = i + len;
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
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    // 2. Foreign names joined by a middle dot.
    for m in dotted_re().find_iter(s) {
        spans.push((m.start(), m.end()));
    }
    // 3. jieba's person names next to a speech or attendance verb.
    for (k, t) in tokens.iter().enumerate() {
        if t.tag != "nr" || !(2..=3).contains(&t.word.chars().count()) {
            continue;
        }
        if r.gazetteer.surname_at(t.word).is_none() {
            continue;
        }
        let next = tokens.get(k + 1).map_or("", |n| n.word);
        let prev = if k > 0 { tokens[k - 1].word } else { "" };
        let stop_next = r
            .rules
            .person_stops
            .iter()
            .any(|w| next.starts_with(w.as_str()));
        if stop_next || matches!(prev, "、" | "，") && matches!(next, "、" | "，" | "等") {
            spans.push((t.start, t.end));
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
        regex::Regex::new(r"\p{Han}{1,6}[·•・]\p{Han}{1,8}").expect("valid regex")
    });
    &RE
}

/// The byte length of a person's name starting at `q` in `s`, if one does.
fn name_at(
    r: &Recogniser<'_>,
    s: &str,
    q: usize,
    tokens: &[Token<'_>],
    after_title: bool,
) -> Option<usize> {
    let rest = &s[q..];
    if let Some(m) = dotted_re().find(rest) {
        if m.start() == 0 {
            return Some(m.end());
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
    if let Some(sl) = r.gazetteer.surname_at(rest) {
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
