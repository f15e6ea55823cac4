"""Running long work off the UI thread, with a progress dialog that can cancel it.

A job is a plain function `fn(progress, cancelled)` from the services layer:
it reports `progress(done, total, message)` and checks `cancelled()`. This
module is the one place that turns that into Qt signals. Work that needs the
database opens its own connection inside `fn` (connections are per thread).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.problems import Cancelled


class _Worker(QThread):
    progressed = Signal(int, int, str)
    done = Signal(object, object)  # result, exception

    def __init__(self, fn: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self._cancel.is_set)
        except BaseException as exc:  # handed to the UI thread, which shows it in words
            exc.__traceback_text__ = traceback.format_exc()
            self.done.emit(None, exc)
        else:
            self.done.emit(result, None)


class Job(QObject):
    """One running job and its progress dialog. Emits `finished(result, error)` on the UI thread."""

    finished = Signal(object, object)

    def __init__(self, parent: QWidget, title: str, fn: Callable, *, show_after_ms: int = 400):
        super().__init__(parent)
        self.was_cancelled = False
        self.dialog = QProgressDialog(title, self.tr("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.disconnect()  # don't hide on cancel: stay until the worker has rolled back
        self.dialog.canceled.connect(self.cancel)
        self.worker = _Worker(fn, self)
        self.worker.progressed.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self._show_timer = QTimer(self, singleShot=True, interval=show_after_ms)
        self._show_timer.timeout.connect(self.dialog.show)
        QCoreApplication.instance().aboutToQuit.connect(self._stop_for_quit)

    def _stop_for_quit(self) -> None:
        """The application is quitting (its window was closed while the job ran): stop the job where it checks
        `cancelled()` (an import between two packages, each merged whole or not at all) and wait for it, so the
        process never ends under a running thread (which Qt answers with an abort)."""
        if self.worker.isRunning():
            self.was_cancelled = True
            self.worker.cancel()
            self.worker.wait()

    def start(self) -> "Job":
        self._show_timer.start()
        self.worker.start()
        return self

    def cancel(self) -> None:
        self.was_cancelled = True
        self.dialog.setLabelText(self.tr("正在取消…"))
        self.dialog.setCancelButton(None)
        self.worker.cancel()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.was_cancelled:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(message)

    def _on_done(self, result, error) -> None:
        self._show_timer.stop()
        self.worker.wait()
        self.dialog.hide()
        self.dialog.deleteLater()
        if isinstance(error, Cancelled):
            self.was_cancelled = True
            error = None
        self.finished.emit(result, error)
        self.deleteLater()


class Quiet(QObject):
    """Work off the UI thread with no dialog (a check the user need not wait for)."""

    finished = Signal(object, object)  # result, error

    def __init__(self, parent: QObject, fn: Callable):
        super().__init__(parent)
        self.worker = _Worker(lambda progress, cancelled: fn(), self)
        self.worker.done.connect(self._on_done)

    def _on_done(self, result, error) -> None:
        self.worker.wait()
        self.finished.emit(result, error)


def run_quietly(parent: QObject, fn: Callable, on_finished: Callable[[object, BaseException | None], None]) -> Quiet:
    quiet = Quiet(parent, fn)
    quiet.finished.connect(on_finished)
    quiet.worker.start()
    return quiet


def start_job(parent: QWidget, title: str, fn: Callable,
              on_finished: Callable[[object, BaseException | None, bool], None]) -> Job:
    """Run `fn(progress, cancelled)` on a worker; call `on_finished(result, error, cancelled)` on the UI thread."""
    job = Job(parent, title, fn)
    job.finished.connect(lambda result, error: on_finished(result, error, job.was_cancelled))
    return job.start()


def on_own_connection(db_path, use: Callable):
    """A job function that opens its own connection to `db_path` for `use(db)` (a connection belongs to the
    thread that made it) and closes it afterwards."""
    def work(progress, cancelled):
        from app.services.storage import connect

        db = connect(db_path)
        try:
            return use(db)
        finally:
            db.close()
    return work
