"""What a signed PDF's revisions say: whether anything but signatures follows a signature, and which record the
signed bytes name.

A signed record is final. Whatever follows a signature must be another signature's own revision, and the last
signature must cover the file to its end (pyHanko's coverage ENTIRE_FILE). pyHanko's difference analysis is
used only to check what such a later signature's revision holds (no more than its own field: level at most
FORM_FILLING and no other field changed); its verdict alone is not trusted, since it calls an added, empty
signature field whose appearance covers a page FORM_FILLING too (docs/trust.md, the signed record).

The record reference (`spotcheck:task=…;sha256=…`) is read from the document information dictionary *as of the
first signature's revision*, which that signature covers; every later revision must name the same record, in
its information dictionary and in any XMP metadata. Qt-free; pyHanko objects come in from `signing.verify_pdf`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REFERENCE = re.compile(r"spotcheck:task=[^\s<>;\"']*;sha256=[0-9A-Za-z]*")


@dataclass
class Structure:
    whole: dict[int, bool]  # signature index → nothing but later signatures of the same record follows it
    messages: list[str] = field(default_factory=list)  # what is wrong with the file as a whole
    keywords: str = ""  # the /Keywords of the first signature's revision (covered by that signature)


def _in_revision(resolver, key: str):
    """The trailer's `key` entry as of the resolver's revision. (The trailer view's own references resolve in the
    latest revision, as do `resolver.root` and `trailer_view[key]`: the reference is resolved explicitly.)"""
    from pyhanko.pdf_utils.generic import IndirectObject

    raw = resolver.trailer_view.raw_get(key)
    return resolver.get_object(raw.reference) if isinstance(raw, IndirectObject) else raw


def _info_keywords(resolver) -> str:
    try:
        return str(_in_revision(resolver, "/Info").get("/Keywords", ""))
    except Exception:  # noqa: BLE001 - no or broken /Info: no keywords
        return ""


def _xmp_references(resolver) -> set[str]:
    try:
        root = _in_revision(resolver, "/Root")
        if "/Metadata" not in root:
            return set()
        text = root["/Metadata"].data.decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - unreadable metadata names nothing
        return set()
    return set(REFERENCE.findall(text))


def _revision_references(reader, revision: int) -> tuple[str, set[str]]:
    resolver = reader.get_historical_resolver(revision)
    return _info_keywords(resolver), _xmp_references(resolver)


def analyse(reader, signatures: list, statuses: list) -> Structure:
    """`signatures` are pyHanko's EmbeddedPdfSignature objects, `statuses` their validation statuses (None where
    a signature could not be validated)."""
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    total = reader.xrefs.total_revisions
    revisions = [sig.signed_revision for sig in signatures]
    by_revision = {rev: i for i, rev in enumerate(revisions)}
    last = by_revision.get(total - 1)
    ends_with_signature = last is not None and statuses[last] is not None \
        and statuses[last].coverage == SignatureCoverageLevel.ENTIRE_FILE
    structure = Structure(whole={})
    if reader.xrefs.hybrid_xrefs_present:
        structure.messages.append("文件使用了混合交叉引用表（不同的阅读器可能显示不同的内容），不能确认。")
    for i, (sig, status) in enumerate(zip(signatures, statuses)):
        if status is None:
            structure.whole[i] = False
            continue
        if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
            structure.whole[i] = True
            continue
        later = range(revisions[i] + 1, total)
        later_fields = {str(signatures[by_revision[r]].field_name) for r in later if r in by_revision}
        diff = status.diff_result
        structure.whole[i] = bool(
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and ends_with_signature
            and all(r in by_revision for r in later)
            and isinstance(diff, DiffResult)
            and diff.modification_level.value <= ModificationLevel.FORM_FILLING.value
            and set(diff.changed_form_fields) <= later_fields
            and status.docmdp_ok is not False)
    if revisions:
        first = min(revisions)
        structure.keywords, xmp = _revision_references(reader, first)
        changed = bool(xmp - {structure.keywords})
        for revision in range(first + 1, total):
            keywords, xmp = _revision_references(reader, revision)
            changed = changed or keywords != structure.keywords or bool(xmp - {structure.keywords})
        if changed:
            structure.messages.append("签署之后，文件中写明的记录（检查任务和记录哈希）被改动过。")
    return structure
