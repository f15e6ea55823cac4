"""Where things live: bundled resources (source tree or frozen bundle) and user data.

User data goes to the platform's user data folder (platformdirs); the
environment variable SPOTCHECK_DATA_DIR overrides it (tests, portable use).
Each profile is a folder holding its database, attachments and key file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_ID, ORGANIZATION

DEFAULT_PROFILE = "default"
DATABASE_NAME = "spotcheck.sqlite"


def resources_dir() -> Path:
    """The `app/resources/` folder: package data beside this module, or `app/resources` in a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "app" / "resources"
    return Path(__file__).resolve().parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    override = os.environ.get("SPOTCHECK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_ID, ORGANIZATION, roaming=False)


_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def check_profile_name(name: str) -> str:
    """A profile name is one folder name: no separators, not '.' or '..', nothing Windows cannot name a folder.
    Raises ValueError saying what a name may be."""
    bad = set('/\\:*?"<>|') | {chr(c) for c in range(32)}
    stem = name.split(".")[0].strip().lower()
    if (not name or len(name) > 64 or any(c in bad for c in name) or name.strip(". ") != name
            or stem in _WINDOWS_RESERVED):
        raise ValueError("配置名是一个文件夹名：1–64 个字符，不含 / \\ : * ? \" < > |，不以点或空格开头或结尾，"
                         "也不是 CON、NUL 之类的保留名")
    return name


def profile_dir(profile: str = DEFAULT_PROFILE) -> Path:
    return user_data_dir() / "profiles" / profile


def default_database(profile: str = DEFAULT_PROFILE) -> Path:
    return profile_dir(profile) / DATABASE_NAME


def attachments_dir(database: Path) -> Path:
    """Attachments are stored by SHA-256 in a folder beside the database."""
    return database.parent / (database.stem + "-attachments")


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """`<stem>-<YYYYmmdd-HHMMSS><suffix>` in `folder`, with -2, -3 … added if that name is taken."""
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stem}-{stamp}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{stamp}-{n}{suffix}"
    return target
