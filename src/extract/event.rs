//! Named events by their head: meetings, expos, forums, summits,
//! ceremonies, sessions and campaigns (ANNOTATION.md, "News stories"), with
//! their ordinal, year, organiser and quoted parts —
//! 第九届尼山世界文明论坛, 二十届中央纪委四次全会, 亚太经合组织第三十一次领导人非正式会议,
//! 中国-中亚峰会, 第三届“一带一路”国际合作高峰论坛, 2023河南夏日消费季.
//!
//! A name ends in a head of `data/rules/event_heads.tsv` on a word boundary
//! and runs left over jieba's words until a clause mark, a word of
//! `data/rules/event_stops.txt` (出席, 在, 的, 本届, 今天, …), a time word, or a
//! count that is no edition (`20余场`, `1个`); inside quotation marks, book
//! title marks and brackets everything is kept. The words before the head
//! must say which event it is (strength `strong`: a proper noun, a number
//! or ordinal, a quotation, or at least four characters; `weak`: an edition
//! or a quotation). Offsets are BYTE offsets into the normalised text.

use super::mention::{Mention, MentionSource};
use super::rules::{HeadStrength, Rules};
use super::segment::Token;
use crate::annotation::EntityType;

/// The longest event name taken, in characters.
pub const MAX_CHARS: usize = 48;

/// Whether `c` opens a span whose inside belongs to a name.
fn opens(c: char) -> bool {
    matches!(c, '“' | '《' | '（' | '(' | '「' | '‘')
}

/// Whether `c` closes such a span.
fn closes(c: char) -> bool {
    matches!(c, '”' | '》' | '）' | ')' | '」' | '’')
}

/// Whether a numeral or measure word (jieba tags `m`, `q`, `mq`) may be
/// part of an event name: digits or Chinese numerals alone, or an edition
/// word (第…, …届, …次, 2023年, 三中, 二十大, 80周年), not a count (余场, 个).
fn edition_word(w: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零两".contains(c);
    w.chars().all(numeral)
        || ["第", "届", "次", "年", "中", "大", "周年", "期", "轮", "首"]
            .iter()
            .any(|x| w.contains(x))
}

/// Whether `name` carries an edition: a year (2023, 2024—2025), an ordinal
/// (第九届, 第27次, 首届) or a term (二十届, 十四届).
pub fn has_edition(name: &str) -> bool {
    edition_re().is_match(name)
}

fn edition_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?:19|20)\d{2}|首届|第[\d一二三四五六七八九十百零]+[届次个期轮]|[一二三四五六七八九十]+届",
        )
        .expect("valid regex")
    });
    &RE
}

fn balanced(name: &str) -> bool {
    let count = |a: char, b: char| {
        name.chars().filter(|&c| c == a).count() == name.chars().filter(|&c| c == b).count()
    };
    count('“', '”') && count('《', '》') && count('（', '）') && count('(', ')')
}

/// Adds the named events of one sentence to `out`. `text[start..]` is the
/// sentence, `tokens` its words (BYTE offsets into the sentence), `index`
/// its number. A candidate of another recogniser with exactly the event's
/// span (中国共产党第二十次全国代表大会 read as an organisation by the
/// suffix rule) gives way.
pub(crate) fn event_mentions(
    rules: &Rules,
    text: &str,
    start: usize,
    tokens: &[Token<'_>],
    index: usize,
    out: &mut Vec<Mention>,
) {
    let Some(last) = tokens.last() else {
        return;
    };
    let s = &text[start..start + last.end];
    // (start, end of the name, end of the span read): BYTE offsets into `s`.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (head, strength) in &rules.event_heads {
        for (i, _) in s.match_indices(head.as_str()) {
            let e = i + head.len();
            if !tokens.iter().any(|t| t.end == e) {
                continue;
            }
            let Some(k) = tokens.iter().position(|t| t.start <= i && t.end > i) else {
                continue;
            };
            // A weak head glued to the word before it (发展, 本周) is that word.
            if *strength == HeadStrength::Weak && tokens[k].start != i {
                continue;
            }
            // A verb glued to the head in one token (出席会议, 主持会议) ends
            // the name there: 杨振武出席会议 names no event.
            let glued = &s[tokens[k].start..i];
            if !glued.is_empty()
                && rules
                    .event_stops
                    .iter()
                    .any(|w| w.chars().count() >= 2 && glued.ends_with(w.as_str()))
            {
                continue;
            }
            let Some(b) = extend_left(rules, s, tokens, k, e) else {
                continue;
            };
            let b = trim_start(rules, s, b, i);
            let name = &s[b..e];
            let prefix = &s[b..i];
            if !name_ok(rules, name, prefix, tokens, b, i, *strength) {
                continue;
            }
            // 第五届中国国际进口博览会|开幕式: the ceremony of a named event
            // is that event.
            let folded = *strength == HeadStrength::Ceremony && names_event(rules, prefix);
            let name_end = if folded { i } else { e };
            if !found.iter().any(|&(x, y, _)| (x, y) == (b, name_end)) {
                found.push((b, name_end, e));
            }
        }
    }
    for (b, e, full) in found {
        let (a, z) = (start + b, start + e);
        // Another recogniser's reading of the same name, or of its
        // ceremony (创新经济论坛开幕式 for 2022年创新经济论坛|开幕式), gives way.
        out.retain(|m| {
            !(matches!(m.source, MentionSource::Suffix | MentionSource::Model)
                && ((m.start == a && m.end == z)
                    || (full > e && m.start >= a && m.start < z && m.end == start + full)))
        });
        out.push(Mention::new(
            text,
            a,
            z,
            EntityType::Event,
            MentionSource::Known,
            index,
        ));
    }
}

/// Whether `prefix` (the words before a ceremony head) is itself an
/// event's name: it ends with another head of `event_heads.tsv`.
fn names_event(rules: &Rules, prefix: &str) -> bool {
    rules.event_heads.iter().any(|(head, strength)| {
        *strength != HeadStrength::Ceremony
            && prefix.ends_with(head.as_str())
            && prefix.chars().count() > head.chars().count() + 1
    })
}

/// The start of the name whose head starts inside token `k` and ends at
/// `e` (BYTE offsets into `s`), or `None` when the brackets do not balance.
fn extend_left(rules: &Rules, s: &str, tokens: &[Token<'_>], k: usize, e: usize) -> Option<usize> {
    let mut b = tokens[k].start;
    let mut depth = 0i32;
    for t in tokens[..k].iter().rev() {
        let w = t.word;
        let first = w.chars().next().unwrap_or(' ');
        let punct = w.chars().all(|c| !c.is_alphanumeric());
        if punct {
            if w.chars().all(closes) {
                depth += w.chars().count() as i32;
            } else if w.chars().all(opens) {
                if depth == 0 {
                    break;
                }
                depth -= w.chars().count() as i32;
            } else if matches!(w, "—" | "——" | "-" | "－" | "·" | "+") {
                // 中国—中亚峰会, 世界市长对话·成都, 中国—东盟（10+1）
            } else if depth > 0 && !w.contains(['，', '。', '；', '！', '？']) {
                // inside quotation marks: 《平“语”近人——…》
            } else {
                break;
            }
        } else if depth == 0 {
            // Two events joined (中国—上海合作组织数字经济产业论坛和2021中国国际
            // 智能产业博览会, …博览会暨2023国际版权论坛) are two names.
            if matches!(w, "和" | "与" | "及" | "暨" | "同")
                && rules
                    .event_heads
                    .iter()
                    .any(|(h, _)| s[..t.start].ends_with(h.as_str()))
            {
                break;
            }
            // A season is a name part (世界大学生夏季运动会, 2023河南夏日消费季);
            // other time words (今天, 日前) are not.
            let time = t.tag == "t"
                && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && !edition_word(w)
                && !w.starts_with(['春', '夏', '秋', '冬']);
            let count = matches!(t.tag, "m" | "q" | "mq") && !edition_word(w);
            if rules.ends_event_name(w) || time || count || first.is_whitespace() {
                break;
            }
        }
        if s[t.start..e].chars().count() > MAX_CHARS {
            return None;
        }
        b = t.start;
    }
    (depth == 0).then_some(b)
}

/// Drops stop words that a token glued to the start of the name (本届论坛
/// read as one word is rare, but 此次中国-中亚峰会 is not), never past the
/// head at `head`.
fn trim_start(rules: &Rules, s: &str, mut b: usize, head: usize) -> usize {
    loop {
        let rest = &s[b..head];
        let Some(w) = rules
            .event_stops
            .iter()
            .filter(|w| rest.starts_with(w.as_str()) && w.chars().count() >= 2)
            .max_by_key(|w| w.len())
        else {
            break;
        };
        b += w.len();
    }
    b
}

/// A prefix that is nothing but a sitting's number: 第二次, 第27次.
fn plenary_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^第[\d一二三四五六七八九十百零]+次(?:全体)?$").expect("valid regex")
    });
    &RE
}

/// Whether `name` (= `prefix` + head, `prefix` being `s[b..head]`) names
/// one event by the strength rule of the head.
fn name_ok(
    rules: &Rules,
    name: &str,
    prefix: &str,
    tokens: &[Token<'_>],
    b: usize,
    head: usize,
    strength: HeadStrength,
) -> bool {
    let n = prefix.chars().count();
    if n < 2
        || !balanced(name)
        || rules.generic_names.contains(name)
        || name.starts_with(|c: char| closes(c) || matches!(c, '—' | '-' | '·' | '、'))
    {
        return false;
    }
    // 第十四届全国人民代表大会 is the congress of a term (an organisation);
    // a party's 第二十次全国代表大会 is a meeting.
    if name.ends_with("人民代表大会") && !name.contains('次') {
        return false;
    }
    // 第二次全体会议 alone is a sitting of the session named before it
    // (十四届全国人大常委会第七次会议…举行第二次全体会议), not an event of its own.
    if name.ends_with("全体会议") && plenary_re().is_match(prefix) {
        return false;
    }
    let quoted = prefix.contains(['“', '《']);
    let edition = has_edition(prefix);
    match strength {
        HeadStrength::Weak => quoted || edition,
        HeadStrength::Strong | HeadStrength::Ceremony => {
            let proper = tokens.iter().any(|t| {
                t.start >= b
                    && t.end <= head
                    && matches!(
                        t.tag,
                        "ns" | "nt" | "nz" | "nr" | "nrt" | "nrfg" | "j" | "eng"
                    )
            });
            quoted || edition || proper || n >= 4 || prefix.chars().any(|c| c.is_ascii_digit())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::annotation::EntityType;
    use crate::document::Document;
    use crate::extract::Extractor;

    fn events(text: &str) -> Vec<String> {
        let doc = Document::new("t.txt", "t.txt", text);
        Extractor::new()
            .mentions(&doc)
            .into_iter()
            .filter(|m| m.entity_type == EntityType::Event)
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn names_with_ordinals_organisers_and_quotations() {
        assert_eq!(
            events("第九届尼山世界文明论坛9日在山东曲阜开幕。"),
            ["第九届尼山世界文明论坛"]
        );
        assert_eq!(
            events("国家主席习近平出席亚太经合组织第三十一次领导人非正式会议并发表讲话。"),
            ["亚太经合组织第三十一次领导人非正式会议"]
        );
        assert_eq!(
            events("中共中央总书记习近平在二十届中央纪委四次全会上发表重要讲话。"),
            ["二十届中央纪委四次全会"]
        );
        assert_eq!(
            events("各国代表出席第三届“一带一路”国际合作高峰论坛开幕式。"),
            ["第三届“一带一路”国际合作高峰论坛"]
        );
        assert_eq!(
            events("首届中国－中亚峰会在西安举行。"),
            ["首届中国－中亚峰会"]
        );
    }

    #[test]
    fn the_ceremony_of_a_named_event_is_that_event() {
        // xwlb-20221105-05 (gold-news dev): the gold folds the opening
        // ceremony into the expo.
        assert_eq!(
            events("中共中央政治局常委李强4日在上海出席第五届中国国际进口博览会开幕式。"),
            ["第五届中国国际进口博览会"]
        );
        // A season inside the name (xwlb-20230728-01).
        assert_eq!(
            events("欢迎出席成都第31届世界大学生夏季运动会开幕式的国际贵宾。"),
            ["成都第31届世界大学生夏季运动会"]
        );
        assert_eq!(
            events("2023河南夏日消费季21日在郑州启动。"),
            ["2023河南夏日消费季"]
        );
        // A countdown's 距 is no part of the name.
        assert_eq!(
            events("距第31届世界大学生夏季运动会开幕还有100天。"),
            ["第31届世界大学生夏季运动会"]
        );
        // Words before an event named as an object are no part of it (new
        // stories of data/news-gold, stop 14).
        for text in [
            "马克龙表示，很高兴应邀出席巴黎奥运会开幕式。",
            "会议审议通过政协第十四届全国委员会第一次会议提案审查委员会关于政协十四届一次会议提案审查情况的报告。",
        ] {
            let found = events(text);
            assert!(
                found.iter().all(|e| !e.contains("出席") && !e.contains("关于")),
                "{found:?}"
            );
        }
        // A bare ceremony names no event.
        assert!(events("李强出席开幕式并致辞。").is_empty());
    }

    #[test]
    fn a_verb_before_the_event_is_no_part_of_its_name() {
        // CCTV stories (gold-news dev): the clause before 出席会议 / 主持会议
        // (one jieba token) names no event.
        let found = events("全国人大常委会秘书长杨振武出席会议。");
        assert!(found.iter().all(|e| !e.contains("出席")), "{found:?}");
        let found = events("大会主席团常务主席赵乐际主持会议。");
        assert!(found.iter().all(|e| !e.contains("主持")), "{found:?}");
        // A verb that takes the event as its object (data/rules/event_stops.txt).
        assert_eq!(
            events("普京祝贺第三届“一带一路”国际合作高峰论坛成功举办。"),
            ["第三届“一带一路”国际合作高峰论坛"]
        );
        assert_eq!(
            events("他们列席十四届全国人大常委会第11次会议。"),
            ["十四届全国人大常委会第11次会议"]
        );
    }

    #[test]
    fn two_events_joined_are_two_names() {
        // Seed article 002 (Chongqing Daily).
        assert_eq!(
            events("中国—上海合作组织数字经济产业论坛和2021中国国际智能产业博览会在重庆开幕。"),
            [
                "中国—上海合作组织数字经济产业论坛",
                "2021中国国际智能产业博览会"
            ]
        );
    }

    #[test]
    fn generic_and_counted_heads_are_no_names() {
        assert!(events("会议指出，要做好今年的经济工作。").is_empty());
        // (本届论坛共举办20余场专业论坛 still gives the suffix rule's 20余场专业论坛:
        // a known false positive of mention.rs, not of this rule.)
        assert!(events("今年经济发展稳中向好。").is_empty());
        assert_eq!(
            events("第25个全国“安全生产月”活动今天启动。"),
            ["全国“安全生产月”活动"]
        );
    }
}
