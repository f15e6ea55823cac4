"""Importing packages (issue 10): each file is verified completely, then its edits are merged in one transaction.

A package that fails any check writes nothing but its entry in the inbox, saying which check failed for which
file; a package merged before writes nothing but its entry either. Only findings packages are imported in
this release (assignments come with the next one).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.domain.problems import InputRefused, IntegrityFailure, Problem, SpotcheckError
from app.services.merge import receive
from app.services.packages import _check_content, edit_from_json, trusted_certificates
from app.store.attachments import AttachmentStore


@dataclass(frozen=True)
class Imported:
    """What importing one file did."""

    file: str
    verdict: str  # merged | already | refused
    package_id: str | None = None
    author: str | None = None
    tasks: tuple[str, ...] = ()
    new_edits: int = 0
    rows: int = 0
    conflicts: int = 0
    error: SpotcheckError | None = None

    @property
    def status(self) -> int:
        return self.error.exit_status if self.error else 0

    def to_json(self) -> dict:
        return {"file": self.file, "verdict": self.verdict, "package_id": self.package_id, "author": self.author,
                "tasks": list(self.tasks), "new_edits": self.new_edits, "rows": self.rows,
                "conflicts": self.conflicts, "error": self.error.to_json()["error"] if self.error else None}


def import_package(db, db_path: Path, path: Path) -> Imported:
    """Verify, then merge; never raises for the package's sake (the refusal is in the verdict and the inbox)."""
    from app.exchange.package import open_package

    path = Path(path)
    store = AttachmentStore.for_database(db_path)
    try:
        store.require_folder()
        with tempfile.TemporaryDirectory(prefix=".incoming-", dir=store.folder) as temp:
            package = open_package(path, trusted_certificates(db), unpack_to=Path(temp))
            manifest = package.manifest
            if manifest.kind != "findings":
                raise InputRefused(f"{path.name} 是任务分配包：本版本只能导入检查结果包。",
                                   [Problem("检查结果包（findings）", manifest.kind, file="manifest.json")])
            _check_content(manifest, package.data)
            edits = _edits(package.data, set(manifest.task_ids))
            stored = [store.add_file(file) for name, file in sorted(package.unpacked.items())
                      if name.startswith("attachments/")]

            def register(conn, at: str) -> None:
                for f in stored:
                    conn.execute("INSERT OR IGNORE INTO attachments (sha256, size, media_type, original_name,"
                                 " created_at) VALUES (?, ?, ?, ?, ?)", [f.sha256, f.size, f.media_type, "", at])

            try:
                result = receive(db, edits, manifest.package_id, before=register)
            except sqlite3.IntegrityError as exc:  # e.g. a task of an institution this registry does not hold
                raise IntegrityFailure(f"{path.name} 中的记录引用了本数据库中没有的机构、人员或任务，未导入（{exc}）。"
                                       "请先导入相应的名录库或任务分配包。",
                                       [Problem("本数据库已有的机构、人员和任务", str(exc), file="data.json")]) from None
    except (InputRefused, IntegrityFailure) as exc:
        return _file(db, Imported(str(path), "refused", error=exc))
    verdict = "merged" if result.new else "already"
    return _file(db, Imported(str(path), verdict, manifest.package_id,
                              manifest.author.name or manifest.author.inspector_id, tuple(manifest.task_ids),
                              result.new, result.rows, len(result.conflicts)))


def _edits(data: dict, task_ids: set[str]) -> list:
    edits = []
    for task in data["tasks"]:
        raw = task.get("edits")
        if not isinstance(raw, list):
            raise IntegrityFailure("data.json 中的任务没有编辑记录（edits）：这不是可以合并的检查结果包。",
                                   [Problem("每项任务的 edits 列表", None, file="data.json")])
        for n, item in enumerate(raw, start=1):
            edit = edit_from_json(item, n)
            if edit.task_id not in task_ids:
                raise IntegrityFailure(f"data.json 中第 {n} 条编辑属于数据包清单之外的任务 {edit.task_id}。",
                                       [Problem("清单中列出的任务", edit.task_id, file="data.json")])
            edits.append(edit)
    return edits


def _file(db, imported: Imported) -> Imported:
    """The inbox entry: written for every file, whatever became of it."""
    from app.store.audit_log import now_iso

    message = imported.error.message if imported.error else ""
    with db.atomic():
        db.conn.execute("INSERT INTO inbox (received_at, file, package_id, kind, author, created_at, tasks, verdict,"
                        " message, new_edits, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [now_iso(), Path(imported.file).name, imported.package_id, "findings" if imported.package_id
                         else None, imported.author, None, json.dumps(list(imported.tasks)), imported.verdict,
                         message, imported.new_edits, imported.conflicts])
    return imported


@dataclass(frozen=True)
class InboxEntry:
    received_at: str
    file: str
    verdict: str
    author: str | None
    tasks: tuple[str, ...]
    new_edits: int
    conflicts: int
    message: str

    def to_json(self) -> dict:
        return {"received_at": self.received_at, "file": self.file, "verdict": self.verdict, "author": self.author,
                "tasks": list(self.tasks), "new_edits": self.new_edits, "conflicts": self.conflicts,
                "message": self.message}


def inbox(db) -> list[InboxEntry]:
    """Every package given to this database, newest first."""
    rows = db.conn.execute("SELECT received_at, file, verdict, author, tasks, new_edits, conflicts, message"
                           " FROM inbox ORDER BY id DESC").fetchall()
    return [InboxEntry(r[0], r[1], r[2], r[3], tuple(json.loads(r[4] or "[]")), r[5], r[6], r[7]) for r in rows]
