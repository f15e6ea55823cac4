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
def rec(tmp_path):
    """The small demo database (tests/recording_helpers.py) with one new task: db, path, cast, tmp, task."""
    from types import SimpleNamespace

    from tests.recording_helpers import demo_database, new_task

    path = tmp_path / "d.sqlite"
    db, cast = demo_database(path)
    yield SimpleNamespace(db=db, path=path, cast=cast, tmp=tmp_path, task=new_task(db, cast))
    db.conn.close()
