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


# --- where no file can be made (issue 7, item 16) --------------------------------------------------------


def test_a_missing_folder_is_refused_naming_the_folder(tmp_path):
    from app.domain.problems import InputRefused

    with pytest.raises(InputRefused) as caught:
        write_atomically(tmp_path / "missing" / "record.pdf", b"x")
    assert str(tmp_path / "missing") in caught.value.message
    assert caught.value.problems[0].value == str(tmp_path / "missing")
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_the_folder_should_be_is_refused(tmp_path):
    from app.domain.problems import InputRefused

    (tmp_path / "not-a-folder").write_bytes(b"")
    with pytest.raises(InputRefused):
        write_atomically(tmp_path / "not-a-folder" / "record.pdf", b"x")


@pytest.mark.parametrize("error_number,kind", [("EACCES", "ReadOnly"), ("EROFS", "ReadOnly"),
                                               ("ENOSPC", "DiskFull"), ("ENOENT", "ReadOnly")])
def test_a_folder_that_takes_no_temporary_file_is_an_environment_error_naming_the_target(
        tmp_path, monkeypatch, error_number, kind):
    import errno
    import tempfile

    from app import environment

    number = getattr(errno, error_number)

    def refuse(*args, dir=None, **kwargs):
        raise OSError(number, os.strerror(number), os.path.join(dir, ".~recordabc.pdf.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(getattr(environment, kind)) as caught:
        write_atomically(tmp_path / "record.pdf", b"x")
    assert str(tmp_path) in caught.value.message and ".tmp" not in caught.value.message


def test_a_full_disk_while_writing_leaves_nothing_and_says_so(tmp_path):
    import errno

    from app.environment import DiskFull

    with pytest.raises(DiskFull) as caught:
        with replacing(tmp_path / "registry.xlsx") as temp:
            temp.write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device", str(temp))
    assert "registry.xlsx" in caught.value.message or str(tmp_path) in caught.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX permissions; root ignores them")
def test_a_read_only_folder_is_refused_as_read_only(tmp_path):
    from app.environment import ReadOnly

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnly) as caught:
            write_atomically(folder / "record.pdf", b"x")
        assert str(folder) in caught.value.message
    finally:
        folder.chmod(0o755)


def test_a_programming_error_inside_the_block_is_not_disguised(tmp_path):
    with pytest.raises(ValueError):
        with replacing(tmp_path / "x.pdf"):
            raise ValueError("a bug")
