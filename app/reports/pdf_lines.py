"""Chinese line breaking for the record's paragraphs: 避头尾 (kinsoku) and values kept whole (issue 9, item 10).

reportlab's `wordWrap='CJK'` (`paragraph.cjkFragSplit`, 5.x) fills a line character by character and knows
one rule: a character that cannot start a line may hang at the end of the one before. It lets a line end on
an opening quote or bracket (对第14项“ / 唐琳（), starts lines with a full-width comma, and cuts Latin runs
anywhere (GB 18285-201 / 8, μmol/ / mol); its own kinsoku routine (`textsplit.kinsokuShoriSplit`) is marked
"NOT USED OR FINISHED YET". So `RecordParagraph` breaks lines itself, on reportlab's glyph list and line
builder (`cjkU`, `makeCJKParaLine`), by these rules:

- a line may break between two Chinese characters, at a space, and between Chinese and Latin text;
- never before closing punctuation (，。、；：？！）》」』】〕〉”’…% and the ASCII ones) — 避头;
- never after opening punctuation (“‘（《「『【〔〈 and ([{) — 避尾;
- never inside a run of letters, digits and the signs that join them into one value (. - / × ± μ ° ² …):
  mg/kg, μmol/mol, 5009.12-2023, AB-YQ-029 stay whole;
- a standard's number stays whole with its code: GB 18285-2018, GB/T 27025-2019, JJF 1069-2012;
- when no allowed break fits on a line (a value wider than its column), it breaks inside the value after a
  hyphen or slash or at a standard's space (GB 5009.12- / 2023), and only failing that where the line is full.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

# 避头: may not start a line. 避尾: may not end one.
CANNOT_START = set("，。、；：？！）》」』】〕〉”’…—～·%‰℃°′″,.;:!?)]}》〗｝％")
CANNOT_END = set("“‘（《「『【〔〈〖｛([{￥$＄#＃")
# Characters that bind a value together (besides letters and digits): no break between two of them.
_JOINERS = set(".-/_×±~^+*=%‰°′″·−–:@#&'<>") | set("μΩαβγδσζ²³⁰¹⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉")
# A standard's code and its number: the space between them does not break.
_STANDARD = re.compile(r"(?<![A-Za-z0-9])(?:GB|HJ|JJF|JJG|JGJ|DB\d*|CNAS|RB|SN|NY|QB|YY|GA|ISO|IEC|ASTM|EN)(?:/[TZ])?"
                       r"(?:-[A-Z]+\d*)? \d")


def _in_value(ch: str) -> bool:
    if not ch:
        return False
    if ch in _JOINERS:
        return True
    if ord(ch) >= 0x2E80:  # CJK and full-width forms: each one its own unit
        return False
    return unicodedata.category(ch)[0] in "LN"


def soft_breaks(text: str) -> list[bool]:
    """Where a value too wide for its column may break, failing any allowed break: after - or /, at a space."""
    soft = [False] * (len(text) + 1)
    for i in range(1, len(text)):
        if text[i] not in CANNOT_START and (text[i - 1] in "-/" or text[i - 1].isspace()) and not text[i].isspace():
            soft[i] = True
    return soft


def break_opportunities(text: str) -> list[bool]:
    """For each position i (1 ≤ i < len), whether a line may end before text[i]; index 0 is False."""
    n = len(text)
    allowed = [False] * (n + 1)
    glued = set()
    for match in _STANDARD.finditer(text):
        glued.add(match.end() - 1)  # the digit after the space: no break before it
    for i in range(1, n):
        before, after = text[i - 1], text[i]
        if i in glued or after in CANNOT_START or before in CANNOT_END:
            continue
        if after.isspace():
            continue  # break after the spaces, not before them
        if before.isspace():
            rest = text[:i].rstrip()  # after spaces, unless they follow an opening mark
            allowed[i] = bool(rest) and rest[-1] not in CANNOT_END
            continue
        if _in_value(before) and _in_value(after):
            continue
        allowed[i] = True
    return allowed


def _split(frags, max_widths, calc_bounds):
    """reportlab's `cjkFragSplit` with the rules above."""
    glyphs = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        glyphs.extend(cjkU(t, frag, "utf8") for t in text) if text else glyphs.append(cjkU(text, frag, "utf8"))
    text = "".join(str(g) or "\n" for g in glyphs)  # an empty glyph is a <br/>: a forced break
    allowed, soft = break_opportunities(text), soft_breaks(text)
    lines = []
    start, n = 0, len(glyphs)

    def width_of(i, j):
        total = 0.0
        for g in glyphs[i:j]:
            w = g.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_width
                w = w.normalizedValue(max_width)
            total += w
        return total

    def emit(end, next_start, forced):
        stop = end
        while stop > start and str(glyphs[stop - 1]).isspace():
            stop -= 1  # spaces at the end of a line are not drawn
        used = width_of(start, stop)
        lines.append(makeCJKParaLine(glyphs[start:stop] or glyphs[start:end], max_width, used,
                                     max_width - used, forced, calc_bounds))

    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used, last_break, last_soft, i = 0.0, None, None, start
        end = None
        while i < n:
            g = glyphs[i]
            if hasattr(g.frag, "lineBreak"):  # <br/>
                emit(i + 1, i + 1, True)
                end = i + 1
                break
            if i > start and allowed[i]:
                last_break = i
            if i > start and soft[i]:
                last_soft = i
            w = width_of(i, i + 1)
            if used + w > max_width + _FUZZ and i > start and not str(g).isspace():
                if str(g) in CANNOT_START and (last_break is None or last_break <= start) and i + 1 <= n:
                    i += 1  # a lone closing mark hangs in the margin rather than cut the line
                    used += w
                    continue
                cut = next((b for b in (last_break, last_soft) if b is not None and b > start), i)
                emit(cut, cut, False)
                end = cut
                break
            used += w
            i += 1
        if end is None:
            emit(n, n, False)
            end = n
        start = end
        while start < n and str(glyphs[start]).isspace() and not hasattr(glyphs[start].frag, "lineBreak"):
            start += 1  # nor at the start of the next
    return ParaLines(kind=1, lines=lines)


class RecordParagraph(Paragraph):
    """A paragraph broken into lines by the rules of this module (its style's wordWrap must be 'CJK')."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the second half of a paragraph split across pages keeps its lines
        self.height = 0
        style = self.style
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return _split(self.frags, list(maxWidths), auto not in ("", "off"))


def line_texts(paragraph: Paragraph) -> list[str]:
    """The text of each line of a wrapped paragraph (for tests and checks)."""
    out = []
    for line in paragraph.blPara.lines:
        words = getattr(line, "words", None)
        if words is None:  # kind 0: (extra space, [text])
            out.append("".join(line[1]))
        else:
            out.append("".join(getattr(w, "text", "") for w in words))
    return out
