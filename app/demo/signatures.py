"""Handwritten-looking signatures for the demo: pen strokes in the signature pad's JSON shape (x, y, time,
pressure on its 600 × 200 canvas) and their PNG, drawn as the pad draws them. Deterministic for a given
`random.Random`. No Qt.
"""

from __future__ import annotations

import io
import json
import math
import random

from app.domain.handwriting import CANVAS_H, CANVAS_W, pen_width


def _catmull_rom(ctrl: list[tuple[float, float]], per: int) -> list[tuple[float, float]]:
    """A smooth curve through the control points (centripetal-free, uniform Catmull–Rom)."""
    if len(ctrl) < 2:
        return list(ctrl)
    pts = [ctrl[0]] + ctrl + [ctrl[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for s in range(per):
            t = s / per
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                                    + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3) for k in (0, 1)))
    out.append(ctrl[-1])
    return out


def _smooth(values: list[float], u: float) -> float:
    """Values spread evenly over 0..1, eased between (cosine): a slowly changing amplitude."""
    if len(values) == 1:
        return values[0]
    x = min(max(u, 0.0), 1.0) * (len(values) - 1)
    i = min(int(x), len(values) - 2)
    f = (1 - math.cos(math.pi * (x - i))) / 2
    return values[i] * (1 - f) + values[i + 1] * f


def _cursive(rng: random.Random, x0: float, width: float, mid: float, height: float) -> list[tuple[float, float]]:
    """One character written fast: a drifting, looping pen path (x drifts right while the pen circles)."""
    cycles = rng.uniform(1.3, 2.8)
    total = 2 * math.pi * cycles
    phase = rng.uniform(-0.6, 0.6)
    ax = [width * rng.uniform(0.04, 0.2) for _ in range(5)]
    ay = [height * rng.uniform(0.12, 0.55) for _ in range(5)]
    lift = [height * rng.uniform(-0.18, 0.18) for _ in range(4)]
    steps = int(total / 0.22)
    out = []
    for k in range(steps + 1):
        t = total * k / steps
        u = k / steps
        x = x0 + width * u + _smooth(ax, u) * math.cos(t + phase)
        y = mid + _smooth(lift, u) - _smooth(ay, u) * math.sin(t)
        out.append((x, y))
    return out


def signature_strokes(rng: random.Random, name: str) -> list[list[tuple[float, float, int, float]]]:
    """Cursive strokes for a name: looping strokes per character, some joined, a tick or two, a flourish;
    slanted, with the pad's timing (ms from the first point) and pressure (0–1)."""
    chars = max(1, len(name))
    total = rng.uniform(300, 420) * math.sqrt(chars / 3)
    left = (CANVAS_W - total) / 2 + rng.uniform(-35, 35)
    cell = total / chars
    slant = rng.uniform(0.15, 0.4)
    base = rng.uniform(138, 152)
    height = rng.uniform(70, 100)
    speed = rng.uniform(0.6, 1.1)  # canvas units per millisecond
    mid = base - height / 2
    curves: list[list[tuple[float, float]]] = []
    for i in range(chars):
        x0 = left + i * cell + rng.uniform(-0.05, 0.05) * cell
        size = height * rng.uniform(0.8, 1.15) * (1.15 if i == 0 else 1.0)  # the surname a little larger
        path = _cursive(rng, x0, cell * rng.uniform(0.65, 0.85), mid + rng.uniform(-8, 8), size)
        if curves and rng.random() < 0.45:  # written without lifting the pen: a curved link to the next one
            (ax_, ay_), (bx, by) = curves[-1][-1], path[0]
            link = _catmull_rom([(ax_, ay_), ((ax_ + bx) / 2, min(ay_, by) - rng.uniform(4, 14)), (bx, by)], 5)
            curves[-1] += link[1:-1] + path
        else:
            curves.append(path)
        if rng.random() < 0.45:  # a short separate stroke: a dot, a tick or a cross-bar
            tx = x0 + cell * rng.uniform(0.1, 0.7)
            ty = mid - size * rng.uniform(0.15, 0.55)
            dx, dy = cell * rng.uniform(0.15, 0.4), rng.uniform(-10, 10)
            curves.append(_catmull_rom([(tx, ty), (tx + dx * 0.5, ty + dy * 0.5 - 3), (tx + dx, ty + dy)], 5))
    if rng.random() < 0.55:  # a closing flourish under the name
        ex, ey = curves[-1][-1]
        curves[-1] = curves[-1] + _catmull_rom([
            (ex, ey), (ex + rng.uniform(10, 30), base + rng.uniform(10, 25)),
            (left + total * rng.uniform(0.2, 0.5), base + rng.uniform(22, 34)),
            (left - rng.uniform(5, 30), base + rng.uniform(10, 30))], 9)[1:]
    strokes, t = [], 0
    for curve in curves:
        stroke, last = [], None
        n = len(curve)
        for j, (x, y) in enumerate(curve):
            x = x + slant * (base - y) - slant * height / 2
            x, y = min(max(x, 6.0), CANVAS_W - 6.0), min(max(y, 6.0), CANVAS_H - 6.0)
            if last is not None:
                t += max(3, int(math.dist(last, (x, y)) / speed))
            u = j / max(1, n - 1)
            pressure = 0.3 + 0.4 * math.sin(math.pi * u) ** 0.5 + rng.gauss(0, 0.025)
            stroke.append((round(x, 2), round(y, 2), t, round(min(max(pressure, 0.1), 1.0), 3)))
            last = (x, y)
        strokes.append(stroke)
        t += rng.randint(110, 320)  # the pen lifted
    return strokes


def strokes_json(strokes) -> str:
    """The signature pad's JSON form of the strokes."""
    return json.dumps({"version": 1, "width": CANVAS_W, "height": CANVAS_H,
                       "strokes": [[list(point) for point in stroke] for stroke in strokes]}, separators=(",", ":"))


def render_signature(strokes, scale: int = 3) -> bytes:
    """Black ink on white, 600 × 200 PNG; drawn at `scale` × and reduced, which smooths the edges."""
    from PIL import Image, ImageDraw

    im = Image.new("L", (CANVAS_W * scale, CANVAS_H * scale), 255)
    draw = ImageDraw.Draw(im)
    for stroke in strokes:
        for (x0, y0, _, p0), (x1, y1, _, p1) in zip(stroke, stroke[1:]):
            draw.line([(x0 * scale, y0 * scale), (x1 * scale, y1 * scale)], fill=0,
                      width=max(1, round(pen_width((p0 + p1) / 2) * scale)))
        for x, y, _, p in stroke:  # round caps and joins
            r = pen_width(p) * scale / 2
            draw.ellipse([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=0)
    im = im.resize((CANVAS_W, CANVAS_H), Image.Resampling.LANCZOS).convert("RGB")
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()
