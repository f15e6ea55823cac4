"""The summary's charts as PNG at print resolution, drawn with matplotlib's Agg backend (no Qt, no display) in the
bundled CJK font (WenQuanYi Micro Hei, app/reports/fonts.py).

matplotlib is imported here only, and only when a chart is drawn: importing it costs a few hundred
milliseconds, which the command line's start does not pay. Each chart is a bare `Figure` (never pyplot): saving
it as PNG goes through the Agg renderer without selecting any backend, so nothing global changes and no GUI
toolkit is loaded, even inside the Qt window's process.
"""

from __future__ import annotations

import io
import textwrap
import threading

from app.reports.fonts import find_cjk_font

DPI = 300  # print resolution
WIDTH_CM = 15.6  # the GB/T 9704 text area is 156 mm wide
INK, GRID = "#222222", "#D0D0D0"
BAR = "#4C72B0"
# Outcome colours by meaning (good green, doubtful orange, bad red, pending grey), distinct in grey print too
COLOURS = {"满意": "#55A868", "有问题": "#DD8452", "不满意": "#C44E52", "未判定": "#B0B0B0",
           "未发现问题": "#55A868", "发现问题，责令整改": "#DD8452", "发现问题线索，移交有关部门处理": "#C44E52",
           "发现违法行为，立案调查": "#8172B3", "不配合检查，情节严重": "#5A3E2B", "尚未作出结论": "#B0B0B0"}
OTHERS = ("#4C72B0", "#937860", "#DA8BC3", "#8C8C8C")

_lock = threading.Lock()
_font: str | None = None


def _setup() -> str:
    """Register the bundled font with matplotlib (once); the font's family name."""
    global _font
    with _lock:
        if _font is None:
            from matplotlib import font_manager

            path = str(find_cjk_font())
            font_manager.fontManager.addfont(path)
            _font = font_manager.FontProperties(fname=path).get_name()
    return _font


def _style(font: str) -> dict:
    return {"font.family": [font], "font.size": 10, "axes.unicode_minus": False, "axes.edgecolor": INK,
            "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "text.color": INK,
            "svg.fonttype": "none", "figure.dpi": DPI, "savefig.dpi": DPI}


def _png(fig) -> bytes:
    """The figure drawn by Agg, as an opaque RGB PNG (an alpha channel makes some viewers tint the picture) that
    states its resolution, so Word and LibreOffice size it as printed. Encoded once, by Pillow."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    out = io.BytesIO()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image.convert("RGB").save(out, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return out.getvalue()


def _label(text: str, width: int = 14) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2]) + ("…" if len(text) > 2 * width else "")


def problems_per_item(items: list[tuple[int, str, int]]) -> bytes:
    """Horizontal bars, one per checklist item (number, title, count), item 1 at the top; counts at the bars."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = _setup()
    with matplotlib.rc_context(_style(font)):
        height = 1.0 + 0.34 * max(len(items), 1)
        fig = Figure(figsize=(WIDTH_CM / 2.54, height), layout="constrained")
        ax = fig.add_subplot()
        labels = [f"{n}. {_label(title)}" for n, title, _ in items]
        counts = [c for _, _, c in items]
        bars = ax.barh(range(len(items)), counts, color=BAR, height=0.62)
        ax.set_yticks(range(len(items)), labels, fontsize=9)
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], padding=3, fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max([*counts, 1]) * 1.12)
        ax.set_xlabel("发现问题的机构数（家）")
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def outcomes_per_category(rows: list[tuple[str, dict[str, int]]], unit: str) -> bytes:
    """Stacked horizontal bars, one per category, one segment per outcome (in the dict's order), with a legend;
    each segment's count printed inside it."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = _setup()
    outcomes = list(rows[0][1]) if rows else []
    with matplotlib.rc_context(_style(font)):
        fig = Figure(figsize=(WIDTH_CM / 2.54, 1.6 + 0.5 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        left = [0] * len(rows)
        for n, outcome in enumerate(outcomes):
            values = [counts[outcome] for _, counts in rows]
            bars = ax.barh(range(len(rows)), values, left=left, height=0.55, label=outcome,
                           color=COLOURS.get(outcome, OTHERS[n % len(OTHERS)]), edgecolor="white", linewidth=0.6)
            ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=9,
                         color="white")
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(range(len(rows)), [category for category, _ in rows])
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max([*left, 1]) * 1.05)
        ax.set_xlabel(unit)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if outcomes:
            fig.legend(loc="outside lower center", ncols=len(outcomes) if len(outcomes) <= 4 else 3, frameon=False,
                       fontsize=9)
        return _png(fig)
