"""The party's acknowledgement and its signature on every page, and the evidence list (issue 9, items 5 and 6),
in the PDF (read with poppler), in the Word file (python-docx) and in the Word file as LibreOffice prints it.

The demo's signed record (everybody signed), its refused record (the representative refused) and a recorded but
unsigned one (a draft), in China's time zone (the demo records its times at +08:00). What the official form
says is written here, not read from the code under test.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image, ImageChops

from app.demo.data import build_demo
from app.reports.pdf import render_pdf
from app.reports.word import render_docx
from app.services.reporting import build_report, canonical_record, record_hash
from app.services.task_view import list_tasks, task_record
from app.store.database import open_database

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfimages"))
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfimages) not installed")
needs_office = pytest.mark.skipif(OFFICE is None or not POPPLER, reason="LibreOffice or poppler-utils not installed")

ACKNOWLEDGEMENT = "以上记录已阅，与事实相符"
SIGN = "被检查单位代表签名："
BLANK_FOOTER = "被检查单位代表签名：________________日期：________________"  # squeezed
BLANK_WORD_FOOTER = "被检查单位代表签名：________　日期：________"
# The demo's records (seed 2025): the checklist items of their photos, in the record's order, and their blind
# samples, which belong to item 18 (参加能力验证和技术比对) of the 2025 checklist.
SIGNED_EVIDENCE_ITEMS = [13, 12, 9, 10, 18, 18, 18]
SIGNED_SOURCES = ["现场拍摄"] * 4 + ["盲样考核"] * 3
SIGNED_CITATIONS = {9: "见证据 3", 10: "见证据 4", 12: "见证据 2", 13: "见证据 1", 18: "见证据 5、6、7"}
REFUSED_CITATIONS = {11: "见证据 3", 14: "见证据 1、2", 18: "见证据 4"}


@dataclasses.dataclass
class Printed:
    report: object
    pdf: Path
    docx: Path
    office: Path | None = None  # the Word file as LibreOffice prints it


@pytest.fixture(scope="module")
def printed(tmp_path_factory, china):
    """{'signed', 'refused', 'draft', 'refused_later', 'own_words', 'no_words'}: Printed; also the records and
    their hashes ('records')."""
    folder = tmp_path_factory.mktemp("party")
    path = folder / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        chosen, records = {}, {}
        for task in list_tasks(db):
            report = build_report(db, path, task.id)
            kind = {"recorded": "draft"}.get(task.status.value, task.status.value)
            if kind == "signed" and any(s.refusal for s in report.signatures):
                kind = "refused"
            if kind in ("signed", "refused", "draft"):
                chosen[kind] = report
                records[kind] = (task.id, record_hash(task_record(db, task.id)))
    finally:
        db.conn.close()
    assert chosen.keys() == {"signed", "refused", "draft"}
    refused = chosen["refused"]
    items = list(refused.items)  # a first finding a page long: the refusal moves to a later page
    items[0] = dataclasses.replace(items[0], description="\n".join(["补充说明"] * 40))
    chosen["refused_later"] = dataclasses.replace(refused, items=items)
    chosen["own_words"] = dataclasses.replace(chosen["signed"], party_statement="除第12项外无异议")
    chosen["no_words"] = dataclasses.replace(chosen["signed"], party_statement="")
    out = {}
    for kind, report in chosen.items():
        pdf, docx = folder / f"{kind}.pdf", folder / f"{kind}.docx"
        pdf.write_bytes(render_pdf(report).data)
        docx.write_bytes(render_docx(report))
        out[kind] = Printed(report, pdf, docx)
    if OFFICE is not None:
        converted = folder / "office"
        done = subprocess.run([OFFICE, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(converted),
                               *(str(p.docx) for p in out.values())], capture_output=True, timeout=400)
        assert done.returncode == 0, done.stderr
        for kind, p in out.items():
            p.office = converted / f"{kind}.pdf"
    out["records"] = records
    out["db"] = path
    return out


def pages_of(pdf: Path, *args: str) -> list[str]:
    text = subprocess.run(["pdftotext", *args, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def flat_pages(pdf: Path) -> list[str]:
    return [squeeze(p) for p in pages_of(pdf, "-layout")]


def section(flat: str, start: str, end: str) -> str:
    assert start in flat and end in flat.split(start, 1)[1], (start, end)
    return flat.split(start, 1)[1].split(end, 1)[0]


def images(pdf: Path) -> list[tuple[int, int, int, str]]:
    """(page, width, height, object) of every image drawn, read with pdfimages -list."""
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    out = []
    for row in rows.splitlines()[2:]:
        cells = row.split()
        out.append((int(cells[0]), int(cells[3]), int(cells[4]), f"{cells[10]} {cells[11]}"))
    return out


def on_every_page(pdf: Path, count: int) -> set[str]:
    """The image objects drawn on each of the `count` pages."""
    drawn = images(pdf)
    return set.intersection(*({obj for page, _, _, obj in drawn if page == n} for n in range(1, count + 1)))


def footer_of(docx: Path):
    doc = Document(str(docx))
    assert len(doc.sections) == 1 and not doc.sections[0].different_first_page_header_footer  # one footer
    return doc, doc.sections[0].footer._element


def in_order(flat: str, texts: list[str]) -> list[str]:
    """The texts not found in `flat` in this order."""
    missing, at = [], 0
    for text in texts:
        found = flat.find(squeeze(text), at)
        if found < 0:
            missing.append(text)
        else:
            at = found + len(squeeze(text))
    return missing


# --- item 5: the acknowledgement ------------------------------------------------------------------------

@needs_poppler
@pytest.mark.parametrize("kind,words", [("signed", ACKNOWLEDGEMENT), ("no_words", ACKNOWLEDGEMENT),
                                        ("own_words", "除第12项外无异议"), ("draft", ACKNOWLEDGEMENT),
                                        ("refused", "对第14项的认定有异议，不同意在记录上签字")])
def test_the_acknowledgement_stands_beside_the_party_signature_and_date(printed, kind, words):
    """Section 九: the party's words, or 以上记录已阅，与事实相符 when it said nothing else, then its signature, its
    name and the date — in the PDF and in the Word file alike."""
    p = printed[kind]
    party = p.report.party
    flat = "".join(flat_pages(p.pdf))
    block = section(flat, "九、被检查单位意见", "十、签名")
    assert block.startswith(squeeze(words)), (kind, block[:40])
    if words != ACKNOWLEDGEMENT:
        assert ACKNOWLEDGEMENT not in block  # the party's own words instead of the fixed line
    name = f"{party.name}，{party.role}" if party.signed else "________________"
    date = party.signed_at if party.signed else "______年____月____日"
    assert in_order(block, [SIGN, "姓名及身份：", name, "日期：", date]) == [], kind
    doc = Document(str(p.docx))
    texts = [x.text for x in doc.paragraphs]
    assert texts[texts.index("九、被检查单位意见") + 1] == words, kind
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == SIGN)
    assert [[c.text for c in row.cells[1:]] for row in table.rows][1:] == [["姓名及身份：", name], ["日期：", date]]


# --- item 5: the party's line on every page -------------------------------------------------------------

@needs_poppler
def test_a_signed_record_carries_the_representatives_signature_and_date_on_every_page(printed):
    p = printed["signed"]
    party = p.report.party
    pages = flat_pages(p.pdf)
    assert len(pages) >= 5 and party.image is not None and party.signed_at
    for n, page in enumerate(pages, start=1):
        assert f"{SIGN}日期：{squeeze(party.signed_at)}检查任务" in page, n  # the line, then the footer
    # one picture drawn on every page: the representative's handwriting, pixel for pixel
    common = on_every_page(p.pdf, len(pages))
    assert len(common) == 1, common
    (obj,) = common
    with Image.open(party.image) as handwriting:
        size, pixels = handwriting.size, handwriting.convert("RGB")
    assert {(w, h) for _, w, h, o in images(p.pdf) if o == obj} == {size}
    out = p.pdf.parent / "first-page"
    subprocess.run(["pdfimages", "-png", "-f", "1", "-l", "1", str(p.pdf), str(out)], check=True)
    (extracted,) = sorted(p.pdf.parent.glob("first-page-*.png"))  # page 1 shows no other picture
    with Image.open(extracted) as image:
        assert ImageChops.difference(image.convert("RGB"), pixels).getbbox() is None


def test_the_signed_word_record_holds_the_representatives_signature_in_its_footer(printed):
    p = printed["signed"]
    party = p.report.party
    doc, footer = footer_of(p.docx)
    text = "".join(t.text for t in footer.iter(qn("w:t")))
    assert f"{SIGN}　　日期：{party.signed_at}" in text and "________" not in text
    part = doc.sections[0].footer.part
    pictures = [part.related_parts[blip.get(qn("r:embed"))].blob for blip in footer.iter(qn("a:blip"))]
    assert party.image.read_bytes() in pictures and len(pictures) == 2  # and the QR code


@needs_office
def test_libreoffice_prints_the_representatives_signature_on_every_page_of_the_word_record(printed):
    p = printed["signed"]
    pages = flat_pages(p.office)
    assert len(pages) >= 5
    for n, page in enumerate(pages, start=1):
        assert f"{SIGN}日期：{squeeze(p.report.party.signed_at)}" in page, n
    drawn = images(p.office)
    common = on_every_page(p.office, len(pages))
    sizes = {(w, h) for _, w, h, o in drawn if o in common}
    assert any(abs(w / h - 3) < 0.05 for w, h in sizes), sizes  # the handwriting (600 × 200), beside the QR code


@needs_poppler
@pytest.mark.parametrize("kind", ["refused", "refused_later"])
def test_every_page_of_a_refused_record_names_the_page_of_the_refusal(printed, kind):
    p = printed[kind]
    refusal = squeeze(p.report.party.refusal)
    assert refusal.startswith("拒绝签名。理由：")
    pages = flat_pages(p.pdf)
    where = [n for n, page in enumerate(pages, start=1) if refusal in page]
    assert len(where) == 1, where
    for n, page in enumerate(pages, start=1):
        assert f"{SIGN}拒签，见第{where[0]}页" in page, (kind, n)
        assert page.count("拒签，见第") == 1
    if kind == "refused_later":  # the refusal moved with the content, and every page followed it
        first = [n for n, page in enumerate(flat_pages(printed["refused"].pdf), start=1) if refusal in page]
        assert where[0] > first[0]


@pytest.mark.parametrize("kind", ["refused", "refused_later"])
def test_the_word_footer_refers_to_the_refusal_by_a_page_field(printed, kind):
    doc, footer = footer_of(printed[kind].docx)
    instructions = [t.text.split() for t in footer.iter(qn("w:instrText"))]
    pageref = [words for words in instructions if words[0] == "PAGEREF"]
    assert len(pageref) == 1
    name = pageref[0][1]
    marks = doc.element.body.xpath(f".//w:bookmarkStart[@w:name='{name}']")
    assert len(marks) == 1
    paragraph = marks[0].getparent()
    assert "".join(t.text for t in paragraph.iter(qn("w:t"))) == printed[kind].report.party.refusal
    text = "".join(t.text for t in footer.iter(qn("w:t")))
    assert f"{SIGN}拒签，见第 " in text


@needs_office
@pytest.mark.parametrize("kind", ["refused", "refused_later"])
def test_libreoffice_prints_the_page_of_the_refusal_on_every_page(printed, kind):
    p = printed[kind]
    refusal = squeeze(p.report.party.refusal)
    pages = flat_pages(p.office)
    where = [n for n, page in enumerate(pages, start=1) if refusal in page]
    assert len(where) == 1, where
    for n, page in enumerate(pages, start=1):
        assert f"{SIGN}拒签，见第{where[0]}页" in page, (kind, n)


@needs_poppler
def test_a_draft_keeps_blank_lines_to_sign_on_paper(printed):
    p = printed["draft"]
    report = p.report
    assert report.draft and not [s for s in report.signatures if s.signed]  # nobody has signed yet
    pages = flat_pages(p.pdf)
    for n, page in enumerate(pages, start=1):
        assert BLANK_FOOTER in page, n
    flat = "".join(pages)
    assert "尚未签名" not in flat
    block = section(flat, "九、被检查单位意见", "十、签名")
    assert f"{SIGN}________________姓名及身份：________________日期：______年____月____日" in block
    signatures = section(flat, "十、签名", "以下空白")
    team = [row.value.split("（")[0] for row in report.team]
    assert in_order(signatures, team) == [] and len(team) == 3
    assert not re.search(r"\d{4}年\d", signatures)  # no time signed, no picture: lines to fill in
    assert not any(w / h == 3 for _, w, h, _ in images(p.pdf))


def test_a_word_draft_keeps_blank_lines_to_sign_on_paper(printed):
    p = printed["draft"]
    doc, footer = footer_of(p.docx)
    assert BLANK_WORD_FOOTER in "".join(t.text for t in footer.iter(qn("w:t")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "类别")
    team = [row.value.split("（")[0] for row in p.report.team]
    assert [row.cells[1].text for row in table.rows[1:]] == team
    for row in table.rows[1:]:
        assert row.cells[3].text == row.cells[4].text == ""  # to sign by hand, not "/"
        assert row.height is not None and row.height.cm >= 1.2
    assert not doc.element.body.xpath(".//pic:pic[ancestor::w:tbl]")  # no handwriting anywhere
    assert "尚未签名" not in "".join(t.text for t in doc.element.body.iter(qn("w:t")))


# --- item 6: the evidence list ------------------------------------------------------------------------

def test_photos_then_blind_samples_are_numbered_in_the_records_order(printed):
    report = printed["signed"].report
    evidence = report.evidence
    assert [e.number for e in evidence] == list(range(1, 8))
    assert [e.item for e in evidence] == SIGNED_EVIDENCE_ITEMS
    assert [e.source for e in evidence] == SIGNED_SOURCES
    assert [e.content for e in evidence[:4]] == [photo.caption for photo in report.photos]
    assert [e.time for e in evidence[:4]] == [photo.taken_at for photo in report.photos]
    assert [photo.number for photo in report.photos] == [1, 2, 3, 4]
    for e, sample in zip(evidence[4:], report.samples):
        assert e.content.startswith(f"盲样 {sample.code} 考核结果") and e.time == ""
    assert {i.number: i.evidence for i in report.items if i.evidence} == {
        9: (3,), 10: (4,), 12: (2,), 13: (1,), 18: (5, 6, 7)}


def test_blind_samples_belong_to_the_checklist_item_on_proficiency_testing():
    from app.services.checklist import load_checklist
    from app.services.reporting import _blind_sample_item

    checklist = load_checklist("2025")
    assert _blind_sample_item(checklist) == 18  # 参加能力验证和技术比对
    without = dataclasses.replace(checklist, items=tuple(i for i in checklist.items if i.number != 18))
    assert _blind_sample_item(without) == 10  # 持续符合资质认定条件和技术能力的要求
    none = dataclasses.replace(without, items=tuple(i for i in without.items if i.number != 10))
    assert _blind_sample_item(none) is None


@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused"])
def test_the_evidence_list_is_its_own_section_and_every_finding_cites_its_evidence(printed, kind):
    p = printed[kind]
    report = p.report
    citations = SIGNED_CITATIONS if kind == "signed" else REFUSED_CITATIONS
    lines = "\n".join(pages_of(p.pdf, "-layout")).splitlines()
    flat = "".join(flat_pages(p.pdf))
    listed = section(flat, "七、证据清单", "八、备注")
    assert in_order(listed, [f"证据{e.number}" for e in report.evidence]) == []
    for e in report.evidence:  # a row: its number on a line with source, item and time, beside what it shows
        row = squeeze(next(line for line in lines if re.match(rf"\s*证据 {e.number}\s", line)))
        assert row.startswith(f"证据{e.number}") and row.endswith(f"{e.source}第{e.item}项{squeeze(e.time or '/')}")
        assert squeeze(e.content)[:6] in listed
    items = "\n".join(lines).split("四、检查事项", 1)[1].split("五、盲样考核", 1)[0]
    assert re.findall(r"见证据 [\d、]+", items) == [c for _, c in sorted(citations.items())]  # in the items' order
    # the Word file: the same rows, the same citations
    doc = Document(str(p.docx))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "证据内容")
    assert [c.text for c in table.rows[0].cells] == ["编号", "证据内容", "来源", "检查事项", "时间"]
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        [f"证据 {e.number}", e.content, e.source, f"第 {e.item} 项", e.time or "/"] for e in report.evidence]
    rows = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号").rows[1:]
    cited = {int(row.cells[0].text): row.cells[3].text.split("\n")[-1] for row in rows if "见证据" in row.cells[3].text}
    assert cited == citations


@needs_poppler
def test_a_record_without_evidence_says_none_and_keeps_the_numbers(printed):
    p = printed["signed"]
    bare = dataclasses.replace(p.report, evidence=[], photos=[], items=[dataclasses.replace(i, evidence=())
                                                                         for i in p.report.items])
    target = p.pdf.parent / "bare.pdf"
    target.write_bytes(render_pdf(bare).data)
    flat = "".join(flat_pages(target))
    assert "七、证据清单无八、备注" in flat and "见证据" not in flat
    doc = Document(io.BytesIO(render_docx(bare)))
    texts = [x.text for x in doc.paragraphs]
    assert texts[texts.index("七、证据清单") + 1] == "无"


@needs_poppler
@pytest.mark.parametrize("kind", ["signed", "refused"])
def test_the_appendix_labels_each_photo_with_its_evidence_number(printed, kind):
    p = printed[kind]
    labels = [f"证据 {photo.number}（第 {photo.item} 项）：{photo.caption}" for photo in p.report.photos]
    assert len(labels) >= 3
    appendix = "".join(flat_pages(p.pdf)).split("附件：证据照片", 1)[1]
    assert in_order(appendix, labels) == []
    texts = [x.text for x in Document(str(p.docx)).paragraphs]
    assert [t.split("，拍摄时间")[0] for t in texts if t.startswith("证据 ")] == labels


@needs_office
@pytest.mark.parametrize("kind", ["signed", "refused", "draft"])
def test_pdf_and_word_print_the_same_evidence_acknowledgement_and_signatures(printed, kind):
    """In the same order in our PDF and in the Word file printed by LibreOffice: the evidence rows, 备注, the
    party's words, signature line, name and date, the team's signatures, 以下空白 and the appendix's labels."""
    p = printed[kind]
    report = p.report
    party = report.party
    sequence = ["七、证据清单"]
    for e in report.evidence:
        sequence += [f"证据 {e.number}", e.source, f"第 {e.item} 项"]
    sequence += ["八、备注", "九、被检查单位意见", report.acknowledgement[:6], SIGN, "姓名及身份：",
                 party.name or "____", "日期：", "十、签名"]
    sequence += [s.name for s in report.team_signatures] + ["以下空白"]
    sequence += [f"证据 {photo.number}（第 {photo.item} 项）" for photo in report.photos]
    for source in (p.pdf, p.office):
        assert in_order("".join(flat_pages(source)), sequence) == [], (kind, source.name)


# --- presentation, not record -----------------------------------------------------------------------

def test_numbers_and_acknowledgement_leave_the_record_and_its_hash_as_they_were(printed):
    """The evidence numbers, citations and acknowledgement are printed, not recorded: the canonical record keeps
    its documented keys (docs/record-hash.md) and its hash, which the report prints."""
    db = open_database(printed["db"])
    try:
        for kind, (task_id, before) in printed["records"].items():
            record = task_record(db, task_id)
            data = canonical_record(record)
            assert set(data) == {"id", "checklist_version", "institution", "team", "session", "findings",
                                 "blind_samples", "exams", "photos", "signatures", "document"}, kind
            assert all(set(photo) == {"id", "item", "sha256", "reduced_sha256", "caption", "taken_at"}
                       for photo in data["photos"])
            assert record_hash(record) == before == printed[kind].report.record_hash, kind
    finally:
        db.conn.close()


@needs_poppler
def test_the_closing_line_never_stands_alone_on_a_page(printed):
    """Wherever the page breaks in the team's signatures (a longer and longer 备注 moves it down the table), the
    last signature row comes along with 以下空白: the closing line never opens a page by itself."""
    report = printed["draft"].report
    names = [s.name for s in report.team_signatures]
    target = printed["draft"].pdf.parent / "closing.pdf"
    for lines in range(0, 44, 2):
        target.write_bytes(render_pdf(dataclasses.replace(report, notes="\n".join(["补充"] * (lines + 1)))).data)
        pages = flat_pages(target)
        end = next(page for page in pages if "以下空白" in page)
        assert names[-1] in end.split("以下空白")[0], lines
