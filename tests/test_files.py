"""Writing files atomically: the old file or the new one survives, never half of one; sensible permissions."""

import os
import stat
import sys

import pytest

from app.files import replacing, write_atomically


def test_the_new_content_replaces_the_old(tmp_path):
    target = tmp_path / "record.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["record.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "registry.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with replacing(target) as temp:
            temp.write_bytes(b"half of it")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["registry.xlsx"]


def test_a_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with replacing(tmp_path / "new.pdf"):
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_shared_files_are_readable_by_others_and_private_ones_only_by_their_owner(tmp_path):
    write_atomically(tmp_path / "report.pdf", b"x")
    write_atomically(tmp_path / "key.pem", b"x", private=True)
    assert stat.S_IMODE(os.stat(tmp_path / "report.pdf").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "key.pem").st_mode) == 0o600
