"""The profile a database belongs to: which inspector uses it, in which role, on which device."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


ROLES = ("inspector", "lead")


def get(db: Database, key: str) -> str | None:
    row = db.conn.execute("SELECT value FROM profile WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_value(db: Database, key: str, value: str | None) -> None:
    db.execute("INSERT OR REPLACE INTO profile (key, value) VALUES (?, ?)", [key, value])


def all_values(db: Database) -> dict[str, str]:
    return dict(db.conn.execute("SELECT key, value FROM profile").fetchall())
