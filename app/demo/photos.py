"""Evidence photos for the demo: the documents an inspector photographs (equipment logs, raw records,
reports with the CMA mark and seal, blind-sample handover forms, emission logs, sampling records), drawn
with Pillow as a sheet of paper on a desk, with EXIF DateTimeOriginal (and, for one, EXIF Orientation 6).
Deterministic for a given `random.Random`. No Qt.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.demo.data import person_name
from app.domain.registry import Institution


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

def short_name(inst: Institution) -> str:
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
                 [f"设备名称：{device}", f"设备编号：{device_no}    记录表编号：{short_name(inst)}/JL-6.4-07"],
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
        p = plate if k == flagged else licence_plate(rng)
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


def licence_plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "晋B" + rng.choice(letters) + "".join(rng.choice("0123456789" + letters[:6]) for _ in range(4))
