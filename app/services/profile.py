"""Whose database this is: the profile's inspector, role (inspector or team lead) and device."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.organ import Organ
from app.domain.problems import InputRefused, Problem
from app.store import profile as store
from app.store.registry import get_inspector

if TYPE_CHECKING:
    from sqlite_utils import Database

ROLE_LABELS = {"inspector": "检查人员", "lead": "组长 / 认证科"}


def show(db: Database, path: Path | None = None) -> dict:
    values = store.all_values(db)
    inspector = get_inspector(db, values["inspector_id"]) if values.get("inspector_id") else None
    return {
        "db": str(path) if path else None,
        "device_id": values.get("device_id"),
        "role": values.get("role") or "inspector",
        "inspector": _inspector_json(inspector) if inspector else None,
    }


def _inspector_json(inspector) -> dict:
    data = asdict(inspector)
    data["department"] = inspector.department.value
    data["level"] = inspector.level.value if inspector.level else None
    return data


def set_profile(db: Database, inspector_key: str, role: str | None = None) -> dict:
    inspector = get_inspector(db, inspector_key)
    if inspector is None:
        raise InputRefused(f"人员库中没有 {inspector_key}。",
                           [Problem("人员库中已有人员的记录ID或执法证号", inspector_key)])
    if role is not None and role not in store.ROLES:
        raise InputRefused(f"角色 {role} 无效。", [Problem("inspector 或 lead", role)])
    with db.atomic():
        store.set_value(db, "inspector_id", inspector.id)
        if role:
            store.set_value(db, "role", role)
    return show(db)


# --- the organ that issues the records ------------------------------------------------------------

ORGAN_KEYS = {  # Organ field -> profile key
    "name": "organ_name", "short_name": "organ_short_name", "document_prefix": "document_prefix",
    "joint": "joint_organs", "legal_basis": "legal_basis", "plan_notice": "plan_notice",
    "notice_prefix": "notice_prefix", "result_prefix": "result_prefix",
}
ORGAN_LABELS = {"name": "检查机关", "short_name": "简称", "document_prefix": "文书编号前缀", "joint": "联合检查机关",
                "legal_basis": "检查依据", "plan_notice": "年度抽查计划文件", "notice_prefix": "检查通知书编号前缀",
                "result_prefix": "检查结果告知书编号前缀"}
MAX_ORGAN_TEXT = 500


def organ(db: Database) -> Organ:
    """The organ as the profile keeps it (blank fields where it was never set)."""
    values = store.all_values(db)
    joint = values.get("joint_organs") or ""
    return Organ(name=values.get("organ_name") or "", short_name=values.get("organ_short_name") or "",
                 document_prefix=values.get("document_prefix") or "",
                 joint=tuple(n for n in joint.split("\n") if n), legal_basis=values.get("legal_basis") or "",
                 plan_notice=values.get("plan_notice") or "", notice_prefix=values.get("notice_prefix") or "",
                 result_prefix=values.get("result_prefix") or "")


def set_organ(db: Database, **values) -> Organ:
    """Set some of the organ's fields (`joint`: a list of names, or one text split on 、，,;；and new lines)."""
    from app.domain.values import split_names

    unknown = set(values) - set(ORGAN_KEYS)
    if unknown:
        raise ValueError(f"unknown organ fields {unknown}")
    stored = {}
    for name, value in values.items():
        if name == "joint":
            names = split_names(value) if isinstance(value, str) else [" ".join(str(v).split()) for v in value or []]
            text = "\n".join(n for n in names if n)
        else:
            text = " ".join(str(value or "").split())
        if len(text) > MAX_ORGAN_TEXT:
            raise InputRefused(f"{ORGAN_LABELS[name]}过长（{len(text)} 个字，上限 {MAX_ORGAN_TEXT}）。",
                               [Problem(f"不超过 {MAX_ORGAN_TEXT} 个字", text[:40], column=name)])
        stored[ORGAN_KEYS[name]] = text
    with db.atomic():
        for key, text in stored.items():
            store.set_value(db, key, text)
    return organ(db)


def require_numbering(organ: Organ, prefix_field: str, document: str, example: str, option: str,
                      where: str = "") -> None:
    """Refuse, in words, to number a document (检查通知书, 检查结果告知书) while the organ lacks its name or the
    document's number prefix (`prefix_field` of Organ, set with `option`)."""
    from app.domain.problems import InputRefused, Problem

    problems = []
    if not getattr(organ, prefix_field):
        problems.append(Problem(f"{document}编号前缀，例如 {example}", "", column=prefix_field))
    if not organ.name:
        problems.append(Problem("检查机关名称，例如 大同市市场监督管理局", "", column="name"))
    if problems:
        raise InputRefused(f"检查机关的设置不全，不能编号出具{document}：请用 spotcheck profile organ {option} {example}"
                           f" --name 检查机关名称{where}设置。", problems)
