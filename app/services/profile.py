"""Whose database this is: the profile's inspector, role (inspector or team lead) and device."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

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
