"""A defect found while timing the import (issue 10, Scale), and fixed (m014): team membership travelled as field
edits of the entity `member` whose id was the inspector's id alone, so the same inspector's role in two tasks was
one field, and a database that received both tasks wrote the newest role into both. Members now travel as
task/inspector, as corrections travel as task/field; an older package's member edits are read the same way.
"""

from __future__ import annotations

import pytest

PASSPHRASE = "member identity passphrase 1"


def test_an_inspectors_role_in_one_task_does_not_travel_into_another(tmp_path):
    from app.demo.data import build_demo
    from app.services import tasks
    from app.services.inbox import import_package
    from app.services.keys import create_key
    from app.services.packages import export_assignment
    from app.store.database import open_database
    from tests.recording_helpers import cast_of

    lead_path = tmp_path / "lead.sqlite"
    db = open_database(lead_path)
    build_demo(db, seed=3, institutions=20)
    cast = cast_of(db)
    create_key(db, lead_path, PASSPHRASE)
    first = tasks.create_task(db, cast.institution, [cast.lead, cast.officers[0]], leader_key=cast.lead)
    second = tasks.create_task(db, cast.institution, [cast.lead, cast.officers[0]], leader_key=cast.officers[0])
    export_assignment(db, lead_path, tmp_path / "team.scpkg", PASSPHRASE, task_ids=[first, second])
    (fingerprint,) = db.conn.execute("SELECT fingerprint FROM inspector_keys WHERE inspector_id = ?",
                                     [cast.lead]).fetchone()
    db.close()

    laptop_path = tmp_path / "laptop.sqlite"
    laptop = open_database(laptop_path)
    try:
        assert import_package(laptop, laptop_path, tmp_path / "team.scpkg", trust=fingerprint).verdict == "merged"
        roles = {task: dict(laptop.conn.execute("SELECT inspector_id, role FROM task_members WHERE task_id = ?",
                                                [task]).fetchall()) for task in (first, second)}
    finally:
        laptop.close()
    assert roles[first] == {cast.lead: "leader", cast.officers[0]: "member"}
    assert roles[second] == {cast.lead: "member", cast.officers[0]: "leader"}


def _edit(entity: str, entity_id: str, task_id: str = "T1") -> dict:
    return {"entity": entity, "entity_id": entity_id, "field": "role", "value": "leader", "hlc": "h", "author": "a",
            "device": "d", "task_id": task_id, "bases": []}


def test_an_older_packages_member_edit_is_read_as_the_member_of_its_task():
    from app.services.packages import edit_from_json

    assert edit_from_json(_edit("member", "P1"), 1).entity_id == "T1/P1"
    assert edit_from_json(_edit("member", "T1/P1"), 1).entity_id == "T1/P1"


def test_a_member_or_correction_edit_naming_another_task_is_refused():
    from app.domain.problems import IntegrityFailure
    from app.services.packages import edit_from_json

    for entity, entity_id in (("member", "T2/P1"), ("correction", "T2/contact"), ("correction", "contact")):
        with pytest.raises(IntegrityFailure, match="不属于它的任务"):
            edit_from_json(_edit(entity, entity_id), 3)
