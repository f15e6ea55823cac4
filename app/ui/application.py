"""Starting the window: Qt application, CJK font, translations, the database, error handling.

The database is opened (checked and migrated) before any window shows; if
it is refused the user gets the reason in words and nothing is changed.
Unexpected exceptions are logged to a file and shown as a dialog, never as
a traceback.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication  # QMessageBox where it is used: its enums take a while to make

from app import APP_ID, APP_NAME, ORGANIZATION, __version__, paths
from app.domain.problems import SpotcheckError
from app.ui.first_paint import FirstPaint

log = logging.getLogger(__name__)
BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")


def ensure_cjk_font(app: QApplication) -> str | None:
    """Use a system font that has Chinese; without one, register the bundled WenQuanYi Micro Hei."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return None
    font_id = QFontDatabase.addApplicationFont(str(paths.resource(*BUNDLED_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("no CJK font available: Chinese text may not render")
        return None
    font = QFont(families[0])
    font.setPointSize(app.font().pointSize())
    app.setFont(font)
    return families[0]


SYSTEM = "system"
CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (SYSTEM, CHINESE, ENGLISH)  # the settings dialog's choices, in its order


def ui_language(choice: str | None = None, system: QLocale | None = None) -> str:
    """The window's language, CHINESE or ENGLISH, for a stored choice (None: the one in the settings).

    "Follow the system" (the default) reads the system's first display language: Chinese (any script or region)
    shows Chinese, and so does none at all (the C/POSIX locale of a bare server: nobody chose anything, so the
    source language); every other language shows English. A language we have no translation for falls back to
    English because someone who set their computer to German or Japanese more likely reads English than Chinese,
    and the choice is one click away in 文件 › 设置. On the machines the software is made for (Chinese Windows)
    the default stays Chinese.
    """
    from app.ui import settings

    choice = settings.value(settings.LANGUAGE) if choice is None else choice
    if choice in (CHINESE, ENGLISH):
        return choice
    system = QLocale.system() if system is None else system
    first = QLocale(system.uiLanguages()[0]) if system.uiLanguages() else system
    unset = (QLocale.Language.Chinese, QLocale.Language.C, QLocale.Language.AnyLanguage)
    return CHINESE if first.language() in unset else ENGLISH


def install_translations(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """Install the window's translation and Qt's own (buttons, file dialogs) for `language` (see `ui_language`).

    Chinese is the source language: it needs only qtbase_zh_CN. English loads
    app/resources/translations/spotcheck_en.qm and qtbase_en. Translators installed earlier are removed first.
    """
    for old in app.findChildren(QTranslator, "spotcheck-translator"):
        app.removeTranslator(old)
        old.deleteLater()
    language = ui_language(language)
    wanted = [("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if language != CHINESE:
        wanted.insert(0, ("spotcheck", str(paths.resource("translations"))))
    locale = QLocale(language)
    installed = []
    for name, folder in wanted:
        translator = QTranslator(app)
        translator.setObjectName("spotcheck-translator")
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no %s translation for %s in %s", name, language, folder)
            translator.deleteLater()
    QLocale.setDefault(locale)
    return installed


def setup_logging() -> Path:
    folder = paths.user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "spotcheck.log"
    logging.basicConfig(filename=log_file, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return log_file


def install_excepthook(log_file: Path) -> None:
    def hook(kind, value, tb):
        from PySide6.QtWidgets import QMessageBox

        from app.environment import explain

        logging.getLogger("app").error("unhandled exception", exc_info=(kind, value, tb))
        app = QApplication.instance()
        if app is None:
            sys.__excepthook__(kind, value, tb)
            return
        environment = explain(value)
        if environment is not None:  # the disk, the permissions or another program, not a defect
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, environment.message)
            box.open()
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, app.translate(
            "application", "出现了意外错误，刚才的操作可能没有完成。已记录的数据不受影响。\n详情已写入 {0}"
        ).format(log_file))
        box.setDetailedText(f"{kind.__name__}: {value}")
        box.open()

    sys.excepthook = hook


def create_application(argv: list[str] | None = None, *, table_export: bool = True) -> QApplication:
    """The application; `table_export=False` leaves the tables' export menu to `install_table_export`, later."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_ID)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    ensure_cjk_font(app)
    install_translations(app)
    if table_export:
        install_table_export(app)
    return app


def install_table_export(app: QApplication | None = None) -> None:
    """Every table: 导出到 Excel… in its context menu. Its module makes the enums of every kind of view and menu
    (some 60 ms), so the window's start installs it once the window is painted."""
    from app.ui.table_export import install

    install(app or QApplication.instance())


def open_main_window(db_path: Path):
    """Open the database (refusing a bad one with a message) and show the main window.

    Every page of the file is checked in the background once the window has been painted (`PRAGMA quick_check`
    on 55,000 institutions takes longer than drawing the window, and on two busy cores it would slow the drawing);
    nothing is written before.
    """
    from app.services.browse import Registry
    from app.services.storage import prepare
    from app.ui.main_window import MainWindow

    prepare(db_path, thorough=False)
    window = MainWindow(db_path, Registry.open(db_path))
    window.integrity = None  # checking (MainWindow.check_integrity)
    window.show()
    FirstPaint(window.institutions.ui.table.viewport(), window.check_integrity)
    return window


def start(db_path: Path):
    """Everything up to the window on screen: returns (app, window), or (app, None) if the database was refused.

    Cyclic garbage collection waits until the window is up: starting creates many objects and no
    cycles worth collecting, and each collection would walk them all. So does the tables' export menu.
    """
    gc.disable()
    log_file = setup_logging()
    app = create_application(table_export=False)
    install_excepthook(log_file)
    try:
        window = open_main_window(db_path)
    except SpotcheckError as exc:
        from PySide6.QtWidgets import QMessageBox

        gc.enable()
        install_table_export(app)
        QMessageBox.critical(None, APP_NAME, exc.message)
        return app, exc
    FirstPaint(window.institutions.ui.table.viewport(), lambda: (gc.enable(), install_table_export(app)))
    log.info("opened %s", db_path)
    return app, window


def run(db_path: Path) -> int:
    app, window = start(db_path)
    if isinstance(window, SpotcheckError):
        return window.exit_status
    code = app.exec()
    window.shutdown()
    return code
