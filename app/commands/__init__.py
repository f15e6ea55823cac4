"""The CLI's commands, one module per area; each registers its sub-parsers here.

A handler takes the CLI `Context` and returns an `Outcome`: the JSON object,
the text printed without --json, and the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    data: dict
    text: str = ""
    status: int = 0


def register(sub, common) -> None:
    from app.commands import (
        cases,
        general,
        keys,
        package,
        plans,
        record,
        registry,
        report,
        results,
        selftest,
        summary,
        tasks,
    )

    general.register(sub, common)
    registry.register(sub, common)
    tasks.register(sub, common)
    record.register(sub, common)
    keys.register(sub, common)
    report.register(sub, common)
    package.register(sub, common)
    plans.register(sub, common)
    cases.register(sub, common)
    summary.register(sub, common)
    results.register(sub, common)
    selftest.register(sub, common)
