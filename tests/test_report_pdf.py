"""The on-site record as a PDF (app/reports/pdf.py): content, every-page lines, fonts, images, signature box.

The demo's tasks are rendered once per module: the signed showcase (every party signed), the signed
task whose representative refused, and unsigned ones (drafts). What the PDF says is read back with
poppler's command-line tools when they are installed (Debian: poppler-utils), else those tests skip.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.demo.data import build_demo
from app.reports.model import Photo
from app.reports.pdf import FRAME_BOTTOM, PAGE_H, PAGE_W, RenderedPdf, render_pdf
from app.services.reporting import build_report
from app.services.task_view import list_tasks
from app.store.database import open_database

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdfimages"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo …) not installed")
VERDICT = re.compile(r"(?<!是否)(未发现问题|发现问题|不适用|未检查)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{kind: (report, RenderedPdf, path)} for 'signed', 'refused', 'draft' and every other demo task."""
    folder = tmp_path_factory.mktemp("pdf")
    path = folder / "demo.sqlite"
    db = open_database(path)
    build_demo(db, seed=2025, institutions=40, db_path=path)
    out = {}
    for task in list_tasks(db):
        report = build_report(db, path, task.id)
        if task.status.value == "signed":
            kind = "refused" if any(s.refusal for s in report.signatures) else "signed"
        elif task.status.value == "on_site":
            kind = "draft"
        else:
            kind = task.status.value
        result = render_pdf(report)
        target = folder / f"{kind}.pdf"
        target.write_bytes(result.data)
        out[kind] = (report, result, target)
    db.close()
    assert {"signed", "refused", "draft"} <= out.keys()
    return out


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def _pages_text(pdf: Path, layout: bool = True) -> list[str]:
    text = _run("pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(pdf), "-")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- without poppler ----------------------------------------------------------------------------------

def test_every_paragraph_style_uses_the_embedded_cjk_font():
    from reportlab.lib.styles import ParagraphStyle

    from app.reports.fonts import CJK, find_cjk_font, register_cjk_font, styles

    assert find_cjk_font().is_file() and find_cjk_font().name == "wqy-microhei.ttc"
    assert register_cjk_font() == CJK == register_cjk_font()  # registering twice is harmless
    found = styles()
    assert {"title", "heading", "body", "small", "cell"} <= found.keys()
    for name, style in found.items():
        assert isinstance(style, ParagraphStyle)
        assert style.fontName == CJK, name
        assert style.wordWrap == "CJK", name


@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_render_returns_a_pdf_with_a_signature_box_inside_a_page(rendered, kind):
    report, result, _ = rendered[kind]
    assert isinstance(result, RenderedPdf)
    assert result.data.startswith(b"%PDF-") and result.data.rstrip().endswith(b"%%EOF")
    assert result.pages >= 2
    page, x1, y1, x2, y2 = result.signature_box
    assert 0 <= page < result.pages
    assert 0 <= x1 < x2 <= PAGE_W and FRAME_BOTTOM <= y1 < y2 <= PAGE_H  # above the footer, inside the page
    assert x2 - x1 == pytest.approx(220, abs=1) and y2 - y1 == pytest.approx(60, abs=1)


def test_every_demo_task_renders(rendered):
    """Planned, notified and recorded tasks too: few findings, no samples, no signatures."""
    assert {"planned", "notified", "recorded"} <= rendered.keys()
    for kind, (report, result, _) in rendered.items():
        assert result.pages >= 2, kind
        assert report.draft == (kind not in ("signed", "refused")), kind


def test_a_missing_photo_file_does_not_stop_the_record(rendered, tmp_path):
    report, _, _ = rendered["signed"]
    broken = dataclasses.replace(report, photos=[Photo(tmp_path / "gone.jpg", "缺失的照片", 3, "")])
    assert render_pdf(broken).pages >= 2


# --- read back with poppler ---------------------------------------------------------------------------

@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_page_count_and_every_page_lines(rendered, kind):
    report, result, path = rendered[kind]
    info = _run("pdfinfo", str(path))
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == result.pages
    pages = _pages_text(path)
    assert len(pages) == result.pages
    total = result.pages
    for number, text in enumerate(pages, start=1):
        flat = _squeeze(text)
        assert f"第{number}页共{total}页" in flat, number
        # the party signs every page (and once more in section 九, beside its acknowledgement)
        assert flat.count("被检查单位代表签名：") == 1 + ("姓名及身份：" in flat), number
        footer = flat.rsplit("被检查单位代表签名：", 1)[1]
        assert footer.startswith("拒签，见第") if kind == "refused" else "日期：" in footer, number
        assert report.task_id in flat and report.record_hash[:16] in flat
        assert ("草稿" in flat) == report.draft, number
    assert "第1页共" + str(total) + "页" in _squeeze(pages[0])


@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_text_has_the_institution_items_and_blind_samples(rendered, kind):
    report, result, path = rendered[kind]
    pages = _pages_text(path)
    text = "\n".join(pages)
    assert report.institution_name in _squeeze(text)
    assert report.document_no.replace(" ", "") in _squeeze(text)
    # the 18 verdicts, in order, in the 检查事项 table
    body = text[text.index("、检查事项"):]
    following = re.search(r"[一二三四五六七八九十]、(盲样考核|授权签字人考试|备注|被检查单位意见|签名)", body)
    verdicts = VERDICT.findall(body[:following.start()])
    assert len(report.items) == 18
    assert verdicts == [item.verdict for item in report.items]
    # every blind sample's score and judgement, side by side on the row's line
    lines = text.splitlines()
    for sample in report.samples:
        assert any(re.search(re.escape(sample.score) + r"\s+" + sample.judgement, line) for line in lines), sample
    for exam in report.exams:
        assert exam.signatory in text


@needs_poppler
def test_refusal_and_party_statement_are_printed(rendered):
    report, _, path = rendered["refused"]
    flat = _squeeze("\n".join(_pages_text(path, layout=False)))
    refusal = next(s.refusal for s in report.signatures if s.refusal)
    assert _squeeze(refusal) in flat
    assert _squeeze(report.party_statement) in flat


@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_only_the_embedded_cjk_font_is_used(rendered, kind):
    _, _, path = rendered[kind]
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        assert "WenQuanYiMicroHei" in row, row
        columns = row.split()
        # name type… encoding emb sub uni object generation: 'emb' is the 5th column from the end
        assert columns[-5] == "yes", row
    assert "Helvetica" not in "\n".join(rows)


@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_photos_and_handwriting_are_embedded(rendered, kind):
    report, _, path = rendered[kind]
    rows = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    handwriting = sum(1 for s in report.signatures if s.image is not None)
    assert len(rows) >= len(report.photos) + handwriting
    if kind == "signed":
        assert report.photos and handwriting


@needs_poppler
def test_the_room_for_the_digital_signature_is_beside_the_closing_line_and_empty(rendered, tmp_path):
    """No empty signature box on a record not signed digitally (issue 9, item 12): the room is kept beside
    以下空白, and nothing is drawn there."""
    from PIL import Image

    for kind in ("signed", "refused", "draft"):
        report, result, path = rendered[kind]
        pages = _pages_text(path)
        number, x1, y1, x2, y2 = result.signature_box
        assert "以下空白" in pages[number], kind
        assert not any("数字签名" in page for page in pages), kind
        prefix = tmp_path / f"{kind}-box"
        subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(number + 1), "-l", str(number + 1),
                        "-x", str(int(x1) + 1), "-y", str(int(PAGE_H - y2) + 1), "-W", str(int(x2 - x1) - 2),
                        "-H", str(int(y2 - y1) - 2), str(path), str(prefix)], check=True)
        with Image.open(next(tmp_path.glob(f"{kind}-box*.png"))) as area:
            darkest, _ = area.convert("L").getextrema()
        # white: no corner marks, no label (a draft's translucent 草稿 may cross it: light grey, 219)
        assert darkest == 255 or (report.draft and darkest > 200), (kind, darkest)


@needs_poppler
def test_a_photo_with_an_exif_rotation_is_embedded_upright(rendered, tmp_path):
    from PIL import Image

    source = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    Image.new("RGB", (320, 200), "white").save(source, "JPEG", exif=exif)
    report, _, _ = rendered["signed"]
    sideways = dataclasses.replace(report, photos=[Photo(source, "侧放拍摄", 5, "")], signatures=[])
    pdf = tmp_path / "sideways.pdf"
    pdf.write_bytes(render_pdf(sideways).data)
    rows = [row.split() for row in _run("pdfimages", "-list", str(pdf)).splitlines()[2:]]
    assert [(int(r[3]), int(r[4])) for r in rows] == [(200, 320)]


@pytest.mark.skipif(not (POPPLER and shutil.which("zbarimg")), reason="needs pdftoppm and zbarimg (zbar-tools)")
def test_the_qr_code_carries_the_task_and_the_record_hash(rendered, tmp_path):
    report, _, path = rendered["signed"]
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    image = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True).stdout
    assert decoded.strip() == report.qr_text


@needs_poppler
def test_superscripts_and_subscripts_the_font_lacks_are_printed_raised_and_lowered(rendered, tmp_path):
    report, _, _ = rendered["signed"]
    items = list(report.items)
    items[0] = dataclasses.replace(items[0], verdict="发现问题", problem=True,
                                   description="检出限写为 1×10⁻⁶ mg/kg，H₂O 含量 <5% & 未复核")
    target = tmp_path / "scripts.pdf"
    target.write_bytes(render_pdf(dataclasses.replace(report, items=items)).data)
    text = _squeeze("".join(_pages_text(target, layout=False)))
    assert "1×10-6mg/kg" in text and "H2O含量<5%&未复核" in text
    fonts = _run("pdffonts", str(target))
    assert "WenQuanYi" in fonts and "Helvetica" not in fonts
