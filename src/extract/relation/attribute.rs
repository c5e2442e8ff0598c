//! Attributes read off the text: investment amounts of projects and
//! start dates of events.

use super::*;

pub(super) fn amount_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:总投资|投资总额|计划投资|投资)(?:额)?(?:为|达|超过|逾)?(约?\d+(?:\.\d+)?(?:万|亿)?元)").expect("valid regex")
    });
    &RE
}

pub(super) fn date_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日").expect("valid regex")
    });
    &RE
}

/// `总投资18亿元的X项目`, `X项目总投资约10亿元`, `该项目计划投资15亿元`.
pub(super) fn amounts(
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

/// `当地时间10日`, `10日上午`: a day of the month without the month.
fn local_day_re() -> &'static Regex {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:当地时间|^|[，。])(\d{1,2})日").expect("valid regex"));
    &RE
}

/// A bare day of the month opening the text after an event's name
/// (`27日在北京召开`, not `27日至29日` of a month named before).
fn event_day_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:（)?(\d{1,2})日(?:[上下]午|晚|在|开幕|召开|举行|起|）)")
            .expect("valid regex")
    });
    &RE
}

/// The date (year, month, day) if `d` is a day of month `m` of year `y`
/// (no calendar crate needed: only the day count of the month is checked).
fn chrono_free_day(y: i32, m: u32, d: u32) -> Option<(i32, u32, u32)> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// `8月23日，E开幕`: an event with a date and a holding cue in one sentence;
/// `今天`, `昨天`, `当地时间10日` and a bare day right after the event's name
/// (`E27日在北京召开`) count from the story's date.
pub(super) fn dates(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    att: &mut Vec<FoundAttribute>,
) {
    let s = &ctx.text[ss..se];
    if !ctx.rules.has_cue("held", s) && !s.contains("开幕") {
        return;
    }
    let written = date_re().captures(s);
    // Without a month and day: 今天/今日 is the story's date, 昨天 the day
    // before, 当地时间X日 a day of the story's month (ANNOTATION.md: a
    // month-day without a year takes the story's year).
    let relative = || -> Option<(i32, u32, u32)> {
        let (y, m, d) = ctx.date?;
        let day = |d: u32| chrono_free_day(y, m, d);
        if s.contains("今天") || s.contains("今日") {
            return Some((y, m, d));
        }
        if s.contains("昨天") || s.contains("昨日") {
            return day(d.checked_sub(1)?);
        }
        // E27日在北京召开: a bare day right after an event's name.
        let after_event = ms.iter().find_map(|&m| {
            if ctx.ty(m) != EntityType::Event {
                return None;
            }
            let c = event_day_re().captures(&ctx.text[ctx.mentions[m].end..se])?;
            c[1].parse::<u32>().ok()
        });
        let n: u32 = match after_event {
            Some(n) => n,
            None => local_day_re().captures(s)?[1].parse().ok()?,
        };
        (n <= d).then(|| day(n)).flatten()
    };
    let (year, mo, d) = match &written {
        Some(c) => (
            c.get(1).and_then(|y| y.as_str().parse::<i32>().ok()),
            c[2].parse::<u32>().ok(),
            c[3].parse::<u32>().ok(),
        ),
        None => match relative() {
            Some((y, m, d)) => (Some(y), Some(m), Some(d)),
            None => return,
        },
    };
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
    let year = year
        .or_else(|| {
            events.iter().find_map(|&m| {
                crate::extract::entity::edition(&ctx.mentions[m].text)
                    .and_then(|e| e.parse::<i32>().ok())
                    .filter(|y| *y > 1900)
            })
        })
        .or(ctx.year);
    let (Some(y), Some(mo), Some(d)) = (year, mo, d) else {
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
    use crate::annotation::AttributeKind;

    /// The `startDate` values of `text` read as the story `id`, as
    /// (event name, date), sorted.
    fn start_dates(id: &str, text: &str) -> Vec<(String, String)> {
        let doc = crate::document::Document::new(id, id, text);
        let ann = crate::extract::Extractor::new().extract(&doc);
        let name = |id: &str| ann.entity(id).map(|e| e.name.clone()).unwrap_or_default();
        let mut out: Vec<(String, String)> = ann
            .attributes
            .iter()
            .filter(|a| a.p == AttributeKind::StartDate)
            .map(|a| (name(&a.s), a.value.clone()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_bare_day_after_the_event_is_a_day_of_the_story_month() {
        // xwlb-20240227-03 (data/news-gold).
        let got = start_dates(
            "xwlb-20240227-03",
            "央视网消息（新闻联播）：政协第十四届全国委员会第十四次主席会议27日在北京召开。",
        );
        assert!(
            got.iter()
                .any(|(e, d)| e.contains("第十四次主席会议") && d == "2024-02-27"),
            "{got:?}"
        );
        // A day after the story's: no date of this month.
        let got = start_dates(
            "xwlb-20240227-03",
            "政协第十四届全国委员会第十五次主席会议28日在北京召开。",
        );
        assert!(got.is_empty(), "{got:?}");
    }
}
