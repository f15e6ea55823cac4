"""Attacks on a signed on-site record PDF, each built the way an attacker would: a proper incremental update
(pyHanko's IncrementalPdfFileWriter) appended to the signed file, or bytes after the signed range.

A signed record is final: the only thing that may follow its signature is another signature of the same record
by a member of the task's team, which must itself verify. Everything else is `altered` (exit 3). The record
reference (task and record hash) comes only from bytes a signature covers. Compare pyHanko's own
pyhanko_tests/test_diff_analysis.py; docs/trust.md says what is checked (pyHanko calls an added signature field FORM_FILLING,
pdfsig accepts appended bytes, /Info is unsigned)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

PASSPHRASE = "口令 of the lead 2025"
COLLEAGUE = "口令 of a colleague 9"


@dataclass
class Colleague:
    inspector: object
    key: object
    cert: object


@dataclass
class Scene:
    path: Path
    folder: Path
    task: str  # a signed task whose team has the profile (the lead)
    other: str  # another signed task, whose team does not have the profile
    signed: bytes  # the record of `task`, signed by the profile through the service
    lead: object  # the profile's Inspector
    member: Colleague  # an enforcement officer on `task`'s team, certificate registered in the database
    expert: Colleague  # a technical expert on `task`'s team, certificate registered
    outsider: Colleague  # someone whose certificate this database has never seen


def _colleague(path: Path, folder: Path, inspector, *, register: bool) -> Colleague:
    """A colleague's own database (a copy of the lead's) with their key; its certificate imported into the lead's."""
    from app.services.keys import create_key, export_certificate, import_certificate, load_signer_material
    from app.services.profile import set_profile
    from app.store.database import open_database

    own = folder / f"colleague-{inspector.id[:8]}.sqlite"
    shutil.copy(path, own)
    db = open_database(own)
    try:
        set_profile(db, inspector.id)
        create_key(db, own, COLLEAGUE)
    finally:
        db.close()
    key, cert = load_signer_material(own, COLLEAGUE)
    if register:
        pem = folder / f"{inspector.id[:8]}.pem"
        export_certificate(own, pem)
        lead = open_database(path)
        try:
            import_certificate(lead, pem, inspector.id)
        finally:
            lead.close()
    return Colleague(inspector, key, cert)


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    from app.demo.data import build_demo
    from app.services.keys import create_key
    from app.services.reporting import export
    from app.services.task_view import list_tasks, task_record
    from app.services.tasks import actor
    from app.store.database import open_database
    from app.store.registry import get_inspector

    folder = tmp_path_factory.mktemp("attacks")
    path = folder / "lead.sqlite"
    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        create_key(db, path, PASSPHRASE)
        me = actor(db).author
        lead = get_inspector(db, me)
        records = [task_record(db, t.id) for t in list_tasks(db) if t.status.value == "signed"]
        mine = next(r for r in records if me in {m.inspector.id for m in r.members})
        other = next(r for r in records if me not in {m.inspector.id for m in r.members})
        member = next(m.inspector for m in mine.members if m.officer and m.inspector.id != me)
        expert = next(m.inspector for m in mine.members if not m.officer)
        outsider = next(m.inspector for m in other.members if m.inspector.id != me)
        export(db, path, mine.id, folder / "signed.pdf", "pdf", PASSPHRASE)
    finally:
        db.close()
    return Scene(path, folder, mine.id, other.id, (folder / "signed.pdf").read_bytes(), lead,
                 _colleague(path, folder, member, register=True), _colleague(path, folder, expert, register=True),
                 _colleague(path, folder, outsider, register=False))


@pytest.fixture
def db(scene):
    from app.store.database import open_database

    database = open_database(scene.path)
    yield database
    database.close()


def verify(db, data: bytes):
    from app.services.reporting import verify as verify_record

    return verify_record(db, data)


def cli_verify(scene, data: bytes, name: str):
    target = scene.folder / name
    target.write_bytes(data)
    return run_cli(["--db", scene.path, "--json", "report", "verify", target], scene.folder / "data")


# --- building the attacks ------------------------------------------------------------------------------

def append_revision(data: bytes, change) -> bytes:
    """`data` with one incremental update holding what `change(writer)` did."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    assert result.startswith(data) and len(result) > len(data)
    return result


def _first_page(writer):
    ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    return ref, ref.get_object()


def _add_annotation(writer, annotation) -> object:
    """Put `annotation` on page 1 (a new /Annots array) and return its reference."""
    from pyhanko.pdf_utils import generic

    page_ref, page = _first_page(writer)
    annotation["/P"] = page_ref
    ref = writer.add_object(annotation)
    existing = page.get("/Annots", generic.ArrayObject())
    page["/Annots"] = generic.ArrayObject([existing.raw_get(i) for i in range(len(existing))] + [ref])
    writer.update_container(page)
    return ref


def _add_field(writer, ref) -> None:
    from pyhanko.pdf_utils import generic

    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    form["/Fields"] = generic.ArrayObject([fields.raw_get(i) for i in range(len(fields))] + [ref])
    if writer.root.raw_get("/AcroForm").__class__ is generic.IndirectObject:
        writer.update_container(form)
    else:
        writer.update_root()


def _overlay_appearance(writer, text: bytes):
    """A form XObject the size of page 1: white over everything, then `text` in large letters."""
    from pyhanko.pdf_utils import generic

    _, page = _first_page(writer)
    x1, y1, x2, y2 = (float(v) for v in page["/MediaBox"])
    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"), generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica")}))
    content = b"1 1 1 rg 0 0 %.2f %.2f re f 0 0 0 rg BT /F1 28 Tf 60 700 Td (" % (x2 - x1, y2 - y1) + text + b") Tj ET"
    stream = generic.StreamObject({
        generic.pdf_name("/Type"): generic.pdf_name("/XObject"), generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
        generic.pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                                        generic.FloatObject(x2 - x1), generic.FloatObject(y2 - y1)]),
        generic.pdf_name("/Resources"): generic.DictionaryObject({generic.pdf_name("/Font"): generic.DictionaryObject(
            {generic.pdf_name("/F1"): font})})}, stream_data=content)
    return writer.add_object(stream), page["/MediaBox"]


def overlay_signature_field(writer) -> None:
    """A new, empty (unsigned) signature field whose appearance covers page 1 with other text."""
    from pyhanko.pdf_utils import generic

    appearance, box = _overlay_appearance(writer, b"NOT INSPECTED - FORGED")
    ref = _add_annotation(writer, generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"), generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
        generic.pdf_name("/FT"): generic.pdf_name("/Sig"), generic.pdf_name("/T"): generic.TextStringObject("Overlay"),
        generic.pdf_name("/F"): generic.NumberObject(4), generic.pdf_name("/Rect"): box,
        generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): appearance})}))
    _add_field(writer, ref)


def filled_text_field(writer) -> None:
    """Form filling: a new text field with a value, shown on page 1."""
    from pyhanko.pdf_utils import generic

    appearance, _ = _overlay_appearance(writer, b"Result: conforming")
    ref = _add_annotation(writer, generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"), generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
        generic.pdf_name("/FT"): generic.pdf_name("/Tx"), generic.pdf_name("/T"): generic.TextStringObject("Note"),
        generic.pdf_name("/V"): generic.TextStringObject("Result: conforming"), generic.pdf_name("/F"): generic.NumberObject(4),
        generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 600, 400, 640)]),
        generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): appearance})}))
    _add_field(writer, ref)


def free_text_annotation(writer) -> None:
    from pyhanko.pdf_utils import generic

    _add_annotation(writer, generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"), generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
        generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 700, 500, 760)]),
        generic.pdf_name("/Contents"): generic.TextStringObject("All items conform"),
        generic.pdf_name("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g"), generic.pdf_name("/F"): generic.NumberObject(4)}))


def replaced_page_content(writer) -> None:
    from pyhanko.pdf_utils import generic

    _, page = _first_page(writer)
    new = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (Replaced) Tj ET"))
    page["/Contents"] = new
    writer.update_container(page)


def _repoint_info(writer, keywords: str) -> None:
    from pyhanko.pdf_utils import generic

    info = writer.trailer["/Info"]
    info["/Keywords"] = generic.TextStringObject(keywords)
    writer.update_container(info)


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Keywords>{0}</pdf:Keywords>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def _add_xmp(writer, keywords: str) -> None:
    """XMP metadata naming `keywords`; pyHanko's own kind of stream, which its writer updates rather than replaces."""
    from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream

    stream = MetadataStream(stream_data=XMP.format(keywords).encode("utf-8"))
    writer.root["/Metadata"] = writer.add_object(stream)
    writer.update_root()


def other_reference(db, scene) -> str:
    from app.services.reporting import record_hash
    from app.services.task_view import task_record

    return f"spotcheck:task={scene.other};sha256={record_hash(task_record(db, scene.other))}"


def countersign(data: bytes, colleague: Colleague, field: str = "Signature2") -> bytes:
    from app.reports.signing import sign_pdf

    return sign_pdf(data, colleague.key, colleague.cert, signer_name=colleague.inspector.name, field_name=field,
                    box=(0, 320, 50, 560, 130))


# --- the untouched record ------------------------------------------------------------------------------

def test_the_untouched_record_is_confirmed_with_its_signer_and_role(db, scene):
    result = verify(db, scene.signed)
    assert result.verdict == "confirmed", result.messages
    [sig] = result.signatures
    assert sig.inspector_id == scene.lead.id and sig.role == "leader" and sig.on_team
    payload = result.to_json()
    assert list(payload)[0] == "verdict" and payload["verdict"] == "confirmed"
    assert payload["signatures"][0]["role"] == "leader"
    assert any(scene.lead.name in m and "组长" in m for m in result.messages)


# --- item 1: nothing may follow a signature but another signature --------------------------------------

def test_an_empty_signature_field_covering_page_1_is_an_alteration(db, scene):
    forged = append_revision(scene.signed, overlay_signature_field)
    result = verify(db, forged)
    assert result.verdict == "altered", result.messages
    assert any("签署后文件又被改动过" in m for m in result.messages)
    run = cli_verify(scene, forged, "overlay.pdf")
    assert run.status == 3, run
    assert run.json["verdict"] == "altered"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_the_overlay_is_what_a_viewer_shows(scene, tmp_path):
    """The attack is real: page 1 renders differently once the empty field is added."""
    forged = append_revision(scene.signed, overlay_signature_field)
    pictures = []
    for name, data in (("before", scene.signed), ("after", forged)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "20", "-gray", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        pictures.append(next(tmp_path.glob(f"{name}*.pgm")).read_bytes())
    assert pictures[0] != pictures[1]


@pytest.mark.parametrize("attack", [free_text_annotation, filled_text_field, replaced_page_content],
                         ids=["annotation", "form-filling", "page-content"])
def test_any_other_revision_after_the_signature_is_an_alteration(db, scene, attack):
    forged = append_revision(scene.signed, attack)
    result = verify(db, forged)
    assert result.verdict == "altered", result.messages
    assert not result.signatures[0].covers_whole_file and not result.signatures[0].ok
    run = cli_verify(scene, forged, f"{attack.__name__}.pdf")
    assert run.status == 3 and run.json["verdict"] == "altered", run
    assert "Traceback" not in run.stderr and run.stderr == "", run  # pyHanko's log of its failed diff is not shown


def test_bytes_appended_after_the_signed_range_are_an_alteration(db, scene):
    result = verify(db, scene.signed + b"\n% appended after signing\n")
    assert result.verdict == "altered", result.messages


def test_a_countersignature_after_an_overlay_does_not_make_it_whole(db, scene):
    """A team member signing the file after someone added an overlay does not bless the overlay."""
    forged = countersign(append_revision(scene.signed, overlay_signature_field), scene.member)
    result = verify(db, forged)
    assert result.verdict == "altered", result.messages


# --- item 2: the record reference comes from signed bytes ----------------------------------------------

def test_info_re_pointed_at_another_task_is_an_alteration_not_that_task(db, scene):
    forged = append_revision(scene.signed, lambda w: _repoint_info(w, other_reference(db, scene)))
    result = verify(db, forged)
    assert result.verdict == "altered", result.messages
    assert any("写明的记录" in m for m in result.messages)
    assert not any("一致" in m for m in result.messages)
    assert result.record is None or result.record["task"] == scene.task


def test_xmp_naming_another_task_is_an_alteration(db, scene):
    forged = append_revision(scene.signed, lambda w: _add_xmp(w, other_reference(db, scene)))
    result = verify(db, forged)
    assert result.verdict == "altered", result.messages
    assert any("写明的记录" in m for m in result.messages)  # the XMP itself is read, not only the revision
    assert result.record is None or result.record["task"] == scene.task


@pytest.mark.parametrize("repoint", [_repoint_info, _add_xmp], ids=["info", "xmp"])
def test_a_countersignature_that_re_points_the_record_is_refused(db, scene, repoint):
    """Even a team member's own revision may not change which record the file is."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from app.reports.signing import _signer

    writer = IncrementalPdfFileWriter(io.BytesIO(scene.signed))
    repoint(writer, other_reference(db, scene))
    meta = signers.PdfSignatureMetadata(field_name="Signature2", subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, _signer(scene.member.key, scene.member.cert)).sign_pdf(writer)
    result = verify(db, out.getvalue())
    assert result.verdict == "altered", result.messages
    assert not any("一致" in m for m in result.messages)
    assert any("写明的记录" in m for m in result.messages)


def test_the_reference_is_read_from_the_signed_revision(db, scene):
    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys
    from app.services.reporting import record_hash
    from app.services.task_view import task_record

    result = verify_pdf(scene.signed, trusted_keys(db))
    assert result.keywords == f"spotcheck:task={scene.task};sha256={record_hash(task_record(db, scene.task))}"


# --- item 3: second signatures, and who may sign ---------------------------------------------------------

def test_a_second_signature_by_an_unknown_key_is_not_confirmed(db, scene):
    twice = countersign(scene.signed, scene.outsider)
    result = verify(db, twice)
    assert result.verdict == "unknown_signer", result.messages
    assert [s.trusted for s in result.signatures] == [True, False]
    run = cli_verify(scene, twice, "unknown.pdf")
    assert run.status == 3 and run.json["verdict"] == "unknown_signer", run


def test_a_second_signature_by_a_team_member_confirms_and_lists_both(db, scene):
    twice = countersign(scene.signed, scene.member)
    result = verify(db, twice)
    assert result.verdict == "confirmed", result.messages
    assert [(s.inspector_id, s.role) for s in result.signatures] == [(scene.lead.id, "leader"),
                                                                      (scene.member.inspector.id, "member")]
    assert all(s.ok and s.covers_whole_file for s in result.signatures)
    assert any(scene.member.inspector.name in m and "组员" in m for m in result.messages)
    run = cli_verify(scene, twice, "twice.pdf")
    assert run.status == 0, run
    assert run.json["verdict"] == "confirmed"
    assert [(s["inspector"], s["role"]) for s in run.json["signatures"]] == [
        (scene.lead.name, "leader"), (scene.member.inspector.name, "member")]


def test_a_registered_signer_who_is_not_on_the_team_is_not_confirmed(db, scene):
    """The profile's own key, registered here, signing a task whose team it is not on (bypassing the service)."""
    from app.reports.signing import sign_pdf
    from app.services.keys import load_signer_material
    from app.services.reporting import render

    key, cert = load_signer_material(scene.path, PASSPHRASE)
    rendered = render(db, scene.path, scene.other, "pdf")
    data = sign_pdf(rendered.data, key, cert, signer_name=scene.lead.name, box=rendered.signature_box)
    result = verify(db, data)
    assert result.verdict == "unknown_signer", result.messages
    assert result.signatures[0].trusted and result.signatures[0].on_team is False
    assert any("检查组" in m for m in result.messages)
    run = cli_verify(scene, data, "not-on-team.pdf")
    assert run.status == 3 and run.json["verdict"] == "unknown_signer", run


def test_a_technical_expert_on_the_team_is_not_a_signer(db, scene):
    twice = countersign(scene.signed, scene.expert)
    result = verify(db, twice)
    assert result.verdict == "unknown_signer", result.messages
    assert any("执法人员" in m for m in result.messages)


# --- a few bytes that would make the reader walk gigabytes (found by attack) ---------------------------

def _forged_xref_stream(data: bytes, size: int, name: bytes = b"/Size") -> bytes:
    """A revision whose cross-reference stream claims `size` entries it does not have (about 150 bytes)."""
    import re as re_

    previous = int(re_.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re_.findall(rb"/Root\s+(\d+)\s+0\s+R", data)[-1]
    number = 9000
    offset = len(data) + 1
    return data + (b"\n%d 0 obj\n<< /Type /XRef %s %d /W [1 4 2] /Index [0 %d] /Length 0 /Prev %d /Root %s 0 R >>\n"
                   b"stream\n\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
                   % (number, name, size, size, previous, root, offset))


@pytest.mark.parametrize("size,name", [(99_999_999, b"/Size"), (999_999_999, b"/Size"), (99_999_999, b"/S#69ze")])
def test_a_cross_reference_claiming_a_hundred_million_entries_is_refused_at_once(db, scene, size, name):
    forged = _forged_xref_stream(scene.signed, size, name)
    result = verify(db, forged)
    assert result.verdict == "unreadable", result.messages
    assert any("对象数量" in m for m in result.messages)


def test_more_signatures_than_a_record_can_have_are_not_validated(db, scene):
    data = scene.signed
    for n in range(2, 19):  # 18 signatures in all
        data = countersign(data, scene.member, field=f"Signature{n}")
    result = verify(db, data)
    assert result.verdict == "unreadable" and any("18 个数字签名" in m for m in result.messages), result.messages


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_a_folder_given_as_the_pdf_is_refused_without_waiting(scene, tmp_path):
    fifo = tmp_path / "record.pdf"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        run = run_cli(["--db", scene.path, "--json", "report", "verify", target], tmp_path / "data")
        assert run.status == 1, run
        assert run.json["error"]["code"] == "input_refused"
