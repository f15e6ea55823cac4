"""Hybrid logical clocks: an order of edits that every database agrees on.

Each recorded edit carries a stamp `wall-counter-device`: the wall clock in
milliseconds (never going backwards on one device), a counter that orders
edits within the same millisecond, and the device id that breaks the
remaining ties. Stamps compare as their text. When findings are merged, a
stamp from another device moves this clock forward, but only so far: a laptop
whose clock is a year ahead must not win every merge (`MAX_SKEW_MS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SKEW_MS = 24 * 3600 * 1000  # a remote stamp more than a day ahead of our clock is not believed
MAX_COUNTER = 99_999  # the counter's five digits: beyond them the next millisecond begins, so stamps still sort as text


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> "Hlc":
        wall, counter, device = text.split("-", 2)
        return cls(int(wall), int(counter), device)


def tick(last: Hlc | None, now_ms: int, device: str) -> Hlc:
    """The stamp of a new local edit: after `last`, and at least the wall clock."""
    if last is None or now_ms > last.wall_ms:
        return Hlc(now_ms, 0, device)
    return _after(last.wall_ms, last.counter, device)


def receive(last: Hlc | None, remote: Hlc, now_ms: int, device: str) -> Hlc:
    """Our clock after seeing `remote` (from a package): never behind it, unless it is too far ahead."""
    if too_far_ahead(remote, now_ms):
        return tick(last, now_ms, device)
    seen = [(now_ms, -1), (remote.wall_ms, remote.counter)] + ([(last.wall_ms, last.counter)] if last else [])
    wall = max(w for w, _ in seen)
    return _after(wall, max(c for w, c in seen if w == wall), device)


def _after(wall_ms: int, counter: int, device: str) -> Hlc:
    """The stamp just after (wall_ms, counter): the next counter, or the next millisecond once it is full."""
    if counter >= MAX_COUNTER:
        return Hlc(wall_ms + 1, 0, device)
    return Hlc(wall_ms, counter + 1, device)


def well_formed(text: str) -> bool:
    """Whether `text` is a stamp as `Hlc.__str__` writes it (a received one may be anything)."""
    return _STAMP.fullmatch(text) is not None


_STAMP = re.compile(r"[0-9]{13}-[0-9]{5,}-\S+")


def too_far_ahead(remote: Hlc, now_ms: int) -> bool:
    return remote.wall_ms > now_ms + MAX_SKEW_MS
