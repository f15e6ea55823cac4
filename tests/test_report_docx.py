"""The on-site record as DOCX (app/reports/word.py), read back with python-docx and, where installed,
converted by LibreOffice.

Three demo tasks: one signed by everybody, one where the representative refused to sign, and one
recorded but not signed yet (the draft).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from app.demo.data import build_demo
from app.reports.model import Photo, Signature
from app.reports.word import DRAFT_MARK, EMPTY, ITEM_HEADERS, PARTY_LINE, render_docx
from app.services.reporting import build_report
from app.services.task_view import list_tasks
from app.store.database import open_database

# What the official form says, written here: the tests below compare the document with these, not with
# app/reports/word.py's own constants.
FORM_DRAFT_MARK = "草稿（未签署）"
FORM_EMPTY = "/"  # an empty field of an official form
FORM_ITEM_HEADERS = ("序号", "检查内容", "是否发现问题", "问题描述")
FORM_PARTY_LINE = "被检查单位代表签名：________　日期：________"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """{'signed', 'refused', 'draft'}: (report, docx bytes)."""
    path = tmp_path_factory.mktemp("docx") / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        tasks = list_tasks(db)
        signed = [build_report(db, path, t.id) for t in tasks if t.status.value == "signed"]
        unsigned = [build_report(db, path, t.id) for t in tasks if t.status.value == "recorded"]
    finally:
        db.conn.close()
    refused = [r for r in signed if any(s.refusal for s in r.signatures)]
    complete = [r for r in signed if not any(s.refusal for s in r.signatures)]
    assert refused and complete and unsigned
    chosen = {"signed": complete[0], "refused": refused[0], "draft": unsigned[0]}
    return {name: (report, render_docx(report)) for name, report in chosen.items()}


def read(data: bytes):
    return Document(io.BytesIO(data))


def cell_texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def table_with_header(doc, first: str):
    return next((t for t in doc.tables if t.rows[0].cells[0].text == first), None)


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["signed", "refused", "draft"])
def test_the_information_tables_list_every_row_with_its_on_site_correction(reports, name):
    report, data = reports[name]
    doc = read(data)
    blocks = (report.institution, report.certificate, report.visit, report.team)
    for table, rows in zip(doc.tables[:4], blocks):
        assert [row.cells[0].text for row in table.rows] == [r.label for r in rows]
        for row, expected in zip(table.rows, rows):
            value = row.cells[1]
            assert value.paragraphs[0].text == (expected.value or FORM_EMPTY)
            if expected.note:
                assert value.paragraphs[1].text == expected.note
                assert value.paragraphs[1].style.font.size < Pt(10.5)  # smaller than the value
    assert report.institution_name in all_text(doc)


def test_some_demo_record_has_an_on_site_correction(reports):
    assert any(row.note for report, _ in reports.values() for row in report.institution + report.certificate)


@pytest.mark.parametrize("name", ["signed", "refused", "draft"])
def test_the_18_items_with_their_verdicts_in_order_problems_in_bold(reports, name):
    report, data = reports[name]
    table = table_with_header(read(data), FORM_ITEM_HEADERS[0])
    assert table is not None and cell_texts(table.rows[0]) == list(FORM_ITEM_HEADERS)
    rows = table.rows[1:]
    assert len(rows) == 18 == len(report.items)
    assert [row.cells[0].text for row in rows] == [str(n) for n in range(1, 19)]
    assert [row.cells[2].text for row in rows] == [item.verdict for item in report.items]
    for row, item in zip(rows, report.items):
        assert bool(row.cells[2].paragraphs[0].runs[0].bold) == item.problem
        cited = "见证据 " + "、".join(str(n) for n in item.evidence) if item.evidence else ""  # its evidence
        assert row.cells[3].text == ("\n".join(x for x in (item.description, cited) if x) or FORM_EMPTY)
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert table.style.name == "Table Grid"


def test_blind_samples_and_exams_as_tables_when_recorded(reports):
    for report, data in reports.values():
        doc = read(data)
        samples, exams = table_with_header(doc, "编号"), table_with_header(doc, "签字人")
        if report.samples:
            assert [row.cells[0].text for row in samples.rows[1:]] == [s.code for s in report.samples]
            assert [row.cells[-1].text for row in samples.rows[1:]] == [s.judgement for s in report.samples]
        else:
            assert samples is None
        if report.exams:
            assert [row.cells[0].text for row in exams.rows[1:]] == [e.signatory for e in report.exams]
            assert [row.cells[5].text for row in exams.rows[1:]] == [e.result for e in report.exams]
        else:
            assert exams is None
    assert any(r.samples for r, _ in reports.values()) and any(r.exams for r, _ in reports.values())


@pytest.mark.parametrize("name", ["signed", "refused", "draft"])
def test_photos_and_handwritten_signatures_are_pictures_in_the_body(reports, name):
    report, data = reports[name]
    doc = read(data)
    signatures = sum(1 for s in report.signatures if s.image is not None)
    assert len(doc.inline_shapes) >= len(report.photos) + signatures
    text = all_text(doc)
    for n, photo in enumerate(report.photos, start=1):  # labelled by their number in the evidence list
        where = f"（第 {photo.item} 项）" if photo.item else ""
        assert f"证据 {n}{where}：{photo.caption}" in text
        assert photo.taken_at in text
    for shape in doc.inline_shapes:
        assert shape.width <= Cm(15) + 1


def test_a_refused_signature_prints_the_refusal_instead_of_a_picture(reports):
    """In section 九, where the party signs beside its acknowledgement; the team's table has every member's
    handwriting."""
    report, data = reports["refused"]
    refusal = next(s for s in report.signatures if s.refusal)
    doc = read(data)
    block = next(t for t in doc.tables if t.rows[0].cells[1].text == "被检查单位代表签名：")
    assert block.rows[0].cells[2].text == refusal.refusal
    assert not block._tbl.xpath(".//pic:pic")
    assert block.rows[1].cells[2].text.startswith(refusal.name)
    table = table_with_header(doc, "类别")
    assert refusal.name not in [r.cells[1].text for r in table.rows]
    assert all(r.cells[3]._tc.xpath(".//pic:pic") for r in table.rows[1:])


@pytest.mark.parametrize("name", ["signed", "refused", "draft"])
def test_every_page_has_page_numbers_the_party_signature_line_and_the_hash(reports, name):
    report, data = reports[name]
    section = read(data).sections[0]
    footer = section.footer._element
    instructions = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert re.search(r"\bPAGE\b", instructions) and re.search(r"\bNUMPAGES\b", instructions)
    kinds = [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * (3 if name == "refused" else 2)  # + PAGEREF to the refusal
    text = "".join(t.text for t in footer.iter(qn("w:t")))
    # the party's line: blank on a draft, else its handwriting and the date, or its refusal (test_report_party.py)
    assert (FORM_PARTY_LINE in text) == (name == "draft")
    assert "被检查单位代表签名：" in text and report.task_id in text and report.record_hash[:16] in text
    assert footer.xpath(".//pic:pic")  # the QR code
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21, 29.7)  # A4
    # the PDF's margins (24 mm at the binding, 18 mm right): the same text width, 16.8 cm
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (2.4, 1.8)


def test_only_the_draft_says_draft_in_its_header(reports):
    def header(name):
        return "".join(t.text for t in read(reports[name][1]).sections[0].header._element.iter(qn("w:t")))

    assert FORM_DRAFT_MARK in header("draft")
    assert "草稿" not in header("signed") and "草稿" not in header("refused")
    assert reports["signed"][0].document_no in header("signed")


def test_chinese_fonts_are_named_for_east_asian_text(reports):
    styles = read(reports["signed"][1]).styles
    fonts = styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None


# --- well-formed OOXML: children in schema order (Word repairs files that break it) -------------------

SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
           "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
           "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
           "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
           "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
            "headers cellIns cellDel cellMerge tcPrChange",
    "tblCellMar": "top start left bottom end right",
    "pBdr": "top left bottom right between bar",
}


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def out_of_order(xml: bytes) -> list[str]:
    problems = []
    for element in etree.fromstring(xml).iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        name = etree.QName(element)
        local = name.localname
        if local not in SEQUENCES or name.namespace != W:
            continue
        order = SEQUENCES[local].split()
        seen = [etree.QName(c).localname for c in element]
        unknown = [name for name in seen if name not in order]
        positions = [order.index(name) for name in seen if name in order]
        if unknown or positions != sorted(positions) or len(set(seen)) != len(seen):
            problems.append(f"{local}: {seen}")
    return problems


def test_the_order_check_catches_a_misplaced_element():
    good = f'<w:p xmlns:w="{W}"><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr></w:p>'.encode()
    assert out_of_order(good) == []
    assert out_of_order(good.replace(b'<w:keepNext/><w:jc w:val="center"/>', b'<w:jc w:val="center"/><w:keepNext/>'))


@pytest.mark.parametrize("name", ["signed", "refused", "draft"])
def test_the_package_is_well_formed_ooxml(reports, name):
    data = reports[name][1]
    drawing_ids = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for part in package.namelist():
            if not part.endswith((".xml", ".rels")):
                continue
            xml = package.read(part)
            assert out_of_order(xml) == [], part
            drawing_ids += re.findall(rb'<wp:docPr id="(\d+)"', xml)
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert len(drawing_ids) == len(set(drawing_ids))  # unique across body and footer


def test_missing_pictures_and_control_characters_do_not_break_the_file(reports, tmp_path):
    report, _ = reports["signed"]
    broken = dataclasses.replace(
        report,
        notes="第一行\x0b第二行\r\n第三行\x00",
        photos=[Photo(tmp_path / "gone.jpg", "照片\x1b说明", None, ""),
                Photo(Path(__file__), "不是图片", 3, "")],
        signatures=[Signature("检查人员", "某某", "检查人员", "", tmp_path / "gone.png")],
    )
    doc = read(render_docx(broken))
    text = all_text(doc)
    assert "（照片文件缺失：gone.jpg）" in text and "（签名图像缺失）" in text
    assert "第一行第二行" in text and "第三行" in text and "证据 1：照片说明" in text
    assert len(doc.inline_shapes) == 0


# --- LibreOffice ---------------------------------------------------------------------------------------

def test_libreoffice_converts_it_to_pdf(reports, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice not installed")
    report, data = reports["refused"]
    source = tmp_path / "record.docx"
    source.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "record.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    assert report.institution_name in flat
    assert "第1页共" in flat and "被检查单位代表签名：拒签，见第" in flat


def test_the_module_holds_the_official_form_texts():
    assert (DRAFT_MARK, EMPTY, tuple(ITEM_HEADERS), PARTY_LINE) == (
        FORM_DRAFT_MARK, FORM_EMPTY, FORM_ITEM_HEADERS, FORM_PARTY_LINE)
