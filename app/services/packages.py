"""Findings packages (docs/package-format.md): exporting one task's record, and verifying any package against this
database's registered certificates; importing them is app/services/inbox.py.

`export_findings` puts the task's record (`TaskRecord.to_json()`), its audit entries, the attachments it names
and, when the record is signed and the profile may sign it, the digitally signed record PDF into one package,
signed with the profile's key. `verify_package` runs every check of `app.exchange.package.open_package` (nothing
is unpacked, nothing written) and a few on the content: the tasks data.json holds are the ones the manifest
names, and every attachment the records name is in the package.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from app.domain.problems import InputRefused, IntegrityFailure, Problem, SpotcheckError
from app.domain.tasks import TaskStatus
from app.exchange.package import ATTACHMENTS, Author, Manifest, open_package
from app.exchange.package_write import write_package
from app.files import make_folder, replacing
from app.store import audit_log
from app.store import keys as key_rows
from app.store.attachments import AttachmentStore

SUFFIX = ".scpkg"
SIGNED = (TaskStatus.SIGNED, TaskStatus.MERGED, TaskStatus.CLOSED)


def trusted_certificates(db) -> dict[str, dict]:
    """Registered certificates for `open_package`: fingerprint → inspector, certificate (PEM), validity, retired."""
    return {row["fingerprint"]: {"inspector_id": row["inspector_id"], "certificate": row["certificate"],
                                 "retired_at": row["retired_at"], "not_before": row["not_before"],
                                 "not_after": row["not_after"]}
            for row in key_rows.all_keys(db)}


def referenced_attachments(record: dict) -> set[str]:
    """The SHA-256 of every file a task record (as `TaskRecord.to_json()`) names: photos, their reduced copies,
    signature images."""
    found = set()
    photos, signatures = record.get("photos"), record.get("signatures")
    for photo in photos if isinstance(photos, list) else []:
        if isinstance(photo, dict):
            found.update(str(h) for h in (photo.get("sha256"), photo.get("reduced_sha256")) if h)
    for signature in signatures if isinstance(signatures, list) else []:
        if isinstance(signature, dict) and signature.get("png_sha256"):
            found.add(str(signature["png_sha256"]))
    return found


_STAMP = re.compile(r"[0-9]{13}-[0-9]{5,9}-(.*)", re.ASCII | re.DOTALL)  # app/domain/hlc.py: wall_ms-counter-device
EDIT_FIELDS = {"entity": str, "entity_id": str, "field": str, "value": (str, type(None)), "hlc": str,
               "author": str, "device": str, "task_id": (str, type(None)), "bases": list}


def edit_json(edit) -> dict:
    """A field edit as data.json carries it (docs/package-format.md, edits)."""
    return {"entity": edit.entity, "entity_id": edit.entity_id, "field": edit.field, "value": edit.value,
            "hlc": edit.hlc, "author": edit.author, "device": edit.device, "task_id": edit.task_id,
            "bases": list(edit.bases)}


def edit_from_json(data, n: int):
    """A field edit read from data.json, every member of the right type, or the refusal naming it."""
    from app.domain.merge import FieldEdit

    if not isinstance(data, dict) or set(data) != set(EDIT_FIELDS) or not all(
            isinstance(data[k], t) for k, t in EDIT_FIELDS.items()) or not all(isinstance(b, str) for b in data["bases"]):
        raise IntegrityFailure(f"data.json 中第 {n} 条编辑的格式不对。",
                               [Problem("{" + ", ".join(EDIT_FIELDS) + "}", str(data)[:80], file="data.json")])
    entity_id, task_id = data["entity_id"], data["task_id"]
    if data["entity"] == "member" and task_id and "/" not in entity_id:
        entity_id = f"{task_id}/{entity_id}"  # a package of a version that named a member by the inspector alone
    if data["entity"] in ("member", "correction") and not entity_id.startswith(f"{task_id}/"):
        raise IntegrityFailure(f"data.json 中第 {n} 条编辑（{data['entity']}）的记录ID {entity_id[:60]} 不属于它的任务。",
                               [Problem("以所属任务ID开头的记录ID", entity_id[:80], file="data.json")])
    return FieldEdit(data["entity"], entity_id, data["field"], data["value"], data["hlc"], data["author"],
                     data["device"], task_id, tuple(data["bases"]))


def require_stamp(edit, n: int) -> None:
    """An edit's stamp is `wall_ms-counter-device` (app/domain/hlc.py) of the edit's own device: any other text
    cannot be ordered, nor moves this database's clock (it was an exit 4 deep in the merge)."""
    stamp = _STAMP.fullmatch(edit.hlc)
    if stamp is None or stamp.group(1) != edit.device:
        raise IntegrityFailure(f"data.json 中第 {n} 条编辑的时间戳（hlc）{edit.hlc[:60]!r} 不合规：应为“13 位毫秒-序号-设备”，"
                               "且设备与该编辑的设备相同。",
                               [Problem("wall_ms-counter-device 格式的时间戳", edit.hlc[:80], file="data.json",
                                        column="hlc")])


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _audit_head(entries: list[dict]) -> dict | None:
    return {"entry_id": entries[-1]["id"], "hash": entries[-1]["hash"]} if entries else None


def _signed_report(db, db_path: Path, record, author: str, passphrase: str) -> bytes | None:
    """The record PDF with the profile's digital signature, when the record is signed and the profile is an
    enforcement officer on its team; otherwise None (a partial or unsigned record travels without it)."""
    from app.services.reporting import signed_pdf

    member = next((m for m in record.members if m.inspector.id == author), None)
    if record.status not in SIGNED or member is None or not member.officer:
        return None
    return signed_pdf(db, db_path, record.id, passphrase)[0]


def export_findings(db, db_path: Path, task_id: str, out_path: Path, passphrase: str) -> dict:
    """Write the findings package of `task_id` to `out_path` (atomically) and return what went in."""
    from app.services.task_view import task_record
    from app.services.tasks import actor

    record = task_record(db, task_id)

    def signed_report(_key) -> bytes | None:
        return _signed_report(db, db_path, record, actor(db).author, passphrase)

    return _export(db, db_path, "findings", [task_id], {}, out_path, passphrase, signed_report)


def export_assignment(db, db_path: Path, out_path: Path, passphrase: str, *, task_ids: list[str] | None = None,
                      inspector: str | None = None, plan: str | None = None) -> dict:
    """The lead's assignment package (lead → team): the tasks (named; or every open task of `inspector`, of the
    plan's draws, or of both), their institutions, the team's registry entries and registered certificates, the
    lead's, and the organ."""
    from app.domain.problems import NotFound
    from app.services.profile import organ
    from app.services.task_view import list_tasks, task_record
    from app.services.tasks import actor, task_row
    from app.store.registry import get_inspector

    if inspector is not None or plan is not None:
        open_tasks = [t.id for t in list_tasks(db) if t.status.editable and not t.cancelled]
        if plan is not None:
            from app.services.plans import get_plan
            from app.store.plans import plan_tasks

            of_plan = {task_id for task_id, _ in plan_tasks(db.conn, get_plan(db, plan).id)}
            open_tasks = [t for t in open_tasks if t in of_plan]
        if inspector is not None:
            person = get_inspector(db, inspector)
            if person is None:
                raise NotFound(f"人员库中没有 {inspector}。")
            open_tasks = [t for t in open_tasks if person.id in {m.inspector.id for m in task_record(db, t).members}]
        task_ids = open_tasks
    task_ids = list(dict.fromkeys(task_ids or []))
    if not task_ids:
        raise InputRefused("没有要分配的检查任务。", [Problem("至少一项未完成的检查任务", inspector)])
    records = [task_record(db, t) for t in task_ids]
    institution_ids = sorted({task_row(db, t)["institution_id"] for t in task_ids})
    people = sorted({m.inspector.id for r in records for m in r.members} | {actor(db).author})
    assignment = {
        "institutions": _registry_rows(db, "institutions", institution_ids),
        "inspectors": _registry_rows(db, "inspectors", people),
        "certificates": [{k: row[k] for k in CERTIFICATE_FIELDS} for row in key_rows.all_keys(db)
                         if row["inspector_id"] in people],
        "organ": _organ_json(organ(db)),
    }
    return _export(db, db_path, "assignment", task_ids, {"assignment": assignment}, out_path, passphrase,
                   lambda _key: None)


CERTIFICATE_FIELDS = ("inspector_id", "fingerprint", "certificate", "subject", "not_before", "not_after", "retired_at")


def _registry_rows(db, table: str, ids: list[str]) -> list[dict]:
    """Registry rows as stored (what `institution_from_row` / `inspector_from_row` read back)."""
    cursor = db.conn.execute(f"SELECT * FROM {table} WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id", ids)
    names = [d[0] for d in cursor.description]
    return [{k: v for k, v in zip(names, row) if k not in ("created_at", "updated_at")} for row in cursor]


def _organ_json(organ) -> dict:
    return {"name": organ.name, "short_name": organ.short_name, "document_prefix": organ.document_prefix,
            "joint": list(organ.joint), "legal_basis": organ.legal_basis, "plan_notice": organ.plan_notice,
            "notice_prefix": organ.notice_prefix, "result_prefix": organ.result_prefix}


def _same_file(a: Path, b: Path) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist (yet), or cannot be looked at: the export says which
        return Path(os.path.abspath(a)) == Path(os.path.abspath(b))


def _export(db, db_path: Path, kind: str, task_ids: list[str], extra: dict, out_path: Path, passphrase: str,
            report_for) -> dict:
    """Write a package of `kind` holding `task_ids` (record, audit entries, field edits, attachments) and `extra`,
    signed with the profile's registered key, to `out_path` atomically."""
    from app.exchange.keyfiles import fingerprint
    from app.services.keys import load_signer_material
    from app.services.task_view import task_record
    from app.services.tasks import actor
    from app.store import field_edits
    from app.store.registry import get_inspector

    out_path = Path(out_path)
    if out_path.suffix.lower() != SUFFIX:
        raise InputRefused(f"数据包文件名应以 {SUFFIX} 结尾：{out_path.name}", [Problem(f"*{SUFFIX}", str(out_path))])
    if out_path.is_dir():
        raise InputRefused(f"{out_path} 是一个文件夹；请给出数据包的文件名。", [Problem("数据包文件名", str(out_path))])
    if _same_file(out_path, db_path):  # a database called `….scpkg`: the package would replace it
        raise InputRefused(f"{out_path} 是本数据库文件本身：数据包会覆盖数据库。请给数据包另选一个文件名。",
                           [Problem("数据库以外的数据包文件名", str(out_path))])
    records = [task_record(db, t) for t in task_ids]
    who = actor(db)
    key, certificate = load_signer_material(db_path, passphrase)
    fp = fingerprint(certificate)
    registered = key_rows.by_fingerprint(db, fp)
    if registered is None or registered["inspector_id"] != who.author:
        raise InputRefused("本数据库的签名密钥没有登记在使用人名下，用它签名的数据包在别处无法验证：请重新创建签名密钥"
                           "（spotcheck key create --replace）。", [Problem("登记在使用人名下的签名密钥", fp)])
    store = AttachmentStore.for_database(db_path)
    attachments, tasks, entries = {}, [], []
    for record in records:
        record_json = record.to_json()
        for sha in sorted(referenced_attachments(record_json)):
            path = store.path_of(sha)
            if not path.is_file():
                raise IntegrityFailure(f"任务记录引用的附件 {sha} 不在附件文件夹中，未导出数据包。",
                                       [Problem("附件文件夹中的文件", sha, file=str(path))])
            attachments[sha] = path
        audit = audit_log.entries(db, record.id)
        entries += audit
        tasks.append({"record": record_json, "audit": audit,
                      "edits": [edit_json(e) for e in field_edits.all_edits(db.conn, record.id)]})
    report = report_for(key)
    data = json.dumps({"tasks": tasks, **extra}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    person = get_inspector(db, who.author)
    author = Author(who.author, fp, person.name if person else "")
    make_folder(out_path.parent)
    entries.sort(key=lambda e: e["id"])
    with replacing(out_path) as temp:
        manifest = write_package(temp, kind=kind, package_id=str(uuid.uuid4()), created_at=_now(),
                                 author=author, device_id=who.device, task_ids=task_ids,
                                 audit_head=_audit_head(entries), data=data, attachments=attachments, report=report,
                                 private_key=key)
    from app.exchange.keyfiles import display_fingerprint

    return {"file": str(out_path), **_summary(manifest), "report_pdf": report is not None,
            "bytes": out_path.stat().st_size, "fingerprint_display": display_fingerprint(fp)}


def _summary(manifest: Manifest) -> dict:
    return {"package_id": manifest.package_id, "kind": manifest.kind, "created_at": manifest.created_at,
            "author": {"inspector_id": manifest.author.inspector_id, "name": manifest.author.name,
                       "key_fingerprint": manifest.author.key_fingerprint},
            "device_id": manifest.device_id, "tasks": list(manifest.task_ids), "audit_head": manifest.audit_head,
            "files": [f.to_json() for f in manifest.files]}


@dataclass
class PackageVerdict:
    """What `package verify` says of one file: ok with the package's facts, or the failure (which check, which
    file) as the error it raised."""

    file: str
    ok: bool
    manifest: Manifest | None = None
    error: SpotcheckError | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 0 if self.ok else self.error.exit_status

    def to_json(self) -> dict:
        facts = _summary(self.manifest) if self.manifest else {}
        return {"file": self.file, "ok": self.ok, **facts,
                "error": self.error.to_json()["error"] if self.error else None}


def _check_content(manifest: Manifest, data: dict) -> None:
    """data.json holds exactly the manifest's tasks, and every attachment their records name is in the package."""
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and isinstance(t.get("record"), dict)
                                              for t in tasks):
        raise IntegrityFailure("data.json 中没有任务记录（tasks）。", [Problem("含 tasks 列表的 data.json", None,
                                                                              file="data.json")])
    ids = [t["record"].get("id") for t in tasks]
    if sorted(map(str, ids)) != sorted(manifest.task_ids):
        raise IntegrityFailure("data.json 中的任务与 manifest.json 列出的任务不一致。",
                               [Problem(f"任务 {', '.join(manifest.task_ids)}", ", ".join(map(str, ids)),
                                        file="data.json")])
    present = {f.path.removeprefix(ATTACHMENTS) for f in manifest.files if f.path.startswith(ATTACHMENTS)}
    wanted = set().union(*(referenced_attachments(t["record"]) for t in tasks))
    missing = sorted(wanted - present)
    if missing:
        raise IntegrityFailure(f"记录引用的 {len(missing)} 个附件不在数据包中。",
                               [Problem("数据包中的附件", sha, file=ATTACHMENTS + sha) for sha in missing])


def shown_text(shown: str) -> str:
    """A file name or message as text to store and print: bytes no encoding reads (a name from another system's
    disk, which Python holds as lone surrogates) become U+FFFD."""
    import os

    return os.fsencode(shown).decode("utf-8", "replace") if any("\udc80" <= c <= "\udcff" for c in shown) else shown


def textual(error: SpotcheckError) -> SpotcheckError:
    """The error with its message and problems as text (`shown_text`): it may name the package's file."""
    from dataclasses import replace

    def text(value):
        return shown_text(value) if isinstance(value, str) else value

    return type(error)(shown_text(error.message), [replace(p, value=text(p.value), file=text(p.file))
                                                    for p in error.problems])


def verify_package(db, path: Path) -> PackageVerdict:
    """Every check of the container against this database's registered certificates; never raises for the
    package's sake (the failure is in the verdict)."""
    path = Path(path)
    try:
        package = open_package(path, trusted_certificates(db))
        _check_content(package.manifest, package.data)
    except (InputRefused, IntegrityFailure) as exc:
        return PackageVerdict(shown_text(str(path)), False, error=textual(exc))
    return PackageVerdict(shown_text(str(path)), True, package.manifest)


# --- what an import checks of the content, beyond the container (app/services/inbox.py) ------------------

def require_readable_records(db, path: Path, task_ids) -> None:
    """In the merge's transaction, before it commits: every task the package wrote reads back as a record. A value
    no Spotcheck writes (a time that is no time, an item the checklist lacks, a number that is none) would
    otherwise be kept and break the task's record, its PDF and every later import of it."""
    from app.services.task_view import task_record

    for task_id in task_ids:
        try:
            record = task_record(db, task_id)
            record.to_json()
            items = {item.number for item in record.checklist.items}
            if set(record.findings) != items:
                raise LookupError(f"检查事项 {sorted(set(record.findings) ^ items)[:5]} 不在检查事项清单中或缺失")
            for row in (*record.blind_samples, *record.exams, *record.photos, *record.signatures):
                for name, member in vars(type(row)).items():
                    if isinstance(member, property):
                        getattr(row, name)  # every value derived from what was stored (a score as printed …)
        except (ValueError, LookupError, TypeError, ArithmeticError, AttributeError, SpotcheckError) as exc:
            detail = exc.message if isinstance(exc, SpotcheckError) else \
                "数值无效" if isinstance(exc, ArithmeticError) else str(exc)[:120]
            raise IntegrityFailure(f"{path.name} 中任务 {task_id} 的记录合并后无法读出（{detail}）：数据包中有 Spotcheck "
                                   "不会写下的值，未导入。",
                                   [Problem("Spotcheck 写下的记录", f"{type(exc).__name__}: {str(exc)[:200]}",
                                            file="data.json")]) from None


# Fields a record gets when it is made and never changes after: the task's institution, checklist and document
# number, a finding's item, a photo's file. A received edit may bring them with the record, never change them.
FIXED = {("task", "institution_id"), ("task", "checklist_version"), ("task", "document_prefix"),
         ("task", "document_year"), ("task", "document_serial"), ("finding", "item"), ("photo", "sha256")}
FILES = {("photo", "sha256"), ("photo", "reduced_sha256"), ("signature", "png_sha256")}
NUMBERS = {("blind_sample", f) for f in ("assigned", "sigma_pt", "uncertainty_assigned", "expanded_assigned", "result",
                                          "uncertainty_result", "expanded_result", "score")} | \
    {("exam", "score"), ("exam", "pass_mark")}  # measured numbers, within the bounds of one typed on site
LEADS_OWN = ("merged", "closed")  # statuses only the lead's database gives a task


def refuse_unwritten_values(db, fresh: list, attachments, files: dict[str, Path] | None = None) -> None:
    """The new edits hold values Spotcheck writes: a time or a date that is one, no change of a field fixed when
    its record was made, a file the package carries (`attachments`: its `StoredFile`s; `files`: package path ->
    where its bytes are now) or this database holds — a photo or signature the package brings being a picture
    this database would have taken itself (app/store/pictures.py: readable, not too many pixels) — and, in a lead's
    database, no task merged or closed by someone else."""
    from datetime import date, datetime

    from app.domain.notices import NoticeMethod
    from app.domain.values import BadValue, parse_number
    from app.store import field_edits, profile

    lead = profile.get(db, "role") == "lead"
    carried = {f.sha256 for f in attachments}
    for edit in fresh:
        problem = None
        if (edit.entity, edit.field) in FILES and edit.value and edit.value not in carried and \
                db.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [edit.value]).fetchone() is None:
            problem = "引用的附件既不在数据包中，也不在本数据库中"
        elif (edit.entity, edit.field) in FILES and edit.value in carried and files:
            _require_picture(db, edit, files.get(ATTACHMENTS + edit.value))
        if edit.value not in (None, "") and (edit.field.endswith("_at") or edit.field.endswith("_date")):
            try:
                (date if edit.field.endswith("_date") else datetime).fromisoformat(edit.value)
            except ValueError:
                problem = "不是有效的日期或时间"
        if (edit.entity, edit.field) in NUMBERS and edit.value not in (None, ""):
            try:
                parse_number(edit.value)
            except BadValue:
                problem = "不是有效的数值"
        if edit.entity == "task" and edit.field == "notice_method" and edit.value not in (None, "") and \
                edit.value not in {m.value for m in NoticeMethod}:
            problem = "不是告知方式之一"
        if (edit.entity, edit.field) in FIXED and (edit.bases or field_edits.heads(db.conn, edit.key)):
            problem = "记录建立后不能再改"
        if lead and edit.entity == "task" and edit.field == "status" and edit.value in LEADS_OWN:
            problem = "只有组长本人的数据库能把任务设为已合并或已办结"
        if problem:
            raise IntegrityFailure(f"data.json 中的编辑 {edit.entity}.{edit.field} = {str(edit.value)[:40]!r}：{problem}，"
                                   "这份数据包未导入。",
                                   [Problem(problem, f"{edit.entity} {edit.entity_id[:60]}", file="data.json",
                                            column=edit.field)])


def _require_picture(db, edit, path: Path | None) -> None:
    """A photo (or its reduced copy) or a signature image a package brings, not held here yet: checked as one added
    here would be, so that no record PDF, Word file or window later opens a picture it cannot read."""
    from app.store.pictures import check_photo, check_signature_png

    held = db.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [edit.value]).fetchone()
    if path is None or held is not None:
        return
    try:
        if edit.entity == "signature":
            check_signature_png(Path(path).read_bytes(), ATTACHMENTS + edit.value)
        else:
            check_photo(path)
    except InputRefused as exc:
        told = exc.message.replace(Path(path).name, ATTACHMENTS + edit.value[:16] + "…")  # not the temporary name
        raise IntegrityFailure(f"数据包中的附件 {edit.value[:16]}…（{edit.entity}.{edit.field}）不能用作图片：{told}",
                               [Problem("本程序自己也会接受的图片", edit.value, file=ATTACHMENTS + edit.value,
                                        column=edit.field)]) from None


def refuse_outsiders(db, manifest: Manifest) -> None:
    """Findings come from the team: the author of a findings package is on the team of every task of it this
    database holds (or is this database's own user), so that no one registered rewrites a task not theirs."""
    from app.store import profile

    if manifest.kind != "findings" or manifest.author.inspector_id == profile.get(db, "inspector_id"):
        return
    for task_id in manifest.task_ids:
        held = db.conn.execute("SELECT 1 FROM tasks WHERE id = ?", [task_id]).fetchone()
        member = db.conn.execute("SELECT 1 FROM task_members WHERE task_id = ? AND inspector_id = ?",
                                 [task_id, manifest.author.inspector_id]).fetchone()
        if held is not None and member is None:
            who = manifest.author.name or manifest.author.inspector_id
            raise IntegrityFailure(f"数据包的作者 {who} 不在任务 {task_id} 的检查组中：只有检查组成员能发来该任务的检查结果，"
                                   "未导入。", [Problem("该任务检查组的成员", manifest.author.inspector_id,
                                                       file="manifest.json", column="author")])


def refuse_foreign_rows(db, edits: list) -> None:
    """Every edit writes a record of its own task (which the manifest lists): a task edit names that task, and a
    row held here (or named in the package) under another task is never reached through this one."""
    from app.store.rows import ENTITIES

    tables = {entity: table for table, entity in ENTITIES.items()}
    owner: dict[tuple[str, str], str] = {}
    bad = [e for e in edits if e.entity == "task" and e.entity_id != e.task_id]
    bad += [e for e in edits if owner.setdefault((e.entity, e.entity_id), e.task_id) != e.task_id]
    for (entity, entity_id), task_id in owner.items():
        if bad or entity not in tables or entity in ("task", "member", "correction"):  # those name their task
            continue
        held = db.conn.execute(f"SELECT task_id FROM {tables[entity]} WHERE id = ? UNION SELECT task_id FROM"
                               " field_edits WHERE entity = ? AND entity_id = ?", [entity_id, entity, entity_id])
        if any(row[0] != task_id for row in held):
            bad += [e for e in edits if (e.entity, e.entity_id) == (entity, entity_id)]
    if bad:
        first = bad[0]
        raise IntegrityFailure(f"data.json 中有编辑改写的是另一项任务的记录（{first.entity} {first.entity_id[:60]}），"
                               f"而它登记在任务 {first.task_id} 下：一份数据包只能改写它所列任务的记录，未导入。",
                               [Problem("所属任务的记录", f"{e.entity} {e.entity_id[:60]}", file="data.json",
                                        column=e.field) for e in bad[:20]])
