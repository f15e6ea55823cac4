"""The demo's team work (issue 10): a colleague's findings package received, merged, and a conflict left open.

The vehicle station the team is on site at (app/demo/tasks.py `_on_site`) was recorded on this database up to
item 9. A colleague on the team recorded the rest on their own laptop — a copy of this database made on the way,
another device with its own key — and, checking the staff files again, came to another view of item 8 than this
database's user, who meanwhile wrote down what they had seen of it. The colleague's findings package comes back by
USB stick and is imported: items 10–18 and the colleague's photo are merged, and item 8's description is a
conflict for the lead to settle (冲突 in the task's window, `spotcheck conflict list`). A second copy of the
package, damaged on the stick (one byte of a photo), is refused, so the inbox shows what a refusal looks like.

This database still holds no private key of its own (`key create` makes one): it only learns the colleague's
certificate, as a lead does. No Qt.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.checklist import Verdict

# what this database's user and the colleague each wrote of item 8 (人员管理要求)
HERE_ITEM_8 = "抽查3名检验员的上岗培训、考核和授权记录，均齐全。"
COLLEAGUE_ITEM_8 = "引车员1名无上岗培训考核记录，仍在引车岗位作业（见人员档案抽查）。"
COLLEAGUE_ITEMS = {10: (Verdict.PROBLEM, "1台底盘测功机的检定证书已过有效期（2025年3月到期），仍在使用。"),
                   16: (Verdict.NA, "机构近一年无变更事项")}
PASSPHRASE = "demo colleague laptop 2025"  # the colleague's key lives and dies with the temporary laptop


def build_demo_team(db, db_path: Path, rng, progress=None) -> dict:
    """Record the colleague's part on a temporary copy of this database, export it as a findings package and
    import it here (see the module docstring). Returns what was imported: {"task_id", "merged", "refused",
    "conflicts"}; {} when there is no task on site with a colleague on its team."""
    from app.demo.tasks import _Recorder
    from app.services import recording
    from app.services.inbox import import_package
    from app.services.keys import create_key, export_certificate, import_certificate
    from app.services.packages import export_findings
    from app.services.profile import set_profile
    from app.services.task_view import list_tasks, task_record
    from app.store import profile
    from app.store.database import open_database

    say = progress or (lambda text: None)
    me = profile.get(db, "inspector_id")
    on_site = [task_record(db, t.id) for t in list_tasks(db) if t.status.value == "on_site"]
    found = next(((task, m.inspector) for task in on_site for m in task.members
                  if m.inspector.id != me and m.inspector.enforcement_officer), None)
    if found is None or not me:
        return {}
    task, colleague = found
    say(f"组员 {colleague.name} 的笔记本：记录、导出检查结果包，导入本机")
    with tempfile.TemporaryDirectory(prefix="spotcheck-demo-team-") as temp:
        folder = Path(temp)
        laptop_path = folder / "laptop.sqlite"
        _copy_database(db, Path(db_path), laptop_path)
        recording.set_verdict(db, task.id, 8, Verdict.NO_PROBLEM, HERE_ITEM_8)  # here, after the copy was made
        laptop = open_database(laptop_path)
        try:
            with laptop.atomic():
                profile.set_value(laptop, "device_id", f"demo-laptop-{colleague.id[:8]}")
            set_profile(laptop, colleague.id)
            create_key(laptop, laptop_path, PASSPHRASE)
            rec = _Recorder(laptop, laptop_path, rng, folder)
            recording.set_verdict(laptop, task.id, 8, Verdict.PROBLEM, COLLEAGUE_ITEM_8)
            for item in range(10, 19):
                verdict, description = COLLEAGUE_ITEMS.get(item, (Verdict.NO_PROBLEM, None))
                recording.set_verdict(laptop, task.id, item, verdict, description)
            started = datetime.fromisoformat(task.visit.started_at) if task.visit.started_at else datetime(2025, 1, 1)
            rec.photo(task.id, _equipment(rng, task), started + timedelta(minutes=rng.randint(70, 95)), 10,
                      "底盘测功机检定证书（已过有效期）")
            package = folder / f"{task.institution.name} 检查结果（{colleague.name}）.scpkg"
            export_findings(laptop, laptop_path, task.id, package, PASSPHRASE)
        finally:
            laptop.close()
        export_certificate(laptop_path, folder / "colleague.pem")
        import_certificate(db, folder / "colleague.pem", colleague.id)
        merged = import_package(db, db_path, package)
        damaged = folder / f"{task.institution.name} 检查结果（{colleague.name}，U盘副本）.scpkg"
        _damage_a_photo(package, damaged)
        refused = import_package(db, db_path, damaged)
    return {"task_id": task.id, "merged": merged.verdict, "refused": refused.verdict, "conflicts": merged.conflicts}


def _copy_database(db, db_path: Path, target: Path) -> None:
    """The laptop: this database as it is now (SQLite's backup, consistent while open) and its attachments."""
    from app.paths import attachments_dir

    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
    finally:
        copy.close()
    if attachments_dir(db_path).is_dir():
        shutil.copytree(attachments_dir(db_path), attachments_dir(target))


def _equipment(rng, task):
    from app.demo.photos import equipment_sheet

    return equipment_sheet(rng, task.institution, "底盘测功机", f"DC-{rng.randint(100, 999)}", 2025, 0)


def _damage_a_photo(package: Path, damaged: Path) -> None:
    """A copy of `package` with one byte of its largest member changed (a photo: stored, not compressed)."""
    import zipfile

    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as zf:
        largest = max(zf.infolist(), key=lambda i: i.compress_size)
    # the member's data starts after its local header (30 bytes, the name and the extra field)
    name_length = int.from_bytes(data[largest.header_offset + 26:largest.header_offset + 28], "little")
    extra_length = int.from_bytes(data[largest.header_offset + 28:largest.header_offset + 30], "little")
    middle = largest.header_offset + 30 + name_length + extra_length + largest.compress_size // 2
    data[middle] ^= 0xFF
    damaged.write_bytes(bytes(data))
