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

/// Where a place entity stands among administrative areas, larger first
/// ([`place_rank`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlaceRank {
    /// 0 a country, 1 a province (or a foreign state), 2 a city, 3 a
    /// district or county, 4 a town, 5 a village or community, 6 a park or
    /// venue.
    Known(u8),
    /// A place whose level neither the gazetteer nor its name tells
    /// (伊斯坦布尔, 洛杉矶).
    Unknown,
    /// A world region, or no place at all.
    NotArea,
}

/// The [`PlaceRank`] of an entity: from the gazetteer's level of any of its
/// forms (or of a form with a province or city ending added: 内蒙古), else
/// from its name's ending (the `area_*` cue classes of
/// `data/rules/relation_cues.tsv`).
pub(super) fn place_rank(ctx: &Context<'_>, entity: usize) -> PlaceRank {
    use crate::gazetteer::PlaceLevel;
    let (ty, sub) = ctx.entity_types[entity];
    if ty == EntityType::Park || sub == Some(Subtype::Venue) {
        return PlaceRank::Known(6);
    }
    if ty != EntityType::Place {
        return PlaceRank::NotArea;
    }
    let forms = &ctx.entity_forms[entity];
    // A short form the gazetteer lacks is looked up with the endings of a
    // province or city (内蒙古 → 内蒙古自治区).
    let endings: Vec<&String> = ctx
        .rules
        .cue("area_province")
        .iter()
        .chain(ctx.rules.cue("area_city"))
        .collect();
    let known = forms.iter().cloned().chain(
        forms
            .iter()
            .flat_map(|f| endings.iter().map(move |e| format!("{f}{e}"))),
    );
    for f in known {
        if let Some(level) = ctx.gazetteer.lookup(&f).iter().find_map(|e| e.level) {
            return match level {
                PlaceLevel::Country => PlaceRank::Known(0),
                PlaceLevel::Region => PlaceRank::NotArea,
                PlaceLevel::Province => PlaceRank::Known(1),
                PlaceLevel::City => PlaceRank::Known(2),
                PlaceLevel::Area => PlaceRank::Known(3),
                PlaceLevel::Town => PlaceRank::Known(4),
            };
        }
    }
    let classes = [
        "area_province",
        "area_city",
        "area_county",
        "area_town",
        "area_village",
    ];
    forms
        .iter()
        .find_map(|f| {
            classes.iter().zip(1u8..).find_map(|(class, rank)| {
                let ends =
                    ctx.rules.cue(class).iter().any(|c| {
                        f.ends_with(c.as_str()) && f.chars().count() > c.chars().count() + 1
                    });
                ends.then_some(PlaceRank::Known(rank))
            })
        })
        .unwrap_or(PlaceRank::Unknown)
}

/// `湖南省桃源县`, `美国加利福尼亚州`, `土耳其伊斯坦布尔`, `哈尔滨市太阳岛宾馆`,
/// `俄罗斯鄂木斯克州的鄂木斯克炼油厂`, `北川羌族自治县的石椅村`, `安哥拉首都罗安达`:
/// a place, park or venue written right after a larger place (nothing, 首都,
/// or a lone 的 before a venue, a park or a place of lower rank between) is
/// located in it (ANNOTATION.md, "News stories": a smaller administrative
/// area is located in the larger one written with it); so are the places
/// listed after it with 、 at its rank (`东莞的沙田镇、虎门镇`). Ranks come from
/// [`place_rank`]: the second must rank strictly below the first, or be of
/// unknown rank right after a country, province, city or county.
pub(super) fn nested_places(ctx: &Context<'_>, i: usize, ms: &[usize], rel: &mut Vec<Found>) {
    for (x, w) in ms.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let mid = ctx.between(a, b);
        let (ea, eb) = (ctx.entity_of[a], ctx.entity_of[b]);
        if ea == eb || ctx.ty(a) != EntityType::Place {
            continue;
        }
        let (ra, rb) = (place_rank(ctx, ea), place_rank(ctx, eb));
        let nested = match (mid, ra, rb) {
            // 白俄罗斯首都明斯克
            ("首都", PlaceRank::Known(0), _) => ctx.ty(b) == EntityType::Place,
            ("", PlaceRank::Known(ra), PlaceRank::Known(rb)) => ra < rb && ra < 6,
            ("", PlaceRank::Known(ra), PlaceRank::Unknown) => ra <= 3,
            ("的", PlaceRank::Known(ra), PlaceRank::Known(rb)) => {
                ra < rb && (ctx.ty(b) != EntityType::Place || ra >= 2)
            }
            _ => false,
        };
        if !nested {
            continue;
        }
        rel.push(Found::new(eb, Predicate::LocatedIn, ea, i));
        // 东莞的沙田镇、虎门镇: the list goes on at the rank of its first item.
        let mut prev = b;
        for &c in &ms[x + 2..] {
            if ctx.between(prev, c) != "、"
                || ctx.ty(c) != ctx.ty(b)
                || place_rank(ctx, ctx.entity_of[c]) != rb
                || rb == PlaceRank::Unknown
            {
                break;
            }
            rel.push(Found::new(ctx.entity_of[c], Predicate::LocatedIn, ea, i));
            prev = c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::statements;
    use crate::annotation::Predicate;

    fn located(text: &str) -> Vec<(String, String)> {
        statements(text, Predicate::LocatedIn)
    }

    #[test]
    fn a_smaller_area_written_after_a_larger_one_is_located_in_it() {
        // xwlb-20230303-04 style chains of Chinese divisions.
        let got = located("记者来到了湖南省桃源县，眼下这里的秋收已基本结束。");
        assert!(
            got.iter()
                .any(|(s, o)| s.starts_with("桃源") && o.starts_with("湖南")),
            "{got:?}"
        );
        // A foreign state after its country, a city after its state.
        let got = located("美国加利福尼亚州洛杉矶地区发生枪击事件。");
        assert!(
            got.iter().any(|(s, o)| s == "加利福尼亚州" && o == "美国"),
            "{got:?}"
        );
    }

    #[test]
    fn places_of_one_level_side_by_side_are_not_nested() {
        // 广州、深圳: a list, not a chain; 北京上海 written together is no nesting either.
        let got = located("在广州、深圳、香港等赛区举办的十五运会。北京上海两地同步开展。");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_capital_after_its_country_is_located_in_it() {
        // xwlb-20231111-12 (data/news-gold).
        let got = located("由中国企业承建的内图博士国际机场10日在安哥拉首都罗安达举行开航庆典。");
        assert!(
            got.iter().any(|(s, o)| s == "罗安达" && o == "安哥拉"),
            "{got:?}"
        );
    }

    #[test]
    fn places_after_a_larger_one_and_de_are_located_in_it() {
        // xwlb-20260326-10 (data/news-gold): the list after 的 too.
        let got = located(
            "狮子洋通道连接广州南沙区和东莞的沙田镇、虎门镇，是珠江口首条双层复合公路通道。",
        );
        for town in ["沙田镇", "虎门镇"] {
            assert!(
                got.iter().any(|(s, o)| s == town && o.starts_with("东莞")),
                "{town}: {got:?}"
            );
        }
        // xwlb-20260219-05 (data/news-gold).
        let got = located("四川省绵阳市北川羌族自治县的石椅村，坐落在海拔1200米羌山深处。");
        assert!(
            got.iter()
                .any(|(s, o)| s == "石椅村" && o == "北川羌族自治县"),
            "{got:?}"
        );
    }

    #[test]
    fn a_short_form_the_gazetteer_lacks_takes_the_rank_of_its_full_name() {
        // xwlb-20240624-11 (data/news-gold): 内蒙古 is 内蒙古自治区, a province.
        let got = located("“铸牢共同体 中华一家亲”主题宣传活动今天（6月24日）在内蒙古兴安盟启动。");
        assert!(
            got.iter()
                .any(|(s, o)| s == "兴安盟" && o.starts_with("内蒙古")),
            "{got:?}"
        );
    }

    #[test]
    fn a_place_of_unknown_rank_after_a_county_is_located_in_it() {
        // xwlb-20230408-09 (data/news-gold).
        let got =
            located("2023年共和国部长义务植树活动今天（4月8日）上午在北京市通州区张家湾公园举行。");
        assert!(
            got.iter().any(|(s, o)| s == "张家湾公园" && o == "通州区"),
            "{got:?}"
        );
    }
}
