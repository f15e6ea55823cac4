"""What an inspector records on site: verdicts, corrections of the institution's details, blind samples,
signatory exams, photos and signatures.

Each function is one audited edit, written at once. Blind samples are
scored by `domain.scoring` when saved, and the score, the judgement and how
they were reached are stored with the row.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from decimal import Decimal
from pathlib import Path

from app.domain import credit_code, scoring
from app.domain.checklist import Verdict
from app.domain.handwriting import parse_strokes
from app.domain.problems import InputRefused, NotFound, Problem
from app.domain.record import (
    EXAM_FORMS,
    EXAM_RESULTS,
    BlindSample,
    Changes,
    InstitutionCorrection,
    Photo,
    SignatoryExam,
    Signature,
)
from app.domain.registry import Institution
from app.domain.values import BadValue, parse_iso_date, split_names
from app.services.checklist import load_checklist
from app.services.tasks import edit, require_editable, task_row
from app.store import record_rows, rows
from app.store.registry import from_column, get_inspector, get_institution

# The institution's details that may be corrected on site: those of the self-check table.
CORRECTABLE = ("name", "address", "credit_code", "legal_rep", "legal_rep_phone", "contact", "contact_phone",
               "authorized_name", "cma_cert_no", "cma_issuer", "cma_approved_on", "cma_expires_on",
               "top_manager", "top_manager_phone", "tech_lead", "signatories")
__all__ = ["EXAM_FORMS", "EXAM_RESULTS"]  # the words of the record, re-exported for the command line


# --- checklist verdicts -------------------------------------------------------------------------

def set_verdict(db, task_id: str, item: int, verdict: Verdict | str, description: str | None = None) -> Changes:
    row = require_editable(db, task_id)
    checklist = load_checklist(row["checklist_version"])
    if item not in {i.number for i in checklist.items}:
        raise InputRefused(f"检查事项清单（{checklist.version}）中没有第 {item} 项。",
                           [Problem(f"1 到 {len(checklist.items)} 之间的序号", item, column="item")])
    verdict = Verdict(verdict)
    changes = {"verdict": verdict.value}
    if description is not None:
        changes["description"] = description.strip()
    finding = record_rows.findings(db.conn, task_id)[item]
    with edit(db) as e:
        changed = rows.update(e, "findings", {"id": finding.id}, changes, finding.id, task_id)
        return rows.changes(e, task_id, changed, finding.id)


# --- the institution's details, as found on site ---------------------------------------------------

def institution_of(db, task_id: str) -> tuple[Institution, dict[str, InstitutionCorrection]]:
    """The registry's institution with the on-site corrections applied, and the corrections by field."""
    row = task_row(db, task_id)
    institution = get_institution(db, row["institution_id"])
    corrections = record_rows.corrections(db.conn, task_id)
    for name, c in corrections.items():
        setattr(institution, name, from_column(name, c.value))  # the registry's own decoding
    return institution, corrections


def correct_institution(db, task_id: str, field: str, value) -> Changes:
    """Record what was found on site for one of the institution's details; the old value is kept."""
    if field not in CORRECTABLE:
        raise InputRefused(f"“{field}”不是可在现场更正的机构信息。", [Problem("、".join(CORRECTABLE), field)])
    require_editable(db, task_id)
    stored = correction_text(field, value)
    institution, corrections = institution_of(db, task_id)
    current = getattr(institution, field)
    current_text = json.dumps(current, ensure_ascii=False) if field == "signatories" else (
        current.isoformat() if hasattr(current, "isoformat") else current)
    with edit(db) as e:
        if field in corrections:
            changed = rows.update(e, "institution_corrections", {"task_id": task_id, "field": field},
                                     {"value": stored}, f"{task_id}/{field}", task_id)
            return rows.changes(e, task_id, {field: changed["value"]} if changed else {})
        if stored == current_text:
            return Changes(task_id)
        rows.insert(e, "institution_corrections", {"task_id": task_id, "field": field,
                                                      "original": current_text, "value": stored},
                       f"{task_id}/{field}", task_id)
        return rows.changes(e, task_id, {field: (current_text, stored)})


def correction_text(field: str, value) -> str:
    """A correction of `field` as it is stored and travels (checked: `_checked_correction`); a conflict settled
    with a written value is checked the same way (app/services/merge.py)."""
    value = _checked_correction(field, value)
    return json.dumps(list(value), ensure_ascii=False) if field == "signatories" else (
        value.isoformat() if hasattr(value, "isoformat") else (value or "").strip())


def _checked_correction(field: str, value):
    """A corrected date must be a real YYYY-MM-DD date, a corrected credit code must pass its check character;
    the code is kept in its canonical form (half-width, upper case, no spaces). Signatories typed as one text are
    split by the registry's own rule (values.split_names), whichever front end typed them."""
    if field == "signatories" and isinstance(value, str):
        return split_names(value)
    if field in ("cma_approved_on", "cma_expires_on"):
        try:
            return parse_iso_date(value)
        except BadValue as bad:
            raise InputRefused(f"日期“{value}”不是 YYYY-MM-DD 格式的真实日期。",
                               [Problem(bad.expected, value, column=field)]) from None
    if field == "credit_code" and isinstance(value, str) and value.strip():
        check = credit_code.check_credit_code(value)
        if not check.valid:
            raise InputRefused(f"统一社会信用代码“{value}”无效：" + "；".join(check.errors),
                               [Problem("18位统一社会信用代码，校验码正确", value, column=field)])
        return check.code
    return value


# --- blind samples ------------------------------------------------------------------------------

SAMPLE_TEXT = ("code", "matrix", "parameter", "method", "unit")
SAMPLE_NUMBERS = {  # stored column -> the scoring input
    "assigned": "assigned", "sigma_pt": "sigma_pt", "uncertainty_assigned": "u_assigned",
    "expanded_assigned": "U_assigned", "result": "result", "uncertainty_result": "u_result",
    "expanded_result": "U_result",
}


def _scored(values: dict) -> dict:
    """The score, judgement and details of a blind sample's values (or blanks while incomplete)."""
    statistic = values.get("statistic")
    if statistic == "qualitative":
        if not (values.get("expected_text") or "").strip() or not (values.get("result_text") or "").strip():
            return {"score": None, "judgement": None, "details": "{}"}
        outcome = scoring.judge_qualitative(scoring.QualitativeSample(values["expected_text"], values["result_text"]))
        return {"score": None, "judgement": outcome.judgement.value,
                "details": json.dumps(outcome.to_json(), ensure_ascii=False)}
    if not statistic:
        return {"score": None, "judgement": None, "details": "{}"}
    sample = scoring.QuantitativeSample(statistic, **{SAMPLE_NUMBERS[k]: values.get(k) for k in SAMPLE_NUMBERS})
    result = scoring.score(sample)
    return {"score": format(result.score, "f"), "judgement": result.judgement.value,
            "details": json.dumps(result.to_json(), ensure_ascii=False)}


def sample_by_code(db, task_id: str, code: str | None) -> str | None:
    """The id of the task's (not removed) blind sample with this code, or None. A code names one sample."""
    code = (code or "").strip()
    if not code:
        return None
    return next((s.id for s in record_rows.blind_samples(db.conn, task_id) if s.code == code), None)


def blind_sample(db, sample_id: str) -> BlindSample:
    row = rows.fetch(db.conn, "blind_samples", {"id": sample_id})
    if row is None:
        raise NotFound(f"没有盲样记录 {sample_id}。")
    return record_rows.blind_sample(row)


def exam(db, exam_id: str) -> SignatoryExam:
    row = rows.fetch(db.conn, "signatory_exams", {"id": exam_id})
    if row is None:
        raise NotFound(f"没有授权签字人考试记录 {exam_id}。")
    return record_rows.exam(row)


def photo(db, photo_id: str) -> Photo:
    row = rows.fetch(db.conn, "photos", {"id": photo_id})
    if row is None:
        raise NotFound(f"没有照片 {photo_id}。")
    return record_rows.photo(row)


def _refuse_a_taken_code(db, task_id: str, code: str | None, sample_id: str | None) -> None:
    other = sample_by_code(db, task_id, code)
    if other is not None and other != sample_id:
        raise InputRefused(f"样品编号 {code.strip()} 已用于本任务的另一个盲样：一个编号只指一个盲样。",
                           [Problem("本任务中尚未使用的样品编号", code, column="code")])


def save_blind_sample(db, task_id: str, values: dict, sample_id: str | None = None, *,
                      strict: bool = True) -> Changes:
    """Add (no id) or change a blind sample. A code names its sample within the task: adding a sample with a
    code already used corrects that sample; changing a sample's code to another's is refused. `strict`: refuse
    inputs that cannot be scored; otherwise a half-filled row (the window saves every field as it is typed) is
    kept without a judgement yet."""
    require_editable(db, task_id)
    if sample_id is None:
        sample_id = sample_by_code(db, task_id, values.get("code"))  # recording it again corrects it
    elif "code" in values:
        _refuse_a_taken_code(db, task_id, values["code"], sample_id)
    current = rows.fetch(db.conn, "blind_samples", {"id": sample_id}) if sample_id else {}
    if sample_id and not current:
        raise NotFound(f"没有盲样记录 {sample_id}。")
    merged = {**current, **values}
    for name in ("expected_text", "result_text"):
        if merged.get(name) is not None:
            merged[name] = merged[name].strip()
    for name in SAMPLE_NUMBERS:  # a number given now is stored only if it reads, strict or not
        if name in values and merged.get(name) is not None:
            number = scoring.to_decimal(merged[name], name)
            merged[name] = format(number, "f") if number is not None else None
    try:
        merged.update(_scored(merged))
        if strict and not merged.get("judgement"):
            raise InputRefused("盲样信息不全，无法判定：请填写统计量及其所需数值，定性样品请填写预期结果和实测结果。",
                               [Problem("可以判定的盲样", merged.get("code"), column="statistic")])
    except InputRefused:
        if strict:
            raise
        merged.update({"score": None, "judgement": None, "details": "{}"})
    columns = SAMPLE_TEXT + tuple(SAMPLE_NUMBERS) + ("statistic", "expected_text", "result_text", "score",
                                                      "judgement", "details")
    changes = {k: merged.get(k) for k in columns if k in merged}
    for name in SAMPLE_TEXT + ("expected_text", "result_text"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    with edit(db) as e:
        if sample_id:
            changed = rows.update(e, "blind_samples", {"id": sample_id}, changes, sample_id, task_id)
            return rows.changes(e, task_id, changed, sample_id)
        sample_id = str(uuid.uuid4())
        row = {"id": sample_id, "task_id": task_id,
               "position": rows.next_position(e.conn, "blind_samples", task_id), **changes}
        rows.insert(e, "blind_samples", row, sample_id, task_id)
        return rows.changes(e, task_id, {k: (None, v) for k, v in changes.items()}, sample_id)


# --- removing and restoring (the row stays in the database and the audit log) ----------------------

def remove_blind_sample(db, sample_id: str) -> Changes:
    return _mark(db, "blind_samples", sample_id, deleted=1, action="delete")


def restore_blind_sample(db, sample_id: str) -> Changes:
    """Undo `remove_blind_sample`; refused if its code has been given to another sample since."""
    return _mark(db, "blind_samples", sample_id, deleted=0, action="restore")


def remove_exam(db, exam_id: str) -> Changes:
    return _mark(db, "signatory_exams", exam_id, deleted=1, action="delete")


def restore_exam(db, exam_id: str) -> Changes:
    return _mark(db, "signatory_exams", exam_id, deleted=0, action="restore")


def remove_photo(db, photo_id: str) -> Changes:
    return _mark(db, "photos", photo_id, deleted=1, action="delete")


def restore_photo(db, photo_id: str) -> Changes:
    return _mark(db, "photos", photo_id, deleted=0, action="restore")


def _mark(db, table: str, row_id: str, deleted: int, action: str) -> Changes:
    row = rows.fetch(db.conn, table, {"id": row_id})
    if row is None:
        raise NotFound(f"没有这条记录 {row_id}。")
    require_editable(db, row["task_id"])
    if table == "blind_samples" and not deleted:  # a removed sample's code may have been given to another since
        _refuse_a_taken_code(db, row["task_id"], row["code"], row_id)
    with edit(db) as e:
        changed = rows.update(e, table, {"id": row_id}, {"deleted": deleted}, row_id, row["task_id"],
                                 action=action)
        return rows.changes(e, row["task_id"], changed, row_id)


# --- signatory exams ----------------------------------------------------------------------------

def save_exam(db, task_id: str, values: dict, exam_id: str | None = None) -> Changes:
    """Add or change a signatory exam; the result (pass/fail) follows from score and pass mark if both given."""
    require_editable(db, task_id)
    current = rows.fetch(db.conn, "signatory_exams", {"id": exam_id}) if exam_id else {}
    if exam_id and not current:
        raise NotFound(f"没有授权签字人考试记录 {exam_id}。")
    merged = {**current, **values}
    if merged.get("form") and merged["form"] not in EXAM_FORMS:
        raise InputRefused(f"考试形式 {merged['form']} 无效。", [Problem("written、oral 或 practical", merged["form"],
                                                                          column="form")])
    for name in ("score", "pass_mark"):
        number = scoring.to_decimal(merged.get(name), name) if merged.get(name) not in (None, "") else None
        merged[name] = format(number, "f") if number is not None else None
    if merged["score"] is not None and merged["pass_mark"] is not None:
        merged["result"] = "pass" if Decimal(merged["score"]) >= Decimal(merged["pass_mark"]) else "fail"
    else:
        merged["result"] = None  # no result without both a score and a pass mark
    if merged.get("examiner_id"):
        examiner = get_inspector(db, merged["examiner_id"])
        if examiner is None:
            raise InputRefused(f"人员库中没有考官 {merged['examiner_id']}。",
                               [Problem("人员库中人员的记录ID或执法证号", merged["examiner_id"], column="examiner_id")])
        merged["examiner_id"] = examiner.id
    columns = ("signatory", "field", "form", "score", "pass_mark", "result", "examiner_id", "notes")
    changes = {k: merged.get(k) for k in columns if k in merged}
    with edit(db) as e:
        if exam_id:
            changed = rows.update(e, "signatory_exams", {"id": exam_id}, changes, exam_id, task_id)
            return rows.changes(e, task_id, changed, exam_id)
        exam_id = str(uuid.uuid4())
        rows.insert(e, "signatory_exams", {"id": exam_id, "task_id": task_id,
                                              "position": rows.next_position(e.conn, "signatory_exams", task_id),
                                              **changes}, exam_id, task_id)
        return rows.changes(e, task_id, {k: (None, v) for k, v in changes.items()}, exam_id)


# --- photos ---------------------------------------------------------------------------------------

def add_photo(db, db_path: Path, task_id: str, source: Path, item: int | None = None, caption: str = "") -> Changes:
    """Store the original once by SHA-256, a reduced copy for reports, and link both to the task."""
    from app.store.attachments import AttachmentStore
    from app.store.pictures import check_photo

    row = require_editable(db, task_id)
    if item is not None and item not in {i.number for i in load_checklist(row["checklist_version"]).items}:
        raise InputRefused(f"检查事项清单中没有第 {item} 项。", [Problem("清单中的序号", item, column="item")])
    check_photo(Path(source))
    store = AttachmentStore.for_database(db_path)
    original = store.add_file(Path(source))
    reduced = store.reduced_copy(original.sha256, name=Path(source).name)
    info = store.image_info(original.sha256, name=Path(source).name)
    photo_id = str(uuid.uuid4())
    with edit(db) as e:
        for stored in (original, reduced):
            e.conn.execute("INSERT OR IGNORE INTO attachments (sha256, size, media_type, original_name, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           [stored.sha256, stored.size, stored.media_type, stored.original_name, e.at])
        rows.insert(e, "photos", {
            "id": photo_id, "task_id": task_id, "item": item, "sha256": original.sha256,
            "reduced_sha256": reduced.sha256, "caption": caption.strip() or Path(source).name,
            "taken_at": info.get("taken_at"), "position": rows.next_position(e.conn, "photos", task_id),
        }, photo_id, task_id)
        return rows.changes(e, task_id, row_id=photo_id)


def _check_signature(png: bytes | None, strokes_json: str | None, shown: str) -> list | None:
    """A signature's picture must be a PNG with something drawn, its strokes the pad's JSON; the strokes, read."""
    from app.store.pictures import check_signature_png

    if png is not None:
        check_signature_png(png, shown)
    return parse_strokes(strokes_json) if strokes_json is not None else None


PHOTO_FIELDS = ("caption", "item")


def set_photo(db, photo_id: str, **changes) -> Changes:
    """Change a photo's caption or the item it is evidence for."""
    if set(changes) - set(PHOTO_FIELDS):
        raise ValueError(f"unknown photo fields {set(changes) - set(PHOTO_FIELDS)}")
    row = rows.fetch(db.conn, "photos", {"id": photo_id})
    if row is None:
        raise NotFound(f"没有照片 {photo_id}。")
    task = require_editable(db, row["task_id"])
    item = changes.get("item")
    if item is not None and item not in {i.number for i in load_checklist(task["checklist_version"]).items}:
        raise InputRefused(f"检查事项清单中没有第 {item} 项。", [Problem("清单中的序号", item, column="item")])
    with edit(db) as e:
        changed = rows.update(e, "photos", {"id": photo_id}, changes, photo_id, row["task_id"])
        return rows.changes(e, row["task_id"], changed, photo_id)


# --- signatures -----------------------------------------------------------------------------------

def add_signature(db, db_path: Path, task_id: str, *, signer: str, name: str, role: str = "",  # role: the
                  # representative's title; a team member's role is the registry's (domain.tasks.signer_role)
                  inspector_id: str | None = None, strokes_json: str | None = None, png: bytes | None = None,
                  refused: bool = False, reason: str = "", witnesses: list[str] | None = None,
                  signed_at: str | None = None, image_name: str | None = None) -> Changes:
    """A team member's or the representative's signature (strokes and picture), or the representative's
    recorded refusal. Signatures are given once the recording is finished (status: recorded). `image_name`:
    the file the picture came from, to name it in a refusal (the pad's own picture has none)."""
    from app.domain.tasks import TaskStatus, signer_role

    row = task_row(db, task_id)
    if TaskStatus(row["status"]) is not TaskStatus.RECORDED:
        raise InputRefused("请先结束记录（确认记录完整）再签名：签名确认的是完整的记录。",
                           [Problem("记录完成、待签名的检查任务", TaskStatus(row["status"]).label)])
    if signer not in ("inspector", "representative"):
        raise ValueError(signer)
    if signer == "inspector":
        members = {inspector for inspector, _, _ in record_rows.members(db.conn, task_id)}
        if inspector_id not in members:
            raise InputRefused("只有检查组成员才能作为检查人员签名。", [Problem("检查组成员", inspector_id)])
        person = get_inspector(db, inspector_id)
        role = signer_role(person.cert_no, person.enforcement_officer)  # the record's words, from the registry
    if refused:
        if signer != "representative":
            raise InputRefused("只有被检查单位代表可以拒绝签名。", [Problem("被检查单位代表", signer)])
        if not reason.strip():
            raise InputRefused("拒绝签名须写明原因。", [Problem("拒绝签名的原因", reason)])
    elif not png:
        raise InputRefused("签名为空。", [Problem("手写签名", None)])
    if not name.strip():
        raise InputRefused("签名人姓名不能为空。", [Problem("签名人姓名", name)])
    strokes = _check_signature(png, strokes_json, image_name or f"signature-{name.strip()}.png")
    _refuse_a_copy(db, task_id, signer, inspector_id, hashlib.sha256(png).hexdigest() if png else None, strokes)
    sha = None
    if png:
        from app.store.attachments import AttachmentStore

        stored = AttachmentStore.for_database(db_path).add_bytes(png, f"signature-{name}.png")
        sha = stored.sha256
    signature_id = str(uuid.uuid4())
    with edit(db) as e:
        if sha:
            e.conn.execute("INSERT OR IGNORE INTO attachments (sha256, size, media_type, original_name, created_at)"
                           " VALUES (?, ?, ?, ?, ?)", [sha, len(png), "image/png", f"signature-{name}.png", e.at])
        for earlier in record_rows.signatures(e.conn, task_id):
            if _same_signer(earlier, signer, inspector_id):  # signing again replaces the earlier signature
                rows.update(e, "signatures", {"id": earlier.id}, {"void": 1}, earlier.id, task_id,
                               action="replace")
        rows.insert(e, "signatures", {
            "id": signature_id, "task_id": task_id, "signer": signer, "inspector_id": inspector_id,
            "name": name.strip(), "role": role, "signed_at": signed_at or e.at, "strokes": strokes_json,
            "png_sha256": sha, "refused": int(refused), "refusal_reason": reason.strip(),
            "witnesses": json.dumps([w.strip() for w in witnesses or [] if w.strip()], ensure_ascii=False),
        }, signature_id, task_id)
        return rows.changes(e, task_id, row_id=signature_id)


def _same_signer(earlier: Signature, signer: str, inspector_id: str | None) -> bool:
    return earlier.inspector_id == inspector_id if signer == "inspector" else earlier.signer == signer


def _refuse_a_copy(db, task_id: str, signer: str, inspector_id: str | None, sha: str | None,
                   strokes: list | None) -> None:
    """Two people never give the same signature: the same picture (SHA-256) or the same strokes as another
    signer's valid signature in this record is refused. Signing again oneself replaces one's own."""
    for earlier in record_rows.signatures(db.conn, task_id):
        if earlier.refused or _same_signer(earlier, signer, inspector_id):
            continue
        if sha and earlier.png_sha256 == sha:
            column, what = "image", "签名图片"
        elif strokes and earlier.strokes and _stored_strokes(earlier.strokes) == strokes:
            column, what = "strokes", "签名笔迹"
        else:
            continue
        raise InputRefused(f"{what}与 {earlier.name} 的签名完全相同：每个人须亲笔签自己的名，不能使用别人的签名。",
                           [Problem("本人在签名板上写下的签名", earlier.name, column=column)])


def _stored_strokes(text: str) -> list | None:
    try:
        return parse_strokes(text)
    except InputRefused:  # stored before strokes were checked: compare nothing
        return None
