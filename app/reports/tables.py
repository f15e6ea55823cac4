"""What the PDF and the Word record have in common: the sections in their fixed order and the tables' columns,
texts and relative widths. Both renderers lay out exactly these, so the two files carry the same content, in
the same order, in the same tables (issue 9, item 16); only the drawing differs.

A section never disappears: one with nothing to show keeps its number and says 无, so that 第七项 of one record
is 第七项 of every record.

Also the texts both files print around the party's signature (issue 9, item 5): the acknowledgement block of
section 九 (the party's words or 以上记录已阅，与事实相符, then its signature — or its refusal — and the date), and
the line at the foot of every page (blank on a draft; the representative's signature and date on a signed
record; 拒签，见第 N 页 when the party refused, N the page of section 九 where the refusal is printed).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.reports.model import Report, Signature

EMPTY = "/"  # what an official form writes in an empty field
NONE = "无"  # what an empty section says
NUMERALS = "一二三四五六七八九十"
CLOSING = "以下空白"  # the last line of the record: nothing may be written in after the signatures
TEAM_LABEL_WIDTH = 72  # points: the team table's label column holds 联合检查人员 on one line


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative: the renderers scale the widths to the text width
    center: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    center: bool = False


@dataclass(frozen=True)
class Grid:
    columns: tuple[Column, ...]
    rows: list[list[Cell]]
    dense: bool = False  # many columns: the smaller table type (9 pt) and 3 pt cell padding at the sides

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def numbered(n: int, title: str) -> str:
    """'四、检查事项' for section 4."""
    return f"{NUMERALS[n - 1] if n <= len(NUMERALS) else n}、{title}"


# The sections of the record in order, each with its number (fixed: it does not depend on the content).
SECTIONS = ("被检查单位基本信息", "资质认定情况", "检查情况", "检查事项", "盲样考核", "授权签字人考试", "证据清单",
            "备注", "被检查单位意见", "签名")


def heading(title: str) -> str:
    return numbered(SECTIONS.index(title) + 1, title)


def value(text: str | None) -> str:
    return text if text and str(text).strip() else EMPTY


def lines(text: str) -> str:
    """'X = 10.0；σpt = 0.5' as one value a line."""
    return "\n".join(part.strip() for part in (text or "").split("；") if part.strip()) or EMPTY


ITEM_COLUMNS = (Column("序号", 30, True), Column("检查内容", 168), Column("是否发现问题", 72, True),
                Column("问题描述", 206))
# Wide enough at 9 pt, with 3 pt cell padding, for a standard's number (GB 5009.12-2023), a unit (μmol/mol),
# a sample code (JD2025-111) and a judgement (有问题) to stay on one line.
SAMPLE_COLUMNS = (Column("编号", 58), Column("样品/基质", 46), Column("检测项目", 44), Column("方法", 75),
                  Column("单位", 46), Column("统计量", 34, True), Column("指定值", 56), Column("结果", 53),
                  Column("得分", 30, True), Column("判定", 34, True))
EXAM_COLUMNS = (Column("签字人", 44), Column("授权领域", 118), Column("形式", 32, True), Column("成绩", 30, True),
                Column("合格线", 38, True), Column("结果", 34, True), Column("考官", 42, True), Column("备注", 134))
EVIDENCE_COLUMNS = (Column("编号", 48, True), Column("证据内容", 196), Column("来源", 54, True),
                    Column("检查事项", 54, True), Column("时间", 124))
SIGNATURE_COLUMNS = (Column("类别", 55), Column("姓名", 46), Column("身份", 150), Column("签名", 118, True),
                     Column("签名时间", 107))


def evidence_label(number: int) -> str:
    """'证据 3'."""
    return f"证据 {number}"


def citation(numbers) -> str:
    """'见证据 3、4': a finding's evidence, in the items table."""
    return "见证据 " + "、".join(str(n) for n in numbers) if numbers else ""


def item_label(item: int | None) -> str:
    return f"第 {item} 项" if item is not None else EMPTY


def items(report: Report) -> Grid:
    rows = [[Cell(str(i.number), center=True), Cell(i.content), Cell(i.verdict, bold=i.problem, center=True),
             Cell(value("\n".join(x for x in ((i.description or "").strip(), citation(i.evidence)) if x)))]
            for i in report.items]
    return Grid(ITEM_COLUMNS, rows)


def evidence(report: Report) -> Grid:
    rows = [[Cell(evidence_label(e.number), center=True), Cell(value(e.content)), Cell(value(e.source), center=True),
             Cell(item_label(e.item), center=True), Cell(value(e.time))] for e in report.evidence]
    return Grid(EVIDENCE_COLUMNS, rows)


def photo_caption(photo, n: int) -> str:
    """The appendix's label of a photo: '证据 3（第 9 项）：what it shows，拍摄时间 …'."""
    where = f"（{item_label(photo.item)}）" if photo.item is not None else ""
    text = f"{evidence_label(photo.number or n)}{where}：{photo.caption or '（无说明）'}"
    return text + (f"，拍摄时间 {photo.taken_at}" if photo.taken_at else "")


def samples(report: Report) -> Grid:
    rows = [[Cell(value(s.code)), Cell(value(s.matrix)), Cell(value(s.parameter)), Cell(value(s.method)),
             Cell(value(s.unit)), Cell(value(s.statistic), center=True), Cell(lines(s.assigned)),
             Cell(lines(s.result)), Cell(value(s.score), center=True),
             Cell(value(s.judgement), bold=s.flagged, center=True)] for s in report.samples]
    return Grid(SAMPLE_COLUMNS, rows, dense=True)


def exams(report: Report) -> Grid:
    rows = [[Cell(value(e.signatory)), Cell(value(e.field)), Cell(value(e.form), center=True),
             Cell(value(e.score), center=True), Cell(value(e.pass_mark), center=True),
             Cell(value(e.result), bold=e.failed, center=True), Cell(value(e.examiner), center=True),
             Cell(value(e.notes))] for e in report.exams]
    return Grid(EXAM_COLUMNS, rows, dense=True)


def team_signatures(report: Report) -> list[Signature]:
    """The team's signatures (section 十): a draft's blank lines too."""
    return report.team_signatures


# --- the party's signature: in section 九 and at the foot of every page ------------------------------------

SIGN_HERE = "________________"  # a blank line to sign on paper
DATE_HERE = "______年____月____日"
PARTY_SIGN = "被检查单位代表签名："
PARTY_NAME = "姓名及身份："
DATE = "日期："
REFUSED = "拒绝签名"
REFUSAL_NOTE = "拒签，见第 {} 页"  # on every page of a refused record: the page where the refusal is printed


def party_name(sig: Signature | None) -> str:
    if sig is None or not sig.signed:
        return SIGN_HERE
    return "，".join(x for x in (sig.name, sig.role) if x) or EMPTY


def party_date(sig: Signature | None) -> str:
    if sig is None or not sig.signed:
        return DATE_HERE
    return value(sig.signed_at)


def footer_mode(report: Report) -> str:
    """What the line at the foot of every page carries: 'blank' (a draft, signed on paper), 'signed' (the
    representative's signature and date) or 'refused' (拒签，见第 N 页)."""
    party = report.party
    if report.draft or party is None or not party.signed:
        return "blank"
    return "refused" if party.refusal else "signed"
