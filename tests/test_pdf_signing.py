"""PAdES signatures on a PDF (reports.signing): a visible Chinese stamp, verification against the registered keys,
and what tampering does to it; checked again with poppler's pdfsig and pdftotext where they are installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

BOX = (0, 50, 50, 300, 130)  # page 1, bottom left
PASSPHRASE = "a passphrase of 张三"


@dataclass
class SigningProfile:
    db: object
    path: Path
    key: object
    cert: object
    fingerprint: str


@pytest.fixture
def signing_profile(tmp_path):
    """A database whose profile is 张三, with a signing key created and loaded."""
    from app.domain.registry import Department, Inspector
    from app.services.keys import create_key, load_signer_material
    from app.services.profile import set_profile
    from app.store.database import open_database
    from app.store.registry_upsert import upsert_inspectors

    path = tmp_path / "spotcheck.sqlite"
    db = open_database(path)
    with db.atomic():
        upsert_inspectors(db, [Inspector(name="张三", department=Department.MARKET, unit="某市市场监督管理局",
                                         cert_no="A1230001")])
    set_profile(db, "A1230001")
    info = create_key(db, path, PASSPHRASE)
    key, cert = load_signer_material(path, PASSPHRASE)
    yield SigningProfile(db, path, key, cert, info.fingerprint)
    db.close()


def two_page_pdf() -> bytes:
    """Two pages with uncompressed content streams, so a test can find and change a byte of the text."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pageCompression=0, invariant=1)
    c.drawString(100, 750, "Inspection record, page one")
    c.showPage()
    c.drawString(100, 750, "Inspection record, page two")
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def signed(signing_profile):
    from app.reports.signing import sign_pdf

    profile = signing_profile
    data = sign_pdf(two_page_pdf(), profile.key, profile.cert, signer_name="张三", box=BOX, location="某检测大楼")
    return profile, data


def test_a_signed_pdf_verifies_against_the_registered_key(signed):
    from app.reports.signing import verify_pdf
    from app.services.keys import fingerprint, trusted_keys

    profile, data = signed
    result = verify_pdf(data, trusted_keys(profile.db))
    assert result.ok, result.messages
    [sig] = result.signatures
    assert sig.intact and sig.valid and sig.trusted and sig.within_validity and sig.covers_whole_file
    assert sig.coverage == "ENTIRE_FILE" and sig.field == "Signature1"
    assert sig.signer == "张三" and sig.inspector == "张三" and sig.inspector_id
    assert result.verdict == "confirmed" and sig.on_team is None  # the task's team is services.reporting's to check
    assert sig.fingerprint == fingerprint(profile.cert)
    assert sig.signing_time and sig.signing_time >= profile.cert.not_valid_before_utc.isoformat()[:19]
    payload = result.to_json()
    assert list(payload)[0] == "verdict" and "ok" not in payload
    assert payload["verdict"] == "confirmed" and payload["signatures"][0]["fingerprint"] == sig.fingerprint
    assert any("有效" in m for m in payload["messages"])


def test_the_signature_is_pades_and_the_original_bytes_are_kept(signed):
    profile, data = signed
    original = two_page_pdf()
    assert data.startswith(original)  # an incremental update
    assert b"/ETSI.CAdES.detached" in data and b"/Reason" in data


def test_an_unregistered_signer_is_not_trusted(signed):
    from app.reports.signing import verify_pdf

    _, data = signed
    result = verify_pdf(data, {})
    [sig] = result.signatures
    assert sig.intact and sig.valid and not sig.trusted and not sig.ok and not result.ok
    assert result.verdict == "unknown_signer"
    assert any("没有在本数据库中登记" in m for m in result.messages)


def test_a_changed_byte_in_the_signed_content_breaks_the_signature(signed):
    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys

    profile, data = signed
    at = data.index(b"page one")
    assert at < data.index(b"/ByteRange")  # in the first signed range, not in the signature's /Contents
    tampered = data[:at] + b"PAGE one" + data[at + len(b"page one"):]
    result = verify_pdf(tampered, trusted_keys(profile.db))
    [sig] = result.signatures
    assert not sig.intact and not sig.ok and not result.ok
    assert not sig.valid  # a signature is not called valid for bytes it does not match
    assert result.verdict == "altered" and result.to_json()["signatures"][0]["valid"] is False
    assert any("改动" in m for m in result.messages)


def test_an_incremental_update_after_the_signature_is_reported(signed):
    """Someone changes page 1 after signing with a proper incremental update: the signed bytes are intact,
    but the signature no longer covers the file."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys

    profile, data = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    extra = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 600 Td (Not inspected) Tj ET"))
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    changed = out.getvalue()
    assert changed.startswith(data)
    result = verify_pdf(changed, trusted_keys(profile.db))
    [sig] = result.signatures
    assert sig.intact and sig.valid  # what was signed is unchanged …
    assert not sig.covers_whole_file and not sig.ok and not result.ok  # … but something was added after it
    assert sig.coverage == "ENTIRE_REVISION" and result.verdict == "altered"
    assert any("签署后文件又被改动过" in m for m in result.messages)


def test_bytes_appended_after_the_signature_are_reported(signed):
    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys

    profile, data = signed
    result = verify_pdf(data + b"\n% appended after signing\n", trusted_keys(profile.db))
    assert not result.ok and result.verdict == "altered"
    assert not all(s.covers_whole_file for s in result.signatures)


def test_a_key_retired_later_still_verifies_what_it_signed_before(signed):
    from app.reports.signing import sign_pdf, verify_pdf
    from app.services.keys import create_key, load_signer_material, trusted_keys

    profile, before = signed
    create_key(profile.db, profile.path, "the new passphrase", replace=True)
    trusted = trusted_keys(profile.db)
    assert trusted[profile.fingerprint]["retired_at"]
    result = verify_pdf(before, trusted)
    assert result.ok, result.messages
    assert result.signatures[0].within_validity

    # The old key used after it was retired (the time of retirement moved back to make "after" certain).
    late = sign_pdf(two_page_pdf(), profile.key, profile.cert, signer_name="张三")
    backdated = {fp: dict(v) for fp, v in trusted.items()}
    retired = profile.cert.not_valid_before_utc - timedelta(seconds=1)  # times have whole seconds
    backdated[profile.fingerprint]["retired_at"] = retired.isoformat()
    result = verify_pdf(late, backdated)
    [sig] = result.signatures
    assert sig.intact and sig.valid and sig.trusted and not sig.within_validity and not result.ok
    assert result.verdict == "unknown_signer"
    assert any("停用" in m for m in result.messages)

    key, cert = load_signer_material(profile.path, "the new passphrase")
    fresh = sign_pdf(two_page_pdf(), key, cert, signer_name="张三", box=BOX)
    assert verify_pdf(fresh, trusted_keys(profile.db)).ok


def test_an_invisible_signature_and_a_second_signer(signed, tmp_path):
    from app.reports.signing import sign_pdf, verify_pdf
    from app.services.keys import trusted_keys

    profile, data = signed
    invisible = sign_pdf(two_page_pdf(), profile.key, profile.cert, signer_name="张三")
    assert verify_pdf(invisible, trusted_keys(profile.db)).ok
    # a second signature on the signed file (e.g. the team lead's; the same key will do here)
    twice = sign_pdf(data, profile.key, profile.cert, signer_name="张三", field_name="Signature2",
                     box=(1, 50, 50, 300, 130))
    result = verify_pdf(twice, trusted_keys(profile.db))
    assert [s.field for s in result.signatures] == ["Signature1", "Signature2"]
    assert result.ok, result.messages
    assert result.signatures[0].coverage == "ENTIRE_REVISION" and result.signatures[0].covers_whole_file


@pytest.mark.parametrize("junk", [b"", b"not a pdf at all", b"%PDF-1.4\n%garbled\n1 0 obj <<", None])
def test_unreadable_input_is_a_verdict_not_an_exception(junk):
    from app.reports.signing import verify_pdf

    data = two_page_pdf() if junk is None else junk  # None: a PDF without any signature
    result = verify_pdf(data, {})
    assert result.ok is False and result.signatures == [] and result.messages
    assert result.verdict == ("not_signed" if junk is None else "unreadable")


def test_a_truncated_signed_pdf_does_not_verify(signed):
    from app.reports.signing import verify_pdf
    from app.services.keys import trusted_keys

    profile, data = signed
    assert not verify_pdf(data[: len(data) - 300], trusted_keys(profile.db)).ok


def test_signing_something_that_is_not_a_pdf_is_refused(signing_profile):
    from app.domain.problems import InputRefused
    from app.reports.signing import sign_pdf

    with pytest.raises(InputRefused):
        sign_pdf(b"hello", signing_profile.key, signing_profile.cert, signer_name="张三")


def test_importing_the_module_does_not_import_pyhanko():
    code = "import sys, app.reports.signing; sys.exit(1 if any(m.startswith('pyhanko') for m in sys.modules) else 0)"
    root = Path(__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# --- poppler -------------------------------------------------------------------------------------

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")


@needs_pdfsig
def test_pdfsig_finds_the_signature_valid_and_the_tampered_one_not(signed, tmp_path):
    _, data = signed
    good = tmp_path / "good.pdf"
    good.write_bytes(data)
    at = data.index(b"page one")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data[:at] + b"PAGE one" + data[at + 8:])
    shown = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in shown, shown
    assert "张三" in shown and "ETSI.CAdES.detached" in shown
    shown = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True).stdout
    assert "Signature is Valid" not in shown, shown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_the_visible_stamp_shows_the_signer_in_chinese(signed, tmp_path):
    _, data = signed
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                           text=True, encoding="utf-8").stdout
    assert "签署人：张三" in page1 and "事由：现场检查记录签署" in page1 and "地点：某检测大楼" in page1
    page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True,
                           text=True, encoding="utf-8").stdout
    assert "张三" not in page2
