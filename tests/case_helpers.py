"""A lead's database with concluded cases, for the tests of what is published and sent after a conclusion
(result notices, public results, referral lists, credit records).

The demo (seed 2025, 40 institutions) holds two signed tasks and one recorded; the recorded one is signed here, so
three tasks can be concluded:

* A — the showcase food laboratory (problems 12, 13): 发现问题，责令整改, deadline 2025-11-20, report received
  2025-11-18, not yet checked: open (办理中); marked as a typical case with notes;
* B — the vehicle station (problems 11, 14): 移交 — item 14 to the police (T_POLICE, with department and letter
  number), items 11 and 14 to the judicial organs (T_JUDICIAL): closed;
* C — the eco monitoring company (problem 7): 立案调查, penalty, revocation, listing, item 7 to the eco department
  (T_ECO): closed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

T_POLICE = "疑似出具虚假机动车安全技术检验报告，号牌晋BX71D7车辆未上线检测即出具合格报告"
T_JUDICIAL = "涉嫌提供虚假证明文件，已出具虚假报告 37 份"
T_ECO = "排放检测数据与过程视频不一致，疑似篡改监测数据"
NOTES_A = "机构负责人态度配合，整改报告附照片 12 张"
TYPICAL_A = "食品检验机构印章管理混乱，典型案例摘要"
POLICE_DEPARTMENT = "大同市公安局交通警察支队"
POLICE_LETTER = "同市监移〔2025〕3号"
PENALTY = "同市监处罚〔2025〕12号"
PENALTY_TEXT = "责令改正，罚款三万元"


@dataclass
class Tasks:
    a: str
    b: str
    c: str


def _sign_recorded(db, path: Path, task_id: str) -> None:
    from app.services import recording
    from app.services import tasks as task_service
    from app.store import record_rows
    from app.store.registry import get_inspector
    from tests.recording_helpers import signature_of

    for n, (inspector_id, _role, _shown) in enumerate(record_rows.members(db.conn, task_id), start=1):
        person = get_inspector(db, inspector_id)
        png, strokes = signature_of(n)
        recording.add_signature(db, path, task_id, signer="inspector", name=person.name, inspector_id=person.id,
                                strokes_json=strokes, png=png)
    png, strokes = signature_of(99)
    recording.add_signature(db, path, task_id, signer="representative", name="赵代表", role="被检查单位代表（技术负责人）",
                            strokes_json=strokes, png=png)
    task_service.sign(db, task_id)


def task_of(db, name_words: str, status: str, category: str | None = None) -> str:
    """The task at `status` whose institution's name holds `name_words` (or, given `category`, of that category)."""
    if category:
        row = db.conn.execute("SELECT t.id FROM tasks t JOIN institutions i ON i.id = t.institution_id"
                              " WHERE t.status = ? AND i.category = ? ORDER BY t.id", [status, category]).fetchone()
    else:
        row = db.conn.execute("SELECT t.id FROM tasks t JOIN institutions i ON i.id = t.institution_id"
                              " WHERE t.status = ? AND i.name LIKE ? ORDER BY t.id",
                              [status, f"%{name_words}%"]).fetchone()
    assert row, (name_words, status)
    return row[0]


def build(path: Path) -> Tasks:
    """The demo with the three cases above, written to `path`."""
    from app.demo.data import build_demo
    from app.domain.cases import Conclusion, Recipient
    from app.services.cases import conclude, follow_up, refer
    from app.services.profile import set_organ
    from app.store.database import open_database

    db = open_database(path)
    try:
        build_demo(db, seed=2025, institutions=40, db_path=path)
        set_organ(db, result_prefix="同市监检果")
        recorded = db.conn.execute("SELECT id FROM tasks WHERE status = 'recorded'").fetchone()[0]
        _sign_recorded(db, path, recorded)
        a = task_of(db, "食品", "signed")
        b = task_of(db, "", "signed", category="vehicle")  # the refusal: a drawn vehicle station
        c = recorded
        conclude(db, a, Conclusion.RECTIFY, date(2025, 10, 20), rectify_by=date(2025, 11, 20), notes=NOTES_A)
        follow_up(db, a, rectification_received_on=date(2025, 11, 18), typical_case=True, typical_summary=TYPICAL_A)
        conclude(db, b, Conclusion.REFER, date(2025, 10, 20))
        refer(db, b, Recipient.POLICE, [14], T_POLICE, date(2025, 10, 21), POLICE_DEPARTMENT, POLICE_LETTER)
        refer(db, b, Recipient.JUDICIAL, [11, 14], T_JUDICIAL, date(2025, 10, 22))
        conclude(db, c, Conclusion.INVESTIGATE, date(2025, 10, 24))
        refer(db, c, Recipient.ECO, [7], T_ECO, date(2025, 10, 25))
        follow_up(db, c, penalty_decision=PENALTY, penalty_on=date(2025, 11, 30), penalty_text=PENALTY_TEXT,
                  revoked=True, dishonest_listed_on=date(2025, 12, 5))
        return Tasks(a, b, c)
    finally:
        db.conn.close()


def copy_of(source: Path, folder: Path):
    from app.store.database import open_database

    path = folder / "lead.sqlite"
    shutil.copy(source, path)
    return open_database(path), path
