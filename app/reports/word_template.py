"""Our own Word template for the record (app/resources/templates/record.docx), made from python-docx's default.

python-docx's default.docx is a Word 2011 for Mac file: app.xml says "Microsoft Macintosh Word", its font table
lists ＭＳ 明朝, ＭＳ ゴシック, Calibri and Cambria, its theme names Japanese and Korean faces, its settings say
the East Asian language is ja-JP, and it carries a bibliography customXml part, a thumbnail and Word 2010's
duplicate stylesWithEffects. `build_template` keeps its styles (Normal, Heading 1, Table Grid …) and replaces
the rest:

- fonts: 宋体 (SimSun) for Chinese body text, 黑体 (SimHei) for headings, Times New Roman for Latin letters and
  digits, named explicitly in the styles (w:eastAsia, no theme fonts); the font table lists just these three,
  each with its alternative name (w:altName: SimSun, SimHei), which Word and LibreOffice use to find the face;
- the theme's fonts are the same three (no Japanese, Korean or Arabic faces);
- the East Asian language is zh-CN;
- core properties: created by Spotcheck; app properties: application Spotcheck, nothing else;
- no customXml, no thumbnail, no stylesWithEffects.

Rebuild the shipped file with `python -m app.reports.word_template` (tests/test_report_word_template.py checks
that the shipped file is what this builds).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"
TEMPLATE = ("templates", "record.docx")

# (name, alternative name, panose, charset, family, pitch) — the values Windows reports for these faces
FONTS = (
    (SONG, "SimSun", "02010600030101010101", "86", "auto", "variable"),
    (HEI, "SimHei", "02010609060101010101", "86", "modern", "fixed"),
    (LATIN, None, "02020603050405020304", "00", "roman", "variable"),
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           "<Application>Spotcheck</Application><DocSecurity>0</DocSecurity></Properties>")


def _font_table() -> bytes:
    entries = []
    for name, alt, panose, charset, family, pitch in FONTS:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
                       f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>').encode("utf-8")


def _theme(xml: bytes) -> bytes:
    """The theme's major (headings) and minor (body) fonts: Times New Roman and 黑体 / 宋体, no other scripts."""
    text = xml.decode("utf-8")

    def fonts(east_asia: str):
        return (f'<a:latin typeface="{LATIN}"/><a:ea typeface="{east_asia}"/><a:cs typeface=""/>'
                f'<a:font script="Hans" typeface="{east_asia}"/>')

    text = re.sub(r"(<a:majorFont>).*?(</a:majorFont>)", lambda m: m[1] + fonts(HEI) + m[2], text, flags=re.S)
    text = re.sub(r"(<a:minorFont>).*?(</a:minorFont>)", lambda m: m[1] + fonts(SONG) + m[2], text, flags=re.S)
    return text.encode("utf-8")


def _explicit_fonts(rpr, east_asia: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr, name in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", east_asia), ("w:cs", LATIN)):
        fonts.set(qn(attr), name)


def build_template() -> bytes:
    """The template's bytes, deterministic in content (part by part); see the module's docstring."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    doc = Document()
    package = doc.part.package
    for rels, unwanted in ((package.rels, {RT.THUMBNAIL}),
                           (doc.part.rels, {RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/"
                                                           "stylesWithEffects"})):
        for rId in [rId for rId, rel in rels.items() if rel.reltype in unwanted]:
            del rels[rId]
    # every run property in the styles names its fonts; headings (and the title styles) in 黑体
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _explicit_fonts(defaults, SONG)
    lang = defaults.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        name = style.find(qn("w:name"))
        heading = name is not None and re.match(r"(heading \d|Title|Subtitle)$", name.get(qn("w:val")) or "")
        if rpr is not None and heading:
            _explicit_fonts(rpr, HEI)
    for fonts in styles.iter(qn("w:rFonts")):  # anything left on theme fonts (table styles' parts …)
        if any(fonts.get(qn(a)) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")):
            major = "major" in (fonts.get(qn("w:eastAsiaTheme")) or fonts.get(qn("w:asciiTheme")) or "")
            _explicit_fonts(fonts.getparent(), HEI if major else SONG)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    for name in ("w:rsids", "w:savePreviewPicture", "w:proofState"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _font_table()
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = _theme(rel.target_part.blob)
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")
    props = doc.core_properties
    props.author, props.comments, props.last_modified_by, props.revision = "Spotcheck", "", "Spotcheck", 1
    props.title = props.subject = props.keywords = props.category = ""
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=timezone.utc)  # rendering sets the real ones
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """The package's parts by name (what two builds must agree on: the zip's own dates differ)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def main(argv: list[str] | None = None) -> int:
    from app.paths import resource

    target = Path(argv[0]) if argv else resource(*TEMPLATE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_template())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
