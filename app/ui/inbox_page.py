"""The inbox page (issue 10): packages given to this database, and importing more of them.

Files are chosen in a file dialog or dropped on the page (or the window). Each file is first verified
(`verify_package`, off the UI thread): its author, time, tasks and whether it passed every check are shown in a
confirmation dialog before anything is merged. The files the user confirms are then imported one by one
(`import_package` on the job's own connection), with progress and cancel; the table shows every file's verdict
afterwards, a refused file's reason is shown, and conflicts brought in are said with a way to open the task.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import InputRefused, Problem
from app.environment import explain
from app.services.inbox import Imported, first_contact, import_package, inbox
from app.services.packages import SUFFIX, verify_package
from app.services.task_view import list_tasks
from app.ui.file_dialogs import open_dialog, remember_folder
from app.ui.jobs import on_own_connection, start_job
from app.ui.package_drops import AcceptsPackages
from app.ui.problem_dialogs import ProblemsDialog, show_error
from app.ui.screen_fit import resize_within_screen

NAMED = 8  # refused files named in the summary box; the rest are in its 查看原因 table


def local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def file_sha256(path: Path) -> str:
    """The file's SHA-256, or "" when it cannot be read."""
    try:
        with Path(path).open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def import_as_checked(db, db_path: Path, path: Path, trust: str | None, checked: str | None,
                      words: dict[str, str]) -> Imported:
    """Import the file the user was shown: a copy taken now is imported only when it has the SHA-256 the file had
    when it was verified (`checked`; "" when it changed while being verified); a file deleted or replaced since is
    refused, and nothing of it is written. `checked` None: import the file as it is. `words`: the refusals, in the
    window's language."""
    path = Path(path)
    if checked is None:
        return import_package(db, db_path, path, trust)
    with tempfile.TemporaryDirectory(prefix="spotcheck-import-") as folder:
        copy = Path(folder) / path.name
        try:
            shutil.copyfile(path, copy)
        except FileNotFoundError:
            return Imported(str(path), "refused", error=InputRefused(words["gone"].format(path.name),
                                                                      [Problem(words["file"], None, file=path.name)]))
        except OSError as exc:
            return Imported(str(path), "refused", error=explain(exc, path) or InputRefused(
                words["unreadable"].format(path.name), [Problem(words["file"], None, file=path.name)]))
        if not checked or file_sha256(copy) != checked:
            return Imported(str(path), "refused", error=InputRefused(words["changed"].format(path.name),
                                                                      [Problem(words["file"], None, file=path.name)]))
        return dataclasses.replace(import_package(db, db_path, copy, trust), file=str(path))


def _table(headers: list[str], file_column: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(file_column, QHeaderView.ResizeMode.Stretch)  # a long name shares with the reason
    return table


class ConfirmImportDialog(QDialog):
    """The chosen files as verified: file, author, time, tasks, and 可以导入 or the reason. The files that passed
    are ticked; `chosen(paths)` is emitted with the ticked ones when the user confirms."""

    chosen = Signal(list)

    def __init__(self, parent: QWidget, verdicts: list, task_names: dict[str, str], contacts: dict | None = None,
                 digests: dict[str, str] | None = None):
        super().__init__(parent)
        self.digests = digests  # file -> its SHA-256 when verified: what is imported must still be that file
        self.contacts = contacts or {}  # file -> FirstContact: an assignment from a key not registered here
        self.trusted: dict[str, str] = {}  # file -> the fingerprint the user confirmed
        self.setWindowTitle(self.tr("导入数据包"))
        resize_within_screen(self, 980, 420)
        self.verdicts = verdicts
        layout = QVBoxLayout(self)
        passed = sum(1 for v in verdicts if v.ok)
        layout.addWidget(QLabel(self.tr(
            "已检查 {0} 个文件：{1} 个通过全部校验，{2} 个未通过。勾选的文件将被合并到本数据库；"
            "未通过校验的文件如勾选，只记入收件箱（写明原因），不会改动任何记录。").format(
                len(verdicts), passed, len(verdicts) - passed), wordWrap=True))
        self.table = _table([self.tr("文件"), self.tr("作者"), self.tr("创建时间"), self.tr("任务"),
                             self.tr("校验结果")], 0)
        self.table.setRowCount(len(verdicts))
        for row, verdict in enumerate(verdicts):
            manifest = verdict.manifest
            name = QTableWidgetItem(Path(verdict.file).name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if verdict.ok else Qt.CheckState.Unchecked)
            name.setToolTip(verdict.file)
            self.table.setItem(row, 0, name)
            if manifest is not None:
                author = manifest.author.name or manifest.author.inspector_id
                tasks = self.tr("、").join(task_names.get(t, t) for t in manifest.task_ids)
                values = (author, local_time(manifest.created_at), tasks, self.tr("可以导入"))
            else:
                values = ("", "", "", self.tr("未通过：{0}").format(verdict.error.message))
            for column, value in enumerate(values, start=1):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if not verdict.ok:
                self.table.item(row, 4).setForeground(Qt.GlobalColor.darkRed)
            contact = self.contacts.get(verdict.file)
            if contact is not None:
                self.table.item(row, 4).setText(
                    self.tr("任务分配包会改写本数据库（组长）的名录库：须与 {0} 核对密钥指纹").format(contact.author)
                    if contact.known else self.tr("首次收到 {0} 的任务分配包：须与其核对密钥指纹").format(contact.author))
                name.setCheckState(Qt.CheckState.Unchecked)  # imported once the fingerprint is confirmed
                button = QPushButton(self.tr("核对指纹并信任(&F)…"))
                button.clicked.connect(lambda _=False, r=row: self.ask_trust(r))
                self.table.setCellWidget(row, 3, button)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导入勾选的文件(&I)"))
        self.ok_button.setEnabled(bool(self.ticked()))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(lambda _: self.ok_button.setEnabled(bool(self.ticked())))
        layout.addWidget(buttons)

    def ask_trust(self, row: int) -> QMessageBox:
        """Show the fingerprint to check with the lead (by phone, in person); trust it only if they match."""
        verdict = self.verdicts[row]
        contact = self.contacts[verdict.file]
        known = self.tr("本数据库的角色是组长：任务分配包会改写本数据库的名录库、登记的签名密钥和检查机关，只在核对过发出人之后导入。"
                        "请通过电话或当面请 {0} 读出其密钥指纹，与下面逐组核对：\n\n{1}\n\n"
                        "完全一致才点“一致，信任”；不一致说明文件不是对方签署的，请不要导入。")
        unknown = self.tr("{0} 的签名密钥尚未登记在本数据库中。请通过电话或当面请对方读出其密钥指纹，与下面逐组核对：\n\n{1}\n\n"
                          "完全一致才点“一致，信任”；不一致说明文件不是对方签署的，请不要导入。")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("核对密钥指纹"),
                          (known if contact.known else unknown).format(contact.author, contact.display),
                          QMessageBox.StandardButton.NoButton, self)
        trust = box.addButton(self.tr("一致，信任(&Y)"), QMessageBox.ButtonRole.YesRole)
        box.addButton(self.tr("不一致(&N)"), QMessageBox.ButtonRole.NoRole)
        box.buttonClicked.connect(lambda button: self._trusted(row, contact) if button is trust else None)
        box.open()
        self.trust_box = box
        return box

    def _trusted(self, row: int, contact) -> None:
        """The key is trusted, not the file: every package it signed in this list is (else the order of the files
        would decide which of them are imported)."""
        for other, verdict in enumerate(self.verdicts):
            same = self.contacts.get(verdict.file)
            if other != row and (same is None or same.fingerprint != contact.fingerprint):
                continue
            self.trusted[verdict.file] = contact.fingerprint
            self.table.item(other, 4).setText(self.tr("已核对指纹，可以导入"))
            self.table.item(other, 4).setForeground(Qt.GlobalColor.darkGreen)
            self.table.item(other, 0).setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> list[Path]:
        return [Path(self.verdicts[row].file) for row in range(self.table.rowCount())
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        paths = self.ticked()
        super().accept()
        if paths:
            self.chosen.emit([(p, self.trusted.get(str(p)), None if self.digests is None else self.digests.get(str(p), ""))
                              for p in paths])


class InboxPage(AcceptsPackages, QWidget):
    """Emits `imported(results)` after an import (a list of `Imported`), `openTask(task_id)` when the user asks
    to see a task whose conflicts a package brought in."""

    imported = Signal(list)
    openTask = Signal(str)

    def __init__(self, db, db_path: Path, parent=None):
        super().__init__(parent)
        self.db, self.db_path = db, db_path
        self.last_dialog = None  # the last dialog shown (tests look at it)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        heading = QLabel(self.tr("数据包收件箱"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row.addWidget(heading)
        row.addStretch(1)
        self.import_button = QPushButton(self.tr("导入数据包(&I)…"))
        self.import_button.setToolTip(self.tr("选择一个或多个 .scpkg 检查结果包；也可以把文件拖到这里"))
        self.import_button.clicked.connect(self.ask_import)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr(
            "检查组成员导出的检查结果包在这里导入：每个文件先完整校验（签名、证书、每个文件的 SHA-256），"
            "确认后才合并。把 .scpkg 文件拖到本窗口也可以导入。"), wordWrap=True))
        self.table = _table([self.tr("导入时间"), self.tr("文件"), self.tr("结果"), self.tr("作者"), self.tr("任务"),
                             self.tr("新编辑"), self.tr("冲突"), self.tr("原因")], 1)
        self.table.activated.connect(lambda _: self.open_current())  # a double click, or Enter on the row
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.refresh()

    # --- the table -------------------------------------------------------------------------------------

    def verdict_text(self, verdict: str) -> str:
        return {"merged": self.tr("已合并"), "already": self.tr("已合并过"),
                "refused": self.tr("被拒绝")}.get(verdict, verdict)

    def task_names(self) -> dict[str, str]:
        return {t.id: t.institution for t in list_tasks(self.db)}

    def refresh(self) -> None:
        self.entries = inbox(self.db)
        names = self.task_names()
        self.table.setRowCount(len(self.entries))
        colours = {"merged": Qt.GlobalColor.darkGreen, "refused": Qt.GlobalColor.darkRed}
        for r, entry in enumerate(self.entries):
            values = (local_time(entry.received_at), entry.file, self.verdict_text(entry.verdict), entry.author or "",
                      self.tr("、").join(names.get(t, t) for t in entry.tasks), str(entry.new_edits),
                      self.tr("{0} 处").format(entry.conflicts) if entry.conflicts else "", entry.message)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 7:
                    item.setToolTip(value)
                self.table.setItem(r, c, item)
            if entry.verdict in colours:
                self.table.item(r, 2).setForeground(colours[entry.verdict])
        self.table.resizeRowsToContents()
        self.count.setText(self.tr("共 %n 个数据包", "", len(self.entries)))

    def open_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.entries) and self.entries[row].tasks:
            self.openTask.emit(self.entries[row].tasks[0])

    # --- choosing files ----------------------------------------------------------------------------------

    def ask_import(self) -> QFileDialog:
        self.file_dialog = open_dialog(self, self.tr("导入数据包"), self.tr("检查结果包 (*{0})").format(SUFFIX),
                                       self.check_files, many=True)
        return self.file_dialog

    def packages_dropped(self, paths: list[Path]) -> None:
        self.check_files(paths)

    # --- verify, confirm, import -------------------------------------------------------------------------

    def check_files(self, paths: list[Path]):
        """Verify every file off the UI thread, then show what was found for confirmation."""
        paths = list(dict.fromkeys(Path(p) for p in paths))  # a file dropped twice is checked and imported once
        if not paths:
            return None
        remember_folder(paths[0])  # dropped files too: the next dialog opens where they came from
        db_path, title = self.db_path, self.tr("校验数据包")
        checking = self.tr("正在校验 {0}（{1}/{2}）")

        def work(progress, cancelled):
            def use(db):
                verdicts, digests = [], {}
                for n, path in enumerate(paths):
                    if cancelled():
                        return None
                    progress(n, len(paths), checking.format(path.name, n + 1, len(paths)))
                    before = file_sha256(path)
                    verdicts.append(verify_package(db, path))
                    digests[verdicts[-1].file] = before if file_sha256(path) == before else ""
                contacts = {v.file: c for v in verdicts if (c := first_contact(db, Path(v.file)))
                            and (c.known == v.ok)}  # a key not registered fails the check until confirmed
                return verdicts, {t.id: t.institution for t in list_tasks(db)}, contacts, digests
            return on_own_connection(db_path, use)(progress, cancelled)

        self.job = start_job(self, title, work, self._checked)
        return self.job

    def _checked(self, result, error, cancelled) -> None:
        if error is not None:
            self.last_dialog = show_error(self, self.tr("校验数据包"), error)
            return
        if cancelled or result is None:
            return
        verdicts, names, contacts, digests = result
        dialog = ConfirmImportDialog(self, verdicts, names, contacts, digests)
        dialog.chosen.connect(self.import_files)
        dialog.open()
        self.confirm_dialog = self.last_dialog = dialog

    def import_files(self, paths: list):
        """Import each file (a path, or (path, fingerprint confirmed on first contact[, its SHA-256 when it was
        verified])) on the job's own connection; each file is merged (or refused) on its own."""
        paths = [(*p, None, None)[:3] if isinstance(p, tuple) else (p, None, None) for p in paths]
        db_path, total = self.db_path, len(paths)
        importing = self.tr("正在导入 {0}（{1}/{2}）")
        words = {"file": self.tr("核对时的数据包文件"),
                 "gone": self.tr("{0} 在核对之后被删除或移走了，没有导入。"),
                 "unreadable": self.tr("{0} 在核对之后无法再读取，没有导入。"),
                 "changed": self.tr("{0} 在核对之后被改动或替换过，与核对时显示的不是同一个文件，没有导入。请重新导入它，"
                                    "核对后再合并。")}

        def work(progress, cancelled):
            def use(db):
                results = []
                for n, (path, trust, checked) in enumerate(paths):
                    if cancelled():
                        break
                    progress(n, total, importing.format(Path(path).name, n + 1, total))
                    results.append(import_as_checked(db, db_path, Path(path), trust, checked, words))
                return results
            return on_own_connection(db_path, use)(progress, cancelled)

        self.job = start_job(self, self.tr("导入数据包"), work, lambda r, e, c: self._imported(r, e, c, total))
        return self.job

    def _imported(self, results, error, cancelled, total: int) -> None:
        self.refresh()
        title = self.tr("导入数据包")
        if error is not None:
            self.last_dialog = show_error(self, title, error)
            self.imported.emit([])
            return
        results = results or []
        self.imported.emit(results)
        self.last_dialog = self._summary(title, results, total - len(results) if cancelled else 0)

    def _summary(self, title: str, results: list, skipped: int) -> QMessageBox:
        count = {v: sum(1 for r in results if r.verdict == v) for v in ("merged", "already", "refused")}
        lines = [self.tr("已合并 {0} 个，已合并过 {1} 个，被拒绝 {2} 个。").format(
            count["merged"], count["already"], count["refused"])]
        if skipped:
            lines.append(self.tr("导入已取消：其余 {0} 个文件没有导入。").format(skipped))
        conflicts = sum(r.conflicts for r in results)
        conflicted = next((t for r in results if r.conflicts for t in r.tasks), None)
        if conflicts:
            lines.append(self.tr("{0} 处冲突待解决：请打开任务，在“冲突”中逐项选定或合写，并写明理由。").format(conflicts))
        refused = [r for r in results if r.verdict == "refused"]
        for r in refused[:NAMED]:
            lines.append(self.tr("{0} 被拒绝：{1}").format(Path(r.file).name, r.error.message if r.error else ""))
        if len(refused) > NAMED:  # the box stays on the screen; every file and its reason are in 查看原因
            lines.append(self.tr("……另有 {0} 个文件被拒绝，原因见“查看原因”。").format(len(refused) - NAMED))
        icon = QMessageBox.Icon.Warning if refused or conflicts else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, "\n".join(lines), QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if conflicted is not None:
            open_task = QPushButton(self.tr("打开任务(&T)"))
            box.addButton(open_task, QMessageBox.ButtonRole.ActionRole)
            open_task.clicked.disconnect()
            open_task.clicked.connect(lambda: (box.accept(), self.openTask.emit(conflicted)))
            box.open_task_button = open_task
        problems = [p.at(file=self.tr("{0} 中的 {1}").format(Path(r.file).name, p.file) if p.file else Path(r.file).name)
                    for r in refused if r.error for p in (r.error.problems or [Problem(r.error.message)])]
        if problems:
            # made by the box, so the box owns it (one made here went with its Python name: the button vanished)
            details = box.addButton(self.tr("查看原因(&D)…"), QMessageBox.ButtonRole.ActionRole)
            details.clicked.disconnect()
            details.clicked.connect(lambda: ProblemsDialog(self, title, "\n".join(lines), problems).open())
        box.open()
        return box
