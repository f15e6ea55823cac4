"""The window's English translation: extract with lupdate, build with lrelease, check that nothing drifted.

    python -m scripts.translations update   # domain_texts.py, lupdate into the .ts, lrelease into the .qm
    python -m scripts.translations build    # lrelease only (after translating in the .ts or Qt Linguist)
    python -m scripts.translations check    # exit 1 with the reasons if the .ts or .qm is not current

Chinese is the source language. app/resources/translations/spotcheck_en.ts is edited by hand (or in
`pyside6-linguist`); the built spotcheck_en.qm is committed too, so a fresh checkout shows English with
no build step (tests/ui/test_translations.py checks the two agree).

lupdate reads only literals. The texts the window translates at run time but that are written in the
domain, the services or the bundled checklist (status labels, field headers, stage names, ...) are
listed for it in app/ui/domain_texts.py, which `update` writes from the live tables.

The .ts has no source locations and its messages are sorted (`-locations none -sort-messages`): five
people change the window at once, and line numbers would make every merge of the .ts conflict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "app" / "ui"
FORMS = ROOT / "forms"
FOLDER = ROOT / "app" / "resources" / "translations"
TS = FOLDER / "spotcheck_en.ts"
QM = FOLDER / "spotcheck_en.qm"
DOMAIN_TEXTS = UI / "domain_texts.py"
FIX = "python -m scripts.translations update"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (a venv), else on PATH."""
    for candidate in (Path(sys.executable).with_name(name), Path(sys.executable).with_name(name + ".exe")):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


# --- texts written outside app/ui ----------------------------------------------------------------------

def domain_texts() -> list[tuple[str, str]]:
    """(context, source) of every text the window passes to translate() that lupdate cannot see."""
    from enum import Enum

    from app import APP_DISPLAY_NAME
    from app.domain import record, registry
    from app.domain.selection import STAGE_LABELS, stage_label
    from app.exchange.registry_headers import INSPECTOR_HEADERS, INSTITUTION_HEADERS
    from app.reports import summary_model
    from app.services import profile
    from app.services import summary as summary_service
    from app.services.checklist import available_versions, load_checklist

    texts: list[tuple[str, str]] = []
    for module in domain_modules():  # every enumeration with a `label`: statuses, categories, verdicts, ...
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Enum) and value.__module__ == module.__name__
                    and isinstance(getattr(value, "label", None), property)):
                texts += [("labels", member.label) for member in value]
    for spec in (INSTITUTION_HEADERS, INSPECTOR_HEADERS):
        texts += [("labels", spec.canonical(name)) for name in spec.aliases]
    texts += [("draw_views", stage_label(name)) for name in STAGE_LABELS]
    texts += [("draw_views", stage_label(f"risk_{risk.value}{suffix}"))
              for risk in registry.RiskClass for suffix in ("_priority", "")]
    texts += [("MainWindow", APP_DISPLAY_NAME)] + [("MainWindow", text) for text in profile.ROLE_LABELS.values()]
    texts += [("labels", text) for text in (*summary_service.EXAM_LABELS.values(), summary_model.NOT_JUDGED,
                                            summary_model.NO_CONCLUSION)]
    texts += [("VisitTab", text) for text in record.VISIT_FIELDS.values()]
    for version in available_versions():
        texts += [("checklist", text) for text in checklist_texts(load_checklist(version))]
    seen: set[tuple[str, str]] = set()
    return [t for t in texts if t[1] and not (t in seen or seen.add(t))]


def domain_modules() -> list:
    import importlib
    import pkgutil

    import app.domain

    return [importlib.import_module(f"app.domain.{info.name}") for info in pkgutil.iter_modules(app.domain.__path__)]


def checklist_texts(found) -> list[str]:
    """What the window shows of a checklist in the user's language: titles, field names, answers, items.

    The check methods and legal bases stay as published: they are quoted from the regulator's table."""
    texts = [found.title, found.question, found.basic_info_title, found.cma_info_title]
    for info in (*found.basic_info, *found.cma_info):
        texts += [info.label, info.note]
    for answer in found.answers:
        texts += [answer.label, answer.meaning]
    texts += [item.content for item in found.items]
    return [t for t in texts if t]


def render_domain_texts() -> str:
    lines = [
        '"""Texts the window translates at run time that are written outside app/ui, listed for lupdate.',
        "",
        f"Generated by `{FIX}` from the domain's labels, the registry headers, the draw's",
        "stages, the visit's fields and the bundled checklists: do not edit. Never imported.",
        '"""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "TEXTS = [",
    ]
    for context, text in domain_texts():
        lines.append(f"    QT_TRANSLATE_NOOP({json.dumps(context)}, {json.dumps(text, ensure_ascii=False)}),")
    lines.append("]")
    return "\n".join(lines) + "\n"


# --- lupdate / lrelease -------------------------------------------------------------------------------

def sources() -> list[Path]:
    """Every window module (not the compiled forms: their .ui files are read instead) and every form."""
    found = [p for p in sorted(UI.rglob("*.py")) if "forms" not in p.relative_to(UI).parts]
    return found + sorted(FORMS.glob("*.ui"))


def lupdate(ts: Path) -> str:
    listing = Path(tempfile.mkdtemp()) / "sources.lst"
    listing.write_text("\n".join(str(p) for p in sources()) + "\n", encoding="utf-8")
    try:
        done = subprocess.run([tool("pyside6-lupdate"), f"@{listing}", "-extensions", "py,ui",
                               "-source-language", "zh_CN", "-target-language", "en", "-no-obsolete",
                               "-locations", "none", "-sort-messages", "-ts", str(ts)],
                              capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(listing.parent, ignore_errors=True)
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


# --- reading a .ts -------------------------------------------------------------------------------------

def messages(ts: Path) -> list[dict]:
    """Each message: context, source, translation (text, or the list of plural forms), type, numerus."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")]
            found.append({"context": name, "source": message.findtext("source") or "",
                          "translation": forms if message.get("numerus") == "yes" else (translation.text or ""),
                          "type": translation.get("type"), "numerus": message.get("numerus") == "yes"})
    return found


def forms(message: dict) -> list[str]:
    """A message's translated texts: one, or one per plural form."""
    return message["translation"] if message["numerus"] else [message["translation"]]


def unfinished(message: dict) -> bool:
    """Marked unfinished, vanished or obsolete, or with an empty text."""
    return message["type"] is not None or not all(text.strip() for text in forms(message))


def missing_messages(ts: Path = TS) -> list[tuple[str, str]]:
    """(context, source) that lupdate finds in the sources today and the committed .ts lacks."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.ts"
        lupdate(fresh)
        have = {(m["context"], m["source"]) for m in messages(ts)}
        return [(m["context"], m["source"]) for m in messages(fresh) if (m["context"], m["source"]) not in have]


def problems() -> list[str]:
    """Why the committed translation is not current, in words (empty when it is)."""
    found = []
    if not DOMAIN_TEXTS.is_file() or DOMAIN_TEXTS.read_text(encoding="utf-8") != render_domain_texts():
        found.append(f"app/ui/domain_texts.py is not current: run `{FIX}`")
    missing = missing_messages()
    if missing:
        found.append(f"{len(missing)} message(s) in the sources are not in {TS.name}: run `{FIX}`, then translate "
                     "them in the .ts:\n" + "\n".join(f"  [{c}] {s}" for c, s in missing))
    todo = [m for m in messages(TS) if unfinished(m)]
    if todo:
        found.append(f"{len(todo)} message(s) unfinished, vanished, obsolete or empty in {TS.name}:\n"
                     + "\n".join(f"  [{m['context']}] {m['source']} ({m['type'] or 'empty'})" for m in todo))
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / QM.name
        lrelease(TS, built)
        if not QM.is_file() or QM.read_bytes() != built.read_bytes():
            found.append(f"{QM.name} is not what lrelease makes of {TS.name}: run `python -m scripts.translations build`")
    return found


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:] or ["check"])[0]
    if command == "update":
        DOMAIN_TEXTS.write_text(render_domain_texts(), encoding="utf-8")
        FOLDER.mkdir(parents=True, exist_ok=True)
        print(lupdate(TS).strip())
        lrelease(TS, QM)
        todo = [m for m in messages(TS) if unfinished(m)]
        print(f"{TS.relative_to(ROOT)}: {len(todo)} message(s) to translate")
        return 0
    if command == "build":
        lrelease(TS, QM)
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "translations are current")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
