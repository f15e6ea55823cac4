"""The signing-key dialog driven as a user would: create a key, change its passphrase, replace it, export the
certificate, register another inspector's certificate — and the refusals that never reach the service."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from app.domain.problems import InputRefused
from app.services import keys as key_service
from app.ui.keys_dialog import KeysDialog
from app.ui.problem_dialogs import ProblemsDialog

PASSPHRASE = "correct horse 电池 staple"
NEW_PASSPHRASE = "another-Passphrase-42"


@pytest.fixture
def keys(qtbot, db_path):
    """The dialog on the demo database (whose profile is the city lead), shown."""
    from app.services.browse import Registry
    from app.ui.application import create_application

    create_application()
    registry = Registry.open(db_path)
    dialog = KeysDialog(None, registry, db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    qtbot.waitUntil(lambda: dialog.job is None)
    registry.close()


def _make_key(db_path, passphrase=PASSPHRASE):
    from app.store.database import connect

    db = connect(db_path)
    try:
        return key_service.create_key(db, db_path, passphrase)
    finally:
        db.close()


def _rows(db_path) -> list[dict]:
    from app.store.database import connect

    db = connect(db_path)
    try:
        cursor = db.conn.execute("SELECT * FROM inspector_keys ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r)) for r in cursor]
    finally:
        db.close()


def _type(dialog, *values) -> None:
    fields = [f for f in (dialog.old, dialog.new, dialog.repeat) if f is not None]
    for field, value in zip(fields, values, strict=True):
        field.setText(value)
    dialog.accept()


def _table(keys) -> list[list[str]]:
    t = keys.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_without_a_key_the_dialog_says_so_and_offers_only_create(keys):
    assert "还没有签名密钥" in keys.no_key.text() and keys.no_key.isVisible()
    assert not keys.details.isVisible()
    assert keys.create_button.isEnabled()
    assert not any(b.isEnabled() for b in (keys.change_button, keys.replace_button, keys.export_button))
    assert keys.table.rowCount() == 0
    for button in keys.findChildren(QPushButton):
        assert "&" in button.text(), button.text()


def test_without_a_profile_inspector_create_is_off_and_says_why(qtbot, db_path):
    from app.services.browse import Registry
    from app.store import profile
    from app.store.database import connect
    from app.ui.application import create_application

    db = connect(db_path)
    profile.set_value(db, "inspector_id", None)
    db.conn.commit()
    db.close()
    create_application()
    registry = Registry.open(db_path)
    try:
        dialog = KeysDialog(None, registry, db_path)
        qtbot.addWidget(dialog)
        assert not dialog.create_button.isEnabled() and "使用人和角色" in dialog.no_key.text()
    finally:
        registry.close()


def test_creating_a_key_shows_the_certificates_fingerprint(qtbot, keys, db_path):
    dialog = keys.ask_create()
    _type(dialog, PASSPHRASE, PASSPHRASE)
    assert not dialog.isVisible() and dialog.new.text() == ""  # the fields are emptied
    qtbot.waitUntil(lambda: keys.job is None)

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate(key_service.key_paths(db_path).certificate.read_bytes())
    digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
    shown = keys.fingerprint.text()
    assert shown.count("\n") == 1 and shown.replace("\n", "").replace(":", "").lower() == digest
    assert keys.fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert keys.details.isVisible() and not keys.no_key.isVisible()
    assert keys.signer.text() == cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert keys.key_file.text() == str(key_service.key_paths(db_path).key)
    assert not keys.create_button.isEnabled() and keys.change_button.isEnabled()
    assert f"{digest[:2]}:{digest[2:4]}".upper() in keys.message.text()
    [row] = _table(keys)
    assert row[3] == "本人当前使用" and row[4] == "本机创建"
    key_service.load_signer_material(db_path, PASSPHRASE)


@pytest.mark.parametrize("new,repeat,expected", [
    ("long enough passphrase", "long enough passphras", "不一致"),
    ("short", "short", "至少要 8 个字符"),
    ("", "", "至少要 8 个字符"),
])
def test_a_bad_new_passphrase_is_refused_in_the_dialog(keys, monkeypatch, db_path, new, repeat, expected):
    calls = []
    monkeypatch.setattr(key_service, "create_key", lambda *a, **k: calls.append(a))
    dialog = keys.ask_create()
    _type(dialog, new, repeat)
    assert dialog.isVisible() and dialog.problem.isVisible() and expected in dialog.problem.text()
    assert calls == [] and keys.job is None
    assert not key_service.key_paths(db_path).key.exists()
    dialog.reject()


def test_changing_the_passphrase_retires_the_old_one(qtbot, keys, db_path):
    info = _make_key(db_path)
    keys.refresh()
    dialog = keys.ask_change()
    _type(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: keys.job is None)
    with pytest.raises(InputRefused, match="口令不正确"):
        key_service.load_signer_material(db_path, PASSPHRASE)
    _, cert = key_service.load_signer_material(db_path, NEW_PASSPHRASE)
    assert key_service.fingerprint(cert) == info.fingerprint
    assert "已修改" in keys.message.text()


def test_a_wrong_current_passphrase_is_shown_in_words(qtbot, keys, db_path):
    _make_key(db_path)
    keys.refresh()
    _type(keys.ask_change(), "not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: keys.job is None)
    [shown] = [d for d in keys.findChildren(ProblemsDialog) if d.isVisible()]
    assert shown.message.text() == key_service.WRONG_PASSPHRASE
    key_service.load_signer_material(db_path, PASSPHRASE)  # unchanged


def test_replacing_keeps_the_old_certificate_registered_as_retired(qtbot, keys, db_path):
    old = _make_key(db_path)
    keys.refresh()
    confirm = keys.ask_replace()
    assert "仍可验证" in confirm.informativeText()
    confirm.go.click()
    _type(keys.passphrase_dialog, NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: keys.job is None)

    rows = {r["fingerprint"]: r for r in _rows(db_path)}
    new = [fp for fp in rows if fp != old.fingerprint]
    assert len(new) == 1 and rows[old.fingerprint]["retired_at"] and rows[new[0]]["retired_at"] is None
    assert keys.fingerprint.text().replace("\n", "").replace(":", "").lower() == new[0]
    states = {row[1][:5]: row[3] for row in _table(keys)}
    assert states[key_service.display_fingerprint(new[0])[:5]] == "本人当前使用"
    assert states[old.fingerprint_display[:5]].startswith("已停用")
    assert "原密钥已停用" in keys.message.informativeText()
    key_service.load_signer_material(db_path, NEW_PASSPHRASE)


def test_exporting_writes_the_certificate_as_pem(qtbot, keys, db_path, tmp_path):
    info = _make_key(db_path)
    keys.refresh()
    out = tmp_path / "out" / "mine.pem"
    out.parent.mkdir()
    files = keys.ask_export()
    assert files.defaultSuffix() == "pem"
    files.selectFile(str(out))
    files.accept()
    qtbot.waitUntil(lambda: keys.job is None)
    assert out.read_text().startswith("-----BEGIN CERTIFICATE-----") and b"PRIVATE" not in out.read_bytes()
    assert out.read_bytes() == key_service.key_paths(db_path).certificate.read_bytes()
    assert info.fingerprint_display.split(" ")[0] in keys.message.text()


def _other_profile_certificate(db_path, tmp_path):
    """A copy of the demo database whose profile is another inspector, with a key; its certificate exported."""
    from app.services.profile import set_profile
    from app.store import profile
    from app.store.database import connect

    other = tmp_path / "other" / "other.sqlite"
    other.parent.mkdir()
    shutil.copy(db_path, other)
    db = connect(other)
    try:
        lead = profile.get(db, "inspector_id")
        inspector_id, name, cert_no = db.conn.execute(
            "SELECT id, name, cert_no FROM inspectors WHERE cert_no != '' AND id != ? ORDER BY name LIMIT 1",
            [lead]).fetchone()
        set_profile(db, inspector_id, "inspector")
        info = key_service.create_key(db, other, PASSPHRASE)
    finally:
        db.close()
    pem = tmp_path / "exchange" / "cert.pem"
    key_service.export_certificate(other, pem)
    return pem, info, inspector_id, name, cert_no


def test_importing_another_profiles_certificate_registers_it_under_the_chosen_inspector(
        qtbot, keys, db_path, tmp_path):
    pem, info, inspector_id, name, cert_no = _other_profile_certificate(db_path, tmp_path)
    files = keys.ask_import()
    files.fileSelected.emit(str(pem))
    chooser = keys.import_dialog
    assert chooser.isVisible() and chooser.person.count() == 20
    # before registering, the dialog shows the fingerprint to compare and offers the holder named by the certificate
    assert chooser.fingerprint.text().split("\n") == info.fingerprint_display.split(" ")
    assert chooser.inspector_key() == inspector_id
    chooser.person.setCurrentIndex(-1)
    chooser.accept()  # nobody chosen: refused in the dialog
    assert chooser.isVisible() and chooser.problem.isVisible() and _rows(db_path) == []
    chooser.person.setCurrentText(cert_no)  # typed: an enforcement certificate number
    chooser.accept()
    qtbot.waitUntil(lambda: keys.job is None)

    [row] = _rows(db_path)
    assert row["inspector_id"] == inspector_id and row["source"] == "imported"
    assert row["fingerprint"] == info.fingerprint
    assert info.fingerprint_display.split(" ")[0] in keys.message.text() and name in keys.message.text()
    [shown] = _table(keys)
    assert shown[0] == name and shown[4] == "导入" and shown[3] == "有效"
    assert shown[1] == info.fingerprint_display[:23]
    keys.table.selectRow(0)
    assert info.fingerprint_display in keys.selected.text()


def test_a_name_that_differs_from_the_certificate_is_noted(qtbot, keys, db_path, tmp_path):
    from app.store.database import connect

    pem, info, inspector_id, name, _ = _other_profile_certificate(db_path, tmp_path)
    db = connect(db_path)
    someone_else = db.conn.execute("SELECT id FROM inspectors WHERE name != ? LIMIT 1", [name]).fetchone()[0]
    db.close()
    keys.ask_inspector(pem).choose(someone_else)  # not the holder the certificate names
    keys.import_dialog.accept()
    qtbot.waitUntil(lambda: keys.job is None)
    assert "不一致" in keys.message.informativeText()
    assert [r["inspector_id"] for r in _rows(db_path)] == [someone_else]


def test_the_file_menu_opens_the_dialog_and_escape_closes_it(qtbot, window):
    assert window.keys_action in window.ui.menuFile.actions()
    assert "&" in window.keys_action.text()
    window.keys_action.trigger()
    [dialog] = window.findChildren(KeysDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "签名密钥和证书"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_file_that_is_not_a_certificate_is_refused_before_choosing_anyone(qtbot, keys, db_path, tmp_path):
    junk = tmp_path / "not-a-cert.pem"
    junk.write_text("hello", encoding="utf-8")
    assert keys.ask_inspector(junk) is None
    dialogs = [w for w in keys.findChildren(ProblemsDialog) if w.isVisible()]
    assert dialogs and _rows(db_path) == []
