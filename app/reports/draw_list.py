"""What the public list of a draw (抽查名单公示) says, in the order it says it: the PDF (app/reports/draw_pdf.py)
and the workbook (app/services/publication.py) lay out exactly these texts and rows, so the two carry the same
content. Everything is read from the draw record (docs/draw-record.md) and nothing else, so what is published is
what `spotcheck draw verify` checks.

A drawn record gives the whole list: the plan, the announcement and its hash, the seed source, the seed and its
RFC 3797 key, per category the quota, the pool and its hash, the selected in draw order, those handed on, the
shortfall; the excluded with reasons; how anyone can re-verify, step by step. A record only announced gives the
announcement (the pools with their hashes and the named seed source) and says the draw is still to come.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.registry import PRIORITY_FLAGS, Category
from app.domain.selection import stage_label
from app.reports.tables import EMPTY, Column
from app.reports.times import time_text, zone_label

TITLE = "抽查名单公示"
RECORD_FILE = "抽取记录.json"
HOW = {"drawn": "随机抽中", "always": "全部列入"}
HANDED_ON = "移交所在地县级局"

# Relative widths in points at the PDF's text width (476 pt), so that at 9 pt a credit code (18 characters), an
# MD5 digest (32 hex digits) and a stage's name stay on one line.
SELECTED_COLUMNS = (Column("序号", 28, True), Column("机构名称", 144), Column("统一社会信用代码", 104),
                    Column("所在区县", 48, True), Column("抽取方式", 46, True), Column("分层", 106))
HANDED_ON_COLUMNS = (Column("序号", 28, True), Column("机构名称", 218), Column("统一社会信用代码", 104),
                     Column("所在区县", 48, True), Column("去向", 78, True))
REASON_COLUMNS = (Column("序号", 28, True), Column("机构名称", 146), Column("统一社会信用代码", 104), Column("理由", 198))
SUMMARY_COLUMNS = (Column("领域", 120), Column("抽查数量", 52, True), Column("名单家数", 52, True),
                   Column("抽取数", 52, True), Column("缺额", 52, True), Column("名单 SHA-256", 330))
STEP_COLUMNS = (Column("步骤 k", 24, True), Column("分层", 94), Column("MD5 摘要", 172), Column("R", 24, True),
                Column("位置", 28, True), Column("抽中序号", 30, True), Column("统一社会信用代码", 104))
POOL_COLUMNS = (Column("名单序号", 30, True), Column("统一社会信用代码", 104), Column("机构名称", 158),
                Column("所在区县", 48, True), Column("分层", 106), Column("分层序号", 30, True))
# the workbook's: the category first (one table for all), and what the PDF leaves to the words or the record
CATEGORY_COLUMN = Column("领域", 80)
STEP_SHEET_COLUMNS = (CATEGORY_COLUMN, *STEP_COLUMNS, Column("计数 i", 24, True))
POOL_SHEET_COLUMNS = (CATEGORY_COLUMN, *POOL_COLUMNS, Column("重点抽查对象", 70), Column("上级分配", 36, True),
                      Column("信用风险", 36, True))
STAGE_COLUMNS = (Column("领域", 80), Column("分层", 110), Column("抽取数", 34, True), Column("家数", 34, True),
                 Column("分层名单 SHA-256", 330))


@dataclass(frozen=True)
class CategoryPart:
    label: str
    quota: int
    pool_size: int
    pool_sha256: str
    selects: int
    shortfall: int
    stages: list[dict]  # as announced: name, label, count, pool, pool_sha256
    selected: list[list[str]]  # rows of SELECTED_COLUMNS, in draw order (empty before the draw)
    handed_on: list[list[str]]  # rows of HANDED_ON_COLUMNS

    @property
    def shortfall_text(self) -> str:
        if not self.shortfall:
            return ""
        return f"缺额 {self.shortfall} 家：本领域可抽取的机构不足，如实记录，不从其他领域补足。"


class PublicList:
    """The public list of one institutions draw, read from its record (`record_of`) and the SHA-256 of the
    record file as `draw export` writes it."""

    def __init__(self, record: dict, record_file_sha256: str, replaced_by: dict | None = None):
        self.record = record
        self.replaced_by = replaced_by  # the later draw that replaces this one ({"id", "reason"}), if any
        self.draw = record["draw"]
        self.announcement = record["announcement"]
        self.plan = self.announcement["plan"]
        self.seed = record.get("seed")
        self.result = record.get("result")
        self.record_file_sha256 = record_file_sha256
        self.institutions = self.announcement["institutions"]

    @property
    def drawn(self) -> bool:
        return self.seed is not None and self.result is not None

    # --- the heading ---------------------------------------------------------------------------------

    @property
    def organs(self) -> str:
        return "、".join(self.plan.get("organs") or ())

    @property
    def plan_title(self) -> str:
        year = self.plan["year"]
        return self.plan.get("title") or f"{year}年度检验检测机构“双随机、一公开”抽查"

    @property
    def title(self) -> str:
        return TITLE if self.drawn else f"{TITLE}（抽取前公告）"

    @property
    def notice_number(self) -> str:
        return self.plan.get("notice_number") or ""

    @property
    def status(self) -> str:
        if self.drawn:
            status = f"已于 {time_text(self.draw['drawn_at'])} 抽取"
        else:
            status = "已公告，尚未抽取：随机数公开后按本公告的名单抽取"
        if self.replaced_by:
            status += f"；已被抽取 {self.replaced_by['id']} 取代（理由：{self.replaced_by['reason'] or EMPTY}）"
        return status

    def facts(self) -> list[tuple[str, str]]:
        """The list's particulars, label and value."""
        a, draw = self.announcement, self.draw
        rows = [("抽查计划", f"{self.plan_title}（{self.plan['year']}年度）"),
                ("发布机关", self.organs or EMPTY),
                ("计划文号", self.notice_number or EMPTY),
                ("状态", self.status),
                ("公告时间", time_text(a["announced_at"])),
                ("公告 SHA-256", self.record["announcement_sha256"]),
                ("随机数来源", a["source"])]
        if self.drawn:
            rows += [("随机数（原样）", self.seed["given"]),
                     ("RFC 3797 密钥", self.seed["key"]),
                     ("抽取时间", time_text(draw["drawn_at"]))]
        rows += [("抽取记录", draw["id"]),
                 ("抽取记录文件 SHA-256", self.record_file_sha256),
                 ("复核", f"spotcheck draw verify {RECORD_FILE}（{RECORD_FILE}：与本公示一同公布的抽取记录文件）")]
        if draw.get("replaces"):
            rows.append(("取代的抽取", f"{draw['replaces']}（理由：{draw.get('reason') or EMPTY}）"))
        rows.append(("时间", f"本公示时间均为{zone_label()}"))
        return rows

    # --- the rules and the categories -----------------------------------------------------------------

    def interpretation(self) -> list[str]:
        return list(self.announcement.get("interpretation") or ())

    def rate_line(self) -> str:
        """The rate beside the quotas, as a check (never rounded into them)."""
        count = self.announcement.get("registry_count")
        check = self.announcement.get("rate_check")
        rate = self.plan.get("rate")
        if rate is None or check is None:
            return f"计划范围内的机构 {count} 家。"
        from decimal import Decimal

        percent = f"{(Decimal(rate) * 100).normalize():f}%"
        return (f"计划范围内的机构 {count} 家；抽查比例 {percent}，折合 {Decimal(check).normalize():f} 家"
                f"（仅供核对，抽查数量以上表为准）。")

    def _name(self, code: str) -> str:
        return self.institutions.get(code, {}).get("name", "")

    def _district(self, code: str) -> str:
        return self.institutions.get(code, {}).get("district") or EMPTY

    def categories(self) -> list[CategoryPart]:
        results = {c["category"]: c for c in (self.result or {}).get("categories", [])}
        parts = []
        for c in self.announcement["categories"]:
            got = results.get(c["category"], {})
            selected = [[n, self._name(s["credit_code"]), s["credit_code"], self._district(s["credit_code"]),
                         HOW.get(s["how"], s["how"]), stage_label(s["stage"])]
                        for n, s in enumerate(got.get("selected", []), start=1)]
            handed = [[n, self._name(code), code, self._district(code), HANDED_ON]
                      for n, code in enumerate(got.get("handed_on", []), start=1)]
            parts.append(CategoryPart(c["label"], int(c["quota"]), len(c["pool"]), c["pool_sha256"],
                                      int(c["selects"]), int(got.get("shortfall", c["shortfall"])), c["stages"],
                                      selected, handed))
        return parts

    def summary_rows(self) -> list[list[str]]:
        return [[p.label, p.quota, p.pool_size, p.selects, p.shortfall, p.pool_sha256] for p in self.categories()]

    def excluded_rows(self) -> list[list[str]]:
        return [[n, e["name"], e["credit_code"], e["reason"]]
                for n, e in enumerate(self.announcement.get("excluded", []), start=1)]

    def included_rows(self) -> list[list[str]]:
        return [[n, e["name"], e["credit_code"], e["reason"]]
                for n, e in enumerate(self.announcement.get("included", []), start=1)]

    # --- how anyone can re-verify ---------------------------------------------------------------------

    def verification(self) -> list[str]:
        """The steps in words, with this draw's own values."""
        a = self.announcement
        words = [
            f"1. 取得与本公示一同公布的抽取记录文件 {RECORD_FILE}（spotcheck draw export {self.draw['id']} "
            f"--out {RECORD_FILE} 写出），计算其 SHA-256，应为 {self.record_file_sha256}。",
            "2. 记录中的公告内容（announcement）写成规范 JSON（键按字母排序、不留空格、中文原样、UTF-8），"
            f"其 SHA-256 应为 {self.record['announcement_sha256']}，与 {time_text(a['announced_at'])} 公告时公布的相同："
            "名单和规则在随机数产生之前已经确定。",
            "3. 各领域名单按统一社会信用代码升序排列；把每个代码后接一个换行符（LF）依次连成文本，按 UTF-8 计算 "
            "SHA-256，应与上表各领域的“名单 SHA-256”相同（每一分层的名单同样计算，见抽取记录）。",
        ]
        if not self.drawn:
            words.append(f"4. 随机数取自：{a['source']}。随机数公开后，本局按本公告的名单抽取，并公布抽取结果和抽取记录；"
                         "届时可按抽取记录逐步重算。")
            return words
        words += [
            f"4. 随机数原样为“{self.seed['given']}”（来源：{a['source']}）。按 RFC 3797：每组数字从小到大排列，"
            f"每个数写成十进制并后接“.”，每组末尾加“/”，得到密钥 {self.seed['key']}。所有领域共用这一密钥。",
            "5. 每一步：计数 i（每个领域从 0 开始，依次经过该领域的各分层，补足时接着同一随机序列）写成 2 个字节"
            "（高位在前），计算 MD5(i ‖ 密钥 ‖ i)，把 16 字节摘要看作无符号整数（高位在前），除以 R（该分层尚未抽中的"
            "机构数）取余数，得到位置（从 0 起）；在该分层名单中尚未抽中的机构里按名单顺序数到这个位置，即为抽中的"
            "机构，将其移出后进行下一步。下表列出每一步的摘要、R、位置和抽中的机构（抽中序号是它在该分层名单中的序号，"
            "从 1 起）。",
            f"6. 也可用 Spotcheck 复核：spotcheck draw verify {RECORD_FILE}（无须数据库；记录的每一部分都能重算一致时"
            "显示“复核通过”，退出状态为 0）。",
        ]
        return words

    def steps(self) -> list[tuple[str, list[list]]]:
        """Per category (label), the rows of STEP_COLUMNS: every step in order."""
        return [(Category(c["category"]).label,
                 [[s["index"], stage_label(s["stage"]), s["digest"], s["remaining"], s["position"], s["pick"],
                   s["credit_code"]] for s in c["steps"]])
                for c in (self.result or {}).get("categories", [])]

    def step_rows(self) -> list[list]:
        """The rows of STEP_SHEET_COLUMNS: the category, the step, and the counter i = k − 1."""
        return [[label, *row, row[0] - 1] for label, rows in self.steps() for row in rows]

    # --- the pools, numbered as published ------------------------------------------------------------

    def pool_count(self) -> int:
        return sum(len(c["pool"]) for c in self.announcement["categories"])

    def pool_rows(self) -> Iterator[list]:
        """The rows of POOL_SHEET_COLUMNS: every institution of every pool, numbered in its category's list and in
        its stage's list (the number a step's pick refers to); lazily, for a registry of any size."""
        for c in self.announcement["categories"]:
            label = c["label"]
            in_stage = {}
            for stage in c["stages"]:
                for n, code in enumerate(stage["pool"], start=1):
                    in_stage[code] = (stage_label(stage["name"]), n)
            for n, code in enumerate(c["pool"], start=1):
                item = self.institutions.get(code, {})
                stage, number = in_stage.get(code, ("", None))
                priority = "、".join(PRIORITY_FLAGS.get(f, f) for f in item.get("priority") or ())
                yield [label, n, code, item.get("name", ""), item.get("district") or "", stage, number, priority,
                       "是" if item.get("allocated") else "", item.get("risk_class") or ""]

    def pools(self) -> list[tuple[str, list[list]]]:
        """Per category (label), the rows of POOL_COLUMNS (for the PDF)."""
        out: dict[str, list[list]] = {c["label"]: [] for c in self.announcement["categories"]}
        for row in self.pool_rows():
            out[row[0]].append(row[1:7])
        return list(out.items())

    def stage_rows(self) -> list[list]:
        """Each stage as announced: category, stage, how many it selects, its list's size and SHA-256."""
        return [[c["label"], stage_label(s["name"]), s["count"], len(s["pool"]), s["pool_sha256"]]
                for c in self.announcement["categories"] for s in c["stages"]]

