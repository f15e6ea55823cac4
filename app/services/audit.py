"""Checking the audit log: its hash chain, and the recorded tables against the log replayed from the start."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import Break
from app.store import audit_log
from app.store.audit_replay import Mismatch, mismatches


@dataclass(frozen=True)
class AuditReport:
    entries: int
    breaks: list[Break]  # where the chain is broken (an entry edited, removed or cut off)
    mismatches: list[Mismatch]  # recorded rows and fields that differ from the replayed log

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.mismatches


def check(db, task_id: str | None = None) -> AuditReport:
    """The whole chain, and the recorded rows (of one task, or all) against the replayed log."""
    count, breaks = audit_log.verify(db)
    return AuditReport(count, breaks, mismatches(db, task_id))
