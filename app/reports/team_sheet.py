"""What the team assignment sheet (检查组分配表) of an inspectors draw says: per drawn institution, in draw order,
its team (leader first; name, department, level, unit, certificate number; experts marked, never counted as
officers), the planned date and number of the task created for it; then the steps of the team draw and the
roster in its published order. Read from the draw record (docs/draw-record.md) and the tasks the draw made; the
PDF (app/reports/draw_pdf.py) and the workbook (app/services/publication.py) lay out exactly these rows.
"""

from __future__ import annotations

from app.domain.organ import document_number
from app.domain.registry import DEPARTMENT_LABELS, LEVEL_LABELS, Category, Department, Level
from app.reports.draw_list import RECORD_FILE
from app.reports.tables import EMPTY, Column
from app.reports.times import day_text, time_text, zone_label

TITLE = "检查组分配表"
ROLES = {"leader": "组长", "member": "组员", "expert": "技术专家"}
EXPERT_NOTE = "不计入执法人员"

# Relative widths in points at the PDF's text width (476 pt), 9 pt type.
TEAM_COLUMNS = (Column("序号", 26, True), Column("角色", 46, True), Column("姓名", 52), Column("部门", 50, True),
                Column("层级", 30, True), Column("单位", 124), Column("执法证号", 78), Column("备注", 70))
STEP_COLUMNS = (Column("步骤 k", 24, True), Column("位置", 70), Column("候选人（按公布顺序）", 108),
                Column("R", 22, True), Column("MD5 摘要", 172), Column("序位", 26, True), Column("抽中", 54))
ROSTER_COLUMNS = (Column("序号", 30, True), Column("姓名", 60), Column("部门", 56, True), Column("层级", 36, True),
                  Column("执法证号", 90), Column("单位", 120), Column("服务区县", 84), Column("回避机构", 110),
                  Column("在职", 30, True))
# the workbook's first sheet: one row per member, the institution's particulars on each
MEMBER_SHEET_COLUMNS = (Column("机构序号", 30, True), Column("机构名称", 150), Column("统一社会信用代码", 104),
                        Column("领域", 80), Column("所在区县", 48), Column("计划检查日期", 60), Column("检查任务", 120),
                        *TEAM_COLUMNS)
STEP_SHEET_COLUMNS = (Column("机构名称", 150), Column("统一社会信用代码", 104), *STEP_COLUMNS, Column("计数 i", 24, True))


def slot_label(slot: str) -> str:
    """'leader' → 组长, 'market-2' → 市场监管组员 2, 'police' → 公安执法人员, 'expert-1' → 技术专家 1."""
    if slot == "leader":
        return "组长"
    name, _, n = slot.partition("-")
    if name == "market":
        return f"市场监管组员 {n}"
    if name == "expert":
        return f"技术专家 {n}"
    return f"{DEPARTMENT_LABELS[Department(name)]}执法人员"


def _level(level: str | None) -> str:
    return LEVEL_LABELS[Level(level)] if level else EMPTY


class TeamSheet:
    """The sheet of one drawn inspectors draw, from its record (`record_of`), the SHA-256 of the record file as
    `draw export` writes it, and the tasks the draw made (credit code → store.plans.team_draw_tasks' rows)."""

    def __init__(self, record: dict, record_file_sha256: str, tasks: dict[str, dict]):
        self.record = record
        self.draw = record["draw"]
        self.announcement = record["announcement"]
        self.plan = self.announcement["plan"]
        self.seed = record["seed"]
        self.result = record["result"]
        self.record_file_sha256 = record_file_sha256
        self.tasks = tasks
        self.roster = {r["id"]: r for r in self.announcement["roster"]}
        self.targets = {t["credit_code"]: t for t in self.announcement["targets"]}

    @property
    def organs(self) -> str:
        return "、".join(self.plan.get("organs") or ())

    @property
    def plan_title(self) -> str:
        return self.plan.get("title") or f"{self.plan['year']}年度检验检测机构“双随机、一公开”抽查"

    @property
    def notice_number(self) -> str:
        return self.plan.get("notice_number") or ""

    def facts(self) -> list[tuple[str, str]]:
        a = self.announcement
        return [("抽查计划", f"{self.plan_title}（{self.plan['year']}年度）"),
                ("发布机关", self.organs or EMPTY),
                ("计划文号", self.notice_number or EMPTY),
                ("机构抽取", f"{a['institutions_draw']}（公告 SHA-256 {a['institutions_draw_sha256']}）"),
                ("检查人员抽取", self.draw["id"]),
                ("公告时间", time_text(a["announced_at"])),
                ("公告 SHA-256", self.record["announcement_sha256"]),
                ("随机数来源", a["source"]),
                ("随机数（原样）", self.seed["given"]),
                ("RFC 3797 密钥", self.seed["key"]),
                ("抽取时间", time_text(self.draw["drawn_at"])),
                ("抽取记录文件 SHA-256", self.record_file_sha256),
                ("复核", f"spotcheck draw verify {RECORD_FILE}（{RECORD_FILE}：spotcheck draw export "
                         f"{self.draw['id']} 写出的抽取记录文件）"),
                ("时间", f"本表时间均为{zone_label()}")]

    def rules(self) -> list[str]:
        """The team rules of the announcement, in words."""
        r = self.announcement["rules"]
        organiser = _level(r["organiser_level"])
        lines = [f"组长由{organiser}市场监管执法人员担任；每组市场监管执法人员 {r['market_officers']} 名（含组长）。"]
        if r.get("helper_level"):
            where = "，须服务机构所在区县" if r.get("helpers_from_district") else ""
            lines.append(f"组长以外的市场监管执法人员由{_level(r['helper_level'])}人员协助{where}。")
        else:
            lines.append(f"组长以外的市场监管执法人员也由{organiser}人员担任（不设协助层级）。")
        lines.append("机动车检验机构另加公安、生态环境部门执法人员各 1 名，生态环境监测机构另加生态环境部门执法人员 1 名，"
                     "均须服务机构所在区县。")
        experts = r.get("experts") or {}
        if experts:
            lines.append("技术专家（不计入执法人员）：" + "，".join(
                f"{Category(c).label}每组 {n} 名" for c, n in sorted(experts.items())) + "。")
        lines.append("在职、持证、无须回避的人员方可入选；同一轮中只从参加检查组最少的人员里抽取，任何人不会比其他可选人员多参加。")
        return lines

    def teams(self) -> list[dict]:
        """Per drawn institution in draw order: {n, name, credit_code, category, district, planned, task, rows}."""
        out = []
        for n, team in enumerate(self.result["teams"], start=1):
            target = self.targets.get(team["credit_code"], {})
            task = self.tasks.get(team["credit_code"])
            rows = []
            for k, m in enumerate(team["members"], start=1):
                person = self.roster.get(m["inspector_id"], {})
                expert = m["role"] == "expert"
                rows.append([k, ROLES.get(m["role"], m["role"]), m["name"],
                             DEPARTMENT_LABELS[Department(person["department"])] if person else EMPTY,
                             _level(person.get("level")), person.get("unit") or EMPTY,
                             person.get("cert_no") or EMPTY, EXPERT_NOTE if expert else ""])
            out.append({"n": n, "name": target.get("name", ""), "credit_code": team["credit_code"],
                        "category": Category(target["category"]).label if target else EMPTY,
                        "district": target.get("district") or EMPTY,
                        "planned": day_text(task["planned_date"]) if task and task["planned_date"] else "未定",
                        "task": _task_text(task), "rows": rows})
        return out

    def member_rows(self) -> list[list]:
        """The rows of MEMBER_SHEET_COLUMNS."""
        return [[t["n"], t["name"], t["credit_code"], t["category"], t["district"], t["planned"], t["task"], *row]
                for t in self.teams() for row in t["rows"]]

    def _name(self, inspector_id: str) -> str:
        return self.roster.get(inspector_id, {}).get("name", inspector_id)

    def steps(self) -> list[tuple[str, list[list]]]:
        """Per institution (its label), the rows of STEP_COLUMNS in order."""
        out: dict[str, list[list]] = {}
        for s in self.result["steps"]:
            target = self.targets.get(s["credit_code"], {})
            label = f"{target.get('name', '')}（{s['credit_code']}）"
            out.setdefault(label, []).append(
                [s["index"], slot_label(s["slot"]), "、".join(self._name(c) for c in s["candidates"]), s["remaining"],
                 s["digest"], s["position"], self._name(s["pick"])])
        return list(out.items())

    def step_rows(self) -> list[list]:
        """The rows of STEP_SHEET_COLUMNS."""
        rows = []
        for s in self.result["steps"]:
            target = self.targets.get(s["credit_code"], {})
            rows.append([target.get("name", ""), s["credit_code"], s["index"], slot_label(s["slot"]),
                         "、".join(self._name(c) for c in s["candidates"]), s["remaining"], s["digest"],
                         s["position"], self._name(s["pick"]), s["index"] - 1])
        return rows

    def roster_rows(self) -> list[list]:
        return [[n, r["name"], DEPARTMENT_LABELS[Department(r["department"])], _level(r["level"]), r["cert_no"] or EMPTY,
                 r["unit"] or EMPTY, "、".join(r["districts"]) or "全部", "、".join(r["avoid"]) or "",
                 "是" if r["active"] else "否"]
                for n, r in enumerate(self.announcement["roster"], start=1)]

    def verification(self) -> list[str]:
        a = self.announcement
        return [
            f"1. 抽取记录文件 {RECORD_FILE}（spotcheck draw export {self.draw['id']} --out {RECORD_FILE} 写出）的 "
            f"SHA-256 应为 {self.record_file_sha256}；其中公告内容的规范 JSON 的 SHA-256 应为 "
            f"{self.record['announcement_sha256']}。",
            f"2. 检查组按机构抽取 {a['institutions_draw']} 抽中的机构组建，机构的顺序即其抽中的顺序。",
            "3. 人员名单按执法证号、再按人员编号排列（逐字符按 Unicode 码位比较），即候选人的公布顺序（见“人员名单”）。",
            f"4. 密钥 {self.seed['key']}（随机数“{self.seed['given']}”按 RFC 3797 排列得到）。",
            "5. 计数 i 从 0 开始贯穿整个抽取：依次对每家机构的每个位置（组长、其他市场监管执法人员、公安、生态环境、"
            "技术专家）各抽一步；候选人是可担任该位置、且参加检查组最少的人员，按公布顺序排列，R 为其人数；"
            "MD5(i ‖ 密钥 ‖ i)（i 写成 2 个字节，高位在前）看作无符号整数除以 R 的余数即所选候选人的序位（从 0 起）。",
            f"6. 也可用 Spotcheck 复核：spotcheck draw verify {RECORD_FILE}。",
        ]


def _task_text(task: dict | None) -> str:
    if not task:
        return "尚未建立"
    if task.get("document_serial") is not None and task.get("document_year"):
        return document_number(task["document_prefix"], task["document_year"], task["document_serial"])
    return task["task"]
