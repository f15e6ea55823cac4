"""Other devices' audit entries as received in their packages (`received_audit`), kept per device.

A device's audit log is one hash chain; a package carries the entries of its tasks. What a device sent once
may be sent again (a later package of the same task) but never with other content: the same entry number
with another hash means that device's log was rewritten after it sent it.
"""

from __future__ import annotations

import json

from app.domain import audit


def held(conn, device: str, entry_ids: list[int], author: str | None = None) -> dict[int, str]:
    """entry id -> hash of what this database already received from `device` for those entries (made by
    `author`, when given: another person's entries in that device's name say nothing of what it sent)."""
    out = {}
    mine = "" if author is None else " AND json_extract(entry, '$.author') = ?"
    for start in range(0, len(entry_ids), 500):
        chunk = entry_ids[start:start + 500]
        out.update(conn.execute(f"SELECT entry_id, hash FROM received_audit WHERE device = ? AND entry_id IN"
                                f" ({', '.join('?' * len(chunk))}){mine}",
                                [device, *chunk, *([] if author is None else [author])]).fetchall())
    return out


def add(conn, entries: list[dict], package_id: str) -> None:
    conn.executemany("INSERT OR IGNORE INTO received_audit (device, entry_id, hash, prev_hash, entry, package_id)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     [[e["device"], e["id"], e["hash"], e["prev_hash"], json.dumps(e, ensure_ascii=False,
                                                                                   sort_keys=True), package_id]
                      for e in entries])


def faults(conn) -> list[audit.Break]:
    """Received entries whose hash does not cover their content, or that do not link to the entry before them
    (when both were received)."""
    found = []
    previous: dict[str, tuple[int, str]] = {}
    for device, entry_id, digest, prev_hash, text in conn.execute(
            "SELECT device, entry_id, hash, prev_hash, entry FROM received_audit ORDER BY device, entry_id"):
        entry = json.loads(text)
        if audit.entry_hash(entry, prev_hash) != digest:
            found.append(audit.Break(entry_id, "edited",
                                     f"设备 {device} 的第 {entry_id} 条审计记录（收到的）内容与其哈希不符"))
        last = previous.get(device)
        if last is not None and last[0] == entry_id - 1 and last[1] != prev_hash:
            found.append(audit.Break(entry_id, "relinked",
                                     f"设备 {device} 的第 {entry_id} 条审计记录（收到的）没有接在第 {entry_id - 1} 条之后"))
        previous[device] = (entry_id, digest)
    return found
