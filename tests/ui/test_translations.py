"""The English translation (app/resources/translations/spotcheck_en.ts/.qm, built by scripts/translations.py).

The .ts must hold every message of the current sources, each finished, with the same placeholders and
mnemonics as its source; the committed .qm must be what lrelease makes of it. With the English translator
the window shows English, Qt's own buttons and dialogs follow the language, and the documents stay Chinese.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel

from scripts import translations as tool

FIX = "python -m scripts.translations update"


@pytest.fixture(scope="module")
def ts_messages():
    return tool.messages(tool.TS)


# --- the .ts and the .qm --------------------------------------------------------------------------------

def test_the_ts_is_english_from_chinese():
    from xml.etree import ElementTree

    root = ElementTree.parse(tool.TS).getroot()
    assert (root.get("language"), root.get("sourcelanguage")) == ("en", "zh_CN")


def test_every_message_is_finished_and_not_empty(ts_messages):
    assert len(ts_messages) > 1000
    bad = [(m["context"], m["source"], m["type"] or "empty") for m in ts_messages if tool.unfinished(m)]
    assert not bad, f"unfinished, vanished, obsolete or empty in {tool.TS.name}: {bad[:20]}"


def test_no_translation_is_left_in_chinese(ts_messages):
    """Names quoted as examples (organs, document numbers) may stay Chinese, and so does the language's own name in
    the settings (an endonym); a sentence may not."""
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [(m["context"], m["source"]) for m in ts_messages if han.search(" ".join(tool.forms(m)))
                    and not m["source"].startswith(("例如：", "如：", "多个用顿号分隔", "留空："))
                    and (m["context"], m["source"]) != ("SettingsDialog", "简体中文")]
    assert not untranslated


def test_lupdate_finds_no_message_the_ts_lacks():
    """A new tr() text without a translation fails here, naming the text and the command that adds it."""
    missing = tool.missing_messages()
    assert not missing, (f"{len(missing)} message(s) in the sources are not in {tool.TS.name}; run `{FIX}` and "
                         "translate them:\n" + "\n".join(f"  [{c}] {s}" for c, s in missing))


def test_the_domain_texts_listing_is_current():
    assert tool.DOMAIN_TEXTS.read_text(encoding="utf-8") == tool.render_domain_texts(), f"run `{FIX}`"


def test_the_domain_texts_include_what_the_window_translates_at_run_time():
    from app.domain.registry import Category
    from app.domain.tasks import TaskStatus

    texts = set(tool.domain_texts())
    assert ("labels", "机动车检验机构") in texts and ("labels", Category.OTHER.label) in texts
    assert ("labels", TaskStatus.PLANNED.label) in texts
    assert ("labels", "统一社会信用代码") in texts  # a registry header (field_label)
    assert ("draw_views", "信用风险B类重点抽查对象（补足）") in texts  # a stage stage_label() makes
    assert ("checklist", "机构应具备独立性、公正性地位。") in texts  # a checklist item


def _literal_calls(path: Path):
    """(context, source, line) of each literal text this file hands to self.tr / translate / QT_TRANSLATE_NOOP,
    with the context Qt looks it up in: the enclosing class for self.tr (PySide6 tries the class hierarchy)."""
    def is_text(node):
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call):
                func, args = child.func, child.args
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name == "tr" and args and is_text(args[0]):
                    bare = isinstance(func, ast.Name) or not (isinstance(func.value, ast.Name)
                                                              and func.value.id == "self")
                    yield ("<bare or foreign tr()>" if bare else inner or "<no class>", args[0].value, child.lineno)
                elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and is_text(args[0]) \
                        and is_text(args[1]):
                    yield args[0].value, args[1].value, child.lineno
            yield from visit(child, inner)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), None)


def test_every_literal_given_to_tr_is_in_the_ts_under_the_context_qt_uses(ts_messages):
    """lupdate cannot see a tr() inside an f-string, and gives `tr("…")` without `self.` no context (or the wrong
    one, for `parent.tr`): such texts would stay Chinese in an English window."""
    have = {(m["context"], m["source"]) for m in ts_messages}
    lost = [f"{path.name}:{line} [{context}] {source}" for path in tool.sources() if path.suffix == ".py"
            for context, source, line in _literal_calls(path) if (context, source) not in have]
    assert not lost, "texts the English window would show in Chinese:\n" + "\n".join(lost)


def test_the_checker_sees_texts_lupdate_misses(tmp_path):
    """The check above can fail: an f-string hides a tr() from lupdate, and a bare tr() has no class."""
    sample = tmp_path / "sample.py"
    sample.write_text('class Page:\n    def f(self):\n        return f"<b>{self.tr(\'标题\')}</b>" + tr("正文")\n',
                      encoding="utf-8")
    assert sorted(_literal_calls(sample)) == [("<bare or foreign tr()>", "正文", 3), ("Page", "标题", 3)]


PLACEHOLDER = re.compile(r"\{\d+\}|%n|%\d")
TAG = re.compile(r"</?\w+[^>]*>")


def _mnemonic(text: str) -> bool:
    return bool(re.search(r"&[^&\s]", text.replace("&&", "")))


def test_placeholders_and_mnemonics_match(ts_messages):
    wrong = []
    for m in ts_messages:
        for form in tool.forms(m):
            if sorted(PLACEHOLDER.findall(m["source"])) != sorted(PLACEHOLDER.findall(form)):
                wrong.append(("placeholders", m["source"], form))
            if _mnemonic(m["source"]) != _mnemonic(form):
                wrong.append(("mnemonic", m["source"], form))
            if m["source"].count("\n") != form.count("\n"):
                wrong.append(("line breaks", m["source"], form))
            if sorted(TAG.findall(m["source"])) != sorted(TAG.findall(form)):
                wrong.append(("markup", m["source"], form))
            if m["source"].endswith("…") != form.endswith("…"):  # "…" on a button or menu: it opens a dialog
                wrong.append(("ellipsis", m["source"], form))
    assert not wrong, wrong[:20]


def test_counts_have_english_plural_forms():
    from app.ui.application import create_application, install_translations

    app = create_application()
    try:
        install_translations(app, "zh_CN")
        assert app.translate("InspectorsPage", "共 %n 人", "", 1) == "共 1 人"
        install_translations(app, "en")
        assert [app.translate("InspectorsPage", "共 %n 人", "", n) for n in (1, 20)] == ["1 person", "20 people"]
        assert app.translate("InstitutionsPage", "共 %n 个机构", "", 1) == "1 institution"
        assert app.translate("TaskList", "共 %n 个检查任务", "", 6) == "6 inspection tasks"
        assert app.translate("TaskList", "共 %n 个检查任务", "", 1) == "1 inspection task"
    finally:
        install_translations(app, "zh_CN")


def test_the_committed_qm_is_what_lrelease_makes_of_the_ts(tmp_path):
    built = tmp_path / "spotcheck_en.qm"
    tool.lrelease(tool.TS, built)
    assert tool.QM.read_bytes() == built.read_bytes(), "run `python -m scripts.translations build`"


def test_check_reports_a_stale_qm(tmp_path, monkeypatch):
    """`check` (the command CI can run) fails on a .qm that does not match its .ts."""
    stale = tmp_path / "spotcheck_en.qm"
    stale.write_bytes(tool.QM.read_bytes()[:-1])
    monkeypatch.setattr(tool, "QM", stale)
    assert any("not what lrelease makes" in p for p in tool.problems())


def test_the_qm_ships_in_the_wheel_and_the_bundle():
    import tomllib

    project = tomllib.loads((tool.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "resources/**/*" in project["tool"]["setuptools"]["package-data"]["app"]
    spec = (tool.ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert 'datas = [(RESOURCES, "app/resources")]' in spec  # app/resources wholesale, translations included
    assert tool.QM.parent == tool.ROOT / "app" / "resources" / "translations"


# --- the window in English ----------------------------------------------------------------------------

@pytest.fixture
def english():
    """English for this test (before the window is built); Chinese again afterwards."""
    from app.ui import settings
    from app.ui.application import create_application, install_translations

    settings.set_value(settings.LANGUAGE, "en")
    app = create_application()
    yield app
    settings.set_value(settings.LANGUAGE, "zh_CN")
    install_translations(app, "zh_CN")


def test_the_main_window_in_english(english, window):
    ui = window.ui
    assert [a.text() for a in ui.menubar.actions()] == ["&File", "&View", "&Help"]
    file_menu = [a.text() for a in ui.menuFile.actions() if not a.isSeparator()]
    assert file_menu[:2] == ["&Import institutions…", "&Export institutions…"]
    assert "&Settings…" in file_menu and file_menu[-1] == "&Quit"
    assert [ui.navigation.item(i).text() for i in range(ui.navigation.count())] == [
        "Institutions", "Inspectors", "Checklist", "Spot-check plans", "Inspection tasks", "Summary", "Packages"]
    QApplication.processEvents()
    assert ui.navigation.horizontalScrollBar().maximum() == 0  # every page name fits
    model = window.institutions.model
    from PySide6.QtCore import Qt
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Institution name"
    assert window.windowTitle().startswith("Spot Checks of Inspection and Testing Institutions — ")


def test_dialogs_in_english(english, window, qtbot):
    profile = window.ask_profile()
    qtbot.addWidget(profile)
    assert profile.windowTitle() == "User and role"
    settings_dialog = window.ask_settings()
    qtbot.addWidget(settings_dialog)
    assert settings_dialog.windowTitle() == "Settings"
    assert [settings_dialog.language.itemText(i) for i in range(1, 3)] == ["简体中文", "English"]
    window.show_page(3)
    from PySide6.QtWidgets import QPushButton
    assert "&New plan…" in [b.text() for b in window.plans.findChildren(QPushButton)]


def test_the_checklist_page_in_english(english, window):
    window.show_page(2)
    page = window.checklist
    assert page.items.item(2).text() == "3. The institution must be independent and impartial."
    html = page.detail.toPlainText()
    assert "Check method and required evidence" in html and "Problem found?" in html and "Legal basis" in html


def test_qt_buttons_and_file_dialog_follow_the_language(qtbot):
    from app.ui.application import create_application, install_translations

    app = create_application()
    try:
        install_translations(app, "zh_CN")
        assert _cancel_text(qtbot) == "取消"
        assert "文件名" in _file_dialog_labels(qtbot)
        install_translations(app, "en")
        assert _cancel_text(qtbot) == "Cancel"
        assert "File &name:" in _file_dialog_labels(qtbot)
    finally:
        install_translations(app, "zh_CN")


def _cancel_text(qtbot) -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text()


def _file_dialog_labels(qtbot) -> str:
    from app.ui.file_dialogs import choose_kind

    dialog = choose_kind(QFileDialog())
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # offscreen: Qt's own, which a test can read
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


# --- documents stay Chinese ---------------------------------------------------------------------------

@pytest.fixture
def recorded_window(english, qtbot, tmp_path):
    """The window on a demo with recorded and signed tasks (the demo builds them when given its path)."""
    from app.demo.data import build_demo
    from app.store.database import open_database
    from app.ui.application import open_main_window

    path = tmp_path / "recorded.sqlite"
    db = open_database(path)
    build_demo(db, seed=7, institutions=60, inspectors=20, db_path=path)
    db.close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    yield win
    win.shutdown()


def test_the_english_window_fits_a_small_laptop_screen(recorded_window):
    """1366×768 at 125 % leaves 1093 logical pixels: every page, and a task's record, must fit in English."""
    from app.services.task_view import list_tasks
    from app.store.database import connect

    window = recorded_window
    widths = {}
    for page in range(7):
        window.show_page(page)
        QApplication.processEvents()
        widths[page] = window.minimumSizeHint().width()
    db = connect(window.db_path)
    try:
        task_id = next(t.id for t in list_tasks(db) if t.status.value == "recorded")
    finally:
        db.close()
    window.show_page(4)
    window.tasks.open_task(task_id)
    QApplication.processEvents()
    widths["task"] = window.minimumSizeHint().width()
    assert max(widths.values()) <= 1093, widths


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_record_stays_chinese_in_an_english_window(recorded_window, qtbot, tmp_path):
    from PySide6.QtPdf import QPdfDocument

    from app.services.task_view import list_tasks
    from app.store.database import connect

    window = recorded_window
    db = connect(window.db_path)
    try:
        task_id = next(t.id for t in list_tasks(db) if t.status.value == "signed")
    finally:
        db.close()
    window.show_page(4)
    window.tasks.refresh()
    workspace = window.tasks.open_task(task_id)
    workspace.report_button.click()
    dialog = workspace.report_dialog
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    assert dialog.windowTitle().startswith("On-site inspection record")
    dialog.export(tmp_path / "record.pdf", "pdf")
    qtbot.waitUntil(lambda: dialog.last_dialog is not None, timeout=20000)
    assert dialog.last_dialog.text().startswith("Exported: ")
    text = subprocess.run(["pdftotext", str(tmp_path / "record.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "检验检测机构监督检查现场检查记录" in text  # the official title, as the form prints it
    assert "检查事项" in text and "Inspection" not in text


def test_nothing_below_the_window_translates():
    """Documents are made in app/reports and app/services, which never call Qt's tr (they cannot import Qt)."""
    for folder in ("domain", "store", "exchange", "reports", "services"):
        for path in (tool.ROOT / "app" / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert "QCoreApplication" not in source and ".tr(" not in source, path


def test_the_app_still_starts_when_the_qm_is_missing(tmp_path, monkeypatch):
    """A bundle without translations shows Chinese instead of failing."""
    from app import paths
    from app.ui.application import create_application, install_translations

    app = create_application()
    monkeypatch.setattr(paths, "resource", lambda *parts: tmp_path.joinpath(*parts))
    try:
        installed = install_translations(app, "en")
        assert [t.filePath() for t in installed if "spotcheck" in t.filePath()] == []
    finally:
        install_translations(app, "zh_CN")


def test_what_is_late_on_the_dashboard_is_said_in_english(english, window):
    """The dashboard composes what is late from the service's kind and status, so English shows no Chinese."""
    from datetime import date

    from app.services.dashboard import Overdue

    window.show_page(5)
    page = window.dashboard
    on_site = Overdue("某检测公司", "on_site", date(2025, 11, 15), "现场检查中")
    rectify = Overdue("某检测公司", "rectification", date(2025, 12, 20))
    assert page._late(on_site) == "on-site inspection not finished in time (On site)"
    assert page._late(rectify) == "no proof of rectification by the deadline"
