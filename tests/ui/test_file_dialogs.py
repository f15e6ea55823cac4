"""Every file dialog starts in the last folder used (or Documents), remembers the folder chosen, and proposes a
name that says what the file is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui import settings
from app.ui.file_dialogs import document_name, open_dialog, safe_name, save_dialog, start_folder


def test_names_say_what_the_file_is_and_are_safe_on_windows():
    assert document_name("大同市计量检定测试院", "现场检查记录", suffix=".pdf", when=date(2026, 12, 5)) == \
        "大同市计量检定测试院 现场检查记录 2026-12-05.pdf"
    assert document_name("", "机构库", suffix=".xlsx", when=date(2026, 1, 2)) == "机构库 2026-01-02.xlsx"
    assert safe_name('A/B:C*D?"E"<F>|G') == "A_B_C_D__E__F__G"
    assert safe_name(" .. ") == "_"


def test_the_first_dialog_starts_in_documents_then_in_the_last_folder(qtbot, tmp_path):
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    assert start_folder() == expected
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen = []
    folder = tmp_path / "导出"
    folder.mkdir()
    dialog = save_dialog(parent, "t", "机构库 2026-12-05.xlsx", "Excel (*.xlsx)", "xlsx", chosen.append)
    assert isinstance(dialog, QFileDialog) and dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    assert Path(dialog.directory().absolutePath()) == expected
    dialog.fileSelected.emit(str(folder / "机构库.xlsx"))
    assert chosen == [folder / "机构库.xlsx"]
    assert settings.value(settings.LAST_DIRECTORY) == str(folder)
    dialog.close()
    again = open_dialog(parent, "t", "Excel (*.xlsx)", chosen.append, many=True)
    assert Path(again.directory().absolutePath()) == folder
    assert again.fileMode() is QFileDialog.FileMode.ExistingFiles
    again.filesSelected.emit([str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")])
    assert chosen[-1] == [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    assert settings.value(settings.LAST_DIRECTORY) == str(tmp_path)
    again.close()


def test_a_last_folder_that_is_gone_falls_back(tmp_path):
    settings.set_value(settings.LAST_DIRECTORY, str(tmp_path / "removed"))
    assert start_folder() != tmp_path / "removed"
