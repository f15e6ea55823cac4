"""Regression guard for the PySide6 pin (pyproject: PySide6>=6.8,<6.12).

PySide6 6.12.0 under CPython 3.11 drops a reference to None/True/False on
every void- or bool-returning wrapped call and aborts after a few thousand
calls (`Fatal Python error: none_dealloc`). Lift the pin only when this
passes on the new version.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtWidgets import QApplication, QLabel

class Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0

    def columnCount(self, parent=QModelIndex()):
        return 0

    def data(self, index, role=0):
        return None


app = QApplication([])
label = QLabel()
model = Empty()
for i in range(50_000):
    label.setText("进度 %d" % i)
    label.setObjectName("label")
    label.isVisible()
    model.beginResetModel()
    model.endResetModel()
print("ok")
"""


def test_many_void_and_bool_calls_do_not_crash_the_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
