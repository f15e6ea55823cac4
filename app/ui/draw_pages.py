"""The three pages of the announce-and-draw dialog (app/ui/draw_dialog.py): their widgets, built once per dialog
for the kind of draw (institutions, or inspector teams); the dialog fills them and acts on them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import draw_views as views
from app.ui.plan_dialog import ERROR_STYLE

OK_STYLE = "color: #1a6b1a; font-weight: bold;"


def _error_label() -> QLabel:
    out = QLabel()
    out.setStyleSheet(ERROR_STYLE)
    out.setWordWrap(True)
    return out


class DrawPages:
    """Mixed into DrawDialog: `self.teams` says which kind of draw the pages are for."""

    def _announce_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.announce_intro = QLabel(self.tr(
            "第一步：公告。冻结抽中的机构（按抽中顺序）、人员名单（按公布的顺序）和组队规则，记录将来公开的随机数来源；"
            "随机数公开后再抽取，任何人都可以按公告复核。") if self.teams else self.tr(
            "第一步：公告。下列名单按统一社会信用代码升序冻结，记录各名单的 SHA-256 和将来公开的随机数来源；"
            "随机数公开后再抽取，任何人都可以按公告复核。"))
        self.announce_intro.setWordWrap(True)
        layout.addWidget(self.announce_intro)
        tabs = QTabWidget()
        if self.teams:
            self.targets = views.targets_table()
            tabs.addTab(self.targets, self.tr("抽中的机构(&L)"))
            self.roster = views.roster_table()
            tabs.addTab(self.roster, self.tr("人员名单(&E)"))
        else:
            self.pools = views.pools_table()
            tabs.addTab(self.pools, self.tr("各领域名单(&L)"))
            self.marked = views.marked_table()
            tabs.addTab(self.marked, self.tr("排除和仍列入的机构(&E)"))
        layout.addWidget(tabs, 1)
        self.unmet = _error_label()  # the team rules that cannot be met: said before any seed is named
        self.unmet.hide()
        layout.addWidget(self.unmet)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        layout.addWidget(self.preview_note)
        grid = QGridLayout()
        self.reason_caption = QLabel(self.tr("重新抽取的理由(&R)："))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填：原记录将保留，理由随新记录公布"))
        self.reason_caption.setBuddy(self.reason)
        self.reason_error = _error_label()
        grid.addWidget(self.reason_caption, 0, 0)
        grid.addWidget(self.reason, 0, 1)
        grid.addWidget(self.reason_error, 1, 1)
        source_caption = QLabel(self.tr("随机数来源(&S)："))
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("公告时尚未产生的公开数字，如“2025年9月20日中国体育彩票排列5开奖号码”"))
        source_caption.setBuddy(self.source)
        self.source_error = _error_label()
        grid.addWidget(source_caption, 2, 0)
        grid.addWidget(self.source, 2, 1)
        grid.addWidget(self.source_error, 3, 1)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.announce_button = QPushButton(self.tr("公告(&A)"))
        self.announce_button.clicked.connect(self.announce)
        self.source.returnPressed.connect(self.announce)
        row.addWidget(self.announce_button)
        layout.addLayout(row)
        return page

    def _seed_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.seed_intro = QLabel()
        self.seed_intro.setWordWrap(True)
        layout.addWidget(self.seed_intro)
        self.seed_pools = views.targets_table() if self.teams else views.pools_table()
        layout.addWidget(self.seed_pools, 1)
        publish = QHBoxLayout()
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        publish.addWidget(self.saved_note, 1)
        save = QPushButton(self.tr("保存公告以便公布(&P)…"))
        save.clicked.connect(self.ask_export)
        publish.addWidget(save)
        again = QPushButton(self.tr("重新公告(&R)…"))
        again.clicked.connect(self.redo)
        publish.addWidget(again)
        layout.addLayout(publish)
        grid = QGridLayout()
        caption = QLabel(self.tr("随机数(&N)："))
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("各组用“/”分隔，组内用空格或逗号分隔，如 9319 / 2 5 12 8 10 / 9 18 26 34 41 45"))
        caption.setBuddy(self.seed)
        self.seed.textChanged.connect(self._seed_changed)
        self.seed.returnPressed.connect(self.run_draw)
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.seed, 0, 1)
        self.key = QLabel()
        self.key.setWordWrap(True)
        grid.addWidget(self.key, 1, 1)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.draw_button = QPushButton(self.tr("抽取(&D)"))
        self.draw_button.clicked.connect(self.run_draw)
        row.addWidget(self.draw_button)
        layout.addLayout(row)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        tabs = QTabWidget()
        self.selected = views.teams_table() if self.teams else views.selected_table()
        tabs.addTab(self.selected, self.tr("检查组(&L)") if self.teams else self.tr("抽中的机构(&L)"))
        self.steps = views.team_steps_table() if self.teams else views.steps_table()
        tabs.addTab(self.steps, self.tr("每一步(&T)"))
        self.result_pools = views.roster_table() if self.teams else views.pools_table()
        tabs.addTab(self.result_pools, self.tr("公告的人员名单(&O)") if self.teams else self.tr("公告的名单(&O)"))
        layout.addWidget(tabs, 1)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        row = QHBoxLayout()
        row.addStretch(1)
        self.tasks_button = QPushButton(self.tr("建立检查任务(&K)"))
        self.tasks_button.setToolTip(self.tr("按检查组各建立一项检查任务（抽取时已建立；中断时在此补建）"))
        self.tasks_button.clicked.connect(self.make_tasks)
        self.tasks_button.setVisible(self.teams)
        row.addWidget(self.tasks_button)
        export = QPushButton(self.tr("导出抽取记录(&E)…"))
        export.clicked.connect(self.ask_export)
        row.addWidget(export)
        publish = QPushButton(self.tr("检查组分配表(&P)…") if self.teams else self.tr("抽查名单公示(&P)…"))
        publish.setToolTip(self.tr("写出 PDF 或 Excel 文件，供公布或分发"))
        publish.clicked.connect(self.ask_publish)
        row.addWidget(publish)
        self.redo_button = QPushButton(self.tr("重新抽取(&R)…"))
        self.redo_button.clicked.connect(self.redo)
        row.addWidget(self.redo_button)
        layout.addLayout(row)
        return page

