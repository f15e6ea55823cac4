"""RFC 3797 selection (app/domain/draw.py) against the RFC's own example and a public NomCom run (docs/rules.md).

Every expected value below is copied from those published runs, not computed by the code under test.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.draw import DrawError, key_string, select, steps

RFC_POOL = ["John", "Mary", "Bashful", "Dopey", "Sleepy", "Grouchy", "Doc", "Sneazy", "Handsome", "Cassandra",
            "Pollyanna", "Pendragon", "Pandora", "Faith", "Hope", "Charity", "Lee", "Longsuffering", "Chastity",
            "Smith", "Pride", "Sloth", "Envy", "Anger", "Kasczynski"]
RFC_SOURCES = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]
RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
RFC_STEPS = [  # RFC 3797 section 6: i, MD5, R, pick
    (1, "990DD0A5692A029A98B5E01AA28F3459", 25, 17), (2, "3691E55CB63FCC37914430B2F70B5EC6", 24, 7),
    (3, "FE814EDF564C190AC1D25753979990FA", 23, 2), (4, "1863CCACEB568C31D7DDBDF1D4E91387", 22, 16),
    (5, "F4AB33DF4889F0AF29C513905BE1D758", 21, 25), (6, "13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23),
    (7, "992DB77C382CA2BDB9727001F3CDCCD9", 19, 8), (8, "63AB4258ECA922976811C7F55C383CE7", 18, 24),
    (9, "DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19), (10, "31CB111C4A4EBE9287CEAE16FE51B909", 16, 13),
]


def test_the_rfcs_own_example_step_by_step():
    assert key_string(RFC_SOURCES) == RFC_KEY
    drawn = steps(RFC_KEY, 25, 10)
    assert [(s.index, s.digest, s.remaining, s.pick) for s in drawn] == RFC_STEPS
    assert [RFC_POOL[p - 1] for p in select(RFC_KEY, 25, 10)] == [
        "Lee", "Doc", "Mary", "Charity", "Kasczynski", "Envy", "Sneazy", "Anger", "Chastity", "Pandora"]


def test_continuing_a_draw_keeps_the_earlier_picks():
    # the public implementation's continuation of the RFC example: 11 → 22, 12 → 5, 13 → 18, 14 → 9, …
    more = select(RFC_KEY, 25, 16)
    assert more[:10] == [r[3] for r in RFC_STEPS]
    assert more[10:] == [22, 5, 18, 9, 1, 4]
    assert [s.pick for s in steps(RFC_KEY, 25, 16, start=11)] == [22, 5, 18, 9, 1, 4]
    assert steps(RFC_KEY, 25, 11)[-1].digest.startswith("07FA46C1")


def test_the_ietf_nomcom_2013_run():
    key = key_string([[7, 8, 11, 17, 19, 25, 46], [8285182], [60115701], [2, 3, 18, 26, 32, 33, 42]])
    assert key == "7.8.11.17.19.25.46./8285182./60115701./2.3.18.26.32.33.42./"
    drawn = steps(key, 154, 12)
    assert drawn[0].digest == "D31D1C4AC453CA37989E9920B4E9BC03"
    assert [s.pick for s in drawn] == [138, 151, 89, 112, 117, 145, 118, 143, 144, 122, 95, 139]


@pytest.mark.parametrize("sources", [[], [[]], [[1, -2]], [[1.5]], [[True]]])
def test_sources_that_are_not_integers_are_refused(sources):
    with pytest.raises(DrawError):
        key_string(sources)


@pytest.mark.parametrize("pool,count", [(0, 0), (65536, 1), (5, 6), (5, -1)])
def test_impossible_draws_are_refused(pool, count):
    with pytest.raises(DrawError):
        steps(RFC_KEY, pool, count)


@given(st.integers(1, 300), st.data())
def test_picks_are_distinct_and_inside_the_pool(pool, data):
    count = data.draw(st.integers(0, min(pool, 40)))
    picks = select(RFC_KEY, pool, count)
    assert len(picks) == count == len(set(picks)) and all(1 <= p <= pool for p in picks)
