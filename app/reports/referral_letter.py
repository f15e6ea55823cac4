"""The transfer letter (移送函) to a receiving department, listing the problem leads referred to it, as one model
printed by the notice's renderers (app/reports/notice_pdf.py, notice_word.py): the organ, the title and the
letter's number, the department, the opening, the table of leads (institution, credit code, the items they rest
on, the lead, the day), what is enclosed, the organ and the date; then a proof of service for the receiving
department to sign.

A suspected crime goes to the judicial organs (行刑衔接) under 《行政执法机关移送涉嫌犯罪案件的规定》; the other
departments receive the leads that fall within their duties.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.reports import tables
from app.reports.notice import BLANK_DATE, BLANK_TIME, UNTICKED, Block

TITLE = "问题线索移送函"
TITLE_JUDICIAL = "涉嫌犯罪案件移送函"
LEAD_COLUMNS = (tables.Column("序号", 24, True), tables.Column("机构名称", 86), tables.Column("统一社会信用代码", 136),
                tables.Column("涉及检查项目", 96), tables.Column("问题线索", 124), tables.Column("移交日期", 70, True))
WAYS = ("直接送达", "邮寄送达", "电子送达")


@dataclass(frozen=True)
class Lead:
    institution: str
    credit_code: str
    items: str  # '11. 规范出具检验检测报告。' a line each
    text: str
    day: str  # 2025-10-21
    record_number: str  # the on-site record's number


@dataclass
class ReferralLetter:
    organ: str
    number: str  # the letter's number when every lead carries the same one, else ''
    department: str  # whom it is addressed to
    source: str  # the plan's notice, or ''
    leads: list[Lead]
    issued_on: str  # the day of the latest referral
    judicial: bool = False

    @property
    def title(self) -> str:
        return TITLE_JUDICIAL if self.judicial else TITLE

    @property
    def institution_name(self) -> str:
        """Whom the letter is served on (the renderers' name for the addressee)."""
        return self.department

    @property
    def addressee(self) -> str:
        return f"{self.department}："

    @property
    def opening(self) -> str:
        source = f"（{self.source}）" if self.source else ""
        if self.judicial:
            return (f"本机关在检验检测机构“双随机、一公开”监督抽查{source}中，发现下列 {len(self.leads)} 家检验检测机构的违法行为"
                    "涉嫌犯罪。依照《行政执法机关移送涉嫌犯罪案件的规定》，现将有关线索和材料移送你单位，请依法审查处理，并将处理结果"
                    "书面告知本机关。")
        return (f"本机关在检验检测机构“双随机、一公开”监督抽查{source}中，发现下列 {len(self.leads)} 家检验检测机构的问题线索，"
                "属于你单位职责范围。现将有关线索移送你单位，请依法核查处理，并将处理结果函告本机关。")

    def blocks(self) -> list[Block]:
        rows = [[tables.Cell(str(n), center=True), tables.Cell(lead.institution), tables.Cell(lead.credit_code),
                 tables.Cell(lead.items), tables.Cell(lead.text), tables.Cell(lead.day, center=True)]
                for n, lead in enumerate(self.leads, start=1)]
        records = "、".join(dict.fromkeys(lead.record_number for lead in self.leads if lead.record_number))
        enclosed = [f"现场检查笔录（{records}）复印件各一份。" if records else "现场检查笔录复印件。", "有关证据材料复印件。"]
        return [Block("移送的问题线索", [], grid=tables.Grid(LEAD_COLUMNS, rows)),
                Block("附件", [f"{n}. {text}" for n, text in enumerate(enclosed, start=1)])]

    def receipt_rows(self) -> list[tuple[str, str]]:
        title = f"{self.title}（{self.number}）" if self.number else self.title
        return [
            ("送达文书", title),
            ("受送达单位", self.department),
            ("送达时间", BLANK_TIME),
            ("送达方式", "　".join(f"{UNTICKED}{way}" for way in WAYS)),
            ("送达人（签名）", ""),
            ("受送达人签收", f"（签名并加盖单位印章）\n{BLANK_DATE}"),
            ("备注", f"共移送问题线索 {len(self.leads)} 条。"),
        ]
