# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'institutions_page.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget

class Ui_InstitutionsPage(object):
    def setupUi(self, InstitutionsPage):
        if not InstitutionsPage.objectName():
            InstitutionsPage.setObjectName(u"InstitutionsPage")
        self.pageLayout = QVBoxLayout(InstitutionsPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.heading = QLabel(InstitutionsPage)
        self.heading.setObjectName(u"heading")
        self.heading.setStyleSheet(u"font-size: 16pt; font-weight: bold;")

        self.pageLayout.addWidget(self.heading)

        self.filterRow = QHBoxLayout()
        self.filterRow.setObjectName(u"filterRow")
        self.search = QLineEdit(InstitutionsPage)
        self.search.setObjectName(u"search")
        self.search.setMinimumSize(QSize(160, 0))
        self.search.setClearButtonEnabled(True)

        self.filterRow.addWidget(self.search)

        self.district = QComboBox(InstitutionsPage)
        self.district.setObjectName(u"district")
        self.district.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterRow.addWidget(self.district)

        self.category = QComboBox(InstitutionsPage)
        self.category.setObjectName(u"category")

        self.filterRow.addWidget(self.category)

        self.riskClass = QComboBox(InstitutionsPage)
        self.riskClass.setObjectName(u"riskClass")

        self.filterRow.addWidget(self.riskClass)

        self.priority = QComboBox(InstitutionsPage)
        self.priority.setObjectName(u"priority")

        self.filterRow.addWidget(self.priority)

        self.filterSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterRow.addItem(self.filterSpacer)

        self.importButton = QPushButton(InstitutionsPage)
        self.importButton.setObjectName(u"importButton")

        self.filterRow.addWidget(self.importButton)

        self.exportButton = QPushButton(InstitutionsPage)
        self.exportButton.setObjectName(u"exportButton")

        self.filterRow.addWidget(self.exportButton)

        self.filterRow.setStretch(0, 3)
        self.filterRow.setStretch(5, 1)

        self.pageLayout.addLayout(self.filterRow)

        self.splitter = QSplitter(InstitutionsPage)
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

        self.count = QLabel(InstitutionsPage)
        self.count.setObjectName(u"count")

        self.pageLayout.addWidget(self.count)

        self.pageLayout.setStretch(2, 1)
        QWidget.setTabOrder(self.search, self.district)
        QWidget.setTabOrder(self.district, self.category)
        QWidget.setTabOrder(self.category, self.riskClass)
        QWidget.setTabOrder(self.riskClass, self.priority)
        QWidget.setTabOrder(self.priority, self.importButton)
        QWidget.setTabOrder(self.importButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.table)
        QWidget.setTabOrder(self.table, self.detail)

        self.retranslateUi(InstitutionsPage)

        QMetaObject.connectSlotsByName(InstitutionsPage)
    # setupUi

    def retranslateUi(self, InstitutionsPage):
        self.heading.setText(QCoreApplication.translate("InstitutionsPage", u"\u68c0\u67e5\u5bf9\u8c61\u540d\u5f55\u5e93", None))
        self.search.setPlaceholderText(QCoreApplication.translate("InstitutionsPage", u"\u641c\u7d22\u673a\u6784\u540d\u79f0\u3001\u7edf\u4e00\u793e\u4f1a\u4fe1\u7528\u4ee3\u7801\u6216\u8bc1\u4e66\u7f16\u53f7\uff08Ctrl+F\uff09", None))
#if QT_CONFIG(accessibility)
        self.search.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u641c\u7d22", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.district.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u533a\u53bf", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.category.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u673a\u6784\u7c7b\u522b", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.riskClass.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u4fe1\u7528\u98ce\u9669\u5206\u7c7b", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.priority.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u91cd\u70b9\u62bd\u67e5\u5bf9\u8c61", None))
#endif // QT_CONFIG(accessibility)
        self.importButton.setText(QCoreApplication.translate("InstitutionsPage", u"\u5bfc\u5165(&I)\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("InstitutionsPage", u"\u5bfc\u51fa(&E)\u2026", None))
#if QT_CONFIG(accessibility)
        self.table.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u673a\u6784\u5217\u8868", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.detail.setAccessibleName(QCoreApplication.translate("InstitutionsPage", u"\u673a\u6784\u8be6\u60c5", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

