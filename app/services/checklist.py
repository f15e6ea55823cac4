"""Loading the bundled self-check tables: one `app/resources/checklists/<version>.json` per version.

`load_checklist()` returns the newest version (last by file stem); loaded
checklists are cached, since the bundled files do not change while the app runs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from app.domain.checklist import Checklist
from app.domain.problems import InputRefused, NotFound
from app.paths import resource


def _folder() -> Path:
    return resource("checklists")


def available_versions() -> list[str]:
    """The versions bundled, sorted by file stem (oldest first)."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if p.is_file())


def load_checklist(version: str | None = None) -> Checklist:
    """The checklist of `version`, or the newest one when None."""
    versions = available_versions()
    if version is None:
        if not versions:
            raise NotFound("未找到任何自查表版本（app/resources/checklists 为空）")
        version = versions[-1]
    elif version not in versions:
        shown = "、".join(versions) if versions else "无"
        raise NotFound(f"没有自查表版本「{version}」，可用版本：{shown}")
    return _load(version)


@lru_cache(maxsize=None)
def _load(version: str) -> Checklist:
    path = _folder() / f"{version}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputRefused(f"自查表文件 {path.name} 无法读取：{exc}") from exc
    checklist = Checklist.from_dict(data)
    if checklist.version != version:
        raise InputRefused(f"自查表文件 {path.name} 的「version」为 {checklist.version}，应与文件名一致")
    return checklist
