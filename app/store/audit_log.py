"""The append-only audit log (`audit_log`) and the write transaction every recorded edit goes through.

`Edit` is one edit: a write transaction taken at once (BEGIN IMMEDIATE, so
two writers cannot both chain onto the same last entry), the edit's hybrid
logical clock stamp, and the audit entries it appends. It commits when the
block ends without an exception and rolls everything back otherwise — the
change and its audit entry are written together or not at all.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from app.domain import audit
from app.domain.hlc import Hlc, tick
from app.store import profile


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


class Edit:
    """`with Edit(db, author, device) as edit:` … `edit.log(...)`; commits on success."""

    def __init__(self, db, author: str, device: str):
        self.db, self.author, self.device = db, author, device
        self.conn: sqlite3.Connection = db.conn
        self.at = now_iso()
        self.hlc: str = ""
        self._prev: tuple[int, str] | None = None
        self.touched: dict[str, set[str]] = {}  # table -> the columns this edit wrote (see store.rows.changes)

    def __enter__(self) -> "Edit":
        if self.conn.in_transaction:
            raise RuntimeError("an audited edit must start its own transaction")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            last = profile.get(self.db, "hlc")
            stamp = tick(Hlc.parse(last) if last else None, int(time.time() * 1000), self.device)
            self.hlc = str(stamp)
            profile.set_value(self.db, "hlc", self.hlc)
        except BaseException as exc:
            self._roll_back()
            raise self._environment(exc) or exc
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:  # e.g. the disk filled up at the last moment: nothing was written
                self._roll_back()
                environment = self._environment(exc)
                if environment is not None:
                    raise environment from exc
                raise
            return
        self._roll_back()
        environment = self._environment(value)
        if environment is not None:
            raise environment from value

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _environment(self, exc: BaseException | None):
        """A full disk, a read-only file or a held lock, in words (see app.environment), or None."""
        from app.environment import explain

        if not isinstance(exc, (sqlite3.Error, OSError)):
            return None
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return explain(exc, Path(row[2]) if row and row[2] else None)

    def log(self, action: str, entity: str, entity_id: str, task_id: str | None = None,
            field: str | None = None, old=None, new=None) -> None:
        """Append one chained entry (values as text; None stays NULL)."""
        if self._prev is None:
            row = self.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            # Numbered after the id sequence, not after the last row: entries cut off the end leave a gap.
            self._prev = (max(row[0] if row else 0, self._sequence()), row[1] if row else audit.GENESIS)
        entry = {
            "id": self._prev[0] + 1, "at": self.at, "author": self.author, "device": self.device,
            "hlc": self.hlc, "action": action, "entity": entity, "entity_id": entity_id, "task_id": task_id,
            "field": field, "old_value": _text(old), "new_value": _text(new),
        }
        entry["prev_hash"] = self._prev[1]
        entry["hash"] = audit.entry_hash(entry, entry["prev_hash"])
        names = list(entry)
        self.conn.execute(f"INSERT INTO audit_log ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                          [entry[n] for n in names])
        self._prev = (entry["id"], entry["hash"])

    def _sequence(self) -> int:
        row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
        return row[0] if row else 0


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def entries(db, task_id: str | None = None) -> list[dict]:
    where, params = ("WHERE task_id = ?", [task_id]) if task_id else ("", [])
    cursor = db.conn.execute(f"SELECT * FROM audit_log {where} ORDER BY id", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def verify(db) -> tuple[int, list[audit.Break]]:
    """Walk the whole chain; also catch entries cut off its end (the id sequence remembers them)."""
    count, breaks = audit.verify_chain(entries(db))
    last = db.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    seq = db.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    if seq and seq[0] > last:
        gap = str(seq[0]) if seq[0] == last + 1 else f"{last + 1}–{seq[0]}"
        breaks.append(audit.Break(last + 1, "missing", f"第 {gap} 条记录（链的末尾）缺失（被删除）"))
    return count, breaks
