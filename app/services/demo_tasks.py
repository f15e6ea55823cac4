"""Sample inspection tasks of the 2025 大同 campaign for `spotcheck demo`: one at every status there is.

`build_demo_tasks` runs after the demo registries are written (the profile's
inspector, a city 认证科 officer, is the author of every edit) and records,
through the same services as the window and the command line, six tasks:

* ``signed`` — the showcase, a food-testing laboratory: all 18 verdicts (two
  problems, two 不适用), the visit's times, place, credentials, recusal answer
  and statement, a corrected contact phone, three blind samples (z, E_n and a
  qualitative one), two signatory exams, four evidence photos and the
  handwritten signatures of the team and the institution's representative;
* ``signed`` — a vehicle inspection station (market + police + eco): a suspected
  false report found, and the representative's refusal to sign, with reason
  and witness;
* ``recorded`` — an eco-environment monitoring company, complete and waiting
  for signatures;
* ``on_site`` — a second vehicle station, half the items and a blind sample
  recorded;
* ``notified`` — notice given the afternoon before the visit;
* ``planned`` — a visit later in the campaign.

Evidence photos are drawn with Pillow (a document photographed on a desk,
with EXIF DateTimeOriginal; one stored turned, with EXIF Orientation 6) and
signatures are generated as pen strokes in the signature pad's JSON shape and
rendered to PNG. Everything random comes from the `random.Random` passed in
and dates are reckoned from `REFERENCE_DATE`, so one seed gives the same
records, photos and signatures (only the ids and the audit times differ).
No Qt.
"""

from __future__ import annotations

import io
import json
import math
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.checklist import Verdict
from app.domain.registry import Category, Department, Inspector, Institution, Level
from app.domain.tasks import TaskStatus
from app.services import recording
from app.services import tasks as task_service
from app.services.demo_data import DATONG_DISTRICTS, REFERENCE_DATE, mobile, person_name
from app.store import profile as profile_store
from app.store.registry import all_inspectors, all_institutions

P, N, NA = Verdict.PROBLEM, Verdict.NO_PROBLEM, Verdict.NA
TZ = "+08:00"  # the visits are in 大同; signature times carry the offset as the signature dialog writes them
RECUSAL_ANSWER = "不申请回避"
STATEMENT = "以上记录已阅，与事实相符"


# --- handwritten signatures -----------------------------------------------------------------------

CANVAS_W, CANVAS_H = 600, 200  # the signature pad's logical canvas (app/ui/signature_pad.py)


def pen_width(pressure: float) -> float:
    """The pad's stroke width for a pressure (same formula as app.ui.signature_pad.pen_width)."""
    return 1.2 + 3.4 * max(0.0, min(1.0, pressure))


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


# --- evidence photos --------------------------------------------------------------------------------

@dataclass
class Sheet:
    """A printed form as photographed: title, lines under it, a table, lines after it, optional seal and CMA mark."""

    title: str
    meta: list[str]
    header: list[str]
    rows: list[list[str]]
    footer: list[str] = field(default_factory=list)
    seal: str | None = None  # the institution's name, on a red 检验检测专用章
    cma: str | None = None  # the CMA certificate number under the mark
    printed_rows: bool = False  # rows printed (a report) rather than filled in by hand


_fonts: dict[int, object] = {}


def _font(size: int):
    from PIL import ImageFont

    from app.paths import resource

    if size not in _fonts:
        _fonts[size] = ImageFont.truetype(str(resource("fonts", "wqy-microhei.ttc")), size, index=0)
    return _fonts[size]


def _text_width(text: str, size: int) -> float:
    return _font(size).getlength(text)


def _draw_seal(page, cx: int, cy: int, name: str) -> None:
    """A round red seal: the name along the upper arc, a star, 检验检测专用章 across the bottom."""
    from PIL import Image, ImageDraw

    red = (205, 38, 40)
    r = 92
    layer = Image.new("L", page.size, 0)
    draw = ImageDraw.Draw(layer)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=235, width=6)
    star = [(cx + 26 * math.cos(math.radians(-90 + 72 * k / 2)) * (1 if k % 2 == 0 else 0.4),
             cy + 26 * math.sin(math.radians(-90 + 72 * k / 2)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    draw.polygon(star, fill=235)
    label = "检验检测专用章"
    draw.text((cx - _text_width(label, 15) / 2, cy + 30), label, font=_font(15), fill=235)
    chars = name[:16]
    spread = 230 if len(chars) > 8 else 180
    for k, ch in enumerate(chars):
        angle = -90 - spread / 2 + spread * (k + 0.5) / len(chars)  # degrees, screen coordinates
        glyph = Image.new("L", (30, 30), 0)
        ImageDraw.Draw(glyph).text((3, 1), ch, font=_font(21), fill=235)
        glyph = glyph.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        gx = cx + (r - 22) * math.cos(math.radians(angle)) - 15
        gy = cy + (r - 22) * math.sin(math.radians(angle)) - 15
        layer.paste(glyph, (round(gx), round(gy)), glyph)
    page.paste(Image.new("RGB", page.size, red), (0, 0), layer.point(lambda v: v * 8 // 10))


def _render_sheet(sheet: Sheet, rng: random.Random):
    from PIL import Image, ImageDraw

    W, H = 760, 1075
    page = Image.new("RGB", (W, H), (247, 245, 237))
    draw = ImageDraw.Draw(page)
    black, grid, hand = (28, 28, 30), (70, 70, 74), (28, 48, 128)
    y = 56
    if sheet.cma:
        draw.rectangle([52, 40, 150, 88], outline=(180, 30, 30), width=3)
        draw.text((62, 44), "CMA", font=_font(34), fill=(180, 30, 30))
        draw.text((52, 94), sheet.cma, font=_font(13), fill=black)
        y = 80
    draw.text(((W - _text_width(sheet.title, 34)) / 2, y), sheet.title, font=_font(34), fill=black)
    y += 72
    for line in sheet.meta:
        draw.text((56, y), line, font=_font(18), fill=black)
        y += 31
    y += 8
    x0, x1, row_h = 44, W - 44, 38
    cols = len(sheet.header)
    lengths = [max([_text_width(sheet.header[c], 16)] + [_text_width(r[c], 16) for r in sheet.rows]) + 14
               for c in range(cols)]
    scale = (x1 - x0) / sum(lengths)
    edges = [x0]
    for length in lengths:
        edges.append(edges[-1] + length * scale)
    rows = [sheet.header] + sheet.rows
    for r, row in enumerate(rows):
        top = y + r * row_h
        for c, text in enumerate(row):
            size = 16 if _text_width(text, 16) <= edges[c + 1] - edges[c] - 6 else 13
            dx = (edges[c + 1] - edges[c] - _text_width(text, size)) / 2
            jitter = (0, 0) if r == 0 or sheet.printed_rows else (rng.uniform(-2, 2), rng.uniform(-2, 2))
            draw.text((edges[c] + dx + jitter[0], top + (row_h - size) / 2 - 2 + jitter[1]), text, font=_font(size),
                      fill=black if r == 0 or sheet.printed_rows else hand)
    bottom = y + len(rows) * row_h
    for r in range(len(rows) + 1):
        draw.line([(x0, y + r * row_h), (x1, y + r * row_h)], fill=grid, width=2 if r in (0, 1, len(rows)) else 1)
    for c, edge in enumerate(edges):
        draw.line([(edge, y), (edge, bottom)], fill=grid, width=2 if c in (0, cols) else 1)
    y = bottom + 22
    for line in sheet.footer:
        draw.text((56, y), line, font=_font(18), fill=black)
        y += 31
    if sheet.seal:
        _draw_seal(page, W - 170, min(H - 120, y + 70), sheet.seal)
    return page


def document_photo(sheet: Sheet, rng: random.Random, taken: datetime, *, turned: bool = False) -> bytes:
    """A JPEG of the sheet lying on a desk, slightly turned, with a date stamp and EXIF DateTimeOriginal.

    `turned`: the pixels are stored rotated with EXIF Orientation 6, as a phone held upright writes them.
    """
    from PIL import ExifTags, Image, ImageDraw, ImageEnhance, ImageFilter

    page = _render_sheet(sheet, rng)
    PW, PH = 1600, 1200
    desk = rng.choice([(104, 84, 64), (78, 80, 86), (120, 108, 92), (92, 70, 52)])
    background = Image.new("RGB", (PW, PH), desk)
    shade = Image.linear_gradient("L").rotate(rng.uniform(-60, 60), resample=Image.Resampling.BICUBIC,
                                              fillcolor=128).resize((PW, PH), Image.Resampling.BILINEAR)
    background = Image.composite(Image.new("RGB", (PW, PH), tuple(int(c * 0.62) for c in desk)), background,
                                 shade.point(lambda v: v * 3 // 4))
    rotated = page.convert("RGBA").rotate(rng.uniform(-4.5, 4.5), resample=Image.Resampling.BILINEAR, expand=True)
    px = (PW - rotated.width) // 2 + rng.randint(-90, 90)
    py = max(0, (PH - rotated.height) // 2 + rng.randint(-25, 25))
    shadow = Image.new("L", (PW // 4, PH // 4), 0)  # blurred at a quarter of the size: it is soft anyway
    shadow.paste(rotated.getchannel("A").resize((rotated.width // 4, rotated.height // 4)), ((px + 14) // 4,
                                                                                          (py + 18) // 4))
    shadow = shadow.filter(ImageFilter.GaussianBlur(3.5)).resize((PW, PH), Image.Resampling.BILINEAR)
    shadow = shadow.point(lambda v: v * 11 // 20)
    background = Image.composite(Image.new("RGB", (PW, PH), (18, 16, 14)), background, shadow)
    background.paste(rotated, (px, py), rotated)
    light = Image.radial_gradient("L").resize((PW, PH), Image.Resampling.BILINEAR).point(lambda v: v * 9 // 20)
    photo = Image.composite(ImageEnhance.Brightness(background).enhance(0.7), background, light)
    stamp = taken.strftime("%Y/%m/%d %H:%M")
    draw = ImageDraw.Draw(photo)
    sx, sy = PW - 40 - _text_width(stamp, 38), PH - 70
    draw.text((sx + 2, sy + 2), stamp, font=_font(38), fill=(60, 30, 0))
    draw.text((sx, sy), stamp, font=_font(38), fill=(255, 156, 36))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Spotcheck"
    exif[ExifTags.Base.Model] = "Demo Camera"
    exif[ExifTags.Base.DateTime] = taken.strftime("%Y:%m:%d %H:%M:%S")
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
    details[ExifTags.Base.DateTimeDigitized] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if turned:
        photo = photo.transpose(Image.Transpose.ROTATE_90)  # shown upright after turning 90° clockwise
        exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=84, exif=exif)
    return buffer.getvalue()


# --- what the sheets say -------------------------------------------------------------------------

def _short(inst: Institution) -> str:
    """Two letters standing for the institution in its form and report numbers."""
    letters = "ABCDEFGHJKLMNPQRSTWXYZ"
    return letters[hash_mod(inst.credit_code, 22)] + letters[hash_mod(inst.credit_code[::-1], 22)]


def hash_mod(text: str, n: int) -> int:
    """A stable small number from text (Python's hash() is salted per process)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(text)) % n


def _day_in(rng: random.Random, year: int, start_month: int = 1, end_month: int = 12) -> date:
    first, last = date(year, start_month, 1), date(year, end_month, 28)
    return first + timedelta(days=rng.randint(0, (last - first).days))


def equipment_sheet(rng, inst: Institution, device: str, device_no: str, year: int, blanks: int) -> Sheet:
    """仪器设备使用记录 with `blanks` rows lacking the calibration validity date."""
    days = sorted(_day_in(rng, year, 3, 11) for _ in range(12))
    users = [person_name(rng) for _ in range(3)]
    missing = set(rng.sample(range(12), blanks))
    valid_until = date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
    rows = []
    for k, day in enumerate(days):
        rows.append([day.strftime("%m-%d"), rng.choice(["铅", "镉", "总砷", "铬", "铅"]),
                     f"{year % 100}S{rng.randint(1000, 4999)}", "正常", "正常",
                     "" if k in missing else valid_until.strftime("%Y-%m-%d"), rng.choice(users)])
    return Sheet("仪器设备使用记录",
                 [f"设备名称：{device}", f"设备编号：{device_no}    记录表编号：{_short(inst)}/JL-6.4-07"],
                 ["日期", "检测项目", "样品编号", "使用前", "使用后", "校准有效期至", "使用人"], rows,
                 [f"{inst.name}"])


def raw_record_sheet(rng, inst: Institution, year: int) -> Sheet:
    rows = []
    for _ in range(8):
        mass = rng.uniform(0.48, 0.52)
        conc = rng.uniform(0.02, 0.16)
        rows.append([f"{year % 100}S{rng.randint(5000, 8999)}", f"{mass:.4f}", "25.0", f"{conc * 0.9:.4f}",
                     f"{conc:.3f}", f"{conc * rng.uniform(0.95, 1.05):.3f}"])
    return Sheet("原 始 记 录",
                 ["检测项目：铅（以Pb计）    检测依据：GB 5009.12-2023 第一法",
                  f"仪器：石墨炉原子吸收分光光度计    检测日期：{_day_in(rng, year, 4, 10):%Y年%m月%d日}"],
                 ["样品编号", "称样量(g)", "定容(mL)", "吸光度", "测定值(mg/kg)", "平行样(mg/kg)"], rows,
                 [f"检测人：{person_name(rng)}        校核人：{person_name(rng)}"])


def report_sheet(rng, inst: Institution, number: str, sample: str, items: str, basis: str, conclusion: str,
                 client: str) -> Sheet:
    rows = [["样品名称", sample], ["委托单位", client], ["检验类别", "委托检验"], ["检验项目", items],
            ["检验依据", basis], ["检验结论", conclusion]]
    return Sheet("检 验 检 测 报 告", [f"报告编号：{number}"], ["项目", "内容"], rows,
                 ["批准：" + person_name(rng) + "      审核：" + person_name(rng),
                  f"签发日期：{_day_in(rng, 2025, 5, 9):%Y年%m月%d日}"],
                 seal=inst.name, cma=inst.cma_cert_no or None, printed_rows=True)


def blind_handover_sheet(rng, samples: list[dict], when: datetime, receiver: str) -> Sheet:
    rows = [[s["code"], s["matrix"], s["parameter"], "1份", "完好", receiver, when.strftime("%H:%M")] for s in samples]
    return Sheet("盲样考核样品交接单", [f"交接日期：{when:%Y年%m月%d日}", "考核方式：现场盲样考核，限时出具结果"],
                 ["样品编号", "样品名称", "考核项目", "数量", "状态", "接收人", "时间"], rows,
                 ["送样人（检查组）：__________    接收人：__________"])


def emission_log_sheet(rng, inst: Institution, day: date, plate: str, report_no: str) -> Sheet:
    rows = []
    flagged = rng.randrange(10)
    for k in range(10):
        p = plate if k == flagged else _plate(rng)
        rows.append([p, rng.choice(["小型轿车", "小型普通客车", "轻型货车", "重型货车"]),
                     rng.choice(["简易瞬态工况法", "双怠速法", "加载减速法"]),
                     f"{rng.uniform(0.1, 0.9):.2f}", f"{rng.randint(20, 90)}", f"{rng.randint(80, 600)}", "合格",
                     report_no if k == flagged else ""])
    return Sheet("机动车排放检验记录", [f"检验日期：{day:%Y年%m月%d日}    检测线：2号线", f"检验机构：{inst.name}"],
                 ["号牌号码", "车辆类型", "检验方法", "CO(%)", "HC(μmol/mol)", "NO(μmol/mol)", "结论", "报告编号"], rows)


def sampling_sheet(rng, inst: Institution, day: date, gap_row: int) -> Sheet:
    rows = []
    for k in range(7):
        lon, lat = f"113.{rng.randint(2000, 4999)}", f"40.{rng.randint(400, 1999):04d}"
        rows.append([f"W{k + 1:02d}", f"{rng.randint(8, 11)}:{rng.randint(0, 59):02d}",
                     "" if k == gap_row else f"{rng.uniform(9, 16):.1f}", f"{rng.uniform(7.2, 8.4):.2f}",
                     "" if k == gap_row else f"{lon},{lat}", person_name(rng)])
    return Sheet("地表水采样原始记录", [f"项目名称：御河大同段水质监测    采样日期：{day:%Y年%m月%d日}",
                                      f"采样单位：{inst.name}"],
                 ["点位", "采样时间", "水温(°C)", "pH", "经纬度", "采样人"], rows)


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "晋B" + rng.choice(letters) + "".join(rng.choice("0123456789" + letters[:6]) for _ in range(4))


# --- teams -----------------------------------------------------------------------------------------

@dataclass
class Roster:
    people: list[Inspector]
    lead_id: str

    def pick(self, rng, test: Callable[[Inspector], bool], taken: list[Inspector], inst: Institution) -> Inspector | None:
        pool = [p for p in self.people if test(p) and p not in taken and p.active
                and inst.credit_code not in p.avoid and inst.name not in p.avoid]
        return rng.choice(pool) if pool else None


def _market_city(p: Inspector) -> bool:
    return p.department is Department.MARKET and p.level is Level.CITY and p.enforcement_officer


def _team(rng, roster: Roster, inst: Institution, *, leader_is_profile: bool, police: bool, eco: str | None,
          expert: str | None) -> list[Inspector] | None:
    """Leader (a city market officer), a second market officer (county of the institution if there is one),
    police / eco officers for joint checks, an expert with the named expertise. None if nobody fits."""
    team: list[Inspector] = []
    profile_person = next((p for p in roster.people if p.id == roster.lead_id), None)
    if leader_is_profile and profile_person is not None and inst.credit_code not in profile_person.avoid:
        leader = profile_person
    else:
        leader = roster.pick(rng, lambda p: _market_city(p) and p.id != roster.lead_id, team, inst) \
            or roster.pick(rng, _market_city, team, inst)
    if leader is None:
        return None
    team.append(leader)
    second = roster.pick(rng, lambda p: p.department is Department.MARKET and p.enforcement_officer
                         and p.level is Level.COUNTY and inst.district in p.districts, team, inst) \
        or roster.pick(rng, _market_city, team, inst)
    if second is not None:
        team.append(second)
    if police:
        person = roster.pick(rng, lambda p: p.department is Department.POLICE and p.enforcement_officer, team, inst)
        if person:
            team.append(person)
    if eco:
        person = roster.pick(rng, lambda p: p.department is Department.ECO and p.enforcement_officer and eco in p.unit,
                             team, inst) \
            or roster.pick(rng, lambda p: p.department is Department.ECO and p.enforcement_officer, team, inst)
        if person:
            team.append(person)
    if expert:
        person = roster.pick(rng, lambda p: p.department is Department.EXPERT
                             and any(expert in e for e in p.expertise), team, inst)
        if person:
            team.append(person)
    if sum(p.enforcement_officer for p in team) < 2:
        return None
    return team


# --- institutions ----------------------------------------------------------------------------------

def _choose(rng, institutions: list[Institution], used: set[str], category: Category,
            prefer: tuple[str, ...] = ()) -> list[Institution]:
    """Candidates in the order to try: in 大同 those named with the words of `prefer` (in that order), then
    those the province allocated to this bureau, then the rest; then the same elsewhere; shuffled within
    each group."""
    local = {d for d, _ in DATONG_DISTRICTS}
    pool = [i for i in institutions if i.category is category and not i.eco_owned and i.id not in used]
    groups = []
    for here in (True, False):
        near = [i for i in pool if (i.district in local) is here]
        tiers = [[i for i in near if word in i.name] for word in prefer]
        allocated = [i for i in near if i.allocated_year == REFERENCE_DATE.year]
        groups += [*tiers, allocated, near]
    out: list[Institution] = []
    seen: set[str] = set()
    for group in groups:
        group = [i for i in group if i.id not in seen]
        seen.update(i.id for i in group)
        rng.shuffle(group)
        out += group
    return out


# --- dates -----------------------------------------------------------------------------------------

def _visit_day(rng, offset: int, jitter: int = 0) -> date:
    """A Tuesday to Friday about `offset` days after REFERENCE_DATE (so the notice the day before is a weekday)."""
    day = REFERENCE_DATE + timedelta(days=offset + (rng.randint(0, jitter) if jitter else 0))
    while day.weekday() not in (1, 2, 3, 4):
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def _notice(rng, start: datetime) -> datetime:
    """The afternoon before (14:00–17:00), within the 24 hours before the start."""
    before = start.date() - timedelta(days=1)
    earliest = max(_at(before, 14, 0), start - timedelta(hours=23, minutes=50))
    latest = _at(before, 17, 0)
    steps = max(0, int((latest - earliest).total_seconds() // 300))
    return earliest + timedelta(minutes=5 * rng.randint(0, steps))


def _signed_at(when: datetime) -> str:
    return when.isoformat(timespec="seconds") + TZ


# --- recording ---------------------------------------------------------------------------------------

@dataclass
class Visit:
    task_id: str
    inst: Institution
    team: list[Inspector]
    day: date
    notified: datetime
    start: datetime
    end: datetime


class _Recorder:
    """Records the demo tasks through the services, one audited edit at a time."""

    def __init__(self, db, db_path: Path, rng: random.Random, folder: Path):
        self.db, self.db_path, self.rng, self.folder = db, Path(db_path), rng, folder
        self.photo_count = 0

    def create(self, inst: Institution, team: list[Inspector], day: date) -> str:
        return task_service.create_task(self.db, inst.id, [p.id for p in team], team[0].id, day)

    def begin(self, visit: Visit) -> None:
        """The notice the day before, then the arrival: credentials shown, the recusal question answered."""
        task_service.set_session(self.db, visit.task_id, notified_at=visit.notified)
        task_service.set_session(self.db, visit.task_id, started_at=visit.start, place=visit.inst.address,
                                 credentials_shown=True, recusal_answer=RECUSAL_ANSWER)

    def verdicts(self, task_id: str, plan: dict[int, tuple[Verdict, str | None]], items: range | list[int]) -> None:
        for item in items:
            verdict, description = plan.get(item, (N, None))
            recording.set_verdict(self.db, task_id, item, verdict, description)

    def photo(self, task_id: str, sheet: Sheet, taken: datetime, item: int | None, caption: str,
              turned: bool = False) -> str:
        self.photo_count += 1
        taken += timedelta(seconds=self.rng.randint(0, 59))
        path = self.folder / f"IMG_{taken:%Y%m%d_%H%M%S}_{self.photo_count:02d}.jpg"
        path.write_bytes(document_photo(sheet, self.rng, taken, turned=turned))
        return recording.add_photo(self.db, self.db_path, task_id, path, item=item, caption=caption)

    def sample(self, task_id: str, values: dict) -> dict:
        recording.save_blind_sample(self.db, task_id, values)
        return values

    def close_visit(self, visit: Visit, statement: str = STATEMENT, notes: str | None = None) -> None:
        values = {"ended_at": visit.end, "party_statement": statement}
        if notes:
            values["notes"] = notes
        task_service.set_session(self.db, visit.task_id, **values)
        task_service.finish(self.db, visit.task_id)

    def sign_team(self, visit: Visit) -> datetime:
        when = visit.end + timedelta(minutes=self.rng.randint(3, 8))
        for person in visit.team:
            strokes = signature_strokes(self.rng, person.name)
            role = f"检查人员（执法证号 {person.cert_no}）" if person.enforcement_officer else "技术专家"
            recording.add_signature(self.db, self.db_path, visit.task_id, signer="inspector", name=person.name,
                                    role=role, inspector_id=person.id, strokes_json=strokes_json(strokes),
                                    png=render_signature(strokes), signed_at=_signed_at(when))
            when += timedelta(seconds=self.rng.randint(25, 80))
        return when

    def sign_representative(self, visit: Visit, name: str, title: str, when: datetime) -> None:
        strokes = signature_strokes(self.rng, name)
        recording.add_signature(self.db, self.db_path, visit.task_id, signer="representative", name=name,
                                role=f"被检查单位代表（{title}）", strokes_json=strokes_json(strokes),
                                png=render_signature(strokes), signed_at=_signed_at(when))

    def refuse(self, visit: Visit, name: str, title: str, reason: str, witnesses: list[str], when: datetime) -> None:
        recording.add_signature(self.db, self.db_path, visit.task_id, signer="representative", name=name,
                                role=f"被检查单位代表（{title}）", refused=True, reason=reason, witnesses=witnesses,
                                signed_at=_signed_at(when))


def _photo_times(rng, v: Visit, k: int) -> list[datetime]:
    """k moments during the visit, in order, after the first half hour and before the last ten minutes."""
    minutes = int((v.end - v.start).total_seconds() // 60)
    return [v.start + timedelta(minutes=m) for m in sorted(rng.sample(range(25, max(26 + k, minutes - 10)), k))]


def _visit(rec: _Recorder, inst: Institution, team: list[Inspector], day: date, start: tuple[int, int],
           hours: float) -> Visit:
    rng = rec.rng
    task_id = rec.create(inst, team, day)
    begin = _at(day, *start) + timedelta(minutes=rng.randint(0, 25))
    end = begin + timedelta(minutes=int(hours * 60) + rng.randint(-20, 30))
    return Visit(task_id, inst, team, day, _notice(rng, begin), begin, end)


# --- the six tasks -----------------------------------------------------------------------------------

def _showcase(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    """Signed: a food-testing laboratory; everything an on-site record can hold, and all its signatures."""
    rng = rec.rng
    v = _visit(rec, inst, team, _visit_day(rng, 35, 1), (9, 0), 2.6)
    rec.begin(v)
    year = v.day.year - 1
    device_no = f"{_short(inst)}-YQ-{rng.randint(10, 60):03d}"
    blank = 2
    plan = {
        2: (NA, "该机构无异地分支机构及异地检测场所"),
        12: (P, f"抽查{v.day.year}年出具的检验检测报告20份，其中3份报告加盖的检验检测专用章与备案印章不一致"
                "（印章直径及字体不同），机构称系旧章未及时收回"),
        13: (P, f"抽查{year}年度原始记录12份，其中{blank}份设备使用记录无校准有效期记录"
                f"（石墨炉原子吸收分光光度计，设备编号 {device_no}），相关检测数据的溯源性无法确认"),
        15: (NA, "该机构未开展分包业务，查阅业务台账及委托合同未见分包情形"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    recording.correct_institution(rec.db, v.task_id, "contact_phone", mobile(rng))
    handed = v.start + timedelta(minutes=rng.randint(20, 35))
    lead = round(rng.uniform(0.172, 0.228), 3)
    samples = [
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(100, 399)}", "matrix": "大米", "parameter": "铅（以Pb计）",
            "method": "GB 5009.12-2023", "unit": "mg/kg", "statistic": "z", "assigned": "0.200",
            "sigma_pt": "0.020", "result": f"{lead:.3f}"}),
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(400, 699)}", "matrix": "饮料（有证标准物质）", "parameter": "苯甲酸",
            "method": "GB 5009.28-2016", "unit": "g/kg", "statistic": "En", "assigned": "0.502",
            "expanded_assigned": "0.015", "result": f"{rng.uniform(0.486, 0.522):.3f}", "expanded_result": "0.030"}),
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(700, 999)}", "matrix": "熟肉制品", "parameter": "沙门氏菌",
            "method": "GB 4789.4-2024", "unit": "/25 g", "statistic": "qualitative", "expected_text": "检出",
            "result_text": "检出"}),
    ]
    signatories = list(inst.signatories) or [inst.tech_lead or person_name(rng)]
    examiner = next((p for p in team if p.department is Department.EXPERT), team[0])
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatories[0], "field": "食品中污染物及重金属检验（GB 5009 系列）", "form": "written",
        "score": str(rng.randint(78, 95)), "pass_mark": "60", "examiner_id": examiner.id,
        "notes": "闭卷笔试，10题，满分100分"})
    if len(signatories) > 1:
        recording.save_exam(rec.db, v.task_id, {
            "signatory": signatories[1], "field": "食品微生物检验（GB 4789 系列）", "form": "written",
            "score": str(rng.randint(66, 88)), "pass_mark": "60", "examiner_id": examiner.id,
            "notes": "闭卷笔试，10题，满分100分"})
    minutes = iter(_photo_times(rng, v, 4))
    rec.photo(v.task_id, equipment_sheet(rng, inst, "石墨炉原子吸收分光光度计", device_no, year, blank),
              next(minutes), 13, f"仪器设备使用记录（{device_no}），{blank}处未填写校准有效期",
              turned=True)
    rec.photo(v.task_id, report_sheet(rng, inst, f"{_short(inst)}-SP{v.day.year}-{rng.randint(1000, 4999)}",
                                      "大米（抽检样品）", "铅、镉、总砷、无机砷", "GB 2762-2022、GB 5009.12-2023",
                                      "所检项目符合 GB 2762-2022 要求", f"大同市{rng.choice(['晋兴', '华丰', '恒泰'])}粮油有限公司"),
              next(minutes), 12, "检验检测报告：加盖的专用章与备案印章不一致")
    rec.photo(v.task_id, raw_record_sheet(rng, inst, year), next(minutes), 9,
              f"{year}年度铅测定原始记录（抽查样本之一）")
    rec.photo(v.task_id, blind_handover_sheet(rng, samples, handed, inst.tech_lead or signatories[0]),
              next(minutes), 10, "盲样考核样品交接单")
    rec.close_visit(v, notes="检查组现场发放盲样3份，机构当日14时前报送结果；专用章问题已责令立即停用旧章。")
    when = rec.sign_team(v)
    rec.sign_representative(v, inst.top_manager or inst.legal_rep, "最高管理者", when + timedelta(minutes=2))
    task_service.sign(rec.db, v.task_id, _signed_at(when + timedelta(minutes=5)))


def _refusal(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    """Signed: a vehicle inspection station with a suspected false report; the representative refuses to sign."""
    rng = rec.rng
    v = _visit(rec, inst, team, _visit_day(rng, 37, 1), (9, 0), 3.2)
    rec.begin(v)
    plate, report_no = _plate(rng), f"{_short(inst)}{v.day.year}{rng.randint(10000, 99999)}"
    month = v.day.month - 1
    plan = {
        11: (P, f"抽查{v.day.year}年{month - 1}—{month}月机动车安全技术检验报告20份，其中3份报告检验员签字不全，"
                "1份报告未注明所用检测线编号"),
        14: (P, f"调取{v.day.year}年{month}月排放检验过程视频，抽查30辆次，其中1辆次（报告编号 {report_no}）"
                f"视频中上线检测车辆与检验报告所载车辆（号牌 {plate}）不一致，涉嫌未经检验出具排放检验报告；"
                "线索拟移交公安交管、生态环境部门"),
        15: (NA, "该站未开展分包业务"),
        2: (NA, "该站无异地分支机构"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    recording.correct_institution(rec.db, v.task_id, "legal_rep_phone", mobile(rng))
    rec.sample(v.task_id, {
        "code": f"JD2025-{rng.randint(10, 99)}", "matrix": "标准气体（氮中一氧化氮）", "parameter": "一氧化氮（NO）",
        "method": "GB 18285-2018", "unit": "μmol/mol", "statistic": "En", "assigned": "1200",
        "expanded_assigned": "24", "result": str(rng.randint(1172, 1226)), "expanded_result": "36"})
    signatory = (list(inst.signatories) or [inst.tech_lead or person_name(rng)])[0]
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatory, "field": "机动车排放检验（GB 18285-2018、GB 3847-2018）", "form": "oral",
        "score": str(rng.randint(70, 90)), "pass_mark": "60", "examiner_id": team[0].id,
        "notes": "口试5题，由检查组长提问并记录"})
    minutes = iter(_photo_times(rng, v, 3))
    rec.photo(v.task_id, emission_log_sheet(rng, inst, v.day - timedelta(days=rng.randint(20, 40)), plate, report_no),
              next(minutes), 14, f"排放检验记录：号牌 {plate} 一行，与过程视频不符")
    rec.photo(v.task_id, report_sheet(rng, inst, report_no, f"机动车（号牌 {plate}）", "排气污染物（简易瞬态工况法）",
                                      "GB 18285-2018", "合格", "个人送检"),
              next(minutes), 14, f"排放检验报告 {report_no}")
    rec.photo(v.task_id, report_sheet(rng, inst, f"{_short(inst)}{v.day.year}{rng.randint(10000, 99999)}",
                                      f"机动车（号牌 {_plate(rng)}）", "安全技术检验", "GB 38900-2020、GB 7258-2017",
                                      "合格", "个人送检"),
              next(minutes), 11, "安全技术检验报告：检验员签字不全")
    rec.close_visit(v, statement="对第14项的认定有异议，不同意在记录上签字",
                    notes="被检查单位代表拒绝签名，检查组当场说明拒签不影响记录效力，并全程执法记录仪录像。")
    when = rec.sign_team(v)
    rep = inst.legal_rep or inst.top_manager
    witness = f"{person_name(rng)}（所在社区工作人员）"
    rec.refuse(v, rep, "法定代表人", "对第14项“涉嫌未经检验出具报告”的认定有异议，称系登录员录入号牌错误，拒绝签名",
               [witness], when + timedelta(minutes=3))
    task_service.sign(rec.db, v.task_id, _signed_at(when + timedelta(minutes=5)))


def _recorded(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    """Recorded: an eco-environment monitoring company, complete, waiting for signatures."""
    rng = rec.rng
    v = _visit(rec, inst, team, _visit_day(rng, 49), (9, 0), 2.8)
    rec.begin(v)
    gap = rng.randrange(7)
    plan = {
        7: (P, f"抽查{v.day.year}年地表水采样原始记录6份，其中1份（点位 W{gap + 1:02d}）未记录现场水温及点位经纬度，"
               "采样过程无法追溯"),
        2: (NA, "该公司无异地分支机构"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    rec.sample(v.task_id, {
        "code": f"HJ2025-{rng.randint(10, 99)}", "matrix": "地表水（盲样）", "parameter": "化学需氧量（CODCr）",
        "method": "HJ 828-2017", "unit": "mg/L", "statistic": "z", "assigned": "32.6", "sigma_pt": "1.6",
        "result": f"{rng.uniform(29.8, 35.6):.1f}"})
    signatory = (list(inst.signatories) or [inst.tech_lead or person_name(rng)])[0]
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatory, "field": "水和废水监测", "form": "written", "score": str(rng.randint(72, 92)),
        "pass_mark": "60", "examiner_id": team[0].id, "notes": "闭卷笔试"})
    rec.photo(v.task_id, sampling_sheet(rng, inst, v.day - timedelta(days=rng.randint(30, 90)), gap),
              _photo_times(rng, v, 1)[0], 7, f"地表水采样原始记录：W{gap + 1:02d} 点位缺水温、经纬度")
    rec.close_visit(v)


def _on_site(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    """On site: a vehicle station, the first half of the items and a blind sample recorded."""
    rng = rec.rng
    v = _visit(rec, inst, team, _visit_day(rng, 56), (14, 20), 2.5)
    rec.begin(v)
    rec.verdicts(v.task_id, {2: (NA, "该站无异地分支机构")}, range(1, 10))
    rec.sample(v.task_id, {
        "code": f"JD2025-{rng.randint(100, 199)}", "matrix": "标准气体（氮中一氧化碳）", "parameter": "一氧化碳（CO）",
        "method": "GB 18285-2018", "unit": "%（体积分数）", "statistic": "En", "assigned": "3.50",
        "expanded_assigned": "0.07", "result": f"{rng.uniform(3.42, 3.58):.2f}", "expanded_result": "0.10"})
    rec.photo(v.task_id, emission_log_sheet(rng, inst, v.day - timedelta(days=rng.randint(5, 20)), _plate(rng), ""),
              v.start + timedelta(minutes=rng.randint(20, 60)), 7, "排放检验记录（抽查）")


def _notified(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    """Notified: the notice given the afternoon before the visit."""
    day = _visit_day(rec.rng, 57)
    task_id = rec.create(inst, team, day)
    when = _at(day - timedelta(days=1), 15, rec.rng.choice(range(0, 60, 5)))
    task_service.set_session(rec.db, task_id, notified_at=when, notes="已电话告知联系人，明日上午9时到达现场")


def _planned(rec: _Recorder, inst: Institution, team: list[Inspector]) -> None:
    rec.create(inst, team, _visit_day(rec.rng, 64, 2))


# (builder, [(category, preferred name words), … in the order to try], team: profile leads, police, eco unit,
# expert field). A small or national-scale registry may lack a category in 大同: other districts come next, then
# the next alternative (a water-quality laboratory can stand in for an eco-environment monitoring company).
PLANS = [
    (_showcase, [(Category.OTHER, ("食品", "农产品", "农业", "产品质量"))],
     dict(leader_is_profile=True, police=False, eco=None, expert="化学分析")),
    (_refusal, [(Category.VEHICLE, ())], dict(leader_is_profile=False, police=True, eco="机动车", expert="机动车")),
    (_recorded, [(Category.ECO_ENV, ()), (Category.OTHER, ("水质", "环境"))],
     dict(leader_is_profile=False, police=False, eco="监测", expert=None)),
    (_on_site, [(Category.VEHICLE, ())], dict(leader_is_profile=False, police=True, eco="机动车", expert=None)),
    (_notified, [(Category.OTHER, ("工程", "建设", "建筑"))],
     dict(leader_is_profile=False, police=False, eco=None, expert=None)),
    (_planned, [(Category.OTHER, ("水质", "计量"))], dict(leader_is_profile=True, police=False, eco=None,
                                                        expert="质量管理")),
]


def build_demo_tasks(db, db_path: Path, rng: random.Random) -> dict[str, int]:
    """Record the demo's inspection tasks (see the module docstring); returns how many there are per status.

    Writes nothing if the database already holds tasks, or has no profile inspector to record them.
    """
    if db.conn.execute("SELECT count(*) FROM tasks").fetchone()[0]:
        return {}
    lead_id = profile_store.get(db, "inspector_id")
    if not lead_id:
        return {}
    roster = Roster(all_inspectors(db), lead_id)
    institutions = sorted(all_institutions(db), key=lambda i: i.credit_code)
    used: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="spotcheck-demo-") as folder:
        rec = _Recorder(db, Path(db_path), rng, Path(folder))
        for build, alternatives, team_spec in PLANS:
            chosen = None
            for category, prefer in alternatives:
                for inst in _choose(rng, institutions, used, category, prefer):
                    team = _team(rng, roster, inst, **team_spec)
                    if team is not None:
                        chosen = inst, team
                        break
                if chosen:
                    break
            if chosen:
                used.add(chosen[0].id)
                build(rec, *chosen)
    counts = dict(db.conn.execute("SELECT status, count(*) FROM tasks GROUP BY status").fetchall())
    return {s.value: counts[s.value] for s in TaskStatus if s.value in counts}
