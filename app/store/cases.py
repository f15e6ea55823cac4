"""The lead's cases and referrals (migration m012): rows ↔ app/domain/cases.py records."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from app.domain.cases import Case, Conclusion, Recipient, Referral

DATES = ("decided_on", "rectify_by", "rectification_received_on", "rectification_checked_on", "penalty_on",
         "dishonest_listed_on")
FLAGS = ("revoked", "typical_case")
COLUMNS = [f.name for f in fields(Case) if f.name != "referrals"]


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _referral(row: dict) -> Referral:
    return Referral(row["id"], row["task_id"], Recipient(row["recipient"]), tuple(json.loads(row["items"])),
                    row["text"], date.fromisoformat(row["referred_on"]), row["department"], row["document_number"])


def referrals(conn, task_id: str | None = None, recipient: Recipient | None = None) -> list[Referral]:
    sql, params = "SELECT * FROM referrals WHERE 1", []
    if task_id:
        sql, params = sql + " AND task_id = ?", params + [task_id]
    if recipient:
        sql, params = sql + " AND recipient = ?", params + [recipient.value]
    return [_referral(r) for r in _all(conn, sql + " ORDER BY referred_on, created_at", params)]


def get_case(conn, task_id: str) -> Case | None:
    rows = _all(conn, "SELECT * FROM cases WHERE task_id = ?", [task_id])
    return _case(conn, rows[0]) if rows else None


def all_cases(conn) -> dict[str, Case]:
    return {r["task_id"]: _case(conn, r) for r in _all(conn, "SELECT * FROM cases", [])}


def _case(conn, row: dict) -> Case:
    values = {}
    for name in COLUMNS:
        value = row[name]
        if name in DATES:
            value = _date(value)
        elif name in FLAGS:
            value = bool(value)
        elif name == "rectification_accepted":
            value = None if value is None else bool(value)
        elif name == "conclusion":
            value = Conclusion(value)
        values[name] = value
    return Case(**values, referrals=tuple(referrals(conn, row["task_id"])))


def row_of(case: Case) -> dict:
    out = {}
    for name in COLUMNS:
        value = getattr(case, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, Conclusion):
            value = value.value
        out[name] = value
    return out


def save_case(conn, case: Case, at: str) -> None:
    row = {**row_of(case), "updated_at": at}
    names = list(row)
    conn.execute(f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                 f" ON CONFLICT (task_id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names[1:])}",
                 [row[n] for n in names])


def add_referral(conn, referral: Referral, at: str) -> None:
    conn.execute("INSERT INTO referrals (id, task_id, recipient, items, text, referred_on, department,"
                 " document_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [referral.id, referral.task_id, referral.to.value, json.dumps(list(referral.items)), referral.text,
                  referral.referred_on.isoformat(), referral.department, referral.document_number, at])


def _all(conn, sql: str, params: list) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]
