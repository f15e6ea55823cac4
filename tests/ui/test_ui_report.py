"""The record as a document in the window: preview, export PDF and Word, sign with the passphrase, and check
the signature of a PDF opened from disk."""

from __future__ import annotations

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services.task_view import list_tasks
from app.ui.report_dialog import ReportDialog, VerifyDialog, verify_file

PASSPHRASE = "窗口里的口令 2025"


@pytest.fixture
def db_path(tmp_path):
    """The demo with its inspection tasks, and a signing key for the profile (overrides conftest's)."""
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.store.database import open_database

    path = tmp_path / "ui.sqlite"
    db = open_database(path)
    build_demo(db, seed=7, institutions=60, inspectors=20, db_path=path)
    create_key(db, path, PASSPHRASE)
    db.close()
    return path


def _task(db_path, status, on_my_team: bool | None = True):
    """A task in `status`; with `on_my_team` True (False) one whose team has (does not have) the profile."""
    from app.services.task_view import task_record
    from app.services.tasks import actor
    from app.store.database import connect

    db = connect(db_path)
    try:
        me = actor(db).author
        return next(t.id for t in list_tasks(db) if t.status.value == status and (
            on_my_team is None or (me in {m.inspector.id for m in task_record(db, t.id).members}) == on_my_team))
    finally:
        db.close()


def _report(qtbot, window, db_path, status, on_my_team: bool | None = True) -> ReportDialog:
    window.show_page(4)
    window.tasks.refresh()
    ws = window.tasks.open_task(_task(db_path, status, on_my_team))
    ws.report_button.click()
    dialog = ws.report_dialog
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    return dialog


def _wait_for(qtbot, dialog, check):
    qtbot.waitUntil(lambda: dialog.last_dialog is not None, timeout=20000)
    check(dialog.last_dialog)


def test_the_preview_shows_every_page_of_a_signed_record(qtbot, window, db_path):
    dialog = _report(qtbot, window, db_path, "signed")
    assert dialog.document.pageCount() >= 4
    assert "草稿" not in dialog.state.text()
    assert dialog.sign_button.isEnabled()
    first = dialog.document.render(0, dialog.document.pagePointSize(0).toSize())
    assert not first.isNull()


def test_a_draft_is_marked_and_cannot_be_signed(qtbot, window, db_path):
    dialog = _report(qtbot, window, db_path, "on_site", None)
    assert "草稿" in dialog.state.text()
    assert not dialog.sign_button.isEnabled()


def test_export_pdf_and_word(qtbot, window, db_path, tmp_path):
    dialog = _report(qtbot, window, db_path, "signed")
    dialog.export(tmp_path / "记录.pdf", "pdf")
    _wait_for(qtbot, dialog, lambda box: isinstance(box, QMessageBox) and "已导出" in box.text())
    assert (tmp_path / "记录.pdf").read_bytes().startswith(b"%PDF-")
    dialog.last_dialog = None
    dialog.export(tmp_path / "记录.docx", "docx")
    _wait_for(qtbot, dialog, lambda box: "已导出" in box.text())
    assert (tmp_path / "记录.docx").read_bytes()[:2] == b"PK"


def test_sign_through_the_password_prompt_then_verify_the_file(qtbot, window, db_path, tmp_path):
    dialog = _report(qtbot, window, db_path, "signed")
    prompt = dialog.ask_passphrase()
    assert prompt.textEchoMode() == QLineEdit.EchoMode.Password
    prompt.setTextValue(PASSPHRASE)
    prompt.accept()
    save = dialog.file_dialog  # the save dialog the prompt opened
    assert save is not None and save.isVisible()
    save.selectFile(str(tmp_path / "signed.pdf"))
    save.accept()
    _wait_for(qtbot, dialog, lambda box: "数字签名" in box.text())
    assert dialog.last_export == tmp_path / "signed.pdf"

    shown = []
    verify_file(window, db_path, tmp_path / "signed.pdf", on_done=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert isinstance(shown[0], VerifyDialog) and shown[0].result.verdict == "confirmed"
    assert "签名有效" in shown[0].text() and shown[0].icon() == QMessageBox.Icon.Information
    assert "检查组组长" in shown[0].informativeText()  # who signed, in which role


def test_signing_a_record_of_another_team_is_refused_in_words(qtbot, window, db_path, tmp_path):
    dialog = _report(qtbot, window, db_path, "signed", on_my_team=False)
    dialog.export(tmp_path / "signed.pdf", "pdf", PASSPHRASE)
    _wait_for(qtbot, dialog, lambda box: None)
    box = dialog.last_dialog
    text = box.text() if isinstance(box, QMessageBox) else box.findChild(type(dialog.state)).text()
    assert "检查组" in text and "执法人员" in text and "Traceback" not in text
    assert not (tmp_path / "signed.pdf").exists()


def test_a_wrong_passphrase_is_refused_in_words(qtbot, window, db_path, tmp_path):
    dialog = _report(qtbot, window, db_path, "signed")
    dialog.export(tmp_path / "signed.pdf", "pdf", "wrong passphrase")
    _wait_for(qtbot, dialog, lambda box: None)
    box = dialog.last_dialog
    text = box.text() if isinstance(box, QMessageBox) else box.findChild(type(dialog.state)).text()
    assert "口令不正确" in text and "Traceback" not in text
    assert not (tmp_path / "signed.pdf").exists()


def test_an_altered_or_missing_file_is_not_confirmed(qtbot, window, db_path, tmp_path):
    from app.services.reporting import export
    from app.store.database import connect

    db = connect(db_path)
    try:
        export(db, db_path, _task(db_path, "signed"), tmp_path / "signed.pdf", "pdf", PASSPHRASE)
    finally:
        db.close()
    data = bytearray((tmp_path / "signed.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (tmp_path / "altered.pdf").write_bytes(bytes(data))
    shown = []
    verify_file(window, db_path, tmp_path / "altered.pdf", on_done=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert isinstance(shown[0], VerifyDialog) and shown[0].result.verdict == "altered"
    assert shown[0].icon() == QMessageBox.Icon.Warning and "签署后被改动过" in shown[0].text()
    verify_file(window, db_path, tmp_path / "missing.pdf", on_done=shown.append)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    assert not isinstance(shown[1], VerifyDialog)


def test_the_export_proposes_a_name_with_the_institution_kind_and_date(qtbot, window, db_path):
    from datetime import date
    from pathlib import Path

    dialog = _report(qtbot, window, db_path, "signed")
    institution = window.tasks.workspace.record.institution.name
    save = dialog.ask_export("docx")
    proposed = Path(save.selectedFiles()[0]).name
    assert proposed.endswith(f" 现场检查记录 {date.today().isoformat()}.docx"), proposed
    assert institution and proposed.startswith(institution)
    save.close()
