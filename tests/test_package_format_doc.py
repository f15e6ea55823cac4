"""docs/package-format.md is enough for another system to read and write `.scpkg` (issue 10).

The reader and writer below were written from the document alone — zipfile, hashlib, json and `cryptography`
(ECDSA P-256), nothing from app/exchange. They read packages the app made and check every field the document
names; a findings package they write, signed with a key the lead registered with `key import`, is merged.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from tests.cli_helpers import call_main

LEAD = "口令 of the lead 2025"
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
STAMP = re.compile(r"(\d{13})-(\d{5})-(.+)\Z")  # wall_ms-counter-device (the document's `hlc`)
MANIFEST_FIELDS = {"format_version", "kind", "package_id", "created_at", "author", "device_id", "task_ids",
                   "audit_head", "files", "encryption"}
EDIT_FIELDS = {"entity": str, "entity_id": str, "field": str, "hlc": str, "author": str, "device": str,
               "task_id": str, "bases": list}
ENTITIES = {"task", "finding", "blind_sample", "exam", "photo", "signature", "correction", "member", "attendee"}
AUDIT_FIELDS = ("id", "at", "author", "device", "hlc", "action", "entity", "entity_id", "task_id", "field",
                "old_value", "new_value")
DEVICE = "external-system-7"
INSTITUTION_COLUMNS = {"id", "name", "credit_code", "category", "address", "district", "authorized_name",
                       "cma_cert_no", "cma_issuer", "cma_approved_on", "cma_expires_on", "legal_rep", "legal_rep_phone",
                       "contact", "contact_phone", "top_manager", "top_manager_phone", "tech_lead", "signatories",
                       "risk_class", "flag_complaint", "flag_pt_no_show", "flag_stats_missed", "eco_owned",
                       "allocated_year", "notes"}
INSPECTOR_COLUMNS = {"id", "name", "department", "level", "unit", "cert_no", "phone", "districts", "expertise",
                     "avoid", "active", "notes"}


# --- the independent implementation ------------------------------------------------------------------------


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def new_identity(name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=3))
            .not_valid_after(now + datetime.timedelta(days=365)).sign(key, hashes.SHA256()))
    return key, cert


def audit_hash(entry: dict, prev_hash: str) -> str:
    """The document's hash of an audit entry: SHA-256 of the canonical JSON of its fields and `prev_hash`."""
    body = {name: entry[name] for name in AUDIT_FIELDS} | {"prev_hash": prev_hash}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_for(key_cert, *, author_id, author_name, task_ids, members, **changes) -> dict:
    manifest = {
        "format_version": 1, "kind": "findings", "package_id": str(uuid.uuid4()),
        "created_at": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "author": {"inspector_id": author_id, "key_fingerprint": fingerprint(key_cert[1]), "name": author_name},
        "device_id": DEVICE, "task_ids": list(task_ids), "audit_head": None,
        "files": [{"path": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in members],
        "encryption": None}
    manifest.update(changes)
    return manifest


def write_package(path: Path, key_cert, data: dict, attachments, *, author_id, author_name, task_ids,
                  manifest_changes=None, sign=None) -> Path:
    """A findings package: data.json deflated, attachments stored, then the manifest (compact, unsorted: the
    document leaves the formatting free) and the DER signature over its bytes."""
    members = [("data.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))]
    members += [(f"attachments/{hashlib.sha256(b).hexdigest()}", b) for b in attachments]
    manifest = manifest_for(key_cert, author_id=author_id, author_name=author_name, task_ids=task_ids,
                            members=members, **(manifest_changes or {}))
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    signature = (sign or (lambda b: key_cert[0].sign(b, ec.ECDSA(hashes.SHA256()))))(manifest_bytes)
    with zipfile.ZipFile(path, "w") as z:
        for name, content in members:
            z.writestr(name, content, compress_type=zipfile.ZIP_STORED if name.startswith("attachments/")
                       else zipfile.ZIP_DEFLATED)
        z.writestr("manifest.json", manifest_bytes)
        z.writestr("signature", signature)
    return path


def read_package(path: Path, certificate: x509.Certificate):
    """Every check of 'Reading: the checks, in order' that needs no database; returns (manifest, data,
    attachments by SHA-256). Fails an assertion where the package breaks the document."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert len(set(names)) == len(names)
        for info in infos:
            name = info.filename
            assert name in ("manifest.json", "signature", "data.json", "report.pdf", "attachments/") or (
                name.startswith("attachments/") and HEX64.match(name.removeprefix("attachments/"))), name
            assert not info.flag_bits & 1 and info.compress_type in (0, 8)
            if name.startswith("attachments/") or name == "report.pdf":
                assert info.compress_type == zipfile.ZIP_STORED, name
            mode = info.external_attr >> 16
            assert mode & 0o170000 in (0, 0o100000) or name == "attachments/", (name, oct(mode))
        manifest_bytes, signature = z.read("manifest.json"), z.read("signature")
        assert len(signature) <= 256
        certificate.public_key().verify(signature, manifest_bytes, ec.ECDSA(hashes.SHA256()))  # DER, over the bytes
        m = json.loads(manifest_bytes.decode("utf-8"))
        assert MANIFEST_FIELDS <= set(m) <= MANIFEST_FIELDS | {"extensions"}
        assert type(m["format_version"]) is int and m["format_version"] == 1 and m["encryption"] is None
        assert m["kind"] in ("assignment", "findings")
        assert uuid.UUID(m["package_id"]).version == 4
        assert datetime.datetime.fromisoformat(m["created_at"]).utcoffset() is not None
        assert set(m["author"]) == {"inspector_id", "key_fingerprint", "name"}
        assert uuid.UUID(m["author"]["inspector_id"]) and m["author"]["key_fingerprint"] == fingerprint(certificate)
        assert isinstance(m["author"]["name"], str) and isinstance(m["device_id"], str)
        assert m["task_ids"] and all(uuid.UUID(t) for t in m["task_ids"])
        if m["audit_head"] is not None:
            assert set(m["audit_head"]) == {"entry_id", "hash"} and type(m["audit_head"]["entry_id"]) is int
            assert HEX64.match(m["audit_head"]["hash"])
        listed = [f["path"] for f in m["files"]]
        assert len(set(listed)) == len(listed) and "data.json" in listed
        assert set(listed) == set(names) - {"manifest.json", "signature", "attachments/"}
        attachments = {}
        for f in m["files"]:
            assert set(f) == {"path", "sha256", "size"} and type(f["size"]) is int and HEX64.match(f["sha256"])
            content = z.read(f["path"])  # zipfile checks the CRC
            assert z.getinfo(f["path"]).file_size == f["size"] == len(content)
            assert hashlib.sha256(content).hexdigest() == f["sha256"]
            if f["path"].startswith("attachments/"):
                assert f["path"] == "attachments/" + f["sha256"]
                attachments[f["sha256"]] = content
        data = json.loads(z.read("data.json").decode("utf-8"))
    check_data(m, data, attachments)
    return m, data, attachments, manifest_bytes, signature, infos


def named_files(record: dict) -> set[str]:
    named = {p[k] for p in record["photos"] for k in ("sha256", "reduced_sha256") if p.get(k)}
    return named | {s["png_sha256"] for s in record["signatures"] if s.get("png_sha256")}


def check_data(manifest: dict, data: dict, attachments: dict) -> None:
    """data.json as the document describes it."""
    assert set(data) == ({"tasks", "assignment"} if manifest["kind"] == "assignment" else {"tasks"})
    assert sorted(t["record"]["id"] for t in data["tasks"]) == sorted(manifest["task_ids"])
    for task in data["tasks"]:
        assert set(task) == {"record", "audit", "edits"}
        record = task["record"]
        for member in ("status", "warnings", "missing", "team", "session", "findings", "blind_samples", "exams",
                       "photos", "signatures", "institution"):
            assert member in record, member
        assert named_files(record) <= set(attachments)
        for e in task["edits"]:
            assert set(e) == set(EDIT_FIELDS) | {"value"}, e
            assert all(isinstance(e[k], t) for k, t in EDIT_FIELDS.items()) and all(isinstance(b, str) for b in e["bases"])
            assert e["value"] is None or isinstance(e["value"], str), e
            assert e["entity"] in ENTITIES and e["task_id"] == record["id"]
            match = STAMP.match(e["hlc"])
            assert match and match.group(3) == e["device"], e["hlc"]
            if e["entity"] in ("member", "correction"):
                assert e["entity_id"].startswith(record["id"] + "/")
        previous = None
        for entry in task["audit"]:  # oldest first; each hash recomputable from the document's rule
            assert set(entry) == set(AUDIT_FIELDS) | {"prev_hash", "hash"}
            assert audit_hash(entry, entry["prev_hash"]) == entry["hash"], entry["id"]
            assert type(entry["id"]) is int and (previous is None or entry["id"] > previous)
            assert datetime.datetime.fromisoformat(entry["at"]).utcoffset() is not None
            previous = entry["id"]
    entries = [e for t in data["tasks"] for e in t["audit"]]
    if entries:
        last = max(entries, key=lambda e: e["id"])
        assert manifest["audit_head"] == {"entry_id": last["id"], "hash": last["hash"]}
    else:
        assert manifest["audit_head"] is None
    if manifest["kind"] == "assignment":
        a = data["assignment"]
        assert set(a) == {"institutions", "inspectors", "certificates", "organ"}
        for c in a["certificates"]:
            assert set(c) == {"inspector_id", "fingerprint", "certificate", "subject", "not_before", "not_after",
                              "retired_at"}
            assert fingerprint(x509.load_pem_x509_certificate(c["certificate"].encode())) == c["fingerprint"]
            for moment in ("not_before", "not_after"):
                assert datetime.datetime.fromisoformat(c[moment]).utcoffset() is not None
            assert c["retired_at"] is None or datetime.datetime.fromisoformat(c["retired_at"]).utcoffset() is not None
        for row in a["institutions"]:
            assert INSTITUTION_COLUMNS <= set(row) <= INSTITUTION_COLUMNS | {"name_key", "search_text"}, set(row)
            assert uuid.UUID(row["id"]) and re.fullmatch(r"[0-9A-Z]{18}", row["credit_code"])
            for column in ("cma_approved_on", "cma_expires_on"):
                assert row[column] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[column])
            assert all(row[c] in (0, 1) for c in ("flag_complaint", "flag_pt_no_show", "flag_stats_missed",
                                                  "eco_owned"))
            assert isinstance(json.loads(row["signatories"]), list)
        for row in a["inspectors"]:
            assert set(row) == INSPECTOR_COLUMNS and uuid.UUID(row["id"]) and row["active"] in (0, 1)
            assert all(isinstance(json.loads(row[c]), list) for c in ("districts", "expertise", "avoid"))
        assert {"name", "short_name", "document_prefix", "joint", "legal_basis", "plan_notice", "notice_prefix",
                "result_prefix"} <= set(a["organ"]) and isinstance(a["organ"]["joint"], list)


def heads(edits: list[dict], entity_id: str, field: str) -> list[str]:
    """The stamps of a field's versions that no edit supersedes (its current value's bases)."""
    versions = [e for e in edits if e["entity_id"] == entity_id and e["field"] == field]
    superseded = {b for e in versions for b in e["bases"]}
    return [e["hlc"] for e in versions if e["hlc"] not in superseded]


# --- the app's side: the lead's database ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The lead's demo database with the lead's key; an on-site task; the lead's assignment package of it; and
    an outside system's key, registered (as `key import` does) under a team member."""
    from app.demo.data import build_demo
    from app.services.keys import create_key, import_certificate
    from app.services.packages import export_assignment, export_findings
    from app.services.task_view import list_tasks, task_record
    from app.store.database import open_database

    folder = tmp_path_factory.mktemp("format-doc")
    lead = folder / "lead.sqlite"
    db = open_database(lead)
    build_demo(db, seed=2025, institutions=40, db_path=lead)
    key = create_key(db, lead, LEAD)
    task = next(r for r in (task_record(db, t.id) for t in list_tasks(db) if t.status.value == "on_site"))
    member = next(m.inspector for m in task.members if m.inspector.id != key.inspector_id)
    outside = new_identity(member.name)
    (folder / "outside.pem").write_bytes(outside[1].public_bytes(serialization.Encoding.PEM))
    import_certificate(db, folder / "outside.pem", member.id)
    export_assignment(db, lead, folder / "assign.scpkg", LEAD, task_ids=[task.id])
    export_findings(db, lead, task.id, folder / "findings.scpkg", LEAD)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    lead_cert = x509.load_pem_x509_certificate((folder / "lead-signing-cert.pem").read_bytes())
    return {"folder": folder, "lead": lead, "task": task.id, "member": member, "outside": outside,
            "lead_cert": lead_cert}


@pytest.fixture
def lead_copy(world, tmp_path):
    """A fresh copy of the lead's database and attachments for a test that imports."""
    shutil.copy(world["lead"], tmp_path / "lead.sqlite")
    shutil.copytree(world["folder"] / "lead-attachments", tmp_path / "lead-attachments")
    return tmp_path / "lead.sqlite"


def findings_from_assignment(world, verdict="problem", description="外部系统记录：报告未加盖资质认定标志",
                             record_verdict=None):
    """What an outside system sends back after reading the assignment: item 12's verdict and description, on
    top of the versions the assignment carried, with the record and every file it names."""
    _, data, attachments, *_ = read_package(world["folder"] / "assign.scpkg", world["lead_cert"])
    (task,) = data["tasks"]
    edits = task["edits"]
    finding = next(e["entity_id"] for e in edits if e["entity"] == "finding" and e["field"] == "item"
                   and e["value"] == "12")
    wall = int(time.time() * 1000)
    member = world["member"]

    def edit(field, value, counter):
        return {"entity": "finding", "entity_id": finding, "field": field, "value": value,
                "hlc": f"{wall:013d}-{counter:05d}-{DEVICE}", "author": member.id, "device": DEVICE,
                "task_id": task["record"]["id"], "bases": heads(edits, finding, field)}

    record = dict(task["record"])
    record["findings"] = [dict(f, verdict=record_verdict or verdict, description=description) if f["item"] == 12
                          else f for f in record["findings"]]
    new = [edit("verdict", verdict, 0), edit("description", description, 1)]
    return {"tasks": [{"record": record, "audit": [], "edits": new}]}, list(attachments.values()), finding


def write_findings(world, path: Path, data, attachments, **kw) -> Path:
    member = world["member"]
    return write_package(path, world["outside"], data, attachments, author_id=member.id, author_name=member.name,
                         task_ids=[world["task"]], **kw)


def item(capsys, db: Path, task: str, number: int) -> dict:
    shown = call_main(capsys, ["--db", db, "task", "show", task, "--json"])
    return next(f for f in shown.json["findings"] if f["item"] == number)


def digest(capsys, db: Path) -> str:
    return call_main(capsys, ["--db", db, "digest", "--json"]).json["sha256"]


# --- reading what the app wrote -----------------------------------------------------------------------------


def test_the_independent_reader_checks_the_apps_assignment_field_by_field(world):
    manifest, data, attachments, *_ = read_package(world["folder"] / "assign.scpkg", world["lead_cert"])
    assert manifest["kind"] == "assignment" and manifest["task_ids"] == [world["task"]]
    lead_fp = fingerprint(world["lead_cert"])
    carried = {c["fingerprint"] for c in data["assignment"]["certificates"]}
    assert lead_fp in carried and fingerprint(world["outside"][1]) in carried  # the lead's and the team's keys
    assert {r["id"] for r in data["assignment"]["inspectors"]} >= {world["member"].id}
    assert attachments  # the on-site task's photos travel with it


def test_the_independent_reader_checks_the_apps_findings_package_and_its_layout(world):
    path = world["folder"] / "findings.scpkg"
    manifest, data, _, manifest_bytes, signature, infos = read_package(path, world["lead_cert"])
    assert manifest["kind"] == "findings"
    # "Spotcheck writes sorted keys, one-space indent, UTF-8 without escaping"
    assert manifest_bytes == json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
    # the signature is DER (SEQUENCE of two INTEGERs), not raw r||s
    r, s = decode_dss_signature(signature)
    assert signature[0] == 0x30 and 0 < r and 0 < s
    # "data.json, the attachments in hash order, report.pdf, manifest.json, signature", dated 1980-01-01 00:00
    names = [i.filename for i in infos]
    attachments = [n for n in names if n.startswith("attachments/")]
    assert names == ["data.json", *sorted(attachments), *(["report.pdf"] if "report.pdf" in names else []),
                     "manifest.json", "signature"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    # the audit head is the last of the author device's entries, and the chain links where entries are adjacent
    own = [e for e in data["tasks"][0]["audit"] if e["device"] == manifest["device_id"]]
    for before, after in zip(own, own[1:]):
        if after["id"] == before["id"] + 1:
            assert after["prev_hash"] == before["hash"]


# --- writing what the app reads -------------------------------------------------------------------------------


def test_findings_written_from_the_document_alone_are_merged(world, lead_copy, capsys, tmp_path):
    data, attachments, _ = findings_from_assignment(world)
    package = write_findings(world, tmp_path / "outside.scpkg", data, attachments)
    assert call_main(capsys, ["--db", lead_copy, "package", "verify", package, "--json"]).status == 0
    run = call_main(capsys, ["--db", lead_copy, "package", "import", package, "--json"])
    assert run.status == 0, run
    (result,) = run.json["items"]
    assert result["verdict"] == "merged" and result["new_edits"] == 2 and result["conflicts"] == 0
    assert item(capsys, lead_copy, world["task"], 12) == {"item": 12, "verdict": "problem",
                                                          "description": "外部系统记录：报告未加盖资质认定标志"}
    assert call_main(capsys, ["--db", lead_copy, "audit", "verify", "--json"]).json["ok"] is True
    again = call_main(capsys, ["--db", lead_copy, "package", "import", package, "--json"])
    assert again.status == 0 and again.json["items"][0]["verdict"] == "already"


def test_audit_entries_hashed_as_the_document_says_are_kept_and_a_wrong_hash_is_refused(world, lead_copy, capsys,
                                                                                         tmp_path):
    data, attachments, finding = findings_from_assignment(world)
    entries, prev = [], "0" * 64
    for n, e in enumerate(data["tasks"][0]["edits"], start=1):
        entry = {"id": n, "at": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
                 "author": e["author"], "device": DEVICE, "hlc": e["hlc"], "action": "update", "entity": "finding",
                 "entity_id": finding, "task_id": e["task_id"], "field": e["field"], "old_value": None,
                 "new_value": e["value"], "prev_hash": prev}
        entry["hash"] = prev = audit_hash(entry, prev)
        entries.append(entry)
    forged = json.loads(json.dumps(data))
    forged["tasks"][0]["audit"] = [dict(entries[0], new_value="no_problem"), entries[1]]  # hash no longer covers it
    before = digest(capsys, lead_copy)
    bad = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "bad.scpkg", forged, attachments), "--json"])
    assert bad.status == 3 and bad.json["items"][0]["verdict"] == "refused"
    assert digest(capsys, lead_copy) == before
    data["tasks"][0]["audit"] = entries
    good = call_main(capsys, ["--db", lead_copy, "package", "import",
                              write_findings(world, tmp_path / "good.scpkg", data, attachments,
                                             manifest_changes={"audit_head": {"entry_id": 2, "hash": prev}}),
                              "--json"])
    assert good.status == 0 and good.json["items"][0]["verdict"] == "merged", good
    assert call_main(capsys, ["--db", lead_copy, "audit", "verify", "--json"]).json["ok"] is True


def _raw_signature(key):
    def sign(data: bytes) -> bytes:
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return sign


def _over_reformatted(key):
    def sign(data: bytes) -> bytes:  # signs a re-serialised manifest, not the member's bytes
        again = json.dumps(json.loads(data), sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
        return key.sign(again, ec.ECDSA(hashes.SHA256()))
    return sign


@pytest.mark.parametrize("how", ["raw r||s", "over reformatted JSON", "sha-384", "a byte after the DER"])
def test_only_a_der_signature_over_the_members_own_bytes_verifies(world, lead_copy, capsys, tmp_path, how):
    key = world["outside"][0]
    sign = {"raw r||s": _raw_signature(key), "over reformatted JSON": _over_reformatted(key),
            "sha-384": lambda b: key.sign(b, ec.ECDSA(hashes.SHA384())),
            "a byte after the DER": lambda b: key.sign(b, ec.ECDSA(hashes.SHA256())) + b"\0"}[how]
    data, attachments, _ = findings_from_assignment(world)
    package = write_findings(world, tmp_path / "p.scpkg", data, attachments, sign=sign)
    run = call_main(capsys, ["--db", lead_copy, "package", "verify", package, "--json"])
    assert run.status == 3
    assert run.json["items"][0]["error"]["problems"][0]["expected"] == "作者密钥对 manifest.json 的有效签名"


@pytest.mark.parametrize("created_at, ok", [
    ("2026-12-05T17:23:37+00:00", True), ("2026-12-06T01:23:37+08:00", True), ("2026-12-05T17:23:37Z", True),
    ("2026-12-05T17:23:37", False), ("2026-12-05", False), ("5.12.2026 17:23", False)])
def test_created_at_needs_a_utc_offset(world, lead_copy, capsys, tmp_path, created_at, ok):
    data, attachments, _ = findings_from_assignment(world)
    # the certificate's validity began three days ago: make the times today (or yesterday, at +08:00)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    stamp = created_at.replace("2026-12-05", today).replace("2026-12-06T01", today + "T01")
    package = write_findings(world, tmp_path / "p.scpkg", data, attachments, manifest_changes={"created_at": stamp})
    run = call_main(capsys, ["--db", lead_copy, "package", "verify", package, "--json"])
    assert (run.status == 0) is ok, run


def test_the_merge_takes_the_edits_and_the_record_is_only_a_copy(world, lead_copy, capsys, tmp_path):
    """The document says what an importer merges: the edits. A record that says otherwise does not win."""
    data, attachments, _ = findings_from_assignment(world, verdict="problem", record_verdict="no_problem")
    package = write_findings(world, tmp_path / "p.scpkg", data, attachments)
    assert call_main(capsys, ["--db", lead_copy, "package", "import", package, "--json"]).status == 0
    assert item(capsys, lead_copy, world["task"], 12)["verdict"] == "problem"


@pytest.mark.parametrize("change", ["value as a number", "value as a boolean", "no bases", "bases not a list",
                                    "an extra member", "a task the manifest does not name"])
def test_an_edit_not_shaped_as_documented_is_refused(world, lead_copy, capsys, tmp_path, change):
    data, attachments, _ = findings_from_assignment(world)
    edit = data["tasks"][0]["edits"][0]
    if change == "value as a number":
        edit["value"] = 12
    elif change == "value as a boolean":
        edit["value"] = True
    elif change == "a task the manifest does not name":
        edit["task_id"] = str(uuid.uuid4())
    elif change == "no bases":
        del edit["bases"]
    elif change == "bases not a list":
        edit["bases"] = edit["bases"][0] if edit["bases"] else ""
    else:
        edit["comment"] = "x"
    before = digest(capsys, lead_copy)
    run = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments), "--json"])
    assert run.status == 3 and run.json["items"][0]["error"]["problems"][0]["file"] == "data.json"
    assert digest(capsys, lead_copy) == before


def test_a_record_naming_a_file_the_package_lacks_is_refused(world, lead_copy, capsys, tmp_path):
    data, attachments, _ = findings_from_assignment(world)
    run = call_main(capsys, ["--db", lead_copy, "package", "verify",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments[1:]), "--json"])
    assert run.status == 3 and run.json["items"][0]["error"]["problems"][0]["expected"] == "数据包中的附件"


@pytest.mark.parametrize("stamp", ["9-00000-{d}", "{w}-0-{d}", "{w}-00000-another-device"])
def test_a_stamp_not_in_the_documented_form_is_refused(world, lead_copy, capsys, tmp_path, stamp):
    data, attachments, _ = findings_from_assignment(world)
    wall = int(time.time() * 1000)
    for e in data["tasks"][0]["edits"]:
        e["hlc"] = stamp.format(w=wall, d=DEVICE)
    data["tasks"][0]["edits"] = data["tasks"][0]["edits"][:1]
    run = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments), "--json"])
    assert run.status == 3 and run.json["items"][0]["verdict"] == "refused"


def _forged_name_package(world, tmp_path):
    data, attachments, _ = findings_from_assignment(world)
    forged = "常彦志（组长）\n已合并：另一个数据包"
    return write_findings(world, tmp_path / "p.scpkg", data, attachments,
                          manifest_changes={"author": {"inspector_id": world["member"].id,
                                                       "key_fingerprint": fingerprint(world["outside"][1]),
                                                       "name": forged}})


def test_verify_names_the_keys_registered_owner_not_the_informative_name(world, lead_copy, capsys, tmp_path):
    """`author.name` is "informative only": whoever holds a registered key can write any name there (the lead's,
    or one with a line break that forges a second line of output). What the lead reads as the signer must be the
    inspector the key is registered to."""
    text = call_main(capsys, ["--db", lead_copy, "package", "verify", _forged_name_package(world, tmp_path)])
    assert text.status == 0 and text.stdout.count("\n") == 1, text
    assert world["member"].name in text.stdout and "常彦志" not in text.stdout, text


def test_import_and_the_inbox_name_the_keys_registered_owner(world, lead_copy, capsys, tmp_path):
    imported = call_main(capsys, ["--db", lead_copy, "package", "import", _forged_name_package(world, tmp_path)])
    assert imported.status == 0 and imported.stdout.count("\n") == 1, imported
    assert world["member"].name in imported.stdout and "常彦志" not in imported.stdout, imported
    inbox = call_main(capsys, ["--db", lead_copy, "inbox", "list", "--json"]).json["items"]
    assert inbox[0]["author"] == world["member"].name


def _rezip(source: Path, target: Path, *, extra=(), deflate_attachments=False) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            method = zipfile.ZIP_DEFLATED if deflate_attachments and info.filename.startswith("attachments/") \
                else info.compress_type
            out.writestr(info.filename, z.read(info.filename), compress_type=method)
        for name, content in extra:
            out.writestr(name, content)
    return target


@pytest.mark.parametrize("change, ok", [
    ("an extensions object", True), ("an unknown manifest field", False), ("an attachments/ directory entry", True),
    ("another member", False), ("deflated attachments", True), ("a 257-byte signature", False),
    ("encryption not null", False), ("format_version 2", False)])
def test_what_the_document_allows_and_refuses(world, lead_copy, capsys, tmp_path, change, ok):
    data, attachments, _ = findings_from_assignment(world)
    manifest_changes = {"an extensions object": {"extensions": {"producer": "外部系统 1.0"}},
                        "an unknown manifest field": {"comment": "x"},
                        "encryption not null": {"encryption": {"scheme": "x"}},
                        "format_version 2": {"format_version": 2}}.get(change)
    sign = (lambda b: b"\x30" * 257) if change == "a 257-byte signature" else None
    package = write_findings(world, tmp_path / "p.scpkg", data, attachments, manifest_changes=manifest_changes,
                             sign=sign)
    if change == "an attachments/ directory entry":
        package = _rezip(package, tmp_path / "q.scpkg", extra=[("attachments/", b"")])
    elif change == "another member":
        package = _rezip(package, tmp_path / "q.scpkg", extra=[("notes.txt", b"hello")])
    elif change == "deflated attachments":
        package = _rezip(package, tmp_path / "q.scpkg", deflate_attachments=True)
    run = call_main(capsys, ["--db", lead_copy, "package", "verify", package, "--json"])
    assert (run.status == 0) is ok, run
    if not ok:
        assert run.status == 3 and run.json["items"][0]["error"]["message"]


def test_the_order_packages_arrive_in_does_not_change_the_result(world, tmp_path, capsys):
    """Three outside packages: two devices set item 12 from the same version (a conflict), a third edit builds
    on the first. Imported in either order, two databases hold the same digest and the same conflicts."""
    base, attachments, finding = findings_from_assignment(world)
    edits = base["tasks"][0]["edits"]
    wall = int(time.time() * 1000)

    def package(name, device, verdict, bases, counter=0):
        data = json.loads(json.dumps(base))
        edit = dict(edits[0], value=verdict, hlc=f"{wall:013d}-{counter:05d}-{device}", device=device, bases=bases)
        data["tasks"][0]["edits"] = [edit]
        return write_findings(world, tmp_path / f"{name}.scpkg", data, attachments), edit["hlc"]

    first, first_stamp = package("first", "device-a", "problem", edits[0]["bases"])
    second, _ = package("second", "device-b", "na", edits[0]["bases"])
    third, _ = package("third", "device-a", "no_problem", [first_stamp], counter=1)
    results = []
    for n, order in enumerate(([first, second, third], [third, second, first], [second, third, first])):
        folder = tmp_path / f"order{n}"
        folder.mkdir()
        shutil.copy(world["lead"], folder / "lead.sqlite")
        shutil.copytree(world["folder"] / "lead-attachments", folder / "lead-attachments")
        db = folder / "lead.sqlite"
        run = call_main(capsys, ["--db", db, "package", "import", *order, "--json"])
        assert run.status == 0, run
        conflicts = call_main(capsys, ["--db", db, "conflict", "list", "--json"]).json["items"]
        results.append((digest(capsys, db), sorted((c["id"], sorted(k["value"] for k in c["candidates"]))
                                                   for c in conflicts)))
    assert results[0] == results[1] == results[2]
    assert results[0][1] == [(f"finding:{finding}:verdict", ["na", "no_problem"])]


def test_a_photo_whose_file_is_nowhere_is_refused_naming_the_file(world, lead_copy, capsys, tmp_path):
    data, attachments, _ = findings_from_assignment(world)
    task = data["tasks"][0]["record"]["id"]
    photo, missing = str(uuid.uuid4()), "ab" * 32
    stamp = data["tasks"][0]["edits"][0]["hlc"].replace("-00000-", "-00007-")
    for field, value in (("item", "12"), ("sha256", missing), ("caption", "印章"), ("position", "9")):
        data["tasks"][0]["edits"].append({"entity": "photo", "entity_id": photo, "field": field, "value": value,
                                          "hlc": stamp, "author": world["member"].id, "device": DEVICE,
                                          "task_id": task, "bases": []})
    before = digest(capsys, lead_copy)
    run = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments), "--json"])
    assert run.status == 3 and digest(capsys, lead_copy) == before
    error = run.json["items"][0]["error"]
    assert "机构、人员或任务" not in error["message"] and (missing in json.dumps(error) or "附件" in error["message"])


@pytest.mark.parametrize("field", ["nonexistent", "description\" = 'x' --", "description = 'x', verdict", "hlc",
                                   "updated_at", "author", "id", "task_id"])
def test_an_edit_of_a_field_that_does_not_travel_is_refused(world, lead_copy, capsys, tmp_path, field):
    """The document's `field`: a recorded column, not an identity or stamp column (and never SQL)."""
    data, attachments, _ = findings_from_assignment(world)
    data["tasks"][0]["edits"][1]["field"] = field
    before = digest(capsys, lead_copy)
    run = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments), "--json"])
    assert run.status == 3 and run.json["items"][0]["verdict"] == "refused", run
    assert digest(capsys, lead_copy) == before
    assert call_main(capsys, ["--db", lead_copy, "audit", "verify", "--json"]).json["ok"] is True


@pytest.mark.parametrize("target", ["another task's status", "another task's finding"])
def test_a_package_cannot_edit_a_task_it_does_not_name(world, lead_copy, capsys, tmp_path, target):
    from app.store.database import open_database

    data, attachments, _ = findings_from_assignment(world)
    edit = data["tasks"][0]["edits"][0]
    db = open_database(lead_copy)
    try:
        signed = db.conn.execute("SELECT id FROM tasks WHERE status = 'signed' ORDER BY id LIMIT 1").fetchone()[0]
        finding = db.conn.execute("SELECT id FROM findings WHERE task_id = ? AND item = 3", [signed]).fetchone()[0]
        bases = [r[0] for r in db.conn.execute("SELECT hlc FROM field_edits WHERE entity = 'finding' AND entity_id = ?"
                                               " AND field = 'description'", [finding])]
    finally:
        db.close()
    if target == "another task's status":
        edit.update(entity="task", entity_id=signed, field="status", value="on_site", bases=[])
    else:
        edit.update(entity_id=finding, field="description", value="被改写的结论", bases=bases)
    data["tasks"][0]["edits"] = [edit]  # task_id stays the package's own task
    before = call_main(capsys, ["--db", lead_copy, "task", "show", signed, "--json"]).json
    run = call_main(capsys, ["--db", lead_copy, "package", "import",
                             write_findings(world, tmp_path / "p.scpkg", data, attachments), "--json"])
    after = call_main(capsys, ["--db", lead_copy, "task", "show", signed, "--json"]).json
    assert after == before
    assert call_main(capsys, ["--db", lead_copy, "audit", "verify", "--json"]).json["ok"] is True
    assert run.status == 3, run


def test_findings_from_someone_not_on_the_team_do_not_change_a_signed_record(world, lead_copy, capsys, tmp_path):
    from app.store.attachments import AttachmentStore
    from app.store.database import open_database

    member = world["member"]
    db = open_database(lead_copy)
    try:
        signed = next(t for (t,) in db.conn.execute("SELECT id FROM tasks WHERE status = 'signed' ORDER BY id")
                      if member.id not in {i for (i,) in db.conn.execute(
                          "SELECT inspector_id FROM task_members WHERE task_id = ?", [t])})
        edits = [dict(hlc=h, entity=e, entity_id=i, field=f, value=v, bases=json.loads(b)) for h, e, i, f, v, b in
                 db.conn.execute("SELECT hlc, entity, entity_id, field, value, bases FROM field_edits"
                                 " WHERE task_id = ?", [signed])]
    finally:
        db.close()
    record = call_main(capsys, ["--db", lead_copy, "task", "show", signed, "--json"]).json
    finding = next(e["entity_id"] for e in edits if e["entity"] == "finding" and e["field"] == "item"
                   and e["value"] == "3")
    edit = {"entity": "finding", "entity_id": finding, "field": "verdict",
            "value": "na" if record["findings"][2]["verdict"] != "na" else "problem",
            "hlc": f"{int(time.time() * 1000):013d}-00000-{DEVICE}", "author": member.id, "device": DEVICE,
            "task_id": signed, "bases": heads(edits, finding, "verdict")}
    store = AttachmentStore.for_database(lead_copy)
    files = [store.path_of(sha).read_bytes() for sha in sorted(named_files(record))]
    package = write_package(tmp_path / "s.scpkg", world["outside"], {"tasks": [{"record": record, "audit": [],
                                                                                "edits": [edit]}]},
                            files, author_id=member.id, author_name=member.name, task_ids=[signed])
    run = call_main(capsys, ["--db", lead_copy, "package", "import", package, "--json"])
    assert call_main(capsys, ["--db", lead_copy, "task", "show", signed, "--json"]).json == record
    assert run.status == 3, run
