"""The signature pad's geometry, shared by the pad (app/ui/signature_pad.py) and the demo's generated
signatures: strokes are points on a logical 600 × 200 canvas, drawn with a width that follows the pressure."""

from __future__ import annotations

CANVAS_W, CANVAS_H = 600, 200


def pen_width(pressure: float) -> float:
    """Stroke width in canvas units: 1.2 for a feather touch, 4.6 for a firm one."""
    return 1.2 + 3.4 * max(0.0, min(1.0, pressure))
