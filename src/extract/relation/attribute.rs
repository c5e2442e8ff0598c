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

/// `8月23日，E开幕`: an event with a date and a holding cue in one sentence.
pub(super) fn dates(
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
                crate::extract::entity::edition(&ctx.mentions[m].text)
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
