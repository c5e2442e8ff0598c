#!/usr/bin/env python3
"""Distil the shared gazetteer sources into tupu's bundled dictionaries.

Reproducible, standard library only. Reads /work/shared (or the directory
given as the first argument) and writes into data/gazetteers/ of the repo:

  places.tsv               admin divisions (NBS 2023 + HK/MO/TW), full + short forms
  parks.tsv                NBS "functional zones" (codes xxxx7x: 开发区, 高新区, 新区 ...)
  surnames.tsv             Chinese surnames with frequency
  company_short_names.txt  only with --company-short-names (not bundled; see SOURCES.md)

Hand-curated files (countries.tsv, organizations.tsv, job_titles.txt,
province_abbrev.tsv) are edited by hand and not touched here.

Usage: python3 scripts/distill_gazetteers.py [SHARED_DIR]
"""

import csv
import json
import os
import re
import sys
from collections import Counter

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "data", "gazetteers")

# The 55 minority ethnic names (without 族), longest first so that 土家 wins
# over 土 when stripping "土家族" from the end of an autonomous area's name.
ETHNIC = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
    佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南
    仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔
    独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split(),
    key=len,
    reverse=True,
)

# Short forms (name without 区/县/市/旗 ...) that are ordinary Chinese words or
# names of something else far more often than of the place. A short form in
# this list is not written; the full form (和平区, 公安县, 来宾市) still is.
# (Applies to cities and districts/counties, never to provinces.)
# Found by reading the short forms whose xwlb count dwarfs the full form's.
SHORT_STOPLIST = set(
    """和平 新华 市中 城中 城东 城西 城南 城北 城关 城区 前进 友好 红旗 新兴 振兴 光明 平安
    合作 共和 向阳 胜利 新城 老城 新市 开发 东方 安定 吉利 东风 团结 民主 大方 方正 通道
    富民 安宁 公安 新建 中方 资源 沿河 安居 平原 河口 高明 南海 洞口 友谊 富裕 长安 天心
    芙蓉 朝天 江南 河东 河西 桥东 桥西 路南 路北 市南 市北 上城 下城 城厢 永定 永安 太平
    红星 兴业 康乐 和顺 永和 新区 高新 矿区 郊区 宝山 金山 青山 南山 北山 白云 天河 龙井
    西区 东区 南区 北区 中区 新民 兴安 大安 和龙 正安 安全 海城 南城 江城 东城 西城
    双桥 清河 宁安 新乐 长丰 石门 永新 安远 东兴 津市 桃源 江口 定安 白沙 昌江
    大通 通州 新都 双流 温江 金牛 青羊 成华 武侯 东坡 名山 黑水 金川 小金 宝兴 信义 大安
    仁爱 中正 三民 大树 永康 新化 新营 七股 将军 大内 山上 左镇 六甲 安南 中西 东山 北门
    湖口 新丰 宝山 横山 峨眉 五峰 公馆 三义 大湖 西湖 南庄 泰安 田中 北斗 福兴 花坛 社头
    秀水 大村 芳苑 溪州 田尾 大城 二水 竹山 集集 国姓 水里 鱼池 古坑 口湖 水林 四湖 林内
    大林 布袋 民雄 水上 中埔 新港 东石 六脚 梅山 义竹 溪口 大埔 东港 万丹 新园 长治 里港
    高树 九如 佳冬 林边 竹田 琉球 南州 车城 春日 牡丹 狮子 三星 南澳 玉里 吉安 光复
    瑞穗 万荣 成功 关山 东河 池上 大武 金峰 延平 湖西 望安 七美 太保 龙潭 大溪 大园 观音
    新屋 复兴 八德 杨梅 平镇 中和 三重 新店 土城 树林 淡水 三峡 林口 五股 泰山 八里 深坑
    万里 双溪 平溪 士林 内湖 松山 万华 南港 北屯 西屯 大里 南屯 大雅 清水 大甲 神冈 大肚
    后里 东势 外埔 新社 石冈 香山 安乐 七堵 暖暖 前镇 小港 鼓山 大寮 林园 路竹 桥头 旗山
    大社 湖内 阿莲 旗津 前金 内门 六龟 田寮 茂林 凤山 盐水 西港 下营 后壁 官田 柳营 玉井
    南部 和政 新和 安新 大关 运河 延长 惠民 港口 解放 民和 宏伟 大新 会同 同心 平和 古城
    华龙 天全 太湖 海港 上高 滨海 同德 卫东 云龙 新平 三江 安国 东明 互助 建平 江海 盐湖
    同安 新安 中原 万年 龙门 金沙 大田 灯塔 九龙 民乐 江源 天山 金水 利通 民丰 双城 东海
    乌兰 政和 爱民 千山 黑山 台前 盘山 江山 南开 连云 离岛 界首 平陆 冈山 新干 伊美 高要
    比如 修武 丰满 山城 资兴 台中 嘉陵 都安 广阳 来宾 长治 扬中 定日 兴国 安康 资中 海西 乐业
    亚东 福安
    龙崎 南化 安平 白河 学甲 麻豆 善化 佳里 仁德 归仁 关庙 楠西 大堂 北投 中西 油尖旺 南区
    """.split()
)

# Last two characters of a 乡 name that make it an ordinary word (家乡, 城乡 ...):
# such towns are skipped because the text match would almost always be wrong.
XIANG_STOP = set("城乡 家乡 下乡 故乡 老乡 同乡 返乡 水乡 他乡 异乡 回乡 还乡 梦乡 思乡 离乡 本乡 外乡 山乡 侨乡".split())


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def strip_autonomy(name):
    """'恩施土家族苗族自治州' -> '恩施'; returns None when nothing is left."""
    for suf in ("自治州", "自治县", "自治旗", "自治区"):
        if name.endswith(suf):
            rest = name[: -len(suf)]
            changed = True
            while changed:
                changed = False
                for eth in ETHNIC:
                    # bare names only for multi-character groups (博尔塔拉蒙古自治州),
                    # so 彭水 keeps its 水
                    for tail in (eth + "族", eth) if len(eth) > 1 else (eth + "族",):
                        if rest.endswith(tail) and len(rest) > len(tail):
                            rest = rest[: -len(tail)]
                            changed = True
                            break
                    if changed:
                        break
            return rest
    return None


def short_form(name, level):
    """The usual short form of an admin-division name, or None."""
    auto = strip_autonomy(name)
    if auto is not None:
        s = auto
    elif level == "province":
        s = re.sub(r"(特别行政区|省|市)$", "", name)
    elif level == "city":
        s = re.sub(r"(地区|市|盟)$", "", name)
    else:
        s = re.sub(r"(林区|特区|新区|市|区|县|旗)$", "", name)
        if name.endswith("新区"):
            return None  # 滨海新区 -> 滨海 is not what 新区 means
    if s == name or len(s) < 2 or s in SHORT_STOPLIST and level in ("area", "city"):
        return None
    return s


def distil_places(shared):
    src = os.path.join(shared, "gazetteers", "admin-divisions")
    provinces = {r["code"]: r["name"] for r in read_csv(os.path.join(src, "provinces.csv"))}
    cities = {r["code"]: r for r in read_csv(os.path.join(src, "cities.csv"))}
    areas = {r["code"]: r for r in read_csv(os.path.join(src, "areas.csv"))}
    rows = []  # (name, canonical, subtype, level, parent, form)
    parks = []  # (name, canonical, form, parent)

    def add(name, level, parent):
        rows.append((name, name, "AdministrativeArea", level, parent, "full"))
        s = short_form(name, level)
        if s:
            rows.append((s, name, "AdministrativeArea", level, parent, "short"))

    for code, name in provinces.items():
        add(name, "province", "-")
    placeholder = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    for code, r in cities.items():
        if r["name"] in placeholder:
            continue
        add(r["name"], "city", provinces[r["provinceCode"]])
    for code, r in areas.items():
        city = cities[r["cityCode"]]["name"]
        parent = provinces[r["provinceCode"]] if city in placeholder else city
        name = r["name"]
        if code[4] == "7":
            # NBS functional zones (开发区, 高新区, 管理区): parks, not places.
            if re.search(r"(开发区|新区|园区|示范区|试验区|高新区|新城|合作区)$", name):
                parks.append((name, name, "full", parent))
                m = re.match(r"^(.*?)高新技术产业开发区$", name)
                if m and len(m.group(1)) >= 2:
                    parks.append((m.group(1) + "高新区", name, "short", parent))
                m = re.match(r"^(.*?)经济技术开发区$", name)
                if m and len(m.group(1)) >= 2:
                    parks.append((m.group(1) + "经开区", name, "short", parent))
            continue
        if name in placeholder or "群岛" in name or name.endswith("管委会"):
            continue
        add(name, "area", parent)

    # Towns: only names ending in 镇/乡 (街道 are too generic), at least 3
    # characters, and not ending in an ordinary word (家乡, 城乡 ...).
    with open(os.path.join(src, "streets.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = r["name"]
            if not (name.endswith("镇") or name.endswith("乡")) or len(name) < 3:
                continue
            if name[-2:] in XIANG_STOP:
                continue
            area = areas.get(r["areaCode"])
            if area is None:
                continue
            rows.append((name, name, "AdministrativeArea", "town", area["name"], "full"))

    with open(os.path.join(src, "HK-MO-TW.json"), encoding="utf-8") as f:
        hmt = json.load(f)
    for prov, subs in hmt.items():
        add(prov, "province", "-")
        for city, districts in subs.items():
            add(city, "city", prov)
            for d in districts:
                d = re.sub(r"（.*?）", "", d)
                level = "town" if d[-1] in "镇乡" else "area"
                rows.append((d, d, "AdministrativeArea", level, city, "full"))
                s = short_form(d, "area") if level == "area" else None
                if s:
                    rows.append((s, d, "AdministrativeArea", level, city, "short"))

    # A lower level's short form that equals a higher level's name or short
    # form (西安区 -> 西安, 吉林市 -> 吉林, 海南藏族自治州 -> 海南) would make the
    # far more common reading ambiguous: drop it.
    taken = set()
    for level in ("province", "city", "area"):
        rows = [r for r in rows if not (r[3] == level and r[5] == "short" and r[0] in taken)]
        taken |= {r[0] for r in rows if r[3] == level}

    level_rank = {"province": 0, "city": 1, "area": 2, "town": 3}
    rows = sorted(set(rows), key=lambda r: (level_rank[r[3]], r[5] != "full", r[1], r[0], r[4]))
    with open(os.path.join(OUT, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# Chinese administrative divisions: NBS 2023 统计用区划代码 via modood/Administrative-divisions-of-China (WTFPL),\n")
        f.write("# plus HK-MO-TW.json. Generated by scripts/distill_gazetteers.py; do not edit by hand.\n")
        f.write("# name\tcanonical\tsubtype\tlevel(province|city|area|town)\tparent canonical (- for none)\tform(full|short)\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    parks = sorted(set(parks), key=lambda r: (r[1], r[2] != "full", r[0]))
    with open(os.path.join(OUT, "parks.tsv"), "w", encoding="utf-8") as f:
        f.write("# Development zones listed by NBS as county-level functional areas (codes xxxx7x), with\n")
        f.write("# 高新区/经开区 short forms. Generated by scripts/distill_gazetteers.py; do not edit by hand.\n")
        f.write("# name\tcanonical\tform(full|short)\tparent canonical\n")
        for r in parks:
            f.write("\t".join(r) + "\n")
    return rows, parks


def distil_surnames(shared):
    src = os.path.join(shared, "gazetteers", "person-names", "chinese_family_names.tsv")
    out = []
    with open(src, encoding="utf-8-sig") as f:
        for i, line in enumerate(f):
            parts = line.rstrip("\r\n").split("\t")
            if i == 0 or len(parts) < 2:
                continue
            try:
                freq = round(float(parts[1]), 1)
            except ValueError:
                continue
            name = parts[0].strip()
            if 1 <= len(name) <= 2 and all("\u4e00" <= c <= "\u9fff" for c in name):
                out.append((name, freq))
    best = {}
    for name, freq in out:
        best[name] = max(freq, best.get(name, 0))
    items = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    with open(os.path.join(OUT, "surnames.tsv"), "w", encoding="utf-8") as f:
        f.write("# Chinese surnames (1-2 characters) from wainshine/Chinese-Names-Corpus Chinese_Family_Name_1k\n")
        f.write("# (Apache-2.0). Generated by scripts/distill_gazetteers.py; do not edit by hand.\n")
        f.write("# surname\tfrequency (the source's TF column), most frequent first\n")
        for name, freq in items:
            f.write(f"{name}\t{freq:g}\n")
    return items


def distil_company_short_names(shared, min_count=3):
    src = os.path.join(shared, "gazetteers", "company-names", "Company-Shorter-Form_28W.txt")
    names = set()
    with open(src, encoding="utf-8-sig") as f:
        for i, line in enumerate(f):
            name = line.strip()
            if i < 2 or not name:
                continue  # 2-line header: By@萌名NameMoe / 2022.11.30
            if 2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name):
                names.add(name)
    corpus = os.path.join(shared, "corpora", "xwlb", "stories.jsonl")
    counts = Counter()
    by_len = {n: {x for x in names if len(x) == n} for n in (2, 3, 4)}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text", "")
            for n, pool in by_len.items():
                for i in range(len(text) - n + 1):
                    w = text[i : i + n]
                    if w in pool:
                        counts[w] += 1
    kept = sorted(n for n in names if counts[n] >= min_count)
    with open(os.path.join(OUT, "company_short_names.txt"), "w", encoding="utf-8") as f:
        f.write("# Company short names (2-4 characters) from wainshine/Company-Names-Corpus Company-Shorter-Form 28W\n")
        f.write(f"# (Apache-2.0), kept only when the string occurs >= {min_count} times in the xwlb corpus.\n")
        f.write("# Generated by scripts/distill_gazetteers.py; do not edit by hand.\n# name\tnumber of occurrences in xwlb\n")
        for n in kept:
            f.write(f"{n}\t{counts[n]}\n")
    return kept


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shared = args[0] if args else "/work/shared"
    os.makedirs(OUT, exist_ok=True)
    rows, parks = distil_places(shared)
    print(f"places.tsv: {len(rows)} rows; parks.tsv: {len(parks)} rows")
    print(f"surnames.tsv: {len(distil_surnames(shared))} surnames")
    # company_short_names.txt is not generated: see data/gazetteers/SOURCES.md
    # (even with the xwlb filter the 28W list yields mostly ordinary words).
    if "--company-short-names" in sys.argv:
        print(f"company_short_names.txt: {len(distil_company_short_names(shared))} names")


if __name__ == "__main__":
    main()
