//! Text normalisation of PDF-extracted news pages, with an offset map built
//! while the text is produced.
//!
//! The pipeline, in one linear pass per step:
//!
//! 1. split the original into lines (`\n`, `\r\n`, a lone `\r`, U+2028,
//!    U+2029) and clean each line: drop zero-width characters, turn white
//!    space and control characters into one space, fold full-width ASCII
//!    letters and digits to half-width, trim, drop layout noise (runs of one
//!    repeated digit) and headlines printed twice in one line;
//! 2. drop a line that repeats the previous non-blank line (directly or
//!    after one blank line);
//! 3. decide for each pair of consecutive non-blank lines whether the first
//!    was wrapped by the page layout (join) or ends a paragraph (`\n`), from
//!    the local column width (see [`join_decisions`]);
//! 4. emit the text, recording for every emitted character the span of
//!    original characters it stands for.

use std::ops::Range;

/// One character of a cleaned line and the CHARACTER span of the original it
/// stands for (`start..end`, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ch {
    c: char,
    start: usize,
    end: usize,
}

/// Maps every character of the normalised text to a CHARACTER span of the
/// original text.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetMap {
    /// BYTE offset in the text of each text character.
    char_bytes: Vec<usize>,
    /// First original CHARACTER of each text character.
    orig_start: Vec<usize>,
    /// One past the last original CHARACTER of each text character.
    orig_end: Vec<usize>,
    /// Length of the text in BYTES.
    text_len: usize,
}

impl OffsetMap {
    /// Number of text characters that start before `byte` (the CHARACTER
    /// offset of `byte` when it is on a character boundary; a byte inside a
    /// character rounds up). Bytes past the end clamp to the text length.
    pub(crate) fn char_offset(&self, byte: usize) -> usize {
        self.char_bytes.partition_point(|&b| b < byte)
    }

    /// BYTE offset of text character `ch` (the text length when past the
    /// end).
    pub(crate) fn byte_offset(&self, ch: usize) -> usize {
        self.char_bytes.get(ch).copied().unwrap_or(self.text_len)
    }

    /// Number of characters of the text.
    pub(crate) fn char_len(&self) -> usize {
        self.char_bytes.len()
    }

    /// Maps a BYTE range of the text to a CHARACTER range of the original.
    pub(crate) fn original_chars(&self, bytes: Range<usize>) -> Range<usize> {
        let s = self.char_offset(bytes.start);
        let e = self.char_offset(bytes.end).max(s);
        if s == e {
            let p = match self.orig_start.get(s) {
                Some(&p) => p,
                None => self.orig_end.last().copied().unwrap_or(0),
            };
            return p..p;
        }
        self.orig_start[s]..self.orig_end[e - 1]
    }

    /// Maps a CHARACTER range of the original to the smallest BYTE range of
    /// the text whose characters overlap it (empty when none does).
    pub(crate) fn text_bytes_of_original(&self, chars: Range<usize>) -> Range<usize> {
        let first = self.orig_end.partition_point(|&e| e <= chars.start);
        let last = self.orig_start.partition_point(|&s| s < chars.end);
        if first >= last {
            let b = self.byte_offset(first);
            return b..b;
        }
        self.byte_offset(first)..self.byte_offset(last)
    }
}

/// The normalised text and its offset map.
#[derive(Debug, Clone, Default)]
pub(crate) struct Normalized {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
}

/// Display width of a character in half-width units: 1 for ASCII, 2 for
/// anything else (CJK ideographs and punctuation, full-width forms).
fn width(c: char) -> u32 {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Sentence-final punctuation: a line ending with one of these (possibly
/// followed by closing quotes or brackets) ends a paragraph.
pub(crate) fn is_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…')
}

/// Closing quotes and brackets that stay with the sentence they close.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '」' | '』' | '】' | '》' | '〕' | ')' | '"' | '\''
    )
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether `c` ends a line of the original (`\r` alone or before `\n`).
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// What normalisation makes of one original character that is not a line
/// break: `None` when it is dropped (zero-width characters, soft hyphen),
/// `Some(' ')` for white space and control characters, the half-width form
/// of a full-width ASCII letter or digit, else the character itself.
pub(crate) fn normalized_char(c: char) -> Option<char> {
    match classify(c) {
        Class::Drop => None,
        Class::Space => Some(' '),
        Class::Keep(k) => Some(k),
    }
}

/// Classification of one original character.
enum Class {
    Drop,
    Space,
    Keep(char),
}

fn classify(c: char) -> Class {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Class::Drop,
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            match char::from_u32(c as u32 - 0xFEE0) {
                Some(h) => Class::Keep(h),
                None => Class::Keep(c),
            }
        }
        _ if c.is_whitespace() || c.is_control() => Class::Space,
        _ => Class::Keep(c),
    }
}

/// Merges adjacent spaces into one (spanning all of them and whatever was
/// dropped between them) and trims spaces at both ends.
fn collapse_and_trim(v: Vec<Ch>) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(v.len());
    for ch in v {
        if ch.c == ' ' {
            if out.is_empty() {
                continue;
            }
            if let Some(last) = out.last_mut() {
                if last.c == ' ' {
                    last.end = ch.end;
                    continue;
                }
            }
        }
        out.push(ch);
    }
    while out.last().is_some_and(|c| c.c == ' ') {
        out.pop();
    }
    out
}

/// Drops runs of one repeated ASCII digit that are layout noise: at least 4
/// long and standing alone (between line edges or spaces), or at least 8 long
/// and not part of a longer number. `3333亿元` and `10000` are kept.
fn drop_digit_noise(v: Vec<Ch>) -> Vec<Ch> {
    let mut keep = vec![true; v.len()];
    let mut i = 0;
    let mut any = false;
    while i < v.len() {
        let d = v[i].c;
        if !d.is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < v.len() && v[j].c == d {
            j += 1;
        }
        let len = j - i;
        let prev = if i > 0 { Some(v[i - 1].c) } else { None };
        let next = v.get(j).map(|c| c.c);
        let numeric =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'));
        let alone = |c: Option<char>| c.is_none_or(|c| c == ' ');
        if len >= 4
            && !numeric(prev)
            && !numeric(next)
            && ((alone(prev) && alone(next)) || len >= 8)
        {
            keep[i..j].iter_mut().for_each(|k| *k = false);
            any = true;
        }
        i = j;
    }
    if !any {
        return v;
    }
    let kept: Vec<Ch> = v
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect();
    collapse_and_trim(kept)
}

/// Drops the second half of a space-separated token printed twice in a row
/// (`举全市之力举全市之力` → `举全市之力`); the half must be at least 4
/// characters so that reduplications such as `研究研究` stay.
fn drop_doubled_tokens(v: Vec<Ch>) -> Vec<Ch> {
    let mut keep = vec![true; v.len()];
    let mut any = false;
    let mut start = 0;
    for end in 0..=v.len() {
        if end < v.len() && v[end].c != ' ' {
            continue;
        }
        let len = end - start;
        if len >= 8 && len % 2 == 0 {
            let half = len / 2;
            if (0..half).all(|k| v[start + k].c == v[start + half + k].c) {
                keep[start + half..end].iter_mut().for_each(|k| *k = false);
                any = true;
            }
        }
        start = end + 1;
    }
    if !any {
        return v;
    }
    // The dropped half is covered by extending the last kept character's span.
    let mut out: Vec<Ch> = Vec::with_capacity(v.len());
    for (ch, k) in v.into_iter().zip(keep) {
        if k {
            out.push(ch);
        } else if let Some(last) = out.last_mut() {
            last.end = ch.end;
        }
    }
    out
}

/// Splits `original` into cleaned lines (an empty line is blank).
fn clean_lines(original: &str) -> Vec<Vec<Ch>> {
    let mut lines = Vec::new();
    let mut cur: Vec<Ch> = Vec::new();
    let mut chars = original.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let brk = match c {
            '\n' | '\u{2028}' | '\u{2029}' => true,
            '\r' => chars.peek().is_none_or(|&(_, n)| n != '\n'),
            _ => false,
        };
        if brk {
            lines.push(finish_line(std::mem::take(&mut cur)));
            continue;
        }
        match classify(c) {
            Class::Drop => {}
            Class::Space => cur.push(Ch {
                c: ' ',
                start: i,
                end: i + 1,
            }),
            Class::Keep(k) => cur.push(Ch {
                c: k,
                start: i,
                end: i + 1,
            }),
        }
    }
    lines.push(finish_line(cur));
    lines
}

fn finish_line(v: Vec<Ch>) -> Vec<Ch> {
    drop_doubled_tokens(drop_digit_noise(collapse_and_trim(v)))
}

/// Blanks a line that repeats the previous non-blank line directly or after
/// one blank line (a headline printed twice).
fn drop_repeated_lines(lines: &mut [Vec<Ch>]) {
    let mut prev: Option<usize> = None;
    for i in 0..lines.len() {
        if lines[i].is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let same = lines[p].len() == lines[i].len()
                && lines[p].iter().zip(&lines[i]).all(|(a, b)| a.c == b.c);
            if same && lines[i].len() >= 2 && i - p <= 2 {
                lines[i].clear();
                continue;
            }
        }
        prev = Some(i);
    }
}

fn ends_final(line: &[Ch]) -> bool {
    for ch in line.iter().rev() {
        if is_final(ch.c) {
            return true;
        }
        if !is_closer(ch.c) {
            return false;
        }
    }
    false
}

/// Whether a line starts with a list marker (`●`, `4. `, `2、`, `（3）`, `一、`),
/// which begins a new paragraph.
/// Whether a line begins with a word that continues a clause (与, 和, 签约):
/// the line before it cannot have ended a paragraph.
fn starts_connective(line: &[Ch]) -> bool {
    let head: String = line.iter().take(2).map(|c| c.c).collect();
    head.starts_with(['与', '和', '同'])
        || ["签约", "签署", "携手", "联手", "将在"].contains(&head.as_str())
}

fn starts_list_item(line: &[Ch]) -> bool {
    let c = |i: usize| line.get(i).map(|ch| ch.c);
    if matches!(
        c(0),
        Some('●' | '■' | '▲' | '◆' | '★' | '•' | '○' | '□' | '◇' | '☆')
    ) {
        return true;
    }
    let digits = line.iter().take_while(|ch| ch.c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        return match c(digits) {
            Some('、' | '．') => true,
            Some('.') => c(digits + 1).is_none_or(|n| !n.is_ascii_digit()),
            _ => false,
        };
    }
    if matches!(c(0), Some('（' | '(')) {
        let d = line
            .iter()
            .skip(1)
            .take_while(|ch| ch.c.is_ascii_digit() || "一二三四五六七八九十".contains(ch.c))
            .count();
        return d >= 1 && matches!(c(d + 1), Some('）' | ')'));
    }
    let d = line
        .iter()
        .take_while(|ch| "一二三四五六七八九十".contains(ch.c))
        .count();
    (1..=2).contains(&d) && c(d) == Some('、')
}

/// The last two characters of a line, a trailing colon left out, when
/// both are ideographs.
fn ideograph_ending(line: &[Ch]) -> Option<[char; 2]> {
    let mut end = line.len();
    if end > 0 && matches!(line[end - 1].c, '：' | ':') {
        end -= 1;
    }
    let pair = [line.get(end.checked_sub(2)?)?.c, line[end - 1].c];
    pair.iter().all(|&c| is_ideograph(c)).then_some(pair)
}

/// Whether line `k` is an item of a list printed one item per line: it is
/// one of at least three consecutive lines that end with the same two
/// ideographs (parallel names with one head noun: 中国民主同盟中央委员会 /
/// 九三学社中央委员会 / 台湾民主自治同盟中央委员会). A layout-wrapped line
/// ends wherever the column does: two neighbours ending alike happens in
/// wrapped text (数字 / 经济… in a seed), three in a row does not, while a
/// list of names can be as even as a narrow column.
fn is_parallel_item(lines: &[&[Ch]], k: usize) -> bool {
    let Some(end) = ideograph_ending(lines[k]) else {
        return false;
    };
    let alike = |j: usize| lines.get(j).and_then(|l| ideograph_ending(l)) == Some(end);
    let before = (1..=2).take_while(|&d| k >= d && alike(k - d)).count();
    let after = (1..=2).take_while(|&d| alike(k + d)).count();
    before + after >= 2
}

fn upper_median(ws: &[u32]) -> u32 {
    let mut v = ws.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// Lines a window looks at on each side when estimating the column width.
const WINDOW: usize = 6;
/// Indentation of a paragraph's first line, in half-width units.
const INDENT: u32 = 4;
/// Widths above this (in half-width units, i.e. 80 CJK characters) are not a
/// newspaper column: the text is not wrapped.
const MAX_COLUMN: u32 = 160;

/// For the non-blank lines `lines` (with the number of blank lines before
/// each), decides whether line `k` is joined to line `k + 1`.
///
/// Rule: the column width `W` is the larger of the upper medians of the
/// display widths of the `WINDOW` lines ending at `k` and of the `WINDOW`
/// lines starting at `k + 1` (so a short headline between two columns is
/// judged against the wider one). Line `k` is wrapped when it does not end
/// with sentence-final punctuation, its width (plus a paragraph indent when
/// it starts a paragraph) reaches 80 % of `W`, at least 4 lines of the window
/// are within 12 % of `W` (a real column, not a list of headlines), at most
/// two blank lines follow it, and, across a blank line, the next line is not
/// tiny. A line is never joined to the next when the next starts a list item
/// (`●`, `2、`) or when it is one of three or more lines ending with the
/// same two ideographs (names listed one per line, [`is_parallel_item`]). When `W` exceeds [`MAX_COLUMN`] the text is not column-wrapped and
/// only a long line ending in an ideograph, followed by a line starting with
/// one, is joined (a page break inside a paragraph).
fn join_decisions(lines: &[&[Ch]], blanks_before: &[usize]) -> Vec<bool> {
    let n = lines.len();
    let w: Vec<u32> = lines
        .iter()
        .map(|l| l.iter().map(|c| width(c.c)).sum())
        .collect();
    let wb: Vec<u32> = (0..n)
        .map(|k| upper_median(&w[(k + 1).saturating_sub(WINDOW)..=k]))
        .collect();
    let wa: Vec<u32> = (0..n)
        .map(|k| upper_median(&w[k..(k + WINDOW).min(n)]))
        .collect();
    // A text where a quarter of the lines are wider than any column is not
    // column-wrapped (a web article, or a PDF extracted without wrapping).
    let unwrapped = w.iter().filter(|&&x| x > MAX_COLUMN).count() * 4 >= n;
    let mut join = vec![false; n.saturating_sub(1)];
    for k in 0..n.saturating_sub(1) {
        let (l, nx) = (lines[k], lines[k + 1]);
        let blanks = blanks_before[k + 1];
        if blanks > 2 || ends_final(l) {
            continue;
        }
        let (Some(last), Some(first)) = (l.last(), nx.first()) else {
            continue;
        };
        if unwrapped {
            join[k] =
                w[k] >= 120 && is_ideograph(last.c) && is_ideograph(first.c) && w[k + 1] >= 40;
            continue;
        }
        if starts_list_item(nx) || is_parallel_item(lines, k) {
            continue;
        }
        // A run-in head (a bold name on its own line) continued by a
        // connective: `九龙坡区` / `与博世集团签署合作协议`.
        if blanks == 0
            && l.len() <= 8
            && l.iter().all(|c| is_ideograph(c.c))
            && starts_connective(nx)
        {
            join[k] = true;
            continue;
        }
        let para_start = k == 0 || !join[k - 1];
        let eff = w[k] + if para_start { INDENT } else { 0 };
        let lo = (k + 1).saturating_sub(WINDOW);
        let hi = (k + 1 + WINDOW).min(n);
        let wrapped_in = |col: u32, ratio: u32| {
            // Both lines of a wrapped pair lie in the column: neither is wider.
            let fits = w[k] * 4 <= col * 5 && w[k + 1] * 4 <= col * 5;
            let full = eff * 100 >= col * ratio;
            let consistent = w[lo..hi]
                .iter()
                .filter(|&&x| x.abs_diff(col) * 100 <= col * 12)
                .count()
                >= 4;
            (16..=MAX_COLUMN).contains(&col) && fits && full && consistent
        };
        join[k] = if blanks > 0 {
            // Across a blank line the lines may belong to different columns
            // (a headline above a wider column): judge against the wider one.
            let col = wb[k].max(wa[k + 1]);
            let next_ok = w[k + 1] * 2 >= col || ends_final(nx);
            next_ok && wrapped_in(col, 85)
        } else {
            // The pair shares the column of the lines before or after it.
            wrapped_in(wb[k], 80) || wrapped_in(wa[k + 1], 80)
        };
    }
    join
}

/// Normalises `original` (see the module docs) and builds the offset map.
///
/// Runs in time linear in the length of `original`.
pub(crate) fn normalize(original: &str) -> Normalized {
    let mut lines = clean_lines(original);
    drop_repeated_lines(&mut lines);
    let mut kept: Vec<&[Ch]> = Vec::new();
    let mut blanks_before = Vec::new();
    let mut blanks = 0;
    for l in &lines {
        if l.is_empty() {
            blanks += 1;
        } else {
            kept.push(l);
            blanks_before.push(blanks);
            blanks = 0;
        }
    }
    let join = join_decisions(&kept, &blanks_before);

    let mut out = Normalized::default();
    let cap = original.len();
    out.text.reserve(cap);
    let push = |out: &mut Normalized, c: char, start: usize, end: usize| {
        out.map.char_bytes.push(out.text.len());
        out.map.orig_start.push(start);
        out.map.orig_end.push(end);
        out.text.push(c);
    };
    let mut prev_last: Option<Ch> = None;
    for (k, line) in kept.iter().enumerate() {
        if let (Some(p), Some(first)) = (prev_last, line.first()) {
            if join[k - 1] {
                let (a, b) = (p.c, first.c);
                let words = a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric();
                // Two digits are one number split by the layout: no space.
                if words && !(a.is_ascii_digit() && b.is_ascii_digit()) {
                    push(&mut out, ' ', p.end, first.start);
                }
            } else {
                push(&mut out, '\n', p.end, first.start);
            }
        }
        for ch in line.iter() {
            push(&mut out, ch.c, ch.start, ch.end);
        }
        prev_last = line.last().copied();
    }
    out.map.text_len = out.text.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn folds_full_width_letters_digits_and_ideographic_space() {
        assert_eq!(
            norm("ＡＢＣ１２３　ｘｙｚ，（重庆）"),
            "ABC123 xyz，（重庆）"
        );
    }

    #[test]
    fn collapses_and_trims_spaces() {
        assert_eq!(
            norm("  记者   黄兴 \t\n\n  重庆\u{3000}\u{3000}日报  "),
            "记者 黄兴\n重庆 日报"
        );
    }

    #[test]
    fn drops_repeated_digit_noise_but_keeps_numbers() {
        assert_eq!(norm("6666666\n\n重庆日报"), "重庆日报");
        assert_eq!(
            norm("集中力量打造“智造重镇”66666666666666"),
            "集中力量打造“智造重镇”"
        );
        assert_eq!(
            norm("投资3333亿元，探测井深6666米，不低于10000人。"),
            "投资3333亿元，探测井深6666米，不低于10000人。"
        );
        assert_eq!(norm("共 7777 个"), "共 个");
    }

    #[test]
    fn drops_headline_printed_twice() {
        assert_eq!(
            norm("举全市之力举全市之力 集全民之智集全民之智"),
            "举全市之力 集全民之智"
        );
        assert_eq!(norm("研究研究"), "研究研究");
        assert_eq!(
            norm("重庆数字经济迈出新步伐\n重庆数字经济迈出新步伐\n正文。"),
            "重庆数字经济迈出新步伐\n正文。"
        );
        assert_eq!(
            norm("重庆数字经济迈出新步伐\n\n重庆数字经济迈出新步伐\n\n正文。"),
            "重庆数字经济迈出新步伐\n正文。"
        );
    }
}
