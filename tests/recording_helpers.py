"""Shared pieces for the recording tests: a small demo database with the people a task needs, images made with
Pillow, and raw access to the audit log (dropping its append-only triggers to tamper with it, as an attacker
with a SQLite shell could)."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain.registry import Department, Level

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED = 3
INSTITUTIONS = 20
TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


@dataclass
class Cast:
    """Who is who in the demo registry (seed 3, 20 institutions)."""

    lead: str  # the profile's inspector: a city-level market officer
    officers: list[str]  # other market officers (enforcement certificates, nothing to avoid)
    police: str
    expert: str  # an expert without an avoid list: a team member who is no enforcement officer
    avoider: str  # an officer whose avoid list holds `avoided`
    avoided: str  # that institution's credit code
    institution: str  # credit code of an institution nobody avoids
    institution_id: str


def cast_of(db) -> Cast:
    from app.services.tasks import actor
    from app.store.registry import all_inspectors, all_institutions

    people = all_inspectors(db)
    lead = actor(db).author
    avoided_codes = {code for p in people for code in p.avoid}
    officers = [p.id for p in people if p.department is Department.MARKET and p.enforcement_officer
                and not p.avoid and p.id != lead]
    police = next(p.id for p in people if p.department is Department.POLICE)
    expert = next(p.id for p in people if p.department is Department.EXPERT and not p.avoid)
    avoider = next(p for p in people if p.avoid and p.enforcement_officer)
    institution = next(i for i in all_institutions(db) if i.credit_code not in avoided_codes)
    assert any(p.id == lead and p.level is Level.CITY for p in people)
    return Cast(lead=lead, officers=officers, police=police, expert=expert, avoider=avoider.id,
                avoided=avoider.avoid[0], institution=institution.credit_code, institution_id=institution.id)


def demo_database(path: Path):
    """A migrated database at `path` with the demo registries and the profile's inspector set; (db, cast)."""
    from app.demo.data import build_demo
    from app.store.database import open_database

    db = open_database(path)
    build_demo(db, seed=SEED, institutions=INSTITUTIONS)
    return db, cast_of(db)


def new_task(db, cast: Cast, *, extra: list[str] = ()) -> str:
    """A task for `cast.institution` led by the profile's inspector with one more market officer."""
    from app.services.tasks import create_task

    return create_task(db, cast.institution, [cast.lead, cast.officers[0], *extra], cast.lead)


VISIT = dict(started_at="2025-10-10T09:00", ended_at="2025-10-10T11:30", place="检测大楼二层",
             credentials_shown=True, recusal_answer="不申请回避")


def lawful_visit(db, task_id: str) -> None:
    """What the record needs besides the items: times, place, each officer's credentials, the recusal answer."""
    from app.services.task_view import task_record
    from app.services.tasks import set_visit, show_credentials

    set_visit(db, task_id, **VISIT)
    for member in task_record(db, task_id).members:
        if member.officer:
            show_credentials(db, task_id, member.inspector.id)


def answer_all(db, task_id: str, verdict: str = "no_problem") -> None:
    """Every item answered, and the visit recorded as the law asks: the content of a finishable record."""
    from app.services.checklist import load_checklist
    from app.services.recording import set_verdict

    lawful_visit(db, task_id)
    for item in load_checklist().items:
        set_verdict(db, task_id, item.number, verdict)


def audit_rows(db) -> list[dict]:
    from app.store.audit_log import entries

    return entries(db)


def audit_count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def last_audit_id(db) -> int:
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection that bypasses the app (autocommit)."""
    return sqlite3.connect(str(path), isolation_level=None)


def drop_triggers(path: Path) -> None:
    """Drop the audit log's append-only triggers (remembering them for `restore_triggers`)."""
    conn = raw(path)
    try:
        _DROPPED[str(path)] = [r[0] for r in conn.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN {TRIGGERS}")]
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    finally:
        conn.close()


def restore_triggers(path: Path) -> None:
    """Put the triggers back exactly as they were, as an attacker covering their tracks would (a file without
    them is refused on opening)."""
    conn = raw(path)
    try:
        for sql in _DROPPED.pop(str(path)):
            conn.execute(sql)
    finally:
        conn.close()


_DROPPED: dict[str, list[str]] = {}


def jpeg_file(path: Path, color=(180, 40, 40), size=(640, 480)) -> Path:
    from PIL import Image

    Image.new("RGB", size, color).save(path, "JPEG", quality=90)
    return path


def png_bytes(size=(120, 40), color=(0, 0, 0)) -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(im).line([(5, size[1] - 5), (size[0] - 5, 5)], fill=color + (255,), width=3)
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


STROKES_JSON = '{"width": 120, "height": 40, "strokes": [[[5, 35, 0.5, 0], [115, 5, 0.6, 120]]]}'


def signature_of(n: int) -> tuple[bytes, str]:
    """The n-th person's own signature: a picture and strokes that no other n gives (two people never share one)."""
    from PIL import Image, ImageDraw

    points = [(5 + n % 30, 35), (40 + n // 30 % 30, 6), (115, 20)]  # a different drawing for each n < 900
    im = Image.new("RGBA", (120, 40), (255, 255, 255, 0))
    ImageDraw.Draw(im).line(points, fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    strokes = [[[x, y, 40 * i, 0.5] for i, (x, y) in enumerate(points)]]
    import json

    return buffer.getvalue(), json.dumps({"width": 120, "height": 40, "strokes": strokes})


def png_header_only(width: int, height: int) -> bytes:
    """A few bytes that say "PNG, width × height pixels" and hold none of them: what a decompression bomb claims."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def lead_and_laptop(folder: Path, lead_passphrase: str, colleague_passphrase: str):
    """The lead's demo database and a colleague's laptop (a copy of it, another device, another person), each with
    a registered key; the lead knows the colleague's certificate. Returns (lead path, laptop path, the on-site
    task's record, the colleague): the task is still on site and the colleague is on its team."""
    import shutil

    from app.demo.data import build_demo
    from app.services.keys import create_key, export_certificate, import_certificate
    from app.services.profile import set_profile
    from app.services.task_view import list_tasks, task_record
    from app.store import profile
    from app.store.database import open_database

    lead_path = folder / "lead.sqlite"
    db = open_database(lead_path)
    build_demo(db, seed=2025, institutions=40, db_path=lead_path)
    create_key(db, lead_path, lead_passphrase)
    task = next(r for r in (task_record(db, t.id) for t in list_tasks(db) if t.status.value == "on_site"))
    colleague = next(m.inspector for m in task.members if m.inspector.id != profile.get(db, "inspector_id"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    laptop_path = folder / "laptop.sqlite"
    shutil.copy(lead_path, laptop_path)
    shutil.copytree(folder / "lead-attachments", folder / "laptop-attachments")
    laptop = open_database(laptop_path)
    with laptop.atomic():
        profile.set_value(laptop, "device_id", "colleague-laptop")
    set_profile(laptop, colleague.id)
    create_key(laptop, laptop_path, colleague_passphrase)
    export_certificate(laptop_path, folder / "colleague.pem")
    laptop.close()
    db = open_database(lead_path)
    import_certificate(db, folder / "colleague.pem", colleague.id)
    db.close()
    return lead_path, laptop_path, task, colleague
