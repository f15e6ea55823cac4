"""Read-side use cases for lists and detail panes: what the window and `… list/show` commands display.

A `Registry` wraps one database connection (each thread opens its own) and
answers the questions a list view asks: which rows match, in what order,
and what the visible rows hold.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.problems import NotFound
from app.domain.registry import Inspector, Institution
from app.environment import explain
from app.store import registry as store
from app.store import registry_query as q
from app.store.database import CorruptDatabase, connect_plain

if TYPE_CHECKING:
    from sqlite_utils import Database

InstitutionFilter = q.InstitutionFilter
InspectorFilter = q.InspectorFilter
INSTITUTION_COLUMNS = q.INSTITUTION_COLUMNS
NO_RISK_CLASS = q.NO_RISK_CLASS


def _reporting_damage(cls):
    """Every public method of `cls` turns SQLite's "database disk image is malformed" (met while reading
    a damaged page) into `CorruptDatabase`, which the window and the command line put into words."""
    def guard(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except sqlite3.ProgrammingError:
                raise  # a mistake in the program (e.g. a closed connection), not a damaged file
            except sqlite3.DatabaseError as exc:
                environment = explain(exc)
                if environment is not None:  # a lock held too long is not damage
                    raise environment from exc
                raise CorruptDatabase(f"读取数据库时发现损坏（{exc}）。请不要继续录入，关闭软件后用备份恢复。") from exc
        return guarded

    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_") and name not in ("open", "close"):
            setattr(cls, name, guard(member))
    return cls


@_reporting_damage
class Registry:
    """Reads for one connection. Keeps the last sort order's ids, so that typing in the search box
    only runs the (unordered) filter query."""

    def __init__(self, db: Database):
        self.db = db
        self._order: tuple | None = None  # (data version, sort, descending, ids)
        self._filters: tuple | None = None  # (data version, FilterIndex in rowid order)
        self._ordered_filters: tuple | None = None  # (data version, sort, descending, FilterIndex in that order)
        self._count: tuple | None = None  # (data version, number of institutions)

    @classmethod
    def open(cls, path: Path) -> "Registry":
        """A new connection (without sqlite-utils) to an already opened (checked, migrated) database."""
        return cls(connect_plain(path))

    def close(self) -> None:
        self.db.close()
        self.closed = True

    closed = False

    # institutions
    def institution_ids(self, flt: InstitutionFilter = InstitutionFilter(), sort: str = "name",
                        descending: bool = False) -> list[int]:
        version = q.data_version(self.db)
        ordered = self._ordered(version, sort, descending)
        return list(ordered) if flt.empty else self._filter_index(version, sort, descending).matching(flt)

    def _ordered(self, version, sort: str, descending: bool) -> list[int]:
        if self._order is None or self._order[:3] != (version, sort, descending):
            self._order = (version, sort, descending, q.ordered_ids(self.db, sort, descending))
        return self._order[3]

    def _filter_index(self, version, sort: str, descending: bool) -> q.FilterIndex:
        if self._ordered_filters is None or self._ordered_filters[:3] != (version, sort, descending):
            if self._filters is None or self._filters[0] != version:
                self._filters = (version, q.FilterIndex.load(self.db))
            index = self._filters[1].in_order(self._ordered(version, sort, descending))
            self._ordered_filters = (version, sort, descending, index)
        return self._ordered_filters[3]

    def warm_filters(self) -> None:
        """Load what the filters need now, in the order last shown (the first search is then as quick as the others)."""
        sort, descending = self._order[1:3] if self._order is not None else ("name", False)
        self._filter_index(q.data_version(self.db), sort, descending)

    def institution_ids_head(self, flt: InstitutionFilter, sort: str, descending: bool,
                             limit: int) -> tuple[list[int], int] | None:
        """The first `limit` ids of the whole registry in this order and how many there are,
        when that is quicker than all of them (nothing filtered, order not yet read); else None."""
        if not flt.empty or (self._order is not None and self._order[1:3] == (sort, descending)):
            return None
        return q.ordered_ids(self.db, sort, descending, limit), self.institution_count()

    def institution_list(self, flt: InstitutionFilter = InstitutionFilter(), sort: str = "name",
                         descending: bool = False) -> list[tuple]:
        """The INSTITUTION_COLUMNS of every institution that passes `flt`, in order, read at once (for a listing)."""
        return q.institution_list(self.db, flt, sort, descending)

    def institution_rows(self, rowids: list[int]) -> dict[int, tuple]:
        return q.institution_rows(self.db, rowids)

    def institution_count(self) -> int:
        version = q.data_version(self.db)
        if self._count is None or self._count[0] != version:
            self._count = (version, q.institution_count(self.db))
        return self._count[1]

    def districts(self) -> list[str]:
        return q.districts(self.db)

    def institution(self, key: str) -> Institution:
        found = store.get_institution(self.db, key)
        if found is None:
            raise NotFound(f"机构库中没有 {key}（可用记录ID或统一社会信用代码查找）。")
        return found

    def institution_by_rowid(self, rowid: int) -> Institution | None:
        key = q.institution_id_at(self.db, rowid)
        return store.get_institution(self.db, key) if key else None

    def institution_changes(self, institution_id: str) -> list[dict]:
        return store.changes_of(self.db, "institution", institution_id)

    # inspectors
    def inspector_ids(self, flt: InspectorFilter = InspectorFilter(), sort: str = "name",
                      descending: bool = False) -> list[int]:
        return q.inspector_ids(self.db, flt, sort, descending)

    def inspector_rows(self, rowids: list[int]) -> dict[int, dict]:
        return q.inspector_rows(self.db, rowids)

    def inspector(self, key: str) -> Inspector:
        found = store.get_inspector(self.db, key)
        if found is None:
            raise NotFound(f"人员库中没有 {key}（可用记录ID或执法证号查找）。")
        return found

    def inspector_changes(self, inspector_id: str) -> list[dict]:
        return store.changes_of(self.db, "inspector", inspector_id)
