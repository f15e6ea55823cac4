"""Checking the audit log: its hash chain, the recorded tables against the log replayed from the start, and the
attachment files the records name against their SHA-256."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.audit import Break
from app.store import audit_log
from app.store.attachments import AttachmentStore
from app.store.audit_replay import Mismatch, mismatches


@dataclass(frozen=True)
class AttachmentFault:
    """A photo or signature image the records name whose file is gone, or whose content is not what its hash says."""

    sha256: str
    task_id: str
    what: str  # 照片“…” / 张三 的签名图像
    kind: str  # "missing" or "changed"
    path: str

    @property
    def message(self) -> str:
        state = "缺失" if self.kind == "missing" else "的内容与记录的 SHA-256 不符（被替换或改动）"
        return f"检查任务 {self.task_id[:8]} 的{self.what}：附件文件 {self.path} {state}"

    def to_json(self) -> dict:
        return {"sha256": self.sha256, "task_id": self.task_id, "what": self.what, "kind": self.kind,
                "path": self.path, "message": self.message}


@dataclass(frozen=True)
class AuditReport:
    entries: int
    breaks: list[Break]  # where the chain is broken (an entry edited, removed or cut off)
    mismatches: list[Mismatch]  # recorded rows and fields that differ from the replayed log
    attachments: list[AttachmentFault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.mismatches and not self.attachments


def check(db, task_id: str | None = None, db_path: Path | None = None) -> AuditReport:
    """The whole chain, the recorded rows (of one task, or all) against the replayed log, and — given the
    database's path — every attachment file those rows name."""
    from app.store.received_audit import faults

    count, breaks = audit_log.verify(db)
    breaks = breaks + faults(db.conn)  # other devices' entries as received: each hash, each link
    faults = attachment_faults(db, AttachmentStore.for_database(db_path), task_id) if db_path else []
    return AuditReport(count, breaks, mismatches(db, task_id), faults)


def attachment_faults(db, store: AttachmentStore, task_id: str | None = None) -> list[AttachmentFault]:
    where, params = (" AND task_id = ?", [task_id]) if task_id else ("", [])
    named = db.conn.execute(
        "SELECT sha256, task_id, '照片“' || coalesce(nullif(caption, ''), substr(id, 1, 8)) || '”（原图）' FROM photos"
        f" WHERE 1 = 1{where}"
        " UNION ALL SELECT reduced_sha256, task_id, '照片“' || coalesce(nullif(caption, ''), substr(id, 1, 8))"
        f" || '”（缩小的副本）' FROM photos WHERE reduced_sha256 IS NOT NULL{where}"
        " UNION ALL SELECT png_sha256, task_id, name || ' 的签名图像' FROM signatures"
        f" WHERE png_sha256 IS NOT NULL{where}", params * 3).fetchall()
    faults, seen = [], set()
    for sha256, of_task, what in named:
        if (sha256, of_task, what) in seen:
            continue
        seen.add((sha256, of_task, what))
        if not store.verify(sha256):
            kind = "changed" if store.exists(sha256) else "missing"
            faults.append(AttachmentFault(sha256, of_task, what, kind, str(store.path_of(sha256))))
    return faults
