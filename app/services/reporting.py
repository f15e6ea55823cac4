"""The on-site record of a task as a report: the model built from the task's record, and its rendering.

`canonical_record` is the record as data that travels: what the QR code's
SHA-256 covers (keys sorted, UTF-8, no insignificant whitespace; see
docs/record-hash.md). `build_report` turns a task into the report model;
`render_pdf` / `render_docx` lay it out.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

from app.domain.organ import Organ
from app.domain.record import BlindSample, TaskRecord, Visit
from app.domain.registry import DEPARTMENT_LABELS
from app.domain.scoring import Judgement, Statistic
from app.domain.tasks import TaskStatus, signer_role
from app.files import write_atomically
from app.reports.model import PARTY, TEAM, Evidence, ExamRow, ItemRow, Photo, Report, Row, SampleRow, Signature
from app.reports.times import clock_text, day_text, local, time_text
from app.services.profile import organ as organ_of
from app.services.task_view import task_record
from app.store.attachments import AttachmentStore

ROLE_LABELS = {"leader": "组长", "member": "组员"}


# --- the canonical record --------------------------------------------------------------------------

def canonical_record(record: TaskRecord) -> dict:
    """The record's content as it travels in a findings package: everything recorded, nothing derived."""
    data = record.to_json()
    for derived in ("warnings", "missing", "status"):
        data.pop(derived, None)
    return data


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def record_hash(record: TaskRecord) -> str:
    return hashlib.sha256(canonical_json(canonical_record(record))).hexdigest()


# --- the report model ------------------------------------------------------------------------------

def _when(text: str | None, with_time: bool = True) -> str:
    """'2025-10-16T09:14' -> '2025年10月16日 09:14', in local time (app/reports/times.py: the record's one style)."""
    if not text:
        return ""
    return time_text(text) if with_time else day_text(text)


def _visit_time(visit: Visit) -> str:
    if not visit.started_at:
        return ""
    start, end = local(visit.started_at), visit.ended_at
    text = _when(visit.started_at)
    if end:
        text += f" 至 {clock_text(end)}" if local(end).date() == start.date() else f" 至 {_when(end)}"
    return text


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(value)
    if hasattr(value, "isoformat"):
        return _when(value.isoformat(), with_time=False)
    return str(value)


def _info_rows(record: TaskRecord, fields) -> list[Row]:
    rows = []
    for info in fields:
        correction = record.corrections.get(info.key)
        note = ""
        if correction and correction.value != correction.original:
            note = f"现场更正，原为：{correction.original or '（空）'}"
        rows.append(Row(info.label, _value(getattr(record.institution, info.key)), note))
    return rows


def _statistic_label(statistic: str | None) -> str:
    if not statistic:
        return ""
    return "定性" if statistic == "qualitative" else Statistic(statistic).label


def _sample(s: BlindSample) -> SampleRow:
    if s.qualitative:
        assigned, result = f"预期：{s.expected_text}", f"结果：{s.result_text}"
        score = s.details.get("error_type_label") or "—"
    else:
        parts = [("X", s.assigned), ("σpt", s.sigma_pt), ("u(X)", s.uncertainty_assigned),
                 ("U(X)", s.expanded_assigned)]
        assigned = "；".join(f"{k} = {v}" for k, v in parts if v)
        mine = [("x", s.result), ("u(x)", s.uncertainty_result), ("U(x)", s.expanded_result)]
        result = "；".join(f"{k} = {v}" for k, v in mine if v)
        score = s.rounded or "—"  # the domain's rule, from the exact score: records stored before it too
    return SampleRow(s.code, s.matrix, s.parameter, s.method, s.unit,
                     _statistic_label(s.statistic), assigned, result, str(score),
                     s.judgement.label if s.judgement else "未判定", s.judgement is not Judgement.SATISFACTORY)


ORGAN_MISSING = "未设置检查机关（菜单“文件 › 使用人和角色”，或 spotcheck profile organ --name …）：记录暂以组长所在单位署名"


def _notice_text(record: TaskRecord) -> str:
    """When the institution was told, how (电话 …), and the notice's number once one was issued."""
    from app.domain.notices import method_label

    visit = record.visit
    parts = [_when(visit.notified_at)] if visit.notified_at else []
    if visit.notice_method:
        parts.append(f"告知方式：{method_label(visit.notice_method)}")
    if record.notice_number:
        parts.append(f"检查通知书 {record.notice_number}")
    return "，".join(parts)


def _visit_rows(record: TaskRecord, organ: Organ) -> list[Row]:
    """检查时间、地点及告知: when, where, on what basis, who was there for the institution, who wrote it."""
    visit = record.visit
    names = {m.inspector.id: m.inspector.name for m in record.members}
    source = "“双随机、一公开”监督抽查" + (f"（{organ.plan_notice}）" if organ.plan_notice else "")
    rows = [
        Row("检查时间", _visit_time(visit)),
        Row("检查地点", visit.place),
        Row("任务来源", source),
        Row("检查依据", organ.basis),
        Row("告知时间", _notice_text(record)),
        Row("告知事项", "检查人员出示执法证件，告知检查依据、范围，以及被检查单位配合检查、如实提供材料的义务"
            if visit.credentials_shown else "未记录"),
        Row("回避告知", "检查人员告知被检查单位有申请回避的权利。被检查单位答复：" + (visit.recusal_answer or "（未记录）")),
    ]
    present = [a.name + "（" + "，".join(x for x in (a.title, f"电话 {a.phone}" if a.phone else "") if x) + "）"
               if a.title or a.phone else a.name for a in visit.attendees if a.name]
    rows.append(Row("被检查单位在场人员", "；".join(present) or "（未记录）"))
    rows.append(Row("记录人", names.get(visit.recorder_id, "") if visit.recorder_id else "（未记录）"))
    return rows


def _team_rows(record: TaskRecord) -> list[Row]:
    """检查组: the organ's officers as 检查人员 (certificate number, credentials shown), joint members by their
    department, technical experts as experts; each person once, the leader marked."""
    rows = []
    for m in record.members:
        person = m.inspector
        leader = "，组长" if m.leader else ""
        shown = "，已出示执法证件" if m.credentials_shown else ""
        if m.organ_officer:
            label, text = "检查人员", f"{person.name}（执法证号 {person.cert_no}{shown}{leader}，{person.unit}）"
        elif m.officer:
            label = "联合检查人员"
            text = (f"{person.name}（{DEPARTMENT_LABELS[person.department]}，执法证号 {person.cert_no}{shown}{leader}，"
                    f"{person.unit}）")
        else:
            label, text = "技术专家", f"{person.name}（{person.unit}{leader}）" if person.unit else person.name + leader
        rows.append(Row(label, text))
    return rows


def _require_attachments(store: AttachmentStore, record) -> None:
    """Every picture the record prints must be there with the content its SHA-256 names: a record is never
    exported (let alone signed) with its evidence silently missing or swapped."""
    from app.domain.problems import IntegrityFailure, Problem

    wanted = [(p.shown_sha256, f"照片“{p.caption or p.id[:8]}”") for p in record.photos]
    wanted += [(s.png_sha256, f"{s.name} 的签名图像") for s in record.signatures if s.png_sha256]
    bad = [(sha, what) for sha, what in wanted if not store.verify(sha)]
    if bad:
        raise IntegrityFailure(
            f"记录中的 {len(bad)} 个附件缺失或内容与记录的 SHA-256 不符（附件文件夹 {store.folder} 被移动、删除或改动？），"
            "因此不能导出或签署这份记录：导出的文书会缺少或换掉证据。请把附件文件夹放回数据库旁边后再试。",
            [Problem(f"附件 {store.path_of(sha)}，内容的 SHA-256 为 {sha}", what, column="附件")
             for sha, what in bad])


# Where the blind samples belong among the checklist's items, best first: the item naming blind samples, else
# proficiency testing (盲样 is the organ's own proficiency test), else technical competence.
BLIND_SAMPLE_ITEM_WORDS = ("盲样", "能力验证", "技术能力")
PHOTO_SOURCE, BLIND_SAMPLE_SOURCE = "现场拍摄", "盲样考核"


def _blind_sample_item(checklist) -> int | None:
    """The checklist item the blind-sample exam belongs to (2025: item 18, 参加能力验证和技术比对), or None."""
    for word in BLIND_SAMPLE_ITEM_WORDS:
        for item in checklist.items:
            if word in item.content:
                return item.number
    return None


def _evidence(record: TaskRecord, photos: list[Photo]) -> tuple[list[Evidence], dict[int, tuple[int, ...]]]:
    """The evidence list (证据清单): every photo numbered in the record's order, then the blind samples by their
    codes; and for each checklist item the numbers of its evidence. Presentation only: the numbers are not part
    of the record (its hash does not change)."""
    evidence = [Evidence(p.number, p.caption or "（无说明）", PHOTO_SOURCE, p.item, p.taken_at) for p in photos]
    item = _blind_sample_item(record.checklist)
    for s in record.blind_samples:
        what = "，".join(x for x in (s.matrix, s.parameter, s.judgement.label if s.judgement else "") if x)
        evidence.append(Evidence(len(evidence) + 1, f"盲样 {s.code or '（无编号）'} 考核结果" + (f"（{what}）" if what else ""),
                                 BLIND_SAMPLE_SOURCE, item))
    cited: dict[int, tuple[int, ...]] = {}
    for e in evidence:
        if e.item is not None:
            cited[e.item] = cited.get(e.item, ()) + (e.number,)
    return evidence, cited


def _signatures(record: TaskRecord, store: AttachmentStore, draft: bool) -> list[Signature]:
    """The party's and the team's signatures as recorded; on a draft also a blank line for each team member who
    has not signed and for the representative, to be signed on paper."""
    signatures = []
    for s in record.signatures:
        refusal = ""
        if s.refused:
            refusal = f"拒绝签名。理由：{s.refusal_reason}" + (f"。见证人：{'、'.join(s.witnesses)}" if s.witnesses else "")
        image = store.path_of(s.png_sha256) if s.png_sha256 else None
        signatures.append(Signature(PARTY if s.representative else TEAM, s.name, s.role, _when(s.signed_at),
                                    image, refusal))
    if draft:
        for m in record.members:
            if record.signature_of(m.inspector.id) is None:
                signatures.append(Signature(TEAM, m.inspector.name, signer_role(m.inspector.cert_no, m.officer),
                                            "", None, signed=False))
        if record.representative_signature is None:
            signatures.append(Signature(PARTY, "", "", "", None, signed=False))
    return signatures


def build_report(db, db_path: Path, task_id: str) -> Report:
    record = task_record(db, task_id)
    store = AttachmentStore.for_database(db_path)
    task, checklist = record.visit, record.checklist
    leader = record.leader
    organ = organ_of(db)
    names = {m.inspector.id: m.inspector.name for m in record.members}
    visit = _visit_rows(record, organ)
    team = _team_rows(record)
    exams = [ExamRow(e.signatory, e.field, e.form_label, e.score or "", e.pass_mark or "", e.result_label,
                     names.get(e.examiner_id, ""), e.notes, e.failed) for e in record.exams]
    _require_attachments(store, record)
    photos = [Photo(store.path_of(p.shown_sha256), p.caption, p.item, _when(p.taken_at) if p.taken_at else "", n)
              for n, p in enumerate(record.photos, start=1)]
    evidence, cited = _evidence(record, photos)
    items = []
    for item in checklist.items:
        finding = record.findings[item.number]
        verdict = record.verdict(item.number)
        items.append(ItemRow(item.number, item.content, verdict.label, finding.description,
                             verdict.value == "problem", cited.get(item.number, ())))
    draft = record.status not in (TaskStatus.SIGNED, TaskStatus.MERGED, TaskStatus.CLOSED)
    return Report(
        task_id=task_id,
        document_no=(record.document_number
                     if record.document_serial is not None  # tasks made before numbers were given keep this
                     else f"〔{(task.planned_date or record.created_at)[:4]}〕第 {task_id[:8].upper()} 号"),
        organ=organ.issuer or leader.inspector.unit,
        institution_name=record.institution.name,
        draft=draft,
        status=record.status.label,
        checklist=f"{checklist.title}（{checklist.version}）",
        institution=_info_rows(record, checklist.basic_info),
        certificate=_info_rows(record, checklist.cma_info),
        visit=visit, team=team, items=items,
        samples=[_sample(s) for s in record.blind_samples], exams=exams,
        notes=task.notes, party_statement=task.party_statement,
        photos=photos, signatures=_signatures(record, store, draft), record_hash=record_hash(record),
        generated_at=_when(datetime.now().isoformat(timespec="minutes")),
        evidence=evidence,
        warnings=list(record.warnings) + ([] if organ.name else [ORGAN_MISSING]),
    )


# --- rendering, signing, verifying ----------------------------------------------------------------

FORMATS = ("pdf", "docx")
SIGN_REASON = "现场检查记录签署"


def _check_folder(path: Path) -> None:
    if not Path(path).parent.is_dir():
        from app.domain.problems import InputRefused, Problem

        raise InputRefused(f"文件夹 {Path(path).parent} 不存在。", [Problem("已存在的文件夹", str(Path(path).parent))])


def render(db, db_path: Path, task_id: str, fmt: str):
    """The task's record as PDF (a `RenderedPdf`) or DOCX (bytes)."""
    report = build_report(db, db_path, task_id)
    if fmt == "pdf":
        from app.reports.pdf import render_pdf

        return render_pdf(report)
    from app.reports.word import render_docx

    return render_docx(report)


def _refuse_signer_off_the_team(record: TaskRecord, signer) -> None:
    """Only an enforcement officer on the task's team may sign its record digitally."""
    from app.domain.problems import InputRefused, Problem

    member = next((m for m in record.members if signer is not None and m.inspector.id == signer.id), None)
    name = signer.name if signer is not None else "本数据库的使用人"
    if member is None:
        raise InputRefused(f"{name} 不是检查任务 {record.id[:8]} 检查组的成员：只有本任务检查组的执法人员才能对记录加数字签名。",
                           [Problem("本任务检查组中的执法人员", name)])
    if not member.officer:
        raise InputRefused(f"{name} 是检查组的技术专家，不是执法人员：只有本任务检查组的执法人员才能对记录加数字签名。",
                           [Problem("本任务检查组中的执法人员", name)])


def signed_pdf(db, db_path: Path, task_id: str, passphrase: str) -> tuple[bytes, int]:
    """The record as PDF with the profile's digital signature (PAdES) in the box beside the signatures,
    and its number of pages."""
    from app.domain.problems import InputRefused, Problem
    from app.reports.signing import sign_pdf
    from app.services.keys import load_signer_material
    from app.services.tasks import actor
    from app.store.registry import get_inspector

    record = task_record(db, task_id)  # a draft, or a signer off the team, is said before anything is drawn
    if record.status not in (TaskStatus.SIGNED, TaskStatus.MERGED, TaskStatus.CLOSED):
        raise InputRefused("记录尚未签署（草稿），不能加数字签名：请先完成签署。",
                           [Problem("已签署的检查记录", record.status.label)])
    signer = get_inspector(db, actor(db).author)
    _refuse_signer_off_the_team(record, signer)
    report = build_report(db, db_path, task_id)
    key, certificate = load_signer_material(db_path, passphrase)
    from app.reports.pdf import render_pdf

    rendered = render_pdf(report)
    data = sign_pdf(rendered.data, key, certificate, signer_name=signer.name if signer else "",
                    reason=SIGN_REASON, location=report.organ, box=rendered.signature_box)
    return data, rendered.pages


def export(db, db_path: Path, task_id: str, out: Path, fmt: str, passphrase: str | None = None) -> dict:
    """Write the record to `out`; with a passphrase, a PDF is digitally signed."""
    out = Path(out)
    if fmt == "pdf" and passphrase is not None:
        (data, pages), signed = signed_pdf(db, db_path, task_id, passphrase), True
    else:
        rendered = render(db, db_path, task_id, fmt)
        data = rendered.data if fmt == "pdf" else rendered
        pages = rendered.pages if fmt == "pdf" else None
        signed = False
    _check_folder(out)
    write_atomically(out, data)
    if signed:
        from app.services.tasks import merged_when_settled

        merged_when_settled(db, task_id)
    record = task_record(db, task_id)
    return {"task": task_id, "file": str(out), "format": fmt, "bytes": len(data), "pages": pages,
            "signed": signed, "draft": record.status not in (TaskStatus.SIGNED, TaskStatus.MERGED,
                                                             TaskStatus.CLOSED),
            "record_sha256": record_hash(record)}


def record_reference(text: str) -> tuple[str, str] | None:
    """(task id, record hash) from `Report.qr_text` — also the PDF's keywords, read from the signed revision
    (`Verification.keywords`) — or None if `text` is not one."""
    match = re.fullmatch(r"spotcheck:task=([0-9a-f-]{36});sha256=([0-9a-f]{64})", text.strip())
    return (match[1], match[2]) if match else None


# What `report verify` and the window say first, for each verdict (reports.signing.VERDICTS).
VERDICT_HEADLINES = {
    "confirmed": "签名有效、可信：文件签署后未被改动，签名人是检查组的执法人员，记录与本数据库一致",
    "altered": "文件签署后被改动过",
    "unknown_signer": "无法确认签名人",
    "not_signed": "文件没有数字签名",
    "unreadable": "无法读取这个文件或它写明的记录",
    "record_changed": "签名有效，但文件中的记录与本数据库中的当前记录不同",
    "not_in_this_database": "签名有效、文件签署后未被改动，但本数据库中没有它所属的检查任务",
}


def _on_team(checks, record: TaskRecord) -> tuple[list, list[str], bool]:
    """The signatures with the signer's role on the task's team; their messages; whether every signer is an
    enforcement officer on the team."""
    from dataclasses import replace

    from app.reports.signing import confirmed_message

    team = {m.inspector.id: m for m in record.members}
    checks_out, messages, all_on = [], [], True
    for check in checks:  # every check is confirmed here: its last message is that, said again with the role
        member = team.get(check.inspector_id)
        if member is None or not member.officer:
            all_on = False
            why = ("不是该任务检查组的成员" if member is None
                   else f"是检查组的{ROLE_LABELS[member.role]}，但不是执法人员（技术专家）")
            note = (f"签名“{check.field}”的签名人 {check.inspector} {why}：只有检查组的执法人员才能签署这份记录。")
            check = replace(check, ok=False, on_team=False, role=member.role if member else None,
                            messages=[*check.messages[:-1], note])
        else:
            check = replace(check, on_team=True, role=member.role,
                            messages=[*check.messages[:-1], confirmed_message(check, ROLE_LABELS[member.role])])
        checks_out.append(check)
        messages.extend(check.messages)
    return checks_out, messages, all_on


def verify(db, data: bytes):
    """Check a signed record PDF against this database: the signatures (reports.signing.verify_pdf), then the
    record the signed bytes name — its task must be here, every signer an enforcement officer on that task's team,
    and the record unchanged since (its hash). The verdict is one of reports.signing.VERDICTS."""
    from dataclasses import replace

    from app.domain.problems import SpotcheckError
    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys

    result = verify_pdf(data, trusted_keys(db))
    if result.verdict != "confirmed":
        return result
    reference = record_reference(result.keywords)
    if reference is None:
        return replace(result, verdict="unreadable", messages=[
            *result.messages, "签署的内容中没有写明这是哪个检查任务的记录（任务和记录哈希），无法与本数据库核对。"])
    task_id, printed = reference
    facts = {"task": task_id, "sha256": printed, "in_database": False, "matches": None}
    try:
        record = task_record(db, task_id)
    except SpotcheckError:
        return replace(result, verdict="not_in_this_database", record=facts, messages=[
            *result.messages, f"本数据库中没有检查任务 {task_id[:8]}：无法核对签名人是否为该任务检查组的执法人员，"
                              "也无法核对文件中的记录内容。"])
    signatures, messages, all_on = _on_team(result.signatures, record)
    current = record_hash(record)
    facts |= {"in_database": True, "matches": current == printed}
    if not all_on:
        return replace(result, verdict="unknown_signer", signatures=signatures, record=facts, messages=messages)
    if current != printed:
        return replace(result, verdict="record_changed", signatures=signatures, record=facts,
                       messages=[*messages, _why_changed(db, task_id)])
    return replace(result, signatures=signatures, record=facts, messages=[
        *messages, f"文件中的记录与本数据库中的记录一致（记录哈希 {printed[:16]}…）。"])


def _why_changed(db, task_id: str) -> str:
    """Why the record in this database is no longer the one signed: changed outside Spotcheck (the tables disagree
    with the replayed audit log), or reopened and edited (the log says so), or neither that the log can tell."""
    from app.services.audit import check
    from app.store.audit_log import entries

    differing = check(db, task_id).mismatches
    head = f"文件中的记录与本数据库中检查任务 {task_id[:8]} 的当前记录不同："
    if differing:
        fields = "、".join(sorted({f"{m.table}.{m.field}" if m.field else m.table for m in differing})[:5])
        return (head + f"本数据库中该任务有 {len(differing)} 处记录与审计日志不符（{fields}），是在 Spotcheck 之外"
                "被改动的（详见 spotcheck audit verify）。文件中签署的才是签署时的记录。")
    if any(e["action"] == "reopen" for e in entries(db, task_id)):
        return head + "记录签署后被重新打开并修改过（审计日志中有记载），请以审计日志和最新签署的文件为准。"
    return head + "审计日志中没有重新打开的记载；请用 spotcheck audit verify 检查本数据库。"


MAX_PDF_BYTES = 200 * 1024 * 1024  # a record with its photos is a few megabytes


def verify_file(db, path: Path):
    """`verify` of the file at `path`; a file that cannot be read is refused with the reason."""

    from app.files import read_regular_file

    data = read_regular_file(Path(path), MAX_PDF_BYTES, "PDF 文件")
    return verify(db, data)
