"""Replaying the audit log and comparing the result with what the recorded tables hold.

The hash chain shows that the log itself was not edited; it cannot show that
a recorded row was changed behind its back (a signed finding's verdict set
with a SQLite shell, with no entry). Every change to a recorded row goes
through `rows.insert` / `rows.update`, which log the created row whole
and then each changed field, with the edit's time, author and clock. So the
log, replayed from the start, must give every recorded row exactly as it is
stored: each field, and the stamp of the row's last edit. Whatever differs
was written outside Spotcheck, and is reported by table, row and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.store.audit_log import _text, entries
from app.store.rows import ENTITIES

STAMP = ("updated_at", "hlc", "author")  # the row's last edit: at, hlc, author of its last entry
TABLE_NAMES = {"tasks": "检查任务", "task_members": "检查组成员", "institution_corrections": "机构信息更正",
               "findings": "检查项目结论", "blind_samples": "盲样考核", "signatory_exams": "授权签字人考试",
               "photos": "照片", "signatures": "签名", "visit_attendees": "现场陪同人员"}


@dataclass(frozen=True)
class Mismatch:
    """One row or field whose stored value is not what the audit log says it should be."""

    table: str
    entity_id: str
    task_id: str | None
    field: str | None  # None: the whole row
    kind: str  # "changed": the field differs; "unlogged": a row the log never created; "missing": a logged row gone
    stored: str | None = None
    logged: str | None = None
    label: str = ""  # what the row is to a person: "第 7 项", a sample's code, a signer's name

    @property
    def message(self) -> str:
        label = f"（{self.label}）" if self.label else ""
        where = f"{TABLE_NAMES.get(self.table, self.table)}（{self.table}）的记录 {self.entity_id}{label or ' '}"
        if self.kind == "unlogged":
            return f"{where}在审计日志中没有创建记录（在 Spotcheck 之外写入）"
        if self.kind == "missing":
            return f"{where}在审计日志中有记录，但数据库中已不存在（在 Spotcheck 之外删除）"
        return (f"{where}的字段 {self.field} 为“{_shown(self.stored)}”，按审计日志应为“{_shown(self.logged)}”"
                "（在 Spotcheck 之外改动）")

    def to_json(self) -> dict:
        return {"table": self.table, "id": self.entity_id, "task_id": self.task_id, "field": self.field,
                "kind": self.kind, "stored": self.stored, "logged": self.logged, "message": self.message}


def _shown(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "（空）"
    return value if len(value) <= limit else value[:limit] + "…"


@dataclass
class _Replayed:
    values: dict
    stamp: dict


def _key(table: str, row: dict) -> tuple[str, str, str | None]:
    """(entity, entity id, task id) as the log names the row."""
    entity = ENTITIES[table]
    if table == "tasks":
        return entity, row["id"], row["id"]
    if table == "task_members":
        return entity, row["inspector_id"], row["task_id"]
    if table == "institution_corrections":
        return entity, f"{row['task_id']}/{row['field']}", row["task_id"]
    return entity, row["id"], row["task_id"]


def replay(log: list[dict], columns: dict[str, list[str]]) -> dict[tuple, _Replayed]:
    """The recorded rows as the log builds them, keyed like `_key`."""
    tables = {entity: table for table, entity in ENTITIES.items()}
    rows: dict[tuple, _Replayed] = {}
    for entry in log:
        table = tables.get(entry["entity"])
        if table is None:
            continue
        key = (entry["entity"], entry["entity_id"], entry["task_id"])
        stamp = {"updated_at": entry["at"], "hlc": entry["hlc"], "author": entry["author"]}
        if entry["action"] == "create" and entry["field"] is None:
            try:
                created = json.loads(entry["new_value"] or "{}")
            except ValueError:
                created = {}
            values = {k: _text(v) for k, v in created.items()} if isinstance(created, dict) else {}
            rows[key] = _Replayed(values, {**stamp, "created_at": entry["at"]})
        elif key in rows and entry["field"] in columns[table]:
            rows[key].values[entry["field"]] = entry["new_value"]
            rows[key].stamp.update(stamp)
    return rows


def _defaults(conn, table: str) -> tuple[list[str], dict[str, str | None]]:
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    names = [r[1] for r in info]
    return names, {r[1]: _default_text(r[4]) for r in info}


def _default_text(default: str | None) -> str | None:
    """A column's declared default (as PRAGMA table_info gives its SQL) as the log's text."""
    if default is None or default.upper() == "NULL":
        return None
    if default.startswith("'") and default.endswith("'"):
        return default[1:-1].replace("''", "'")
    return default


def mismatches(db, task_id: str | None = None) -> list[Mismatch]:
    """Every recorded row and field that differs from the replayed log (of one task, or of all)."""
    conn = db.conn
    columns, defaults = {}, {}
    for table in ENTITIES:
        columns[table], defaults[table] = _defaults(conn, table)
    replayed = replay(entries(db), columns)
    found: list[Mismatch] = []
    seen = set()
    for table in ENTITIES:
        cursor = conn.execute(f"SELECT * FROM {table}" + (" WHERE task_id = ?" if task_id and table != "tasks"
                                                         else " WHERE id = ?" if task_id else ""),
                              [task_id] if task_id else [])
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            key = _key(table, row)
            seen.add(key)
            found.extend(_compare(table, key, row, replayed.get(key), defaults[table]))
    for key, _ in replayed.items():
        entity, entity_id, of_task = key
        if key not in seen and (task_id is None or of_task == task_id):
            table = next(t for t, e in ENTITIES.items() if e == entity)
            found.append(Mismatch(table, entity_id, of_task, None, "missing"))
    return found


def _label(table: str, row: dict) -> str:
    if table == "findings":
        return f"第 {row['item']} 项"
    for name in ("code", "signatory", "name", "caption", "field"):
        if row.get(name):
            return str(row[name])
    return ""


def _compare(table: str, key: tuple, row: dict, logged: _Replayed | None, defaults: dict) -> list[Mismatch]:
    _, entity_id, task_id = key
    label = _label(table, row)
    if logged is None:
        return [Mismatch(table, entity_id, task_id, None, "unlogged", label=label)]
    out = []
    for name, value in row.items():
        if name in logged.stamp:
            expected = logged.stamp[name]
        elif name in logged.values:
            expected = logged.values[name]
        else:
            expected = defaults.get(name)
        stored = _text(value)
        if stored != expected:
            out.append(Mismatch(table, entity_id, task_id, name, "changed", stored, expected, label))
    return out
