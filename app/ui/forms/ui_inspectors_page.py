# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'inspectors_page.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget

class Ui_InspectorsPage(object):
    def setupUi(self, InspectorsPage):
        if not InspectorsPage.objectName():
            InspectorsPage.setObjectName(u"InspectorsPage")
        self.pageLayout = QVBoxLayout(InspectorsPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.heading = QLabel(InspectorsPage)
        self.heading.setObjectName(u"heading")
        self.heading.setStyleSheet(u"font-size: 16pt; font-weight: bold;")

        self.pageLayout.addWidget(self.heading)

        self.filterRow = QHBoxLayout()
        self.filterRow.setObjectName(u"filterRow")
        self.search = QLineEdit(InspectorsPage)
        self.search.setObjectName(u"search")
        self.search.setMinimumSize(QSize(160, 0))
        self.search.setClearButtonEnabled(True)

        self.filterRow.addWidget(self.search)

        self.department = QComboBox(InspectorsPage)
        self.department.setObjectName(u"department")

        self.filterRow.addWidget(self.department)

        self.filterSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterRow.addItem(self.filterSpacer)

        self.importButton = QPushButton(InspectorsPage)
        self.importButton.setObjectName(u"importButton")

        self.filterRow.addWidget(self.importButton)

        self.exportButton = QPushButton(InspectorsPage)
        self.exportButton.setObjectName(u"exportButton")

        self.filterRow.addWidget(self.exportButton)

        self.filterRow.setStretch(0, 3)
        self.filterRow.setStretch(2, 1)

        self.pageLayout.addLayout(self.filterRow)

        self.splitter = QSplitter(InspectorsPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.table = QTableView(self.splitter)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.splitter.addWidget(self.table)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setVisible(False)
        self.detail = QTextBrowser(self.splitter)
        self.detail.setObjectName(u"detail")
        self.detail.setMinimumSize(QSize(220, 0))
        self.detail.setOpenLinks(False)
        self.splitter.addWidget(self.detail)

        self.pageLayout.addWidget(self.splitter)

        self.count = QLabel(InspectorsPage)
        self.count.setObjectName(u"count")

        self.pageLayout.addWidget(self.count)

        self.pageLayout.setStretch(2, 1)
        QWidget.setTabOrder(self.search, self.department)
        QWidget.setTabOrder(self.department, self.importButton)
        QWidget.setTabOrder(self.importButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.table)
        QWidget.setTabOrder(self.table, self.detail)

        self.retranslateUi(InspectorsPage)

        QMetaObject.connectSlotsByName(InspectorsPage)
    # setupUi

    def retranslateUi(self, InspectorsPage):
        self.heading.setText(QCoreApplication.translate("InspectorsPage", u"\u6267\u6cd5\u68c0\u67e5\u4eba\u5458\u540d\u5f55\u5e93", None))
        self.search.setPlaceholderText(QCoreApplication.translate("InspectorsPage", u"\u641c\u7d22\u59d3\u540d\u3001\u5355\u4f4d\u6216\u6267\u6cd5\u8bc1\u53f7\uff08Ctrl+F\uff09", None))
#if QT_CONFIG(accessibility)
        self.search.setAccessibleName(QCoreApplication.translate("InspectorsPage", u"\u641c\u7d22", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.department.setAccessibleName(QCoreApplication.translate("InspectorsPage", u"\u6240\u5c5e\u90e8\u95e8", None))
#endif // QT_CONFIG(accessibility)
        self.importButton.setText(QCoreApplication.translate("InspectorsPage", u"\u5bfc\u5165(&I)\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("InspectorsPage", u"\u5bfc\u51fa(&E)\u2026", None))
#if QT_CONFIG(accessibility)
        self.table.setAccessibleName(QCoreApplication.translate("InspectorsPage", u"\u4eba\u5458\u5217\u8868", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.detail.setAccessibleName(QCoreApplication.translate("InspectorsPage", u"\u4eba\u5458\u8be6\u60c5", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

