"""Importing packages (issue 10): each file is verified completely, then its edits are merged in one transaction.

A package that fails any check writes nothing but its entry in the inbox, saying which check failed for which
file; a package merged before writes nothing but its entry either. Only findings packages are imported in
this release (assignments come with the next one).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain.problems import InputRefused, IntegrityFailure, Problem, SpotcheckError
from app.services.merge import receive, unknown
from app.services.packages import (
    CERTIFICATE_FIELDS,
    _check_content,
    edit_from_json,
    refuse_foreign_rows,
    refuse_outsiders,
    refuse_unwritten_values,
    require_readable_records,
    require_stamp,
    shown_text,
    textual,
    trusted_certificates,
)
from app.store import received_audit
from app.store.attachment_intake import Intake
from app.store.attachments import AttachmentStore


@dataclass(frozen=True)
class Imported:
    """What importing one file did."""

    file: str
    verdict: str  # merged | already | refused
    package_id: str | None = None
    author: str | None = None
    tasks: tuple[str, ...] = ()
    created_at: str | None = None  # when the package was made (its manifest)
    kind: str | None = None
    new_edits: int = 0
    rows: int = 0
    conflicts: int = 0
    error: SpotcheckError | None = None

    @property
    def status(self) -> int:
        return self.error.exit_status if self.error else 0

    def to_json(self) -> dict:
        return {"file": self.file, "verdict": self.verdict, "package_id": self.package_id, "author": self.author,
                "tasks": list(self.tasks), "new_edits": self.new_edits, "rows": self.rows,
                "conflicts": self.conflicts, "error": self.error.to_json()["error"] if self.error else None}


def import_package(db, db_path: Path, path: Path, trust: str | None = None) -> Imported:
    """Verify, then merge; never raises for the package's sake (the refusal is in the verdict and the inbox).
    `trust`: the author's key fingerprint, confirmed by the user (by phone, in person), for the first
    assignment from a lead whose certificate this database does not hold yet."""
    from app.exchange.package import open_package

    path = Path(path)
    store = AttachmentStore.for_database(db_path)
    try:
        store.require_folder()
        trusted = _trusted(db, path, trust)
        with Intake(store) as intake:
            package = open_package(path, trusted, sink_for=intake.sink_for)
            manifest = package.manifest
            _check_content(manifest, package.data)
            refuse_outsiders(db, manifest)
            _check_report(db, package, intake.files.get("report.pdf"))
            edits = _edits(package.data, set(manifest.task_ids))
            stored = intake.attachments()
            refuse_foreign_rows(db, edits)
            refuse_unwritten_values(db, unknown(db, edits), stored, intake.files)
            entries, new_entries = _audit_entries(db, package.data, manifest)
            if manifest.kind == "assignment":
                _refuse_unconfirmed_assignment_into_a_lead(db, manifest, trust)
            assignment = _assignment(package.data) if manifest.kind == "assignment" else None

            def register(conn, at: str) -> None:
                for f in stored:
                    conn.execute("INSERT OR IGNORE INTO attachments (sha256, size, media_type, original_name,"
                                 " created_at) VALUES (?, ?, ?, ?, ?)", [f.sha256, f.size, f.media_type, "", at])
                if assignment is not None:
                    _apply_assignment(db, assignment, at, manifest.author.inspector_id)
                received_audit.add(conn, entries, manifest.package_id)

            from app.store import profile

            author = None if profile.get(db, "inspector_id") else manifest.author.inspector_id
            anything_new = assignment is not None or new_entries or unknown(db, edits)
            filed: list[Imported] = []

            def finish(conn, received) -> None:
                """Last in the merge's transaction: the files on disk under their names, then the inbox entry,
                committed with the merge (one commit, one disk flush for both)."""
                require_readable_records(db, path, manifest.task_ids)
                intake.keep()
                filed.append(_inbox_row(conn, _merged(db, path, manifest, received, assignment)))

            try:
                result = receive(db, edits, manifest.package_id, before=register if anything_new else None,
                                 author=author, before_commit=finish)
                intake.keep()  # when there was nothing to merge (no transaction): a file the store lost comes back
            except sqlite3.IntegrityError as exc:  # e.g. a task of an institution this registry does not hold
                if "CHECK constraint" in str(exc) or "NOT NULL" in str(exc):
                    raise IntegrityFailure(f"{path.name} 中的记录有 Spotcheck 不会写下的值或缺少必需的内容，未导入（{exc}）。",
                                           [Problem("Spotcheck 写下的记录", str(exc), file="data.json")]) from None
                if "notice" in str(exc):  # tasks.notice_prefix, notice_year, notice_serial
                    raise IntegrityFailure(f"{path.name} 中的任务与本数据库中另一项任务的检查通知书编号相同，未导入：同一编号只能"
                                           "属于一份检查通知书。请与发出数据包的人核对编号。",
                                           [Problem("本数据库中未用过的检查通知书编号", str(exc), file="data.json")]) from None
                if "document" in str(exc):
                    raise IntegrityFailure(f"{path.name} 中的任务与本数据库中另一项任务的文书编号相同，未导入：同一编号只能"
                                           "属于一份记录。请与发出数据包的人核对编号。",
                                           [Problem("本数据库中未用过的文书编号", str(exc), file="data.json")]) from None
                raise IntegrityFailure(f"{path.name} 中的记录引用了本数据库中没有的机构、人员或任务，未导入（{exc}）。"
                                       "请先导入相应的名录库或任务分配包。",
                                       [Problem("本数据库已有的机构、人员和任务", str(exc), file="data.json")]) from None
    except (InputRefused, IntegrityFailure) as exc:
        return _file(db, Imported(shown_text(str(path)), "refused",
                                  error=textual(_with_first_contact_hint(db, path, exc, trust))))
    return filed[0] if filed else _file(db, _merged(db, path, manifest, result, assignment))


def signer_name(db, inspector_id: str) -> str:
    """Who signed a package, as this database registered the key's owner: the manifest's `author.name` is
    informative only (anyone with a registered key writes any name there, line breaks included)."""
    from app.services.registry import get_inspector

    person = get_inspector(db, inspector_id)
    return person.name if person is not None else inspector_id


def _merged(db, path: Path, manifest, result, assignment) -> Imported:
    verdict = "merged" if result.new or assignment is not None and result.rows else "already"
    return Imported(shown_text(str(path)), verdict, manifest.package_id, signer_name(db, manifest.author.inspector_id),
                    tuple(manifest.task_ids), manifest.created_at, manifest.kind, result.new, result.rows,
                    len(result.conflicts))


@dataclass(frozen=True)
class FirstContact:
    """An assignment signed by a key this database has never seen: who signed it and the fingerprint the user
    must check with them before trusting it."""

    author: str
    inspector_id: str
    fingerprint: str
    display: str  # grouped, to read out over the phone
    known: bool = False  # the key is registered here, but this is a lead's database: each assignment is confirmed


def first_contact(db, path: Path) -> FirstContact | None:
    """If `path` is an assignment whose author's key is not registered here (and whose own certificate could be
    trusted once its fingerprint is confirmed), or any assignment given to a lead's database (which takes one only
    confirmed): what to show the user. None otherwise."""
    from app.exchange.keyfiles import display_fingerprint
    from app.exchange.package import unverified_data

    try:
        manifest, _ = unverified_data(Path(path))
    except SpotcheckError:
        return None
    from app.store import profile

    fp = manifest.author.key_fingerprint
    known = fp in trusted_certificates(db)
    if manifest.kind != "assignment" or known and profile.get(db, "role") != "lead":
        return None
    author = signer_name(db, manifest.author.inspector_id) if known else \
        manifest.author.name or manifest.author.inspector_id
    return FirstContact(author, manifest.author.inspector_id, fp, display_fingerprint(fp), known)


def _with_first_contact_hint(db, path: Path, error: SpotcheckError, trust: str | None) -> SpotcheckError:
    """A package signed by a key this database has never seen: say which fingerprint to check with its author,
    and how to confirm it (the first assignment from a lead)."""
    from app.exchange.keyfiles import display_fingerprint
    from app.exchange.package import unverified_data

    if trust or not error.problems or error.problems[0].file != "signature":
        return error
    try:
        manifest, _ = unverified_data(path)
    except SpotcheckError:
        return error
    fp = manifest.author.key_fingerprint
    if fp in trusted_certificates(db):
        return error
    hint = (f"签名人 {manifest.author.name or manifest.author.inspector_id} 的密钥尚未登记在本数据库中。"
            f"如这是组长发来的第一个任务分配包，请通过电话或当面与组长核对密钥指纹 {display_fingerprint(fp)}，"
            f"一致后再导入（命令行加 --trust {fp}）。")
    return type(error)(error.message + hint, error.problems)


def _trusted(db, path: Path, trust: str | None) -> dict[str, dict]:
    """The registered certificates, and, on first contact, the author's certificate carried in the package when
    its fingerprint is the one the user confirmed."""
    from app.exchange.keyfiles import fingerprint, parse_certificate
    from app.exchange.package import unverified_data

    trusted = trusted_certificates(db)
    if not trust:
        return trusted
    manifest, data = unverified_data(path)
    confirmed = "".join(trust.split()).replace(":", "").lower()
    author_fp = manifest.author.key_fingerprint
    if author_fp in trusted:
        return trusted
    if confirmed != author_fp:
        raise IntegrityFailure(f"{path.name} 的签名密钥指纹与您确认的不同：不是您确认的那把密钥签署的，未导入。",
                               [Problem(f"您确认的指纹 {confirmed}", author_fp, file="signature")])
    certificates = (data.get("assignment") or {}).get("certificates") if isinstance(data.get("assignment"), dict) \
        else None
    carried = next((c for c in certificates or [] if isinstance(c, dict) and c.get("fingerprint") == author_fp
                    and c.get("inspector_id") == manifest.author.inspector_id), None)
    if carried is None or not isinstance(carried.get("certificate"), str):
        raise IntegrityFailure(f"{path.name} 没有附带签名人的证书，无法在首次导入时核对密钥。",
                               [Problem("附带签名人证书的任务分配包", None, file="data.json")])
    try:
        actual = fingerprint(parse_certificate(carried["certificate"].encode("ascii"), "data.json"))
    except (ValueError, UnicodeEncodeError, SpotcheckError):
        actual = None
    if actual != author_fp:
        raise IntegrityFailure(f"{path.name} 附带的证书与签名人的密钥指纹不符，未导入。",
                               [Problem(f"指纹为 {author_fp} 的证书", actual, file="data.json")])
    return {**trusted, author_fp: {"inspector_id": manifest.author.inspector_id, "certificate": carried["certificate"],
                                   "retired_at": None, "not_before": carried.get("not_before"),
                                   "not_after": carried.get("not_after")}}


def _refuse_unconfirmed_assignment_into_a_lead(db, manifest, trust: str | None) -> None:
    """A lead's database takes an assignment only from an author its user confirmed for this import (`--trust`
    with the author's fingerprint, as on a first contact): any registered colleague could otherwise rewrite the
    lead's registries, keys and organ with one."""
    from app.store import profile

    confirmed = "".join((trust or "").split()).replace(":", "").lower() == manifest.author.key_fingerprint
    if profile.get(db, "role") == "lead" and not confirmed:
        fp = manifest.author.key_fingerprint
        raise IntegrityFailure("这是任务分配包，而本数据库的角色是组长：任务分配包由组长发给组员，组长的数据库不自动导入"
                               "（它会改写本数据库的名录库、登记的签名密钥和检查机关）。如确需导入，请与作者核对密钥指纹后"
                               f"加 --trust {fp} 再导入；如本机由组员使用，请先把角色改为检查人员。",
                               [Problem("组员（检查人员）的数据库，或核对过指纹的作者", "组长", file="manifest.json",
                                        column="kind")])


def _assignment(data: dict) -> dict:
    """The assignment's registry entries, certificates and organ, each read as this database stores them."""
    from app.store.registry import inspector_from_row, institution_from_row

    raw = data.get("assignment")
    if not isinstance(raw, dict):
        raise IntegrityFailure("任务分配包的 data.json 中没有 assignment。", [Problem("assignment 对象", None,
                                                                                   file="data.json")])
    try:
        institutions = [institution_from_row(r) for r in raw["institutions"]]
        inspectors = [inspector_from_row(r) for r in raw["inspectors"]]
        certificates = [_carried_certificate(c) for c in raw["certificates"]]
        organ = {k: raw["organ"][k] for k in ("name", "short_name", "document_prefix", "joint", "legal_basis",
                                               "plan_notice")}
        for name in ("notice_prefix", "result_prefix"):  # packages made before these notices carry none
            if name in raw["organ"]:
                organ[name] = raw["organ"][name]
    except (KeyError, TypeError, AttributeError, ValueError):
        raise IntegrityFailure("任务分配包的 data.json 中机构、人员、证书或检查机关的格式不对。",
                               [Problem("docs/package-format.md 所述的 assignment", None, file="data.json")]) from None
    return {"institutions": institutions, "inspectors": inspectors, "certificates": certificates, "organ": organ}


def _carried_certificate(carried: dict) -> dict:
    """A certificate an assignment carries, as it will be registered: the facts read from the certificate itself
    (it must be one, and be the one its fingerprint names), its inspector and when it was retired, if it was."""
    from app.exchange.keyfiles import cert_facts, parse_certificate
    from app.exchange.package_manifest import is_time

    entry = {k: carried[k] for k in CERTIFICATE_FIELDS}
    try:
        facts = cert_facts(parse_certificate(entry["certificate"].encode("ascii"), "data.json"))
    except (AttributeError, UnicodeEncodeError, ValueError, SpotcheckError):
        facts = None
    retired = entry["retired_at"]
    if facts is None or facts["fingerprint"] != entry["fingerprint"] or not isinstance(entry["inspector_id"], str) \
            or not (retired is None or is_time(retired)):
        raise IntegrityFailure("任务分配包附带的证书不是它所称指纹的证书，或缺少人员、停用时间不合规，未导入。",
                               [Problem("与指纹相符的 X.509 证书（PEM）", str(entry["fingerprint"])[:64],
                                        file="data.json", column="certificates")])
    return {**entry, **facts}


def _apply_assignment(db, assignment: dict, at: str, author: str | None = None) -> None:
    """In the import's transaction: the registry entries, the certificates this database does not hold, the
    organ. A certificate is registered only for an inspector with no key registered here, or the package's own
    author: an assignment never adds a second key in another person's name (whoever holds that key could then
    sign as them); a new key of someone already known is registered with `key import`."""
    import uuid

    from app.services.profile import ORGAN_KEYS
    from app.store import keys as key_rows
    from app.store import profile
    from app.store.registry_upsert import upsert_inspectors, upsert_institutions

    upsert_institutions(db, assignment["institutions"])
    upsert_inspectors(db, assignment["inspectors"])
    known = {row["inspector_id"] for row in key_rows.all_keys(db)}
    for c in assignment["certificates"]:
        if c["inspector_id"] in known and c["inspector_id"] != author:
            continue
        if key_rows.by_fingerprint(db, c["fingerprint"]) is None:
            key_rows.insert(db, {**c, "id": str(uuid.uuid4()), "source": "imported", "created_at": at})
    organ = assignment["organ"]
    here = profile.get(db, "organ_name") or ""
    if isinstance(organ.get("name"), str) and organ["name"] and here in ("", organ["name"]):  # never another organ's
        for name, key in ORGAN_KEYS.items():
            if name not in organ:
                continue  # not carried: what this database has stays
            value = organ.get(name)
            text = "\n".join(map(str, value)) if isinstance(value, list) else str(value or "")
            profile.set_value(db, key, text)


def _check_report(db, package, path: Path | None) -> None:
    """The signed record PDF a findings package carries must verify, and be the record the package carries."""
    import hashlib

    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys
    from app.services.reporting import canonical_json, record_reference

    if path is None:
        return
    result = verify_pdf(Path(path).read_bytes(), trusted_keys(db))
    if result.verdict != "confirmed":
        raise IntegrityFailure(f"数据包中签署的记录 PDF 未通过验证（{result.verdict}）：" + "；".join(result.messages[:3]),
                               [Problem("签名有效、签署后未被改动的记录 PDF", result.verdict, file="report.pdf")])
    reference = record_reference(result.keywords)
    records = {t["record"].get("id"): t["record"] for t in package.data["tasks"]}
    record = records.get(reference[0]) if reference else None
    if record is None:
        raise IntegrityFailure("数据包中签署的记录 PDF 不是数据包中任务的记录。",
                               [Problem("数据包中任务的记录", reference and reference[0], file="report.pdf")])
    content = {k: v for k, v in record.items() if k not in ("status", "warnings", "missing")}
    if hashlib.sha256(canonical_json(content)).hexdigest() != reference[1]:
        raise IntegrityFailure("数据包中签署的记录 PDF 与数据包中的记录内容不一致（记录哈希不同）。",
                               [Problem(f"记录哈希 {reference[1][:16]}…", "不同", file="report.pdf")])


def _audit_entries(db, data: dict, manifest) -> tuple[list[dict], int]:
    """The audit entries the package carries (each whole, its hash covering its content, and none rewriting an
    entry the same device sent before), and how many of them this database has not received yet.

    Only the author's own are kept and compared: those of the package's device, made by its (signing) author.
    Anyone may write an entry naming any device and person, and hash it; what another device or person did
    is theirs to send, so a package cannot put entries in their name here, nor get their next package refused
    as a rewritten log."""
    from app.domain import audit

    entries = []
    for task in data["tasks"]:
        raw = task.get("audit")
        if not isinstance(raw, list):
            raise IntegrityFailure("data.json 中的任务没有审计记录（audit）。", [Problem("每项任务的 audit 列表", None,
                                                                                     file="data.json")])
        for n, entry in enumerate(raw, start=1):
            if not (isinstance(entry, dict) and set(entry) == {*audit.FIELDS, "prev_hash", "hash"}
                    and type(entry["id"]) is int and 0 < entry["id"] < 2 ** 63 and isinstance(entry["device"], str)
                    and isinstance(entry["hash"], str) and isinstance(entry["prev_hash"], str)):
                raise IntegrityFailure(f"data.json 中第 {n} 条审计记录的格式不对。",
                                       [Problem("审计记录的各字段", str(entry)[:80], file="data.json")])
            if audit.entry_hash(entry, entry["prev_hash"]) != entry["hash"]:
                raise IntegrityFailure(f"data.json 中设备 {entry['device']} 的第 {entry['id']} 条审计记录与其哈希不符。",
                                       [Problem("哈希与内容一致的审计记录", entry["id"], file="data.json")])
            if entry["device"] == manifest.device_id and entry["author"] == manifest.author.inspector_id:
                entries.append(entry)
    by_device: dict[str, list[dict]] = {}
    new = 0
    for entry in entries:
        by_device.setdefault(entry["device"], []).append(entry)
    for device, sent in by_device.items():
        before = received_audit.held(db.conn, device, [e["id"] for e in sent], manifest.author.inspector_id)
        rewritten = [e for e in sent if e["id"] in before and before[e["id"]] != e["hash"]]
        new += sum(1 for e in sent if e["id"] not in before)
        if rewritten:
            first = rewritten[0]["id"]
            raise IntegrityFailure(f"设备 {device} 的审计记录第 {first} 条与它先前发来的不同：该设备的审计日志在发出后被改写过，"
                                   "这份数据包未导入。请与该设备的使用人核实。",
                                   [Problem("与先前收到的相同的审计记录", e["id"], file="data.json")
                                    for e in rewritten[:20]])
    return entries, new


def _edits(data: dict, task_ids: set[str]) -> list:
    edits = []
    for task in data["tasks"]:
        raw = task.get("edits")
        if not isinstance(raw, list):
            raise IntegrityFailure("data.json 中的任务没有编辑记录（edits）：这不是可以合并的检查结果包。",
                                   [Problem("每项任务的 edits 列表", None, file="data.json")])
        for n, item in enumerate(raw, start=1):
            edit = edit_from_json(item, n)
            require_stamp(edit, n)
            if edit.task_id not in task_ids:
                raise IntegrityFailure(f"data.json 中第 {n} 条编辑属于数据包清单之外的任务 {edit.task_id}。",
                                       [Problem("清单中列出的任务", edit.task_id, file="data.json")])
            edits.append(edit)
    return edits


def _file(db, imported: Imported) -> Imported:
    """The inbox entry: written for every file, whatever became of it (a merge writes its own, in its transaction)."""
    with db.atomic():
        _inbox_row(db.conn, imported)
    return imported


def _inbox_row(conn, imported: Imported) -> Imported:
    from app.store.audit_log import now_iso

    message = shown_text(imported.error.message) if imported.error else ""
    conn.execute("INSERT INTO inbox (received_at, file, package_id, kind, author, created_at, tasks, verdict, message,"
                 " new_edits, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [now_iso(), shown_text(Path(imported.file).name), imported.package_id, imported.kind, imported.author,
                  imported.created_at, json.dumps(list(imported.tasks)), imported.verdict, message,
                  imported.new_edits, imported.conflicts])
    return imported


@dataclass(frozen=True)
class InboxEntry:
    received_at: str
    file: str
    verdict: str
    created_at: str | None
    author: str | None
    tasks: tuple[str, ...]
    new_edits: int
    conflicts: int
    message: str

    def to_json(self) -> dict:
        return {"received_at": self.received_at, "file": self.file, "verdict": self.verdict,
                "created_at": self.created_at, "author": self.author,
                "tasks": list(self.tasks), "new_edits": self.new_edits, "conflicts": self.conflicts,
                "message": self.message}


def inbox(db) -> list[InboxEntry]:
    """Every package given to this database, newest first."""
    rows = db.conn.execute("SELECT received_at, file, verdict, created_at, author, tasks, new_edits, conflicts,"
                           " message FROM inbox ORDER BY id DESC").fetchall()
    return [InboxEntry(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5] or "[]")), r[6], r[7], r[8])
            for r in rows]
