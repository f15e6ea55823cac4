"""The merge rules (app/domain/merge.py): a field's state is a function of the set of edits received.

Devices are simulated: each keeps the edits it has seen, edits a field on top of the versions it sees, and
receives other devices' edits as packages would bring them. Whatever the order of arrival, every database
that received the same edits shows the same state and the same digest.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.hlc import Hlc, tick
from app.domain.merge import FieldEdit, conflicts, digest, duplicates, merge, resolve

ITEM7 = ("finding", "f-7", "verdict")


class Device:
    def __init__(self, name: str):
        self.name, self.edits, self.clock, self.now = name, set(), None, 1_760_000_000_000

    def edit(self, key, value) -> FieldEdit:
        self.now += 1000
        self.clock = tick(self.clock, self.now, self.name)
        heads = merge(e for e in self.edits if e.key == key).get(key)
        made = FieldEdit(*key, value, str(self.clock), f"inspector-{self.name}", self.name, "t-1",
                         heads.versions if heads else ())
        self.edits.add(made)
        return made

    def receive(self, edits) -> None:
        self.edits |= set(edits)
        for e in edits:  # our clock moves past what we saw, as app.domain.hlc.receive does
            seen = Hlc.parse(e.hlc)
            if self.clock is None or (seen.wall_ms, seen.counter) > (self.clock.wall_ms, self.clock.counter):
                self.clock = Hlc(seen.wall_ms, seen.counter, self.name)


def test_one_device_editing_again_supersedes_its_own_value():
    a = Device("A")
    a.edit(ITEM7, "no_problem")
    a.edit(ITEM7, "problem")
    state = merge(a.edits)[ITEM7]
    assert not state.conflict and state.value == "problem"


def test_two_devices_editing_the_same_version_conflict_and_neither_is_dropped():
    a, b = Device("A"), Device("B")
    first = a.edit(ITEM7, "not_checked")
    b.receive({first})
    mine, theirs = a.edit(ITEM7, "no_problem"), b.edit(ITEM7, "problem")
    state = merge({first, mine, theirs})[ITEM7]
    assert state.conflict and {h.value for h in state.heads} == {"no_problem", "problem"}
    assert [s.key for s in conflicts(merge({first, mine, theirs}))] == [ITEM7]


def test_an_older_copy_arriving_later_never_overwrites_a_newer_one():
    a, b = Device("A"), Device("B")
    old = a.edit(ITEM7, "no_problem")
    b.receive({old})
    new = b.edit(ITEM7, "problem")  # B saw A's value and changed it
    lead = merge([new, old])[ITEM7]  # the newer package came first, the older after
    assert not lead.conflict and lead.value == "problem"


def test_a_resolution_supersedes_both_candidates_wherever_it_travels():
    a, b, lead = Device("A"), Device("B"), Device("L")
    first = a.edit(ITEM7, "not_checked")
    b.receive({first})
    a.edit(ITEM7, "no_problem")
    b.edit(ITEM7, "problem")
    lead.receive(a.edits | b.edits)
    state = merge(lead.edits)[ITEM7]
    lead.clock = tick(lead.clock, lead.now + 10_000, "L")
    settled = resolve(state, "problem", str(lead.clock), "lead", "L")
    lead.edits.add(settled)
    assert not merge(lead.edits)[ITEM7].conflict and merge(lead.edits)[ITEM7].value == "problem"
    a.receive(lead.edits)  # back on A's laptop the resolution wins too
    assert merge(a.edits)[ITEM7].heads == (settled,)


def test_the_same_stamp_with_another_value_is_found():
    a = Device("A")
    made = a.edit(ITEM7, "problem")
    forged = FieldEdit(*ITEM7, "no_problem", made.hlc, made.author, made.device, made.task_id, made.bases)
    assert duplicates([made, made, forged]) == [(made, forged)]


KEYS = [("finding", f"f-{n}", name) for n in (1, 2) for name in ("verdict", "description")]
ACTIONS = st.lists(st.tuples(st.sampled_from(["edit", "sync"]), st.integers(0, 2), st.integers(0, 2),
                             st.integers(0, len(KEYS) - 1), st.sampled_from(["problem", "no_problem", "na", "x"])),
                   min_size=1, max_size=25)


@settings(max_examples=80, deadline=None)
@given(ACTIONS, st.randoms(use_true_random=False))
def test_any_order_of_packages_gives_the_same_state_and_digest(actions, rng):
    devices = [Device(n) for n in "ABC"]
    for action, who, other, key, value in actions:
        if action == "edit":
            devices[who].edit(KEYS[key], value)
        else:
            devices[who].receive(devices[other].edits)
    packages = [frozenset(d.edits) for d in devices]  # what each laptop sends to the lead
    expected = digest(merge(set().union(*packages)))
    for order in itertools.permutations(packages):
        lead: set = set()
        for package in order:
            lead |= package
        assert digest(merge(lead)) == expected
    shuffled = list(set().union(*packages))
    rng.shuffle(shuffled)
    assert digest(merge(shuffled)) == expected
    assert digest(merge(shuffled + shuffled[: len(shuffled) // 2])) == expected  # re-imported: no change
    for state in merge(shuffled).values():  # no edit is lost: every one is a head or superseded by one received
        superseded = {b for e in shuffled if e.key == state.key for b in e.bases}
        assert all(e.hlc in superseded or e in state.heads for e in shuffled if e.key == state.key)
