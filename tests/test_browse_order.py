"""Issue 13: names sort by pinyin in the registry lists, and making search fast changed no result."""

from __future__ import annotations

import random
import sqlite3

import pytest
from pypinyin import Style, lazy_pinyin

from app.demo.data import make_institutions
from app.domain.collation import sort_key
from app.domain.credit_code import complete
from app.domain.registry import Category, Department, Inspector, Institution, RiskClass
from app.services.browse import InspectorFilter, InstitutionFilter, Registry
from app.store.registry_upsert import upsert_inspectors, upsert_institutions
from tests.cli_helpers import call_main

# In pinyin order: an hui, bei jing, chong qing, shang hai, zhe jiang (code-point order puts 上 first, 重 last).
CITIES = ["安徽检验所", "北京检测中心", "重庆长安检测", "上海质检院", "浙江省计量院"]


def _code(n: int) -> str:
    return complete(f"91140213MA0A{n:04d}X")


def _institution(n: int, name: str, **more) -> Institution:
    return Institution(name=name, credit_code=_code(n), **{"category": Category.OTHER, **more})


def _names(registry: Registry, ids: list[int]) -> list[str]:
    rows = registry.institution_rows(ids)
    return [rows[i][1] for i in ids]


# --- the sort key ---------------------------------------------------------------------------


def test_sort_key_is_the_pinyin_reading_however_it_is_computed():
    """The key read word by word with remembered readings is the one pypinyin's lazy_pinyin gives."""
    names = [*CITIES, "中国检测", "长沙银行检测", "重量计量站", "行政服务中心", "SGS 通标", "abc实验室", "ＡＢＣ全角",
             "第3检测站", "〇一二", "检测😀站", "  空格  ", "単独"]
    names += [i.name for i in make_institutions(random.Random(5), 3000)]
    for name in names:
        reading = " ".join(lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)).lower()
        assert sort_key(name) == reading + "\x01" + name, name
    assert sort_key(names[0]) == sort_key(names[0])  # asked again: the same


# --- institutions ---------------------------------------------------------------------------


def test_institutions_list_in_pinyin_order_both_ways(db):
    upsert_institutions(db, [_institution(n, name) for n, name in enumerate(reversed(CITIES))])
    registry = Registry(db)
    assert _names(registry, registry.institution_ids()) == CITIES
    assert _names(registry, registry.institution_ids(descending=True)) == CITIES[::-1]
    found = registry.institution_ids(InstitutionFilter(text="检"))
    assert _names(registry, found) == ["安徽检验所", "北京检测中心", "重庆长安检测", "上海质检院"]


def test_a_renamed_institution_moves_to_its_new_place(db):
    upsert_institutions(db, [_institution(n, name) for n, name in enumerate(CITIES)])
    upsert_institutions(db, [_institution(4, "阿坝州计量院")])  # 浙江省计量院 renamed: a ba
    registry = Registry(db)
    assert _names(registry, registry.institution_ids()) == ["阿坝州计量院", *CITIES[:4]]


def test_migration_fills_the_key_of_institutions_already_stored(tmp_path):
    from sqlite_utils import Database

    from app.store import migrations
    from app.store.database import open_database

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    migrations.migration_set().apply(Database(conn), stop_before="m015_institution_name_key")
    for n, name in enumerate(reversed(CITIES)):
        conn.execute("INSERT INTO institutions (id, credit_code, name, category, created_at, updated_at)"
                     " VALUES (?, ?, ?, 'other', 't', 't')", (f"i{n}", _code(n), name))
    conn.commit()
    conn.close()
    db = open_database(path)
    try:
        registry = Registry(db)
        assert _names(registry, registry.institution_ids()) == CITIES
        keys = dict(db.conn.execute("SELECT name, name_key FROM institutions").fetchall())
        assert keys["重庆长安检测"].startswith("chong2 qing4 chang2 an1 jian3 ce4\x01")
    finally:
        db.close()


def test_cli_list_json_in_pinyin_order_with_the_same_fields(db, tmp_path, capsys):
    upsert_institutions(db, [_institution(n, name, risk_class=RiskClass.B, flag_complaint=n == 2,
                                          cma_cert_no=f"2014{n:08d}")
                             for n, name in enumerate(reversed(CITIES))])
    db.conn.commit()
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    run = call_main(capsys, ["--db", path, "institutions", "list", "--json"])
    assert run.status == 0, run
    items = run.json["items"]
    assert [i["name"] for i in items] == CITIES
    assert list(items[0]) == ["id", "name", "credit_code", "category", "district", "cma_cert_no", "cma_expires_on",
                              "risk_class", "flag_complaint", "flag_pt_no_show", "flag_stats_missed"]
    shanghai = items[3]
    assert shanghai == {"id": shanghai["id"], "name": "上海质检院", "credit_code": _code(1), "category": "other",
                        "district": "", "cma_cert_no": "201400000001", "cma_expires_on": None, "risk_class": "B",
                        "flag_complaint": False, "flag_pt_no_show": False, "flag_stats_missed": False}
    assert [i["name"] for i in call_main(capsys, ["--db", path, "institutions", "list", "--search", "检", "--limit",
                                                  "2", "--json"]).json["items"]] == CITIES[:2]


# --- search: the same rows as a plain substring test, in the same order ---------------------------


@pytest.fixture(scope="module")
def registry_of_many(tmp_path_factory):
    from app.store.database import open_database

    path = tmp_path_factory.mktemp("many") / "many.sqlite"
    db = open_database(path)
    upsert_institutions(db, make_institutions(random.Random(11), 3000))
    db.conn.commit()
    yield db
    db.close()


QUERIES = ["检", "检测", "机动车检", "有限公司", "JIAN", "9114", "2014", " 检 ", "没有这个", "大同市", "%", "_"]


@pytest.mark.parametrize("sort,descending", [("name", False), ("name", True), ("district", False),
                                             ("cma_expires_on", True)])
def test_search_finds_what_a_plain_substring_test_finds_in_the_order_shown(registry_of_many, sort, descending):
    db = registry_of_many
    stored = db.conn.execute("SELECT rowid, name, credit_code, cma_cert_no FROM institutions").fetchall()
    shown = Registry(db).institution_ids(sort=sort, descending=descending)
    assert sorted(shown) == sorted(r[0] for r in stored)
    place = {rowid: i for i, rowid in enumerate(shown)}
    registry = Registry(db)
    id_of = dict(db.conn.execute("SELECT rowid, id FROM institutions").fetchall())
    for query in QUERIES:
        text = query.strip().lower()
        expected = sorted((r[0] for r in stored if text in f"{r[1]} {r[2]} {r[3]}".lower()), key=place.get)
        assert registry.institution_ids(InstitutionFilter(text=query), sort, descending) == expected, query
        listed = registry.institution_list(InstitutionFilter(text=query), sort, descending)  # the command line's
        assert [row[0] for row in listed] == [id_of[rowid] for rowid in expected], query


def test_name_order_of_many_is_the_pinyin_order(registry_of_many):
    db = registry_of_many
    registry = Registry(db)
    names = _names(registry, registry.institution_ids())
    assert names == sorted(names, key=sort_key)
    assert names != sorted(names)  # code-point order differs: the test can tell them apart


def test_search_combined_with_filters_and_after_a_write(registry_of_many):
    db = registry_of_many
    registry = Registry(db)
    stored = db.conn.execute("SELECT rowid, search_text, district, category FROM institutions").fetchall()
    district = stored[0][2]
    flt = InstitutionFilter(text="检测", district=district, category=Category.VEHICLE)
    expected = {r[0] for r in stored if "检测" in r[1] and r[2] == district and r[3] == "vehicle"}
    found = registry.institution_ids(flt)
    assert set(found) == expected and len(found) == len(expected)
    id_of = dict(db.conn.execute("SELECT rowid, id FROM institutions").fetchall())
    assert [row[0] for row in registry.institution_list(flt)] == [id_of[rowid] for rowid in found]
    count = registry.institution_count()
    upsert_institutions(db, [_institution(9999, "阿坝州检测站", district=district, category=Category.VEHICLE)])
    db.conn.commit()
    again = registry.institution_ids(flt)
    new = db.conn.execute("SELECT rowid FROM institutions WHERE name = '阿坝州检测站'").fetchone()[0]
    assert again[0] == new and sorted(again[1:]) == sorted(found)  # a ba: first by name
    assert registry.institution_count() == count + 1


# --- inspectors ---------------------------------------------------------------------------------


def test_inspectors_list_by_pinyin_of_name_and_unit(db):
    people = [("赵六", "浙江省局"), ("重阳", "北京市局"), ("安然", "重庆市局"), ("张三", "安徽省局")]
    upsert_inspectors(db, [Inspector(name=name, department=Department.MARKET, unit=unit, cert_no=f"14{n:06d}")
                           for n, (name, unit) in enumerate(people)])
    registry = Registry(db)

    def names(ids):
        rows = registry.inspector_rows(ids)
        return [rows[i]["name"] for i in ids]

    assert names(registry.inspector_ids()) == ["安然", "重阳", "张三", "赵六"]  # 重阳 is chong yang
    assert names(registry.inspector_ids(descending=True)) == ["赵六", "张三", "重阳", "安然"]
    assert names(registry.inspector_ids(sort="unit")) == ["张三", "重阳", "安然", "赵六"]
    assert names(registry.inspector_ids(InspectorFilter(text="市局"))) == ["安然", "重阳"]


def test_listing_a_damaged_file_says_it_is_damaged(tmp_path, capsys):
    """The listing no longer reads every page before it starts: damage met while reading is still damage (exit 3)."""
    from app.store.database import open_database

    path = tmp_path / "damaged.sqlite"
    db = open_database(path)
    upsert_institutions(db, make_institutions(random.Random(3), 2000))
    db.conn.commit()
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    schema_pages = {n for (n,) in db.conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")}
    table_pages = [n for (n,) in db.conn.execute("SELECT pageno FROM dbstat WHERE name = 'institutions'")]
    db.close()
    page = next(n for n in table_pages[len(table_pages) // 2:] if n not in schema_pages)
    with open(path, "r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(b"\xff" * 4096)
    run = call_main(capsys, ["--db", path, "institutions", "list", "--search", "检", "--json"])
    assert run.status == 3, run
    assert run.json["error"]["code"] == "corrupt_database"


def test_the_district_filter_lists_each_named_district_once_in_order(db):
    """The district list (a skip through the index) is what DISTINCT … ORDER BY gives, blanks left out."""
    districts = ["平城区", "", "云冈区", "平城区", "阳高县", "", "云冈区", "天镇县"]
    upsert_institutions(db, [_institution(n, f"机构{n}", district=d) for n, d in enumerate(districts)])
    registry = Registry(db)
    assert registry.districts() == sorted({"平城区", "云冈区", "阳高县", "天镇县"})
    assert registry.districts() == [r[0] for r in db.conn.execute(
        "SELECT DISTINCT district FROM institutions WHERE district != '' ORDER BY district")]
