"""`record …`: what is recorded on site, one edit per command (verdicts, samples, exams, photos, signatures)."""

from __future__ import annotations

import re
from pathlib import Path

from app.commands import Outcome
from app.domain.checklist import Verdict
from app.domain.problems import InputRefused, Problem

# argparse (3.11) takes an argument for a negative number, not an option, only if it matches its
# `^-\d+$|^-\d*\.\d+$`: `--result -1.2E-3` would fail with "expected one argument". The commands that take
# numbers use this matcher, which also reads exponents; they have no option that looks like a number, so
# nothing else changes. (`--result=-1.2E-3` works with either.)
NEGATIVE_NUMBER = re.compile(r"^-(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def _numbers_may_be_negative(parser) -> None:
    parser._negative_number_matcher = NEGATIVE_NUMBER  # argparse has no public way to set it


def register(sub, common) -> None:
    p = sub.add_parser("record", parents=[common], help="现场检查记录")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = s.add_parser("verdict", parents=[common], help="一项检查事项的结论")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--item", required=True, type=int, metavar="N")
    c.add_argument("--verdict", required=True, choices=[v.value for v in Verdict])
    c.add_argument("--description", metavar="TEXT", help="the problem found (required for a problem)")
    c.set_defaults(handler=record_verdict)

    c = s.add_parser("blind-sample", parents=[common], help="盲样考核（定量）：计算 z / z′ / ζ / En 并判定")
    _sample_common(c)
    c.add_argument("--unit", required=True)
    c.add_argument("--statistic", required=True, choices=["z", "z_prime", "zeta", "En"])
    c.add_argument("--assigned", required=True, metavar="X", help="assigned value X")
    c.add_argument("--sigma-pt", metavar="S", help="σpt, standard deviation for proficiency assessment")
    c.add_argument("--u-assigned", metavar="U", help="u(X), standard uncertainty of X")
    c.add_argument("--U-assigned", metavar="U", help="U(X), expanded uncertainty of X (k = 2)")
    c.add_argument("--result", required=True, metavar="x", help="the laboratory's result x")
    c.add_argument("--u-result", metavar="U", help="u(x)")
    c.add_argument("--U-result", metavar="U", help="U(x) (k = 2)")
    c.set_defaults(handler=record_blind_sample)
    _numbers_may_be_negative(c)

    c = s.add_parser("qualitative-sample", parents=[common], help="盲样考核（定性）：检出/未检出、合格/不合格")
    _sample_common(c)
    c.add_argument("--expected", required=True, metavar="TEXT")
    c.add_argument("--result", required=True, metavar="TEXT")
    c.set_defaults(handler=record_qualitative_sample)

    c = s.add_parser("exam", parents=[common], help="授权签字人考试")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--signatory", required=True, metavar="NAME")
    c.add_argument("--field", required=True, metavar="TEXT", help="the authorized field")
    c.add_argument("--form", required=True, choices=["written", "oral", "practical"])
    c.add_argument("--score", required=True, metavar="S")
    c.add_argument("--pass-mark", required=True, metavar="P")
    c.add_argument("--examiner", metavar="ID")
    c.add_argument("--notes", metavar="TEXT")
    c.set_defaults(handler=record_exam)
    _numbers_may_be_negative(c)

    c = s.add_parser("photo", parents=[common], help="证据照片")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--item", type=int, metavar="N", help="the checklist item it is evidence for")
    c.add_argument("--caption", metavar="TEXT")
    c.add_argument("file", type=Path, metavar="FILE")
    c.set_defaults(handler=record_photo)

    c = s.add_parser("remove", parents=[common], help="删除一个盲样、一次考试或一张照片（记录保留在审计日志中）")
    c.add_argument("--task", required=True, metavar="ID")
    what = c.add_mutually_exclusive_group(required=True)
    what.add_argument("--sample", metavar="CODE", help="the blind sample's code")
    what.add_argument("--exam", metavar="ID")
    what.add_argument("--photo", metavar="ID")
    c.set_defaults(handler=record_remove)

    c = s.add_parser("correct", parents=[common], help="更正机构基本信息（保留原值）")
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--field", required=True, metavar="NAME", help="e.g. address, legal_rep, cma_cert_no")
    c.add_argument("--value", required=True, metavar="TEXT")
    c.set_defaults(handler=record_correct)

    c = s.add_parser("signature", parents=[common], help="签名：检查人员或被检查单位代表；或记录拒绝签名")
    c.add_argument("--task", required=True, metavar="ID")
    who = c.add_mutually_exclusive_group(required=True)
    who.add_argument("--inspector", metavar="ID", help="a team member signs")
    who.add_argument("--representative", metavar="NAME", help="the institution's representative")
    c.add_argument("--title", default="", metavar="TEXT", help="the representative's position")
    c.add_argument("--image", type=Path, metavar="FILE.png", help="the handwritten signature")
    c.add_argument("--strokes", type=Path, metavar="FILE.json", help="its pen strokes (the signature pad's JSON)")
    c.add_argument("--refused", action="store_true", help="the representative refuses to sign")
    c.add_argument("--reason", default="", metavar="TEXT")
    c.add_argument("--witness", action="append", default=[], metavar="NAME")
    c.set_defaults(handler=record_signature)


def _sample_common(c) -> None:
    c.add_argument("--task", required=True, metavar="ID")
    c.add_argument("--code", required=True, metavar="CODE")
    c.add_argument("--parameter", required=True, metavar="TEXT", help="test item / parameter")
    c.add_argument("--matrix", default="", metavar="TEXT", help="product / matrix")
    c.add_argument("--method", default="", metavar="TEXT", help="method standard")


def record_verdict(ctx) -> Outcome:
    from app.services.recording import set_verdict

    a = ctx.args
    changes = set_verdict(ctx.db, a.task, a.item, a.verdict, a.description)
    data = {"task": a.task, "item": a.item, "verdict": a.verdict, "changed": sorted(changes.fields)}
    return Outcome(data, f"第 {a.item} 项：{Verdict(a.verdict).label}" + ("" if changes else "（无改动）"))


def _sample_result(ctx, values: dict) -> Outcome:
    from app.services.recording import blind_sample, sample_by_code, save_blind_sample

    # The code names a sample within its task: recording it again corrects it (the service's rule).
    existing = sample_by_code(ctx.db, ctx.args.task, values["code"])
    sample = blind_sample(ctx.db, save_blind_sample(ctx.db, ctx.args.task, values).id)
    rounded = sample.details.get("rounded")
    data = {"id": sample.id, "task": ctx.args.task, "code": sample.code, "statistic": sample.statistic,
            "score": sample.score, "rounded": rounded,
            "judgement": sample.judgement.value if sample.judgement else None,
            "details": sample.details, "replaced": existing is not None}
    shown = f"{rounded}，" if rounded is not None else ""
    return Outcome(data, f"盲样 {sample.code}：{shown}{sample.judgement_label or '—'}")


def record_blind_sample(ctx) -> Outcome:
    a = ctx.args
    return _sample_result(ctx, {
        "code": a.code, "parameter": a.parameter, "matrix": a.matrix, "method": a.method, "unit": a.unit,
        "statistic": a.statistic, "assigned": a.assigned, "sigma_pt": a.sigma_pt,
        "uncertainty_assigned": a.u_assigned, "expanded_assigned": a.U_assigned, "result": a.result,
        "uncertainty_result": a.u_result, "expanded_result": a.U_result,
    })


def record_qualitative_sample(ctx) -> Outcome:
    a = ctx.args
    return _sample_result(ctx, {"code": a.code, "parameter": a.parameter, "matrix": a.matrix, "method": a.method,
                                "statistic": "qualitative", "expected_text": a.expected, "result_text": a.result})


def record_exam(ctx) -> Outcome:
    from app.services.recording import exam, save_exam

    a = ctx.args
    saved = exam(ctx.db, save_exam(ctx.db, a.task, {"signatory": a.signatory, "field": a.field, "form": a.form,
                                                    "score": a.score, "pass_mark": a.pass_mark,
                                                    "examiner_id": a.examiner, "notes": a.notes or ""}).id)
    data = {k: getattr(saved, k) for k in ("id", "signatory", "field", "form", "score", "pass_mark", "result")}
    data["task"] = a.task
    return Outcome(data, f"{saved.signatory}（{saved.form_label}）：{saved.score} 分，{saved.result_label or '—'}")


def record_photo(ctx) -> Outcome:
    from app.services.recording import add_photo, photo

    a = ctx.args
    saved = photo(ctx.db, add_photo(ctx.db, ctx.db_path, a.task, a.file, a.item, a.caption or "").id)
    data = {k: getattr(saved, k) for k in ("id", "item", "sha256", "reduced_sha256", "caption", "taken_at")}
    data["task"] = a.task
    return Outcome(data, f"照片已保存：{saved.caption}（SHA-256 {saved.sha256[:12]}…）")


def record_correct(ctx) -> Outcome:
    from app.services.recording import correct_institution

    a = ctx.args
    changes = correct_institution(ctx.db, a.task, a.field, a.value)  # the service reads the text, as the window's
    return Outcome({"task": a.task, "field": a.field, "changed": bool(changes)},
                   "已更正" if changes else "与原值相同，无改动")


MAX_SIGNATURE_FILE = 10 * 1024 * 1024  # bytes: a signature's picture or strokes are far smaller


def _read(path: Path, binary: bool):
    """A signature's picture or strokes file: a regular file (never a folder, device or FIFO), of a sane size."""
    from app.files import read_regular_file

    what = "签名图片" if binary else "签名笔迹文件"
    data = read_regular_file(path, MAX_SIGNATURE_FILE, what)
    if binary:
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRefused(f"{path.name} 不是 UTF-8 编码的 JSON 文件。",
                           [Problem("签名板保存的 JSON（UTF-8）", None, file=path.name, column="strokes")]) from None


def record_remove(ctx) -> Outcome:
    from app.services import recording

    a = ctx.args
    if a.sample:
        row_id, removed = recording.sample_by_code(ctx.db, a.task, a.sample), "blind_samples"
        if row_id is None:
            from app.domain.problems import NotFound

            raise NotFound(f"检查任务中没有编号为 {a.sample} 的盲样。")
        recording.remove_blind_sample(ctx.db, row_id)
    elif a.exam:
        row_id, removed = a.exam, "signatory_exams"
        recording.remove_exam(ctx.db, row_id)
    else:
        row_id, removed = a.photo, "photos"
        recording.remove_photo(ctx.db, row_id)
    return Outcome({"task": a.task, "id": row_id, "removed": removed}, "已删除（记录仍保留在审计日志中）")


def record_signature(ctx) -> Outcome:
    from app.services.recording import add_signature
    from app.services.registry import get_inspector

    a = ctx.args
    png = _read(a.image, binary=True) if a.image else None
    strokes = _read(a.strokes, binary=False) if a.strokes else None
    if a.inspector:
        person = get_inspector(ctx.db, a.inspector)
        if person is None:
            raise InputRefused(f"人员库中没有 {a.inspector}。", [Problem("检查组成员的记录ID或执法证号", a.inspector)])
        signature_id = add_signature(ctx.db, ctx.db_path, a.task, signer="inspector", name=person.name,
                                     inspector_id=person.id, strokes_json=strokes, png=png,
                                     image_name=a.image.name if a.image else None).id
        who = person.name
    else:
        signature_id = add_signature(ctx.db, ctx.db_path, a.task, signer="representative", name=a.representative,
                                     role=a.title or "被检查单位代表", strokes_json=strokes, png=png,
                                     refused=a.refused, reason=a.reason, witnesses=a.witness,
                                     image_name=a.image.name if a.image else None).id
        who = a.representative
    text = f"{who} 拒绝签名：{a.reason}" if a.refused else f"{who} 已签名"
    return Outcome({"id": signature_id, "task": a.task, "name": who, "refused": a.refused}, text)
