"""Every QSettings key the window uses, declared once with its default.

Settings are per user (window layout, last folder), not per database; the
environment variable SPOTCHECK_SETTINGS_DIR keeps tests away from the real ones.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from app import APP_ID, ORGANIZATION

LAST_DIRECTORY = ("io/last_directory", "")
MAIN_GEOMETRY = ("window/geometry", None)
MAIN_STATE = ("window/state", None)
CURRENT_PAGE = ("window/current_page", 0)
# "system" (follow the system's language), "zh_CN" or "en": app.ui.application.ui_language; applies at the next start
LANGUAGE = ("ui/language", "system")
TASK_LIST_VIEW = ("tasks/list_view", "")  # the task list's filters, sort and grouping (JSON, app/ui/task_list.py)


def _settings() -> QSettings:
    folder = os.environ.get("SPOTCHECK_SETTINGS_DIR")
    if folder:
        return QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_ID)


def value(key: tuple[str, object]):
    name, default = key
    stored = _settings().value(name, default)
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(stored)
        except (TypeError, ValueError):
            return default
    return stored


def set_value(key: tuple[str, object], new) -> None:
    _settings().setValue(key[0], new)

# the layout of the window's tables (QHeaderView.saveState) and splitters (QSplitter.saveState)
INSTITUTIONS_HEADER = ("layout/institutions_header", None)
INSTITUTIONS_SPLITTER = ("layout/institutions_splitter", None)
INSPECTORS_HEADER = ("layout/inspectors_header", None)
INSPECTORS_SPLITTER = ("layout/inspectors_splitter", None)
PLANS_SPLITTER = ("layout/plans_splitter", None)
CHECKLIST_SPLITTER = ("layout/checklist_splitter", None)
