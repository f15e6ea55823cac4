"""PAdES signatures on the on-site record: signing a PDF with the profile's key, and checking signed PDFs.

Qt-free. pyHanko (0.38.0, pinned in pyproject.toml) costs about 0.4 s to import, so it is imported only
inside the functions that sign or verify.

The visible stamp shows the signer's name, the signing time and the reason in Chinese. pyHanko's own text
stamp uses a standard-14 font (no Chinese), and its OpenType engine needs the optional uharfbuzz and fontTools
and cannot open a font collection (.ttc) such as our WenQuanYi Micro Hei. So the stamp's appearance is drawn
by reportlab (which embeds a subset of the TTC's first font, with a ToUnicode map, so the text stays
searchable and extractable) as a one-page PDF the size of the box, and pyHanko places that page as the
signature field's appearance. The time shown is pyHanko's own signing time (the /M of the signature), so the
stamp and the signature agree.

Trust is decided by registered fingerprints (SHA-256 of the certificate's DER), not by a certificate
authority: `verify_pdf` gets the registered keys as `{fingerprint: {"inspector_id", "inspector_name",
"not_before", "not_after", "retired_at"}}` (see `app.services.keys.trusted_keys`). What may follow a signature
and where the record reference is read from: `app.reports.revisions`. Which task's team the signer must be on:
`app.services.reporting.verify`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from app.domain.problems import InputRefused, Problem
from app.paths import resource

DEFAULT_REASON = "现场检查记录签署"
STAMP_FONT_NAME = "SpotcheckStampFont"
# The same face as registered by the record's renderer (app/reports/fonts.py): reused when already registered,
# parsing the TTC again costs ~70 ms.
SAME_FONT_NAMES = (STAMP_FONT_NAME, "WQYMicroHei")
STAMP_FONT_FILE = ("fonts", "wqy-microhei.ttc")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # what pyHanko hands the stamp; shown in local time by `local_time`
# A P-256 signature container with its one certificate is under 1.5 KB; reserving a fixed size (as hex, twice
# the bytes) spares pyHanko a dry-run signature to estimate it.
BYTES_RESERVED = 8192

# pyHanko logs a failed difference analysis (a tampered file) with its traceback; the verdict says it in words.
# A handler of its own keeps Python's last-resort handler from printing that on stderr.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())


def fingerprint_of(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


# --- signing ---------------------------------------------------------------------------------------


def _asn1_material(private_key, certificate):
    """cryptography key/certificate → asn1crypto objects, as pyHanko's SimpleSigner wants them."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    der_key = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    der_cert = certificate.public_bytes(serialization.Encoding.DER)
    return asn1_keys.PrivateKeyInfo.load(der_key), asn1_x509.Certificate.load(der_cert)


def _signer(private_key, certificate):
    """A pyHanko SimpleSigner; built per call (well under a millisecond), so no decrypted key outlives its caller."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert = _asn1_material(private_key, certificate)
    return signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs([cert]))


def _stamp_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    for name in SAME_FONT_NAMES:
        if name in registered:
            return name
    pdfmetrics.registerFont(TTFont(STAMP_FONT_NAME, str(resource(*STAMP_FONT_FILE)), subfontIndex=0))
    return STAMP_FONT_NAME


def stamp_pdf(width: float, height: float, lines: list[str]) -> bytes:
    """A one-page PDF of `width` × `height` points: a thin frame and `lines`, sized to fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = _stamp_font()
    pad = min(6.0, width / 20, height / 10)
    widest = max((stringWidth(line, font, 1) for line in lines), default=1) or 1
    size = min(12.0, (width - 2 * pad) / widest, (height - 2 * pad) / (1.25 * max(len(lines), 1)))
    size = max(size, 3.0)
    out = io.BytesIO()
    # initialFontName: otherwise reportlab lists its default Helvetica, unembedded, in the stamp's resources
    c = canvas.Canvas(out, pagesize=(width, height), pageCompression=1, initialFontName=font, initialFontSize=size)
    c.setStrokeColorRGB(0.75, 0.1, 0.1)
    c.setLineWidth(1)
    c.rect(0.5, 0.5, width - 1, height - 1)
    c.setFillColorRGB(0.05, 0.05, 0.05)
    c.setFont(font, size)
    leading = 1.25 * size
    block = leading * len(lines)
    y = height / 2 + block / 2 - size
    for line in lines:
        c.drawString(pad, y, line)
        y -= leading
    c.showPage()
    c.save()
    return out.getvalue()


def local_time(moment: datetime | str | None) -> str:
    """`2026-11-27 03:17:12（UTC+08:00）`: the computer's local time, which is what an inspector reads."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.strptime(moment, TIME_FORMAT)
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S}（UTC{offset[:3]}:{offset[3:]}）"


def record_time(moment: datetime | str | None) -> str:
    """The stamp writes the signing time as the record writes every time (app/reports/times.py): local,
    `2026年11月27日 03:17`, its time zone stated once on the record."""
    from app.reports.times import time_text

    if moment is None or moment == "":
        return ""
    return time_text(datetime.strptime(moment, TIME_FORMAT) if isinstance(moment, str) else moment)


def _stamp_style(reason: str, location: str):
    """A pyHanko stamp style whose appearance is the reportlab page above (see the module's docstring)."""
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle, TextStampStyle
    from pyhanko.stamp.static import StaticContentStamp

    class PdfPageBytes(content.PdfContent):
        """Like pyHanko's ImportedPdfPage, but from bytes in memory rather than a file name."""

        def __init__(self, data: bytes):
            super().__init__()
            self.data = data

        def render(self) -> bytes:
            import binascii
            import uuid

            from pyhanko.pdf_utils.layout import BoxConstraints

            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
            name = b"/Stamp" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    class ChineseStampStyle(TextStampStyle):
        # A TextStampStyle so that pyHanko hands `create_stamp` the signing time (`ts`), formatted as below.
        def create_stamp(self, writer, box, text_params):
            lines = [f"签署人：{text_params.get('signer', '')}", f"时间：{record_time(text_params.get('ts'))}",
                     f"事由：{reason}"]
            if location:
                lines.append(f"地点：{location}")
            page = stamp_pdf(float(box.width), float(box.height), lines)
            # no margins: the reportlab page is already the size of the box and draws its own frame
            style = StaticStampStyle(background=PdfPageBytes(page), border_width=0,
                                     background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID,
                                                                           y_align=AxisAlignment.ALIGN_MID,
                                                                           margins=Margins.uniform(0)))
            return StaticContentStamp(writer=writer, style=style, box=box)

    return ChineseStampStyle(timestamp_format=TIME_FORMAT, border_width=0)


def sign_pdf(data: bytes, private_key, certificate, *, signer_name: str, reason: str = DEFAULT_REASON,
             location: str = "", box: tuple[int, float, float, float, float] | None = None,
             field_name: str = "Signature1") -> bytes:
    """The PDF `data` with a PAdES (baseline B) signature appended as an incremental update.

    `box` = (page index, x1, y1, x2, y2) in PDF points places a visible stamp; without it the signature is
    invisible. `private_key` / `certificate` are cryptography objects (`services.keys.load_signer_material`).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, name=signer_name,
                                        location=location or None, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    spec = None
    if box is not None:
        page, x1, y1, x2, y2 = box
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=(x1, y1, x2, y2))
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        pdf_signer = signers.PdfSigner(meta, _signer(private_key, certificate),
                                       stamp_style=_stamp_style(reason, location), new_field_spec=spec)
        out = pdf_signer.sign_pdf(writer, bytes_reserved=BYTES_RESERVED)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise InputRefused(f"无法签署这个 PDF 文件：{exc}", [Problem("可读的 PDF 文件", None)]) from exc
    return out.getvalue()


# --- verifying -------------------------------------------------------------------------------------


VERDICTS = ("confirmed", "altered", "unknown_signer", "not_signed", "unreadable", "record_changed",
            "not_in_this_database")
# Verdicts that pass (exit 0): the signatures hold; `not_in_this_database` also says the record's task, and so
# its team, could not be checked here.
PASSING = ("confirmed", "not_in_this_database")


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    inspector: str | None  # the registered inspector the certificate belongs to
    inspector_id: str | None
    signer: str  # the certificate's CN
    signing_time: str | None  # ISO 8601, as the signature states it
    fingerprint: str  # SHA-256 of the signer's certificate (DER), hex
    ok: bool  # this signature is confirmed
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature value is correct for the signed bytes as they are in the file
    covers_whole_file: bool  # nothing but later signatures of the same record follows it
    coverage: str  # pyHanko's coverage level (ENTIRE_FILE, ENTIRE_REVISION, …)
    modification: str | None  # pyHanko's modification level of what follows it, if anything
    trusted: bool  # the certificate is registered in this database
    within_validity: bool  # signed within the certificate's validity and before its key was retired
    role: str | None = None  # leader | member on the task's team (set by services.reporting)
    on_team: bool | None = None  # an enforcement officer on the task's team; None: not checked
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    verdict: str  # one of VERDICTS
    signatures: list[SignatureCheck]
    messages: list[str]
    record: dict | None = None  # the record the PDF names, compared with a database (services.reporting)
    keywords: str = ""  # the record reference from the signed bytes (the first signature's revision)

    @property
    def ok(self) -> bool:
        return self.verdict in PASSING

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "signatures": [asdict(s) for s in self.signatures], "record": self.record,
                "messages": list(self.messages)}


def _parse_time(value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _common_name(cert) -> str:
    try:
        return str(cert.subject.native.get("common_name", "")) or cert.subject.human_friendly
    except Exception:  # noqa: BLE001 - a strange subject must not stop the report
        return ""


def confirmed_message(check: SignatureCheck, role_label: str | None = None) -> str:
    who = check.inspector or check.signer
    if role_label:
        who = f"检查组{role_label} {who}"
    return f"签名“{check.field}”有效：由 {who} 签署于 {local_time(_parse_time(check.signing_time))}，签署后未被改动。"


def _validate(embedded):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # Trust the signer's own certificate for the cryptographic and structural checks; whether that certificate
    # is one this database trusts is decided by its registered fingerprint.
    context = ValidationContext(trust_roots=[embedded.signer_cert], allow_fetching=False)
    return validate_pdf_signature(embedded, context)


def _check_one(embedded, status, whole: bool, trusted: dict[str, dict]) -> SignatureCheck:
    cert = embedded.signer_cert
    fp = fingerprint_of(cert.dump())
    name = _common_name(cert)
    field_name = str(embedded.field_name)
    signed_at = status.signer_reported_dt or embedded.self_reported_timestamp
    coverage, level = status.coverage, status.modification_level
    intact, valid = bool(status.intact), bool(status.intact and status.valid)
    messages = []
    if not intact:
        messages.append(f"签名“{field_name}”签署后，所签的内容被改动过。")
    elif not valid:
        messages.append(f"签名“{field_name}”的签名值不正确。")
    if not whole:
        messages.append(f"签名“{field_name}”签署后文件又被改动过（签名之后只能是同一份记录的其他签名）。")
    registered = trusted.get(fp)
    within = False
    if registered is None:
        messages.append(f"签名人 {name} 的证书（指纹 {fp[:16]}…）没有在本数据库中登记，无法确认签名人。")
    else:
        start = _parse_time(registered.get("not_before"))
        ends = [t for t in (_parse_time(registered.get("not_after")), _parse_time(registered.get("retired_at")))
                if t is not None]
        end = min(ends) if ends else None
        within = bool(signed_at and (start is None or signed_at >= start) and (end is None or signed_at <= end))
        if not within:
            if signed_at is None:
                messages.append(f"签名“{field_name}”没有签署时间。")
            elif registered.get("retired_at") and end == _parse_time(registered.get("retired_at")):
                messages.append(f"签名“{field_name}”的签署时间在签名密钥停用（{registered.get('retired_at')}）之后。")
            else:
                messages.append(f"签名“{field_name}”的签署时间不在证书有效期内。")
    ok = bool(valid and whole and registered is not None and within)
    check = SignatureCheck(
        field=field_name, inspector=registered.get("inspector_name") if registered else None,
        inspector_id=registered.get("inspector_id") if registered else None, signer=name,
        signing_time=signed_at.isoformat() if signed_at else None, fingerprint=fp, ok=ok, intact=intact,
        valid=valid, covers_whole_file=whole, coverage=coverage.name if coverage is not None else "UNKNOWN",
        modification=level.name if level else None, trusted=registered is not None, within_validity=within,
        messages=messages)
    if ok:
        messages.append(confirmed_message(check))
    return check


def _damaged(label: str, exc: Exception) -> SignatureCheck:
    return SignatureCheck(field=label, inspector=None, inspector_id=None, signer="", signing_time=None, fingerprint="",
                          ok=False, intact=False, valid=False, covers_whole_file=False, coverage="UNKNOWN",
                          modification=None, trusted=False, within_validity=False,
                          messages=[f"签名“{label}”无法校验（已损坏）：{exc}"])


MAX_SIGNATURES = 16  # a team of a few officers, each signing once, with room to spare
_COUNTS = re.compile(rb"/(?:Size|Count|N)(?:\s|%[^\r\n]*[\r\n])*(\d{1,30})"
                     rb"|/Index(?:\s|%[^\r\n]*[\r\n])*\[([\d\s]{1,4000})\]")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _implausible_structure(data: bytes) -> str | None:
    """A cross-reference or object count the file's size cannot hold (a few bytes of a forged /Size make the PDF
    reader allocate and walk gigabytes): refused before any parsing. Names may be written with #xx escapes
    (/S#69ze is /Size) and numbers may follow comments: both are read as a PDF reader would."""
    if b"#" in data:
        data = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)
    limit = len(data)  # every object takes more than one byte of the file
    for match in _COUNTS.finditer(data):
        numbers = [int(match[1])] if match[1] else [int(n) for n in match[2].split()]
        if any(n > limit + 1 for n in numbers):
            return "无法读取这个文件：它声称含有的对象数量远多于文件大小所能容纳的（交叉引用表被篡改或已损坏）。"
    return None


def verify_pdf(data: bytes, trusted: dict[str, dict]) -> Verification:
    """Check every signature embedded in the PDF `data` and what follows each; never raises on a bad file.

    The verdict is `unreadable`, `not_signed`, `altered` (a signed byte changed, or anything but another
    signature of the same record follows a signature), `unknown_signer` (a certificate not registered here, or
    used outside its validity) or `confirmed`; `services.reporting.verify` goes on to the task and its team."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from app.reports.revisions import analyse

    implausible = _implausible_structure(data)
    if implausible:
        return Verification("unreadable", [], [implausible])
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - reads the trailer and the catalog
    except Exception as exc:  # noqa: BLE001 - a garbled file of any kind is a verdict, not a crash
        return Verification("unreadable", [], [f"无法读取这个文件（不是 PDF 文件，或已损坏）：{exc}"])
    try:
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # noqa: BLE001 - e.g. a signature container that no longer parses
        return Verification("unreadable", [], [f"文件中的数字签名已损坏，无法校验：{exc}"])
    if not embedded:
        return Verification("not_signed", [], ["这个 PDF 文件没有数字签名。"])
    if len(embedded) > MAX_SIGNATURES:  # each is validated with its revisions: time grows with their square
        return Verification("unreadable", [], [
            f"文件中有 {len(embedded)} 个数字签名，超出一份现场检查记录可能有的数量（至多 {MAX_SIGNATURES} 个），不予校验。"])
    statuses, failures = [], {}
    for i, sig in enumerate(embedded):
        try:
            statuses.append(_validate(sig))
        except Exception as exc:  # noqa: BLE001 - a damaged signature is reported, not raised
            statuses.append(None)
            failures[i] = exc
    try:
        structure = analyse(reader, embedded, statuses)
    except Exception as exc:  # noqa: BLE001 - revisions that do not parse are a damaged file
        return Verification("altered", [], [f"文件的修订记录已损坏，无法校验：{exc}"])
    checks: list[SignatureCheck] = []
    for i, (sig, status) in enumerate(zip(embedded, statuses)):
        try:
            if status is None:
                raise failures[i]
            check = _check_one(sig, status, structure.whole[i], trusted)
        except Exception as exc:  # noqa: BLE001 - a damaged signature is reported, not raised
            try:
                label = str(sig.field_name)
            except Exception:  # noqa: BLE001
                label = "?"
            check = _damaged(label, exc)
        checks.append(check)
    messages = [m for c in checks for m in c.messages] + structure.messages
    if structure.messages or not all(c.valid and c.covers_whole_file for c in checks):
        verdict = "altered"
    elif not all(c.ok for c in checks):
        verdict = "unknown_signer"
    else:
        verdict = "confirmed"
    return Verification(verdict, checks, messages, keywords=structure.keywords if verdict != "altered" else "")
