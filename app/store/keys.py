"""Registered signing certificates (`inspector_keys`): the profile's own keys and other inspectors' imported ones.

Only public parts live in the database; the profile's private key is a file beside it (`services.keys`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = ("id", "inspector_id", "fingerprint", "certificate", "subject", "not_before", "not_after", "retired_at",
           "source", "created_at")


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def insert(db: Database, row: dict) -> None:
    names = [c for c in COLUMNS if c in row]
    db.conn.execute(f"INSERT INTO inspector_keys ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    [row[n] for n in names])


def by_fingerprint(db: Database, fingerprint: str) -> dict | None:
    found = _rows(db.conn.execute("SELECT * FROM inspector_keys WHERE fingerprint = ?", [fingerprint]))
    return found[0] if found else None


def retire(db: Database, fingerprint: str, at: str) -> None:
    db.conn.execute("UPDATE inspector_keys SET retired_at = ? WHERE fingerprint = ? AND retired_at IS NULL",
                    [at, fingerprint])


def all_keys(db: Database) -> list[dict]:
    """Every registered key with its inspector's name (None if the inspector left the registry), oldest first."""
    return _rows(db.conn.execute(
        "SELECT k.*, i.name AS inspector_name FROM inspector_keys k"
        " LEFT JOIN inspectors i ON i.id = k.inspector_id ORDER BY k.inspector_id, k.created_at, k.rowid"))
