"""What merging needs of a database: its travelling edits and the state they give (app/domain/merge.py).

This release records every edit of a recorded field with the versions it replaced, and computes the
database's digest from them; importing other devices' findings packages builds on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import merge
from app.store import field_edits


@dataclass(frozen=True)
class Digest:
    sha256: str
    fields: int  # fields recorded (entity, UUID, field)
    edits: int  # edits received or made
    conflicts: int  # fields with more than one head

    def to_json(self) -> dict:
        return {"sha256": self.sha256, "fields": self.fields, "edits": self.edits, "conflicts": self.conflicts}


def digest(db) -> Digest:
    """SHA-256 over the state of every recorded field, keyed by UUID: two databases that hold the same edits
    have the same digest, whatever order they came in."""
    edits = field_edits.all_edits(db.conn)
    state = merge.merge(edits)
    return Digest(merge.digest(state), len(state), len(edits), len(merge.conflicts(state)))
