"""The lead's handling of the demo's signed records (issue 12 item 8), so that every export has content: the
showcase laboratory ordered to rectify, its report received and checked, marked as a typical case (closed); the
vehicle station's suspected false reports referred to the police, and the data-tampering lead to the eco
department (closed). Dates follow each record's signing; everything goes through app/services/cases.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.cases import Conclusion, Recipient

TYPICAL = ("某食品检验机构检验检测报告加盖的专用章与备案印章不一致、设备使用记录缺少校准有效期，"
           "责令限期整改；机构按期提交整改报告并经复查合格。")
POLICE_LEAD = "排放检验过程视频显示车辆未完成检验流程即出具合格报告，疑似出具虚假机动车检验报告"
ECO_LEAD = "排放检验数据与过程视频不一致，疑似篡改排放检验数据"


def build_demo_cases(db) -> int:
    """Conclude the demo's signed records; returns how many were concluded."""
    from app.services.cases import conclude, follow_up, refer

    done = 0
    for task_id, category, signed_at in db.conn.execute(
            "SELECT t.id, i.category, t.signed_at FROM tasks t JOIN institutions i ON i.id = t.institution_id"
            " WHERE t.status IN ('signed', 'merged') ORDER BY t.document_serial").fetchall():
        problems = [r[0] for r in db.conn.execute("SELECT item FROM findings WHERE task_id = ? AND verdict = 'problem'"
                                                  " ORDER BY item", [task_id])]
        day = date.fromisoformat((signed_at or "2025-10-15")[:10]) + timedelta(days=3)
        if not problems:
            conclude(db, task_id, Conclusion.NO_PROBLEM, day)
        elif category == "vehicle":
            conclude(db, task_id, Conclusion.REFER, day, notes="拒绝在记录上签名，已由见证人见证")
            refer(db, task_id, Recipient.POLICE, problems, POLICE_LEAD, day + timedelta(days=1),
                  "大同市公安局交通警察支队", "同市监移〔2025〕1号")
            refer(db, task_id, Recipient.ECO, problems[-1:], ECO_LEAD, day + timedelta(days=1),
                  "大同市生态环境局", "同市监移〔2025〕2号")
        else:
            conclude(db, task_id, Conclusion.RECTIFY, day, rectify_by=day + timedelta(days=30))
            follow_up(db, task_id, rectification_received_on=day + timedelta(days=26),
                      rectification_checked_on=day + timedelta(days=33), rectification_accepted=True,
                      typical_case=True, typical_summary=TYPICAL)
        done += 1
    return done
