"""Write app/resources/schema/current.json: the schema every migration together makes, read when a file is opened.

    python -m scripts.schema           # after adding a migration (tests/test_schema_snapshot.py says when)

Opening an up-to-date database compares its schema with this snapshot instead of importing and running every
migration (app/store/schema.py); the snapshot is part of the program, as trusted as the migrations themselves.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> int:
    from app import paths
    from app.store.schema import SNAPSHOT, render_snapshot

    target = paths.resource(*SNAPSHOT)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_snapshot(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
