"""The record as a document, end to end: the canonical record and its hash, exporting PDF and DOCX, signing
with the profile's key, and verifying what was signed — through the services and through `spotcheck report`."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from app.demo.data import build_demo
from app.domain.problems import InputRefused
from app.services.keys import create_key, export_certificate, import_certificate
from app.services.reporting import canonical_json, canonical_record, export, record_hash, verify
from app.services.task_view import list_tasks, task_record
from app.store.database import open_database
from tests.cli_helpers import run_cli

PASSPHRASE = "口令 correct horse 9"
PDFSIG = shutil.which("pdfsig")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo database whose profile (the lead) has a signing key; the ids of a signed task on the profile's
    team, of a signed task on another team (`off_team`), and of an on-site task."""
    folder = tmp_path_factory.mktemp("reporting")
    path = folder / "spotcheck.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    key = create_key(db, path, PASSPHRASE)
    signed_tasks = [task_record(db, t.id) for t in list_tasks(db) if t.status.value == "signed"]
    signed = next(r for r in signed_tasks if key.inspector_id in {m.inspector.id for m in r.members})
    off_team = next(r.id for r in signed_tasks if key.inspector_id not in {m.inspector.id for m in r.members})
    expert = next(m.inspector.id for m in signed.members if not m.officer)
    draft = next(t.id for t in list_tasks(db) if t.status.value == "on_site")
    db.close()
    return {"path": path, "folder": folder, "signed": signed.id, "off_team": off_team, "expert": expert,
            "draft": draft, "signer": key.inspector_name}


@pytest.fixture
def db(demo):
    database = open_database(demo["path"])
    yield database
    database.close()


@pytest.fixture(scope="module")
def signed_pdf(demo):
    db = open_database(demo["path"])
    out = demo["folder"] / "signed.pdf"
    result = export(db, demo["path"], demo["signed"], out, "pdf", PASSPHRASE)
    db.close()
    assert result["signed"] and not result["draft"]
    return out


# --- the canonical record ----------------------------------------------------------------------------

def test_the_record_hash_is_the_sha256_of_the_documented_canonical_json(db, demo):
    record = task_record(db, demo["signed"])
    data = record.to_json()
    for derived in ("warnings", "missing", "status"):  # docs/record-hash.md: what is left out
        data.pop(derived)
    by_hand = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert canonical_json(canonical_record(record)) == by_hand
    assert record_hash(record) == hashlib.sha256(by_hand).hexdigest()
    assert b", " not in by_hand[:200] and by_hand.decode("utf-8").isprintable()


def test_the_record_hash_is_stable_and_follows_every_recorded_change(db, demo):
    from app.services.recording import set_verdict

    task = demo["draft"]
    before = record_hash(task_record(db, task))
    assert record_hash(task_record(db, task)) == before
    set_verdict(db, task, 18, "problem", "未按要求参加能力验证，仅提供了计划表")
    assert record_hash(task_record(db, task)) != before


# --- exporting ----------------------------------------------------------------------------------------

def test_export_writes_pdf_and_docx_and_says_what_it_wrote(db, demo, tmp_path):
    pdf = export(db, demo["path"], demo["signed"], tmp_path / "r.pdf", "pdf")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert pdf["pages"] >= 4 and not pdf["signed"] and not pdf["draft"]
    assert pdf["record_sha256"] == record_hash(task_record(db, demo["signed"]))
    docx = export(db, demo["path"], demo["draft"], tmp_path / "r.docx", "docx")
    assert (tmp_path / "r.docx").read_bytes()[:2] == b"PK" and docx["draft"]


def test_export_into_a_missing_folder_is_refused(db, demo, tmp_path):
    with pytest.raises(InputRefused, match="不存在"):
        export(db, demo["path"], demo["signed"], tmp_path / "nowhere" / "r.pdf", "pdf")


def test_a_draft_cannot_be_digitally_signed(db, demo, tmp_path):
    with pytest.raises(InputRefused, match="草稿"):
        export(db, demo["path"], demo["draft"], tmp_path / "draft.pdf", "pdf", PASSPHRASE)
    assert not (tmp_path / "draft.pdf").exists()


def test_a_wrong_passphrase_is_refused_clearly_and_writes_nothing(db, demo, tmp_path):
    target = tmp_path / "signed.pdf"
    target.write_bytes(b"the earlier export")
    with pytest.raises(InputRefused, match="口令不正确"):
        export(db, demo["path"], demo["signed"], target, "pdf", "not the passphrase")
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["signed.pdf"]


def test_only_an_enforcement_officer_on_the_team_may_sign(db, demo, tmp_path):
    target = tmp_path / "off-team.pdf"
    with pytest.raises(InputRefused, match="不是检查任务 .* 检查组的成员") as refused:
        export(db, demo["path"], demo["off_team"], target, "pdf", PASSPHRASE)
    assert demo["signer"] in str(refused.value) and "执法人员" in str(refused.value)
    assert not target.exists()
    export(db, demo["path"], demo["off_team"], target, "pdf")  # an unsigned export of that record is still fine
    assert target.exists()


def test_a_technical_expert_on_the_team_may_not_sign(demo, tmp_path):
    from app.services.profile import set_profile

    copy = tmp_path / "expert.sqlite"
    shutil.copy(demo["path"], copy)
    db = open_database(copy)
    try:
        set_profile(db, demo["expert"])
        create_key(db, copy, PASSPHRASE)
        with pytest.raises(InputRefused, match="技术专家"):
            export(db, copy, demo["signed"], tmp_path / "expert.pdf", "pdf", PASSPHRASE)
    finally:
        db.close()
    assert not (tmp_path / "expert.pdf").exists()


# --- verifying ----------------------------------------------------------------------------------------

def test_the_signed_record_verifies_and_names_its_signer(db, demo, signed_pdf):
    result = verify(db, signed_pdf.read_bytes())
    assert result.ok and result.verdict == "confirmed"
    [check] = result.signatures
    assert check.trusted and check.intact and check.covers_whole_file and check.on_team
    assert check.inspector == check.signer == demo["signer"] and check.role == "leader"


def test_verify_compares_the_record_the_pdf_names_with_this_database(db, demo, signed_pdf):
    result = verify(db, signed_pdf.read_bytes())
    assert result.record == {"task": demo["signed"], "sha256": record_hash(task_record(db, demo["signed"])),
                             "in_database": True, "matches": True}
    assert any("一致" in m for m in result.messages)


def test_a_record_changed_after_the_export_is_record_changed_exit_3(demo, signed_pdf, tmp_path):
    from app.services.tasks import reopen

    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo["path"], copy)
    shutil.copytree(demo["path"].parent / f"{demo['path'].stem}-attachments",
                    tmp_path / f"{copy.stem}-attachments")
    db = open_database(copy)
    try:
        reopen(db, demo["signed"], "签名日期写错，重新签名")
        result = verify(db, signed_pdf.read_bytes())
        assert result.verdict == "record_changed" and not result.ok and result.record["matches"] is False
        assert result.signatures[0].ok  # the file is what its signer signed …
        assert any("不同" in m for m in result.messages)  # … but no longer the record in this database
    finally:
        db.close()
    run = run_cli(["--db", copy, "--json", "report", "verify", signed_pdf], tmp_path / "data")
    assert run.status == 3 and run.json["verdict"] == "record_changed", run
    assert any("重新打开" in m for m in run.json["messages"])


def test_a_record_changed_behind_the_log_is_not_blamed_on_a_reopening(demo, signed_pdf, tmp_path):
    # issue 7, item 7: a signed finding's verdict changed in its table, no audit entry, no reopening
    import sqlite3

    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo["path"], copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("UPDATE findings SET verdict = 'na' WHERE task_id = ? AND item = 1", [demo["signed"]])
    conn.close()
    run = run_cli(["--db", copy, "--json", "report", "verify", signed_pdf], tmp_path / "data")
    assert run.status == 3 and run.json["verdict"] == "record_changed", run
    said = " ".join(run.json["messages"])
    assert "Spotcheck 之外" in said and "findings.verdict" in said
    assert "重新打开" not in said


@pytest.mark.parametrize("where", [0.3, 0.6, 0.95])
def test_one_changed_byte_after_signing_fails(db, signed_pdf, where):
    data = bytearray(signed_pdf.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    result = verify(db, bytes(data))
    assert not result.ok and result.verdict in ("altered", "unreadable")


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.4\n%%EOF\n"])
def test_what_is_not_a_signed_pdf_is_not_confirmed(db, data):
    result = verify(db, data)
    assert not result.ok and result.messages and result.verdict in ("unreadable", "not_signed")


def test_an_unsigned_export_is_not_confirmed(db, demo, tmp_path):
    export(db, demo["path"], demo["signed"], tmp_path / "plain.pdf", "pdf")
    result = verify(db, (tmp_path / "plain.pdf").read_bytes())
    assert not result.ok and result.messages and result.verdict == "not_signed"


def test_another_database_trusts_the_signer_only_after_registering_the_certificate(demo, signed_pdf, tmp_path):
    lead_path = tmp_path / "lead.sqlite"
    lead = open_database(lead_path)
    build_demo(lead, seed=2025, institutions=40)  # the same registries, no key of the signer's registered
    try:
        before = verify(lead, signed_pdf.read_bytes())
        assert not before.ok and not before.signatures[0].trusted and before.record is None
        assert before.verdict == "unknown_signer"
        assert before.signatures[0].intact  # the file is unchanged; only its signer is unknown here
        export_certificate(demo["path"], tmp_path / "baihui.pem")
        inspector = lead.execute("select cert_no from inspectors where name = ?", [demo["signer"]]).fetchone()[0]
        import_certificate(lead, tmp_path / "baihui.pem", inspector)
        after = verify(lead, signed_pdf.read_bytes())
        assert after.ok and after.record["in_database"] is False and after.record["matches"] is None
        assert after.verdict == "not_in_this_database" and after.signatures[0].on_team is None
        assert any("无法核对签名人" in m for m in after.messages)
    finally:
        lead.close()
    run = run_cli(["--db", lead_path, "--json", "report", "verify", signed_pdf], tmp_path / "data")
    assert run.status == 0 and run.json["verdict"] == "not_in_this_database", run  # documented: exit 0


@pytest.mark.skipif(not PDFSIG, reason="poppler-utils (pdfsig) not installed")
def test_pdfsig_agrees_valid_and_then_invalid_after_a_change(signed_pdf, tmp_path):
    shown = subprocess.run(["pdfsig", str(signed_pdf)], capture_output=True, text=True, encoding="utf-8")
    assert "Signature is Valid" in shown.stdout, shown.stdout
    data = bytearray(signed_pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    (tmp_path / "t.pdf").write_bytes(bytes(data))
    tampered = subprocess.run(["pdfsig", str(tmp_path / "t.pdf")], capture_output=True, text=True, encoding="utf-8")
    assert "Signature is Valid" not in tampered.stdout


# --- the command line ---------------------------------------------------------------------------------

def _cli(demo, *args, **env):
    return run_cli(["--db", demo["path"], *args], demo["folder"] / "data", **env)


def test_cli_signs_with_the_passphrase_from_the_environment_and_verifies(demo, tmp_path):
    out = tmp_path / "record.pdf"
    run = _cli(demo, "--json", "report", "pdf", "--task", demo["signed"], "--out", out, "--sign",
               SPOTCHECK_PASSPHRASE=PASSPHRASE)
    assert run.status == 0, run
    assert run.json["signed"] is True and run.json["pages"] >= 4
    run = _cli(demo, "--json", "report", "verify", out)
    assert run.status == 0, run
    assert list(run.json)[0] == "verdict" and run.json["verdict"] == "confirmed"
    assert (run.json["signatures"][0]["inspector"], run.json["signatures"][0]["role"]) == (demo["signer"], "leader")
    run = _cli(demo, "report", "verify", out)
    assert run.status == 0 and "签名有效" in run.stdout and f"检查组组长 {demo['signer']}" in run.stdout


def test_cli_refuses_to_sign_for_someone_off_the_team(demo, tmp_path):
    run = _cli(demo, "report", "pdf", "--task", demo["off_team"], "--out", tmp_path / "r.pdf", "--sign",
               SPOTCHECK_PASSPHRASE=PASSPHRASE)
    assert run.status == 1, run
    assert "检查组" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_cli_reads_the_passphrase_from_a_file(demo, tmp_path):
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    run = _cli(demo, "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "r.pdf", "--sign",
               "--passphrase-file", secret)
    assert run.status == 0, run
    assert "已加数字签名" in run.stdout


def test_cli_never_takes_a_passphrase_as_an_argument(demo, tmp_path):
    run = _cli(demo, "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "r.pdf", "--sign",
               "--passphrase", PASSPHRASE)
    assert run.status == 1 and "口令不能写在命令行上" in run.stderr
    assert PASSPHRASE not in run.stderr + run.stdout
    assert not (tmp_path / "r.pdf").exists()


def test_cli_without_a_passphrase_says_where_to_give_one(demo, tmp_path):
    run = _cli(demo, "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "r.pdf", "--sign",
               SPOTCHECK_PASSPHRASE="")
    assert run.status != 0
    assert "SPOTCHECK_PASSPHRASE" in run.stderr and "Traceback" not in run.stderr


def test_cli_wrong_passphrase_is_refused_without_a_traceback(demo, tmp_path):
    run = _cli(demo, "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "r.pdf", "--sign",
               SPOTCHECK_PASSPHRASE="wrong passphrase")
    assert run.status != 0 and "口令不正确" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_cli_verify_exits_3_for_altered_unsigned_or_unreadable_files(demo, signed_pdf, tmp_path):
    data = bytearray(signed_pdf.read_bytes())
    data[len(data) // 3] ^= 0x01
    (tmp_path / "altered.pdf").write_bytes(bytes(data))
    (tmp_path / "garbage.pdf").write_bytes(b"\x00\x01 not a pdf")
    _cli(demo, "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "unsigned.pdf")
    for name, verdict in (("altered.pdf", "altered"), ("garbage.pdf", "unreadable"), ("unsigned.pdf", "not_signed")):
        run = _cli(demo, "--json", "report", "verify", tmp_path / name)
        assert run.status == 3, (name, run)
        assert run.json["verdict"] == verdict and "Traceback" not in run.stderr
    run = _cli(demo, "report", "verify", tmp_path / "missing.pdf")
    assert run.status != 0 and "无法读取" in run.stderr


def test_cli_docx_and_a_wrong_suffix(demo, tmp_path):
    run = _cli(demo, "--json", "report", "docx", "--task", demo["draft"], "--out", tmp_path / "r.docx")
    assert run.status == 0 and run.json["draft"] is True
    run = _cli(demo, "report", "docx", "--task", demo["draft"], "--out", tmp_path / "r.pdf")
    assert run.status != 0 and ".docx" in run.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_the_record_hash_can_be_recomputed_from_task_show_as_docs_record_hash_says(demo, tmp_path):
    shown = _cli(demo, "--json", "task", "show", demo["signed"])
    assert shown.status == 0, shown
    record = shown.json
    for derived in ("status", "warnings", "missing"):
        record.pop(derived, None)
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    exported = _cli(demo, "--json", "report", "pdf", "--task", demo["signed"], "--out", tmp_path / "r.pdf")
    assert exported.json["record_sha256"] == hashlib.sha256(canonical).hexdigest()


# --- the evidence the record prints (attack: a signed record without its photos) ---------------------


def _copy_with_attachments(demo, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo["path"], copy)
    shutil.copytree(demo["path"].parent / f"{demo['path'].stem}-attachments", tmp_path / "copy-attachments")
    for suffix in ("-signing-key.pem", "-signing-cert.pem"):
        shutil.copy(demo["path"].parent / f"{demo['path'].stem}{suffix}", tmp_path / f"copy{suffix}")
    return copy


@pytest.mark.parametrize("damage", ["folder moved away", "a photo replaced", "a signature image deleted"])
def test_a_record_whose_pictures_are_missing_or_swapped_is_never_exported_or_signed(demo, tmp_path, damage):
    copy = _copy_with_attachments(demo, tmp_path)
    folder = tmp_path / "copy-attachments"
    db = open_database(copy)
    record = task_record(db, demo["signed"])
    db.close()
    photo = record.photos[0].reduced_sha256
    signature = next(s.png_sha256 for s in record.signatures if s.png_sha256)
    if damage == "folder moved away":
        shutil.move(folder, tmp_path / "elsewhere")
    elif damage == "a photo replaced":
        (folder / photo[:2] / photo).write_bytes((folder / signature[:2] / signature).read_bytes())
    else:
        (folder / signature[:2] / signature).unlink()
    for fmt, extra in (("pdf", ["--sign"]), ("pdf", []), ("docx", [])):
        out = tmp_path / f"记录.{fmt}"
        run = run_cli(["--db", copy, "--json", "report", fmt, "--task", demo["signed"], "--out", out, *extra],
                      tmp_path / "data", SPOTCHECK_PASSPHRASE=PASSPHRASE)
        assert run.status == 3, run
        assert "附件" in run.json["error"]["message"] and run.json["error"]["problems"]
        assert not out.exists()
    audit = run_cli(["--db", copy, "--json", "audit", "verify"], tmp_path / "data")
    assert audit.status == 3 and audit.json["attachments"], audit
    expected = {"folder moved away": "missing", "a photo replaced": "changed", "a signature image deleted": "missing"}
    assert {a["kind"] for a in audit.json["attachments"]} == {expected[damage]}
