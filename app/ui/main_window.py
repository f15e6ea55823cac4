"""The main window: navigation on the left, one page per area of the work, menus with shortcuts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QToolButton, QWidget

from app import APP_DISPLAY_NAME, __version__
from app.services.browse import Registry
from app.services.profile import ROLE_LABELS
from app.services.profile import show as show_profile
from app.ui import settings
from app.ui.forms.ui_main_window import Ui_MainWindow
from app.ui.institutions_page import InstitutionsPage
from app.ui.jobs import Quiet, run_quietly
from app.ui.package_drops import AcceptsPackages
from app.ui.screen_fit import keep_on_screen, place_main_window
from app.ui.table_layout import save_all


class MainWindow(AcceptsPackages, QMainWindow):
    def __init__(self, db_path: Path, registry: Registry, parent=None):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.db_path = db_path
        self.registry = registry
        self._inspectors = self._checklist = self._tasks = self._inbox = self._plans = self._dashboard = None
        self.institutions = InstitutionsPage(registry, db_path)
        # Pages other than the registry are built when first shown: the window appears sooner.
        self.builders = {
            1: lambda: self.inspectors,
            2: lambda: self.checklist,
            3: lambda: self.plans,
            4: lambda: self.tasks,
            5: lambda: self.dashboard,
            6: lambda: self.inbox,
        }
        names = [self.tr("机构库"), self.tr("人员库"), self.tr("检查事项清单"), self.tr("抽查计划"),
                 self.tr("检查任务"), self.tr("汇总与公示"), self.tr("数据包")]
        self.page_actions = []
        for number, name in enumerate(names, start=1):
            self.ui.navigation.addItem(name)
            self.ui.pages.addWidget(self.institutions if number == 1 else QWidget())
            action = QAction(name, self, shortcut=QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=number - 1: self.show_page(n))
            self.ui.menuView.addAction(action)
            self.page_actions.append(action)
        nav = self.ui.navigation  # wide enough for the longest page name in the window's language
        nav.setMinimumWidth(max(nav.minimumWidth(), nav.sizeHintForColumn(0) + 2 * nav.spacing()))
        nav.setMaximumWidth(max(nav.maximumWidth(), nav.minimumWidth()))
        self.ui.navigation.currentRowChanged.connect(self._switch_page)
        ui = self.ui
        ui.actionImportInstitutions.triggered.connect(lambda: self._on(0, self.institutions.io.ask_import))
        ui.actionExportInstitutions.triggered.connect(lambda: self._on(0, self.institutions.io.ask_export))
        ui.actionImportInspectors.triggered.connect(lambda: self._on(1, self.inspectors.io.ask_import))
        ui.actionExportInspectors.triggered.connect(lambda: self._on(1, self.inspectors.io.ask_export))
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAbout.triggered.connect(self.about)
        self.institutions.importFinished.connect(lambda _: self.update_status())
        self.institutions.damaged.connect(self.report_damage)
        self.profile_label = QToolButton()
        self.profile_label.setAutoRaise(True)
        self.profile_label.setToolTip(self.tr("设置使用人和角色"))
        self.profile_label.clicked.connect(self.ask_profile)
        ui.statusbar.addPermanentWidget(self.profile_label)
        self.packages_action = QAction(self.tr("导入数据包(&P)…"), self)
        self.packages_action.triggered.connect(lambda: self._on(6, self.inbox.ask_import))
        ui.menuFile.insertAction(ui.actionQuit, self.packages_action)
        self.keys_action = QAction(self.tr("签名密钥和证书(&K)…"), self)
        self.keys_action.triggered.connect(self.ask_keys)
        ui.menuFile.insertAction(ui.actionQuit, self.keys_action)
        self.verify_action = QAction(self.tr("验证已签署的记录 PDF(&V)…"), self)
        self.verify_action.triggered.connect(self.ask_verify)
        ui.menuFile.insertAction(ui.actionQuit, self.verify_action)
        self.profile_action = QAction(self.tr("使用人和角色(&U)…"), self)
        self.profile_action.triggered.connect(self.ask_profile)
        ui.menuFile.insertAction(ui.actionQuit, self.profile_action)
        self.settings_action = QAction(self.tr("设置(&S)…"), self)
        self.settings_action.triggered.connect(self.ask_settings)
        ui.menuFile.insertAction(ui.actionQuit, self.settings_action)
        ui.menuFile.insertSeparator(ui.actionQuit)
        QApplication.instance().aboutToQuit.connect(self.commit_pending)  # quit() closes no window
        self.setAcceptDrops(True)  # .scpkg packages dropped anywhere on the window are imported
        self.setWindowTitle(f"{self.tr(APP_DISPLAY_NAME)} — {db_path.name}")
        self.update_status()
        self.show_page(settings.value(settings.CURRENT_PAGE))
        # the saved size and place, brought onto the screen; the first time, 90 % of the screen it opens on
        place_main_window(self, settings.value(settings.MAIN_GEOMETRY))
        self._placed = False

    @property
    def inspectors(self):
        if self._inspectors is None:
            from app.ui.inspectors_page import InspectorsPage  # its module is imported when first shown

            self._inspectors = InspectorsPage(self.registry, self.db_path)
            self._inspectors.importFinished.connect(lambda _: self.update_status())
            self._inspectors.damaged.connect(self.report_damage)
            self._place(1, self._inspectors)
        return self._inspectors

    @property
    def checklist(self):
        if self._checklist is None:
            from app.ui.checklist_page import ChecklistPage  # its module is imported when first shown

            self._checklist = ChecklistPage()
            self._place(2, self._checklist)
        return self._checklist

    @property
    def plans(self):
        if self._plans is None:
            from app.ui.plans_page import PlansPage

            self._plans = PlansPage(self.registry, self.db_path)
            self._place(3, self._plans)
        return self._plans

    @property
    def tasks(self):
        if self._tasks is None:
            from app.ui.tasks_page import TasksPage

            self._tasks = TasksPage(self.registry, self.db_path)
            self._place(4, self._tasks)
        return self._tasks

    @property
    def dashboard(self):
        if self._dashboard is None:
            from app.ui.dashboard_page import DashboardPage  # loads QtCharts: only when first shown

            self._dashboard = DashboardPage(self.registry, self.db_path)
            self._place(5, self._dashboard)
        return self._dashboard

    @property
    def inbox(self):
        if self._inbox is None:
            from app.ui.inbox_page import InboxPage

            self._inbox = InboxPage(self.registry.db, self.db_path)
            self._inbox.imported.connect(self._packages_imported)
            self._inbox.openTask.connect(self.open_task)
            self._place(6, self._inbox)
        return self._inbox

    def _packages_imported(self, results) -> None:
        """A merged package changes tasks: the list, and the task open in the workspace, show them again."""
        if self._tasks is not None:
            self._tasks.refresh()
            if self._tasks.workspace is not None:
                self._tasks.workspace.refresh()
        if self._dashboard is not None:
            self._dashboard.reload_plans()

    def open_task(self, task_id: str) -> None:
        self.show_page(4)
        if self.ui.pages.currentWidget() is self.tasks:
            self.tasks.open_task(task_id)

    def packages_dropped(self, paths: list) -> None:
        """Packages dropped anywhere on the window go to the inbox page."""
        self.show_page(6)
        self.inbox.check_files(paths)

    def _place(self, index: int, page: QWidget) -> None:
        placeholder = self.ui.pages.widget(index)
        self.ui.pages.insertWidget(index, page)
        self.ui.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.builders.pop(index, None)

    def commit_pending(self) -> bool:
        """Save what is typed in an open task; False if some of it was refused (the reason is shown)."""
        return self._tasks.commit_pending() if self._tasks is not None else True

    def _switch_page(self, index: int) -> None:
        leaving = self.ui.pages.currentWidget()
        if leaving is not None and leaving is self._tasks and index != self.ui.pages.currentIndex():
            if not self.commit_pending():  # stay on the task: the refusal is on screen
                self.ui.navigation.blockSignals(True)
                self.ui.navigation.setCurrentRow(self.ui.pages.currentIndex())
                self.ui.navigation.blockSignals(False)
                return
        build = self.builders.get(index)
        if build is not None:
            page = build()
            if index in self.builders:  # not placed by its own property
                self._place(index, page)
        self.ui.pages.setCurrentIndex(index)

    def show_page(self, index: int) -> None:
        index = index if 0 <= index < self.ui.pages.count() else 0
        self.ui.navigation.setCurrentRow(index)
        self._switch_page(index)

    def check_integrity(self) -> None:
        """Read every page of the database in the background; say so at once if it is damaged.

        The same background pass clears half-written attachment files a killed process left behind.
        """
        from app.services import storage

        def check():
            storage.discard_stale_temporaries(self.db_path)
            return storage.integrity_problem(self.db_path)

        self.integrity = None  # None while checking, then "ok" or the problem
        run_quietly(self, check, self._integrity_checked)

    def _integrity_checked(self, problem, error) -> None:
        from app.environment import explain

        if error is None and problem is None:
            if self.integrity is None:
                self.integrity = "ok"
            return
        if error is not None and explain(error) is not None:  # busy or unreadable now: not damage
            self.integrity = None
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("暂时无法检查数据库"), explain(error).message,
                              QMessageBox.StandardButton.Ok, self)
            box.open()
            return
        self.report_damage(problem or error)

    def report_damage(self, problem) -> None:
        """Say once that the database is damaged (found by the background check or by a read)."""
        already = self.integrity not in (None, "ok")
        self.integrity = str(problem)
        if already:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("数据库已损坏"), self.tr(
            "数据库 {0} 检查出错误（{1}）。请不要继续录入，关闭软件后用备份恢复。没有作任何改动。"
        ).format(self.db_path, self.integrity), QMessageBox.StandardButton.Ok, self)
        box.open()

    def _on(self, page: int, action) -> None:
        self.show_page(page)
        action()

    def update_status(self) -> None:
        self.profile = show_profile(self.registry.db)
        who = self.profile["inspector"]
        role = self.tr(ROLE_LABELS[self.profile["role"]])
        if who:
            self.profile_label.setText(self.tr("{0} · {1}").format(who["name"], role))
        else:
            self.profile_label.setText(self.tr("未设置使用人 — 点此设置"))
        self.ui.statusbar.showMessage(self.tr("数据库：{0}").format(self.db_path))

    def ask_verify(self):
        from app.ui.report_dialog import ask_verify

        return ask_verify(self, self.db_path)

    def ask_keys(self):
        from app.ui.keys_dialog import KeysDialog  # its module is imported when first opened

        dialog = KeysDialog(self, self.registry, self.db_path)
        dialog.open()
        return dialog

    def ask_profile(self):
        from app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self, self.registry, self.db_path, self.profile)
        dialog.saved.connect(lambda _: self.update_status())
        dialog.open()
        return dialog

    def ask_settings(self):
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "{0} {1}\n检验检测机构“双随机、一公开”监督抽查：名录库、随机抽取、离线现场检查记录。\n数据库：{2}"
        ).format(self.tr(APP_DISPLAY_NAME), __version__, self.db_path))

    def shutdown(self) -> None:
        """Wait for background work and close the database connection (after the event loop ends)."""
        for quiet in self.findChildren(Quiet):
            quiet.worker.wait()
        if self._tasks is not None:
            self._tasks.close_workspace()
        self.registry.close()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._placed:  # the frame is known once shown: it too must be on the screen
            self._placed = True
            QTimer.singleShot(0, self, lambda: keep_on_screen(self))

    def closeEvent(self, event) -> None:
        if not self.commit_pending():  # the refusal is on screen: the window stays open
            event.ignore()
            return
        settings.set_value(settings.MAIN_GEOMETRY, self.saveGeometry())
        save_all(self)  # column widths and order, splitter positions
        settings.set_value(settings.CURRENT_PAGE, self.ui.pages.currentIndex())
        super().closeEvent(event)
