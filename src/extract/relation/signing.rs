//! Signing: `signedWith` between the parties of a signing (cue verbs,
//! frames of `frame`, lists, 双方, district signings) and `signedAt` for the
//! signings of an event's ceremony.

use super::*;

/// `A与B签约/签署/携手/联手`; `A签约B`, `A签下B` (a word of cue class
/// `sign_between` between the parties, after adverbs of cue class
/// `sign_adverb` only); `A与B的战略协议`, `A与B之间的
/// 协议`, `A与B就“王老吉”一系列的协议` (an agreement noun, cue class
/// `agreement`, within 12 characters after `的` that follows B, or B's `就…`
/// phrase or `之间`/`间`, in B's clause — not `A与B无关的协议`).
///
/// The weak cues (cue class `sign_weak`: 携手, 联手, 达成合作, 战略合作) count
/// only "in a signing" (ANNOTATION.md): in an article that reports one
/// (`signing_report`: a word of cue class `sign_report` in the article),
/// with an agreement noun in B's clause, or in a sentence that names a
/// project (`涪陵区与…公司携手，拟建设…项目`); FinRE labels `A携手B`, `A与B达成
/// 战略合作` alone 合作, not 签约. A negation before the cue (cue class
/// `sign_negation`: 未能, 尚未, …) gives nothing (`A和B未能与当地国土部门签订`).
pub(super) fn signing(
    ctx: &Context<'_>,
    i: usize,
    ms: &[usize],
    signing_report: bool,
    rel: &mut Vec<Found>,
) {
    let (_, se) = ctx.sentences[i];
    let party = |m: usize| {
        matches!(
            ctx.ty(m),
            EntityType::Organization | EntityType::Place | EntityType::Park
        )
    };
    let between_cues = ctx.rules.cue("sign_between");
    for (x, &a) in ms.iter().enumerate() {
        for &b in &ms[x + 1..] {
            if !party(a) || !party(b) {
                continue;
            }
            let mid = ctx.between(a, b);
            let verb_between = between_cues.iter().any(|w| {
                mid.ends_with(w.as_str())
                    && crate::extract::frame::only_words(
                        mid,
                        0,
                        mid.len() - w.len(),
                        ctx.rules,
                        &["sign_adverb"],
                    )
            });
            // 与, or adverbs then 与 (总台还与约翰内斯堡大学交换合作协议).
            let joined = ["与", "和", "同"].iter().any(|w| {
                mid.ends_with(w)
                    && crate::extract::frame::only_words(
                        mid,
                        0,
                        mid.len() - w.len(),
                        ctx.rules,
                        &["sign_adverb"],
                    )
            });
            if !joined && !matches!(mid, "携手" | "联手") && !verb_between {
                continue;
            }
            // 在青岛与海尔集团签署: a place after 在 is where, not who.
            if ctx.ty(a) == EntityType::Place && ctx.text[..ctx.mentions[a].start].ends_with('在')
            {
                continue;
            }
            let end = ctx.clause_end(ctx.mentions[b].end, se);
            let after = &ctx.text[ctx.mentions[b].end..end];
            let weak = ctx.rules.cue("sign_weak");
            let cues: Vec<(usize, bool)> = ctx
                .rules
                .cue("sign")
                .iter()
                .filter_map(|w| after.find(w.as_str()).map(|p| (p, weak.contains(w))))
                .collect();
            if let Some(p) = cues.iter().map(|c| c.0).min() {
                if ctx.rules.has_cue("sign_negation", &after[..p]) {
                    continue;
                }
            }
            // `A与B…条约签订65周年`: an anniversary, no signing.
            let strong = cues
                .iter()
                .any(|&(p, w)| !w && !crate::extract::frame::anniversary(after, p, ctx.rules));
            let in_signing = signing_report
                || ctx.rules.has_cue("agreement", after)
                || ms.iter().any(|&m| ctx.ty(m) == EntityType::Project);
            let weak_cue = matches!(mid, "携手" | "联手") || cues.iter().any(|c| c.1);
            if strong
                || verb_between
                || (mid.chars().count() == 1 && agreement_of(ctx, after))
                || (weak_cue && in_signing)
            {
                rel.push(Found::new(
                    ctx.entity_of[a],
                    Predicate::SignedWith,
                    ctx.entity_of[b],
                    i,
                ));
            }
        }
    }
}

/// Two states sign: `中塞双方将签署…`, `德乌两国将签署…`, `伊美签署的谅解备忘录`
/// (two country abbreviations before the cue), and `两国元首共同见证签署…`,
/// `双方签署…合作文件` with no party named in the clause: the two states are
/// 中国 and the one other country that the story's first sentence names
/// (`习近平同…尼日利亚总统提努布举行会谈`). The subject words are the cue class
/// `sign_states` (两国元首, 两国, 双方); the verb one of `sign_verb` within
/// twelve characters after them.
pub(super) fn state_signing(
    ctx: &Context<'_>,
    i: usize,
    ss: usize,
    se: usize,
    ms: &[usize],
    rel: &mut Vec<Found>,
) {
    let s = &ctx.text[ss..se];
    if !ctx.rules.has_cue("sign_verb", s) {
        return;
    }
    let verb_after = |from: usize| {
        let end = ctx.clause_end(from, se);
        let window: String = ctx.text[from..end].chars().take(12).collect();
        ctx.rules.has_cue("sign_verb", &window) && !ctx.rules.has_cue("sign_negation", &window)
    };
    // 伊美签署, 中塞双方签署, 德乌两国将签署
    let subjects = ctx.rules.cue("sign_states");
    for (p, c) in s.char_indices() {
        let at = ss + p;
        let Some(d) = s[p + c.len_utf8()..].chars().next() else {
            continue;
        };
        let after = at + c.len_utf8() + d.len_utf8();
        let rest = &ctx.text[after..se];
        let subject = subjects
            .iter()
            .find(|w| rest.starts_with(w.as_str()))
            .map_or(0, |w| w.len());
        let direct = ctx
            .rules
            .cue("sign_verb")
            .iter()
            .any(|v| rest.starts_with(v.as_str()));
        if subject == 0 && !direct {
            continue;
        }
        if ms
            .iter()
            .any(|&m| ctx.mentions[m].start < after && ctx.mentions[m].end > at)
        {
            continue;
        }
        if !verb_after(after + subject) && !direct {
            continue;
        }
        if let (Some(a), Some(b)) = (abbreviated_country(ctx, c), abbreviated_country(ctx, d)) {
            if a != b {
                rel.push(Found::new(a, Predicate::SignedWith, b, i));
                return;
            }
        }
    }
    // 两国元首共同见证签署…, 双方签署… with no party named before in the clause.
    for w in subjects {
        for (p, _) in s.match_indices(w.as_str()) {
            let at = ss + p;
            let clause_start = ctx.clause_start(ss, at);
            let named = ms.iter().any(|&m| {
                ctx.mentions[m].start >= clause_start
                    && ctx.mentions[m].end <= at
                    && matches!(
                        ctx.ty(m),
                        EntityType::Organization | EntityType::Place | EntityType::Park
                    )
            });
            if named || !verb_after(at + w.len()) {
                continue;
            }
            let china = (0..ctx.entity_forms.len())
                .find(|&e| is_country(ctx, e) && ctx.entity_forms[e].iter().any(|f| f == "中国"));
            let lead: std::collections::BTreeSet<usize> = ctx
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.sentence == 0)
                .map(|(k, _)| ctx.entity_of[k])
                .filter(|&e| is_country(ctx, e) && Some(e) != china)
                .collect();
            if let (Some(c), [other]) = (china, &lead.into_iter().collect::<Vec<_>>()[..]) {
                rel.push(Found::new(c, Predicate::SignedWith, *other, i));
                return;
            }
        }
    }
}

/// A count at the end of a string: `两家`, `34个`, `多所`.
pub(super) fn count_tail() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\d+|[一二两三四五六七八九十百千几多数]+)[家个所座]$").expect("valid regex")
    });
    &RE
}

/// Whether the words after a partner (`after`, to the end of its clause)
/// name an agreement between the two: `的`, `之间的`, `间的` or a `就…的`
/// phrase (at most 20 characters) right after it, then an agreement noun
/// (cue class `agreement`) within 12 characters, and no negation (cue class
/// `sign_negation`: 尚未, …) in the rest of the clause.
pub(super) fn agreement_of(ctx: &Context<'_>, after: &str) -> bool {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:之间|间)?的|^就[^的，。；,;]{1,20}的").expect("valid regex")
    });
    let Some(m) = LEAD.find(after) else {
        return false;
    };
    let rest = &after[m.end()..];
    // `美国和伊朗的协议“尚未完全谈妥”`: not (yet) agreed.
    !ctx.rules.has_cue("sign_negation", rest)
        && crate::extract::frame::cue_within(rest, 0, 12, ctx.rules, "agreement")
}

/// The signing frame ([`super::frame`]): `A日前与B、C在昆明签订…协议` — the
/// subject A (the party that ends the subject region, after adverbs and
/// `在`/`于` phrases are set aside) signs with every party named in the
/// partner region. A subject `公司`/`该公司`/`本公司`/`其` (cue class
/// `sign_anaphor`) is the first organisation of the sentence
/// (`康恩贝今日公告表示，…，公司与美国AFP开发公司正式签订…`); a person
/// subject stands for the organisation they work for in the sentence
/// (`甲公司总经理张三与乙公司总经理李四签署`); a subject list signs as a
/// whole (`泰禾投资、三明市国资委与福建三农签署`); with no subject but
/// adverbs, the party that opens the clause before signs (`A此前就有意
/// 上市，并和B签署过相关协议`, `A在…支持下，与B…，并最终达成协议`).
/// Without 分别, the members of a list sign one agreement with each other.
/// Also the list signings without a connector (`A、B及C四方签署《…》`,
/// [`crate::extract::frame::sign_lists`]): every two parties of the list. `A与B举行
/// 会谈，双方签署…` ([`crate::extract::frame::both_sides`]): the last two parties
/// joined by 与/和/同/及 before the clause of 双方. A negated
/// frame gives nothing; a weak one (达成合作) only in a signing report (see
/// [`signing`]).
pub(super) fn signing_frame(
    ctx: &Context<'_>,
    i: usize,
    ms: &[usize],
    signing_report: bool,
    rel: &mut Vec<Found>,
) {
    let (ss, se) = ctx.sentences[i];
    let s = &ctx.text[ss..se];
    let inside = |p: usize| {
        ms.iter()
            .any(|&m| ctx.mentions[m].start < ss + p && ctx.mentions[m].end > ss + p)
    };
    let party = |m: usize| {
        matches!(
            ctx.ty(m),
            EntityType::Organization | EntityType::Place | EntityType::Park
        )
    };
    let employer = |m: usize| {
        rel.iter()
            .find(|f| f.p == Predicate::WorksFor && f.s == ctx.entity_of[m] && f.sentence == i)
            .map(|f| f.o)
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    for f in crate::extract::frame::sign_frames(s, ctx.rules, &inside) {
        if f.negated || (f.weak && !signing_report) {
            continue;
        }
        // A name after a count (`两家中国造船厂`, `34个非洲国家`) only
        // qualifies a generic partner.
        let counted =
            |m: usize| count_tail().is_match(&ctx.text[ss + f.b_start..ctx.mentions[m].start]);
        let partners: Vec<usize> = ms
            .iter()
            .copied()
            .filter(|&m| {
                party(m)
                    && ctx.mentions[m].start >= ss + f.b_start
                    && ctx.mentions[m].end <= ss + f.b_end
                    && !counted(m)
            })
            .collect();
        let last = ms.iter().copied().rfind(|&m| {
            ctx.mentions[m].start >= ss + f.clause_start && ctx.mentions[m].end <= ss + f.a_end
        });
        let ending = last.filter(|&m| ctx.mentions[m].end == ss + f.a_end);
        // The subject list: parties back to back with list separators.
        let mut subjects: Vec<usize> = Vec::new();
        if let Some(m) = ending.filter(|&m| party(m)) {
            subjects.push(ctx.entity_of[m]);
            let mut at = m;
            while let Some(k) = ms.iter().copied().rfind(|&k| {
                ctx.mentions[k].end <= ctx.mentions[at].start
                    && ctx.mentions[k].start >= ss + f.a_start
            }) {
                let sep = &ctx.text[ctx.mentions[k].end..ctx.mentions[at].start];
                if !party(k) || !matches!(sep, "、" | "及" | "以及" | "和") {
                    break;
                }
                subjects.push(ctx.entity_of[k]);
                at = k;
            }
        }
        let subject = ending
            .filter(|&m| !party(m) && ctx.ty(m) == EntityType::Person)
            .and_then(employer)
            .or_else(|| {
                let head = &s[f.a_start..f.a_end];
                if !ctx.rules.cue("sign_anaphor").iter().any(|w| w == head) {
                    return None;
                }
                ms.iter()
                    .copied()
                    .find(|&m| {
                        ctx.ty(m) == EntityType::Organization
                            && ctx.mentions[m].end <= ss + f.clause_start
                    })
                    .map(|m| ctx.entity_of[m])
            });
        // `阿里巴巴集团宣布，与雅虎达成…`, `武钢宣称与…`: the party that
        // announces, right before the announcing word (cue class
        // `announce`), when the subject region names nobody.
        let subject = subject.or_else(|| {
            if f.a_end > f.a_start
                && ctx
                    .rules
                    .cue("sign_anaphor")
                    .iter()
                    .all(|w| *w != s[f.a_start..f.a_end])
                && f.topic.is_none()
            {
                return None;
            }
            let conn_at = ss + f.b_start.min(f.a_end.max(f.clause_start));
            ms.iter()
                .copied()
                .rfind(|&m| {
                    party(m) && ctx.mentions[m].end <= conn_at && {
                        let mid = &ctx.text[ctx.mentions[m].end..conn_at];
                        mid.chars().count() <= 14
                            && ctx
                                .rules
                                .cue("announce")
                                .iter()
                                .any(|w| mid.contains(w.as_str()))
                            && !ms.iter().any(|&o| {
                                o != m
                                    && ctx.mentions[o].start >= ctx.mentions[m].end
                                    && ctx.mentions[o].end <= conn_at
                            })
                    }
                })
                .map(|m| ctx.entity_of[m])
        });
        // The party that opens the clause before.
        let subject = subject.or_else(|| {
            let (t0, t1) = f.topic?;
            ms.iter()
                .copied()
                .find(|&m| {
                    party(m) && ctx.mentions[m].start == ss + t0 && ctx.mentions[m].end <= ss + t1
                })
                .map(|m| ctx.entity_of[m])
        });
        if subjects.is_empty() {
            subjects.extend(subject);
        }
        if subjects.is_empty() {
            continue;
        }
        // The runs of partners joined by list separators (not two names
        // side by side: `阿尔及利亚国有铁路工程公司INFRAFER` is one party).
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for (x, &m) in partners.iter().enumerate() {
            let joined = x > 0 && {
                let (p, q) = (ctx.mentions[partners[x - 1]].end, ctx.mentions[m].start);
                p <= q && matches!(&ctx.text[p..q], "、" | "及" | "以及" | "和" | "与")
            };
            match runs.last_mut() {
                Some(run) if joined => run.push(ctx.entity_of[m]),
                _ => runs.push(vec![ctx.entity_of[m]]),
            }
        }
        let partners: Vec<usize> = partners.iter().map(|&m| ctx.entity_of[m]).collect();
        if !s[f.clause_start..f.cue].contains("分别") {
            // The partners of one list sign one agreement with each other
            // too (`中信银行与华西药业、达义物业三方签订…`), and so do the
            // members of a subject list.
            for list in runs.iter().chain(std::iter::once(&subjects)) {
                for (x, &b) in list.iter().enumerate() {
                    for &c in &list[x + 1..] {
                        found.push((b, c));
                    }
                }
            }
        }
        for &a in &subjects {
            for &b in &partners {
                found.push((a, b));
            }
        }
    }
    for l in crate::extract::frame::sign_lists(s, ctx.rules, &inside) {
        if l.weak && !signing_report {
            continue;
        }
        let members: Vec<usize> = l
            .items
            .iter()
            .filter_map(|&(a, b)| {
                ms.iter().copied().find(|&m| {
                    party(m) && ctx.mentions[m].start == ss + a && ctx.mentions[m].end <= ss + b
                })
            })
            .map(|m| ctx.entity_of[m])
            .collect();
        for (x, &b) in members.iter().enumerate() {
            for &c in &members[x + 1..] {
                found.push((b, c));
            }
        }
    }
    // 双方: the last two parties joined by 与/和/同/及 before the clause.
    for (clause_start, weak) in crate::extract::frame::both_sides(s, ctx.rules) {
        if weak && !signing_report {
            continue;
        }
        let before: Vec<usize> = ms
            .iter()
            .copied()
            .filter(|&m| party(m) && ctx.mentions[m].end <= ss + clause_start)
            .collect();
        if let Some(w) = before.windows(2).rev().find(|w| {
            matches!(
                ctx.text
                    .get(ctx.mentions[w[0]].end..ctx.mentions[w[1]].start),
                Some("与" | "和" | "同" | "及")
            )
        }) {
            found.push((ctx.entity_of[w[0]], ctx.entity_of[w[1]]));
        }
    }
    for (a, b) in found {
        if a != b {
            rel.push(Found::new(a, Predicate::SignedWith, b, i));
        }
    }
}

/// Whether a place is a district, county or town (a name prefix of a park
/// or project locates it only there, not in a province or country).
pub(super) fn local_area(ctx: &Context<'_>, forms: &[String]) -> bool {
    use crate::gazetteer::PlaceLevel;
    forms.iter().any(|f| {
        ctx.gazetteer
            .lookup(f)
            .first()
            .is_some_and(|e| matches!(e.level, Some(PlaceLevel::Area | PlaceLevel::Town)))
    })
}

/// `区县与X签署/携手…项目`: in a signing led by a district, the projects and
/// parks of the sentence are located in the district and the partner
/// organisation invests in the projects.
pub(super) fn district_signing(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    let (a, b) = ctx.sentences[i];
    if !ctx.rules.has_cue("sign", &ctx.text[a..b]) {
        return;
    }
    let Some(&lead) = ms.first() else { return };
    let (lt, ls) = ctx.entity_types[ctx.entity_of[lead]];
    if !(lt == EntityType::Place && ls == Some(Subtype::AdministrativeArea)
        || lt == EntityType::Park)
    {
        return;
    }
    let partner = ms.iter().copied().find(|&m| {
        ctx.ty(m) == EntityType::Organization && ctx.text[..ctx.mentions[m].start].ends_with('与')
    });
    for &m in &ms[1..] {
        let t = ctx.ty(m);
        if t == EntityType::Project
            || (t == EntityType::Park && ctx.text[..ctx.mentions[m].start].ends_with(['“', '设']))
        {
            rel.push(Found::new(
                ctx.entity_of[m],
                Predicate::LocatedIn,
                ctx.entity_of[lead],
                i,
            ));
            if let (Some(o), EntityType::Project) = (partner, t) {
                rel.push(Found::new(
                    ctx.entity_of[o],
                    Predicate::InvestsIn,
                    ctx.entity_of[m],
                    i,
                ));
            }
        }
    }
}

/// Article context: when the article reports signings at an expo (an event
/// named in a sentence with a signing cue, or the event a signing ceremony's
/// name starts with), every party and project of a signing sentence is
/// `signedAt` that expo.
pub(super) fn signed_at(ctx: &Context<'_>, rel: &mut Vec<Found>) {
    let sign_sentence = |i: usize| {
        let (a, b) = ctx.sentences[i];
        ctx.rules.has_cue("sign", &ctx.text[a..b])
    };
    // The expo: the event a signing ceremony (an event whose name holds
    // 签约) is named after or named with; failing a ceremony, an event named
    // in a signing sentence of an article with at least three signings.
    let ceremony = (0..ctx.mentions.len())
        .find(|&k| ctx.ty(k) == EntityType::Event && ctx.mentions[k].text.contains("签约"));
    let expo = match ceremony {
        Some(c) => {
            let cm = &ctx.mentions[c];
            (0..ctx.mentions.len())
                .filter(|&k| ctx.ty(k) == EntityType::Event && ctx.entity_of[k] != ctx.entity_of[c])
                .find(|&k| {
                    ctx.entity_forms[ctx.entity_of[k]]
                        .iter()
                        .any(|f| cm.text.starts_with(f.as_str()))
                        || ctx.mentions[k].sentence == cm.sentence
                })
                .map(|k| ctx.entity_of[k])
        }
        None => {
            let signings: std::collections::BTreeSet<usize> = rel
                .iter()
                .filter(|f| f.p == Predicate::SignedWith)
                .map(|f| f.sentence)
                .collect();
            (0..ctx.mentions.len())
                .filter(|_| signings.len() >= 3)
                .find(|&k| {
                    ctx.ty(k) == EntityType::Event && sign_sentence(ctx.mentions[k].sentence)
                })
                .map(|k| ctx.entity_of[k])
        }
    };
    let Some(expo) = expo else { return };
    // Under a signing ceremony, the investor of a project that settles in a
    // district signed with that district (项目落户璧山区 → 璧山区 signedWith
    // the project's investor).
    let mut pairs = Vec::new();
    for inv in rel.iter().filter(|f| f.p == Predicate::InvestsIn) {
        for loc in rel
            .iter()
            .filter(|f| f.p == Predicate::LocatedIn && f.s == inv.o && f.sentence == inv.sentence)
        {
            if ctx.entity_types[loc.o].1 == Some(Subtype::AdministrativeArea) {
                pairs.push(Found::new(
                    loc.o,
                    Predicate::SignedWith,
                    inv.s,
                    loc.sentence,
                ));
            }
        }
    }
    rel.extend(pairs);
    let parties: Vec<usize> = rel
        .iter()
        .filter(|f| f.p == Predicate::SignedWith)
        .flat_map(|f| [f.s, f.o])
        .collect();
    for (i, &(a, b)) in ctx.sentences.iter().enumerate() {
        let signing = sign_sentence(i);
        // Under a signing ceremony, a project placed or built somewhere is a
        // signed project too (云南耀兴集团将在垫江投资建设…项目).
        let has_project = ctx
            .mentions
            .iter()
            .enumerate()
            .any(|(k, m)| m.sentence == i && ctx.ty(k) == EntityType::Project);
        let projecting = has_project
            && (ctx.rules.has_cue("invest", &ctx.text[a..b])
                || ctx.rules.has_cue("locate", &ctx.text[a..b]));
        if !signing && !projecting {
            continue;
        }
        for (k, m) in ctx.mentions.iter().enumerate() {
            let e = ctx.entity_of[k];
            if m.sentence != i || e == expo {
                continue;
            }
            let (ty, sub) = ctx.entity_types[e];
            // An employer named in a title (两江新区党工委书记) is no party.
            let employer = rel
                .iter()
                .any(|f| f.p == Predicate::WorksFor && f.o == e && f.sentence == i);
            let keep = !employer
                && match ty {
                    EntityType::Organization => sub != Some(Subtype::MediaOutlet),
                    EntityType::Place => {
                        sub == Some(Subtype::AdministrativeArea)
                            && signing
                            && !ctx.text[a..m.start].ends_with(['在', '到', '户'])
                            || parties.contains(&e)
                    }
                    EntityType::Park => parties.contains(&e),
                    EntityType::Project => true,
                    _ => false,
                };
            if keep {
                rel.push(Found::new(e, Predicate::SignedAt, expo, i));
            }
        }
    }
}
