#!/usr/bin/env python3
"""Writes training-data/src/synthetic.jsonl (not trained on since the hand-written reports came): report narratives assembled from the hand-written fragments.

Every fragment pool is cut into five template families by index (i % 5); a document uses one family only and
its passages carry group "synth-<family>", so cross-validation by group never sees a fragment on both sides.
Deterministic (fixed seed). Run: python3 training-data/src/generate.py

Every passage carries weight 0.3: measured with the hand-written reports beside it (cross-validation over their
source groups, scored on hand-written groups only), the synthetic passages at full weight gave macro-F1 0.992,
at 0.3 0.994 and without them 0.986; on the held-out style set 0.987 / 0.990 / 0.992. They still teach vocabulary,
but the hand-written reports should decide the boundaries.
"""
import json, os, random, sys
sys.path.insert(0, os.path.dirname(__file__))
from fragments_measure import MEASURE, MEASURE_OPENERS, MEASURE_S5, MEASURE_S6
from fragments_other import (PROBLEM, PROBLEM_INTROS, IMPROVEMENT, IMPROVEMENT_FUTURE,
                             BOILERPLATE_PREAMBLE, BOILERPLATE_S6, BOILERPLATE_SLOGAN)
import fragments_more as more
WEIGHT = 0.3
MEASURE = MEASURE + more.MEASURE2
PROBLEM = PROBLEM + more.PROBLEM2
IMPROVEMENT = IMPROVEMENT + more.IMPROVEMENT2
IMPROVEMENT_FUTURE = IMPROVEMENT_FUTURE + more.IMPROVEMENT_FUTURE2
PROBLEM_INTROS = PROBLEM_INTROS + more.PROBLEM_INTROS2
BOILERPLATE_PREAMBLE = BOILERPLATE_PREAMBLE + more.BOILERPLATE_PREAMBLE2
BOILERPLATE_SLOGAN = BOILERPLATE_SLOGAN + more.BOILERPLATE_SLOGAN2
BOILERPLATE_S6 = BOILERPLATE_S6 + more.BOILERPLATE_S6_2
MEASURE_S6 = MEASURE_S6 + more.MEASURE_S6_2
MEASURE_S5 = MEASURE_S5 + more.MEASURE_S5_2 + more.MEASURE_S5_3
IMPROVEMENT = IMPROVEMENT + more.IMPROVEMENT_PROBLEM_WORDS

FAMILIES = 5
rng = random.Random(20250601)

PLACES = ["河曲县", "延津县", "双柏县", "灵丘县", "开江县", "宁乡市", "临澧县", "武功县", "盐边县", "太和县", "新化县", "崇义县",
          "岳西县", "隆回县", "蒙城县", "平阴县", "永嘉县", "龙泉市", "丰宁满族自治县", "民勤县", "石阡县", "芒市", "大通县",
          "阿荣旗", "伊宁县", "海城市", "桦甸市", "宾县", "如东县", "长兴县", "南安市", "德兴市", "莒县", "林州市", "监利市",
          "武冈市", "英德市", "宾阳县", "琼中县", "垫江县", "仁寿县", "湄潭县", "弥勒市", "林芝市巴宜区", "勉县", "临洮县",
          "湟源县", "中宁县", "沙湾市", "安平县", "寿阳县", "托克托县", "岫岩满族自治县", "敦化市", "尚志市", "江阴市"]
TOWN_NAMES = ["社梁", "司寨", "哈拉直沟", "下关", "石佛", "白马", "青山", "长坪", "河口", "桥头", "大兴", "新集", "柳河",
              "黄土岗", "三岔", "龙泉", "东风", "杨柳", "凤凰", "双河", "马坪", "高桥", "金鸡", "水口", "太平", "红星"]
DEPTS = ["教育局", "自然资源局", "卫生健康局", "市场监督管理局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局",
         "农业农村局", "水利局", "民政局", "财政局", "生态环境分局", "应急管理局", "医疗保障局", "退役军人事务局", "文化和旅游局",
         "司法局", "审计局", "统计局", "林业局", "行政审批服务局", "发展和改革局", "商务局", "城市管理局"]
PLATFORMS = ["县政府门户网站", "政府信息公开专栏", "政务微信公众号", "村务公开栏", "政务微博", "政府公报", "乡政务公开栏",
             "区政府网站信息公开平台", "“掌上政务”客户端", "便民服务中心电子显示屏"]
COLUMNS = ["重点领域信息公开", "政策解读", "乡村振兴", "财政资金", "民生保障", "政策文件", "公示公告", "便民服务",
           "营商环境", "社会救助", "教育信息", "安全生产"]
LEADERS = ["党委书记", "乡长", "镇长", "局长", "主任", "主要负责同志", "党组书记"]

HEADINGS_S1 = ["主动公开情况", "依申请公开情况", "政府信息管理情况", "平台建设情况", "监督保障情况", "政府信息公开平台建设情况",
               "加强组织领导", "政策解读情况", "回应社会关切情况", "主动公开方面", "依申请公开方面", "政府信息管理",
               "政府信息公开监督保障情况", "重点领域信息公开", "规范信息发布", "强化监督检查"]
HEAD_PROBLEM = ["存在的主要问题", "存在的问题", "存在问题", "主要问题", "工作中存在的不足", "存在的不足", "问题和不足"]
HEAD_IMPROVE = ["改进措施", "改进情况", "下一步工作打算", "整改措施", "下一步工作计划", "今后工作方向", "下一步工作措施",
                "改进方向"]
HEAD_S5_DONE = ["上年度问题整改情况", "整改落实情况"]
CN = "一二三四五六七八九十"

# Problem and improvement phrasings of one topic: "X需要进一步加强" (problem) versus "进一步加强X" (improvement).
TOPICS = [("公开内容", "深化"), ("政策解读工作", "加强"), ("信息发布的及时性", "提高"), ("公开形式的便民性", "提高"),
          ("政务公开队伍建设", "加强"), ("监督考核机制", "健全"), ("网站栏目管理", "规范"), ("依申请公开办理水平", "提升"),
          ("宣传引导工作", "加强"), ("公众参与工作", "深化"), ("舆情回应机制", "完善"), ("村务公开工作", "规范"),
          ("保密审查制度", "落实"), ("公开目录编制", "完善"), ("政务新媒体管理", "加强"), ("财政信息公开", "细化"),
          ("信息公开的主动性", "增强"), ("基层政务公开标准化建设", "推进"), ("政策文件库建设", "加快"), ("互动交流", "加强")]
PROBLEM_NEED = ["{t}需要进一步{v}", "{t}有待进一步{v}", "{t}仍需进一步{v}", "{t}还需{v}", "{t}有待{v}"]
IMPROVE_NEED = ["进一步{v}{t}", "着力{v}{t}", "持续{v}{t}", "切实{v}{t}", "不断{v}{t}"]


def family_of(pool, f):
    return [x for i, x in enumerate(pool) if i % FAMILIES == f]


def organ():
    kind = rng.choice(["town", "town", "street", "dept", "dept", "county"])
    place = rng.choice(PLACES)
    if kind == "town":
        t = rng.choice(TOWN_NAMES); suffix = rng.choice(["乡", "镇"])
        return f"{place}{t}{suffix}人民政府", rng.choice([f"我{suffix}", f"{t}{suffix}", f"本{suffix}", f"{t}{suffix}人民政府"])
    if kind == "street":
        t = rng.choice(TOWN_NAMES)
        return f"{place}{t}街道办事处", rng.choice(["本街道", f"{t}街道", "我街道", "街道办事处"])
    if kind == "dept":
        d = rng.choice(DEPTS)
        return f"{place}{d}", rng.choice(["我局", f"{place}{d}", "本机关", "本单位", "我局"])
    return f"{place}人民政府", rng.choice(["我县", "县政府", "本级政府", "我市", "我区"])


def fill(template, org, me, year):
    values = dict(self=me, org=org, year=year, prev=year - 1, next=year + 1, n=rng.choice([rng.randint(10, 99), rng.randint(100, 3000)]),
                  n2=rng.randint(1, 30), n3=rng.randint(2, 60), pct=f"{rng.choice([95, 98, 99, 100])}%",
                  platform=rng.choice(PLATFORMS), col=rng.choice(COLUMNS), leader=rng.choice(LEADERS), month=rng.randint(1, 12),
                  phone=f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}", addr=f"{rng.choice(PLACES)}{rng.choice(['人民路', '政府街', '建设路', '府前路'])}{rng.randint(1, 200)}号",
                  zip=f"{rng.randint(100000, 850000)}", place=rng.choice(PLACES).rstrip("县市区旗"))
    return template.format(**values)


def spaced(text):
    """Some reports (pdftotext, Word) put spaces around figures: '主动公开政府信息 16 条'."""
    if rng.random() < 0.25:
        out = []
        for i, c in enumerate(text):
            if c.isdigit() and (i == 0 or not text[i - 1].isdigit()): out.append(" ")
            out.append(c)
            if c.isdigit() and (i + 1 == len(text) or not text[i + 1].isdigit()): out.append(" ")
        return "".join(out).replace("  ", " ").strip()
    return text


def end(text, stop="。"):
    return text if text.endswith(("。", "；")) else text + stop


class Doc:
    def __init__(self, fam, index):
        self.fam = fam
        self.org, self.me = organ()
        self.year = rng.randint(2019, 2025)
        self.group = f"synth-{'ABCDE'[fam]}"
        self.rows = []
        self.pos = {}

    def add(self, section, text, label, context=None):
        text = spaced(text)
        last = self.rows[-1] if self.rows else None
        if (last is not None and last["label"] == label and last["section"] == section and rng.random() < 0.12
                and len(last["text"]) + len(text) < 220 and not text.startswith(("一是", "二是", "1、", "（1）", "**"))):
            last["text"] = last["text"] + text  # a caller may hand over two sentences as one passage
            return
        p = self.pos.get(section, 0)
        self.pos[section] = p + 1
        row = dict(text=text, label=label, section=section)
        if context: row["context"] = context
        row["position"] = p
        row["group"] = self.group
        row["weight"] = WEIGHT
        self.rows.append(row)

    def f(self, pool):
        return fill(rng.choice(family_of(pool, self.fam)), self.org, self.me, self.year)


def enumerated(items, style):
    """Enumerators as reports write them: 一是/二是, 1、, （1）, or none."""
    out = []
    for i, t in enumerate(items):
        if style != "none":
            for p in ("同时，", "此外，", "另外，", "从工作实际看，", "通过持续努力，", "在此基础上，"):
                if t.startswith(p): t = t[len(p):]
        if style == "shi": out.append(f"{CN[i]}是{t}")
        elif style == "num": out.append(f"{i + 1}、{t}")
        elif style == "paren": out.append(f"（{i + 1}）{t}")
        elif style == "bold": out.append(f"**{CN[i]}是**{t}")
        else: out.append(t)
    return out


MEASURE_PREFIX = ["", "", "", "同时，", "此外，", "今年以来，", "年内，", "全年", "{year}年，", "另外，", "通过持续努力，"]
MEASURE_SUFFIX = ["", "", "", "，有效保障了群众的知情权、参与权和监督权", "，取得了良好效果", "，进一步提升了公开质量",
                  "，确保信息公开及时准确", "，得到了群众的认可", "，形成了长效机制", "，工作规范化水平不断提高"]
IMPROVE_PREFIX = ["", "", "", "要", "着力", "{next}年，", "同时，", "此外，要", "继续", "切实", "在此基础上，", "重点"]
IMPROVE_SUFFIX = ["", "", "", "，推动政务公开工作再上新台阶", "，切实提升群众满意度", "，确保取得实效", "，不断提高政务公开工作水平",
                  "，让群众看得懂、用得上", "，努力实现公开质量和效果双提升"]
PROBLEM_PREFIX = ["", "", "", "部分", "同时，", "此外，", "个别单位", "一些", "从工作实际看，"]


def measure_text(d):
    if rng.random() < 0.08:
        return d.f(MEASURE_OPENERS)
    core = d.f(MEASURE)
    pre = fill(rng.choice(MEASURE_PREFIX), d.org, d.me, d.year)
    if pre.startswith("全年") and core.startswith(("全年", "{")): pre = ""
    if core.startswith(str(d.year)): pre = ""
    return pre + core + rng.choice(MEASURE_SUFFIX)


def improvement_text(d):
    r = rng.random()
    if r < 0.25:
        t, v = rng.choice(family_of(TOPICS, d.fam))
        core = rng.choice(IMPROVE_NEED).format(t=t, v=v)
        extra = rng.choice(family_of(IMPROVEMENT, d.fam)).split("，", 1)
        return core + ("，" + extra[1] if len(extra) > 1 and rng.random() < 0.6 else "") + rng.choice(IMPROVE_SUFFIX)
    elif r < 0.45:
        return d.f(IMPROVEMENT_FUTURE)
    else:
        core = d.f(IMPROVEMENT)
    pre = fill(rng.choice(IMPROVE_PREFIX), d.org, d.me, d.year)
    if pre == "要" and core.startswith(("进一步", "持续")): pre = "要"
    return pre + core + rng.choice(IMPROVE_SUFFIX)


def problem_text(d):
    if rng.random() < 0.25:
        t, v = rng.choice(family_of(TOPICS, d.fam))
        core = rng.choice(PROBLEM_NEED).format(t=t, v=v)
        if rng.random() < 0.5:
            core += "，" + rng.choice(family_of(PROBLEM, d.fam)).split("，")[0]
        return core
    core = d.f(PROBLEM)
    pre = rng.choice(PROBLEM_PREFIX)
    if pre in ("部分", "个别单位", "一些") and core.startswith(("部分", "个别", "对", "与", "在", "政", "公", "信", "工", "数", "业", "网", "财", "村", "重", "基", "回")):
        pre = ""
    return pre + core


def section1(d):
    if rng.random() < 0.15:
        d.add(1, end(d.f(BOILERPLATE_PREAMBLE)), "boilerplate")  # some reports put the basis into 总体情况
    if rng.random() < 0.65:
        if rng.random() < 0.55:
            d.add(1, end(d.f(BOILERPLATE_SLOGAN), rng.choice("。。：")), "boilerplate")
        else:
            d.add(1, end(d.f(MEASURE_OPENERS)), "measure")
    use_headings = rng.random() < 0.75
    heads = rng.sample(HEADINGS_S1, rng.randint(2, 5))
    for h in heads:
        ctx = h if use_headings else None
        n = rng.randint(1, 4)
        items = [measure_text(d) for _ in range(n)]
        style = rng.choice(["shi", "none", "none", "num", "shi", "bold"]) if n > 1 else "none"
        for t in enumerated(items, style):
            d.add(1, end(t, rng.choice("。。。；")), "measure", ctx)


def sections234(d):
    if rng.random() < 0.3:
        d.add(2, end(rng.choice(["详见下表", "具体情况见下表", "主动公开政府信息情况统计如下", "本机关主动公开政府信息情况如下表所示",
                                 "第二十条第（一）项、第（五）项、第（六）项、第（八）项信息公开情况见下表"])), "boilerplate")
    if rng.random() < 0.15:
        d.add(2, end(rng.choice([f"{d.year}年，{d.me}制发规范性文件{rng.randint(1, 12)}件，废止{rng.randint(0, 5)}件",
                                 f"本年度{d.me}作出行政处罚决定{rng.randint(1, 300)}件，均已在网站公示",
                                 f"{d.year}年{d.me}未制发规章和规范性文件"])), "measure")
    if rng.random() < 0.3:
        t = rng.choice([f"{d.year}年，{d.me}共收到政府信息公开申请{rng.randint(1, 40)}件，均已按期答复",
                        f"本年度{d.me}未收到政府信息公开申请",
                        f"{d.year}年度新收政府信息公开申请{rng.randint(1, 90)}件，上年结转{rng.randint(0, 5)}件"])
        d.add(3, end(t), "measure")
    if rng.random() < 0.3:
        t = rng.choice([f"{d.year}年，{d.me}未发生政府信息公开行政复议、行政诉讼案件",
                        f"本年度因政府信息公开被申请行政复议{rng.randint(1, 9)}件，结果均为维持"])
        d.add(4, end(t), "measure")


def section5(d):
    layout = rng.choice(["headings", "headings", "inline", "leadin", "leadin", "plain"])
    probs = [problem_text(d) for _ in range(rng.randint(1, 4))]
    imps = [improvement_text(d) for _ in range(rng.randint(2, 5))]
    ph, ih = rng.choice(HEAD_PROBLEM), rng.choice(HEAD_IMPROVE)
    pstyle = rng.choice(["shi", "shi", "none", "num", "paren", "shi", "bold"])
    istyle = rng.choice(["shi", "num", "none", "paren", "shi", "num"])
    if layout in ("headings", "inline"):
        # "（一）存在的问题" on its own line, or inline "（一）存在问题。一是…"
        intro = rng.random() < 0.4
        if intro: d.add(5, end(d.f(PROBLEM_INTROS), rng.choice("。：")), "problem", ph)
        for t in enumerated(probs, pstyle): d.add(5, end(t, rng.choice("。；")), "problem", ph + ("/存在的问题" if intro and rng.random() < 0.5 else ""))
        if rng.random() < 0.3:
            d.add(5, end(d.f(IMPROVEMENT_FUTURE)), "improvement", ph)  # a plan inside the problems paragraph
        if rng.random() < 0.35:
            d.add(5, end(d.f(MEASURE_S5)), "measure", rng.choice(HEAD_S5_DONE + [ph]))
        lead = rng.random() < 0.4
        if lead: d.add(5, end(d.f(IMPROVEMENT_FUTURE), rng.choice("。：")), "improvement", ih)
        for t in enumerated(imps, istyle): d.add(5, end(t, rng.choice("。。；")), "improvement", ih + ("/下一步" if lead and rng.random() < 0.5 else ""))
    else:
        ctx_p = "存在的问题" if layout == "leadin" else None
        ctx_i = "下一步" if layout == "leadin" else None
        d.add(5, end(d.f(PROBLEM_INTROS), rng.choice("。：")), "problem")
        for t in enumerated(probs, pstyle): d.add(5, end(t, rng.choice("。；")), "problem", ctx_p)
        if rng.random() < 0.3:
            d.add(5, end(d.f(MEASURE_S5)), "measure")
        d.add(5, end(d.f(IMPROVEMENT_FUTURE), rng.choice("。：")), "improvement")
        for t in enumerated(imps, istyle): d.add(5, end(t, rng.choice("。。；")), "improvement", ctx_i)


def section6(d):
    if rng.random() < 0.35:
        d.add(6, end(d.f(MEASURE_S6)), "measure")
    if rng.random() < 0.8:
        d.add(6, end(d.f(BOILERPLATE_S6)), "boilerplate")
    if rng.random() < 0.2:
        d.add(6, end(fill(rng.choice(BOILERPLATE_PREAMBLE[4:7]), d.org, d.me, d.year)), "boilerplate")
    if rng.random() < 0.25:  # the signature block, when a caller hands it over as a passage
        date = f"{d.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
        d.add(6, rng.choice([f"{d.org}{date}", f"{d.org} {date}", f"{date}", f"（联系电话：0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}）{d.org}{date}"]),
              "boilerplate")


def document(fam, index):
    d = Doc(fam, index)
    for t in rng.sample(family_of(BOILERPLATE_PREAMBLE, fam), rng.randint(0, 2)):
        d.add(0, end(fill(t, d.org, d.me, d.year)), "boilerplate")
    section1(d)
    sections234(d)
    section5(d)
    section6(d)
    if rng.random() < 0.1:
        d.add(5, "特此报告。", "boilerplate")
    return d.rows


def main():
    out = os.path.join(os.path.dirname(__file__), "synthetic.jsonl")
    seen = set()
    rows = []
    for index in range(450):
        for row in document(index % FAMILIES, index):
            key = row["text"].replace(" ", "")
            if key in seen: continue
            seen.add(key)
            rows.append(row)
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(rows), Counter(r["label"] for r in rows), file=sys.stderr)


if __name__ == "__main__":
    main()
