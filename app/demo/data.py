"""Realistic, reproducible sample registries for `spotcheck demo`, tests and benchmarks.

`make_institutions` builds the 检查对象名录库 of 大同市 (or, past 2,000
records, a national-scale one around it); `make_inspectors` builds the
执法检查人员名录库 of the joint check (市场监管, 公安车管所, 生态环境, experts);
`build_demo` writes both into a database and makes the first city-level
market officer the profile's team lead.

The generators are pure: everything random comes from the `random.Random`
passed in, and dates are reckoned from a fixed reference day, so one seed
always gives the same records. Credit codes are well formed throughout
(GB 11714 check character at position 17, GB 32100 check at 18) and unique;
CMA certificate numbers follow docs/rules.md (CMA certificate number) and are unique too.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from app.demo import tables
from app.demo.tables import DATONG_DISTRICTS, REFERENCE_DATE  # noqa: F401 (part of this module's API)
from app.domain.credit_code import ALPHABET, complete, org_code_check_character
from app.domain.registry import Category, Department, Inspector, Institution, Level, RiskClass
from app.store import profile as profile_store
from app.store.registry_upsert import upsert_inspectors, upsert_institutions

if TYPE_CHECKING:
    from sqlite_utils import Database


def person_name(rng: random.Random) -> str:
    bits = rng.getrandbits(32)  # one draw split into surname and given name: half a million names stay fast
    return tables.SURNAMES[bits % tables.N_SURNAMES] + tables.GIVEN_NAMES[bits // tables.N_SURNAMES % tables.N_GIVEN]


def mobile(rng: random.Random) -> str:
    bits = rng.getrandbits(40)
    return tables.MOBILE[bits % len(tables.MOBILE)] + f"{bits // len(tables.MOBILE) % 100_000_000:08d}"


def _people(rng: random.Random, k: int) -> list[str]:
    """k different names."""
    names: list[str] = []
    while len(names) < k:
        name = person_name(rng)
        if name not in names:
            names.append(name)
    return names


class _Area:
    """Where an institution is registered: the names for its title and address, and its codes."""

    def __init__(self, code: str, province: str, prov_short: str, city: str, district: str, datong: bool):
        self.code, self.province, self.prov_short = code, province, prov_short
        self.city, self.district, self.datong = city, district, datong
        self.city_code = code[:4] + "00"
        self.city_short = city[:-1]
        # how a district-level body is titled: 大同市平城区…, but 阳高县… for a county
        self.dist_title = district if district.endswith("县") else city + district
        self.district_label = district if datong else city + district
        self.address_prefix = province + city + district
        self.roads = tuple((tables.ROADS.get(district, "") if datong else "").split()) or tuple(tables.GENERIC_ROADS)
        self.stems = tuple(tables.LOCAL_STEMS.get(self.city_short)
                           or (tables.SHANXI_STEMS if prov_short == "山西" else tables.NATIONAL_STEMS))
        self.company_prefixes = (self.dist_title,) * 3 + (city,) * 3 + (self.city_short, prov_short, prov_short,
                                                                          prov_short)
        self.eco_prefixes = ("山西" if datong else prov_short, city, self.city_short, prov_short)


def _areas(districts: Sequence[tuple[str, str]], n: int) -> tuple[list[_Area], list[float]]:
    local = [_Area(code, "山西省", "山西", "大同市", name, True) for name, code in districts]
    weights = [tables.DISTRICT_WEIGHTS.get(a.district, 5) for a in local]
    if n <= 2000:
        return local, weights
    # National scale: Datong keeps ~0.5 %, the rest of Shanxi ~2.5 %, the other provinces the remainder.
    others = [_Area(code, p, ps, c, d, False) for code, p, ps, c, d, _ in tables.OTHER_AREAS]
    other_w = [w for *_, w in tables.OTHER_AREAS]
    shanxi_total = sum(w for a, w in zip(others, other_w) if a.prov_short == "山西")
    rest_total = sum(other_w) - shanxi_total
    out_w = [w * 0.005 / sum(weights) for w in weights]
    out_w += [w * (0.025 / shanxi_total if a.prov_short == "山西" else 0.97 / rest_total)
              for a, w in zip(others, other_w)]
    return local + others, out_w


class _Generator:
    """State shared while one registry is generated: what is already used, so everything stays unique.

    Draws go through `self.rnd` (random.random) and index arithmetic rather than
    `choice`/`randint`: a national registry needs millions of draws.
    """

    def __init__(self, rng: random.Random, n: int, districts, today: date):
        self.rng, self.rnd, self.today = rng, rng.random, today
        self.areas, weights = _areas(districts, n)
        self.area_cum = list(accumulate(weights))
        self.line_cum = list(accumulate(line[1] for line in tables.LINES))
        self.names: set[str] = set()
        self.bodies: set[str] = set()
        self.cert_nos: set[str] = set()
        self.branches: dict[str, int] = {}
        self.seats = {a.city: a for a in reversed(self.areas) if a.datong}  # 大同市: the first district
        six_years_ago = _add_years(today, -6)
        # approval date windows: expired / expiring within 90 days / valid
        self.windows = [(date(2016, 1, 4), six_years_ago - timedelta(days=1)),
                        (six_years_ago + timedelta(days=1), six_years_ago + timedelta(days=89)),
                        (six_years_ago + timedelta(days=91), today - timedelta(days=7))]

    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    def weighted(self, seq, cum):
        return seq[bisect(cum, self.rnd() * cum[-1])]

    # --- codes --------------------------------------------------------------------------

    def credit_code(self, kind: str, area_code: str) -> str:
        rnd = self.rnd
        while True:
            r, bits = rnd(), self.rng.getrandbits(40)
            if kind == "91" and r < 0.55 or kind == "52" and r < 0.6:  # issued since 2015: MA… / MJ…
                tail, symbols = "", ALPHABET if kind == "91" else tables.DIGIT_HEAVY
                for _ in range(6):
                    tail += symbols[bits % 31]
                    bits //= 31
                body = ("MA0" if kind == "91" else "MJ") + ("GHJKLM"[bits % 6] if kind == "91" else "") + tail
                body = body[:8]
            elif kind == "12":
                body = "4014"[bits % 4] + f"{bits // 4 % 10_000_000:07d}"
            else:
                body = f"{bits % 100_000_000:08d}"
            if body not in self.bodies:
                self.bodies.add(body)
                return complete(kind + area_code + body + org_code_check_character(body))

    def cert_no(self, year: int, authority: str, field_code: str, sector: str) -> str:
        cap = 1200
        while True:
            cert = f"{year % 100:02d}{authority}{field_code}{sector}{1 + int(self.rnd() * cap):04d}"
            if cert not in self.cert_nos:
                self.cert_nos.add(cert)
                return cert
            cap = min(9999, cap + 400)

    # --- one institution ----------------------------------------------------------------

    def stem(self, area: _Area) -> str:
        if self.rnd() < 0.12:
            return self.pick(area.stems)
        first, second = self.pick(tables.STEM_1), self.pick(tables.STEM_2)
        return first + (second if second != first else "正")

    def unique(self, make, branch: bool) -> str | None:
        """A name not used yet: a few tries of `make`, then (if allowed) a branch of the last try."""
        name = ""
        for _ in range(8):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        if not branch:
            return None
        while True:
            k = self.branches[name] = self.branches.get(name, 0) + 1
            candidate = name + (f"第{tables.CN_NUM[k - 1]}分公司" if k <= 10 else f"第{k}分公司")
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate

    def company(self, area: _Area, suffixes, prefixes=None) -> str:
        prefixes = prefixes or area.company_prefixes
        return self.unique(lambda: self.pick(prefixes) + self.stem(area) + self.pick(suffixes), True)

    def name_and_kind(self, category: Category, area: _Area):
        """(name, credit-code kind 91/12/52, eco-owned, authorized name, FF field code, II sector code)."""
        pick = self.pick
        if category is Category.VEHICLE:
            return self.company(area, tables.VEHICLE_SUFFIXES), "91", False, "", "05", "11"
        if category is Category.ECO_ENV:
            field_code = "12" if self.rnd() < 0.7 else "13"
            if self.rnd() < 0.12:  # the eco-environment department's own station
                name = self.unique(lambda: pick(tables.ECO_PUBLIC).format(city_short=area.city_short,
                                                                    dist=area.dist_title), False)
                if name:
                    return name, "12", True, "", field_code, "05"
            return self.company(area, tables.ECO_SUFFIXES, area.eco_prefixes), "91", False, "", field_code, "05"
        label, _w, field_code, companies, publics, nonprofits = self.weighted(tables.LINES, self.line_cum)
        r = self.rnd()
        if publics and r < 0.16:
            name = self.unique(lambda: pick(publics).format(city=area.city, dist=area.dist_title), False)
            if name:
                return name, "12", False, "", field_code, "11"
        elif nonprofits and r > 0.8:
            prefixes = (area.prov_short, area.city)
            name = self.unique(lambda: pick(prefixes) + self.stem(area) + pick(nonprofits), False)
            if name:
                return name, "52", False, "", field_code, "11"
        if label == "煤质检测" and r < 0.3:  # a coal company's own lab, certified in the lab's name
            name = self.company(area, ("煤业有限责任公司",), (area.city_short,))
            return name, "91", False, name + "煤质检测中心", field_code, "11"
        return self.company(area, companies), "91", False, "", field_code, "11"

    def make(self, category: Category, area: _Area) -> Institution:
        name, kind, eco_owned, authorized, field_code, sector = self.name_and_kind(category, area)
        area_code = area.code
        if kind == "12" and not name.startswith(area.dist_title):  # a city-level body, at the city's seat
            area_code = area.city_code
            area = self.seats.get(area.city, area)
        code = self.credit_code(kind, area_code)
        inst = Institution(name=name, credit_code=code, category=category,
                           district=area.district_label, eco_owned=eco_owned, authorized_name=authorized)
        self.fill_certificate(inst, area, field_code, sector)
        self.fill_people(inst, area)
        self.fill_risk(inst)
        return inst

    def fill_certificate(self, inst: Institution, area: _Area, field_code: str, sector: str) -> None:
        r = self.rnd()
        start, end = self.windows[0 if r < 0.03 else 1 if r < 0.06 else 2]
        approved = start + timedelta(days=int(self.rnd() * ((end - start).days + 1)))
        national = self.rnd() < 0.07
        authority = "00" if national else tables.AUTHORITY[area.prov_short]
        inst.cma_cert_no = self.cert_no(approved.year, authority, field_code, sector)
        inst.cma_issuer = tables.NATIONAL_ISSUER if national else area.province + "市场监督管理局"
        inst.cma_approved_on, inst.cma_expires_on = approved, _add_years(approved, 6)

    def fill_people(self, inst: Institution, area: _Area) -> None:
        rng, rnd = self.rng, self.rnd
        tail = tables.ADDRESS_TAILS[int(rnd() * len(tables.ADDRESS_TAILS))]
        inst.address = f"{area.address_prefix}{self.pick(area.roads)}{1 + int(rnd() * 899)}号{tail}"
        k = 2 + int(rnd() * 4)  # 2-5 signatories, the technical lead usually one of them
        with_lead = rnd() < 0.7
        names = _people(rng, 4 + k - with_lead)
        inst.legal_rep, inst.contact, inst.tech_lead = names[0], names[1], names[2]
        inst.top_manager = names[0] if rnd() < 0.45 else names[3]
        inst.legal_rep_phone, inst.contact_phone = mobile(rng), mobile(rng)
        inst.top_manager_phone = inst.legal_rep_phone if inst.top_manager == inst.legal_rep else mobile(rng)
        inst.signatories = [inst.tech_lead] * with_lead + names[4:]

    def fill_risk(self, inst: Institution) -> None:
        rnd, year = self.rnd, self.today.year
        r = rnd()
        inst.risk_class = (None if r < 0.10 else RiskClass.A if r < 0.28 else RiskClass.B if r < 0.82
                           else RiskClass.C if r < 0.96 else RiskClass.D)
        inst.flag_complaint = rnd() < 0.05
        inst.flag_pt_no_show = rnd() < 0.03
        inst.flag_stats_missed = rnd() < 0.04
        notes = []
        if inst.flag_complaint:
            notes.append(f"{year}年收到投诉举报，反映出具的检测报告数据与实际不符")
        if inst.flag_pt_no_show:
            notes.append(f"{year}年度市场监管部门组织的能力验证无正当理由未参加")
        if inst.flag_stats_missed:
            notes.append(f"{year - 1}年度检验检测统计直报未按时完成")
        if inst.cma_expires_on < self.today:
            notes.append("资质认定证书已超过有效期，未见延续申请")
        inst.notes = "；".join(notes)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def make_institutions(rng: random.Random, n: int, districts: Sequence[tuple[str, str]] = DATONG_DISTRICTS,
                      today: date = REFERENCE_DATE) -> list[Institution]:
    """n institutions of 大同市's districts (past 2,000 also of the rest of Shanxi and China).

    Roughly 25 % vehicle, 10 % eco-environment, the rest other fields; a few
    eco stations run by the eco-environment department; about fifteen of the
    Datong ones allocated by the province's 2025 draw.
    """
    gen = _Generator(rng, n, districts, today)
    out: list[Institution] = []
    for _ in range(n):
        r = rng.random()
        category = Category.VEHICLE if r < 0.25 else Category.ECO_ENV if r < 0.35 else Category.OTHER
        out.append(gen.make(category, gen.weighted(gen.areas, gen.area_cum)))
    _allocate(rng, out, {d for d, _ in districts}, min(15, n // 20), today.year)
    return out


def _allocate(rng: random.Random, institutions: list[Institution], local: set[str], k: int, year: int) -> None:
    """Mark k Datong institutions as handed down by the province's draw: some of each category."""
    pools = {c: [i for i in institutions if not i.eco_owned and i.district in local and i.category is c]
             for c in Category}
    wanted = {Category.VEHICLE: round(k * 0.35), Category.ECO_ENV: round(k * 0.15)}
    wanted[Category.OTHER] = k - sum(wanted.values())
    for category, count in wanted.items():
        for inst in rng.sample(pools[category], min(count, len(pools[category]))):
            inst.allocated_year = year


# --- inspectors ---------------------------------------------------------------------------------

_CITY_MARKET = "大同市市场监督管理局认证科"
# (department, level, unit, area code for the certificate number, own district or None, expertise).
# Twenty people who can make up the 2025 plan's teams (docs/rules.md, Inspector teams) whichever institutions are
# drawn: three city market officers to lead, a county market officer for every district (two in 平城区, where one
# must avoid an institution), the 车管所 and both eco-environment sections for the joint checks, two experts.
_ROSTER = [
    (Department.MARKET, Level.CITY, _CITY_MARKET, "140200", None, ["资质认定", "检验检测监管"]),
    (Department.POLICE, Level.CITY, "大同市公安局交通警察支队车辆管理所", "140200", None, ["机动车安全技术检验", "车辆登记"]),
    (Department.ECO, Level.CITY, "大同市生态环境局监测科", "140200", None, ["环境监测", "监测质量管理"]),
    (Department.EXPERT, None, "山西大同大学化学与化工学院", "", None, ["化学分析", "环境监测"]),
    (Department.MARKET, Level.CITY, _CITY_MARKET, "140200", None, ["资质认定", "机动车检验"]),
    (Department.ECO, Level.CITY, "大同市生态环境局机动车排气污染防治科", "140200", None, ["机动车排放检验", "遥感监测"]),
    (Department.MARKET, Level.COUNTY, "平城区市场监督管理局", "140213", "平城区", ["检验检测监管", "食品检测"]),
    (Department.MARKET, Level.PROVINCE, "山西省市场监督管理局认证监督管理处", "140000", None, ["资质认定", "能力验证"]),
    (Department.MARKET, Level.COUNTY, "平城区市场监督管理局", "140213", "平城区", ["检验检测监管", "计量"]),
    (Department.MARKET, Level.CITY, "大同市市场监督管理局综合行政执法队", "140200", None, ["行政执法", "检验检测监管"]),
    (Department.MARKET, Level.COUNTY, "云冈区市场监督管理局", "140214", "云冈区", ["检验检测监管", "计量"]),
    (Department.MARKET, Level.COUNTY, "新荣区市场监督管理局", "140212", "新荣区", ["检验检测监管"]),
    (Department.EXPERT, None, "山西省机动车检测行业协会", "", None, ["机动车安全技术检验", "机动车排放检验"]),
    (Department.MARKET, Level.COUNTY, "云州区市场监督管理局", "140215", "云州区", ["检验检测监管"]),
    (Department.MARKET, Level.COUNTY, "阳高县市场监督管理局", "140221", "阳高县", ["检验检测监管", "产品质量"]),
    (Department.MARKET, Level.COUNTY, "天镇县市场监督管理局", "140222", "天镇县", ["检验检测监管"]),
    (Department.MARKET, Level.COUNTY, "灵丘县市场监督管理局", "140224", "灵丘县", ["检验检测监管"]),
    (Department.MARKET, Level.COUNTY, "广灵县市场监督管理局", "140223", "广灵县", ["检验检测监管", "产品质量"]),
    (Department.MARKET, Level.COUNTY, "浑源县市场监督管理局", "140225", "浑源县", ["检验检测监管", "食品检测"]),
    (Department.MARKET, Level.COUNTY, "左云县市场监督管理局", "140226", "左云县", ["检验检测监管"]),
]
_MORE_COUNTIES = [(name, code) for name, code in DATONG_DISTRICTS
                  if name not in {r[4] for r in _ROSTER}]


def _roster_entry(i: int):
    if i < len(_ROSTER):
        return _ROSTER[i]
    counties = _MORE_COUNTIES + [(d[4], d[3]) for d in _ROSTER if d[4]]
    name, code = counties[(i - len(_ROSTER)) % len(counties)]
    return (Department.MARKET, Level.COUNTY, f"{name}市场监督管理局", code, name, ["检验检测监管"])


def make_inspectors(rng: random.Random, institutions: Sequence[Institution] | int = (), n: int = 20) -> list[Inspector]:
    """Twenty people for the joint checks (`_ROSTER`; past twenty, more county officers); the first is a
    city-level 认证科 officer.

    One county officer and one expert must avoid (回避) an institution of the
    registry passed in.
    """
    if isinstance(institutions, int):  # make_inspectors(rng, 20)
        institutions, n = (), institutions
    all_districts = [d for d, _ in DATONG_DISTRICTS]
    used_names: set[str] = set()
    used_certs: set[str] = set()
    out: list[Inspector] = []
    for i in range(n):
        department, level, unit, area_code, district, expertise = _roster_entry(i)
        name = person_name(rng)
        while name in used_names:
            name = person_name(rng)
        used_names.add(name)
        cert = ""
        if department is not Department.EXPERT:
            cert = f"{area_code}{rng.randint(100, 9999):05d}"
            while cert in used_certs:
                cert = f"{area_code}{rng.randint(100, 9999):05d}"
            used_certs.add(cert)
        person = Inspector(
            name=name, department=department, level=level, unit=unit, cert_no=cert, phone=mobile(rng),
            districts=[district] if district else ([] if level is Level.PROVINCE else list(all_districts)),
            expertise=list(expertise),
            id="" if cert else str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )
        if department is Department.EXPERT:
            person.notes = "技术专家，协助检查，不单独执法"
        out.append(person)
    _add_avoidance(rng, out, list(institutions))
    return out


def _add_avoidance(rng: random.Random, people: list[Inspector], institutions: list[Institution]) -> None:
    if not institutions:
        return
    county = next((p for p in people if p.level is Level.COUNTY), None)
    if county is not None:
        near = [i for i in institutions if i.district in county.districts] or institutions
        county.avoid = [rng.choice(near).credit_code]
        county.notes = "近亲属在回避机构任职"
    expert = next((p for p in people if p.department is Department.EXPERT), None)
    if expert is not None:
        picks = rng.sample(institutions, min(2, len(institutions)))
        expert.avoid = [i.credit_code for i in picks]
        expert.notes = (expert.notes + "；" if expert.notes else "") + "近三年曾为回避机构提供技术咨询"


# --- the demo database --------------------------------------------------------------------------

DEMO_ORGAN = {"name": "大同市市场监督管理局", "short_name": "大同市市场监管局", "document_prefix": "同市监检记",
              "plan_notice": "同市监认证〔2025〕92号", "notice_prefix": "同市监检通", "result_prefix": "同市监检告"}


def build_demo(db: Database, seed: int = 2025, institutions: int = 300, inspectors: int = 20,
               today: date = REFERENCE_DATE, db_path: Path | None = None, cases: bool = False,
               team: bool = False, progress=None) -> dict:
    """Write the sample registries and the profile (a city 认证科 officer as team lead) in one transaction;
    then, given the database's path (for the attachments), the 2025 plan with its announced and completed draws
    and the sample inspection tasks (`app.demo.tasks.build_demo_tasks`, each edit its own audited transaction),
    and, with `cases`, the lead's conclusions of the signed records (app/demo/cases.py), with `team`, a colleague's
    findings package merged with a conflict left open (app/demo/team.py); `spotcheck demo` asks for both.
    `progress(text)`, if given, is told each step as it starts (the command line prints them: it takes 10–30 s)."""
    say = progress or (lambda text: None)
    rng = random.Random(seed)
    say(f"生成 {institutions} 个机构和 {inspectors} 名人员")
    records = make_institutions(rng, institutions, today=today)
    people = make_inspectors(rng, records, n=inspectors)
    lead = next((p for p in people if p.department is Department.MARKET and p.level is Level.CITY), None)
    say("写入机构库和人员库")
    with db.atomic():
        inst_counts = upsert_institutions(db, records)
        person_counts = upsert_inspectors(db, people)
        if lead is not None:
            profile_store.set_value(db, "inspector_id", lead.id)
            profile_store.set_value(db, "role", "lead")
    if lead is not None:
        from app.services.profile import set_organ

        set_organ(db, **DEMO_ORGAN)
    tasks: dict[str, int] = {}
    plan_id = None
    if db_path is not None:
        from app.demo.tasks import build_demo_tasks
        from app.services.plans import list_plans

        tasks = build_demo_tasks(db, db_path, rng, progress=say)
        if team and tasks:
            from app.demo.team import build_demo_team

            build_demo_team(db, db_path, rng, progress=say)
        if cases and tasks:
            from app.demo.cases import build_demo_cases

            say("处理已签署的记录：结论、整改、移交")
            build_demo_cases(db)
            counts = dict(db.conn.execute("SELECT status, count(*) FROM tasks GROUP BY status").fetchall())
            from app.domain.tasks import TaskStatus

            tasks = {s.value: counts[s.value] for s in TaskStatus if s.value in counts}
        plan_id = next((p.id for p in list_plans(db) if p.notice_number == DEMO_ORGAN["plan_notice"]), None)
    return {
        "institutions": len(records),
        "institutions_inserted": inst_counts.inserted,
        "inspectors": len(people),
        "inspectors_inserted": person_counts.inserted,
        "profile_inspector_id": lead.id if lead else None,
        "role": "lead" if lead else None,
        "tasks": tasks,
        "plan_id": plan_id if tasks else None,
    }
