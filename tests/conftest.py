"""Shared fixtures. Keep each section small; append new sections below with a heading."""

from __future__ import annotations

import pytest

# --- database -----------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    """A fresh, fully migrated Spotcheck database in tmp_path (closed after the test)."""
    from app.store.database import open_database

    database = open_database(tmp_path / "db.sqlite")
    yield database
    database.conn.close()


# --- a demo registry with one task ---------------------------------------------------------------


@pytest.fixture
def demo(tmp_path):
    """The small demo database (tests/recording_helpers.py) and its cast, no task yet: db, path, cast, tmp."""
    from types import SimpleNamespace

    from tests.recording_helpers import demo_database

    path = tmp_path / "d.sqlite"
    db, cast = demo_database(path)
    yield SimpleNamespace(db=db, path=path, cast=cast, tmp=tmp_path)
    db.conn.close()


@pytest.fixture
def rec(demo):
    """`demo` with one new task: db, path, cast, tmp, task."""
    from tests.recording_helpers import new_task

    demo.task = new_task(demo.db, demo.cast)
    return demo


# --- the time zone of the demo's records --------------------------------------------------------------------


@pytest.fixture(scope="module")
def china():
    """The computer's time zone is China's for the module (the demo records its times at +08:00)."""
    import os
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset: Unix only")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


# --- a lead's database with concluded cases (tests/case_helpers.py) ------------------------------------------


@pytest.fixture(scope="module")
def cases_source(tmp_path_factory, china):
    """The demo with three concluded cases, built once per module: (path, the tasks)."""
    from tests import case_helpers

    path = tmp_path_factory.mktemp("cases") / "cases.sqlite"
    return path, case_helpers.build(path)


@pytest.fixture
def cases_lead(cases_source, tmp_path):
    """A copy of `cases_source` for one test: the database, with .tasks, .path and .tmp."""
    from tests import case_helpers

    source, tasks = cases_source
    db, path = case_helpers.copy_of(source, tmp_path)
    db.tasks, db.path, db.tmp = tasks, path, tmp_path
    yield db
    db.conn.close()
