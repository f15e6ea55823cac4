"""The sample registries: reproducible, well-formed, unique, and written to a database with the profile."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import asdict
from datetime import timedelta

import pytest

from app.demo.data import (
    DATONG_DISTRICTS,
    REFERENCE_DATE,
    build_demo,
    make_inspectors,
    make_institutions,
)
from app.domain.cma import certificate_warnings
from app.domain.credit_code import check_credit_code, is_valid, org_code_check_character
from app.domain.registry import Category, Department, Level, institution_id

DATONG = {name for name, _ in DATONG_DISTRICTS}


@pytest.fixture(scope="module")
def registry():
    return make_institutions(random.Random(2025), 300)


@pytest.fixture(scope="module")
def national():
    return make_institutions(random.Random(1), 55_000)


def test_same_seed_same_data():
    assert [asdict(i) for i in make_institutions(random.Random(7), 200)] == \
        [asdict(i) for i in make_institutions(random.Random(7), 200)]
    rng_a, rng_b = random.Random(7), random.Random(7)
    a = make_inspectors(rng_a, make_institutions(rng_a, 50))
    b = make_inspectors(rng_b, make_institutions(rng_b, 50))
    assert [asdict(p) for p in a] == [asdict(p) for p in b]


def test_other_seed_other_data():
    a = make_institutions(random.Random(1), 50)
    b = make_institutions(random.Random(2), 50)
    assert [i.credit_code for i in a] != [i.credit_code for i in b]


def _assert_codes(institutions):
    codes = [i.credit_code for i in institutions]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert is_valid(code), code
        assert org_code_check_character(code[8:16]) == code[16], code
        check = check_credit_code(code)
        assert check.valid and not check.warnings, code
    assert {c[:2] for c in codes} == {"91", "12", "52"}
    assert Counter(c[:2] for c in codes).most_common(1)[0][0] == "91"


def test_credit_codes_valid_and_unique(registry):
    _assert_codes(registry)
    assert all(i.credit_code[2:6] == "1402" for i in registry)  # 大同市 area codes


def test_certificate_numbers(registry):
    certs = [i.cma_cert_no for i in registry]
    assert len(set(certs)) == len(certs)
    for inst in registry:
        cert = inst.cma_cert_no
        assert re.fullmatch(r"\d{12}", cert) and not certificate_warnings(cert)
        assert 16 <= int(cert[:2]) <= 25
        assert cert[2:4] in ("04", "00")
        assert inst.cma_issuer == ("山西省市场监督管理局" if cert[2:4] == "04" else "国家认证认可监督管理委员会")
        assert int(cert[:2]) == inst.cma_approved_on.year % 100
        assert inst.cma_expires_on.year == inst.cma_approved_on.year + 6
        if inst.category is Category.VEHICLE:
            assert cert[4:6] == "05"
        if inst.category is Category.ECO_ENV:
            assert cert[4:6] in ("12", "13")
    assert Counter(c[2:4] for c in certs).most_common(1)[0][0] == "04"
    expired = [i for i in registry if i.cma_expires_on < REFERENCE_DATE]
    soon = [i for i in registry if REFERENCE_DATE <= i.cma_expires_on <= REFERENCE_DATE + timedelta(days=90)]
    assert 1 <= len(expired) <= 30 and 1 <= len(soon) <= 30


def test_categories_districts_and_flags(registry):
    categories = Counter(i.category for i in registry)
    assert set(categories) == set(Category)
    assert categories[Category.OTHER] > categories[Category.VEHICLE] > categories[Category.ECO_ENV]
    districts = {i.district for i in registry}
    assert districts <= DATONG and len(districts) >= 6
    assert all(i.district in i.address for i in registry)
    assert any(i.eco_owned for i in registry)
    assert all(i.category is Category.ECO_ENV for i in registry if i.eco_owned)
    allocated = [i for i in registry if i.allocated_year == 2025]
    assert len(allocated) == 15 and {i.category for i in allocated} == set(Category)
    assert all(not i.eco_owned for i in allocated)
    assert sum(i.risk_class is None for i in registry) < len(registry) // 4
    assert 0 < sum(i.priority for i in registry) < len(registry) // 4
    assert len({i.name for i in registry}) == len(registry)
    assert not any(re.search(r"\d|测试机构", i.name) for i in registry)  # no "测试机构1" placeholders


def test_people_of_each_institution(registry):
    for inst in registry:
        assert 2 <= len(inst.signatories) <= 5 and len(set(inst.signatories)) == len(inst.signatories)
        assert inst.legal_rep and inst.contact and inst.top_manager and inst.tech_lead
        for phone in (inst.legal_rep_phone, inst.contact_phone, inst.top_manager_phone):
            assert re.fullmatch(r"1\d{10}", phone)


def test_national_scale_stays_unique(national):
    assert len(national) == 55_000
    _assert_codes(national)
    assert len({i.cma_cert_no for i in national}) == 55_000
    assert len({i.name for i in national}) == 55_000
    assert len({i.credit_code[2:8] for i in national}) > 30
    assert all(i.id == institution_id(i.credit_code) for i in national)


def test_inspectors(registry):
    people = make_inspectors(random.Random(3), registry)
    assert len(people) == 20
    assert {p.department for p in people} == set(Department)
    experts = [p for p in people if p.department is Department.EXPERT]
    assert 2 <= len(experts) <= 3 and all(not p.cert_no for p in experts)
    officers = [p for p in people if p.department is not Department.EXPERT]
    certs = [p.cert_no for p in officers]
    assert all(re.fullmatch(r"\d{11}", c) for c in certs) and len(set(certs)) == len(certs)
    assert {p.level for p in officers} >= {Level.CITY, Level.COUNTY, Level.PROVINCE}
    assert len({p.id for p in people}) == len(people) and len({p.name for p in people}) == len(people)
    codes = {i.credit_code for i in registry}
    avoiding = [p for p in people if p.avoid]
    assert 1 <= len(avoiding) <= 2 and all(set(p.avoid) <= codes for p in avoiding)
    first = people[0]
    assert first.department is Department.MARKET and first.level is Level.CITY


def test_build_demo(tmp_path):
    from app.store.database import open_database
    from app.store.registry import all_inspectors, all_institutions

    db = open_database(tmp_path / "d.sqlite")
    try:
        counts = build_demo(db, seed=2025, institutions=120, inspectors=20)
        assert counts["institutions"] == 120 and counts["inspectors"] == 20
        assert counts["institutions_inserted"] == 120 and counts["inspectors_inserted"] == 20
        assert len(all_institutions(db)) == 120 and len(all_inspectors(db)) == 20
        profile = dict(db.conn.execute("SELECT key, value FROM profile").fetchall())
        assert profile["role"] == "lead"
        lead = next(p for p in all_inspectors(db) if p.id == profile["inspector_id"])
        assert lead.department is Department.MARKET and lead.level is Level.CITY
        assert counts["profile_inspector_id"] == lead.id
        again = build_demo(db, seed=2025, institutions=120, inspectors=20)  # same seed: nothing new
        assert again["institutions_inserted"] == 0 and again["inspectors_inserted"] == 0
    finally:
        db.conn.close()
