"""Attacking the package container and the import checks (issue 10): packages properly SIGNED by a registered
colleague (whose laptop may be compromised) with hostile content, and zips a careless or hostile tool wrote.
Whatever the package, the import never ends in a traceback (exit 4), and a refused package writes nothing but its
inbox entry: every other table and the attachment folder stay as they were."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.cli_helpers import call_main

LEAD, COLLEAGUE = "口令 of the lead 2025", "口令 of a colleague 9"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Once per module: the lead's database and a colleague's laptop (tests/recording_helpers.py), the colleague
    having recorded a verdict and a photo of the on-site task; the genuine findings package of that task."""
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database
    from tests.recording_helpers import jpeg_file, lead_and_laptop

    folder = tmp_path_factory.mktemp("attack")
    lead_path, laptop_path, task, colleague = lead_and_laptop(folder, LEAD, COLLEAGUE)
    laptop = open_database(laptop_path)
    recording.set_verdict(laptop, task.id, 12, "problem", "签发的报告未加盖资质认定标志")
    recording.add_photo(laptop, laptop_path, task.id, jpeg_file(folder / "seal.jpg"), 12, "报告首页")
    export_findings(laptop, laptop_path, task.id, folder / "genuine.scpkg", COLLEAGUE)
    laptop.close()
    return {"folder": folder, "lead": lead_path, "laptop": laptop_path, "task": task.id, "colleague": colleague.id,
            "genuine": folder / "genuine.scpkg"}


@pytest.fixture
def lead(base, tmp_path):
    """A fresh copy of the lead's database and attachment folder for one test."""
    for name in ("lead.sqlite", "lead.sqlite-wal", "lead.sqlite-shm"):
        if (base["folder"] / name).exists():
            shutil.copy(base["folder"] / name, tmp_path / name)
    shutil.copytree(base["folder"] / "lead-attachments", tmp_path / "lead-attachments")
    return tmp_path / "lead.sqlite"


def genuine(base) -> tuple[dict, dict, dict[str, bytes]]:
    """The genuine package's manifest, data.json and attachments (sha256 -> bytes)."""
    import zipfile

    with zipfile.ZipFile(base["genuine"]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        data = json.loads(zf.read("data.json"))
        attachments = {n.removeprefix("attachments/"): zf.read(n) for n in zf.namelist()
                       if n.startswith("attachments/") and not n.endswith("/")}
    return manifest, data, attachments


def forge(base, out: Path, *, data=None, raw_data: bytes | None = None, kind: str = "findings",
          task_ids=None, attachments: dict[str, bytes] | None = None, report: bytes | None = None,
          created_at: str | None = None, signer=None, device: str = "colleague-laptop") -> Path:
    """A package properly signed with the colleague's registered key (or `signer`: (inspector id, private key,
    fingerprint) of another registered person), holding whatever it is given."""
    from app.exchange.keyfiles import fingerprint
    from app.exchange.package import Author
    from app.exchange.package_write import write_package
    from app.services.keys import load_signer_material

    _, real, real_attachments = genuine(base)
    data = real if data is None else data
    attachments = real_attachments if attachments is None else attachments
    key, certificate = load_signer_material(base["laptop"], COLLEAGUE)
    folder = out.parent / (out.stem + "-files")
    folder.mkdir()
    paths = {}
    for sha, content in attachments.items():
        (folder / sha).write_bytes(content)
        paths[sha] = folder / sha
    author = Author(base["colleague"], fingerprint(certificate), "同事")
    if signer is not None:
        author, key = Author(signer[0], signer[2], "另一人"), signer[1]
    write_package(out, kind=kind, package_id=str(uuid.uuid4()),
                  created_at=created_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                  author=author, device_id=device, task_ids=[base["task"]] if task_ids is None else task_ids,
                  audit_head=None,
                  data=raw_data if raw_data is not None else json.dumps(data, ensure_ascii=False).encode("utf-8"),
                  attachments=paths, report=report, private_key=key)
    return out


def snapshot(lead_path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Every table but the inbox (its rows and its sequence) and every file of the attachment folder."""
    conn = sqlite3.connect(str(lead_path), isolation_level=None)
    try:
        dump = [line for line in conn.iterdump() if "inbox" not in line]
    finally:
        conn.close()
    folder = lead_path.parent / "lead-attachments"
    files = sorted((str(p.relative_to(folder)), hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in folder.rglob("*") if p.is_file())
    return dump, files


def imported(capsys, lead_path: Path, package: Path, *extra):
    run = call_main(capsys, ["--db", lead_path, "package", "import", package, *extra, "--json"])
    assert run.status != 4 and "Traceback" not in run.stderr, run
    return run


def refused_leaving_nothing(capsys, lead_path: Path, package: Path, *extra) -> dict:
    """Import `package`: it must be refused (exit 3 or 1, never 4) and leave nothing but its inbox entry."""
    before = snapshot(lead_path)
    run = imported(capsys, lead_path, package, *extra)
    assert run.status in (1, 3), run
    (item,) = run.json["items"]
    assert item["verdict"] == "refused", item
    after = snapshot(lead_path)
    assert after[1] == before[1]
    assert after[0] == before[0]
    (entry, *_) = call_main(capsys, ["--db", lead_path, "inbox", "list", "--json"]).json["items"]
    assert entry["verdict"] == "refused"
    return item["error"]


def restamp(hlc: str, counter: int = 99) -> str:
    """The same device's stamp, in the same millisecond, with another counter: a new, well-formed stamp."""
    wall, _, device = hlc.split("-", 2)
    return f"{wall}-{counter:05d}-{device}"


def task_edits(data: dict) -> list[dict]:
    return data["tasks"][0]["edits"]


def test_the_genuine_package_merges(base, lead, capsys):
    run = imported(capsys, lead, base["genuine"])
    assert run.status == 0 and run.json["items"][0]["verdict"] == "merged", run


def _edit(base, **change) -> dict:
    _, data, _ = genuine(base)
    edit = dict(next(e for e in task_edits(data) if e["entity"] == "finding" and e["field"] == "verdict"
                     and e["value"] == "problem"))
    edit.update(change)
    return edit


@pytest.mark.parametrize("hlc", ["garbage", "", "-1-0-{device}", "1796517007104-x-{device}", "1796517007104-00001",
                                 "１７９６５１７００７１０４-00001-{device}", "99999999999999999999999-00000-{device}",
                                 "1796517007104-00001-another-device"])
def test_a_malformed_clock_stamp_is_refused_leaving_nothing(base, lead, capsys, tmp_path, hlc):
    """A stamp that is not `wall_ms-counter-device` of the edit's own device (app/domain/hlc.py) was a ValueError
    deep in the merge's transaction: exit 4."""
    _, data, _ = genuine(base)
    edit = _edit(base, value="na", bases=[])
    edit["hlc"] = hlc.format(device=edit["device"])
    task_edits(data).append(edit)
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert error["problems"][0]["file"] == "data.json"


def _ascii(data: dict) -> bytes:
    """data.json with every non-ASCII character escaped: how a lone surrogate ("\\ud800") gets into valid JSON."""
    return json.dumps(data).encode("ascii")


def test_a_lone_surrogate_in_an_edit_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    _, data, _ = genuine(base)
    task_edits(data).append(_edit(base, value="未加盖\ud800标志", hlc=restamp(_edit(base)["hlc"])))
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", raw_data=_ascii(data)))
    assert error["problems"][0]["file"] == "data.json"


def test_a_lone_surrogate_in_the_record_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    _, data, _ = genuine(base)
    data["tasks"][0]["record"]["session"] = {"place": "\udfff"}
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", raw_data=_ascii(data)))
    assert error["problems"][0]["file"] == "data.json"


def _audit_entry(base, **change) -> dict:
    """A well-hashed audit entry of the colleague's device, after its last one, with `change` in it."""
    from app.domain.audit import entry_hash

    _, data, _ = genuine(base)
    last = data["tasks"][0]["audit"][-1]
    entry = {**last, "id": last["id"] + 1, "prev_hash": last["hash"], **change}
    entry["hash"] = entry_hash(entry, entry["prev_hash"])
    return entry


@pytest.mark.parametrize("change", [{"id": 2 ** 70}, {"id": -(2 ** 70)}, {"at": {"x": 1}}, {"new_value": [1, 2]},
                                    {"entity_id": None}, {"id": True}])
def test_a_hostile_but_well_hashed_audit_entry_never_crashes(base, lead, capsys, tmp_path, change):
    _, data, _ = genuine(base)
    data["tasks"][0]["audit"].append(_audit_entry(base, **change))
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert run.status in (0, 1, 3), run


def test_an_audit_entry_with_a_lone_surrogate_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    _, data, _ = genuine(base)
    last = data["tasks"][0]["audit"][-1]
    data["tasks"][0]["audit"].append({**last, "id": last["id"] + 1, "new_value": "\ud800", "prev_hash": last["hash"],
                                      "hash": "0" * 64})
    refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", raw_data=_ascii(data)))


def _other_task(lead_path: Path, task_id: str) -> tuple[str, str, str]:
    """Another task of the lead's database: its id, one of its findings' id and that finding's verdict."""
    conn = sqlite3.connect(str(lead_path))
    try:
        return conn.execute("SELECT t.id, f.id, f.verdict FROM tasks t JOIN findings f ON f.task_id = t.id"
                            " WHERE t.id != ? ORDER BY t.id LIMIT 1", [task_id]).fetchone()
    finally:
        conn.close()


def test_an_edit_of_another_tasks_row_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    """The manifest names one task; an edit filed under it (task_id) that names another task's record as its
    entity_id must not reach that task."""
    other, _, _ = _other_task(lead, base["task"])
    _, data, _ = genuine(base)
    edit = next(e for e in task_edits(data) if e["entity"] == "task" and e["field"] == "place")
    task_edits(data).append({**edit, "entity_id": other, "value": "被改到别处", "bases": [],
                             "hlc": restamp(edit["hlc"])})
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert error["problems"][0]["file"] == "data.json"


def test_an_edit_of_another_tasks_finding_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    other, finding, verdict = _other_task(lead, base["task"])
    _, data, _ = genuine(base)
    edit = _edit(base)
    task_edits(data).append({**edit, "entity_id": finding, "value": "problem" if verdict != "problem" else "na",
                             "bases": [], "hlc": restamp(edit["hlc"])})
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert error["problems"][0]["file"] == "data.json"


def _profile(path: Path, key: str) -> str | None:
    conn = sqlite3.connect(str(path))
    try:
        row = conn.execute("SELECT value FROM profile WHERE key = ?", [key]).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _certificate(name: str, inspector_id: str) -> tuple[str, dict]:
    """A new key's certificate as an assignment carries it: (fingerprint, the entry)."""
    import tests.test_package_container as container

    key = container.make_key(name)
    return key.fingerprint, {"inspector_id": inspector_id, "fingerprint": key.fingerprint, "certificate": key.pem,
                             "subject": f"CN={name}", "not_before": "2020-01-01T00:00:00+00:00",
                             "not_after": "2099-01-01T00:00:00+00:00", "retired_at": None}


def _assignment(base, *, certificates=(), inspectors=(), institutions=(), organ=None) -> dict:
    _, data, _ = genuine(base)
    return {**data, "assignment": {"institutions": list(institutions), "inspectors": list(inspectors),
                                   "certificates": list(certificates),
                                   "organ": organ or {"name": "", "short_name": "", "document_prefix": "", "joint": [],
                                                      "legal_basis": "", "plan_notice": ""}}}


def _registered(path: Path, fingerprint: str) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT 1 FROM inspector_keys WHERE fingerprint = ?", [fingerprint]).fetchone() is not None
    finally:
        conn.close()


def _as_role(path: Path, role: str) -> Path:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("INSERT OR REPLACE INTO profile (key, value) VALUES ('role', ?)", [role])
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("role", ["lead", "inspector"])
def test_a_colleague_cannot_register_a_key_in_the_leads_name(base, lead, capsys, tmp_path, role):
    """A colleague's assignment package (signed with the colleague's registered key) carrying a new certificate
    for the lead himself, into the lead's database or one of an inspector who knows the lead's key: with it
    registered, the colleague could sign packages as the lead."""
    _as_role(lead, role)
    me = _profile(lead, "inspector_id")
    fp, cert = _certificate("假组长", me)
    imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                 data=_assignment(base, certificates=[cert])))
    assert not _registered(lead, fp)


@pytest.mark.parametrize("role", ["lead", "inspector"])
def test_a_colleague_cannot_register_a_key_for_a_teammate(base, lead, capsys, tmp_path, role):
    """A teammate whose key this database knows: a colleague's assignment cannot add another key in his name."""
    import tests.test_package_container as container
    from app.services.keys import import_certificate
    from app.store.database import open_database

    conn = sqlite3.connect(str(lead))
    someone = conn.execute("SELECT id FROM inspectors WHERE id NOT IN (SELECT inspector_id FROM inspector_keys)"
                           " ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    (tmp_path / "teammate.pem").write_text(container.make_key("队友").pem)
    db = open_database(lead)
    try:
        import_certificate(db, tmp_path / "teammate.pem", someone)
    finally:
        db.close()
    _as_role(lead, role)
    fp, cert = _certificate("冒名者", someone)
    imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                 data=_assignment(base, certificates=[cert])))
    assert not _registered(lead, fp)


def test_a_certificate_that_is_not_its_fingerprints_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    """An assignment certificate whose PEM is not the certificate its fingerprint names (or no certificate at all)
    was registered as it came; a package naming that fingerprint then crashed the reader (exit 4)."""
    _as_role(lead, "inspector")
    _, cert = _certificate("某人", base["colleague"])
    fake = "ab" * 32
    broken = {**cert, "fingerprint": fake, "certificate": "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n"}
    refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                                data=_assignment(base, certificates=[broken])))
    assert not _registered(lead, fake)


def test_a_findings_package_cannot_smuggle_an_assignment(base, lead, capsys, tmp_path):
    fp, cert = _certificate("夹带", base["colleague"])
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="findings",
                                       data=_assignment(base, certificates=[cert])))
    assert run.status == 0 and not _registered(lead, fp)


def test_a_colleague_cannot_rewrite_the_leads_own_registry_entry(base, lead, capsys, tmp_path):
    from app.store.database import open_database
    from app.store.registry import get_inspector

    me = _profile(lead, "inspector_id")
    conn = sqlite3.connect(str(lead))
    cursor = conn.execute("SELECT * FROM inspectors WHERE id = ?", [me])
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    conn.close()
    row = {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
    name = row["name"]
    imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                 data=_assignment(base, inspectors=[{**row, "name": "黑客"}])))
    db = open_database(lead)
    try:
        assert get_inspector(db, me).name == name
    finally:
        db.close()


def test_an_assignment_into_a_leads_database_is_refused_leaving_nothing(base, lead, capsys, tmp_path):
    assert _profile(lead, "role") == "lead"
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                                        data=_assignment(base)))
    assert "组长" in error["message"] and error["problems"][0]["file"] == "manifest.json"


def test_an_author_may_still_bring_his_own_new_key_and_a_newcomers(base, lead, capsys, tmp_path):
    """What an inspector's database still takes from an assignment: a key of its author, and the key of a person
    who has none registered here."""
    _as_role(lead, "inspector")
    conn = sqlite3.connect(str(lead))
    newcomer = conn.execute("SELECT id FROM inspectors WHERE id NOT IN (SELECT inspector_id FROM inspector_keys)"
                            " ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    own, mine = _certificate("同事的新密钥", base["colleague"])
    fresh, theirs = _certificate("新同事", newcomer)
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                       data=_assignment(base, certificates=[mine, theirs])))
    assert run.status == 0, run
    assert _registered(lead, own) and _registered(lead, fresh)


def _last_edit(data: dict, entity: str, field: str) -> dict:
    return [e for e in task_edits(data) if e["entity"] == entity and e["field"] == field][-1]


@pytest.mark.parametrize("entity,field,value", [
    ("task", "checklist_version", "evil"),  # every later `task show` / record PDF: not found
    ("finding", "item", "999"),  # task show, report pdf: KeyError (exit 4)
    ("task", "started_at", "not a time"),  # task show, report pdf: ValueError (exit 4)
    ("blind_sample", "score", "NaN"),  # task show, report pdf: decimal.InvalidOperation (exit 4)
    ("task", "planned_date", "2025-13-45"),
    ("task", "institution_id", "ANOTHER"),  # the task moved to another institution
    ("task", "document_serial", "-1"),
    ("task", "status", "closed"),  # a colleague closing the lead's task (it then shows in the public results)
    ("task", "status", "merged"),
    ("photo", "reduced_sha256", "../../etc"),  # a file neither in the package nor here (was: a wrong message)
])
def test_a_value_spotcheck_never_writes_is_refused_leaving_nothing(base, lead, capsys, tmp_path, entity, field, value):
    """A colleague's signed package that changes a field (on top of its current version) to a value no Spotcheck
    writes: it was merged, and the task's record then failed to open (`task show`, `report pdf`: exit 4), or the
    task silently changed institution, number or status."""
    _, data, _ = genuine(base)
    head = _last_edit(data, entity, field)
    if value == "ANOTHER":
        conn = sqlite3.connect(str(lead))
        value = conn.execute("SELECT id FROM institutions WHERE id != ? ORDER BY id LIMIT 1",
                             [head["value"]]).fetchone()[0]
        conn.close()
    task_edits(data).append({**head, "value": value, "bases": [head["hlc"]], "hlc": restamp(head["hlc"], 777)})
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert error["problems"][0]["file"] == "data.json"
    for args in (["task", "show", base["task"]], ["report", "pdf", "--task", base["task"], "--out", tmp_path / "r.pdf"]):
        assert call_main(capsys, ["--db", lead, *args, "--json"]).status == 0


def test_a_new_photo_of_a_file_the_package_does_not_carry_is_refused_in_words(base, lead, capsys, tmp_path):
    _, data, _ = genuine(base)
    photo = [e for e in task_edits(data) if e["entity"] == "photo"]
    other = str(uuid.uuid4())
    for edit in photo:
        task_edits(data).append({**edit, "entity_id": other, "hlc": restamp(edit["hlc"], 555),
                                 "value": "1" * 64 if edit["field"] == "sha256" else edit["value"]})
    error = refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert "附件" in error["message"] and "机构、人员或任务" not in error["message"]


def test_a_leads_own_status_change_still_travels_to_a_laptop(base, lead, capsys, tmp_path):
    """What the lead's database refuses from others (merged, closed) an inspector's database still takes."""
    _as_role(lead, "inspector")
    _, data, _ = genuine(base)
    head = _last_edit(data, "task", "status")
    task_edits(data).append({**head, "value": "merged", "bases": [head["hlc"]], "hlc": restamp(head["hlc"], 777)})
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    assert run.status == 0, run


# --- the container: names, headers, manifest fields (tests/test_package_container.py's helpers) --------------

@pytest.fixture
def small(tmp_path) -> Path:
    import tests.test_package_container as container

    return container.build(tmp_path / "small.scpkg")


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("name", ["Data.json", "DATA.JSON", "data.json.", "data.json ", "CON", "aux.txt", "NUL",
                                  "C:data.json", "Attachments/" + _hex(b"x"), "attachments/" + _hex(b"x").upper(),
                                  "attachments/" + _hex(b"x") + ".", "attachments/" + _hex(b"x") + ":ads",
                                  "attachments/" + _hex(b"x") + "/", "ａttachments/" + _hex(b"x"),
                                  "attachments\\" + _hex(b"x"), "data.json\x00.pdf"])
def test_a_name_windows_would_read_otherwise_is_refused(small, tmp_path, name):
    """Case twins, trailing dots and spaces, device names, alternate data streams, full-width letters: only the
    format's own names are members (docs/package-format.md), so none of these can land on a Windows disk as
    something else."""
    import zipfile

    import tests.test_package_container as container

    error = container.refusal(container.repack(small, tmp_path / "bad.scpkg",
                                               infos={zipfile.ZipInfo(name): b"x"}))
    assert error.problems[0].file is not None


@pytest.mark.parametrize("version", [1.0, True, "1", None, [1]])
def test_a_format_version_that_only_looks_like_1_is_refused(small, tmp_path, version):
    import tests.test_package_container as container

    def looks_like(m):
        m["format_version"] = version

    error = container.refusal(container.repack(small, tmp_path / "bad.scpkg", edit_manifest=looks_like,
                                               resign=container.KEY))
    assert error.problems[0].file == "manifest.json"


@pytest.mark.parametrize("change", [{"size": -1}, {"size": "12"}, {"size": 1.0}, {"sha256": "AB" * 32},
                                    {"path": "attachments/../data.json"}, {"size": 2 ** 80}])
def test_a_file_entry_with_a_wrong_type_or_form_is_refused(small, tmp_path, change):
    import tests.test_package_container as container

    def edit(m):
        m["files"][0].update(change)

    error = container.refusal(container.repack(small, tmp_path / "bad.scpkg", edit_manifest=edit,
                                               resign=container.KEY))
    assert error.problems[0].file is not None


def test_a_local_header_naming_another_file_than_the_directory_is_refused(small, tmp_path):
    raw = bytearray(small.read_bytes())
    at = raw.index(b"data.json")  # the first occurrence: the local header (data.json is written first)
    raw[at:at + 9] = b"data.jsoo"
    small.write_bytes(bytes(raw))
    import tests.test_package_container as container

    error = container.refusal(small)
    assert error.problems[0].file == "data.json"


def test_an_entry_flagged_encrypted_in_the_directory_is_refused(small, tmp_path):
    import struct

    raw = bytearray(small.read_bytes())
    central = raw.index(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46:central + 46 + name_length] == b"data.json":
            flags = struct.unpack_from("<H", raw, central + 8)[0]
            struct.pack_into("<H", raw, central + 8, flags | 0x1)
        central = raw.find(b"PK\x01\x02", central + 4)
    small.write_bytes(bytes(raw))
    import tests.test_package_container as container

    error = container.refusal(small)
    assert error.problems[0].file == "data.json" and "加密" in error.message


def test_a_64_kib_comment_does_not_hide_the_directory(small, tmp_path):
    import zipfile

    import tests.test_package_container as container
    from app.exchange.package import open_package

    with zipfile.ZipFile(small, "a") as zf:
        zf.comment = b"c" * 65535
    assert open_package(small, container.TRUSTED).manifest.kind == "findings"


@pytest.mark.parametrize("entity,field,value", [
    ("photo", "item", "999"), ("photo", "item", "-3"), ("photo", "taken_at", "2025-02-30T10:00"),
    ("photo", "position", "99999999999999999"), ("photo", "caption", "\x00\x1b[2J"),
    ("blind_sample", "statistic", "evil"), ("blind_sample", "assigned", "abc"), ("blind_sample", "result", "1e999999"),
    ("blind_sample", "judgement", "evil"), ("blind_sample", "details", "not json"), ("blind_sample", "details", "[1]"),
    ("blind_sample", "score", "1e999999"), ("blind_sample", "score", "-0"), ("blind_sample", "code", None),
    ("task", "notice_method", "evil"), ("task", "credentials_shown", "7"), ("task", "place", None),
    ("member", "role", "evil"), ("member", "position", "-1"), ("member", "credentials_shown", "2"),
    ("attendee", "name", None), ("attendee", "position", "x"), ("finding", "description", None),
    ("finding", "verdict", None), ("task", "recusal_answer", "\ud7ff"),
])
def test_whatever_a_field_is_set_to_the_record_still_opens(base, lead, capsys, tmp_path, entity, field, value):
    """Any value on top of a field's current version: either the package is refused leaving nothing, or it is
    merged and the task still shows and still prints (never exit 4)."""
    _, data, _ = genuine(base)
    head = _last_edit(data, entity, field)
    task_edits(data).append({**head, "value": value, "bases": [head["hlc"]], "hlc": restamp(head["hlc"], 777)})
    before = snapshot(lead)
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data))
    if run.status != 0:
        assert run.json["items"][0]["verdict"] == "refused" and snapshot(lead) == before
    for args in (["task", "show", base["task"]], ["report", "pdf", "--task", base["task"], "--out", tmp_path / "r.pdf"],
                 ["task", "list"], ["conflict", "list"], ["audit", "verify"]):
        shown = call_main(capsys, ["--db", lead, *args, "--json"])
        assert shown.status == 0, (args, shown)


def _row(path: Path, table: str, row_id: str) -> dict:
    conn = sqlite3.connect(str(path))
    try:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    finally:
        conn.close()
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


def _task_institution(path: Path, task_id: str) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT institution_id FROM tasks WHERE id = ?", [task_id]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("change", [
    {"name": "机" * 300}, {"credit_code": "not a credit code"}, {"credit_code": "=HYPERLINK(\"http://x\")"},
    {"name": None}, {"credit_code": None}, {"id": "another-id"}, {"category": "evil"}, {"fields": "not json"},
    {"fields": "{\"a\": 1}"}, {"name": "\x00\x07"},
])
def test_an_assignment_with_hostile_registry_rows_never_breaks_the_laptop(base, lead, capsys, tmp_path, change):
    """An inspector's database taking an assignment whose institution entry (the task's own) is hostile: refused
    leaving nothing, or taken and every view of it still works."""
    _as_role(lead, "inspector")
    row = {**_row(lead, "institutions", _task_institution(lead, base["task"])), **change}
    before = snapshot(lead)
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", kind="assignment",
                                       data=_assignment(base, institutions=[row])))
    if run.status != 0:
        assert run.json["items"][0]["verdict"] == "refused" and snapshot(lead) == before
    for args in (["task", "show", base["task"]], ["report", "pdf", "--task", base["task"], "--out", tmp_path / "r.pdf"],
                 ["task", "list"], ["institutions", "list"], ["institutions", "export", tmp_path / "i.xlsx"]):
        shown = call_main(capsys, ["--db", lead, *args, "--json"])
        assert shown.status == 0, (args, shown)


@pytest.mark.parametrize("raw", [b"[" * 200_000 + b"]" * 200_000, b'{"tasks": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                                 b"\xef\xbb\xbf{}", b'{"tasks": NaN}', b'{"tasks": [], "tasks": []}', b"\xff\xfe{",
                                 b'{"tasks": [{"record": {"id": 1e400}}]}', b"{\"tasks\": [{\"record\": []}]}"])
def test_a_hostile_data_json_is_refused_leaving_nothing(base, lead, capsys, tmp_path, raw):
    refused_leaving_nothing(capsys, lead, forge(base, tmp_path / "p.scpkg", raw_data=raw))


def test_a_task_listed_twice_or_none_never_crashes(base, lead, capsys, tmp_path):
    _, data, _ = genuine(base)
    twice = forge(base, tmp_path / "twice.scpkg", data={"tasks": data["tasks"] * 2}, task_ids=[base["task"]] * 2)
    assert imported(capsys, lead, twice).status in (0, 3)
    none = forge(base, tmp_path / "none.scpkg", data={"tasks": []}, task_ids=[], attachments={})
    assert imported(capsys, lead, none).status in (0, 3)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A PNG of 400 million pixels (over twice Pillow's limit) in a few hundred KB."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_photo_that_is_a_decompression_bomb_never_breaks_the_record(base, lead, capsys, tmp_path, bomb):
    """A new photo whose file (and reduced copy) is a decompression bomb: refused, or taken and the record still
    shows and prints, and the attachment check still runs."""
    _, data, attachments = genuine(base)
    sha = _hex(bomb)
    other = str(uuid.uuid4())
    for edit in [e for e in task_edits(data) if e["entity"] == "photo"][:6]:
        value = sha if edit["field"] in ("sha256", "reduced_sha256") else edit["value"]
        task_edits(data).append({**edit, "entity_id": other, "hlc": restamp(edit["hlc"], 555), "value": value})
    run = imported(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data, attachments={**attachments, sha: bomb}))
    for args in (["task", "show", base["task"]], ["report", "pdf", "--task", base["task"], "--out", tmp_path / "r.pdf"],
                 ["report", "docx", "--task", base["task"], "--out", tmp_path / "r.docx"], ["audit", "verify"]):
        shown = call_main(capsys, ["--db", lead, *args, "--json"])
        assert shown.status in (0, 1, 3) and "Traceback" not in shown.stderr, (run, args, shown)


def test_an_attachment_damaged_on_disk_is_replaced_by_the_packages_copy(base, lead, capsys, tmp_path):
    from app.store.attachments import AttachmentStore

    assert imported(capsys, lead, base["genuine"]).status == 0
    _, data, attachments = genuine(base)
    store = AttachmentStore.for_database(lead)
    sha = sorted(attachments)[0]
    store.path_of(sha).write_bytes(b"damaged")
    head = _last_edit(data, "finding", "description")
    task_edits(data).append({**head, "value": "补充说明", "bases": [head["hlc"]], "hlc": restamp(head["hlc"], 777)})
    assert imported(capsys, lead, forge(base, tmp_path / "p.scpkg", data=data)).status == 0
    assert store.verify(sha)


def _later_genuine(base, folder: Path) -> Path:
    """The colleague's next genuine package: the laptop (a copy) records one more verdict and exports again."""
    from app.services import recording
    from app.services.packages import export_findings
    from app.store.database import open_database

    folder.mkdir()
    for item in base["folder"].iterdir():
        if item.name.startswith("laptop"):
            (shutil.copytree if item.is_dir() else shutil.copy)(item, folder / item.name)
    laptop = open_database(folder / "laptop.sqlite")
    try:
        recording.set_verdict(laptop, base["task"], 14, "problem", "设备档案不全")
        export_findings(laptop, folder / "laptop.sqlite", base["task"], folder / "later.scpkg", COLLEAGUE)
    finally:
        laptop.close()
    return folder / "later.scpkg"


def test_a_third_party_cannot_frame_a_device_with_audit_entries_in_its_name(base, lead, capsys, tmp_path):
    """Another registered person's package carrying well-hashed audit entries in the colleague's device's name,
    numbered as the colleague's next ones: the colleague's own next package was refused as a rewritten log."""
    import tests.test_package_container as container
    from app.domain.audit import entry_hash
    from app.services.keys import import_certificate
    from app.store.database import open_database

    conn = sqlite3.connect(str(lead), isolation_level=None)
    someone = conn.execute("SELECT inspector_id FROM task_members WHERE task_id = ? AND inspector_id NOT IN"
                           " (SELECT inspector_id FROM inspector_keys) ORDER BY inspector_id LIMIT 1",
                           [base["task"]]).fetchone()
    if someone is None:  # a teammate (only a team member's findings are taken at all)
        someone = conn.execute("SELECT id FROM inspectors WHERE id NOT IN (SELECT inspector_id FROM inspector_keys)"
                               " ORDER BY id LIMIT 1").fetchone()
        conn.execute("INSERT INTO task_members (task_id, inspector_id, role, position) VALUES (?, ?, 'member', 9)",
                     [base["task"], someone[0]])
    someone = someone[0]
    conn.close()
    key = container.make_key("第三人")
    (tmp_path / "third.pem").write_text(key.pem)
    db = open_database(lead)
    try:
        import_certificate(db, tmp_path / "third.pem", someone)
    finally:
        db.close()
    later = _later_genuine(base, tmp_path / "laptop")
    assert imported(capsys, lead, base["genuine"]).status == 0
    _, data, _ = genuine(base)
    mine = [e for e in data["tasks"][0]["audit"] if e["device"] == task_edits(data)[-1]["device"]]
    last, fakes = mine[-1], []
    for n in range(1, 6):
        prev = (fakes[-1] if fakes else last)["hash"]
        fake = {**last, "id": last["id"] + n, "new_value": "伪造", "author": someone, "prev_hash": prev}
        fake["hash"] = entry_hash(fake, prev)
        fakes.append(fake)
    data["tasks"][0]["audit"] += fakes
    data["tasks"][0]["edits"] = []
    imported(capsys, lead, forge(base, tmp_path / "fake.scpkg", data=data, signer=(someone, key.private,
                                                                                  key.fingerprint),
                                 device=last["device"]))
    run = imported(capsys, lead, later)
    assert run.status == 0 and run.json["items"][0]["verdict"] == "merged", run


def test_a_package_whose_file_name_is_not_text_is_filed_in_words(base, lead, capsys, tmp_path):
    """A file name that is no valid text (bytes a Linux file system allows, as a USB stick from another system
    may carry): Python holds it with surrogates, which no database stores."""
    import os

    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff\xfe\xb0.scpkg"))
    shutil.copy(base["genuine"], odd)
    run = imported(capsys, lead, odd)
    assert run.status == 0, run
    (entry,) = call_main(capsys, ["--db", lead, "inbox", "list", "--json"]).json["items"]
    assert entry["verdict"] == "merged" and entry["file"].endswith(".scpkg")


def test_a_refused_or_verified_package_whose_file_name_is_not_text_is_said_in_words(base, lead, capsys, tmp_path):
    import os

    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff\xfe\xb0.scpkg"))
    odd.write_bytes(b"not a zip")
    run = imported(capsys, lead, odd)
    assert run.status == 3 and run.json["items"][0]["verdict"] == "refused", run
    shutil.copy(base["genuine"], odd)
    verified = call_main(capsys, ["--db", lead, "package", "verify", odd, "--json"])
    assert verified.status == 0 and "Traceback" not in verified.stderr, verified


def test_an_inspector_cannot_send_findings_for_a_task_he_is_not_on(base, lead, capsys, tmp_path):
    """A colleague's laptop (compromised, or a careless copy) sending edits of a task whose team he is not on:
    anyone registered could otherwise rewrite any task whose id he learnt."""
    conn = sqlite3.connect(str(lead))
    other, finding, verdict = conn.execute(
        "SELECT t.id, f.id, f.verdict FROM tasks t JOIN findings f ON f.task_id = t.id WHERE t.status IN"
        " ('planned', 'notified', 'on_site') AND t.id NOT IN (SELECT task_id FROM task_members WHERE inspector_id = ?)"
        " ORDER BY t.id, f.item LIMIT 1", [base["colleague"]]).fetchone()
    head = conn.execute("SELECT hlc FROM field_edits WHERE entity = 'finding' AND entity_id = ? AND field = 'verdict'"
                        " ORDER BY hlc DESC LIMIT 1", [finding]).fetchone()[0]
    conn.close()
    _, data, _ = genuine(base)
    edit = {**_edit(base), "entity_id": finding, "task_id": other, "value": "problem" if verdict != "problem" else "na",
            "bases": [head], "hlc": restamp(_edit(base)["hlc"], 4321)}
    package = forge(base, tmp_path / "p.scpkg", data={"tasks": [{"record": {"id": other}, "audit": [], "edits": [edit]}]},
                    task_ids=[other], attachments={})
    error = refused_leaving_nothing(capsys, lead, package)
    assert error["problems"][0]["file"] == "manifest.json"


def test_a_lead_takes_an_assignment_whose_author_he_confirmed(base, lead, capsys, tmp_path):
    """The lead's database takes an assignment only with the author's fingerprint confirmed for it (--trust)."""
    from app.exchange.keyfiles import fingerprint
    from app.services.keys import load_signer_material

    _, certificate = load_signer_material(base["laptop"], COLLEAGUE)
    package = forge(base, tmp_path / "p.scpkg", kind="assignment", data=_assignment(base))
    run = imported(capsys, lead, package, "--trust", fingerprint(certificate))
    assert run.status == 0 and run.json["items"][0]["verdict"] == "merged", run


def test_a_damaged_or_truncated_package_is_refused_in_the_users_words_not_pythons(tmp_path):
    """zipfile's own words (Bad CRC-32 for file …, File is not a zip file) went into the sentence the window shows;
    they are now only the problem's value, for whoever looks at the details."""
    import zipfile

    from app.domain.problems import IntegrityFailure
    from app.exchange.package import open_package

    good = tmp_path / "good.scpkg"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("manifest.json", "{}")
    truncated = tmp_path / "truncated.scpkg"
    truncated.write_bytes(good.read_bytes()[:40])
    with pytest.raises(IntegrityFailure) as refused:
        open_package(truncated, {})
    assert "zip file" not in refused.value.message and "复制" in refused.value.message
    assert refused.value.problems[0].value  # zipfile's words are kept in the details
