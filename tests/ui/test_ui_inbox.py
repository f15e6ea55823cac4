"""The inbox page and the findings export in the window (issue 10): a colleague's package chosen or dropped, each
file's author and verdict shown before anything is merged, then merged once (已合并, then 已合并过); a tampered
file refused with its reason and nothing changed; conflicts said with a way to open the task; the workspace
exports a package the services verify."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services.merge import digest
from app.services.task_view import list_tasks, task_record
from app.store.database import open_database
from app.ui.inbox_page import ConfirmImportDialog

LEAD, COLLEAGUE = "组长的口令 2025 inbox", "同事的口令 2025 inbox"


@pytest.fixture
def pair(tmp_path):
    """The lead's database and a colleague's laptop (tests/recording_helpers.py `lead_and_laptop`): the task is
    on site, the colleague on its team."""
    from tests.recording_helpers import lead_and_laptop

    lead_path, laptop_path, task, colleague = lead_and_laptop(tmp_path, LEAD, COLLEAGUE)
    return lead_path, laptop_path, task.id, task.institution.name, colleague.name


@pytest.fixture
def db_path(pair):
    """The window (conftest's `window`) opens the lead's database."""
    return pair[0]


def _colleague_package(laptop_path: Path, task_id: str, out: Path, item: int = 12, verdict: str = "problem",
                       text: str | None = "签发的报告未加盖资质认定标志") -> Path:
    from app.services import recording
    from app.services.packages import export_findings

    laptop = open_database(laptop_path)
    try:
        recording.set_verdict(laptop, task_id, item, verdict, text)
        export_findings(laptop, laptop_path, task_id, out, COLLEAGUE)
    finally:
        laptop.close()
    return out


def _tampered(package: Path, out: Path) -> Path:
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data.json":
                data = data.replace("未加盖".encode(), "已加盖".encode())
            target.writestr(info, data)
    return out


def _digest(path: Path):
    db = open_database(path)
    try:
        return digest(db)
    finally:
        db.close()


def _confirm(qtbot, page, paths) -> ConfirmImportDialog:
    """Choose files as the button's file dialog does; wait for the confirmation with every file's facts."""
    page.confirm_dialog = None
    dialog = page.ask_import()
    assert dialog.isVisible()
    dialog.filesSelected.emit([str(p) for p in paths])
    dialog.close()
    qtbot.waitUntil(lambda: page.confirm_dialog is not None and page.confirm_dialog.isVisible(), timeout=30_000)
    return page.confirm_dialog


def _accept(qtbot, page, confirm: ConfirmImportDialog) -> QMessageBox:
    """Confirm, and wait for the import to end (the summary is shown)."""
    with qtbot.waitSignal(page.imported, timeout=30_000):
        confirm.ok_button.click()
    assert isinstance(page.last_dialog, QMessageBox)
    return page.last_dialog


def _row(page, row: int) -> list[str]:
    return [page.table.item(row, c).text() for c in range(page.table.columnCount())]


def test_a_colleagues_package_is_shown_then_merged_once(qtbot, window, pair, tmp_path):
    lead_path, laptop_path, task_id, institution, colleague = pair
    package = _colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    window.show_page(4)
    problems_before = window.tasks.table.item([t.id for t in window.tasks.tasks].index(task_id), 6).text()
    window.show_page(6)
    page = window.inbox
    assert window.ui.navigation.currentItem().text() == "数据包" and page.table.rowCount() == 0
    before = _digest(lead_path)

    confirm = _confirm(qtbot, page, [package])
    facts = [confirm.table.item(0, c).text() for c in range(5)]
    assert facts[0] == "colleague.scpkg" and facts[1] == colleague and facts[3] == institution
    assert facts[2][:4].isdigit() and facts[4] == "可以导入"
    assert confirm.table.item(0, 0).checkState() == Qt.CheckState.Checked
    assert _digest(lead_path) == before  # nothing merged before the user confirms

    summary = _accept(qtbot, page, confirm)
    assert "已合并 1 个" in summary.text()
    row = _row(page, 0)
    assert row[1:5] == ["colleague.scpkg", "已合并", colleague, institution] and int(row[5]) > 0
    lead = open_database(lead_path)
    try:
        assert task_record(lead, task_id).verdict(12).value == "problem"
    finally:
        lead.close()
    problems_after = window.tasks.table.item([t.id for t in window.tasks.tasks].index(task_id), 6).text()
    assert problems_after != problems_before  # the task list was refreshed with the merged finding
    merged = _digest(lead_path)

    summary = _accept(qtbot, page, _confirm(qtbot, page, [package]))
    assert "已合并过 1 个" in summary.text()
    assert [_row(page, r)[2] for r in range(page.table.rowCount())] == ["已合并过", "已合并"]
    assert _row(page, 0)[5] == "0" and _digest(lead_path) == merged


def test_a_tampered_package_is_refused_with_its_reason_and_changes_nothing(qtbot, window, pair, tmp_path):
    lead_path, laptop_path, task_id, institution, colleague = pair
    tampered = _tampered(_colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg"),
                         tmp_path / "tampered.scpkg")
    window.show_page(6)
    page = window.inbox
    before = _digest(lead_path)

    confirm = _confirm(qtbot, page, [tampered])
    reason = confirm.table.item(0, 4).text()
    assert reason.startswith("未通过：") and "data.json" in reason
    assert confirm.table.item(0, 0).checkState() == Qt.CheckState.Unchecked and not confirm.ok_button.isEnabled()
    confirm.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # recorded in the inbox anyway
    summary = _accept(qtbot, page, confirm)

    assert "被拒绝 1 个" in summary.text() and "tampered.scpkg 被拒绝" in summary.text()
    assert summary.icon() == QMessageBox.Icon.Warning and "Traceback" not in summary.text()
    row = _row(page, 0)
    assert row[1:3] == ["tampered.scpkg", "被拒绝"] and "SHA-256" in row[7]
    assert _digest(lead_path) == before
    lead = open_database(lead_path)
    try:
        assert task_record(lead, task_id).verdict(12).value != "problem"
    finally:
        lead.close()


def test_packages_dropped_on_the_window_are_verified_then_imported(qtbot, window, pair, tmp_path):
    lead_path, laptop_path, task_id, institution, colleague = pair
    package = _colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    tampered = _tampered(package, tmp_path / "tampered.scpkg")
    (tmp_path / "notes.txt").write_text("not a package", encoding="utf-8")
    window.show_page(0)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (package, tmp_path / "notes.txt", tampered)])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)  # Qt routes a synthetic drop only within a real drag: call the handlers
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    page = window.inbox
    assert window.ui.pages.currentWidget() is page
    qtbot.waitUntil(lambda: getattr(page, "confirm_dialog", None) is not None, timeout=30_000)
    confirm = page.confirm_dialog
    assert [confirm.table.item(r, 0).text() for r in range(confirm.table.rowCount())] == [
        "colleague.scpkg", "tampered.scpkg"]
    assert [confirm.table.item(r, 4).text()[:3] for r in range(2)] == ["可以导", "未通过"]

    summary = _accept(qtbot, page, confirm)  # only the file that passed is ticked
    assert "已合并 1 个" in summary.text() and page.table.rowCount() == 1 and _row(page, 0)[2] == "已合并"

    text_only = QMimeData()
    text_only.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, text_only, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    refused.setAccepted(False)
    page.dragEnterEvent(refused)
    assert not refused.isAccepted()


def test_conflicts_brought_in_are_said_and_the_task_opens(qtbot, window, pair, tmp_path):
    from app.services import recording

    lead_path, laptop_path, task_id, institution, colleague = pair
    package = _colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg", 5, "problem", "保密协议缺失")
    lead = open_database(lead_path)
    recording.set_verdict(lead, task_id, 5, "na")
    lead.close()
    window.show_page(6)
    page = window.inbox
    summary = _accept(qtbot, page, _confirm(qtbot, page, [package]))
    assert "1 处冲突待解决" in summary.text()
    assert _row(page, 0)[6] == "1 处"
    summary.open_task_button.click()
    assert window.ui.pages.currentWidget() is window.tasks
    workspace = window.tasks.workspace
    assert workspace is not None and workspace.task_id == task_id
    assert workspace.conflicts_button.isVisible() and workspace.conflicts_button.text() == "冲突 1…"


def test_the_workspace_exports_a_package_the_services_verify(qtbot, window, pair, tmp_path):
    from app.services.packages import verify_package

    lead_path, laptop_path, task_id, institution, colleague = pair
    window.show_page(4)
    workspace = window.tasks.open_task(task_id)
    assert workspace.export_button.text() == "导出检查结果包(&E)…"
    export = workspace.export_findings()
    save = export.file_dialog
    assert save.isVisible() and institution in save.selectedFiles()[0] and save.selectedFiles()[0].endswith(".scpkg")
    out = tmp_path / "out" / "findings.scpkg"
    out.parent.mkdir()
    save.selectFile(str(out))
    save.accept()
    prompt = export.passphrase_dialog
    assert prompt.isVisible() and prompt.textEchoMode() == QLineEdit.EchoMode.Password
    prompt.setTextValue(LEAD)
    prompt.accept()
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=30_000)
    assert isinstance(export.last_dialog, QMessageBox) and str(out) in export.last_dialog.text()
    lead = open_database(lead_path)
    try:
        verdict = verify_package(lead, out)
    finally:
        lead.close()
    assert verdict.ok, verdict.error
    assert verdict.manifest.kind == "findings" and list(verdict.manifest.task_ids) == [task_id]


def test_a_wrong_passphrase_is_refused_in_words_and_writes_nothing(qtbot, window, pair, tmp_path):
    lead_path, laptop_path, task_id, institution, colleague = pair
    window.show_page(4)
    workspace = window.tasks.open_task(task_id)
    export = workspace.export_findings()
    export.file_dialog.close()
    export.ask_passphrase(tmp_path / "findings.scpkg")
    export.passphrase_dialog.setTextValue("不是这个口令")
    export.passphrase_dialog.accept()
    qtbot.waitUntil(lambda: export.last_dialog is not None, timeout=30_000)
    box = export.last_dialog
    text = box.text() if isinstance(box, QMessageBox) else box.message.text()
    assert "口令" in text and "Traceback" not in text
    assert not (tmp_path / "findings.scpkg").exists()


def test_cancelling_an_import_of_many_files_stops_before_the_next_file(qtbot, window, pair, tmp_path):
    lead_path, laptop_path, task_id, institution, colleague = pair
    package = _colleague_package(laptop_path, task_id, tmp_path / "colleague.scpkg")
    copies = [shutil.copy(package, tmp_path / f"copy-{n}.scpkg") for n in range(8)]
    window.show_page(6)
    page = window.inbox
    with qtbot.waitSignal(page.imported, timeout=60_000) as done:
        job = page.import_files([Path(c) for c in copies])
        job.cancel()  # as the progress dialog's 取消 does
    imported = done.args[0]
    assert len(imported) < 8
    assert page.table.rowCount() == len(imported)  # each file imported before the cancel has its entry
    assert f"其余 {8 - len(imported)} 个文件没有导入" in page.last_dialog.text()


def test_the_file_menu_opens_the_package_chooser_on_the_inbox_page(qtbot, window):
    window.show_page(0)
    window.packages_action.trigger()
    page = window.inbox
    assert window.ui.pages.currentWidget() is page
    assert page.file_dialog.isVisible() and "*.scpkg" in page.file_dialog.nameFilters()[0]
    page.file_dialog.close()


def test_a_first_assignment_is_imported_only_after_the_fingerprint_is_checked(qtbot, window, tmp_path):
    """An assignment from a lead whose key this database has never seen: the window shows the fingerprint to
    check by phone; nothing is imported before the user says it matches; then the tasks arrive."""
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.services.packages import export_assignment
    from app.store import profile

    other = tmp_path / "other-bureau.sqlite"
    db = open_database(other)
    build_demo(db, seed=11, institutions=30, db_path=other)
    key = create_key(db, other, "另一位组长的口令 2025")
    lead_name = next(m.inspector.name for t in list_tasks(db) for m in task_record(db, t.id).members
                     if m.inspector.id == profile.get(db, "inspector_id"))
    from app.services.profile import set_organ
    from app.services.tasks import create_task

    set_organ(db, name="阳泉市市场监督管理局", document_prefix="阳市监检记")  # another bureau, its own numbers
    planned = task_record(db, next(t.id for t in list_tasks(db) if t.status.value == "planned"))
    task_id = create_task(db, planned.institution_id, [m.inspector.id for m in planned.members])
    package = tmp_path / "assignment.scpkg"
    export_assignment(db, other, package, "另一位组长的口令 2025", task_ids=[task_id])
    db.close()
    window.show_page(6)
    page = window.inbox
    confirm = _confirm(qtbot, page, [package])
    assert not confirm.ok_button.isEnabled()
    assert confirm.table.item(0, 4).text() == f"首次收到 {lead_name} 的任务分配包：须与其核对密钥指纹"
    box = confirm.ask_trust(0)
    assert " ".join(key.fingerprint_display.split()) in " ".join(box.text().split())
    (no,) = [b for b in box.buttons() if b.text().startswith("不一致")]
    no.click()
    assert not confirm.ok_button.isEnabled() and confirm.trusted == {}
    box = confirm.ask_trust(0)
    (yes,) = [b for b in box.buttons() if b.text().startswith("一致")]
    yes.click()
    assert confirm.ok_button.isEnabled() and confirm.table.item(0, 4).text() == "已核对指纹，可以导入"
    summary = _accept(qtbot, page, confirm)
    assert "已合并 1 个" in summary.text()
    assert _row(page, 0)[2] == "已合并"
    db = open_database(window.db_path)
    try:
        assert task_id in {t.id for t in list_tasks(db)}
        from app.services.profile import organ

        assert organ(db).name == "大同市市场监督管理局"  # another bureau's assignment never changes this one's organ
    finally:
        db.close()
