"""The result notice to the institution (检查结果告知书) as one model, printed as PDF and Word by the notice of
inspection's renderers (app/reports/notice_pdf.py, notice_word.py), which lay out any notice of this shape.

What it says (docs/cli.md, `notice result`): the organ and the notice's number; the institution; when and on
what basis it was checked (and the on-site record's number); the conclusion; each problem with its checklist item, what was found
and the legal basis the checklist gives for the item; the rectification demanded and its deadline; the
follow-up check; what else follows (referral, investigation, penalty); the remedies (administrative
reconsideration within 60 days, a lawsuit within 6 months); the organ and the date. Then the proof of service
(送达回证), filled in by hand on delivery.

What the notice leaves out: the problem leads sent to other departments (their text is not the institution's
to read before those departments act), the lead's notes, photos, and anyone's phone number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.reports import tables
from app.reports.notice import BLANK_DATE, BLANK_TIME, UNTICKED, Block

TITLE = "检查结果告知书"
NOT_LISTED = "（检查事项清单未列明）"
SERVICE_WAYS = ("直接送达", "留置送达", "邮寄送达", "电子送达")
PROBLEM_COLUMNS = (tables.Column("序号", 30, True), tables.Column("检查项目", 120), tables.Column("发现的问题", 170),
                   tables.Column("依据", 156))
REMEDIES = ("你单位如对本告知书所列检查结果不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起"
            "六个月内依法向人民法院提起行政诉讼。")


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the notice prints it."""

    item: int
    title: str  # the checklist item's text
    description: str  # what was found, as recorded
    basis: str  # the legal basis the checklist gives for the item, or NOT_LISTED


@dataclass
class ResultNotice:
    task_id: str
    number: str  # 同市监检果〔2025〕第 1 号
    organ: str
    institution_name: str
    credit_code: str
    cma_cert_no: str
    address: str
    checked_on: str  # 2025年10月20日 (or 2025年10月20日至2025年10月21日)
    regulations: str
    source: str  # the plan's notice, or ''
    basis: str  # the regulations and the plan's notice, as the notice of inspection prints it
    checklist: str  # the self-check table's title
    items: int  # how many items were checked against
    record_number: str  # the on-site record's number, or ''
    inspection_notice: str  # the notice of inspection's number, or ''
    conclusion: str  # the conclusion's label (发现问题，责令整改)
    problems: list[ProblemLine]
    rectification: list[str]  # the demand and its deadline, or what else follows
    follow_up: list[str]  # the follow-up check
    issued_on: str  # the day the number was given
    title: str = TITLE
    remedies: str = REMEDIES
    notes: list[str] = field(default_factory=list)

    @property
    def addressee(self) -> str:
        return f"{self.institution_name}："

    @property
    def opening(self) -> str:
        source = f"（{self.source}）" if self.source else ""
        record = f"（现场检查笔录 {self.record_number}）" if self.record_number else ""
        return (f"本机关于{self.checked_on}依据{self.regulations}的规定，按照“双随机、一公开”监督抽查工作安排{source}，"
                f"对你单位开展了检验检测机构监督检查{record}。现将检查结果告知如下：")

    def blocks(self) -> list[Block]:
        """The numbered sections; none disappears (one with nothing to say says 无)."""
        rows = [[tables.Cell(str(p.item), center=True), tables.Cell(p.title), tables.Cell(tables.value(p.description)),
                 tables.Cell(p.basis)] for p in self.problems]
        problems = (Block("发现的问题", [f"经检查，你单位存在以下 {len(rows)} 项问题："],
                          grid=tables.Grid(PROBLEM_COLUMNS, rows)) if rows
                    else Block("发现的问题", ["经检查，未发现你单位存在违反检验检测机构监督管理规定的问题。"]))
        return [
            Block("被检查单位", [], rows=[("名称", self.institution_name), ("统一社会信用代码", tables.value(self.credit_code)),
                                     ("资质认定证书编号", tables.value(self.cma_cert_no)),
                                     ("地址", tables.value(self.address))]),
            Block("检查情况", [], rows=[("检查时间", self.checked_on), ("检查依据", self.basis),
                                    ("检查内容", f"《{self.checklist}》所列 {self.items} 项检查事项"),
                                    ("检查通知书", tables.value(self.inspection_notice)),
                                    ("现场检查笔录", tables.value(self.record_number))]),
            Block("检查结论", [f"{self.conclusion}。"]),
            problems,
            Block("整改要求及处理", self.rectification or [tables.NONE]),
            Block("跟踪检查", self.follow_up or [tables.NONE]),
            Block("权利告知", [self.remedies]),
        ]

    def receipt_rows(self) -> list[tuple[str, str]]:
        """送达回证: blank, to fill in by hand on delivery."""
        return [
            ("送达文书", f"{self.title}（{self.number}）"),
            ("受送达人", self.institution_name),
            ("送达时间", BLANK_TIME),
            ("送达方式", "　".join(f"{UNTICKED}{way}" for way in SERVICE_WAYS)),
            ("送达地点", ""),
            ("送达人（签名）", ""),
            ("受送达人签收", f"（签名或者盖章）\n{BLANK_DATE}"),
            ("备注", "受送达人拒绝签收的，送达人在此注明拒收的事由和日期，由送达人、见证人签名，将文书留在受送达人处，"
                   "即视为送达。"),
        ]

