"""The task workspace driven as an inspector would: record items, add a blind sample, undo, finish, sign."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGroupBox

from app.domain.checklist import Verdict
from app.services import tasks as task_service
from app.services.task_view import task_record
from app.store.audit_log import entries, verify
from app.ui.problem_dialogs import ProblemsDialog


def _new_task(db_path):
    from app.store.database import connect

    db = connect(db_path)
    try:
        code = db.conn.execute("SELECT credit_code FROM institutions ORDER BY name LIMIT 1").fetchone()[0]
        officers = [r[0] for r in db.conn.execute(
            "SELECT id FROM inspectors WHERE department = 'market' AND cert_no != '' ORDER BY name LIMIT 2")]
        return task_service.create_task(db, code, officers)
    finally:
        db.close()


def _open(window, db_path):
    task_id = _new_task(db_path)
    window.show_page(4)
    window.tasks.refresh()
    return window.tasks.open_task(task_id)


def _record(ws):
    return task_record(ws.db, ws.task_id)


def test_record_an_item_from_the_keyboard_and_undo_it(qtbot, window, db_path):
    ws = _open(window, db_path)
    tab = ws.items_tab
    ws.tabs.setCurrentWidget(tab)
    tab.items.setFocus()
    QTest.keyClick(tab.items, Qt.Key.Key_2)  # 未发现问题 for item 1
    assert _record(ws).verdict(1) is Verdict.NO_PROBLEM
    QTest.keyClick(tab.items, Qt.Key.Key_Down)
    QTest.keyClick(tab.items, Qt.Key.Key_1)  # 发现问题 for item 2: the description gets the focus
    assert _record(ws).verdict(2) is Verdict.PROBLEM
    tab.description.setPlainText("分场所未纳入资质认定范围")
    tab.description.commit()
    assert _record(ws).findings[2].description == "分场所未纳入资质认定范围"
    assert "缺描述" not in tab.items.item(1).text()
    before = len(entries(ws.db))
    ws.undo_stack.undo()  # the description goes; the undo is itself an audited edit
    assert _record(ws).findings[2].description == ""
    assert len(entries(ws.db)) == before + 1 and entries(ws.db)[-1]["new_value"] == ""
    ws.undo_stack.redo()
    assert _record(ws).findings[2].description == "分场所未纳入资质认定范围"
    assert verify(ws.db)[1] == []


def test_the_visit_and_a_correction_are_saved_as_typed(qtbot, window, db_path):
    ws = _open(window, db_path)
    session = ws.visit_tab
    session.times["notified_at"].setText("2025-10-19 15:00")
    session.times["notified_at"].commit()
    session.times["started_at"].setText("2025-10-21 09:00")  # 42 hours later: warned
    session.times["started_at"].commit()
    record = _record(ws)
    assert record.status.value == "on_site"
    assert any("超过24小时" in w for w in record.warnings) and ws.warnings.isVisible()
    info = ws.info_tab
    info.edits["contact_phone"].setText("0352-5555555")
    info.edits["contact_phone"].commit()
    record = _record(ws)
    assert record.institution.contact_phone == "0352-5555555"
    assert record.corrections["contact_phone"].original != "0352-5555555"
    assert "原值" in info.edits["contact_phone"].toolTip()


def test_add_a_blind_sample_and_see_it_judged(qtbot, window, db_path):
    ws = _open(window, db_path)
    tab = ws.samples_tab
    tab.add_row()
    assert tab.table.rowCount() == 1
    columns = [name for name, _ in tab.columns]

    def type_cell(name, text):
        tab.table.item(0, columns.index(name)).setText(text)

    type_cell("parameter", "铅")
    combo = tab.table.cellWidget(0, columns.index("statistic"))
    combo.setCurrentIndex(combo.findData("z"))
    type_cell("assigned", "10.0")
    type_cell("sigma_pt", "0.5")
    assert _record(ws).blind_samples[0].judgement is None  # not complete yet: no judgement, no refusal
    type_cell("result", "11.2")
    sample = _record(ws).blind_samples[0]
    assert (sample.score, sample.judgement) == ("2.4", "questionable")
    assert tab.table.item(0, columns.index("judgement")).text() == "有问题"


def _complete_items(ws):
    from app.services.recording import set_verdict

    task_service.set_visit(ws.db, ws.task_id, started_at="2025-10-10T09:00", ended_at="2025-10-10T11:00",
                             place="检测大楼二层", credentials_shown=True, recusal_answer="不申请回避")
    for number in range(1, 19):
        set_verdict(ws.db, ws.task_id, number, Verdict.NO_PROBLEM)
    ws.refresh()
    for box in list(ws.visit_tab.credential_boxes.values()):  # each officer's credentials, ticked in the window
        box.click()


def test_an_incomplete_record_cannot_be_finished_or_signed(qtbot, window, db_path):
    ws = _open(window, db_path)
    ws.finish_button.click()
    box = ws.last_box  # a plain list of what is missing, not the import's problem table (issue 13)
    assert box is not None and box.isVisible() and ws.findChild(ProblemsDialog) is None
    assert "尚未检查" in box.text() and "出示执法证件" in box.text()
    assert _record(ws).status.value == "planned"
    _complete_items(ws)
    ws.finish_button.click()
    assert _record(ws).status.value == "recorded"
    ws.signatures_tab.sign_button.click()  # no signatures yet: refused, with the reasons
    assert _record(ws).status.value == "recorded"
    assert "执法人员签名" in ws.last_error.message and "被检查单位代表" in ws.last_error.message


def _draw(pad, hand: int = 0):
    """A scribble; each `hand` draws its own (two people never give the same signature)."""
    pad.setFocus()
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(60, 80 + 7 * hand))
    for x in range(70, 300, 20):
        QTest.mouseMove(pad, QPoint(x, 80 + (x // 20 + hand) % 3 * 10 + 5 * hand))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 90 + 5 * hand))


def test_sign_with_synthetic_strokes_and_the_record_becomes_read_only(qtbot, window, db_path):
    ws = _open(window, db_path)
    _complete_items(ws)
    ws.finish()
    tab = ws.signatures_tab
    record = _record(ws)
    for hand, member in enumerate(record.members):
        dialog = tab.ask_member(member)
        _draw(dialog.pad, hand)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
    dialog = tab.ask_representative()
    dialog.refuse_button.click()
    dialog.reason_edit.setText("代表称需请示上级，拒绝签名")
    dialog.witness_edits[0].setText("见证人甲")
    dialog.confirm_refusal_button.click()
    record = _record(ws)
    assert len([s for s in record.signatures if s.signer == "inspector"]) == 2
    assert all(s.png_sha256 and s.strokes for s in record.signatures if s.signer == "inspector")
    # the role printed on the legal record is the service's, in the record's words (issue 8)
    certificates = {m.inspector.id: m.inspector.cert_no for m in record.members}
    assert {s.role for s in record.signatures if s.signer == "inspector"} == {
        f"检查人员（执法证号 {certificates[s.inspector_id]}）" for s in record.signatures if s.signer == "inspector"}
    tab.sign_button.click()
    record = _record(ws)
    assert record.status.value == "signed"
    assert not ws.editable
    assert not ws.items_tab.verdicts.buttons()[0].isEnabled()
    assert ws.reopen_button.isVisible() and not ws.finish_button.isVisible()
    assert verify(ws.db)[1] == []


def test_create_a_task_in_the_window(qtbot, window):
    page = window.tasks
    window.show_page(4)
    before = len(page.tasks)
    dialog = page.ask_new()
    completions = dialog.institution.completer().model()
    dialog.institution.setText(completions.index(0, 0).data())
    market = [row for row in range(dialog.team.count()) if "市场监管" in dialog.team.item(row).text()]
    for row in market[:2]:  # the organ's two officers
        dialog.team.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.leader.count() == 2
    with qtbot.waitSignal(page.opened, timeout=5000) as opened:
        dialog.accept()
    workspace = opened.args[0]
    assert page.stack.currentWidget() is workspace
    assert len(workspace.record.members) == 2
    workspace.back.emit()
    assert len(page.tasks) == before + 1


def test_photos_dropped_on_an_item_are_stored_once(qtbot, window, db_path, tmp_path):
    from PIL import Image
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    ws = _open(window, db_path)
    photo = tmp_path / "设备档案.jpg"
    Image.new("RGB", (640, 480), (200, 180, 160)).save(photo)
    strip = ws.items_tab.photos
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    # Qt routes a synthetic drop only within a real drag; the view's own handlers are called instead.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    strip.list.dragEnterEvent(enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(strip.added, timeout=20_000):
        strip.list.dropEvent(drop)
    photos = _record(ws).photos
    assert len(photos) == 2 and {p.item for p in photos} == {1}
    assert photos[0].sha256 == photos[1].sha256  # one original, stored once
    stored = list((db_path.parent / f"{db_path.stem}-attachments").rglob("*"))
    assert sum(1 for p in stored if p.is_file() and p.name == photos[0].sha256) == 1
    assert strip.list.count() == 2


# --- what the window refuses (issue 7, items 14 and 15): a message, and the previous value stays -------------


def _sample_with(ws, **typed):
    tab = ws.samples_tab
    tab.add_row()
    columns = [name for name, _ in tab.columns]
    for name, text in typed.items():
        tab.table.item(0, columns.index(name)).setText(text)
    return tab, columns


def test_a_number_that_does_not_read_is_refused_in_the_samples_tab_and_the_previous_value_stays(
        qtbot, window, db_path):
    ws = _open(window, db_path)
    tab, columns = _sample_with(ws, assigned="10.0")
    for typed, words in (("12,5", "逗号"), ("0 5", "空格"), ("1E100000000", "1E-30"), ("abc", "数字")):
        ws.last_error = None
        tab.table.item(0, columns.index("assigned")).setText(typed)
        assert ws.last_error is not None and words in ws.last_error.problems[0].expected, typed
        assert "指定值" in ws.last_error.message
        assert _record(ws).blind_samples[0].assigned == "10.0"
        assert tab.table.item(0, columns.index("assigned")).text() == "10.0"


def test_full_width_numbers_are_read_in_the_samples_tab(qtbot, window, db_path):
    ws = _open(window, db_path)
    tab, columns = _sample_with(ws, assigned="１２．５", result="－３")
    sample = _record(ws).blind_samples[0]
    assert (sample.assigned, sample.result) == ("12.5", "-3")


def test_a_correction_that_is_not_valid_is_refused_and_the_typed_text_stays_to_be_corrected(qtbot, window, db_path):
    ws = _open(window, db_path)
    info = ws.info_tab
    registry_code = _record(ws).institution.credit_code
    for key, typed in (("credit_code", registry_code[:17] + ("0" if registry_code[17] != "0" else "1")),
                       ("cma_expires_on", "20301010")):
        before = info.edits[key].text()
        ws.last_error = None
        info.edits[key].setText(typed)
        info.edits[key].commit()
        assert ws.last_error is not None, key
        assert _record(ws).corrections.get(key) is None
        assert info.edits[key].text() == typed != before  # kept, marked, for the user to correct (issue 13)


def test_a_visit_end_before_its_start_is_refused_in_the_window(qtbot, window, db_path):
    ws = _open(window, db_path)
    times = ws.visit_tab.times
    times["started_at"].setText("2025-10-21 09:00")
    times["started_at"].commit()
    ws.last_error = None
    times["ended_at"].setText("2025-10-21 08:00")
    times["ended_at"].commit()
    assert ws.last_error is not None and ws.last_error.problems[0].column == "ended_at"
    # not stored; the typed text stays in the field to be corrected (issue 13)
    assert _record(ws).visit.ended_at is None and times["ended_at"].text() == "2025-10-21 08:00"


def _count_loads(ws, monkeypatch) -> dict[str, int]:
    """How often each tab shows the record again (the workspace calls `load` on the tabs it refreshes)."""
    loads = {}
    for name in ("visit_tab", "info_tab", "items_tab", "samples_tab", "exams_tab", "signatures_tab"):
        tab = getattr(ws, name)
        loads[name] = 0

        def counted(record, tab=tab, name=name, load=tab.load):
            loads[name] += 1
            load(record)
        monkeypatch.setattr(tab, "load", counted)
    return loads


def test_an_edit_shows_again_only_the_tabs_that_show_what_changed(qtbot, window, db_path, monkeypatch):
    ws = _open(window, db_path)
    loads = _count_loads(ws, monkeypatch)
    ws.tabs.setCurrentWidget(ws.items_tab)
    ws.items_tab.items.setFocus()
    QTest.keyClick(ws.items_tab.items, Qt.Key.Key_2)  # a verdict: the items tab only
    assert _record(ws).verdict(1) is Verdict.NO_PROBLEM
    assert loads == {"visit_tab": 0, "info_tab": 0, "items_tab": 1, "samples_tab": 0, "exams_tab": 0,
                     "signatures_tab": 0}
    ws.samples_tab.add_row()  # a blind sample: the samples tab only
    assert loads["samples_tab"] == 1 and loads["items_tab"] == 1 and loads["exams_tab"] == 0
    ws.visit_tab.place.setText("检测楼二层")  # the place: the visit tab only
    ws.visit_tab.place.commit()
    assert loads["visit_tab"] == 1 and loads["info_tab"] == 0 and loads["samples_tab"] == 1
    ws.visit_tab.times["notified_at"].setText("2025-10-19 15:00")  # notified: the status moves on, every tab
    ws.visit_tab.times["notified_at"].commit()
    assert _record(ws).status.value == "notified"
    assert loads == {"visit_tab": 2, "info_tab": 1, "items_tab": 2, "samples_tab": 2, "exams_tab": 1,
                     "signatures_tab": 1}
    ws.undo_stack.undo()  # the time goes; the status never moves back, so only the visit tab shows it again
    assert _record(ws).visit.notified_at is None and loads["visit_tab"] == 3 and loads["items_tab"] == 2


def test_saving_what_is_already_there_leaves_nothing_to_undo(qtbot, window, db_path):
    ws = _open(window, db_path)
    ws.visit_tab.place.setText("检测楼二层")
    ws.visit_tab.place.commit()
    assert ws.undo_stack.count() == 1
    started = ws.visit_tab.times["started_at"]
    started.setText("2025-10-20 09:30")
    started.commit()
    assert ws.undo_stack.count() == 2
    started.setText("２０２５-10-20 09:30")  # the same time, typed otherwise: no change
    started.commit()
    assert ws.undo_stack.count() == 2 and ws.undo_stack.undoText() == "修改现场检查开始时间"


def test_the_recorder_credentials_and_people_present_are_recorded_in_the_visit_tab(qtbot, window, db_path):
    ws = _open(window, db_path)
    visit = ws.visit_tab
    ws.tabs.setCurrentWidget(visit)
    members = _record(ws).members
    visit.recorder.setCurrentIndex(visit.recorder.findData(members[1].inspector.id))
    assert _record(ws).visit.recorder_id == members[1].inspector.id
    visit.credential_boxes[members[0].inspector.id].click()
    assert [m.credentials_shown for m in _record(ws).members] == [True, False]
    visit.attendees.add_row()
    assert len(_record(ws).visit.attendees) == 1
    item = visit.attendees.table.item(0, 0)
    item.setText("张敏")  # what a typed cell does when it is left
    visit.attendees.table.item(0, 1).setText("质量负责人")
    attendee = _record(ws).visit.attendees[0]
    assert (attendee.name, attendee.title, attendee.phone) == ("张敏", "质量负责人", "")
    ws.undo_stack.undo()  # the title goes
    assert _record(ws).visit.attendees[0].title == ""
    ws.undo_stack.undo()
    ws.undo_stack.undo()  # the row goes
    assert _record(ws).visit.attendees == ()
    ws.undo_stack.undo()  # the credentials go
    assert [m.credentials_shown for m in _record(ws).members] == [False, False]


def test_the_organ_is_set_in_the_profile_dialog_and_printed(qtbot, window, db_path):
    from app.services.profile import organ
    from app.services.reporting import build_report
    from app.store.database import connect

    dialog = window.ask_profile()
    dialog.organ_fields["name"].setText("大同市市场监督管理局")
    dialog.organ_fields["document_prefix"].setText("同市监检记")
    dialog.organ_fields["joint"].setText("大同市公安局、大同市生态环境局")
    dialog.accept()
    db = connect(db_path)
    try:
        saved = organ(db)
        assert (saved.name, saved.document_prefix, saved.joint) == (
            "大同市市场监督管理局", "同市监检记", ("大同市公安局", "大同市生态环境局"))
        task_id = _new_task(db_path)
        report = build_report(db, db_path, task_id)
        assert report.organ == "大同市市场监督管理局、大同市公安局、大同市生态环境局"
        assert re.fullmatch(r"同市监检记〔\d{4}〕第 \d+ 号", report.document_no)
    finally:
        db.close()


def test_a_conflict_is_resolved_side_by_side_in_the_window(qtbot, window, db_path):
    import shutil

    from app.services import recording
    from app.services.merge import conflicts, receive
    from app.store import field_edits, profile
    from app.store.database import connect, open_database

    task_id = _new_task(db_path)
    laptop_path = db_path.parent / "laptop.sqlite"
    lead = connect(db_path)
    try:
        lead.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(db_path, laptop_path)
        laptop = open_database(laptop_path)
        with laptop.atomic():
            profile.set_value(laptop, "device_id", "laptop")
        held = {e.identity for e in field_edits.all_edits(lead.conn)}
        recording.set_verdict(laptop, task_id, 4, "problem", "未建立保密制度")
        recording.set_verdict(lead, task_id, 4, "no_problem")
        receive(lead, [e for e in field_edits.all_edits(laptop.conn) if e.identity not in held], "laptop")
        laptop.close()
    finally:
        lead.close()
    window.show_page(4)
    window.tasks.refresh()
    ws = window.tasks.open_task(task_id)
    assert ws.conflicts_button.isVisible() and ws.conflicts_button.text() == "冲突 1…"
    dialog = ws.show_conflicts()
    ((conflict_id, (group, combined, reason)),) = dialog.boxes.items()
    assert "第 4 项 结论" in [b.title() for b in dialog.findChildren(QGroupBox)]
    choice = next(b for b in group.buttons() if b.text().startswith("发现问题"))
    choice.click()
    dialog.settle(conflict_id)  # no reason: refused in words, nothing changes
    assert "理由" in ws.last_error.message and ws.conflicts_button.isVisible()
    reason.setText("以现场照片为准")
    assert dialog.settle(conflict_id)
    assert not ws.conflicts_button.isVisible() and _record(ws).verdict(4) is Verdict.PROBLEM
    assert conflicts(ws.db, task_id) == []


def test_an_assignment_package_is_exported_from_the_task_list(qtbot, window, db_path, monkeypatch, tmp_path):
    from app.services.keys import create_key
    from app.services.packages import verify_package
    from app.store.database import connect

    _new_task(db_path)
    db = connect(db_path)
    try:
        create_key(db, db_path, "口令 of the lead 2025")
    finally:
        db.close()
    window.show_page(4)
    page = window.tasks
    page.refresh()
    page.table.selectRow(0)
    dialog = page.ask_assignment()
    target = tmp_path / "assign.scpkg"
    page._assignment_file(page.selected_tasks(), "口令 of the lead 2025")
    page.last_dialog.fileSelected.emit(str(target))
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: isinstance(page.last_dialog, QMessageBox), timeout=10_000)
    assert dialog is not page.last_dialog and target.exists()
    db = connect(db_path)
    try:
        verdict = verify_package(db, target)
    finally:
        db.close()
    assert verdict.ok and verdict.manifest.kind == "assignment" and verdict.manifest.task_ids == (page.tasks[0].id,)
    assert "核对密钥指纹" in page.last_dialog.text()


def test_several_tasks_go_in_one_assignment_package(qtbot, window, db_path, tmp_path):
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QMessageBox

    from app.services.keys import create_key
    from app.services.packages import verify_package
    from app.store.database import connect

    made = {_new_task(db_path), _new_task(db_path)}
    db = connect(db_path)
    try:
        create_key(db, db_path, "口令 of the lead 2025")
    finally:
        db.close()
    window.show_page(4)
    page = window.tasks
    page.refresh()
    for row in range(len(page.tasks)):  # select both, as Ctrl+click does
        index = page.table.model().index(row, 0)
        page.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select
                                           | QItemSelectionModel.SelectionFlag.Rows)
    assert {t.id for t in page.selected_tasks()} == made
    page.ask_assignment()
    target = tmp_path / "team.scpkg"
    page._assignment_file(page.selected_tasks(), "口令 of the lead 2025")
    from datetime import date

    assert page.last_dialog.selectedFiles()[0].endswith(f"任务分配 2项任务 {date.today().isoformat()}.scpkg")
    page.last_dialog.fileSelected.emit(str(target))
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, QMessageBox), timeout=10_000)
    db = connect(db_path)
    try:
        assert set(verify_package(db, target).manifest.task_ids) == made
    finally:
        db.close()


def test_the_recusal_notice_names_the_teams_organs(qtbot, window, db_path):
    from app.services.profile import set_organ
    from app.store.database import connect

    db = connect(db_path)
    try:
        set_organ(db, name="大同市市场监督管理局", joint="大同市公安局")
        db.conn.execute("UPDATE inspectors SET unit = '大同市市场监督管理局认证科' WHERE department = 'market'")
        db.conn.commit()
    finally:
        db.close()
    ws = _open(window, db_path)
    text = ws.visit_tab.recusal_question.text()
    assert text.startswith("我们是大同市市场监督管理局的执法人员") and "市场监督管理部门" not in text
