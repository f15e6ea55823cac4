"""No input crashes the command line (issue 7, items 13–16): every bad picture, number, correction, time or
output folder is a clear refusal, exit 1, the database unchanged — never exit 4, never a traceback, never a hang.

The scripted inspection of tests/test_cli_recording.py is run once for this module; each test works on a copy.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import cli_env
from tests.recording_helpers import REPO_ROOT, png_header_only, raw, signature_of
from tests.test_cli_recording import _run_inspection, cli, copy_of, ok


@pytest.fixture(scope="module")
def inspection(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPOTCHECK_DATA_DIR", str(folder / "data"))
        mp.delenv("SPOTCHECK_PROFILE", raising=False)
        yield _run_inspection(folder)


def audit_entries(db: Path) -> int:
    conn = raw(db)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def editable(inspection, tmp_path):
    """A copy of the inspection's database whose task is open again (on site)."""
    db = copy_of(inspection, tmp_path)
    ok(["--db", db, "task", "reopen", "--task", inspection.task, "--reason", "补充", "--json"])
    return db


@pytest.fixture
def recorded(editable, inspection):
    """A copy whose task is finished again and waits for (new) signatures."""
    ok(["--db", editable, "task", "finish", "--task", inspection.task, "--json"])
    return editable


def refused_cleanly(db: Path, args: list) -> dict:
    """Run with --json; the refusal must be exit 1 with one JSON error naming a problem, nothing written."""
    before = audit_entries(db)
    run = cli(["--db", db, *args, "--json"])
    assert run.status == 1, run
    assert "Traceback" not in run.stderr
    error = run.json["error"]
    assert error["code"] in ("input_refused", "read_only", "disk_full", "not_found"), error
    assert audit_entries(db) == before
    return error


SAMPLE = ["record", "blind-sample", "--code", "N-1", "--parameter", "铅", "--unit", "mg/kg", "--statistic", "z",
          "--assigned", "10", "--sigma-pt", "0.5"]


# --- 14. numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("result,stored", [
    (["--result", "-1.2E-3"], "-0.0012"),  # argparse would take -1.2E-3 for an option
    (["--result=-1.2E-3"], "-0.0012"),
    (["--result", "-12"], "-12"),
    (["--result", "１２．５"], "12.5"),
    (["--result", "－３"], "-3"),
])
def test_numbers_the_command_line_accepts(editable, inspection, result, stored):
    printed = ok(["--db", editable, *SAMPLE, "--task", inspection.task, *result, "--json"])
    assert printed["details"]["inputs"]["result"] == stored


def test_a_negative_exponent_is_accepted_for_every_number_option(editable, inspection):
    printed = ok(["--db", editable, "record", "blind-sample", "--task", inspection.task, "--code", "N-2",
                  "--parameter", "铅", "--unit", "mg/kg", "--statistic", "z", "--assigned", "-1E1",
                  "--sigma-pt", "5E-1", "--result", "-1.1E1", "--json"])
    assert (printed["rounded"], printed["judgement"]) == ("-2.00", "satisfactory")
    exam = ok(["--db", editable, "record", "exam", "--task", inspection.task, "--signatory", "赵工", "--field", "水质",
               "--form", "oral", "--score", "-1E0", "--pass-mark", "6E1", "--json"])
    assert (exam["score"], exam["pass_mark"], exam["result"]) == ("-1", "60", "fail")


@pytest.mark.parametrize("value,words", [
    ("1E999999999", "1E-30"),
    ("1E100000000", "1E-30"),
    ("0 5", "空格"),
    ("12,5", "逗号"),
    ("1,250.5", "逗号"),
    ("abc", "数字"),
    ("NaN", "数字"),
])
def test_numbers_the_command_line_refuses(editable, inspection, value, words):
    error = refused_cleanly(editable, [*SAMPLE, "--task", inspection.task, "--result", value])
    problem = error["problems"][0]
    assert problem["column"] == "result" and problem["value"] == value and words in problem["expected"]
    assert "实验室结果" in error["message"]
    shown = ok(["--db", editable, "task", "show", inspection.task, "--json"])
    assert "N-1" not in [s["code"] for s in shown["blind_samples"]]


# --- 13. pictures -------------------------------------------------------------------------------------


def test_a_decompression_bomb_photo_is_refused(editable, inspection, tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(20_000, 20_000))
    error = refused_cleanly(editable, ["record", "photo", "--task", inspection.task, bomb])
    assert "bomb.png" in error["message"] and "像素" in error["problems"][0]["expected"]


def test_a_folder_given_as_a_photo_is_refused(editable, inspection, tmp_path):
    error = refused_cleanly(editable, ["record", "photo", "--task", inspection.task, tmp_path])
    assert "文件夹" in error["message"]


def run_with_timeout(args: list, data_dir: Path, seconds: float = 60):
    """`python -m app ARGS` in a subprocess that must finish within `seconds` (a FIFO must not block)."""
    done = subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=REPO_ROOT, env=cli_env(data_dir),
                          capture_output=True, text=True, encoding="utf-8", timeout=seconds)
    return done


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("option", ["photo", "--image", "--strokes"])
def test_a_fifo_given_as_a_file_is_refused_without_blocking(editable, recorded_copy_for_fifo, inspection,
                                                             tmp_path, option):
    fifo = tmp_path / ("pipe.png" if option != "--strokes" else "pipe.json")
    os.mkfifo(fifo)
    if option == "photo":
        db, args = editable, ["record", "photo", "--task", inspection.task, fifo]
    else:
        png, strokes = signature_of(7)
        other = tmp_path / ("s.json" if option == "--image" else "s.png")
        other.write_bytes(strokes.encode() if option == "--image" else png)
        given = {option: fifo, ("--strokes" if option == "--image" else "--image"): other}
        db = recorded_copy_for_fifo
        args = ["record", "signature", "--task", inspection.task, "--representative", "王经理",
                *[x for pair in given.items() for x in pair]]
    before = audit_entries(db)
    done = run_with_timeout(["--db", db, *args, "--json"], tmp_path / "data")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "pipe" in json.loads(done.stdout)["error"]["message"]
    assert audit_entries(db) == before


@pytest.fixture
def recorded_copy_for_fifo(inspection, tmp_path):
    db = tmp_path / "fifo" / "copy.sqlite"
    db.parent.mkdir()
    db = copy_of(inspection, db.parent)
    ok(["--db", db, "task", "reopen", "--task", inspection.task, "--reason", "补充", "--json"])
    ok(["--db", db, "task", "finish", "--task", inspection.task, "--json"])
    return db


def test_a_folder_given_as_a_signature_image_is_refused(recorded, inspection, tmp_path):
    error = refused_cleanly(recorded, ["record", "signature", "--task", inspection.task, "--representative", "王经理",
                                       "--image", tmp_path])
    assert "文件夹" in error["message"]


@pytest.mark.parametrize("strokes", [
    '{"strokes": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"width": 600, "height": 200, "strokes": [[[NaN, 1, 0, 0.5], [Infinity, 2, 3, 0.5]]]}',
    '{"width": 600, "height": 200, "strokes": [[["a", 1, 0, 0.5]]]}',
])
def test_bad_strokes_are_refused(recorded, inspection, tmp_path, strokes):
    png, _ = signature_of(5)
    (tmp_path / "s.png").write_bytes(png)
    (tmp_path / "s.json").write_text(strokes, encoding="utf-8")
    error = refused_cleanly(recorded, ["record", "signature", "--task", inspection.task, "--representative", "王经理",
                                       "--image", tmp_path / "s.png", "--strokes", tmp_path / "s.json"])
    assert error["problems"][0]["column"] == "strokes"


def test_a_blank_or_bomb_signature_image_is_refused(recorded, inspection, tmp_path):
    from PIL import Image

    Image.new("RGB", (600, 200), "white").save(tmp_path / "blank.png")
    (tmp_path / "bomb.png").write_bytes(png_header_only(10_000, 10_000))
    for name in ("blank.png", "bomb.png"):
        error = refused_cleanly(recorded, ["record", "signature", "--task", inspection.task, "--representative",
                                           "王经理", "--image", tmp_path / name])
        assert error["problems"][0]["column"] == "image"
        assert name in error["message"] + str(error["problems"][0]["value"]) + str(error["problems"][0]["file"])


def test_the_same_signature_for_two_people_is_refused(recorded, inspection, tmp_path):
    png, strokes = signature_of(3)
    (tmp_path / "s.png").write_bytes(png)
    ok(["--db", recorded, "record", "signature", "--task", inspection.task, "--inspector", inspection.lead,
        "--image", tmp_path / "s.png", "--json"])
    error = refused_cleanly(recorded, ["record", "signature", "--task", inspection.task, "--inspector",
                                       inspection.partner["id"], "--image", tmp_path / "s.png"])
    assert error["problems"][0]["column"] == "image"


# --- 15. corrections and the visit's times ---------------------------------------------------------------


@pytest.mark.parametrize("field,value", [("credit_code", "91350100M000100Y44"), ("cma_expires_on", "20301010"),
                                         ("cma_approved_on", "2030-02-30")])
def test_corrections_are_checked(editable, inspection, field, value):
    error = refused_cleanly(editable, ["record", "correct", "--task", inspection.task, "--field", field,
                                       "--value", value])
    assert error["problems"][0]["column"] == field


def test_an_end_before_the_start_is_refused(editable, inspection):
    error = refused_cleanly(editable, ["task", "session", "--task", inspection.task, "--started-at",
                                       "2025-10-10T09:00", "--ended-at", "2025-10-10T08:00"])
    assert error["problems"][0]["column"] == "ended_at"


@pytest.mark.parametrize("option,value", [
    ("--started-at", "9999-12-31T23:59-23:59"),  # shifting to local time would leave the calendar
    ("--notified-at", "0001-01-01T00:00+23:59"),
    ("--started-at", "2025-10-10T25:00"),
    ("--ended-at", "明天下午"),
])
def test_times_that_are_no_real_time_are_usage_errors_never_a_crash(editable, inspection, option, value):
    before = audit_entries(editable)
    run = cli(["--db", editable, "task", "session", "--task", inspection.task, option, value, "--json"])
    assert run.status == 2, run
    assert "Traceback" not in run.stderr and "1900–2999" in run.json["error"]["message"]
    assert audit_entries(editable) == before


def test_times_and_dates_typed_with_a_chinese_input_method_are_read(editable, inspection):
    run = cli(["--db", editable, "task", "session", "--task", inspection.task,
               "--started-at", "２０２５－１０－１０ ０９：００", "--ended-at", "２０２５－１０－１０Ｔ１１：３０", "--json"])
    assert run.status == 0, run
    shown = cli(["--db", editable, "task", "show", inspection.task, "--json"]).json
    assert (shown["session"]["started_at"], shown["session"]["ended_at"]) == ("2025-10-10T09:00", "2025-10-10T11:30")


def test_task_visit_is_the_command_and_task_session_its_earlier_name(editable, inspection):
    run = cli(["--db", editable, "task", "visit", "--task", inspection.task, "--place", "检测楼三层", "--json"])
    assert run.status == 0 and run.json["changed"] == ["place"] and run.json["session"]["place"] == "检测楼三层"
    again = cli(["--db", editable, "task", "session", "--task", inspection.task, "--place", "检测楼三层", "--json"])
    assert again.status == 0 and again.json["changed"] == []


# --- 16. --out where no file can be made ----------------------------------------------------------------


@pytest.mark.parametrize("command", [["report", "pdf"], ["report", "docx"]])
def test_a_report_into_a_missing_folder_is_refused(inspection, tmp_path, command):
    out = tmp_path / "no-such-folder" / f"record.{command[1]}"
    run = cli(["--db", inspection.db, *command, "--task", inspection.task, "--out", out, "--json"])
    assert run.status == 1, run
    assert "no-such-folder" in run.json["error"]["message"]


def _unwritable(monkeypatch, error_number: int) -> None:
    """Any temporary file in any folder fails as a read-only (or vanished) folder makes it fail."""
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise OSError(error_number, os.strerror(error_number), str(Path(dir or ".") / ".~tmpXYZ.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


@pytest.mark.parametrize("command,suffix", [(["report", "pdf", "--task", "{task}"], "pdf"),
                                            (["report", "docx", "--task", "{task}"], "docx"),
                                            (["institutions", "export"], "xlsx"),
                                            (["inspectors", "export"], "xlsx")])
@pytest.mark.parametrize("error_number,code", [(errno.EACCES, "read_only"), (errno.EROFS, "read_only"),
                                               (errno.ENOSPC, "disk_full"), (errno.ENOENT, "read_only")])
def test_an_export_where_no_temporary_file_can_be_made_is_refused(inspection, tmp_path, monkeypatch, command,
                                                                 suffix, error_number, code):
    out = tmp_path / f"export.{suffix}"
    args = [a.replace("{task}", inspection.task) for a in command]
    args = [*args, "--out", out] if command[0] == "report" else [*args, out]
    _unwritable(monkeypatch, error_number)
    run = cli(["--db", inspection.db, *args, "--json"])
    assert run.status == 1, run
    assert run.json["error"]["code"] == code
    message = run.json["error"]["message"]
    assert str(tmp_path) in message and ".tmp" not in message
    assert not out.exists()


def test_a_key_export_under_a_file_instead_of_a_folder_is_refused(inspection, tmp_path, monkeypatch):
    db = copy_of(inspection, tmp_path)
    monkeypatch.setenv("SPOTCHECK_PASSPHRASE", "correct horse 电池 staple")
    ok(["--db", db, "key", "create", "--json"])
    (tmp_path / "a-file").write_bytes(b"")
    run = cli(["--db", db, "key", "export", "--out", tmp_path / "a-file" / "keys" / "cert.pem", "--json"])
    assert run.status == 1, run
    assert "a-file" in run.json["error"]["message"]
    exported = ok(["--db", db, "key", "export", "--out", tmp_path / "new-folder" / "cert.pem", "--json"])
    assert Path(exported["key"]["certificate_path"]).is_file()  # a missing folder is still made for a key


def test_a_photo_with_damaged_exif_is_stored_without_library_warnings_on_the_terminal(editable, inspection, tmp_path):
    # found by attack: Pillow's UserWarning with a site-packages path was printed to stderr
    from PIL import Image

    good = tmp_path / "good.jpg"
    exif = Image.Exif()
    exif[0x0112] = 8
    Image.new("RGB", (100, 50), (0, 200, 0)).save(good, exif=exif)
    raw = good.read_bytes()
    at = raw.find(b"Exif\0\0")
    damaged = tmp_path / "badexif.jpg"
    damaged.write_bytes(raw[:at + 6] + b"MM\0\x2a\xff\xff\xff\xff" + raw[at + 14:])  # IFD offset 0xffffffff
    from tests.cli_helpers import run_cli

    run = run_cli(["--db", editable, "record", "photo", "--task", inspection.task, damaged], tmp_path / "data")
    assert run.status == 0, run
    assert "Warning" not in run.stderr and "site-packages" not in run.stderr, run.stderr
