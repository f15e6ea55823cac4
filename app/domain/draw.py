"""Publicly verifiable random selection, RFC 3797 (D. Eastlake 3rd, 2004): the rule the double-random draws use.

Before the draw the pool is published as a numbered list in a fixed order, with how many to select and which
future public numbers (lottery results on a named date, …) will be the randomness. Afterwards anyone holding
the published list and those numbers can repeat the selection and get the same picks:

1. The **key**: each source in the announced order, its integers sorted ascending, each written in decimal
   without leading zeros and followed by `.`, the source closed with `/`
   (`9319./2.5.8.10.12./9.18.26.34.41.45./`).
2. For the k-th pick (k = 1, 2, …) let i = k − 1: MD5 over i as 2 bytes big-endian, the key, and i again; read
   the digest as an unsigned 128-bit big-endian number; take it modulo R, the count of items not chosen yet;
   choose the item at that 0-based position among those left (in the published order).

Continuing the sequence extends a draw without changing earlier picks, which is what top-ups need. Only
integer sources are accepted: the RFC's text rule is not settled among implementations (docs/rules.md).
MD5 is the RFC's choice and serves here as a public mixing function, not for secrecy (hashlib's, never
hand-rolled).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

MAX_POOL = 65535  # the index is two bytes


class DrawError(ValueError):
    """A draw that cannot be made as asked (words for the person who asked)."""


def key_string(sources: Sequence[Sequence[int]]) -> str:
    """The RFC 3797 key of integer sources, in the announced order (the values of each sorted ascending)."""
    if not sources:
        raise DrawError("至少需要一个随机数来源。")
    parts = []
    for source in sources:
        values = list(source)
        if not values or any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
            raise DrawError("每个随机数来源须是一组非负整数。")
        parts.append("".join(f"{v}." for v in sorted(values)) + "/")
    return "".join(parts)


@dataclass(frozen=True)
class Step:
    """One step of a draw, as the published log shows it."""

    index: int  # k, the pick's place in the draw, from 1 (the digest is over i = k − 1)
    digest: str  # MD5, upper-case hex
    remaining: int  # R: the items not chosen yet
    position: int  # 0-based position among those left
    pick: int  # the chosen item's 1-based number in the published list


def step_digest(key: bytes, i: int) -> bytes:
    """MD5(i ‖ key ‖ i), i as 2 bytes big-endian: the digest of the pick at counter i (the (i+1)-th pick)."""
    if not 0 <= i <= MAX_POOL:
        raise DrawError(f"一次抽取最多 {MAX_POOL + 1} 步。")
    index = i.to_bytes(2, "big")
    return hashlib.md5(index + key + index, usedforsecurity=False).digest()


def steps(key: str, pool_size: int, count: int, start: int = 1) -> list[Step]:
    """The first `count` picks from a published list of `pool_size` items (numbered 1..pool_size). `start`:
    the step to begin with when continuing a draw (the picks before it are removed first)."""
    if not 0 < pool_size <= MAX_POOL:
        raise DrawError(f"名单须有 1 到 {MAX_POOL} 项，现有 {pool_size} 项。")
    if not 0 <= count <= pool_size:
        raise DrawError(f"不能从 {pool_size} 项中抽取 {count} 项。")
    remaining = list(range(1, pool_size + 1))
    data = key.encode("ascii")
    out = []
    for i in range(1, count + 1):
        digest = step_digest(data, i - 1)
        position = int.from_bytes(digest, "big") % len(remaining)
        pick = remaining.pop(position)
        if i >= start:
            out.append(Step(i, digest.hex().upper(), len(remaining) + 1, position, pick))
    return out


def select(key: str, pool_size: int, count: int) -> list[int]:
    """The picks (1-based numbers in the published list), in the order drawn."""
    return [s.pick for s in steps(key, pool_size, count)]


MAX_SEED = 2000  # characters: a few lottery draws' numbers take a few dozen
_SEED_SEPARATORS = str.maketrans({"／": "/", "，": ",", "、": ",", "；": "/", ";": "/", "\u3000": " "})


def parse_seed(text: str) -> list[list[int]]:
    """The seed as typed: sources separated by `/`, a source's values by spaces or commas
    (`9319 / 2 5 12 8 10 / 9 18 26 34 41 45`); full-width digits and separators as a Chinese input method types
    them are read the same. Leading zeros are dropped, as the RFC's key writes integers."""
    import unicodedata

    if len(str(text)) > MAX_SEED:
        raise DrawError(f"随机数过长（最多 {MAX_SEED} 个字符）。")
    normal = unicodedata.normalize("NFKC", str(text)).translate(_SEED_SEPARATORS)
    sources = []
    for number, part in enumerate(normal.split("/"), start=1):
        values = part.replace(",", " ").split()
        if not values:
            if part.strip() == "" and normal.strip().endswith("/") and number == len(normal.split("/")):
                continue  # a closing slash, as the key itself is written
            raise DrawError(f"随机数第 {number} 组是空的：各组之间用“/”分隔，组内数字用空格或逗号分隔。")
        for value in values:
            if not value.isascii() or not value.isdigit():
                raise DrawError(f"随机数第 {number} 组中的“{value}”不是非负整数：只接受整数（RFC 3797）。")
            if len(value) > 40:
                raise DrawError(f"随机数第 {number} 组中的“{value[:12]}…”过长（最多 40 位）。")
        sources.append([int(v) for v in values])
    if not sources:
        raise DrawError("没有随机数：各组之间用“/”分隔，组内数字用空格或逗号分隔。")
    return sources
