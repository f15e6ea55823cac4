"""The signature pad's geometry, shared by the pad (app/ui/signature_pad.py) and the demo's generated
signatures: strokes are points on a logical 600 × 200 canvas, drawn with a width that follows the pressure;
and `parse_strokes`, which reads strokes that came from outside and refuses what is not that shape."""

from __future__ import annotations

import json
import math
from typing import NoReturn

from app.domain.problems import InputRefused, Problem

CANVAS_W, CANVAS_H = 600, 200


def pen_width(pressure: float) -> float:
    """Stroke width in canvas units: 1.2 for a feather touch, 4.6 for a firm one."""
    return 1.2 + 3.4 * max(0.0, min(1.0, pressure))


# --- reading strokes that came from outside (the command line, a package) ------------------------------

STROKES_EXPECTED = '{"version": 1, "width": 600, "height": 200, "strokes": [[[x, y, t, p], …]]}'
MAX_STROKES_TEXT = 5 * 1024 * 1024  # characters; a signature of 2,000 points is about 60 KB
MAX_STROKES = 2_000
MAX_POINTS = 200_000
MAX_COORDINATE = 1e9  # canvas units or milliseconds: anything larger is no signature

Point = tuple[float, float, float, float]


def _refuse(message: str, expected: str = STROKES_EXPECTED) -> NoReturn:
    raise InputRefused(message, [Problem(expected, None, column="strokes")])


def _no_constant(name: str):
    _refuse(f"签名笔迹中有 {name}：坐标、时间和压力必须是有限的数（不能是 NaN 或 Infinity）。")


def strokes_json(strokes) -> str:
    """The signature pad's JSON of strokes on the logical canvas: what `parse_strokes` reads."""
    return json.dumps({"version": 1, "width": CANVAS_W, "height": CANVAS_H,
                       "strokes": [[list(point) for point in stroke] for stroke in strokes]}, separators=(",", ":"))


def strokes_on_canvas(text: str) -> list[list[Point]]:
    """The strokes of the pad's JSON scaled to our canvas (another pad may have had another size)."""
    data, strokes = _read(text)
    sx, sy = CANVAS_W / float(data.get("width") or CANVAS_W), CANVAS_H / float(data.get("height") or CANVAS_H)
    return [[(x * sx, y * sy, t, p) for x, y, t, p in stroke] for stroke in strokes]


def parse_strokes(text: str) -> list[list[Point]]:
    """The strokes of the signature pad's JSON (x, y, t in ms, pressure), checked: refuses, naming the field
    `strokes`, text that is not that shape — too long or deeply nested, NaN or infinite, not numbers, empty."""
    return _read(text)[1]


def _read(text: str) -> tuple[dict, list[list[Point]]]:
    if len(text) > MAX_STROKES_TEXT:
        _refuse(f"签名笔迹的 JSON 过长（{len(text)} 个字符，上限 {MAX_STROKES_TEXT}）。")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        _refuse("签名笔迹的 JSON 嵌套过深，不是签名板保存的格式。")
    except ValueError:
        _refuse("签名笔迹不是签名板的 JSON 格式。")
    if not isinstance(data, dict) or not isinstance(data.get("strokes"), list):
        _refuse("签名笔迹不是签名板的 JSON 格式。")
    if data.get("version", 1) != 1:
        _refuse(f"签名笔迹的格式版本 {data.get('version')!r} 无法识别（应为 1）。")
    for key in ("width", "height"):
        size = data.get(key)
        if size is not None and not (_is_number(size) and 0 < size <= MAX_COORDINATE):
            _refuse(f"签名笔迹的画布大小 {key} 必须是正数。")
    strokes, total = [], 0
    if len(data["strokes"]) > MAX_STROKES:
        _refuse(f"签名笔迹的笔画过多（{len(data['strokes'])} 笔，上限 {MAX_STROKES}）。")
    for stroke in data["strokes"]:
        if not isinstance(stroke, list):
            _refuse("签名笔迹不是签名板的 JSON 格式：每一笔应是点的列表。")
        total += len(stroke)
        if total > MAX_POINTS:
            _refuse(f"签名笔迹的点过多（上限 {MAX_POINTS}）。")
        strokes.append([_point(p) for p in stroke])
    if not any(strokes):
        _refuse("签名笔迹为空：没有写下任何笔画。", "签名板上写下的签名")
    return data, strokes


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _point(point) -> Point:
    if not isinstance(point, list) or len(point) != 4:
        _refuse("签名笔迹不是签名板的 JSON 格式：每个点应是 [x, y, t, p] 四个数。")
    if not all(_is_number(v) for v in point):
        _refuse("签名笔迹中的坐标、时间和压力必须是数。")
    # the bound first: an integer too large for a float is compared exactly, never converted (OverflowError)
    if not all(abs(v) <= MAX_COORDINATE and math.isfinite(v) for v in point):
        _refuse("签名笔迹中的坐标、时间和压力必须是有限的数，且不超出画布和书写时间的范围。")
    x, y, t, p = (float(v) for v in point)
    return x, y, t, p
