"""The on-site record as a signed PDF: building, rendering, signing, verifying and exporting, each beside its floor.

    python benchmarks/report_benchmark.py [--repeat 15] [--seed 2025] [--institutions 40]

On the demo database (app.demo.data.build_demo, made in a temporary folder) and its fully recorded
signed task (every signature with a handwriting image, evidence photos, blind samples, exams), prints:
- build_report (database → report model); there is no bare floor for it;
- render_pdf, and its ratio to a floor: the same record laid out by hand with bare reportlab platypus
  (SimpleDocTemplate, Paragraphs in the same registered CJK font and styles, Tables of the same rows and
  cells, the photos and handwriting as Image flowables, every page's lines, page number and QR code drawn
  in onPage): same A4 page, same pages, rows and images (target ≤ 1.5× the floor);
- sign_pdf (with the visible Chinese stamp, as the export signs, and invisible) beside pyHanko's bare
  signers.sign_pdf with an invisible signature and the same fresh ECDSA P-256 key;
- verify_pdf beside pyHanko's bare validate_pdf_signature of the same signed file;
- unlocking the profile's key (PBKDF2-SHA256, 600,000 rounds: slow by design), and export with signing
  end to end (build, unlock, render, sign, write with fsync) beside the sum of the unlock and the floors.
Each line gives the first call in the process (font parsing, QR encoding, pyHanko's imports …; not the
imports of the app's modules) and the median of --repeat later calls. An operation and its floor take turns
call by call, so that load from elsewhere on the machine falls on both alike.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase 检查"
TARGET_RENDER = 1.5


def measure(repeat: int, *fns) -> list[tuple[float, float, object]]:
    """For each function: (time of its first call, median of `repeat` later calls, its last result).

    The first calls run in the order given (the app's before its floor's, so that the app's first call pays what
    a first call in a process pays); the later calls take turns, so that a burst of load from elsewhere on the
    machine falls on the app and its floor alike.
    """
    firsts, results, times = [], [], [[] for _ in fns]
    for fn in fns:
        start = time.perf_counter()
        results.append(fn())
        firsts.append(time.perf_counter() - start)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            results[i] = fn()
            times[i].append(time.perf_counter() - start)
    return [(first, statistics.median(t), result) for first, t, result in zip(firsts, times, results)]


def line(label: str, first: float | None, took: float, floor: float | None = None, floor_label: str = "",
         target: float | None = None) -> None:
    shown = f"first {first * 1000:7.1f} ms" if first is not None else " " * 16
    text = f"{label:36} {shown}   median {took * 1000:7.1f} ms"
    if floor is not None:
        text += f"   floor {floor * 1000:6.1f} ms ({floor_label})   ratio {took / floor:.2f}"
        if target is not None:
            text += f"  (target ≤ {target})"
    print(text, flush=True)


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- the demo database -----------------------------------------------------------------------------

def demo_database(folder: Path, seed: int, institutions: int):
    from app.demo.data import build_demo
    from app.store.database import open_database

    path = folder / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=seed, institutions=institutions, db_path=path)
    return db, path


def showcase_task(db, path: Path) -> str:
    """The signed task whose every signature has a handwriting image (not the one with a refusal), with photos."""
    from app.services.reporting import build_report
    from app.services.task_view import list_tasks

    for task in list_tasks(db):
        if task["status"] != "signed":
            continue
        report = build_report(db, path, task["id"])
        if report.photos and report.signatures and all(s.image is not None for s in report.signatures):
            return task["id"]
    raise SystemExit("the demo database has no signed task with photos and every signature's image")


# --- the floor: the same record with bare reportlab platypus ---------------------------------------

def qr_rectangles(value: str, size: float) -> list[tuple[float, float, float, float]]:
    """The QR code's dark modules (encoded once, as the app caches it too)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    group = QrCodeWidget(value, barLevel="M", barBorder=0, barWidth=size, barHeight=size).draw()
    return [(r.x, r.y, r.width, r.height) for r in group.contents if r.fillColor is not None]


def named_copies(report, folder: Path) -> dict[Path, str]:
    """Each picture linked under a name with its type's extension, as a script's photo.jpg would be: platypus
    embeds a file named *.jpg as it is, but decodes anything else (the attachment store's names have no
    extension) to test it, which would make the floor slower than the app's own flowable."""
    folder.mkdir(exist_ok=True)
    names = {}
    for n, source in enumerate([p.path for p in report.photos] + [s.image for s in report.signatures if s.image]):
        suffix = ".jpg" if source.read_bytes()[:3] == b"\xff\xd8\xff" else ".png"
        link = folder / f"{n}{suffix}"
        link.symlink_to(source)
        names[source] = str(link)
    return names


def floor_render(report, qr: list, total_pages: int, files: dict[Path, str]) -> bytes:
    """The record as a script would write it with platypus directly: one style sheet, plain tables, no classes.

    Same A4 page and content frame as app/reports/pdf.py, the same font and paragraph styles (reused from
    app/reports/fonts.py so that the lines break alike), the same rows and cells, the photos and handwriting as
    Image flowables, and in onPage the header, the party's signature line, the task, the record's hash, the QR
    code (one form XObject) and "第 X 页 共 Y 页". The total of pages is handed in (a script would need a
    second pass or a canvas subclass for it; given for free, it keeps this a lower bound).
    """
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        HRFlowable,
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from app.reports.fonts import CJK, styles

    st = styles()
    page_w, page_h = A4
    left, right = 24 * mm, page_w - 18 * mm
    width = right - left
    pad = 6  # SimpleDocTemplate's frame pads by 6 pt: margins 6 pt narrower give the app's content area
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), CJK),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    head_grid = TableStyle(grid + [("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black)])

    def P(text, style="cell"):
        return Paragraph(escape(text or "/").replace("\n", "<br/>"), st[style])

    def rows_table(rows, label_width=132):
        data = [[P(r.label), [P(r.value)] + ([P("※ " + r.note, "small")] if r.note else [])] for r in rows]
        return Table(data, colWidths=[label_width, width - label_width], style=TableStyle(grid))

    def head_table(header, rows, widths, head="cell_head"):
        widths = [w * width / sum(widths) for w in widths]
        return Table([[P(h, head) for h in header]] + rows, colWidths=widths, repeatRows=1, style=head_grid)

    story = [P(report.organ, "organ"), P(report.title, "title"), P(report.document_no, "document_no"),
             Spacer(1, 4), HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceAfter=1.5),
             HRFlowable(width="100%", thickness=0.4, color=colors.black, spaceAfter=5),
             Table([[P("检查依据：" + report.checklist, "meta"),
                     Paragraph(f"记录状态：{escape(report.status)}<br/>生成时间：{escape(report.generated_at)}",
                               st["meta_right"])]], colWidths=[width * 0.52, width * 0.48],
                   style=[("FONTNAME", (0, 0), (-1, -1), CJK), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
             Spacer(1, 2),
             P("一、被检查单位基本信息", "heading"), rows_table(report.institution),
             P("二、资质认定情况", "heading"), rows_table(report.certificate),
             P("三、检查情况", "heading"), P("（一）检查时间、地点及告知", "subheading"), rows_table(report.visit),
             P("（二）检查组成员", "subheading"), rows_table(report.team, 60),
             CondPageBreak(120), P("四、检查事项", "heading"),
             head_table(["序号", "检查内容", "是否发现问题", "问题描述"],
                        [[P(str(i.number), "cell_center"), P(i.content), P(i.verdict, "cell_center"),
                          P(i.description)] for i in report.items], [30, 168, 72, 206]),
             CondPageBreak(100), P("五、盲样考核", "heading"),
             head_table(["编号", "样品/基质", "检测项目", "方法", "单位", "统计量", "指定值", "结果", "得分", "判定"],
                        [[P(v, "cell_small") for v in (s.code, s.matrix, s.parameter, s.method, s.unit)]
                         + [P(s.statistic, "cell_small_center"),
                            Paragraph("<br/>".join(escape(p.strip()) for p in s.assigned.split("；")), st["cell_small"]),
                            Paragraph("<br/>".join(escape(p.strip()) for p in s.result.split("；")), st["cell_small"]),
                            P(s.score, "cell_small_center"), P(s.judgement, "cell_small_center")]
                         for s in report.samples], [54, 58, 50, 58, 36, 34, 62, 56, 32, 30], "cell_head_small"),
             CondPageBreak(100), P("六、授权签字人考试", "heading"),
             head_table(["签字人", "授权领域", "形式", "成绩", "合格线", "结果", "考官", "备注"],
                        [[P(e.signatory, "cell_small"), P(e.field, "cell_small")]
                         + [P(v, "cell_small_center") for v in (e.form, e.score, e.pass_mark, e.result, e.examiner)]
                         + [P(e.notes, "cell_small")] for e in report.exams],
                        [44, 124, 30, 30, 36, 32, 42, 134], "cell_head_small")]
    n = 6
    for title, text in (("备注", report.notes), ("被检查单位意见", report.party_statement)):
        if text and text.strip():
            n += 1
            story.append(KeepTogether([P(f"{'一二三四五六七八九十'[n - 1]}、{title}", "heading"), P(text, "body")]))
    sig_widths = [w * width / 476 for w in (55, 44, 150, 120, 107)]
    signatures = head_table(["类别", "姓名", "身份", "签名", "签名时间"],
                            [[P(s.party), P(s.name), P(s.role, "cell_small"),
                              Image(files[s.image], sig_widths[3] - 8, 40, kind="bound"), P(s.signed_at, "cell_small")]
                             for s in report.signatures], [55, 44, 150, 120, 107])
    box = Table([[P("数字签名：", "meta"), Spacer(220, 60)]], colWidths=[60, 220], hAlign="RIGHT",
                style=[("FONTNAME", (0, 0), (-1, -1), CJK), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                       ("ALIGN", (0, 0), (0, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    story.append(KeepTogether([P(f"{'一二三四五六七八九十'[n]}、签名", "heading"), signatures, Spacer(1, 8), box]))
    story += [PageBreak(), P("附件：证据照片", "heading")]
    frame_h = (page_h - 19 * mm) - 39 * mm
    for k, photo in enumerate(report.photos, start=1):
        caption = f"照片 {k}（第 {photo.item} 项）：{photo.caption}，拍摄时间 {photo.taken_at}"
        story.append(KeepTogether([Image(files[photo.path], width, frame_h / 2 - 50, kind="bound"),
                                   P(caption, "caption"), Spacer(1, 12)]))

    def on_page(canvas, doc):
        canvas.saveState()
        if doc.page > 1:
            canvas.setFont(CJK, 8)
            canvas.drawString(left, page_h - 13 * mm, report.title)
            canvas.drawRightString(right, page_h - 13 * mm, report.document_no)
            canvas.setLineWidth(0.5)
            canvas.line(left, page_h - 13 * mm - 4, right, page_h - 13 * mm - 4)
        canvas.setFont(CJK, 10)
        canvas.drawString(left, 33 * mm, "被检查单位代表签名：________________　　日期：________________")
        canvas.setLineWidth(0.5)
        canvas.line(left, 30 * mm, right, 30 * mm)
        canvas.setFont(CJK, 7.5)
        canvas.drawString(left, 24 * mm, f"检查任务：{report.task_id}")
        canvas.drawString(left, 20.5 * mm, f"记录哈希 SHA-256：{report.record_hash[:16]}…")
        if doc.page == 1:
            canvas.beginForm("qr", 0, 0, 52, 52)
            path = canvas.beginPath()
            for rect in qr:
                path.rect(*rect)
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.endForm()
        canvas.translate(right - 52, 30 * mm - 58)
        canvas.doForm("qr")
        canvas.restoreState()
        canvas.setFont(CJK, 9)
        canvas.drawCentredString(page_w / 2, 14 * mm, f"第 {doc.page} 页 共 {total_pages} 页")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=left - pad, rightMargin=18 * mm - pad,
                            topMargin=19 * mm - pad, bottomMargin=39 * mm - pad, initialFontName=CJK,
                            title=f"{report.title} {report.document_no}", author=report.organ)
    a85, rl_config.useA85 = rl_config.useA85, 0  # binary streams, as the app writes them (ASCII85 is pure Python)
    try:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    finally:
        rl_config.useA85 = a85
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    """Page objects in a reportlab PDF (it writes no object streams); pyHanko is not imported before signing."""
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def image_count(data: bytes) -> int:
    return data.count(b"/Subtype /Image")


# --- signing and verifying, bare pyHanko -------------------------------------------------------------

def bare_signer(key, cert):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    certificate = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    return signers.SimpleSigner(signing_cert=certificate, signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
                                cert_registry=SimpleCertificateStore.from_certs([certificate]))


def bare_sign(data: bytes, signer) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=8192).getvalue()


def bare_verify(data: bytes) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    [embedded] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    context = ValidationContext(trust_roots=[embedded.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(embedded, context)
    return status.intact and status.valid


# --- main ------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--institutions", type=int, default=40)
    args = parser.parse_args()
    repeat = args.repeat

    from app.reports.pdf import QR_SIZE, render_pdf
    from app.reports.signing import sign_pdf, verify_pdf
    from app.services.keys import create_key, load_signer_material, trusted_keys
    from app.services.reporting import SIGN_REASON, build_report, export

    with tempfile.TemporaryDirectory(prefix="spotcheck-bench-") as tmp:
        folder = Path(tmp)
        db, db_path = demo_database(folder, args.seed, args.institutions)
        try:
            task_id = showcase_task(db, db_path)
            [(first, took, report)] = measure(repeat, lambda: build_report(db, db_path, task_id))
            print(f"demo task {task_id[:8]}: {len(report.items)} items, {len(report.samples)} blind samples, "
                  f"{len(report.exams)} exams, {len(report.photos)} photos, {len(report.signatures)} signatures "
                  f"(all handwritten); medians of {repeat} calls after the first")
            line("build_report (database → model)", first, took)

            qr = qr_rectangles(report.qr_text, QR_SIZE)  # the app keeps its encoding in a cache: so does the floor
            files = named_copies(report, folder / "pictures")
            seen = {}

            def app_render():
                seen["rendered"] = render_pdf(report)
                return seen["rendered"]

            (first, took, rendered), (_, floor_render_time, bare) = measure(
                repeat, app_render, lambda: floor_render(report, qr, seen["rendered"].pages, files))
            line("render_pdf", first, took, floor_render_time, "bare platypus", TARGET_RENDER)
            print(f"{'':36} app {rendered.pages} pages, {image_count(rendered.data)} images, "
                  f"{len(rendered.data) / 1024:.0f} KB;  floor {page_count(bare)} pages, {image_count(bare)} images, "
                  f"{len(bare) / 1024:.0f} KB")
            from reportlab.pdfbase.ttfonts import TTFont

            from app.reports.fonts import find_cjk_font

            parse = once(lambda: TTFont("again", str(find_cjk_font()), subfontIndex=0))
            encode = once(lambda: qr_rectangles(report.qr_text + " ", QR_SIZE))
            print(f"{'':36} of its first call: parsing the font {parse * 1000:.0f} ms, encoding the QR code "
                  f"{encode * 1000:.0f} ms (each once per process)")

            create_key(db, db_path, PASSPHRASE)  # the demo's profile (a team lead) gets a fresh P-256 key
            [(first, unlock, (key, cert))] = measure(max(3, repeat // 3),
                                                     lambda: load_signer_material(db_path, PASSPHRASE))
            line("unlock the key (PBKDF2, 600k rounds)", first, unlock)

            name = "基准测试"

            def floor_sign_once():
                if "signer" not in seen:  # made once, after the app's first call has imported pyHanko
                    seen["signer"] = bare_signer(key, cert)
                return bare_sign(rendered.data, seen["signer"])

            (first, took, signed), (first_invisible, invisible, _), (_, floor_sign, _) = measure(
                repeat,
                lambda: sign_pdf(rendered.data, key, cert, signer_name=name, reason=SIGN_REASON,
                                 location=report.organ, box=rendered.signature_box),
                lambda: sign_pdf(rendered.data, key, cert, signer_name=name, reason=SIGN_REASON),
                floor_sign_once)
            line("sign_pdf, visible stamp", first, took, floor_sign, "bare pyHanko, invisible")
            line("sign_pdf, invisible", first_invisible, invisible, floor_sign, "bare pyHanko, invisible")

            trusted = trusted_keys(db)
            (first, took, verdict), (_, floor, intact) = measure(
                repeat, lambda: verify_pdf(signed, trusted), lambda: bare_verify(signed))
            assert intact and verdict.ok, verdict.messages
            line("verify_pdf (the visibly signed file)", first, took, floor, "bare validate_pdf_signature")

            out = folder / "record.pdf"
            [(first, took, _)] = measure(max(3, repeat // 3),
                                         lambda: export(db, db_path, task_id, out, "pdf", PASSPHRASE))
            parts = unlock + floor_render_time + floor_sign
            line("export, signed (end to end)", first, took, parts, "unlock + bare render + bare sign")
            line("  export without the unlock", None, took - unlock)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
