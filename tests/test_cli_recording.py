"""A whole inspection scripted through the command line (`app.cli.main` in-process), the way a team lead's
script would drive it: demo → task create → task session → record verdict ×18 → record blind-sample /
qualitative-sample / exam / photo / correct → task finish → record signature ×3 → task sign → task show /
task list → audit verify; then the exit statuses a script relies on (docs/cli.md, exit statuses: 0 success,
1 input refused, 2 usage error, 3 integrity check failed).

The inspection is run once for the module (`inspection`); tests that change the database work on a copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.domain import scoring
from app.paths import attachments_dir
from tests.cli_helpers import Run
from tests.recording_helpers import (
    STROKES_JSON,
    drop_triggers,
    jpeg_file,
    png_bytes,
    raw,
    restore_triggers,
    signature_of,
)

STATUSES = {"planned", "notified", "on_site", "recorded", "signed", "merged", "closed"}
PROBLEM_ITEM, NA_ITEM = 7, 4
# docs/rules.md (blind-sample scores) worked examples: (code, statistic options, expected score, rounded, judgement)
SAMPLES = [
    ("Z-1", ["--statistic", "z", "--assigned", "10.0", "--sigma-pt", "0.50", "--result", "10.6"],
     "1.2", "1.20", "satisfactory"),
    ("Z-2", ["--statistic", "z", "--assigned", "10.0", "--sigma-pt", "0.50", "--result", "11.2"],
     "2.4", "2.40", "questionable"),
    ("Z-3", ["--statistic", "z", "--assigned", "10.0", "--sigma-pt", "0.50", "--result", "8.4"],
     "-3.2", "-3.20", "unsatisfactory"),
    ("ZP-1", ["--statistic", "z_prime", "--assigned", "50.0", "--sigma-pt", "2.5", "--u-assigned", "0.9",
              "--result", "55.2"], None, "1.96", "satisfactory"),
    ("EN-1", ["--statistic", "En", "--assigned", "100.0", "--U-assigned", "1.0", "--result", "102.5",
              "--U-result", "2.0"], None, "1.12", "unsatisfactory"),
    ("EN-2", ["--statistic", "En", "--assigned", "100.0", "--U-assigned", "1.0", "--result", "101.8",
              "--U-result", "2.0"], None, "0.80", "satisfactory"),
    ("ZETA-1", ["--statistic", "zeta", "--assigned", "100.0", "--U-assigned", "1.0", "--result", "102.5",
                "--U-result", "2.0"], None, "2.24", "questionable"),
]
FLAG_TO_FIELD = {"--assigned": "assigned", "--sigma-pt": "sigma_pt", "--u-assigned": "u_assigned",
                 "--U-assigned": "U_assigned", "--result": "result", "--u-result": "u_result",
                 "--U-result": "U_result"}


def cli(args: list) -> Run:
    """`app.cli.main(ARGS)` in this process, stdout/stderr captured; SystemExit becomes the status."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Run(status, out.getvalue(), err.getvalue())


def ok(args: list) -> dict:
    run = cli(args)
    assert run.status == 0, run
    return run.json


def expected_score(options: list[str]) -> scoring.ScoreResult:
    values = dict(zip(options[::2], options[1::2]))
    return scoring.score(scoring.QuantitativeSample(values["--statistic"], **{
        FLAG_TO_FIELD[k]: v for k, v in values.items() if k in FLAG_TO_FIELD}))


@pytest.fixture(scope="module")
def inspection(tmp_path_factory):
    """The scripted inspection, every step's JSON kept; ends with a signed task and a clean audit verify."""
    folder = tmp_path_factory.mktemp("inspection")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPOTCHECK_DATA_DIR", str(folder / "data"))
        mp.delenv("SPOTCHECK_PROFILE", raising=False)
        yield _run_inspection(folder)


def _run_inspection(folder: Path) -> SimpleNamespace:
    db = folder / "inspection.sqlite"
    s = SimpleNamespace(db=db, folder=folder, steps={})
    base = ["--db", db]
    s.steps["demo"] = demo = ok([*base, "demo", "--institutions", 20, "--seed", 3, "--json"])
    lead = demo["profile_inspector_id"]
    people = ok([*base, "inspectors", "list", "--json"])["items"]
    avoided = {code for p in people for code in p["avoid"]}
    partner = next(p for p in people if p["department"] == "market" and p["cert_no"] and not p["avoid"]
                   and p["id"] != lead)
    institution = next(i for i in ok([*base, "institutions", "list", "--json"])["items"]
                       if i["credit_code"] not in avoided)
    s.lead, s.partner, s.institution = lead, partner, institution

    s.steps["create"] = created = ok([*base, "task", "create", "--institution", institution["credit_code"],
                                      "--inspector", lead, "--inspector", partner["cert_no"], "--date", "2025-10-10",
                                      "--json"])
    s.task = task = created["id"]
    t = ["--task", task]
    s.steps["session"] = ok([*base, "task", "session", *t, "--notified-at", "2025-10-09T09:00",
                             "--started-at", "2025-10-10T08:30", "--ended-at", "2025-10-10T11:45",
                             "--place", "机构实验室", "--credentials-shown", "--recusal-answer", "不申请回避",
                             "--statement", "以上记录已阅，与事实相符", "--json"])
    for officer in (lead, partner["cert_no"]):  # each officer shows the enforcement certificate
        ok([*base, "task", "credentials", *t, "--inspector", officer, "--json"])
    s.verdicts = []
    for item in range(1, 19):
        if item == PROBLEM_ITEM:
            extra = ["--verdict", "problem", "--description", "抽查的 3 份报告无授权签字人签名"]
        elif item == NA_ITEM:
            extra = ["--verdict", "na"]
        else:
            extra = ["--verdict", "no_problem"]
        s.verdicts.append(ok([*base, "record", "verdict", *t, "--item", item, *extra, "--json"]))
    s.samples = {code: ok([*base, "record", "blind-sample", *t, "--code", code, "--parameter", "铅",
                           "--unit", "mg/kg", "--matrix", "土壤", "--method", "GB/T 17141-1997", *options, "--json"])
                 for code, options, *_ in SAMPLES}
    s.steps["qualitative"] = ok([*base, "record", "qualitative-sample", *t, "--code", "Q-1", "--parameter",
                                 "沙门氏菌", "--expected", "检出", "--result", "阳性", "--json"])
    s.steps["exam"] = ok([*base, "record", "exam", *t, "--signatory", "赵工", "--field", "水质检测",
                          "--form", "written", "--score", "85", "--pass-mark", "60", "--json"])
    s.photo = jpeg_file(folder / "证据.jpg", size=(1800, 1200))
    s.steps["photo"] = ok([*base, "record", "photo", *t, "--item", PROBLEM_ITEM, "--caption", "报告缺签名",
                           s.photo, "--json"])
    s.address = "山西省大同市平城区新建南路 8 号（现场核实）"
    s.steps["correct"] = ok([*base, "record", "correct", *t, "--field", "address", "--value", s.address, "--json"])
    s.steps["finish"] = ok([*base, "task", "finish", *t, "--json"])

    signature = folder / "signature.png"
    signature.write_bytes(png_bytes())
    strokes = folder / "strokes.json"
    strokes.write_text(STROKES_JSON, encoding="utf-8")
    s.signature_png = signature
    s.signatures = [ok([*base, "record", "signature", *t, "--inspector", lead, "--image", signature,
                        "--strokes", strokes, "--json"])]
    partner_png, partner_strokes = signature_of(1)  # each signs with their own hand
    (folder / "partner.png").write_bytes(partner_png)
    (folder / "partner.json").write_text(partner_strokes, encoding="utf-8")
    s.signatures.append(ok([*base, "record", "signature", *t, "--inspector", partner["id"], "--image",
                            folder / "partner.png", "--strokes", folder / "partner.json", "--json"]))
    s.signatures.append(ok([*base, "record", "signature", *t, "--representative", "王经理", "--title", "质量负责人",
                            "--refused", "--reason", "对第 7 项结论有异议", "--witness", "李见证", "--witness",
                            "张见证", "--json"]))
    s.steps["sign"] = ok([*base, "task", "sign", *t, "--json"])
    s.steps["show"] = ok([*base, "task", "show", task, "--json"])
    s.steps["list"] = ok([*base, "task", "list", "--json"])
    s.steps["verify"] = cli([*base, "audit", "verify", "--json"])
    return s


def copy_of(s: SimpleNamespace, tmp_path: Path) -> Path:
    """The inspection's database (and its attachments) copied, to change without touching the others."""
    target = tmp_path / "copy.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(s.db) + suffix)
        if source.exists():
            shutil.copyfile(source, str(target) + suffix)
    shutil.copytree(attachments_dir(s.db), attachments_dir(target))
    return target


# --- the inspection, step by step ------------------------------------------------------------------


def test_the_task_is_created_with_two_market_officers(inspection):
    created = inspection.steps["create"]
    assert created["status"] == "planned"
    assert created["institution"]["credit_code"] == inspection.institution["credit_code"]
    assert [(m["id"], m["role"], m["officer"]) for m in created["team"]] == [
        (inspection.lead, "leader", True), (inspection.partner["id"], "member", True)]
    assert [f["verdict"] for f in created["findings"]] == ["not_checked"] * 18
    assert created["checklist_version"] == "2025"
    assert created["session"]["planned_date"] == "2025-10-10"


def test_the_session_puts_the_task_on_site_within_the_notice_window(inspection):
    session = inspection.steps["session"]
    assert session["status"] == "on_site"
    assert session["warnings"] == []
    assert session["changed"] == sorted(["notified_at", "started_at", "ended_at", "place", "credentials_shown",
                                         "recusal_answer", "party_statement", "status"])
    assert session["session"]["notified_at"] == "2025-10-09T09:00"
    assert session["session"]["credentials_shown"] == 1


def test_each_verdict_is_recorded(inspection):
    assert [v["item"] for v in inspection.verdicts] == list(range(1, 19))
    for v in inspection.verdicts:
        assert v["task"] == inspection.task
        expected = {PROBLEM_ITEM: ["description", "verdict"]}.get(v["item"], ["verdict"])
        assert v["changed"] == expected


@pytest.mark.parametrize("code,options,score,rounded,judgement", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_blind_samples_print_score_rounded_and_judgement(inspection, code, options, score, rounded, judgement):
    printed = inspection.samples[code]
    expected = expected_score(options)
    assert printed["code"] == code and printed["task"] == inspection.task and printed["id"]
    assert printed["statistic"] == options[1]
    assert printed["score"] == format(expected.score, "f")
    if score is not None:
        assert printed["score"] == score
    assert printed["rounded"] == rounded == format(expected.rounded, "f")
    assert printed["judgement"] == judgement == expected.judgement.value
    assert printed["details"] == expected.to_json()


def test_the_worked_examples_from_the_brief(inspection):
    assert (inspection.samples["Z-2"]["rounded"], inspection.samples["Z-2"]["judgement"]) == ("2.40", "questionable")
    assert (inspection.samples["EN-1"]["rounded"], inspection.samples["EN-1"]["judgement"]) == (
        "1.12", "unsatisfactory")


def test_qualitative_sample_exam_photo_and_correction(inspection):
    qualitative = inspection.steps["qualitative"]
    assert (qualitative["statistic"], qualitative["score"], qualitative["rounded"], qualitative["judgement"]) == (
        "qualitative", None, None, "satisfactory")
    assert qualitative["details"]["compared"] == ["positive", "positive"]
    exam = inspection.steps["exam"]
    assert (exam["signatory"], exam["form"], exam["score"], exam["pass_mark"], exam["result"]) == (
        "赵工", "written", "85", "60", "pass")
    photo = inspection.steps["photo"]
    assert photo["sha256"] == hashlib.sha256(inspection.photo.read_bytes()).hexdigest()
    assert photo["item"] == PROBLEM_ITEM and photo["caption"] == "报告缺签名"
    folder = attachments_dir(inspection.db)
    for sha in (photo["sha256"], photo["reduced_sha256"]):
        assert (folder / sha[:2] / sha).is_file()
    assert inspection.steps["correct"] == {"task": inspection.task, "field": "address", "changed": True}


def test_finish_sign_and_the_signatures(inspection):
    assert inspection.steps["finish"]["status"] == "recorded"
    assert len(inspection.steps["finish"]["missing"]) == 2  # both kinds of signature still to come
    assert [s["refused"] for s in inspection.signatures] == [False, False, True]
    assert [s["task"] for s in inspection.signatures] == [inspection.task] * 3
    signed = inspection.steps["sign"]
    assert signed["status"] == "signed"
    assert signed["session"]["signed_at"]
    assert signed["missing"] == []


def test_task_show_has_every_part_of_the_signed_record(inspection):
    shown = inspection.steps["show"]
    assert shown["id"] == inspection.task and shown["status"] == "signed"
    assert shown["institution"]["corrections"] == {
        "address": {"original": shown["institution"]["corrections"]["address"]["original"],
                    "value": inspection.address}}
    assert shown["institution"]["corrections"]["address"]["original"] != inspection.address
    assert len(shown["team"]) == 2
    assert shown["session"]["place"] == "机构实验室" and shown["session"]["ended_at"] == "2025-10-10T11:45"
    verdicts = {f["item"]: (f["verdict"], f["description"]) for f in shown["findings"]}
    assert len(verdicts) == 18
    assert verdicts[PROBLEM_ITEM] == ("problem", "抽查的 3 份报告无授权签字人签名")
    assert verdicts[NA_ITEM] == ("na", "")
    assert sum(1 for v, _ in verdicts.values() if v == "no_problem") == 16
    assert [b["code"] for b in shown["blind_samples"]] == [s[0] for s in SAMPLES] + ["Q-1"]
    assert all(b["judgement"] for b in shown["blind_samples"])
    assert [e["result"] for e in shown["exams"]] == ["pass"]
    assert [p["id"] for p in shown["photos"]] == [inspection.steps["photo"]["id"]]
    sigs = shown["signatures"]
    png_sha = hashlib.sha256(inspection.signature_png.read_bytes()).hexdigest()
    partner_sha = hashlib.sha256((inspection.folder / "partner.png").read_bytes()).hexdigest()
    assert [(s["signer"], s["inspector_id"], s["png_sha256"], s["refused"]) for s in sigs] == [
        ("inspector", inspection.lead, png_sha, 0), ("inspector", inspection.partner["id"], partner_sha, 0),
        ("representative", None, None, 1)]
    assert sigs[2]["name"] == "王经理" and sigs[2]["role"] == "质量负责人"
    # a team member's role is the service's words, as the window stores it (issue 8)
    assert sigs[1]["role"] == f"检查人员（执法证号 {inspection.partner['cert_no']}）"
    assert sigs[2]["refusal_reason"] == "对第 7 项结论有异议" and sigs[2]["witnesses"] == ["李见证", "张见证"]
    assert shown["warnings"] == [] and shown["missing"] == []


def test_task_list_items_have_id_and_status(inspection):
    items = inspection.steps["list"]["items"]
    assert items and all(isinstance(i["id"], str) and i["status"] in STATUSES for i in items)
    ours = [i for i in items if i["id"] == inspection.task]
    assert len(ours) == 1 and ours[0]["status"] == "signed"
    assert ours[0]["checked"] == 18 and ours[0]["problems"] == 1 and ours[0]["items"] == 18


def test_audit_verify_is_clean_after_the_whole_inspection(inspection):
    run = inspection.steps["verify"]
    assert run.status == 0, run
    assert run.json["ok"] is True and run.json["breaks"] == []
    assert run.json["entries"] > 21 + 18 + len(SAMPLES)


def test_status_filter_of_task_list(inspection):
    signed = ok(["--db", inspection.db, "task", "list", "--status", "signed", "--json"])["items"]
    assert inspection.task in {i["id"] for i in signed}
    assert {i["status"] for i in signed} == {"signed"}


def test_text_output_without_json(inspection):
    run = cli(["--db", inspection.db, "task", "show", inspection.task])
    assert run.status == 0, run
    assert inspection.task in run.stdout and "已签署" in run.stdout
    assert "发现问题：抽查的 3 份报告无授权签字人签名" in run.stdout


# --- exit statuses -------------------------------------------------------------------------------


def _audit_entries(path: Path) -> int:
    conn = raw(path)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def test_recording_on_a_signed_task_is_refused_with_exit_1(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    before = _audit_entries(db)
    for args in (["record", "verdict", "--task", inspection.task, "--item", 1, "--verdict", "problem",
                  "--description", "后补"],
                 ["record", "blind-sample", "--task", inspection.task, "--code", "X", "--parameter", "p", "--unit",
                  "u", "--statistic", "z", "--assigned", "1", "--sigma-pt", "1", "--result", "1"],
                 ["record", "correct", "--task", inspection.task, "--field", "address", "--value", "又改"],
                 ["task", "session", "--task", inspection.task, "--notes", "后补"]):
        run = cli(["--db", db, *args, "--json"])
        assert run.status == 1, run
        assert run.json["error"]["code"] == "input_refused"
        assert run.json["error"]["problems"]
    assert _audit_entries(db) == before
    run = cli(["--db", db, "record", "verdict", "--task", inspection.task, "--item", 1, "--verdict", "problem"])
    assert run.status == 1 and run.stdout == "" and "重新打开" in run.stderr


def test_reopen_then_record_again(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    reopened = ok(["--db", db, "task", "reopen", "--task", inspection.task, "--reason", "补充证据", "--json"])
    assert reopened["status"] == "on_site" and reopened["signatures"] == []
    ok(["--db", db, "record", "verdict", "--task", inspection.task, "--item", 1, "--verdict", "na", "--json"])
    assert ok(["--db", db, "audit", "verify", "--json"])["ok"] is True


@pytest.mark.parametrize("args", [
    ["record", "verdict", "--task", "no-such-task", "--item", 1, "--verdict", "na"],
    ["task", "show", "no-such-task"],
    ["task", "finish", "--task", "no-such-task"],
    ["record", "exam", "--task", "no-such-task", "--signatory", "a", "--field", "b", "--form", "oral",
     "--score", "1", "--pass-mark", "1"],
])
def test_an_unknown_task_is_not_found_with_exit_1(inspection, args):
    run = cli(["--db", inspection.db, *args, "--json"])
    assert run.status == 1, run
    assert run.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("args", [
    ["record", "verdict", "--task", "t", "--item", 1],  # --verdict missing
    ["record", "verdict", "--task", "t", "--item", 1, "--verdict", "maybe"],
    ["record", "verdict", "--task", "t", "--item", "one", "--verdict", "na"],
    ["record", "blind-sample", "--task", "t", "--code", "c", "--parameter", "p", "--unit", "u", "--statistic", "t",
     "--assigned", "1", "--result", "1"],
    ["record", "signature", "--task", "t", "--inspector", "a", "--representative", "b"],
    ["record", "exam", "--task", "t", "--signatory", "a", "--field", "b", "--form", "essay", "--score", "1",
     "--pass-mark", "1"],
    ["task", "create", "--inspector", "x"],
    ["task"],
    ["record", "bogus"],
])
def test_usage_errors_exit_2(inspection, args):
    run = cli(["--db", inspection.db, *args, "--json"])
    assert run.status == 2, run
    assert run.json["error"]["code"] == "usage"
    run = cli(["--db", inspection.db, *args])
    assert run.status == 2 and run.stdout == "" and "usage" in run.stderr


def test_audit_verify_after_tampering_exits_3(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    drop_triggers(db)
    conn = raw(db)
    target = conn.execute("SELECT id FROM audit_log WHERE task_id = ? AND field = 'verdict' ORDER BY id LIMIT 1",
                          [inspection.task]).fetchone()[0]
    conn.execute("UPDATE audit_log SET new_value = 'problem' WHERE id = ? AND new_value != 'problem'", [target])
    assert conn.total_changes == 1
    conn.close()
    restore_triggers(db)
    run = cli(["--db", db, "audit", "verify", "--json"])
    assert run.status == 3, run
    assert run.json["ok"] is False
    assert {"entry_id": target, "kind": "edited"}.items() <= run.json["breaks"][0].items()
    text = cli(["--db", db, "audit", "verify"])
    assert text.status == 3 and "哈希链断裂" in text.stdout


def test_audit_verify_after_a_deleted_entry_exits_3(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    drop_triggers(db)
    conn = raw(db)
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    conn.close()
    restore_triggers(db)
    run = cli(["--db", db, "audit", "verify", "--json"])
    assert run.status == 3 and run.json["ok"] is False and run.json["breaks"][0]["kind"] == "missing"


def test_a_notice_given_too_early_is_warned_about(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    created = ok(["--db", db, "task", "create", "--institution", inspection.institution["credit_code"],
                  "--inspector", inspection.lead, "--inspector", inspection.partner["id"], "--json"])
    session = ok(["--db", db, "task", "session", "--task", created["id"], "--notified-at", "2025-10-08T08:00",
                  "--started-at", "2025-10-09 09:00", "--json"])
    assert session["status"] == "on_site"
    assert len(session["warnings"]) == 1 and "超过24小时" in session["warnings"][0]
    shown = ok(["--db", db, "task", "show", created["id"], "--json"])
    assert shown["warnings"] == session["warnings"]


def test_times_with_and_without_an_offset_do_not_crash_the_command_line(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    created = ok(["--db", db, "task", "create", "--institution", inspection.institution["credit_code"],
                  "--inspector", inspection.lead, "--inspector", inspection.partner["id"], "--json"])
    run = cli(["--db", db, "task", "session", "--task", created["id"], "--notified-at", "2025-10-09T09:00+08:00",
               "--started-at", "2025-10-10T08:00", "--json"])
    assert run.status in (0, 1)
    assert cli(["--db", db, "task", "show", created["id"], "--json"]).status == 0


def test_the_same_officer_twice_on_the_command_line_is_no_traceback(inspection, tmp_path):
    db = copy_of(inspection, tmp_path)
    lead_cert = next(p["cert_no"] for p in ok(["--db", db, "inspectors", "list", "--json"])["items"]
                     if p["id"] == inspection.lead)
    run = cli(["--db", db, "task", "create", "--institution", inspection.institution["credit_code"],
               "--inspector", inspection.lead, "--inspector", lead_cert, "--inspector", inspection.partner["id"],
               "--json"])
    assert run.status in (0, 1)


@pytest.mark.parametrize("args", [["task", "session", "--task", "t", "--notified-at", "yesterday"],
                                  ["task", "create", "--institution", "x", "--inspector", "y", "--date", "2025-13-01"]])
def test_a_malformed_time_or_date_is_a_clean_error(inspection, args):
    run = cli(["--db", inspection.db, *args, "--json"])
    assert run.status in (1, 2)
    assert run.json["error"]["code"] in ("usage", "input_refused")


def test_the_signed_time_is_a_moment_with_its_offset(inspection):
    signed_at = datetime.fromisoformat(inspection.steps["show"]["session"]["signed_at"])
    assert signed_at.tzinfo is not None


def test_recording_a_blind_sample_again_by_its_code_corrects_it_and_remove_deletes_it(capsys, tmp_path):
    from tests.cli_helpers import call_main

    db = tmp_path / "again.sqlite"
    assert call_main(capsys, ["--db", db, "demo", "--institutions", "20", "--json"]).status == 0
    listed = call_main(capsys, ["--db", db, "task", "list", "--status", "on_site", "--json"]).json["items"]
    task = listed[0]["id"]
    base = ["--db", db, "record", "blind-sample", "--task", task, "--code", "AGAIN-1", "--parameter", "铅",
            "--unit", "mg/kg", "--statistic", "z", "--assigned", "10", "--sigma-pt", "0.5", "--json"]
    first = call_main(capsys, base + ["--result", "11.2"]).json
    second = call_main(capsys, base + ["--result", "10.6"]).json
    assert second["id"] == first["id"] and second["replaced"] is True
    assert (second["rounded"], second["judgement"]) == ("1.20", "satisfactory")
    shown = call_main(capsys, ["--db", db, "task", "show", task, "--json"]).json
    assert [s["code"] for s in shown["blind_samples"]].count("AGAIN-1") == 1
    removed = call_main(capsys, ["--db", db, "record", "remove", "--task", task, "--sample", "AGAIN-1", "--json"])
    assert removed.status == 0
    shown = call_main(capsys, ["--db", db, "task", "show", task, "--json"]).json
    assert "AGAIN-1" not in [s["code"] for s in shown["blind_samples"]]
    blank = call_main(capsys, ["--db", db, "record", "qualitative-sample", "--task", task, "--code", "Q-BLANK",
                               "--parameter", "沙门氏菌", "--expected", "检出", "--result", " ", "--json"])
    assert blank.status == 1 and blank.json["error"]["code"] == "input_refused"


def test_a_profile_whose_inspector_is_not_in_the_registry_cannot_record(inspection, tmp_path):
    # issue 7, item 8: edits are never written under an unknown author
    db = copy_of(inspection, tmp_path)
    conn = raw(db)
    conn.execute("UPDATE profile SET value = 'no-such-inspector' WHERE key = 'inspector_id'")
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.close()
    run = cli(["--db", db, "task", "create", "--institution", inspection.institution["credit_code"],
               "--inspector", inspection.lead, "--inspector", inspection.partner["id"], "--json"])
    assert run.status == 1, run
    error = run.json["error"]
    assert "no-such-inspector" in error["message"] and "profile set --inspector" in error["message"]
    assert "使用人和角色" in error["message"]
    conn = raw(db)
    try:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    finally:
        conn.close()
