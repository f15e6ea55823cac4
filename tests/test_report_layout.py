"""The record as an official document, laid out (issue 9, items 7 and 9–16): line breaking, type sizes, one
time style, drafts, fixed section numbers, Word part names and tables, our own Word template, and the PDF
and the Word file carrying the same record (checked through LibreOffice where it is installed).

Every demo record is rendered once per module, as PDF and as Word, in China's time zone (the demo's times are
recorded at +08:00; the record writes times in the computer's local zone).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from app.demo.data import build_demo
from app.reports.pdf import FRAME_BOTTOM, FRAME_H, PAGE_H, render_pdf
from app.reports.word import render_docx
from app.services.reporting import build_report
from app.services.task_view import list_tasks
from app.store.database import open_database

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo) not installed")
needs_tzset = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset: Unix only")
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# What the official form says, written here rather than read from the code under test.
SECTION_TITLES = ["一、被检查单位基本信息", "二、资质认定情况", "三、检查情况", "四、检查事项", "五、盲样考核",
                  "六、授权签字人考试", "七、证据清单", "八、备注", "九、被检查单位意见", "十、签名"]
SAMPLE_HEADERS = ["编号", "样品/基质", "检测项目", "方法", "单位", "统计量", "指定值", "结果", "得分", "判定"]
CLOSING = "以下空白"


@pytest.fixture(scope="module")
def records(tmp_path_factory, china):
    """[(kind, report, pdf path, docx path)] for every demo task."""
    folder = tmp_path_factory.mktemp("records")
    path = folder / "demo.sqlite"
    db = open_database(path)
    out = []
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        for n, task in enumerate(list_tasks(db)):
            report = build_report(db, path, task.id)
            kind = task.status.value
            if kind == "signed":
                kind = "refused" if any(s.refusal for s in report.signatures) else "signed"
            pdf, docx = folder / f"{n}-{kind}.pdf", folder / f"{n}-{kind}.docx"
            pdf.write_bytes(render_pdf(report).data)
            docx.write_bytes(render_docx(report))
            out.append((kind, report, pdf, docx))
    finally:
        db.conn.close()
    assert {"signed", "refused", "on_site", "planned"} <= {kind for kind, *_ in out}
    return out


def record(records, kind):
    return next(r for r in records if r[0] == kind)


def pdf_pages(path: Path, *args: str) -> list[str]:
    text = subprocess.run(["pdftotext", *args, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- item 10: Chinese line breaking ---------------------------------------------------------------------

OPENING, CLOSING_MARKS = "“‘（《【〔", "，。、；：？！）》】〕”’"
VALUES = ["GB 18285-2018", "GB/T 27025-2019", "JJF 1069-2012", "μmol/mol", "mg/kg", "AB-YQ-029", "5009.12-2023",
          "14020007048"]
PIECES = st.lists(st.one_of(st.sampled_from(list("检查机构应遵守相关保密规定的问题唐琳第项")),
                            st.sampled_from(VALUES).map(lambda value: value + "的"),  # a value ends somewhere
                            st.sampled_from(list(OPENING)).map(lambda mark: mark + "机"),  # opens something
                            st.sampled_from(list(CLOSING_MARKS)).map(lambda mark: "构" + mark),  # closes it
                            st.just(" ")), min_size=1, max_size=60)


def wrapped(text: str, width: float, style: str = "cell") -> list[str]:
    from app.reports.fonts import styles
    from app.reports.pdf_lines import RecordParagraph, line_texts

    paragraph = RecordParagraph(text, styles()[style])
    paragraph.wrap(width, 10_000)
    return line_texts(paragraph)


@pytest.mark.parametrize("text,width,wanted", [
    ("对第14项“机构应遵守相关保密规定”的问题", 60, "“机"),  # the quote moves down with its word
    ("检查人员唐琳（市场监管）到场", 60, "（市"),
    ("依据GB 18285-2018检验", 90, "GB 18285-2018"),
    ("浓度单位为μmol/mol的结果", 60, "μmol/mol"),
])
def test_known_bad_breaks_of_the_old_record_no_longer_happen(text, width, wanted):
    lines = wrapped(text, width)
    assert "".join(lines) == text.replace(" ", "") or " ".join(lines)
    assert any(wanted in line for line in lines), lines
    assert not any(line[-1] in OPENING for line in lines[:-1]), lines
    assert not any(line[0] in CLOSING_MARKS for line in lines[1:]), lines


@settings(max_examples=150, deadline=None)
@given(pieces=PIECES, width=st.floats(min_value=40, max_value=300))
def test_kinsoku_and_whole_values_at_any_width(pieces, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.reports.fonts import CJK, styles

    text = "".join(pieces)
    lines = wrapped(text, width)
    assert squeeze("".join(lines)) == squeeze(text)  # nothing lost, nothing added
    for before, after in zip(lines, lines[1:]):
        assert before[-1:] not in set(OPENING) or not before.strip(), (before, after)  # 避尾
        assert after[:1] not in set(CLOSING_MARKS), (before, after)  # 避头
    size = styles()["cell"].fontSize
    for value in VALUES:
        if value in text and stringWidth(value + "，", CJK, size) < width:
            # whole wherever it fits on a line (a closing mark may have to come along)
            assert sum(line.count(value) for line in lines) == text.count(value), (value, lines)


STANDARD = re.compile(r"(?:GB/T|GB|HJ|JJF) \d+(?:\.\d+)?-\d{4}")


@needs_poppler
def test_no_line_of_any_record_breaks_against_the_rules(records):
    """Every line poppler reads out of every demo record (tables included): no closing mark starts it, no
    opening mark ends it, and every standard's number the record names sits whole on one line."""
    for kind, report, pdf, _ in records:
        html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True, encoding="utf-8").stdout
        lines = ["".join(re.findall(r"<word[^>]*>(.*?)</word>", line))
                 for line in re.findall(r"<line[^>]*>(.*?)</line>", html, re.S)]
        assert lines, kind
        for line in lines:
            assert line[:1] not in set(CLOSING_MARKS) and line[-1:] not in set(OPENING), (kind, line)
        named = set(STANDARD.findall(" ".join([i.description for i in report.items]
                                               + [s.method for s in report.samples])))
        for standard in named:
            assert any(squeeze(standard) in line for line in lines), (kind, standard)


def test_type_sizes_body_at_least_wuhao_tables_at_least_9_pt():
    from app.reports.fonts import styles

    for name, style in styles().items():
        if name.startswith(("cell", "small", "meta", "caption")):
            assert style.fontSize >= 9, name
        else:
            assert style.fontSize >= 10.5, name  # 五号


# --- item 11: times in one style ----------------------------------------------------------------------------

@needs_poppler
@needs_tzset
def test_every_time_on_the_record_is_written_one_way_with_the_zone_said_once(records):
    kind, report, pdf, docx = record(records, "signed")
    text = "\n".join(pdf_pages(pdf))
    flat = squeeze(text)
    assert not re.search(r"\d时\d|\d{4}-\d{2}-\d{2}T|UTC(?!\+08:00)", flat)  # no 时分, no ISO, no second zone
    assert flat.count("UTC+08:00") == 1 and "本记录时间均为北京时间（UTC+08:00）" in flat
    assert re.search(r"检查时间\s*2025年10月15日 09:07 至 11:24", text)
    times = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日 ?\d{2}:\d{2}", text)
    assert len(times) >= len(report.signatures) + len(report.photos) + 2
    for signature in report.signatures:
        assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", signature.signed_at), signature
    word = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "本记录时间均为北京时间（UTC+08:00）" in word


@needs_tzset
def test_the_signature_stamp_writes_its_time_as_the_record_does(china):
    from datetime import datetime, timezone

    from app.reports.signing import TIME_FORMAT, record_time

    moment = datetime(2026, 11, 27, 3, 17, 12, tzinfo=timezone.utc)
    assert record_time(moment) == "2026年11月27日 11:17"  # China: UTC+8
    assert record_time(moment.strftime(TIME_FORMAT)) == "2026年11月27日 11:17"


# --- item 12: drafts and fixed section numbers --------------------------------------------------------

def test_the_word_draft_has_the_draft_watermark_and_a_signed_record_has_none(records):
    for kind, report, _, docx in records:
        header = Document(str(docx)).sections[0].header._element
        marks = header.xpath(".//*[local-name()='textpath'][@string]")
        if report.draft:
            assert [m.get("string") for m in marks] == ["草稿"], kind
        else:
            assert marks == [], kind


@needs_poppler
def test_section_numbers_do_not_shift_and_an_empty_section_says_none(records):
    planned = record(records, "planned")
    _, report, pdf, docx = planned
    assert not report.samples and not report.exams  # a planned task has recorded nothing
    for kind, report, pdf, docx in records:
        pages = pdf_pages(pdf, "-layout")
        flat = squeeze("".join(pages))
        positions = [flat.find(title) for title in SECTION_TITLES]
        assert -1 not in positions and positions == sorted(positions), (kind, positions)
        words = [p.text for p in Document(str(docx)).paragraphs]
        assert [w for w in words if w in SECTION_TITLES] == SECTION_TITLES, kind
        if not report.samples:
            assert words[words.index("五、盲样考核") + 1] == "无", kind
            assert re.search(r"五、盲样考核\s*无\s*六、授权签字人考试", "\n".join(pages)), kind


# --- item 13: Word part names -----------------------------------------------------------------------

CONTENT_TYPES = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "xml": None, "rels": None}


def test_every_part_of_the_word_package_has_a_proper_extension(records):
    for kind, report, _, docx in records:
        with zipfile.ZipFile(docx) as package:
            names = package.namelist()
            types = package.read("[Content_Types].xml").decode()
        for name in names:
            stem, dot, extension = name.rpartition(".")
            assert dot and stem and extension and "/" not in extension, (kind, name)  # never "image1."
            assert extension.lower() in CONTENT_TYPES, (kind, name)
            if name.startswith("word/media/"):
                assert f'Extension="{extension}" ContentType="{CONTENT_TYPES[extension]}"' in types, (kind, name)
        assert sum(n.startswith("word/media/") for n in names) >= len(report.photos) + 1, kind  # + the QR code


# --- item 14: Word tables keep rows whole and repeat headers --------------------------------------------

def test_word_tables_repeat_their_header_row_keep_it_with_the_next_and_never_split_a_row(records):
    for kind, _, _, docx in records:
        for table in Document(str(docx)).tables:
            rows = table._tbl.tr_lst
            for n, row in enumerate(rows):
                assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None, (kind, n)
            if (table._tbl.getparent().tag != qn("w:body") or len(table.columns) == 2
                    or table.rows[0].cells[1].text == "被检查单位代表签名："):
                continue  # the footer's layout table, the two-column information tables, the party's signature
                # block in section 九: no header row
            header = rows[0]
            assert header.trPr.find(qn("w:tblHeader")) is not None, kind
            for p in header.iter(qn("w:p")):
                assert p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None, kind


# --- item 15: our own Word template ------------------------------------------------------------------

def test_the_shipped_template_is_what_the_script_builds():
    from app.paths import resource
    from app.reports.word_template import TEMPLATE, build_template, parts

    shipped = parts(resource(*TEMPLATE).read_bytes())
    built = parts(build_template())
    assert shipped.keys() == built.keys()
    for name in shipped:
        if name != "docProps/core.xml":  # holds nothing but fixed values, yet python-docx writes it anew
            assert shipped[name] == built[name], name


@pytest.mark.parametrize("source", ["template", "record"])
def test_the_word_package_has_our_properties_fonts_and_no_leftovers(records, source):
    from app.paths import resource
    from app.reports.word_template import TEMPLATE

    data = resource(*TEMPLATE).read_bytes() if source == "template" else record(records, "signed")[3].read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        app_xml = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
        fonts = re.findall(r'<w:font w:name="([^"]+)"', package.read("word/fontTable.xml").decode())
        theme = package.read("word/theme/theme1.xml").decode()
        styles = package.read("word/styles.xml").decode()
        settings_xml = package.read("word/settings.xml").decode()
    assert "<Application>Spotcheck</Application>" in app_xml and "Microsoft" not in app_xml
    assert "python-docx" not in core
    assert sorted(fonts) == sorted(["宋体", "黑体", "Times New Roman"])
    table = data and zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert '<w:altName w:val="SimSun"/>' in table and '<w:altName w:val="SimHei"/>' in table
    for leftover in ("ＭＳ", "Calibri", "Cambria", "맑은", "新細明體"):
        assert leftover not in table + theme + styles, leftover
    assert not any(n.startswith("customXml/") or "thumbnail" in n or "stylesWithEffects" in n for n in names)
    assert 'w:eastAsia="zh-CN"' in settings_xml
    normal = re.search(r'<w:docDefaults>.*?</w:docDefaults>', styles, re.S)[0]
    assert 'w:eastAsia="宋体"' in normal and "Theme" not in normal
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S)[0]
    assert 'w:eastAsia="黑体"' in heading


# --- item 16 and 14: the same record in both files, through LibreOffice ------------------------------------

def test_pdf_and_word_print_the_same_tables_with_the_same_columns(records):
    for kind, report, pdf, docx in records:
        doc = Document(str(docx))
        samples = [t for t in doc.tables if t.rows[0].cells[0].text == "编号"]
        if report.samples:
            assert [c.text for c in samples[0].rows[0].cells] == SAMPLE_HEADERS, kind
            for row, sample in zip(samples[0].rows[1:], report.samples):
                assert row.cells[4].text == (sample.unit or "/") and row.cells[5].text == sample.statistic
        else:
            assert samples == []
        if POPPLER and report.samples:
            lines = [squeeze(line) for line in "".join(pdf_pages(pdf, "-layout")).splitlines()]
            assert "".join(SAMPLE_HEADERS) in lines, kind  # the header row, one line, the same columns


def _expected_sequence(report) -> list[str]:
    """Texts the record prints, in order, each short enough to sit on one line of its cell in both files: every
    row of every table (the 18 items with their verdicts), every section, the signatures, 以下空白."""
    def short(text):
        start = re.match(r"[^（(，、；：“”《/]{2,4}", squeeze(text or ""))  # up to a place a line may break
        return start[0] if start else None

    seq = [SECTION_TITLES[0]] + [short(r.value) for r in report.institution]
    seq += [SECTION_TITLES[1]] + [short(r.value) for r in report.certificate]
    seq += [SECTION_TITLES[2]] + [short(r.label) for r in report.visit] + [short(r.label) for r in report.team]
    seq += [SECTION_TITLES[3]]
    for item in report.items:
        seq += [short(item.content), short(item.verdict)]
    seq += [SECTION_TITLES[4]] + [short(s.matrix) for s in report.samples]
    seq += [SECTION_TITLES[5]] + [short(e.signatory) for e in report.exams]
    seq += [SECTION_TITLES[6]] + [f"证据{e.number}" for e in report.evidence]
    party = [s for s in report.signatures if s.party != "检查人员"]
    seq += [SECTION_TITLES[7], SECTION_TITLES[8], short(report.party_statement or "以上记录已阅")]
    seq += ["被检查单位代表签名："] + [short(s.name) for s in party] + [SECTION_TITLES[9]]
    seq += [short(s.name) for s in report.signatures if s.party == "检查人员"]
    seq += [CLOSING] + [short(p.caption) for p in report.photos]
    return [s for s in seq if s]


def _in_order(flat: str, sequence: list[str]) -> list[str]:
    """The texts of `sequence` not found in `flat` in that order (empty when all are)."""
    missing, at = [], 0
    for text in sequence:
        found = flat.find(text, at)
        if found < 0:
            missing.append(text)
        else:
            at = found + len(text)
    return missing


@needs_poppler
def test_the_pdf_prints_the_record_in_order(records):
    for kind, report, pdf, _ in records:
        flat = squeeze("".join(pdf_pages(pdf, "-layout")))
        assert _in_order(flat, _expected_sequence(report)) == [], kind


@pytest.mark.skipif(OFFICE is None or not POPPLER, reason="LibreOffice (soffice) or poppler-utils not installed")
def test_every_word_record_through_libreoffice_has_the_pdfs_content_in_the_same_order(records, tmp_path):
    """LibreOffice converts every Word record (once lost a table row after a page break): the converted text
    holds every row and section of the record in the order the PDF has them."""
    sources = [str(docx) for *_, docx in records]
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), *sources], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for kind, report, pdf, docx in records:
        converted = tmp_path / (docx.stem + ".pdf")
        word = squeeze("".join(pdf_pages(converted, "-layout")))  # a table row is a line
        ours = squeeze("".join(pdf_pages(pdf, "-layout")))
        sequence = _expected_sequence(report)
        assert _in_order(word, sequence) == [], kind
        assert _in_order(ours, sequence) == [], kind
        # the same pages, give or take the fonts' metrics (宋体 substitutes in Word, WenQuanYi in the PDF)
        pages = [len(pdf_pages(converted)), len(pdf_pages(pdf))]
        assert abs(pages[0] - pages[1]) <= 1, (kind, pages)


# --- item 9: no gaping pages, 以下空白 ---------------------------------------------------------------------

def _lowest_text(path: Path) -> list[float]:
    """For each page, how far down the frame its lowest line of body text reaches, as a share of the frame."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout
    shares = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        lows = [float(y) for y in re.findall(r'<word [^>]*yMax="([\d.]+)"', page)
                if float(y) < PAGE_H - FRAME_BOTTOM]  # above the page's footer
        top = PAGE_H - FRAME_BOTTOM - FRAME_H
        shares.append((max(lows) - top) / FRAME_H if lows else 0.0)
    return shares


@needs_poppler
def test_no_page_but_the_last_of_the_record_and_of_its_appendix_is_more_than_a_quarter_empty(records):
    for kind, report, pdf, _ in records:
        pages = pdf_pages(pdf)
        end = next(n for n, text in enumerate(pages) if CLOSING in text)
        filled = _lowest_text(pdf)
        assert all(share >= 0.75 for share in filled[:end]), (kind, [round(s, 2) for s in filled])
        # the appendix of photos starts on a page of its own; its pages but the last are full too
        assert all(share >= 0.75 for share in filled[end + 1:-1]), (kind, [round(s, 2) for s in filled])
        # and 以下空白 is the last text of the record: after it only the footer and the appendix's pages
        assert squeeze(pages[end]).split(CLOSING)[1].startswith("被检查单位代表签名"), kind


@needs_poppler
def test_the_party_statement_starts_on_the_page_with_its_signature(records):
    for kind, report, pdf, _ in records:
        pages = [squeeze(p) for p in pdf_pages(pdf, "-layout")]
        statement = next(n for n, p in enumerate(pages) if "九、被检查单位意见" in p)
        block = pages[statement].split("九、被检查单位意见")[1].split("十、签名")[0]
        assert "被检查单位代表签名：" in block and "日期：" in block, kind
        party = next((s for s in report.signatures if s.party != "检查人员" and s.name), None)
        if party is not None:
            assert party.name in block, kind


# --- item 7 on the record ------------------------------------------------------------------------------

@needs_poppler
def test_a_score_stored_before_the_rule_prints_as_judged(records, tmp_path):
    """A blind sample stored with `rounded` 2.00 and judged 有问题 (z = 2.004) prints 2.004, from its exact
    score, beside 有问题; z = −0.001 prints 0.00."""
    from app.domain.record import BlindSample
    from app.domain.scoring import Judgement
    from app.services.reporting import _sample

    stored = BlindSample("s1", code="MY-1", matrix="大米", parameter="铅", method="GB 5009.12-2023", unit="mg/kg",
                         statistic="z", assigned="0.200", sigma_pt="0.020", result="0.24008", score="2.004",
                         judgement=Judgement.QUESTIONABLE,
                         details={"score": "2.004", "rounded": "2.00", "judgement": "questionable"})
    row = _sample(stored)
    assert (row.score, row.judgement) == ("2.004", "有问题")
    zero = _sample(dataclasses.replace(stored, score="-0.001", judgement=Judgement.SATISFACTORY,
                                       details={"score": "-0.001", "rounded": "-0.00"}))
    assert (zero.score, zero.judgement) == ("0.00", "满意")
    _, report, _, _ = record(records, "signed")
    target = tmp_path / "score.pdf"
    target.write_bytes(render_pdf(dataclasses.replace(report, samples=[row, zero])).data)
    text = "".join(pdf_pages(target, "-layout"))
    assert re.search(r"2\.004\s+有问题", text) and re.search(r"0\.00\s+满意", text) and "-0.00" not in text


@pytest.mark.skipif(OFFICE is None or not POPPLER, reason="LibreOffice (soffice) or poppler-utils not installed")
def test_no_table_row_is_lost_wherever_a_page_breaks_through_libreoffice(records, tmp_path):
    """LibreOffice 7.4 once dropped a table's only data row when the header row fell at the foot of a page.
    The refused record (one exam row) with a longer and longer first finding puts the page break at every
    height of the tables that follow: every row is still there once converted."""
    kind, report, _, _ = record(records, "refused")
    assert len(report.exams) == 1 and report.samples
    sources = []
    for lines in range(0, 42, 2):  # steps of 2 lines (27 pt, a header row is about 20 pt) over a whole page
        items = list(report.items)
        items[0] = dataclasses.replace(items[0], description="\n".join(["补充说明"] * (lines + 1)))
        source = tmp_path / f"shifted-{lines:02d}.docx"
        source.write_bytes(render_docx(dataclasses.replace(report, items=items)))
        sources.append(source)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), *map(str, sources)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for source in sources:
        pages = [squeeze(p) for p in pdf_pages(source.with_suffix(".pdf"), "-layout")]
        flat = "".join(pages)
        exam = report.exams[0]
        assert squeeze(exam.examiner) in flat.split("六、授权签字人考试")[1].split("七、备注")[0], source.name
        for sample in report.samples:
            assert squeeze(sample.code)[:6] in flat.split("五、盲样考核")[1], source.name
        for page in pages:  # a header row never ends a page's text (its first row comes with it)
            body = page.split("被检查单位代表签名")[0]
            assert not body.endswith(("签字人授权领域形式成绩合格线结果考官备注", "编号样品/基质检测项目方法单位统计量指定值结果得分判定")), \
                source.name
