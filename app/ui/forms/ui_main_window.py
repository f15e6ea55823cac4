# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QMenu, QMenuBar, QStackedWidget, QStatusBar, QWidget

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(960, 600)
        self.actionImportInstitutions = QAction(MainWindow)
        self.actionImportInstitutions.setObjectName(u"actionImportInstitutions")
        self.actionExportInstitutions = QAction(MainWindow)
        self.actionExportInstitutions.setObjectName(u"actionExportInstitutions")
        self.actionImportInspectors = QAction(MainWindow)
        self.actionImportInspectors.setObjectName(u"actionImportInspectors")
        self.actionExportInspectors = QAction(MainWindow)
        self.actionExportInspectors.setObjectName(u"actionExportInspectors")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.central = QWidget(MainWindow)
        self.central.setObjectName(u"central")
        self.centralLayout = QHBoxLayout(self.central)
        self.centralLayout.setSpacing(0)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget(self.central)
        self.navigation.setObjectName(u"navigation")
        self.navigation.setMinimumSize(QSize(130, 0))
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setMaximumSize(QSize(190, 16777215))
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet(u"QListWidget { font-size: 11pt; background: palette(window); border-right: 1px solid palette(mid); }\n"
"QListWidget::item { padding: 8px 12px; }\n"
"QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }")

        self.centralLayout.addWidget(self.navigation)

        self.pages = QStackedWidget(self.central)
        self.pages.setObjectName(u"pages")

        self.centralLayout.addWidget(self.pages)

        MainWindow.setCentralWidget(self.central)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuView = QMenu(self.menubar)
        self.menuView.setObjectName(u"menuView")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuView.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionImportInstitutions)
        self.menuFile.addAction(self.actionExportInstitutions)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionImportInspectors)
        self.menuFile.addAction(self.actionExportInspectors)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionQuit)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u68c0\u9a8c\u68c0\u6d4b\u673a\u6784\u76d1\u7763\u62bd\u67e5", None))
        self.actionImportInstitutions.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u5165\u673a\u6784\u5e93(&I)\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionImportInstitutions.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+I", None))
#endif // QT_CONFIG(shortcut)
        self.actionExportInstitutions.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u51fa\u673a\u6784\u5e93(&E)\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionExportInstitutions.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+E", None))
#endif // QT_CONFIG(shortcut)
        self.actionImportInspectors.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u5165\u4eba\u5458\u5e93\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionImportInspectors.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Shift+I", None))
#endif // QT_CONFIG(shortcut)
        self.actionExportInspectors.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u51fa\u4eba\u5458\u5e93\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionExportInspectors.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Shift+E", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"\u9000\u51fa(&Q)", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"\u5173\u4e8e(&A)", None))
#if QT_CONFIG(accessibility)
        self.navigation.setAccessibleName(QCoreApplication.translate("MainWindow", u"\u5bfc\u822a", None))
#endif // QT_CONFIG(accessibility)
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"\u6587\u4ef6(&F)", None))
        self.menuView.setTitle(QCoreApplication.translate("MainWindow", u"\u89c6\u56fe(&V)", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"\u5e2e\u52a9(&H)", None))
    # retranslateUi

