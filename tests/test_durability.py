"""kill -9 while recording: nothing acknowledged is lost, nothing is half-written (the promise in docs/trust.md:
"Nothing the user recorded is ever lost: not by a crash, a kill …"; "a dead battery loses nothing").

A child Python process opens a prepared database and records through the real services in a loop — a blind
sample K<n> (`save_blind_sample`), then a verdict on item n % 18 + 1 (`set_verdict`, alternating problem /
no problem, description D<n>) — and prints "ack n" after both calls have returned, i.e. after both commits.
The parent kills it with SIGKILL at a random moment (after a random number of acknowledgements, or a random
time), then opens the database as the app does and checks: the file is sound (`PRAGMA integrity_check`),
every acknowledged sample is there and nothing beyond the one edit in flight, every sample row has its audit
'create' entry and vice versa, each item shows the last acknowledged verdict (or the one in flight), and the
audit chain verifies clean. The kill is repeated on the same database, the numbering carrying on.
Randomness comes from a fixed seed, so a failure can be reproduced.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.recording_helpers import REPO_ROOT, demo_database, new_task

ROUNDS = 30
SEED = 20251009
ITEMS = 18
MAX_WAIT = 1.0  # seconds of acknowledgements per round at most, after the first one

CHILD = r"""
import sys
from pathlib import Path

from app.services.recording import save_blind_sample, set_verdict
from app.store.database import open_database

path, task_id, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
db = open_database(path)
while True:
    save_blind_sample(db, task_id, {"code": f"K{n}", "parameter": "铅", "unit": "mg/kg", "statistic": "z",
                                    "assigned": "10", "sigma_pt": "0.5", "result": str(10 + (n % 50) / 10)})
    set_verdict(db, task_id, n % 18 + 1, "problem" if (n // 18) % 2 == 0 else "no_problem", f"D{n}")
    sys.stdout.write(f"ack {n}\n")
    sys.stdout.flush()
    n += 1
"""


def item_of(n: int) -> int:
    return n % ITEMS + 1


def verdict_of(n: int) -> str:
    return "problem" if (n // ITEMS) % 2 == 0 else "no_problem"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("SPOTCHECK_PROFILE", None)
    return env


def acks_in(text: str) -> list[int]:
    return [int(line.split()[1]) for line in text.splitlines() if line.startswith("ack ")]


def run_and_kill(path: Path, task_id: str, start: int, rng: random.Random, stderr_file: Path) -> tuple[int, str]:
    """Start the child at number `start`, SIGKILL it at a random moment; returns (last ack, how it was killed)."""
    with open(stderr_file, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), task_id, str(start)], cwd=REPO_ROOT,
                                env=child_env(), stdout=subprocess.PIPE, stderr=err)
    watchdog = threading.Timer(30, proc.kill)  # never hang the suite on a stuck child
    watchdog.start()
    acks: list[int] = []
    try:
        if rng.random() < 0.5:
            target = rng.randint(5, 200)
            how = f"after {target} acks"
            deadline = None
            while len(acks) < target and (deadline is None or time.monotonic() < deadline):
                line = proc.stdout.readline().decode()
                if not line:
                    break
                acks += acks_in(line)
                deadline = deadline or time.monotonic() + MAX_WAIT  # a slow disk must not slow the suite much
            time.sleep(rng.uniform(0, 0.004))  # land the kill somewhere inside the next edit
        else:
            delay = rng.uniform(0.005, 0.25)
            how = f"{delay * 1000:.0f} ms after the 5th ack"
            while len(acks) < 5:
                line = proc.stdout.readline().decode()
                if not line:
                    break
                acks += acks_in(line)
            time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        acks += acks_in(proc.stdout.read().decode())  # printed before the kill landed: acknowledged too
    finally:
        watchdog.cancel()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, (how, proc.returncode, stderr_file.read_text(errors="replace"))
    assert len(acks) >= 5 and acks == list(range(start, start + len(acks))), (how, acks[:10])
    return acks[-1], how


def check_database(path: Path, task_id: str, last_ack: int, acceptable: dict[int, set], how: str) -> int:
    """Everything the checks above describe; returns how many samples are stored (the next number)."""
    from app.store.audit_log import entries, verify
    from app.store.database import open_database

    db = open_database(path)  # the app's own checks (quick_check, schema) pass, then it opens for writing
    try:
        conn = db.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], how
        samples = conn.execute("SELECT id, code, position, hlc, judgement FROM blind_samples WHERE task_id = ?"
                               " ORDER BY position", [task_id]).fetchall()
        stored = len(samples)
        # every acknowledged sample, in order, and at most the one edit that was in flight beyond it
        assert stored in (last_ack + 1, last_ack + 2), (how, last_ack, stored)
        assert [s[1] for s in samples] == [f"K{n}" for n in range(stored)], how
        assert [s[2] for s in samples] == list(range(1, stored + 1)), how
        assert all(s[4] is not None for s in samples), how
        # each stored row came with its audit entry, and no entry describes a row that is not there
        created = {e["entity_id"]: e for e in entries(db, task_id)
                   if e["action"] == "create" and e["entity"] == "blind_sample"}
        assert set(created) == {s[0] for s in samples}, how
        assert all(created[s[0]]["hlc"] == s[3] for s in samples), how
        # each item holds the last acknowledged verdict, or the one in flight when the kill came
        findings = conn.execute("SELECT item, verdict, description FROM findings WHERE task_id = ?",
                                [task_id]).fetchall()
        for item, verdict, description in findings:
            n = int(description[1:]) if description else None
            assert n in acceptable[item], (how, item, n, acceptable[item])
            assert verdict == (verdict_of(n) if n is not None else "not_checked"), (how, item, verdict, n)
            acceptable[item] = {n}
        count, breaks = verify(db)
        assert breaks == [], (how, breaks)
        assert count == conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        return stored
    finally:
        db.conn.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="os.kill cannot send SIGKILL on Windows")
def test_kill_9_loses_no_acknowledged_edit_and_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "durable.sqlite"
    db, cast = demo_database(path)
    task_id = new_task(db, cast)
    db.conn.close()
    rng = random.Random(SEED)
    acceptable: dict[int, set] = {item: {None} for item in range(1, ITEMS + 1)}
    start, history = 0, []
    for round_ in range(ROUNDS):
        last_ack, how = run_and_kill(path, task_id, start, rng, tmp_path / f"child-{round_}.stderr")
        for n in range(start, last_ack + 1):
            acceptable[item_of(n)] = {n}
        acceptable[item_of(last_ack + 1)].add(last_ack + 1)  # the edit in flight may have committed
        stored = check_database(path, task_id, last_ack, acceptable, f"round {round_}: killed {how}")
        history.append((how, last_ack, stored))
        start = stored
    assert start > ROUNDS * 5
    in_flight = sum(1 for _, last, stored in history if stored == last + 2)
    print(f"{ROUNDS} kills, {start} samples; the edit in flight had committed in {in_flight} of them")
