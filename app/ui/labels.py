"""Display names of the domain's enumerations, through Qt's translation mechanism.

The domain keeps the Chinese labels (they are also what the registry
workbooks contain); the window shows them translated in context "labels".
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.registry import Category

CATEGORY_SHORT = {
    Category.VEHICLE: QT_TRANSLATE_NOOP("labels", "机动车"),
    Category.ECO_ENV: QT_TRANSLATE_NOOP("labels", "生态环境"),
    Category.OTHER: QT_TRANSLATE_NOOP("labels", "其他"),
}


def label(member) -> str:
    return QCoreApplication.translate("labels", member.label)


def label_text(text: str) -> str:
    """A label the services hand out as text (a summary's status, judgement or conclusion), translated."""
    return QCoreApplication.translate("labels", text)


def short_category(category: Category) -> str:
    return QCoreApplication.translate("labels", CATEGORY_SHORT[category])


def join_names(items) -> str:
    """A list of names as one text: 张三、李四 (or "A, B" in English)."""
    return QCoreApplication.translate("labels", "、").join(items)


def field_label(kind: str, name: str) -> str:
    """A registry field's display name (the workbook column header)."""
    from app.services.registry import field_header

    return QCoreApplication.translate("labels", field_header(kind, name))
