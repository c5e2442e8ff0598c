//! Organisations: headquarters and branches (`subOrganizationOf`),
//! `作为…的一部分`, incubation (`incubatedBy`), and relations read off a name
//! that starts with another entity's name (`白俄罗斯驻重庆总领事馆`).

use super::*;

/// `ORG总部位于/设在/设于P`, `总部位于P的ORG`, `ORG…，总部设在P`: the
/// organisation is located in the place (cue class `hq` after `总部`). The
/// organisation is the one right after `P的`, else the one right before
/// `总部` (`是`/`的` between allowed), else, when `总部` opens a clause, the
/// one that opens the sentence; the place is the last of the places that
/// follow the cue back to back (`中国天津` → 天津, the most specific).
pub(super) fn headquarters(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (ss, se) = ctx.sentences[i];
    let s = &ctx.text[ss..se];
    for (p, _) in s.match_indices("总部") {
        let after = &s[p + "总部".len()..];
        let Some(cue) = ctx
            .rules
            .cue("hq")
            .iter()
            .filter(|c| after.starts_with(c.as_str()))
            .max_by_key(|c| c.len())
        else {
            continue;
        };
        let mut at = ss + p + "总部".len() + cue.len();
        let mut place = None;
        while let Some(&m) = ms.iter().find(|&&m| {
            ctx.mentions[m].start == at && matches!(ctx.ty(m), EntityType::Place | EntityType::Park)
        }) {
            place = Some(m);
            at = ctx.mentions[m].end;
        }
        let Some(place) = place else {
            continue;
        };
        let head = ss + p;
        // 总部位于P的ORG: the organisation follows.
        let after_de = ctx.text[at..se]
            .strip_prefix('的')
            .map(|_| at + '的'.len_utf8());
        let org_after = after_de.and_then(|q| {
            ms.iter()
                .copied()
                .find(|&m| ctx.mentions[m].start == q && ctx.ty(m) == EntityType::Organization)
        });
        if after_de.is_some() && org_after.is_none() {
            continue;
        }
        let clause_opening = ctx.text[ss..head].ends_with('，');
        let org = org_after
            .or_else(|| {
                ms.iter().copied().find(|&m| {
                    ctx.ty(m) == EntityType::Organization
                        && ctx.mentions[m].end <= head
                        && (ctx.mentions[m].end == head
                            || ctx.text[ctx.mentions[m].end..head] == *"是"
                            || ctx.text[ctx.mentions[m].end..head] == *"的")
                })
            })
            .or_else(|| {
                ms.iter().copied().find(|&m| {
                    clause_opening
                        && ctx.ty(m) == EntityType::Organization
                        && ctx.mentions[m].start == ss
                })
            });
        if let Some(o) = org {
            if ctx.entity_of[o] != ctx.entity_of[place] {
                rel.push(Found::new(
                    ctx.entity_of[o],
                    Predicate::LocatedIn,
                    ctx.entity_of[place],
                    i,
                ));
            }
        }
    }
}

/// `X作为P…` and `作为P…，X`: X is described as part of the place P
/// (两江新区作为重庆经济主战场, 作为重庆经济主战场，两江新区).
pub(super) fn as_part_of(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    let s = &ctx.text[a..b];
    let Some(p) = s.find("作为") else { return };
    let after = a + p + "作为".len();
    let Some(&place) = ms.iter().find(|&&m| ctx.mentions[m].start == after) else {
        return;
    };
    if ctx.entity_types[ctx.entity_of[place]].1 != Some(Subtype::AdministrativeArea) {
        return;
    }
    let subject = if p == 0 {
        // 作为P…，X: the first mention after the clause.
        let comma = ctx.text[after..b]
            .find('，')
            .map(|c| after + c + '，'.len_utf8());
        comma.and_then(|c| ms.iter().copied().find(|&m| ctx.mentions[m].start == c))
    } else {
        ms.iter().copied().find(|&m| ctx.mentions[m].end == a + p)
    };
    if let Some(x) = subject {
        if matches!(
            ctx.ty(x),
            EntityType::Organization | EntityType::Park | EntityType::Place | EntityType::Project
        ) {
            rel.push(Found::new(
                ctx.entity_of[x],
                Predicate::LocatedIn,
                ctx.entity_of[place],
                i,
            ));
        }
    }
}

/// `A孵化的…B` → B incubatedBy A.
pub(super) fn incubation(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    for (x, &a) in ms.iter().enumerate() {
        if ctx.ty(a) != EntityType::Organization {
            continue;
        }
        if !ctx.text[ctx.mentions[a].end..].starts_with("孵化") {
            continue;
        }
        if let Some(&b) = ms[x + 1..]
            .iter()
            .find(|&&b| ctx.ty(b) == EntityType::Organization)
        {
            rel.push(Found::new(
                ctx.entity_of[b],
                Predicate::IncubatedBy,
                ctx.entity_of[a],
                i,
            ));
        }
    }
}

/// Relations read off names: a park, project or venue whose name starts with
/// a place or park of the article is located in it; a project whose name
/// starts with an organisation is that organisation's investment; an
/// organisation whose name starts with another's is its sub-organisation.
pub(super) fn by_name(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    for (k, m) in ctx.mentions.iter().enumerate() {
        let e = ctx.entity_of[k];
        let (ty, sub) = ctx.entity_types[e];
        for (o, forms) in ctx.entity_forms.iter().enumerate() {
            if o == e {
                continue;
            }
            let (oty, osub) = ctx.entity_types[o];
            // 白俄罗斯驻重庆总领事馆: a mission is located where it is 驻.
            if ty == EntityType::Organization
                && oty == EntityType::Place
                && forms.iter().any(|f| m.text.contains(&format!("驻{f}")))
            {
                rel.push(Found {
                    s: e,
                    p: Predicate::LocatedIn,
                    o,
                    sentence: m.sentence,
                });
                continue;
            }
            let prefix = forms.iter().any(|f| {
                f.chars().count() >= 2
                    && m.text.starts_with(f.as_str())
                    && m.text.len() > f.len() + 3
            });
            if !prefix {
                continue;
            }
            let p = match (ty, oty) {
                (EntityType::Park | EntityType::Project, EntityType::Park) => Predicate::LocatedIn,
                (EntityType::Park | EntityType::Project, EntityType::Place)
                    if local_area(ctx, forms) =>
                {
                    Predicate::LocatedIn
                }
                (EntityType::Place, EntityType::Place | EntityType::Park)
                    if sub == Some(Subtype::Venue) =>
                {
                    Predicate::LocatedIn
                }
                (EntityType::Project, EntityType::Organization) => {
                    rel.push(Found::new(o, Predicate::InvestsIn, e, m.sentence));
                    continue;
                }
                (EntityType::Organization, EntityType::Organization)
                    if osub != Some(Subtype::MediaOutlet) =>
                {
                    Predicate::SubOrganizationOf
                }
                _ => continue,
            };
            rel.push(Found {
                s: e,
                p,
                o,
                sentence: m.sentence,
            });
        }
    }
}
