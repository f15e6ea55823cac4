"""The notice of inspection (检查通知书) as one model, printed as PDF (app/reports/notice_pdf.py) and as Word
(app/reports/notice_word.py) from the same data and the same texts.

What it says (docs/rules.md; the MoJ 2025 行政检查通知书 and 行政处罚法 Art. 42, 43, 55): who inspects (the organ and
the joint organs) under which number; the institution (name, credit code, address); the basis and the task's
source; the planned date; the scope (the checklist's items); the team (names and enforcement certificate
numbers); whom to contact; the institution's duty to cooperate and not to refuse or evade; its right to ask for
recusal; that it pays nothing; the organ's name and the date. Then the proof of service (送达回证): when and how
the notice was given — as recorded on the task, or blank lines to fill in by hand — and who received it.

Everything here is text ready to print (dates formatted, labels in Chinese); the renderers only lay it out.

The renderers print any numbered notice with a proof of service the same way: an object with `organ`, `title`,
`number`, `institution_name`, `addressee`, `opening`, `blocks()` (the numbered sections as `Block`s),
`issued_on` and `receipt_rows()` — this notice, and the result notice (app/reports/result_notice.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.notices import NoticeMethod
from app.reports import tables
from app.reports.times import zone_label

TITLE = "检查通知书"
RECEIPT = "送达回证"
# to fill in by hand (underscores: runs of U+3000 collapse in the PDF)
BLANK_DATE = "________年____月____日"
BLANK_TIME = "________年____月____日____时____分"
SEAL = "（印章）"
UNTICKED = "□"


@dataclass(frozen=True)
class Block:
    """One numbered section of a notice as the renderers print it: the heading, a table of labelled values
    (`rows`), the paragraphs, then a ruled table (`grid`)."""

    title: str
    paragraphs: list[str]
    rows: list[tuple[str, str]] = field(default_factory=list)
    grid: tables.Grid | None = None


@dataclass(frozen=True)
class Member:
    """One of the team as the notice names them."""

    name: str
    unit: str
    credential: str  # 执法证号 …, or 技术专家
    leader: bool = False


@dataclass
class Notice:
    task_id: str
    number: str  # 同市监检通〔2025〕第 3 号
    organ: str  # the organ and the joint organs, as the title block and the signature name them
    institution_name: str
    credit_code: str
    address: str
    basis: str  # the regulations and the plan's notice
    regulations: str  # the regulations alone (the opening names the plan's notice as the task's source)
    source: str  # the plan's notice (同市监认证〔2025〕92号), or ''
    checklist: str  # the self-check table's title
    items: list[str]  # the checklist's items by title, numbered
    planned_date: str  # 2025年10月20日
    team: list[Member]
    contact: str  # whom the institution asks: the team leader and a phone number
    issued_on: str  # the day the number was given: 2025年10月18日
    notified_at: str = ""  # when it was given, as recorded (2025年10月19日 10:00), or ''
    method: str = ""  # how, as recorded (电话), or ''
    time_zone: str = field(default_factory=zone_label)
    title: str = TITLE

    @property
    def addressee(self) -> str:
        return f"{self.institution_name}："

    @property
    def opening(self) -> str:
        source = f"（{self.source}）" if self.source else ""
        return (f"根据{self.regulations}的规定，按照“双随机、一公开”监督抽查工作安排{source}，本机关决定对你单位开展检验检测"
                "机构监督检查。现将有关事项通知如下：")

    def sections(self) -> list[tuple[str, list[str]]]:
        """The numbered sections (一、检查对象 …) with their paragraphs; the team's is a table (`team`), the
        institution's a table of rows (`institution_rows`): their paragraphs are empty."""
        leader = next((m.name for m in self.team if m.leader), "")
        return [
            ("检查对象", []),
            ("检查依据", [self.basis]),
            ("检查时间", [f"{self.planned_date}。检查人员到达时向你单位出示执法证件。"]),
            ("检查内容", [f"依据《{self.checklist}》，检查以下事项：", *self.items]),
            ("检查人员", [f"检查组由以下人员组成{'，' + leader + '任组长' if leader else ''}："]),
            ("联系方式", [self.contact]),
            ("配合义务", ["请你单位按上述时间安排法定代表人或者负责人以及熟悉情况的人员在场，配合检查，如实提供有关资料和情况，"
                       "不得拒绝、阻挠或者逃避检查；拒绝、阻挠或者逃避检查的，依法承担相应的法律责任。"]),
            ("申请回避", ["检查人员与你单位有直接利害关系或者有其他关系可能影响公正检查的，你单位有权申请其回避。申请回避的，"
                       "请在检查开始前向本机关或者检查组提出，并说明理由。"]),
            ("检查纪律", ["本次检查不收取任何费用。检查人员不接受你单位的宴请、礼品、礼金；发现违反工作纪律的，可以向本机关反映。"]),
        ]

    def blocks(self) -> list[Block]:
        """The sections as the renderers print them: the institution's table under 检查对象, the team's after
        the paragraphs of 检查人员."""
        out = []
        for title, paragraphs in self.sections():
            rows = self.institution_rows() if title == "检查对象" else []
            grid = None
            if title == "检查人员":
                grid = tables.Grid(TEAM_COLUMNS, [[tables.Cell(tables.value(v)) for v in row]
                                                  for row in self.team_rows()])
            out.append(Block(title, paragraphs, rows, grid))
        return out

    def institution_rows(self) -> list[tuple[str, str]]:
        return [("被检查单位", self.institution_name), ("统一社会信用代码", self.credit_code), ("地址", self.address)]

    def team_rows(self) -> list[tuple[str, str, str]]:
        return [(m.name + ("（组长）" if m.leader else ""), m.unit, m.credential) for m in self.team]

    def receipt_rows(self) -> list[tuple[str, str]]:
        """送达回证: when and how the notice was given as recorded on the task, or blank to fill in by hand."""
        ways = "　".join(f"{UNTICKED}{m.label}" for m in NoticeMethod)
        return [
            ("送达文书", f"{TITLE}（{self.number}）"),
            ("受送达人", self.institution_name),
            ("送达时间", self.notified_at or BLANK_TIME),
            ("送达方式", self.method or ways),
            ("送达人（签名）", ""),
            ("受送达人签收", f"（签名或者盖章）\n{BLANK_DATE}"),
            ("备注", f"应在现场检查前24小时内告知被检查单位。以电话、短信、传真、电子邮件告知的，由送达人注明告知的对象及号码。"
                   f"时间均为{self.time_zone}。"),
        ]


TEAM_HEADERS = ("姓名", "单位", "执法证号")
TEAM_COLUMNS = (tables.Column(TEAM_HEADERS[0], 80), tables.Column(TEAM_HEADERS[1], 200),
                tables.Column(TEAM_HEADERS[2], 120))
