"""Shared pieces for the workspace tests of issue 13: a task made through the services (planned, finished or
signed), opened in the window, and typing as a user does."""

from __future__ import annotations

import re

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import recording
from app.services import tasks as task_service
from app.services.task_view import task_record
from app.store.database import connect


def new_task(db_path, nth: int = 0) -> str:
    db = connect(db_path)
    try:
        code = db.conn.execute("SELECT credit_code FROM institutions ORDER BY name LIMIT 1 OFFSET ?",
                               [nth]).fetchone()[0]
        officers = [r[0] for r in db.conn.execute(
            "SELECT id FROM inspectors WHERE department = 'market' AND cert_no != '' ORDER BY name LIMIT 2")]
        return task_service.create_task(db, code, officers)
    finally:
        db.close()


def finished_task(db_path, nth: int = 0, signed: bool = False) -> str:
    """A task whose record is complete and finished (recorded), or also signed by everyone."""
    from tests.recording_helpers import answer_all, signature_of

    task_id = new_task(db_path, nth)
    db = connect(db_path)
    try:
        answer_all(db, task_id)
        task_service.finish(db, task_id)
        if signed:
            officers = [m.inspector for m in task_record(db, task_id).members if m.officer]
            for n, who in enumerate(officers):
                png, strokes = signature_of(n)
                recording.add_signature(db, db_path, task_id, signer="inspector", name=who.name,
                                        inspector_id=who.id, png=png, strokes_json=strokes)
            png, strokes = signature_of(50)
            recording.add_signature(db, db_path, task_id, signer="representative", name="王经理", role="质量负责人",
                                    png=png, strokes_json=strokes)
            task_service.sign(db, task_id)
    finally:
        db.close()
    return task_id


def open_task(window, task_id: str):
    window.show_page(4)
    window.tasks.refresh()
    ws = window.tasks.open_task(task_id)
    window.activateWindow()
    return ws


def stored(db_path, task_id):
    """The record as the services read it from the file (a connection of its own)."""
    db = connect(db_path)
    try:
        return task_record(db, task_id)
    finally:
        db.close()


def type_into(qtbot, widget, text: str) -> None:
    """Focus `widget` and type: ASCII as key clicks, other text as an input method commits it."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
