"""The audit log's hash chain: each entry's hash covers its own fields and the previous entry's hash.

An entry's hash is SHA-256 over the canonical JSON of its fields (keys
sorted, UTF-8, no insignificant whitespace) together with the hash of the
entry before it, so changing any entry, or removing one from the middle,
breaks every link after it. `verify_chain` walks the entries in order and
says where the chain breaks and how.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64  # the "previous hash" of the first entry

# The fields an entry's hash covers, in the order they are stored.
FIELDS = ("id", "at", "author", "device", "hlc", "action", "entity", "entity_id", "task_id", "field",
          "old_value", "new_value")


def canonical_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(entry: dict, prev_hash: str) -> str:
    body = {name: entry.get(name) for name in FIELDS}
    body["prev_hash"] = prev_hash
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    kind: str  # "edited", "missing", "relinked"
    message: str

    def to_json(self) -> dict:
        return {"entry_id": self.entry_id, "kind": self.kind, "message": self.message}


def verify_chain(entries: Iterable[dict]) -> tuple[int, list[Break]]:
    """Check entries (dicts with FIELDS, prev_hash and hash) in id order; returns (count, breaks)."""
    breaks: list[Break] = []
    expected_prev = GENESIS
    expected_id = None
    count = 0
    for entry in entries:
        count += 1
        entry_id = entry["id"]
        if expected_id is not None and entry_id != expected_id:
            gap = str(expected_id) if entry_id - 1 == expected_id else f"{expected_id}–{entry_id - 1}"
            breaks.append(Break(entry_id, "missing", f"第 {gap} 条记录缺失（被删除）"))
        if entry["prev_hash"] != expected_prev:
            breaks.append(Break(entry_id, "relinked", f"第 {entry_id} 条记录与前一条的链接不符（前面的记录被删除或改动）"))
        if entry_hash(entry, entry["prev_hash"]) != entry["hash"]:
            breaks.append(Break(entry_id, "edited", f"第 {entry_id} 条记录的内容与其哈希不符（被改动）"))
        expected_prev = entry["hash"]
        expected_id = entry_id + 1
    return count, breaks
