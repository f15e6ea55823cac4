"""Plans, their draws, what a higher level drew or allocated, and which tasks a draw made: rows ↔ typed records.

Writes go through the audited `Edit` of the caller (app/services/plans.py, draws.py); this module only reads
and writes the tables of migration m011.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

from app.domain.plan import Plan
from app.domain.registry import Category, RiskClass


@dataclass(frozen=True)
class Draw:
    """One draw as stored: announced (seed None) or completed."""

    id: str
    plan_id: str
    kind: str  # 'institutions' | 'inspectors'
    announced_at: str
    source: str
    announcement: dict
    announcement_sha256: str
    replaces: str | None
    reason: str
    seed: str | None
    key: str | None
    drawn_at: str | None
    result: dict | None
    author: str

    @property
    def done(self) -> bool:
        return self.seed is not None


@dataclass(frozen=True)
class PlanInstitution:
    institution_id: str
    credit_code: str
    name: str
    kind: str  # 'exclude' | 'include'
    reason: str


class RegistryEntry(NamedTuple):
    """An institution as a draw reads it from the registry (only the columns a draw needs; a tuple, as 55,000 are
    read at once)."""

    id: str
    credit_code: str
    name: str
    category: Category
    district: str
    risk_class: RiskClass | None
    flags: tuple[str, ...]
    eco_owned: bool


def plan_from_row(row) -> Plan:
    settings = json.loads(row["settings"])
    return Plan.from_json({**settings, "id": row["id"], "year": row["year"], "title": row["title"]})


def get_plan(conn, plan_id: str) -> Plan | None:
    row = _one(conn, "SELECT * FROM plans WHERE id = ?", [plan_id])
    return plan_from_row(row) if row else None


def all_plans(conn) -> list[Plan]:
    return [plan_from_row(r) for r in _all(conn, "SELECT * FROM plans ORDER BY year DESC, created_at DESC", [])]


def insert_plan(conn, plan: Plan, at: str) -> None:
    conn.execute("INSERT INTO plans (id, year, title, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                 [plan.id, plan.year, plan.title, json.dumps(plan.settings_json(), ensure_ascii=False), at, at])


def update_plan(conn, plan: Plan, at: str) -> None:
    conn.execute("UPDATE plans SET year = ?, title = ?, settings = ?, updated_at = ? WHERE id = ?",
                 [plan.year, plan.title, json.dumps(plan.settings_json(), ensure_ascii=False), at, plan.id])


def plan_institutions(conn, plan_id: str) -> list[PlanInstitution]:
    return [PlanInstitution(r["institution_id"], r["credit_code"], r["name"], r["kind"], r["reason"])
            for r in _all(conn, "SELECT p.institution_id, i.credit_code, i.name, p.kind, p.reason FROM plan_institutions p"
                                " JOIN institutions i ON i.id = p.institution_id WHERE p.plan_id = ?"
                                " ORDER BY i.credit_code", [plan_id])]


def set_plan_institution(conn, plan_id: str, institution_id: str, kind: str | None, reason: str, at: str) -> None:
    conn.execute("DELETE FROM plan_institutions WHERE plan_id = ? AND institution_id = ?", [plan_id, institution_id])
    if kind:
        conn.execute("INSERT INTO plan_institutions (plan_id, institution_id, kind, reason, created_at)"
                     " VALUES (?, ?, ?, ?, ?)", [plan_id, institution_id, kind, reason, at])


def higher_level_picks(conn, year: int) -> dict[str, list[tuple[str, str]]]:
    """institution id → [(level, kind)] for the year. The registry workbook's column 上级分配年度
    (`allocated_year`) says the province allocated the institution that year, unless a pick of the province for
    that year is recorded here explicitly."""
    out: dict[str, list[tuple[str, str]]] = {}
    for institution_id, level, kind in conn.execute(
            "SELECT institution_id, level, kind FROM higher_level_picks WHERE year = ? ORDER BY level", [year]):
        out.setdefault(institution_id, []).append((level, kind))
    for (institution_id,) in conn.execute("SELECT id FROM institutions WHERE allocated_year = ?", [year]):
        if not any(level == "province" for level, _ in out.get(institution_id, ())):
            out.setdefault(institution_id, []).append(("province", "allocated"))
    return out


def set_higher_level_pick(conn, institution_id: str, year: int, level: str, kind: str | None, note: str,
                          at: str) -> None:
    conn.execute("DELETE FROM higher_level_picks WHERE institution_id = ? AND year = ? AND level = ?",
                 [institution_id, year, level])
    if kind:
        conn.execute("INSERT INTO higher_level_picks (institution_id, year, level, kind, note, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)", [institution_id, year, level, kind, note, at])


def registry_entries(conn, districts: tuple[str, ...] = ()) -> list[RegistryEntry]:
    sql = ("SELECT id, credit_code, name, category, district, risk_class, flag_complaint, flag_pt_no_show,"
           " flag_stats_missed, eco_owned FROM institutions")
    params: list = []
    if districts:
        sql += f" WHERE district IN ({', '.join('?' * len(districts))})"
        params = list(districts)
    categories = {c.value: c for c in Category}
    risks = {r.value: r for r in RiskClass}
    out = []
    for (id_, code, name, category, district, risk, complaint, no_show, stats, eco_owned) in conn.execute(sql, params):
        flags = tuple(f for f, on in (("flag_complaint", complaint), ("flag_pt_no_show", no_show),
                                      ("flag_stats_missed", stats)) if on) if complaint or no_show or stats else ()
        out.append(RegistryEntry(id_, code, name, categories[category], district, risks.get(risk), flags,
                                 bool(eco_owned)))
    return out


def draw_from_row(row) -> Draw:
    return Draw(row["id"], row["plan_id"], row["kind"], row["announced_at"], row["source"],
                json.loads(row["announcement"]), row["announcement_sha256"], row["replaces"], row["reason"],
                row["seed"], row["key"], row["drawn_at"], json.loads(row["result"]) if row["result"] else None,
                row["author"])


def get_draw(conn, draw_id: str) -> Draw | None:
    row = _one(conn, "SELECT * FROM draws WHERE id = ?", [draw_id])
    return draw_from_row(row) if row else None


def draws_of(conn, plan_id: str, kind: str | None = None) -> list[Draw]:
    """Oldest first; the current one of a kind is the last that nothing replaces."""
    sql, params = "SELECT * FROM draws WHERE plan_id = ?", [plan_id]
    if kind:
        sql, params = sql + " AND kind = ?", params + [kind]
    return [draw_from_row(r) for r in _all(conn, sql + " ORDER BY announced_at, rowid", params)]


def draw_headers(conn, plan_id: str) -> list[Draw]:
    """The plan's draws as `draws_of` orders them, without their announcement and result (an empty dict and
    None): what a list shows, without reading the megabytes a pool of a large registry takes."""
    rows = _all(conn, "SELECT id, plan_id, kind, announced_at, source, announcement_sha256, replaces, reason, seed,"
                      " key, drawn_at, author FROM draws WHERE plan_id = ? ORDER BY announced_at, rowid", [plan_id])
    return [Draw(r["id"], r["plan_id"], r["kind"], r["announced_at"], r["source"], {}, r["announcement_sha256"],
                 r["replaces"], r["reason"], r["seed"], r["key"], r["drawn_at"], None, r["author"]) for r in rows]


def current_draw(conn, plan_id: str, kind: str) -> Draw | None:
    draws = draws_of(conn, plan_id, kind)
    replaced = {d.replaces for d in draws if d.replaces}
    live = [d for d in draws if d.id not in replaced]
    return live[-1] if live else None


def insert_draw(conn, *, id: str, plan_id: str, kind: str, announced_at: str, source: str, announcement: str,
                announcement_sha256: str, replaces: str | None, reason: str, author: str) -> None:
    conn.execute("INSERT INTO draws (id, plan_id, kind, announced_at, source, announcement, announcement_sha256,"
                 " replaces, reason, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [id, plan_id, kind, announced_at, source, announcement, announcement_sha256, replaces, reason, author])


def complete_draw(conn, draw_id: str, *, seed: str, key: str, drawn_at: str, result: str) -> None:
    conn.execute("UPDATE draws SET seed = ?, key = ?, drawn_at = ?, result = ? WHERE id = ?",
                 [seed, key, drawn_at, result, draw_id])


def link_task(conn, task_id: str, plan_id: str, draw_id: str, team_draw_id: str | None) -> None:
    conn.execute("INSERT INTO draw_tasks (task_id, plan_id, draw_id, team_draw_id) VALUES (?, ?, ?, ?)",
                 [task_id, plan_id, draw_id, team_draw_id])


def plan_tasks(conn, plan_id: str) -> list[tuple[str, str]]:
    """(task id, status) of the tasks the plan's draws made."""
    return list(conn.execute("SELECT t.id, t.status FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
                             " WHERE d.plan_id = ? ORDER BY t.document_serial, t.id", [plan_id]))


def task_plans(conn) -> dict[str, str]:
    """task id → plan id, for every task a draw made."""
    return dict(conn.execute("SELECT task_id, plan_id FROM draw_tasks"))


def count_in_scope(conn, districts: tuple[str, ...] = ()) -> int:
    """How many institutions of the registry are in these districts (all of them when none is named)."""
    sql, params = "SELECT count(*) FROM institutions", []
    if districts:
        sql += f" WHERE district IN ({', '.join('?' * len(districts))})"
        params = list(districts)
    return conn.execute(sql, params).fetchone()[0]


def _one(conn, sql: str, params: list):
    cursor = conn.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def _all(conn, sql: str, params: list) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def team_draw_tasks(conn, team_draw_id: str) -> dict[str, dict]:
    """credit code → {"task", "planned_date", "document_prefix", "document_year", "document_serial"} of the tasks a
    team draw made."""
    rows = _all(conn, "SELECT i.credit_code, t.id AS task, t.planned_date, t.document_prefix, t.document_year,"
                      " t.document_serial FROM draw_tasks d JOIN tasks t ON t.id = d.task_id"
                      " JOIN institutions i ON i.id = t.institution_id WHERE d.team_draw_id = ?", [team_draw_id])
    return {r.pop("credit_code"): r for r in rows}
