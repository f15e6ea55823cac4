"""Tables of a draw as the announce-and-draw dialog shows them: the announced pools with their stages and hashes,
the excluded with reasons, the result per category in draw order, every step, and the teams."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.domain.registry import Category
from app.domain.selection import stage_label
from app.ui.labels import short_category

translate = QCoreApplication.translate  # module functions, no class: the context is written in each call for lupdate


def local_time(iso: str | None) -> str:
    """A stored UTC time as the local wall clock, to the minute."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def table(headers: list[str], stretch: int | None = None, wrap: bool = True) -> QTableWidget:
    """A read-only table; `wrap`: long texts wrap and rows follow the column widths (for short tables), else each
    row is one line and the whole text is in the tooltip (for long lists)."""
    out = QTableWidget(0, len(headers))
    out.setHorizontalHeaderLabels(headers)
    out.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    out.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    out.verticalHeader().hide()
    out.setWordWrap(wrap)
    if wrap:
        out.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = out.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1 if stretch is None else stretch, QHeaderView.ResizeMode.Stretch)
    return out


def fill(target: QTableWidget, rows: list[tuple]) -> None:
    target.setRowCount(len(rows))
    for r, values in enumerate(rows):
        fill_row(target, r, values)


def fill_row(target: QTableWidget, row: int, values: tuple) -> None:
    for c, value in enumerate(values):
        item = QTableWidgetItem("" if value is None else str(value))
        item.setToolTip(item.text())
        target.setItem(row, c, item)


def category_name(code: str) -> str:
    return short_category(Category(code))


def stages_text(category: dict) -> str:
    """“上级分配的机构：2 家中抽 1；本领域其余机构（补足）：3 家中抽 1”."""
    parts = []
    for stage in category["stages"]:
        if stage["name"] == "always":
            parts.append(
                translate("draw_views", "{0}：{1} 家全部列入").format(
                    translate("draw_views", stage_label(stage["name"])), len(stage["pool"])
                )
            )
        else:
            parts.append(
                translate("draw_views", "{0}：{1} 家中抽 {2}").format(
                    translate("draw_views", stage_label(stage["name"])), len(stage["pool"]), stage["count"]
                )
            )
    return translate("draw_views", "；").join(parts) or translate("draw_views", "不抽取")


def pools_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "领域"),
            translate("draw_views", "名单"),
            translate("draw_views", "分层及各层抽取数"),
            translate("draw_views", "共抽取"),
            translate("draw_views", "缺额"),
            translate("draw_views", "名单 SHA-256"),
        ],
        2,
    )


def fill_pools(target: QTableWidget, announcement: dict) -> None:
    fill(
        target,
        [
            (
                category_name(c["category"]),
                translate("draw_views", "{0} 家").format(len(c["pool"])),
                stages_text(c),
                c["selects"],
                c["shortfall"] or "",
                c["pool_sha256"],
            )
            for c in announcement["categories"]
        ],
    )


def marked_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "处理"),
            translate("draw_views", "机构"),
            translate("draw_views", "统一社会信用代码"),
            translate("draw_views", "理由"),
        ],
        wrap=False,
    )


def fill_marked(target: QTableWidget, announcement: dict) -> None:
    rows = [
        (translate("draw_views", "不列入"), e["name"], e["credit_code"], e["reason"])
        for e in announcement.get("excluded", [])
    ]
    rows += [
        (translate("draw_views", "仍列入"), e["name"], e["credit_code"], e["reason"])
        for e in announcement.get("included", [])
    ]
    fill(target, rows)


def selected_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "领域"),
            translate("draw_views", "顺序"),
            translate("draw_views", "机构"),
            translate("draw_views", "统一社会信用代码"),
            translate("draw_views", "区县"),
            translate("draw_views", "如何抽中"),
            translate("draw_views", "所在层"),
        ],
        2,
    )


def fill_selected(target: QTableWidget, announcement: dict, result: dict) -> None:
    names = announcement["institutions"]
    rows = []
    for category in result["categories"]:
        step_of = {s["credit_code"]: s["index"] for s in category["steps"]}
        for n, s in enumerate(category["selected"], start=1):
            how = (
                translate("draw_views", "全部列入（不经随机）")
                if s["how"] == "always"
                else translate("draw_views", "第 {0} 步随机抽中").format(step_of.get(s["credit_code"], "?"))
            )
            institution = names[s["credit_code"]]
            rows.append(
                (
                    category_name(category["category"]),
                    n,
                    institution["name"],
                    s["credit_code"],
                    institution["district"],
                    how,
                    translate("draw_views", stage_label(s["stage"])),
                )
            )
    fill(target, rows)


def outcome_lines(announcement: dict, result: dict) -> list[str]:
    """Per category: how many were selected of the quota, who is handed on, the shortfall."""
    names = announcement["institutions"]
    lines = []
    quotas = {c["category"]: c["quota"] for c in announcement["categories"]}
    for category in result["categories"]:
        name = category_name(category["category"])
        line = translate("draw_views", "{0}：计划 {1} 家，抽中 {2} 家").format(
            name, quotas.get(category["category"], 0), len(category["selected"])
        )
        if category["shortfall"]:
            line += translate("draw_views", "；缺 {0} 家（本领域无可抽机构，不从其他领域补足）").format(
                category["shortfall"]
            )
        if category["handed_on"]:
            line += translate("draw_views", "；移交所在地县级局：{0}").format(
                translate("draw_views", "、").join(
                    translate("draw_views", "{0}（{1}）").format(names[code]["name"], code)
                    for code in category["handed_on"]
                )
            )
        lines.append(line)
    return lines


def steps_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "领域"),
            translate("draw_views", "步"),
            translate("draw_views", "层"),
            translate("draw_views", "摘要 MD5"),
            translate("draw_views", "剩余 R"),
            translate("draw_views", "位置"),
            translate("draw_views", "名单序号"),
            translate("draw_views", "抽中机构"),
        ],
        7,
    )


def fill_steps(target: QTableWidget, announcement: dict, result: dict) -> None:
    names = announcement["institutions"]
    fill(
        target,
        [
            (
                category_name(c["category"]),
                s["index"],
                translate("draw_views", stage_label(s["stage"])),
                s["digest"],
                s["remaining"],
                s["position"],
                s["pick"],
                names[s["credit_code"]]["name"],
            )
            for c in result["categories"]
            for s in c["steps"]
        ],
    )


# --- inspector teams -------------------------------------------------------------------------------


def _person(entry: dict) -> str:
    from app.domain.registry import Department, Level
    from app.ui.labels import label

    level = label(Level(entry["level"])) if entry.get("level") else ""
    return translate("draw_views", "{0}（{1}{2}）").format(entry["name"], level, label(Department(entry["department"])))


def rules_text(rules: dict) -> str:
    from app.domain.registry import Level
    from app.ui.labels import label

    helper = (
        translate("draw_views", "协助人员来自{0}{1}").format(
            label(Level(rules["helper_level"])),
            translate("draw_views", "，须服务机构所在区县") if rules["helpers_from_district"] else "",
        )
        if rules.get("helper_level")
        else translate("draw_views", "不设协助人员，全部由组织层级的人员组成")
    )
    experts = translate("draw_views", "、").join(
        translate("draw_views", "{0} {1} 名").format(category_name(c), n) for c, n in rules["experts"].items()
    )
    return translate("draw_views", "组织层级：{0}；每组市场监管执法人员 {1} 名（含组长）；{2}；专家：{3}。").format(
        label(Level(rules["organiser_level"])),
        rules["market_officers"],
        helper,
        experts or translate("draw_views", "无"),
    )


def targets_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "顺序"),
            translate("draw_views", "抽中的机构"),
            translate("draw_views", "统一社会信用代码"),
            translate("draw_views", "领域"),
            translate("draw_views", "区县"),
        ],
        1,
    )


def fill_targets(target: QTableWidget, targets: list[dict]) -> None:
    fill(
        target,
        [
            (n, t["name"], t["credit_code"], category_name(t["category"]), t["district"])
            for n, t in enumerate(targets, start=1)
        ],
    )


def roster_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "姓名"),
            translate("draw_views", "部门"),
            translate("draw_views", "层级"),
            translate("draw_views", "执法证号"),
            translate("draw_views", "单位"),
            translate("draw_views", "服务区县"),
            translate("draw_views", "回避机构"),
            translate("draw_views", "在岗"),
        ],
        4,
        wrap=False,
    )


def fill_roster(target: QTableWidget, roster: list[dict]) -> None:
    from app.domain.registry import Department, Level
    from app.ui.labels import join_names, label

    fill(
        target,
        [
            (
                r["name"],
                label(Department(r["department"])),
                label(Level(r["level"])) if r["level"] else "",
                r["cert_no"],
                r["unit"],
                join_names(r["districts"]) or translate("draw_views", "全部"),
                len(r["avoid"]) or "",
                translate("draw_views", "是") if r["active"] else translate("draw_views", "否"),
            )
            for r in roster
        ],
    )


ROLES = {
    "leader": QT_TRANSLATE_NOOP("draw_views", "组长"),
    "member": QT_TRANSLATE_NOOP("draw_views", "组员"),
    "expert": QT_TRANSLATE_NOOP("draw_views", "专家"),
}


def teams_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "机构"),
            translate("draw_views", "统一社会信用代码"),
            translate("draw_views", "检查组"),
        ],
        2,
    )


def fill_teams(target: QTableWidget, announcement: dict, result: dict) -> None:
    roster = {r["id"]: r for r in announcement["roster"]}
    names = {t["credit_code"]: t["name"] for t in announcement["targets"]}
    fill(
        target,
        [
            (
                names.get(team["credit_code"], ""),
                team["credit_code"],
                translate("draw_views", "、").join(
                    translate("draw_views", "{0}：{1}").format(
                        translate("draw_views", ROLES.get(m["role"], m["role"])), _person(roster[m["inspector_id"]])
                    )
                    for m in team["members"]
                ),
            )
            for team in result["teams"]
        ],
    )


SLOTS = {
    "leader": QT_TRANSLATE_NOOP("draw_views", "组长"),
    "market": QT_TRANSLATE_NOOP("draw_views", "市场监管执法人员 {0}"),
    "police": QT_TRANSLATE_NOOP("draw_views", "公安"),
    "eco": QT_TRANSLATE_NOOP("draw_views", "生态环境"),
    "expert": QT_TRANSLATE_NOOP("draw_views", "专家 {0}"),
}


def slot_label(slot: str) -> str:
    """leader → 组长, market-2 → 市场监管执法人员 2, police → 公安, expert-1 → 专家 1 (docs/rules.md's slots)."""
    kind, _, number = slot.partition("-")
    return translate("draw_views", SLOTS[kind]).format(number) if kind in SLOTS else slot


def team_steps_table() -> QTableWidget:
    return table(
        [
            translate("draw_views", "步"),
            translate("draw_views", "机构"),
            translate("draw_views", "岗位"),
            translate("draw_views", "候选 R"),
            translate("draw_views", "摘要 MD5"),
            translate("draw_views", "位置"),
            translate("draw_views", "抽中"),
        ],
        6,
    )


def fill_team_steps(target: QTableWidget, announcement: dict, result: dict) -> None:
    roster = {r["id"]: r for r in announcement["roster"]}
    names = {t["credit_code"]: t["name"] for t in announcement["targets"]}
    fill(
        target,
        [
            (
                s["index"],
                names.get(s["credit_code"], s["credit_code"]),
                slot_label(s["slot"]),
                s["remaining"],
                s["digest"],
                s["position"],
                _person(roster[s["pick"]]),
            )
            for s in result["steps"]
        ],
    )
