"""Sample inspection tasks of the 2025 大同 campaign for `spotcheck demo`: one at every status there is.

`build_demo_tasks` runs after the demo registries are written (the profile's
inspector, a city 认证科 officer, is the author of every edit). It first makes
the 2025 plan and runs its announced draws (app/demo/plan.py), whose team draw
creates one task per drawn institution (2 vehicle stations, 1 eco-environment
monitoring company, 1 other), then records, through the same services as the
window and the command line, six tasks:

* ``signed`` — the showcase, a food-testing laboratory: all 18 verdicts (two
  problems, two 不适用), the visit's times, place, credentials, recusal answer
  and statement, a corrected contact phone, three blind samples (z, E_n and a
  qualitative one), two signatory exams, four evidence photos and the
  handwritten signatures of the team and the institution's representative;
  handed down without a draw, with the profile's inspector leading (the draw
  need not pick a food laboratory, nor put the profile on its team);
* ``signed`` — a drawn vehicle inspection station (market + police + eco +
  expert): a suspected false report found, and the representative's refusal to
  sign, with reason and witness;
* ``recorded`` — the drawn eco-environment monitoring company, complete and
  waiting for signatures;
* ``on_site`` — the other drawn vehicle station, half the items and a blind
  sample recorded;
* ``notified`` — the drawn institution of another field: notice given the
  afternoon before the visit;
* ``planned`` — a visit later in the campaign, handed down without a draw.

A drawn task keeps the draw's team and is visited on the date the draw planned
(moved on to a Tuesday–Friday if needed). When the draw found fewer
institutions (a small registry), the narratives left over are recorded on
tasks handed down without a draw, as the showcase is.

Evidence photos are drawn with Pillow (a document photographed on a desk,
with EXIF DateTimeOriginal; one stored turned, with EXIF Orientation 6) and
signatures are generated as pen strokes in the signature pad's JSON shape and
rendered to PNG (app/demo/photos.py, signatures.py). Everything
random comes from the `random.Random` passed in and dates are reckoned from `REFERENCE_DATE`, so one seed gives the same
records, photos and signatures (only the ids and the audit times differ).
No Qt.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.demo.assign import Assignment, Roster, choose, drawn_task, lawful_team
from app.demo.data import REFERENCE_DATE, mobile, person_name
from app.demo.photos import (
    Sheet,
    blind_handover_sheet,
    document_photo,
    emission_log_sheet,
    equipment_sheet,
    licence_plate,
    raw_record_sheet,
    report_sheet,
    sampling_sheet,
    short_name,
)
from app.demo.plan import build_demo_plan
from app.demo.signatures import render_signature, signature_strokes, strokes_json
from app.domain.checklist import Verdict
from app.domain.registry import Category, Department, Inspector, Institution
from app.domain.tasks import TaskStatus
from app.services import recording
from app.services import tasks as task_service
from app.store import profile as profile_store
from app.store.plans import higher_level_picks
from app.store.registry import all_inspectors, all_institutions

P, N, NA = Verdict.PROBLEM, Verdict.NO_PROBLEM, Verdict.NA
TZ = "+08:00"  # the visits are in 大同; signature times carry the offset as the signature dialog writes them
RECUSAL_ANSWER = "不申请回避"
STATEMENT = "以上记录已阅，与事实相符"


# --- dates -----------------------------------------------------------------------------------------

def _visit_day(rng, offset: int, jitter: int = 0) -> date:
    """A Tuesday to Friday about `offset` days after REFERENCE_DATE (so the notice the day before is a weekday)."""
    day = REFERENCE_DATE + timedelta(days=offset + (rng.randint(0, jitter) if jitter else 0))
    while day.weekday() not in (1, 2, 3, 4):
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def _notice(rng, start: datetime) -> datetime:
    """The afternoon before (14:00–17:00), within the 24 hours before the start."""
    before = start.date() - timedelta(days=1)
    earliest = max(_at(before, 14, 0), start - timedelta(hours=23, minutes=50))
    latest = _at(before, 17, 0)
    steps = max(0, int((latest - earliest).total_seconds() // 300))
    return earliest + timedelta(minutes=5 * rng.randint(0, steps))


def _signed_at(when: datetime) -> str:
    return when.isoformat(timespec="seconds") + TZ


# --- recording ---------------------------------------------------------------------------------------

@dataclass
class Visit:
    task_id: str
    inst: Institution
    team: list[Inspector]
    day: date
    notified: datetime
    start: datetime
    end: datetime


class _Recorder:
    """Records the demo tasks through the services, one audited edit at a time."""

    def __init__(self, db, db_path: Path, rng: random.Random, folder: Path):
        self.db, self.db_path, self.rng, self.folder = db, Path(db_path), rng, folder
        self.photo_count = 0

    def create(self, inst: Institution, team: list[Inspector], day: date) -> str:
        return task_service.create_task(self.db, inst.id, [p.id for p in team], team[0].id, day)

    def task(self, a: Assignment, day: date) -> tuple[str, date]:
        """The task to record on and its visit day: a task handed down is created for `day`; a task the draw
        made is visited on its planned date, moved on to the next Tuesday–Friday (an audited change of the
        planned date) when it falls on a Saturday–Monday, so that the notice the day before is a working day."""
        if a.task_id is None:
            return self.create(a.inst, a.team, day), day
        visit = a.planned or day
        while visit.weekday() not in (1, 2, 3, 4):
            visit += timedelta(days=1)
        if visit != a.planned:
            task_service.set_visit(self.db, a.task_id, planned_date=visit)
        return a.task_id, visit

    def begin(self, visit: Visit) -> None:
        """The notice the day before, then the arrival: credentials shown, the recusal question answered."""
        task_service.set_visit(self.db, visit.task_id, notified_at=visit.notified, notice_method="phone")
        task_service.set_visit(self.db, visit.task_id, started_at=visit.start, place=visit.inst.address,
                               credentials_shown=True, recusal_answer=RECUSAL_ANSWER,
                               recorder_id=visit.team[1].id if len(visit.team) > 1 else visit.team[0].id)
        for person in visit.team:
            if person.enforcement_officer:
                task_service.show_credentials(self.db, visit.task_id, person.id)
        inst = visit.inst
        for name, title, phone in ((inst.contact or inst.legal_rep, "联系人", inst.contact_phone),
                                   (inst.tech_lead, "技术负责人", "")):
            if name:
                task_service.add_attendee(self.db, visit.task_id, name, title, phone)

    def verdicts(self, task_id: str, plan: dict[int, tuple[Verdict, str | None]], items: range | list[int]) -> None:
        for item in items:
            verdict, description = plan.get(item, (N, None))
            recording.set_verdict(self.db, task_id, item, verdict, description)

    def photo(self, task_id: str, sheet: Sheet, taken: datetime, item: int | None, caption: str,
              turned: bool = False) -> str:
        self.photo_count += 1
        taken += timedelta(seconds=self.rng.randint(0, 59))
        path = self.folder / f"IMG_{taken:%Y%m%d_%H%M%S}_{self.photo_count:02d}.jpg"
        path.write_bytes(document_photo(sheet, self.rng, taken, turned=turned))
        return recording.add_photo(self.db, self.db_path, task_id, path, item=item, caption=caption)

    def sample(self, task_id: str, values: dict) -> dict:
        recording.save_blind_sample(self.db, task_id, values)
        return values

    def close_visit(self, visit: Visit, statement: str = STATEMENT, notes: str | None = None) -> None:
        values = {"ended_at": visit.end, "party_statement": statement}
        if notes:
            values["notes"] = notes
        task_service.set_visit(self.db, visit.task_id, **values)
        task_service.finish(self.db, visit.task_id)

    def sign_team(self, visit: Visit) -> datetime:
        when = visit.end + timedelta(minutes=self.rng.randint(3, 8))
        for person in visit.team:
            strokes = signature_strokes(self.rng, person.name)
            role = f"检查人员（执法证号 {person.cert_no}）" if person.enforcement_officer else "技术专家"
            recording.add_signature(self.db, self.db_path, visit.task_id, signer="inspector", name=person.name,
                                    role=role, inspector_id=person.id, strokes_json=strokes_json(strokes),
                                    png=render_signature(strokes), signed_at=_signed_at(when))
            when += timedelta(seconds=self.rng.randint(25, 80))
        return when

    def sign_representative(self, visit: Visit, name: str, title: str, when: datetime) -> None:
        strokes = signature_strokes(self.rng, name)
        recording.add_signature(self.db, self.db_path, visit.task_id, signer="representative", name=name,
                                role=f"被检查单位代表（{title}）", strokes_json=strokes_json(strokes),
                                png=render_signature(strokes), signed_at=_signed_at(when))

    def refuse(self, visit: Visit, name: str, title: str, reason: str, witnesses: list[str], when: datetime) -> None:
        recording.add_signature(self.db, self.db_path, visit.task_id, signer="representative", name=name,
                                role=f"被检查单位代表（{title}）", refused=True, reason=reason, witnesses=witnesses,
                                signed_at=_signed_at(when))


def _photo_times(rng, v: Visit, k: int) -> list[datetime]:
    """k moments during the visit, in order, after the first half hour and before the last ten minutes."""
    minutes = int((v.end - v.start).total_seconds() // 60)
    return [v.start + timedelta(minutes=m) for m in sorted(rng.sample(range(25, max(26 + k, minutes - 10)), k))]


def _visit(rec: _Recorder, a: Assignment, day: date, start: tuple[int, int], hours: float) -> Visit:
    rng, inst, team = rec.rng, a.inst, a.team
    task_id, day = rec.task(a, day)
    begin = _at(day, *start) + timedelta(minutes=rng.randint(0, 25))
    end = begin + timedelta(minutes=int(hours * 60) + rng.randint(-20, 30))
    return Visit(task_id, inst, team, day, _notice(rng, begin), begin, end)


# --- the six tasks -----------------------------------------------------------------------------------

def _showcase(rec: _Recorder, a: Assignment) -> None:
    """Signed: a food-testing laboratory; everything an on-site record can hold, and all its signatures."""
    rng, inst, team = rec.rng, a.inst, a.team
    v = _visit(rec, a, _visit_day(rng, 35, 1), (9, 0), 2.6)
    rec.begin(v)
    year = v.day.year - 1
    device_no = f"{short_name(inst)}-YQ-{rng.randint(10, 60):03d}"
    blank = 2
    plan = {
        2: (NA, "该机构无异地分支机构及异地检测场所"),
        12: (P, f"抽查{v.day.year}年出具的检验检测报告20份，其中3份报告加盖的检验检测专用章与备案印章不一致"
                "（印章直径及字体不同），机构称系旧章未及时收回"),
        13: (P, f"抽查{year}年度原始记录12份，其中{blank}份设备使用记录无校准有效期记录"
                f"（石墨炉原子吸收分光光度计，设备编号 {device_no}），相关检测数据的溯源性无法确认"),
        15: (NA, "该机构未开展分包业务，查阅业务台账及委托合同未见分包情形"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    recording.correct_institution(rec.db, v.task_id, "contact_phone", mobile(rng))
    handed = v.start + timedelta(minutes=rng.randint(20, 35))
    lead = round(rng.uniform(0.172, 0.228), 3)
    samples = [
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(100, 399)}", "matrix": "大米", "parameter": "铅（以Pb计）",
            "method": "GB 5009.12-2023", "unit": "mg/kg", "statistic": "z", "assigned": "0.200",
            "sigma_pt": "0.020", "result": f"{lead:.3f}"}),
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(400, 699)}", "matrix": "饮料（有证标准物质）", "parameter": "苯甲酸",
            "method": "GB 5009.28-2016", "unit": "g/kg", "statistic": "En", "assigned": "0.502",
            "expanded_assigned": "0.015", "result": f"{rng.uniform(0.486, 0.522):.3f}", "expanded_result": "0.030"}),
        rec.sample(v.task_id, {
            "code": f"MY2025-{rng.randint(700, 999)}", "matrix": "熟肉制品", "parameter": "沙门氏菌",
            "method": "GB 4789.4-2024", "unit": "/25 g", "statistic": "qualitative", "expected_text": "检出",
            "result_text": "检出"}),
    ]
    signatories = list(inst.signatories) or [inst.tech_lead or person_name(rng)]
    examiner = next((p for p in team if p.department is Department.EXPERT), team[0])
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatories[0], "field": "食品中污染物及重金属检验（GB 5009 系列）", "form": "written",
        "score": str(rng.randint(78, 95)), "pass_mark": "60", "examiner_id": examiner.id,
        "notes": "闭卷笔试，10题，满分100分"})
    if len(signatories) > 1:
        recording.save_exam(rec.db, v.task_id, {
            "signatory": signatories[1], "field": "食品微生物检验（GB 4789 系列）", "form": "written",
            "score": str(rng.randint(66, 88)), "pass_mark": "60", "examiner_id": examiner.id,
            "notes": "闭卷笔试，10题，满分100分"})
    minutes = iter(_photo_times(rng, v, 4))
    rec.photo(v.task_id, equipment_sheet(rng, inst, "石墨炉原子吸收分光光度计", device_no, year, blank),
              next(minutes), 13, f"仪器设备使用记录（{device_no}），{blank}处未填写校准有效期",
              turned=True)
    rec.photo(v.task_id, report_sheet(rng, inst, f"{short_name(inst)}-SP{v.day.year}-{rng.randint(1000, 4999)}",
                                      "大米（抽检样品）", "铅、镉、总砷、无机砷", "GB 2762-2022、GB 5009.12-2023",
                                      "所检项目符合 GB 2762-2022 要求", f"大同市{rng.choice(['晋兴', '华丰', '恒泰'])}粮油有限公司"),
              next(minutes), 12, "检验检测报告：加盖的专用章与备案印章不一致")
    rec.photo(v.task_id, raw_record_sheet(rng, inst, year), next(minutes), 9,
              f"{year}年度铅测定原始记录（抽查样本之一）")
    rec.photo(v.task_id, blind_handover_sheet(rng, samples, handed, inst.tech_lead or signatories[0]),
              next(minutes), 10, "盲样考核样品交接单")
    rec.close_visit(v, notes="检查组现场发放盲样3份，机构当日14时前报送结果；专用章问题已责令立即停用旧章。")
    when = rec.sign_team(v)
    rec.sign_representative(v, inst.top_manager or inst.legal_rep, "最高管理者", when + timedelta(minutes=2))
    task_service.sign(rec.db, v.task_id, _signed_at(when + timedelta(minutes=5)))


def _refusal(rec: _Recorder, a: Assignment) -> None:
    """Signed: a vehicle inspection station with a suspected false report; the representative refuses to sign."""
    rng, inst, team = rec.rng, a.inst, a.team
    v = _visit(rec, a, _visit_day(rng, 37, 1), (9, 0), 3.2)
    rec.begin(v)
    plate, report_no = licence_plate(rng), f"{short_name(inst)}{v.day.year}{rng.randint(10000, 99999)}"
    month = v.day.month - 1
    plan = {
        11: (P, f"抽查{v.day.year}年{month - 1}—{month}月机动车安全技术检验报告20份，其中3份报告检验员签字不全，"
                "1份报告未注明所用检测线编号"),
        14: (P, f"调取{v.day.year}年{month}月排放检验过程视频，抽查30辆次，其中1辆次（报告编号 {report_no}）"
                f"视频中上线检测车辆与检验报告所载车辆（号牌 {plate}）不一致，涉嫌未经检验出具排放检验报告；"
                "线索拟移交公安交管、生态环境部门"),
        15: (NA, "该站未开展分包业务"),
        2: (NA, "该站无异地分支机构"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    recording.correct_institution(rec.db, v.task_id, "legal_rep_phone", mobile(rng))
    rec.sample(v.task_id, {
        "code": f"JD2025-{rng.randint(10, 99)}", "matrix": "标准气体（氮中一氧化氮）", "parameter": "一氧化氮（NO）",
        "method": "GB 18285-2018", "unit": "μmol/mol", "statistic": "En", "assigned": "1200",
        "expanded_assigned": "24", "result": str(rng.randint(1172, 1226)), "expanded_result": "36"})
    signatory = (list(inst.signatories) or [inst.tech_lead or person_name(rng)])[0]
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatory, "field": "机动车排放检验（GB 18285-2018、GB 3847-2018）", "form": "oral",
        "score": str(rng.randint(70, 90)), "pass_mark": "60", "examiner_id": team[0].id,
        "notes": "口试5题，由检查组长提问并记录"})
    minutes = iter(_photo_times(rng, v, 3))
    rec.photo(v.task_id, emission_log_sheet(rng, inst, v.day - timedelta(days=rng.randint(20, 40)), plate, report_no),
              next(minutes), 14, f"排放检验记录：号牌 {plate} 一行，与过程视频不符")
    rec.photo(v.task_id, report_sheet(rng, inst, report_no, f"机动车（号牌 {plate}）", "排气污染物（简易瞬态工况法）",
                                      "GB 18285-2018", "合格", "个人送检"),
              next(minutes), 14, f"排放检验报告 {report_no}")
    rec.photo(v.task_id, report_sheet(rng, inst, f"{short_name(inst)}{v.day.year}{rng.randint(10000, 99999)}",
                                      f"机动车（号牌 {licence_plate(rng)}）", "安全技术检验", "GB 38900-2020、GB 7258-2017",
                                      "合格", "个人送检"),
              next(minutes), 11, "安全技术检验报告：检验员签字不全")
    rec.close_visit(v, statement="对第14项的认定有异议，不同意在记录上签字",
                    notes="被检查单位代表拒绝签名，检查组当场说明拒签不影响记录效力，并全程执法记录仪录像。")
    when = rec.sign_team(v)
    rep = inst.legal_rep or inst.top_manager
    witness = f"{person_name(rng)}（所在社区工作人员）"
    rec.refuse(v, rep, "法定代表人", "对第14项“涉嫌未经检验出具报告”的认定有异议，称系登录员录入号牌错误，拒绝签名",
               [witness], when + timedelta(minutes=3))
    task_service.sign(rec.db, v.task_id, _signed_at(when + timedelta(minutes=5)))


def _recorded(rec: _Recorder, a: Assignment) -> None:
    """Recorded: an eco-environment monitoring company, complete, waiting for signatures."""
    rng, inst, team = rec.rng, a.inst, a.team
    v = _visit(rec, a, _visit_day(rng, 49), (9, 0), 2.8)
    rec.begin(v)
    gap = rng.randrange(7)
    plan = {
        7: (P, f"抽查{v.day.year}年地表水采样原始记录6份，其中1份（点位 W{gap + 1:02d}）未记录现场水温及点位经纬度，"
               "采样过程无法追溯"),
        2: (NA, "该公司无异地分支机构"),
    }
    rec.verdicts(v.task_id, plan, range(1, 19))
    rec.sample(v.task_id, {
        "code": f"HJ2025-{rng.randint(10, 99)}", "matrix": "地表水（盲样）", "parameter": "化学需氧量（CODCr）",
        "method": "HJ 828-2017", "unit": "mg/L", "statistic": "z", "assigned": "32.6", "sigma_pt": "1.6",
        "result": f"{rng.uniform(29.8, 35.6):.1f}"})
    signatory = (list(inst.signatories) or [inst.tech_lead or person_name(rng)])[0]
    recording.save_exam(rec.db, v.task_id, {
        "signatory": signatory, "field": "水和废水监测", "form": "written", "score": str(rng.randint(72, 92)),
        "pass_mark": "60", "examiner_id": team[0].id, "notes": "闭卷笔试"})
    rec.photo(v.task_id, sampling_sheet(rng, inst, v.day - timedelta(days=rng.randint(30, 90)), gap),
              _photo_times(rng, v, 1)[0], 7, f"地表水采样原始记录：W{gap + 1:02d} 点位缺水温、经纬度")
    rec.close_visit(v)


def _on_site(rec: _Recorder, a: Assignment) -> None:
    """On site: a vehicle station, the first half of the items and a blind sample recorded."""
    rng, inst = rec.rng, a.inst
    v = _visit(rec, a, _visit_day(rng, 56), (14, 20), 2.5)
    rec.begin(v)
    rec.verdicts(v.task_id, {2: (NA, "该站无异地分支机构")}, range(1, 10))
    rec.sample(v.task_id, {
        "code": f"JD2025-{rng.randint(100, 199)}", "matrix": "标准气体（氮中一氧化碳）", "parameter": "一氧化碳（CO）",
        "method": "GB 18285-2018", "unit": "%（体积分数）", "statistic": "En", "assigned": "3.50",
        "expanded_assigned": "0.07", "result": f"{rng.uniform(3.42, 3.58):.2f}", "expanded_result": "0.10"})
    rec.photo(v.task_id, emission_log_sheet(rng, inst, v.day - timedelta(days=rng.randint(5, 20)), licence_plate(rng), ""),
              v.start + timedelta(minutes=rng.randint(20, 60)), 7, "排放检验记录（抽查）")


def _notified(rec: _Recorder, a: Assignment) -> None:
    """Notified: the notice given the afternoon before the visit."""
    task_id, day = rec.task(a, _visit_day(rec.rng, 57))
    when = _at(day - timedelta(days=1), 15, rec.rng.choice(range(0, 60, 5)))
    task_service.set_visit(rec.db, task_id, notified_at=when, notice_method="phone",
                           notes="已电话告知联系人，明日上午9时到达现场")


def _planned(rec: _Recorder, a: Assignment) -> None:
    """Planned: a visit later in the campaign (a task the draw made is left as it made it)."""
    day = _visit_day(rec.rng, 64, 2)
    if a.task_id is None:
        rec.create(a.inst, a.team, day)


# (builder, [(category, preferred name words), … in the order to try], team: profile leads, police, eco unit,
# expert field; the categories of the plan's drawn tasks it is recorded on). A narrative is recorded on a task the
# 2025 plan's draw made when one of its categories is left (the refusal preferring a team without the profile's
# inspector, who leads the showcase); otherwise, like the showcase (a food laboratory, which the draw need not
# pick), on a task handed down without a draw. A small or national-scale registry may lack a category in 大同:
# other districts come next, then the next alternative (a water-quality laboratory can stand in for an
# eco-environment monitoring company).
PLANS = [
    (_showcase, [(Category.OTHER, ("食品", "农产品", "农业", "产品质量"))],
     dict(leader_is_profile=True, police=False, eco=None, expert="化学分析"), ()),
    (_refusal, [(Category.VEHICLE, ())], dict(leader_is_profile=False, police=True, eco="机动车", expert="机动车"),
     (Category.VEHICLE,)),
    (_recorded, [(Category.ECO_ENV, ()), (Category.OTHER, ("水质", "环境"))],
     dict(leader_is_profile=False, police=False, eco="监测", expert=None), (Category.ECO_ENV,)),
    (_on_site, [(Category.VEHICLE, ())], dict(leader_is_profile=False, police=True, eco="机动车", expert=None),
     (Category.VEHICLE,)),
    (_notified, [(Category.OTHER, ("工程", "建设", "建筑"))],
     dict(leader_is_profile=False, police=False, eco=None, expert=None), (Category.OTHER,)),
    (_planned, [(Category.OTHER, ("水质", "计量"))],
     dict(leader_is_profile=True, police=False, eco=None, expert="环境监测"), tuple(Category)),
]


def build_demo_tasks(db, db_path: Path, rng: random.Random, progress=None) -> dict[str, int]:
    """Make the 2025 plan and its draws (app/demo/plan.py), then record the demo's inspection tasks on the tasks
    the draw made and on tasks handed down without a draw (see the module docstring); returns how many tasks
    there are per status.

    Writes nothing if the database already holds tasks, or has no profile inspector to record them.
    """
    if db.conn.execute("SELECT count(*) FROM tasks").fetchone()[0]:
        return {}
    lead_id = profile_store.get(db, "inspector_id")
    if not lead_id:
        return {}
    say = progress or (lambda text: None)
    say("2025年度抽查计划：公告，抽取机构和检查组")
    drawn = [Assignment(t.inst, t.team, t.task_id, t.planned) for t in build_demo_plan(db, rng)]
    roster = Roster(all_inspectors(db), lead_id)
    institutions = sorted(all_institutions(db), key=lambda i: i.credit_code)
    # a task handed down goes to none the province picked: it checks its own, the city draws from the allocation
    # and hands the rest on to the counties (rule 8: no duplicate checks)
    used: set[str] = {a.inst.id for a in drawn} | set(higher_level_picks(db.conn, REFERENCE_DATE.year))
    with tempfile.TemporaryDirectory(prefix="spotcheck-demo-") as folder:
        rec = _Recorder(db, Path(db_path), rng, Path(folder))
        for number, (build, alternatives, team_spec, categories) in enumerate(PLANS, start=1):
            say(f"检查任务 {number}/{len(PLANS)}：记录、照片和签名")
            chosen = drawn_task(drawn, categories, lead_id, colleague=build is _refusal)
            if chosen is not None:
                drawn.remove(chosen)
            for category, prefer in alternatives if chosen is None else ():
                for inst in choose(rng, institutions, used, category, prefer):
                    team = lawful_team(rng, roster, inst, **team_spec)
                    if team is not None:
                        chosen = Assignment(inst, team)
                        break
                if chosen:
                    break
            if chosen:
                used.add(chosen.inst.id)
                build(rec, chosen)
    counts = dict(db.conn.execute("SELECT status, count(*) FROM tasks GROUP BY status").fetchall())
    return {s.value: counts[s.value] for s in TaskStatus if s.value in counts}
