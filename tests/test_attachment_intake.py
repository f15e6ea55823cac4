"""A package's files received into the attachment store (app/store/attachment_intake.py): written in the pass that
checks their hashes, named in the store only by `keep`, nothing left behind by a refused package, an attachment the
store holds intact not written again (while a tampered copy of it is still refused), and a full disk said as such.

Packages are the container tests' own (tests/test_package_container.py: keys made in the test)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.domain.problems import IntegrityFailure
from app.environment import DiskFull
from app.exchange.package import open_package
from app.store.attachment_intake import Intake
from app.store.attachments import AttachmentStore
from tests.test_package_container import PHOTOS, TRUSTED, build, repack, sha_name


@pytest.fixture
def store(tmp_path) -> AttachmentStore:
    store = AttachmentStore(tmp_path / "store")
    store.require_folder()
    return store


def files_in(store: AttachmentStore) -> set[str]:
    return {str(p.relative_to(store.folder)) for p in store.folder.rglob("*") if p.is_file()}


def named(data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    return f"{sha[:2]}/{sha}"


def test_a_package_is_named_in_the_store_only_when_kept(store, tmp_path):
    package = build(tmp_path / "good.scpkg")
    with Intake(store) as intake:
        opened = open_package(package, TRUSTED, sink_for=intake.sink_for)
        assert opened.data["tasks"][0]["record"]["id"] == "task-1"
        assert not any("/" in name for name in files_in(store)), "an attachment was named before keep"
        assert Path(intake.files["report.pdf"]).read_bytes() == b"%PDF-1.7 signed record"  # for the importer's check
        listed = intake.attachments()
        assert [(f.sha256, f.size, f.already_stored) for f in listed] == sorted(
            (hashlib.sha256(p).hexdigest(), len(p), False) for p in PHOTOS)
        intake.keep()
        intake.keep()  # again: nothing more
    assert files_in(store) == {named(p) for p in PHOTOS}  # no temporary file, no report.pdf
    assert all(store.verify(hashlib.sha256(p).hexdigest()) for p in PHOTOS)


def test_a_package_left_without_keep_leaves_nothing(store, tmp_path):
    package = build(tmp_path / "good.scpkg")
    with Intake(store) as intake:
        open_package(package, TRUSTED, sink_for=intake.sink_for)
    assert files_in(store) == set()


def test_a_tampered_attachment_leaves_nothing_in_the_store(store, tmp_path):
    good = build(tmp_path / "good.scpkg")
    changed = bytearray(PHOTOS[1])
    changed[10] ^= 0x01
    bad = repack(good, tmp_path / "bad.scpkg", put={sha_name(PHOTOS[1]): bytes(changed)})
    with pytest.raises(IntegrityFailure) as info, Intake(store) as intake:
        open_package(bad, TRUSTED, sink_for=intake.sink_for)
    assert info.value.problems[0].file == sha_name(PHOTOS[1])
    assert files_in(store) == set()


def test_an_attachment_the_store_holds_is_not_written_again(store, tmp_path):
    held = store.add_bytes(PHOTOS[0])
    before = os.stat(store.path_of(held.sha256))
    package = build(tmp_path / "good.scpkg")
    with Intake(store) as intake:
        open_package(package, TRUSTED, sink_for=intake.sink_for)
        already = {f.sha256: f.already_stored for f in intake.attachments()}
        intake.keep()
    assert already == {held.sha256: True, hashlib.sha256(PHOTOS[1]).hexdigest(): False}
    after = os.stat(store.path_of(held.sha256))
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert files_in(store) == {named(p) for p in PHOTOS}


def test_a_tampered_copy_of_an_attachment_the_store_holds_is_still_refused(store, tmp_path):
    store.add_bytes(PHOTOS[0])
    good = build(tmp_path / "good.scpkg")
    changed = bytearray(PHOTOS[0])
    changed[10] ^= 0x01
    bad = repack(good, tmp_path / "bad.scpkg", put={sha_name(PHOTOS[0]): bytes(changed)})
    with pytest.raises(IntegrityFailure) as info, Intake(store) as intake:
        open_package(bad, TRUSTED, sink_for=intake.sink_for)
    assert info.value.problems[0].file == sha_name(PHOTOS[0]) and "SHA-256" in info.value.problems[0].expected
    assert files_in(store) == {named(PHOTOS[0])}


def test_a_stored_copy_damaged_on_disk_is_replaced_by_the_packages(store, tmp_path):
    held = store.add_bytes(PHOTOS[0])
    path = store.path_of(held.sha256)
    damaged = bytearray(path.read_bytes())
    damaged[5] ^= 0x01
    path.write_bytes(bytes(damaged))
    assert not store.verify(held.sha256)
    with Intake(store) as intake:
        open_package(build(tmp_path / "good.scpkg"), TRUSTED, sink_for=intake.sink_for)
        assert {f.sha256: f.already_stored for f in intake.attachments()}[held.sha256] is False
        intake.keep()
    assert store.verify(held.sha256)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to fill a disk")
def test_a_full_disk_while_an_attachment_is_written_is_said_as_such(store, tmp_path, monkeypatch):
    """Before, a write that failed in the pass that reads the package was worded as the package being unreadable
    (a removed USB stick); it is the disk the attachment goes to."""
    import app.store.attachment_intake as intake_module

    made = []

    def full_disk(prefix, suffix, dir):
        made.append(Path(dir) / f"{prefix}full{suffix}")
        return os.open("/dev/full", os.O_WRONLY), str(made[-1])

    monkeypatch.setattr(intake_module.tempfile, "mkstemp", full_disk)
    with pytest.raises(DiskFull), Intake(store) as intake:
        open_package(build(tmp_path / "good.scpkg"), TRUSTED, sink_for=intake.sink_for)
    assert made and files_in(store) == set()
