//! Event arguments: who hosted an event and where it was held
//! (`hosted`, `heldAt`), and who attended it (`attended`).

use super::*;

/// `E在P举办/举行/召开`, `P召开/举办E`, `E由A、B、C联合主办`.
pub(super) fn hosting(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    let is_admin =
        |m: usize| ctx.entity_types[ctx.entity_of[m]].1 == Some(Subtype::AdministrativeArea);
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            let mid = ctx.between(a, b);
            let after = &ctx.text[ctx.mentions[b].end..se];
            let (ta, tb) = (ctx.ty(a), ctx.ty(b));
            // E 在 P 举办/举行, also for each event of a list
            // (E1（简称…）、E2（简称…）在重庆举办).
            if ta == EntityType::Event
                && matches!(tb, EntityType::Place | EntityType::Park)
                && mid.ends_with('在')
                && bare(ctx, a, b, ms).chars().count() <= 12
            {
                let cue = after.chars().take(6).collect::<String>();
                if ctx.rules.has_cue("held", &cue) {
                    rel.push(Found::new(
                        ctx.entity_of[a],
                        Predicate::HeldAt,
                        ctx.entity_of[b],
                        i,
                    ));
                    if cue.contains("举办") && is_admin(b) {
                        rel.push(Found::new(
                            ctx.entity_of[b],
                            Predicate::Hosted,
                            ctx.entity_of[a],
                            i,
                        ));
                    }
                }
            }
            // P 召开/举办 E
            if matches!(ta, EntityType::Place | EntityType::Organization)
                && tb == EntityType::Event
                && mid.chars().count() <= 8
                && (mid.contains("召开") || mid.contains("举办"))
                && !mid.contains('在')
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::Hosted,
                    ctx.entity_of[b],
                    i,
                ));
                if is_admin(a) {
                    rel.push(Found::new(
                        ctx.entity_of[b],
                        Predicate::HeldAt,
                        ctx.entity_of[a],
                        i,
                    ));
                }
                // P与Q将举办E: Q hosts too.
                for &c in &ms[..x] {
                    if ctx.between(c, a) == "与"
                        && matches!(ctx.ty(c), EntityType::Place | EntityType::Organization)
                    {
                        rel.push(Found::new(
                            ctx.entity_of[c],
                            Predicate::Hosted,
                            ctx.entity_of[b],
                            i,
                        ));
                    }
                }
            }
        }
    }
    // E 由 A、B、C (联合)主办/承办
    let s = &ctx.text[ss..se];
    if let Some(p) = s.find('由') {
        let by = ss + p;
        let cue_end = ctx.clause_end(by, se);
        if ctx.rules.has_cue("host", &ctx.text[by..cue_end]) {
            let event = ms
                .iter()
                .rev()
                .copied()
                .find(|&m| ctx.mentions[m].end <= by && ctx.ty(m) == EntityType::Event);
            if let Some(ev) = event {
                for &m in ms {
                    let mm = &ctx.mentions[m];
                    if mm.start > by && mm.end <= cue_end && ctx.ty(m) == EntityType::Organization {
                        rel.push(Found::new(
                            ctx.entity_of[m],
                            Predicate::Hosted,
                            ctx.entity_of[ev],
                            i,
                        ));
                    }
                }
            }
        }
    }
}

/// Persons with an attendance cue (出席, 参加, 致辞, 见证, 作讲座) or named at
/// `E上，` attend the event of the sentence, else the last event named.
pub(super) fn attending(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    let s = &ctx.text[ss..se];
    let persons: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| ctx.ty(m) == EntityType::Person)
        .collect();
    if persons.is_empty() {
        return;
    }
    let events: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| ctx.ty(m) == EntityType::Event)
        .collect();
    let at_event = events
        .iter()
        .copied()
        .find(|&e| ctx.text[ctx.mentions[e].end..se].starts_with("上，"));
    let has_cue = ctx.rules.has_cue("attend", s);
    if !has_cue && at_event.is_none() {
        return;
    }
    // The event attended is named before the cue or right after it
    // (出席2021智博会开幕式); one named later in the sentence is something
    // else (宣布智博会永久落户重庆).
    let cue_pos = ctx
        .rules
        .cue("attend")
        .iter()
        .filter_map(|c| s.find(c.as_str()).map(|p| (ss + p, ss + p + c.len())))
        .min();
    let near_cue = |m: usize| {
        let mm = &ctx.mentions[m];
        cue_pos.is_none_or(|(a, b)| mm.end <= a || (mm.start >= b && mm.start <= b + 6))
    };
    let event = at_event
        .or_else(|| events.iter().rev().copied().find(|&m| near_cue(m)))
        .map(|m| ctx.entity_of[m])
        .or_else(|| {
            // The last event named in the three sentences before.
            (0..ctx.mentions.len())
                .rev()
                .find(|&m| {
                    let sm = ctx.mentions[m].sentence;
                    sm < i && sm + 3 >= i && ctx.ty(m) == EntityType::Event
                })
                .map(|m| ctx.entity_of[m])
        });
    let Some(ev) = event else { return };
    let before_cue = |p: usize| cue_pos.is_none_or(|(a, _)| ctx.mentions[p].end <= a);
    let any_before = persons.iter().any(|&p| before_cue(p));
    for p in persons {
        // When attendees precede the cue, a person named after it is someone
        // else (宣读习近平总书记贺信); a byline's reporter attends nothing.
        if any_before && !before_cue(p) {
            continue;
        }
        let head = ctx.text[ss..ctx.mentions[p].start].trim_end_matches(' ');
        if ctx
            .rules
            .cue("byline")
            .iter()
            .any(|b| head.ends_with(b.as_str()))
        {
            continue;
        }
        rel.push(Found::new(ctx.entity_of[p], Predicate::Attended, ev, i));
    }
}
