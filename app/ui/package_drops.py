"""Dropping .scpkg packages on the window or the inbox page (kept small: the main window imports it at start)."""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".scpkg"  # as app.services.packages.SUFFIX; a test keeps the two the same


def package_paths(mime) -> list[Path]:
    """The local .scpkg files among dropped URLs."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == SUFFIX]


class AcceptsPackages:
    """Drag and drop of .scpkg files onto a widget (the inbox page, the whole window): other files are ignored;
    the widget says what to do with them in `packages_dropped`."""

    def packages_dropped(self, paths: list[Path]) -> None:
        raise AttributeError

    def dragEnterEvent(self, event) -> None:
        if package_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = package_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.packages_dropped(paths)
