"""How the record writes a moment: one local style, the time zone said once (issue 9, item 11).

Every time on the record, the digital signature's stamp included, is written `2025年10月20日 09:30` in the
computer's local time zone; the record states that zone once, beside the time it was made
(`zone_label`: 北京时间（UTC+08:00） in China, else UTC±hh:mm). A moment stored with an offset is converted
to local time; one stored without (a visit's start, typed on this computer) is local time already.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def local(moment: datetime | str) -> datetime:
    """The moment in the computer's local time zone, as a naive wall-clock time."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def day_text(moment: datetime | str) -> str:
    """'2025年10月20日'."""
    at = local(moment)
    return f"{at.year}年{at.month}月{at.day}日"


def time_text(moment: datetime | str) -> str:
    """'2025年10月20日 09:30'."""
    at = local(moment)
    return f"{day_text(at)} {at:%H:%M}"


def clock_text(moment: datetime | str) -> str:
    """'09:30' (the end of a visit on the day it began)."""
    return f"{local(moment):%H:%M}"


def zone_label(at: datetime | None = None) -> str:
    """The local time zone as the record states it: '北京时间（UTC+08:00）', or 'UTC−05:00' elsewhere."""
    offset = (at or datetime.now()).astimezone().utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    text = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"北京时间（{text}）" if minutes == 480 else text
