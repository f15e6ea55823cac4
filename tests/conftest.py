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
