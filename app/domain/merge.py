"""Merging what several devices recorded: the state of every field is a function of the set of edits received.

Every recorded field travels as `FieldEdit`s: the value written, who wrote it on which device, the edit's
hybrid logical clock stamp (app/domain/hlc.py: unique, since it names the device) and `bases`, the stamps of
the versions of that field it replaced (none for the first value). An edit supersedes its bases. The field's
**heads** are the edits that no other edit received supersedes:

- one head: that is the field's value, whatever order the edits came in;
- several heads: two devices edited the same version (or versions the other never saw) — a **conflict**,
  in which no edit is dropped; `resolve` makes the edit that supersedes them all.

An older copy never overwrites a newer one (it is superseded already), and receiving an edit again changes
nothing: the state depends only on the set. `digest` is a SHA-256 over that state keyed by the records'
UUIDs, the same in every database that received the same edits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

Key = tuple[str, str, str]  # (entity, entity id, field)


@dataclass(frozen=True)
class FieldEdit:
    entity: str  # finding, blind_sample, exam, photo, signature, correction, member, attendee, task
    entity_id: str
    field: str
    value: str | None  # as the audit log writes values: text, or None
    hlc: str
    author: str = ""
    device: str = ""
    task_id: str | None = None
    bases: tuple[str, ...] = ()  # the stamps of the versions this edit replaced

    @property
    def key(self) -> Key:
        return self.entity, self.entity_id, self.field

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes an edit the same edit in every database (one stamp writes several fields)."""
        return self.hlc, self.entity, self.entity_id, self.field


@dataclass(frozen=True)
class FieldState:
    key: Key
    heads: tuple[FieldEdit, ...]  # oldest stamp first

    @property
    def conflict(self) -> bool:
        """Heads that differ in value: two devices that wrote the same value from the same version agree."""
        return len({h.value for h in self.heads}) > 1

    @property
    def value(self) -> str | None:
        """The value shown while a conflict is open: the newest head's (the other heads are kept beside it)."""
        return self.heads[-1].value

    @property
    def versions(self) -> tuple[str, ...]:
        """The stamps a new edit of this field replaces."""
        return tuple(h.hlc for h in self.heads)


def merge(edits: Iterable[FieldEdit]) -> dict[Key, FieldState]:
    """The state of every field the edits touch. Edits with the same identity count once; if two of them
    disagree (the same stamp with another value), that is not an edit of ours but a forgery, and the caller
    must have refused it before (see `duplicates`)."""
    by_key: dict[Key, dict[tuple, FieldEdit]] = {}
    for edit in edits:
        by_key.setdefault(edit.key, {})[edit.identity] = edit
    state = {}
    for key, group in by_key.items():
        superseded = {base for e in group.values() for base in e.bases}
        heads = sorted((e for e in group.values() if e.hlc not in superseded), key=lambda e: e.hlc)
        if not heads:  # a cycle can only be made by hand: keep every edit of it visible
            heads = sorted(group.values(), key=lambda e: e.hlc)
        state[key] = FieldState(key, tuple(heads))
    return state


def duplicates(edits: Iterable[FieldEdit]) -> list[tuple[FieldEdit, FieldEdit]]:
    """Pairs of edits with the same identity but different content: the same stamp cannot write two things."""
    seen: dict[tuple, FieldEdit] = {}
    out = []
    for edit in edits:
        earlier = seen.setdefault(edit.identity, edit)
        if earlier is not edit and earlier != edit:
            out.append((earlier, edit))
    return out


def conflicts(state: dict[Key, FieldState]) -> list[FieldState]:
    return sorted((s for s in state.values() if s.conflict), key=lambda s: s.key)


def resolve(field: FieldState, value: str | None, hlc: str, author: str, device: str,
            task_id: str | None = None) -> FieldEdit:
    """The edit that settles a conflict (or any field): it supersedes every head, wherever it travels."""
    entity, entity_id, name = field.key
    return FieldEdit(entity, entity_id, name, value, hlc, author, device, task_id or field.heads[-1].task_id,
                     field.versions)


def digest(state: dict[Key, FieldState]) -> str:
    """SHA-256 over every field's heads (stamp and value), keyed by entity, UUID and field: two databases that
    received the same edits have the same digest, whatever the order and whatever their local row ids."""
    body = [[list(key), [[h.hlc, h.value] for h in s.heads]] for key, s in sorted(state.items())]
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
