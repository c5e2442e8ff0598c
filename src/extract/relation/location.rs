//! Location and investment: `X落户/位于P`, `在P建设X`, `A投资X`,
//! `该项目…` and the settling context of a report → `locatedIn`, `investsIn`.

use super::*;

/// `X落户/位于P`, `在P建设X`, `A…投资/建设X`.
pub(super) fn locating_and_investing(
    ctx: &Context<'_>,
    i: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            let mid = ctx.between(a, b);
            let (ta, tb) = (ctx.ty(a), ctx.ty(b));
            if mid.chars().count() > 14 || mid.contains(['，', '；', '。']) {
                continue;
            }
            // X 落户/位于 P
            if matches!(
                ta,
                EntityType::Project
                    | EntityType::Organization
                    | EntityType::Park
                    | EntityType::Place
            ) && matches!(tb, EntityType::Place | EntityType::Park)
                && ctx.rules.cue("locate").iter().any(|c| {
                    mid.starts_with(c.as_str())
                        || mid.ends_with(&format!("{c}于"))
                        || mid == format!("{c}到")
                        || mid == format!("{c}在")
                })
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::LocatedIn,
                    ctx.entity_of[b],
                    i,
                ));
            }
            // 在 P 建设 X
            if matches!(ta, EntityType::Place | EntityType::Park)
                && matches!(
                    tb,
                    EntityType::Project | EntityType::Park | EntityType::Organization
                )
                && ctx.rules.has_cue("invest", mid)
            {
                let before = &ctx.text[ctx.sentences[i].0..ctx.mentions[a].start];
                if before.ends_with('在') {
                    rel.push(Found::new(
                        ctx.entity_of[b],
                        Predicate::LocatedIn,
                        ctx.entity_of[a],
                        i,
                    ));
                }
            }
        }
        // A 投资/建设 X: the nearest organisation before the cue invests in
        // the next project after it.
        if ctx.ty(a) == EntityType::Project {
            let pa = &ctx.mentions[a];
            let clause_start = ctx.sentences[i].0;
            let before = &ctx.text[clause_start..pa.start];
            let cue_pos = ctx
                .rules
                .cue("invest")
                .iter()
                .chain(ctx.rules.cue("sign"))
                .filter_map(|c| before.rfind(c.as_str()).map(|p| clause_start + p))
                .max();
            if let Some(cp) = cue_pos {
                if let Some(o) =
                    ms.iter().rev().copied().find(|&o| {
                        ctx.mentions[o].end <= cp && ctx.ty(o) == EntityType::Organization
                    })
                {
                    rel.push(Found::new(
                        ctx.entity_of[o],
                        Predicate::InvestsIn,
                        ctx.entity_of[a],
                        i,
                    ));
                }
            }
        }
    }
    let _ = se;
}

/// `该项目…在P新购地/建设`: the project of the previous sentences is located
/// in P.
pub(super) fn this_project(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    let s = &ctx.text[a..b];
    let Some(p) = s.find("该项目") else { return };
    let project = (0..ctx.mentions.len()).rev().find(|&m| {
        let sm = ctx.mentions[m].sentence;
        sm < i && sm + 2 >= i && ctx.ty(m) == EntityType::Project
    });
    let Some(project) = project else { return };
    for &m in ms {
        let mm = &ctx.mentions[m];
        if mm.start < a + p || !matches!(ctx.ty(m), EntityType::Place | EntityType::Park) {
            continue;
        }
        let before = &ctx.text[a..mm.start];
        let after: String = ctx.text[mm.end..b].chars().take(6).collect();
        if before.ends_with('在')
            && (ctx.rules.has_cue("locate", &after) || ctx.rules.has_cue("invest", &after))
        {
            rel.push(Found::new(
                ctx.entity_of[project],
                Predicate::LocatedIn,
                ctx.entity_of[m],
                i,
            ));
        }
    }
}

/// `多个重点项目签约落户P。` announces signings in P; the projects and
/// companies of the next signing sentences (within two sentences) settle in
/// P: projects and headquarters are located in P, companies signed with P.
pub(super) fn settling_context(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    for (c, &(a, b)) in ctx.sentences.iter().enumerate() {
        let s = &ctx.text[a..b];
        let Some(p) = s.find("签约落户").or_else(|| s.find("项目落户")) else {
            continue;
        };
        let at = a + p + s[p..].find("落户").unwrap_or(0) + "落户".len();
        let Some(place) = (0..ctx.mentions.len()).find(|&m| {
            ctx.mentions[m].start == at && matches!(ctx.ty(m), EntityType::Place | EntityType::Park)
        }) else {
            continue;
        };
        let place = ctx.entity_of[place];
        // Only an announcement: the sentence names no project of its own.
        if (0..ctx.mentions.len())
            .any(|m| ctx.mentions[m].sentence == c && ctx.ty(m) == EntityType::Project)
        {
            continue;
        }
        for i in c + 1..(c + 3).min(ctx.sentences.len()) {
            let (sa, sb) = ctx.sentences[i];
            if !ctx.text[sa..sb].contains("签约") {
                continue;
            }
            for (k, m) in ctx.mentions.iter().enumerate() {
                if m.sentence != i {
                    continue;
                }
                let e = ctx.entity_of[k];
                let employer = rel.iter().any(|f| f.p == Predicate::WorksFor && f.o == e);
                match ctx.entity_types[e] {
                    (EntityType::Project, _) => {
                        rel.push(Found::new(e, Predicate::LocatedIn, place, i))
                    }
                    (EntityType::Organization, Some(Subtype::Company)) if !employer => {
                        let p = if m.text.ends_with("总部") {
                            Predicate::LocatedIn
                        } else {
                            Predicate::SignedWith
                        };
                        rel.push(Found {
                            s: e,
                            p,
                            o: place,
                            sentence: i,
                        });
                    }
                    _ => {}
                }
            }
        }
    }
}
