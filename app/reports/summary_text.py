"""What the summary says, in order, as blocks for the layout (app/reports/summary_word.py): headings of three
levels (一、 / （一） / 1.), paragraphs, tables and charts with their captions. Every number comes from the
`Summary` (app/reports/summary_model.py); every section says so in words when there is nothing to count yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.reports import summary_charts as charts
from app.reports.summary_model import NO_CONCLUSION, Summary
from app.reports.tables import numbered

TEXT_WIDTH = 15.6  # cm


@dataclass(frozen=True)
class Block:
    kind: str  # title | h1 | h2 | h3 | p | table | chart | caption | closing
    text: str = ""
    headers: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()  # cm
    rows: tuple[tuple[str, ...], ...] = ()
    png: bytes = b""


def day(value: date | str | None) -> str:
    """A date as GB/T 9704 writes it: Arabic numerals, no leading zeros (2025年11月5日)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def _joined(parts: list[str]) -> str:
    return "、".join(parts)


def _counts(counts: dict[str, int], unit: str) -> str:
    return _joined([f"{label}{n}{unit}" for label, n in counts.items() if n])


def title_lines(s: Summary) -> list[str]:
    lines = [s.organ] if s.organ else []
    return lines + [f"{s.year}年度检验检测机构“双随机、一公开”", "监督抽查工作总结"]


def blocks(s: Summary) -> list[Block]:
    out = [Block("title", "\n".join(title_lines(s)))]
    basis = f"根据{s.notice_number}的部署，" if s.notice_number else ""
    plan = f"按照“{s.title}”" if s.title else "按照本年度抽查计划"
    out.append(Block("p", f"{basis}{s.organ or '本局'}{plan}，组织开展了{s.year}年度检验检测机构“双随机、一公开”"
                          f"监督抽查。现将截至{day(s.as_of)}的工作情况总结如下。"))
    sections = [("抽查计划和任务", _plan), ("抽取和检查情况", _drawn), ("发现的问题", _problems),
                ("盲样考核和授权签字人考试", _samples), ("处理情况", _handling), ("典型案例", _typical),
                ("尚待完成的工作", _open)]
    figures = [0]
    for n, (heading, make) in enumerate(sections, start=1):
        out.append(Block("h1", numbered(n, heading)))
        out += make(s, figures)
    if s.organ:
        out.append(Block("closing", s.organ))
    out.append(Block("closing", day(s.as_of)))
    return out


def _figure(figures: list[int], png: bytes, caption: str) -> list[Block]:
    figures[0] += 1
    return [Block("chart", png=png), Block("caption", f"图{figures[0]}　{caption}")]


def _plan(s: Summary, figures) -> list[Block]:
    text = (f"本年度抽查计划由{s.level}市场监管部门组织，计划抽查检验检测机构{s.quota_total}家，其中"
            + _joined([f"{label}{n}家" for label, n in s.quotas]) + "。")
    if s.rate:
        text += f"计划依据的抽查比例为{s.rate}"
        if s.rate_check is not None and s.registry_count is not None:
            text += (f"，公告抽取时计划范围内的检验检测机构共{s.registry_count}家，"
                     f"按比例计算为{s.rate_check}家，计划数为{s.quota_total}家")
        text += "。"
    if s.on_site_from or s.on_site_by:
        text += f"现场检查安排在{day(s.on_site_from) or '计划确定后'}至{day(s.on_site_by) or '年底'}进行"
        text += f"，工作总结于{day(s.summary_by)}前报送。" if s.summary_by else "。"
    return [Block("p", text)]


def _drawn(s: Summary, figures) -> list[Block]:
    out = [Block("h2", "（一）随机抽取")]
    if not s.draw_announced:
        out.append(Block("p", "本计划尚未公告抽取检查对象。"))
    else:
        selected = sum(r.selected for r in s.draw_rows)
        handed = sum(r.handed_on for r in s.draw_rows)
        short = sum(r.shortfall for r in s.draw_rows)
        if s.draw_done:
            text = (f"{day(s.drawn_at)}按公告的名单和随机数来源完成检查对象抽取，共抽中{selected}家"
                    + (f"；上级分配的机构中有{handed}家未抽中，移交所在地县级市场监管部门" if handed else "")
                    + (f"；因名单内机构不足，缺额{short}家，未从其他领域补足" if short else "") + "。")
        else:
            text = "本计划已公告抽取名单，尚未抽取。"
        out.append(Block("p", text))
        rows = tuple((r.category, str(r.quota), str(r.pool), str(r.allocated),
                      str(r.selected) if s.draw_done else "—", str(r.handed_on) if s.draw_done else "—",
                      str(r.shortfall)) for r in s.draw_rows)
        out.append(Block("table", headers=("领域", "计划数", "名单机构", "上级分配", "抽中", "移交县级", "缺额"),
                         widths=(3.9, 1.9, 2.0, 2.0, 1.9, 2.0, 1.9), rows=rows))
    out.append(Block("h2", "（二）检查完成情况"))
    if not s.task_total:
        out.append(Block("p", "本计划尚未建立检查任务，尚无检查结果。"))
        return out
    statuses = {label: n for _, label, n in s.tasks_by_status}
    out.append(Block("p", f"本计划共建立检查任务{s.task_total}项，已签署现场检查记录{s.signed_total}份。"
                          f"按任务进度，{_counts(statuses, '项')}。"))
    out.append(Block("table", headers=("领域", "检查任务", "已签署记录"), widths=(7.0, 4.3, 4.3),
                     rows=tuple((c, str(n), str(k)) for c, n, k in s.inspected_by_category)))
    return out


def _no_records(s: Summary) -> list[Block]:
    return [Block("p", "尚无已签署的现场检查记录，暂无统计。")]


def _problems(s: Summary, figures) -> list[Block]:
    if not s.signed_total:
        return _no_records(s)
    found = [i for i in s.problems if i.count]
    text = (f"已签署的{s.signed_total}份检查记录中，{s.records_with_problems}家机构发现问题，"
            f"{s.signed_total - s.records_with_problems}家未发现问题。")
    if found:
        text += f"问题涉及检查项目{len(found)}项，共{sum(i.count for i in found)}项次，按项目统计如下。"
    out = [Block("p", text)]
    if found:
        out.append(Block("table", headers=("序号", "检查项目", "发现问题的机构数"), widths=(1.6, 10.6, 3.4),
                         rows=tuple((str(i.number), i.title, str(i.count)) for i in found)))
    png = charts.problems_per_item([(i.number, i.title, i.count) for i in s.problems])
    return out + _figure(figures, png, "各检查项目发现问题的机构数")


def _samples(s: Summary, figures) -> list[Block]:
    if not s.signed_total:
        return _no_records(s)
    blind = sum(s.blind_samples.values())
    exams = sum(s.exams.values())
    text = (f"现场发放盲样{blind}份，考核结果{_counts(s.blind_samples, '份')}。" if blind
            else "已签署的检查记录中未开展盲样考核。")
    text += (f"对授权签字人进行考试{exams}人次，{_counts(s.exams, '人次')}。" if exams
             else "已签署的检查记录中未开展授权签字人考试。")
    out = [Block("p", text)]
    if blind:
        rows = [(c.category, c.counts) for c in s.blind_by_category]
        out += _figure(figures, charts.outcomes_per_category(rows, "盲样（份）"), "各领域盲样考核结果")
    return out


def _handling(s: Summary, figures) -> list[Block]:
    out = [Block("h2", "（一）检查结论")]
    if not s.signed_total:
        out += _no_records(s)
    else:
        totals: dict[str, int] = {}
        for row in s.conclusions:
            for label, n in row.counts.items():
                totals[label] = totals.get(label, 0) + n
        parts = [f"结论为“{label}”的{n}家" if label != NO_CONCLUSION else f"{label}的{n}家"
                 for label, n in totals.items() if n]
        out.append(Block("p", f"已签署的{s.signed_total}份检查记录中，" + "，".join(parts) + "。"))
        out += _figure(figures, charts.outcomes_per_category([(c.category, c.counts) for c in s.conclusions],
                                                             "机构（家）"), "各领域检查结论")
    out.append(Block("h2", "（二）移交和处罚"))
    if s.referrals:
        out.append(Block("p", f"共向有关部门移交问题线索{sum(r.referrals for r in s.referrals)}件，其中"
                              + _joined([f"移交{r.recipient}{r.referrals}件（涉及{r.institutions}家机构）"
                                         for r in s.referrals]) + "。"))
        out.append(Block("table", headers=("移交部门", "问题线索（件）", "涉及机构（家）"), widths=(7.0, 4.3, 4.3),
                         rows=tuple((r.recipient, str(r.referrals), str(r.institutions)) for r in s.referrals)))
    else:
        out.append(Block("p", "未向其他部门移交问题线索。"))
    p = s.penalties
    text = (f"作出行政处罚决定{p.decisions}件，撤销资质认定证书{p.revoked}家，列入严重违法失信名单{p.listed}家"
            + (f"，立案调查后不予处罚{p.no_penalty}件" if p.no_penalty else "") + "。")
    if p.rectify_ordered:
        text += f"责令整改{p.rectify_ordered}家，整改经复查合格{p.rectify_accepted}家"
        text += f"，逾期未报送整改情况{p.rectify_overdue}家。" if p.rectify_overdue else "。"
    out.append(Block("p", text))
    return out


def _typical(s: Summary, figures) -> list[Block]:
    if not s.typical_cases:
        return [Block("p", "本年度尚未确定典型案例。")]
    out = []
    for n, case in enumerate(s.typical_cases, start=1):
        out.append(Block("h3", f"{n}.{case.institution}（{case.category}）"))
        out.append(Block("p", case.summary))
        out.append(Block("p", f"处理结果：{case.conclusion}" + (f"；{case.handling}" if case.handling else "") + "。"))
    return out


def _open(s: Summary, figures) -> list[Block]:
    short = sum(r.shortfall for r in s.draw_rows)
    out = []
    if not s.task_total:
        out.append(Block("p", "本计划尚未建立检查任务：抽取检查对象和检查人员后即建立任务，开展现场检查。"))
    elif not s.open_tasks:
        out.append(Block("p", f"本计划的{s.task_total}项检查任务均已办结。"))
    else:
        out.append(Block("p", f"本计划尚有{len(s.open_tasks)}项检查任务未办结，情况如下。"))
        out.append(Block("table", headers=("被检查机构", "任务进度", "尚待完成"), widths=(5.6, 3.2, 6.8),
                         rows=tuple((t.institution, t.status, "；".join(t.missing)) for t in s.open_tasks)))
    if short:
        out.append(Block("p", f"抽取时缺额{short}家，需按计划另行研究处理。"))
    return out
