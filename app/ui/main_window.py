"""The main window: navigation on the left, one page per area of the work, menus with shortcuts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app import APP_DISPLAY_NAME, __version__
from app.services.browse import Registry
from app.services.profile import ROLE_LABELS
from app.services.profile import show as show_profile
from app.ui import settings
from app.ui.checklist_page import ChecklistPage
from app.ui.forms.ui_main_window import Ui_MainWindow
from app.ui.inspectors_page import InspectorsPage
from app.ui.institutions_page import InstitutionsPage
from app.ui.upcoming_page import UpcomingPage


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path, registry: Registry, parent=None):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.db_path = db_path
        self.registry = registry
        self.institutions = InstitutionsPage(registry, db_path)
        self.inspectors = InspectorsPage(registry, db_path)
        self.checklist = ChecklistPage()
        pages = [
            (self.tr("机构库"), self.institutions),
            (self.tr("人员库"), self.inspectors),
            (self.tr("检查事项清单"), self.checklist),
            (self.tr("抽查计划"), UpcomingPage(self.tr("抽查计划"), self.tr(
                "这里将是年度抽查计划：抽查比例和各领域数量、重点抽查对象的处理、上级分配的机构，"
                "以及可公开验证的随机抽取（先公布名单和随机数来源，再抽取机构和检查人员）。此功能尚在开发中。"))),
            (self.tr("检查任务"), UpcomingPage(self.tr("检查任务"), self.tr(
                "这里将是每个被抽中机构的检查任务：检查组、计划日期、提前24小时告知，"
                "以及现场离线记录18项检查事项、盲样考核、授权签字人考试、照片和签名。此功能尚在开发中。"))),
            (self.tr("汇总与公示"), UpcomingPage(self.tr("汇总与公示"), self.tr(
                "这里将汇总各检查组的检查结果包，处理不一致的记录，生成抽查结果公示表、"
                "问题线索移交清单和年度工作总结。此功能尚在开发中。"))),
        ]
        self.page_actions = []
        for number, (name, page) in enumerate(pages, start=1):
            self.ui.navigation.addItem(name)
            self.ui.pages.addWidget(page)
            action = QAction(name, self, shortcut=QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=number - 1: self.show_page(n))
            self.ui.menuView.addAction(action)
            self.page_actions.append(action)
        self.ui.navigation.currentRowChanged.connect(self.ui.pages.setCurrentIndex)
        ui = self.ui
        ui.actionImportInstitutions.triggered.connect(lambda: self._on(0, self.institutions.io.ask_import))
        ui.actionExportInstitutions.triggered.connect(lambda: self._on(0, self.institutions.io.ask_export))
        ui.actionImportInspectors.triggered.connect(lambda: self._on(1, self.inspectors.io.ask_import))
        ui.actionExportInspectors.triggered.connect(lambda: self._on(1, self.inspectors.io.ask_export))
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAbout.triggered.connect(self.about)
        self.institutions.importFinished.connect(lambda _: self.update_status())
        self.inspectors.importFinished.connect(lambda _: self.update_status())
        self.profile_label = QLabel()
        ui.statusbar.addPermanentWidget(self.profile_label)
        self.setWindowTitle(f"{self.tr(APP_DISPLAY_NAME)} — {db_path.name}")
        self.update_status()
        self.show_page(settings.value(settings.CURRENT_PAGE))
        geometry = settings.value(settings.MAIN_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)

    def show_page(self, index: int) -> None:
        index = index if 0 <= index < self.ui.pages.count() else 0
        self.ui.navigation.setCurrentRow(index)

    def _on(self, page: int, action) -> None:
        self.show_page(page)
        action()

    def update_status(self) -> None:
        profile = show_profile(self.registry.db)
        who = profile["inspector"]
        role = self.tr(ROLE_LABELS[profile["role"]])
        name = who["name"] if who else self.tr("未设置使用人")
        self.profile_label.setText(f"{name} · {role}")
        self.ui.statusbar.showMessage(self.tr("数据库：{0}").format(self.db_path))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "{0} {1}\n检验检测机构“双随机、一公开”监督抽查：名录库、随机抽取、离线现场检查记录。\n数据库：{2}"
        ).format(self.tr(APP_DISPLAY_NAME), __version__, self.db_path))

    def closeEvent(self, event) -> None:
        settings.set_value(settings.MAIN_GEOMETRY, self.saveGeometry())
        settings.set_value(settings.CURRENT_PAGE, self.ui.pages.currentIndex())
        super().closeEvent(event)
