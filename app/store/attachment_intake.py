"""A package's files received into the attachment store (app/store/attachments.py): one pass, then kept durably.

Each file the package lists is read from the zip, hashed and written to a temporary file in the store's folder in
the same pass (`app.exchange.package.open_package(sink_for=intake.sink_for)`); as soon as its last byte is written,
its flush to disk (fsync) is handed to a pool of threads, so the disk writes it back while the next file is read and
the records are merged, and fsyncs that wait together are committed together by the file system (one disk flush,
not one each). Nothing gets a name in the store before the whole package was checked: `keep` — called by the
importer last in its transaction, before the commit — waits for those flushes, moves each new attachment under its
SHA-256 (`os.replace`), then fsyncs every folder that got a new name (the sub-folders, and the store's folder when
a sub-folder is new), all at once, after all the renames. Only then does the transaction that names the files
commit: a crash leaves either no row, or rows whose files are whole on disk under their names. A package refused
at any point leaves nothing: leaving the `with` block without `keep` removes every temporary file.

An attachment the store already holds, with the size the signed manifest gives and content that still hashes to
its name (re-read: a copy damaged on disk is replaced by the package's), is not written again; the package's bytes
are still read and hashed, so a tampered member is refused all the same. `sink_for` is only called once the
manifest's signature was checked, so the hash it is given is the signed one.

Other files the package carries (report.pdf) are written to temporary files too, for the importer to check (not
flushed: they are not kept), and removed with the rest.
"""

from __future__ import annotations

import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from app.store.attachments import TEMP_PREFIX, TEMP_SUFFIX, AttachmentStore, StoredFile, _fsync_dir

ATTACHMENTS = "attachments/"
FLUSHERS = 8  # fsyncs waited for at once: the file system commits them together (one disk flush, not one each)


class Intake:
    """`with Intake(store) as intake:` open the package with `sink_for=intake.sink_for`, check it, `keep()`."""

    def __init__(self, store: AttachmentStore):
        self.store = store
        self.files: dict[str, Path] = {}  # package path -> its temporary file (or the stored copy, if held)
        self.sizes: dict[str, int] = {}
        self._temps: dict[str, _Temporary] = {}

    def __enter__(self) -> "Intake":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def sink_for(self, entry):
        """Where the bytes of `entry` (an `app.exchange.package.FileEntry`, its hash signed) go: a temporary file,
        or None for an attachment the store holds intact already."""
        self.sizes[entry.path] = entry.size
        if entry.path.startswith(ATTACHMENTS):
            sha256 = entry.path.removeprefix(ATTACHMENTS)
            held = self.store.path_of(sha256)
            if _size(held) == entry.size and self.store.verify(sha256):
                self.files[entry.path] = held
                return None
        with _in_words(self.store.folder):
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.store.folder)
        temp = _Temporary(Path(name), os.fdopen(fd, "wb"), _flushers() if entry.path.startswith(ATTACHMENTS) else None)
        self._temps[entry.path] = temp
        self.files[entry.path] = temp.path
        return temp

    def attachments(self) -> list[StoredFile]:
        """The package's attachments (read whole by now), each with its media type (from its content) and whether
        the store held it already."""
        return [StoredFile(name.removeprefix(ATTACHMENTS), self.sizes[name], self.store.media_type(path), "",
                           already_stored=name not in self._temps)
                for name, path in sorted(self.files.items()) if name.startswith(ATTACHMENTS)]

    def keep(self) -> None:
        """Every new attachment durable under its name in the store (see the module docstring); again: nothing."""
        for temp in self._temps.values():
            temp.wait()
        folders = set()
        for name in sorted(n for n in self._temps if n.startswith(ATTACHMENTS)):
            temp, final = self._temps[name], self.store.path_of(name.removeprefix(ATTACHMENTS))
            with _in_words(final):
                try:
                    os.replace(temp.path, final)
                except FileNotFoundError:  # the sub-folder's first file
                    final.parent.mkdir(exist_ok=True)
                    folders.add(self.store.folder)  # the new sub-folder's own name
                    os.replace(temp.path, final)
            del self._temps[name]  # named now: no longer a temporary file to remove
            folders.add(final.parent)
            self.files[name] = final
        synced = [_flushers().submit(_fsync_dir, folder) for folder in sorted(folders)]
        for folder, done in zip(sorted(folders), synced):
            with _in_words(folder):
                done.result()

    def discard(self) -> None:
        """Remove every temporary file not kept (waiting for its flush first: Windows removes no open file)."""
        for temp in self._temps.values():
            temp.discard()
        self._temps.clear()


class _Temporary:
    """One file being received: written by the reader; once closed, flushed to disk in the background (`pool`),
    or only closed when it is not to be kept (report.pdf)."""

    def __init__(self, path: Path, file, pool: ThreadPoolExecutor | None):
        self.path, self.file, self.pool = path, file, pool
        self.synced: Future | None = None
        self.closed = False

    def write(self, chunk: bytes) -> int:
        with _in_words(self.path.parent):
            return self.file.write(chunk)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.pool is None:
            with _in_words(self.path.parent):
                self.file.close()
            return
        try:
            with _in_words(self.path.parent):
                self.file.flush()
        except BaseException:
            self.file.close()
            raise
        self.synced = self.pool.submit(_sync_and_close, self.file)

    def wait(self) -> None:
        """The file is on disk (its fsync done), or the machine's error in words."""
        self.close()
        if self.synced is not None:
            with _in_words(self.path.parent):
                self.synced.result()

    def discard(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.file.close()
            except OSError:
                pass  # the file goes anyway
        elif self.synced is not None:
            try:
                self.synced.result()
            except OSError:
                pass  # the file goes anyway
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # left for discard_stale_temporaries (a .incoming-*.tmp file)


_FLUSHERS: list[ThreadPoolExecutor] = []
_MAKING = threading.Lock()


def _flushers() -> ThreadPoolExecutor:
    """The threads that wait for fsyncs, shared by every intake of the process (made when first needed)."""
    with _MAKING:
        if not _FLUSHERS:
            _FLUSHERS.append(ThreadPoolExecutor(max_workers=FLUSHERS, thread_name_prefix="attachment-fsync"))
        return _FLUSHERS[0]


def _sync_and_close(file) -> None:
    try:
        os.fsync(file.fileno())
    finally:
        file.close()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


@contextmanager
def _in_words(path: Path):
    """A full disk, a read-only folder … raised in words (app/environment.py); any other OSError as it is."""
    try:
        yield
    except OSError as exc:
        from app.environment import explain

        environment = explain(exc, path)
        if environment is None:
            raise
        raise environment from exc
