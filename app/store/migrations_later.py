"""The schema's later migrations (m008 on): what travels between databases (field edits, the inbox, other
devices' audit entries), the year's plans and draws, cases, result notices. Registered after
app/store/migrations.py's own steps, in the order of this file; never edited once shipped (see there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store.migrations import step

if TYPE_CHECKING:
    from sqlite_utils import Database


@step
def m008_field_edits(db: Database) -> None:
    """The travelling edits of recorded fields (issue 10): each field's value, author, device, stamp and the
    versions it replaced, which merging findings from several devices works on (app/domain/merge.py). Filled
    from the audit log, replayed in order, so that what was recorded before travels too."""
    db.executescript(
        """
        CREATE TABLE field_edits (
            hlc TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            task_id TEXT,
            value TEXT,
            author TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT '',
            bases TEXT NOT NULL DEFAULT '[]',  -- JSON list of the stamps of the versions it replaced
            at TEXT NOT NULL,
            source TEXT,                       -- the package it came in, or NULL when made here
            PRIMARY KEY (hlc, entity, entity_id, field)
        );
        CREATE INDEX field_edits_key ON field_edits (entity, entity_id, field);
        CREATE INDEX field_edits_task ON field_edits (task_id);
        """
    )
    if db.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone() is None:
        return  # nothing to replay (the empty database the schema check builds at every start: no imports)
    from app.store.field_edits import backfill
    from app.store.rows import ENTITIES

    backfill(db.conn, ENTITIES)


@step
def m009_inbox(db: Database) -> None:
    """Every package this database was given (issue 10): merged, merged already, or refused and why."""
    db.executescript(
        """
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at TEXT NOT NULL,
            file TEXT NOT NULL,
            package_id TEXT,
            kind TEXT,
            author TEXT,
            created_at TEXT,
            tasks TEXT NOT NULL DEFAULT '[]',
            verdict TEXT NOT NULL CHECK (verdict IN ('merged', 'already', 'refused')),
            message TEXT NOT NULL DEFAULT '',
            new_edits INTEGER NOT NULL DEFAULT 0,
            conflicts INTEGER NOT NULL DEFAULT 0
        );
        """
    )


@step
def m010_received_audit(db: Database) -> None:
    """Other devices' audit entries as their packages brought them (issue 10): a device's later package must
    extend what it sent before, never rewrite it; `audit verify` checks each entry's hash and the links."""
    db.executescript(
        """
        CREATE TABLE received_audit (
            device TEXT NOT NULL,
            entry_id INTEGER NOT NULL,
            hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry TEXT NOT NULL,          -- the entry as received (JSON)
            package_id TEXT NOT NULL,
            PRIMARY KEY (device, entry_id)
        );
        """
    )


@step
def m011_plans_and_draws(db: Database) -> None:
    """The year's plans and their draws (issue 11), which level above drew or allocated each institution in
    which year, which plan and draw made each task, and the task's notice of inspection (检查通知书,
    numbered like the record) with when and how it was given.

    A draw is written once when announced (its frozen pools) and completed once with the seed and the
    result; after that the database itself refuses to change or delete it (triggers). A re-draw is a new
    row that names the one it replaces and why.
    """
    db.executescript(
        """
        CREATE TABLE higher_level_picks (
            institution_id TEXT NOT NULL REFERENCES institutions (id),
            year INTEGER NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
            kind TEXT NOT NULL CHECK (kind IN ('drawn', 'allocated')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            PRIMARY KEY (institution_id, year, level)
        );

        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            year INTEGER NOT NULL,
            title TEXT NOT NULL,
            settings TEXT NOT NULL,       -- JSON, app/domain/plan.py: quotas, policies, organs, deadlines
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE plan_institutions (  -- exclusions (and overrides of a higher level's pick) with reasons
            plan_id TEXT NOT NULL REFERENCES plans (id),
            institution_id TEXT NOT NULL REFERENCES institutions (id),
            kind TEXT NOT NULL CHECK (kind IN ('exclude', 'include')),
            reason TEXT NOT NULL CHECK (reason != ''),
            created_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, institution_id)
        );

        CREATE TABLE draws (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans (id),
            kind TEXT NOT NULL CHECK (kind IN ('institutions', 'inspectors')),
            announced_at TEXT NOT NULL,
            source TEXT NOT NULL,
            announcement TEXT NOT NULL,   -- canonical JSON: the frozen pools and the rules applied
            announcement_sha256 TEXT NOT NULL,
            replaces TEXT REFERENCES draws (id),
            reason TEXT NOT NULL DEFAULT '',
            seed TEXT,                    -- as given
            key TEXT,                     -- RFC 3797 key string
            drawn_at TEXT,
            result TEXT,                  -- JSON: per category the picks with every step
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX draws_plan ON draws (plan_id);

        CREATE TRIGGER draws_kept_for_ever BEFORE DELETE ON draws
        BEGIN SELECT RAISE(ABORT, 'draws are never deleted'); END;
        CREATE TRIGGER draws_drawn_once BEFORE UPDATE ON draws
        WHEN OLD.seed IS NOT NULL
            OR NEW.id IS NOT OLD.id OR NEW.plan_id IS NOT OLD.plan_id OR NEW.kind IS NOT OLD.kind
            OR NEW.announced_at IS NOT OLD.announced_at OR NEW.source IS NOT OLD.source
            OR NEW.announcement IS NOT OLD.announcement
            OR NEW.announcement_sha256 IS NOT OLD.announcement_sha256
            OR NEW.replaces IS NOT OLD.replaces OR NEW.reason IS NOT OLD.reason
        BEGIN SELECT RAISE(ABORT, 'a draw is completed once and never changed'); END;

        -- Which plan and draw made a task: kept by the lead, not in the task itself (a task travels to laptops
        -- that hold no plans).
        CREATE TABLE draw_tasks (
            task_id TEXT PRIMARY KEY REFERENCES tasks (id),
            plan_id TEXT NOT NULL REFERENCES plans (id),
            draw_id TEXT NOT NULL REFERENCES draws (id),
            team_draw_id TEXT REFERENCES draws (id)
        );
        CREATE INDEX draw_tasks_plan ON draw_tasks (plan_id);
        ALTER TABLE tasks ADD COLUMN notice_method TEXT NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN notice_prefix TEXT NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN notice_year INTEGER;
        ALTER TABLE tasks ADD COLUMN notice_serial INTEGER;
        CREATE UNIQUE INDEX tasks_notice_number ON tasks (notice_prefix, notice_year, notice_serial)
            WHERE notice_serial IS NOT NULL;
        """
    )
    # What `allocated_year` said: handed to this bureau by the province's draw of that year.
    db.execute(
        "INSERT INTO higher_level_picks (institution_id, year, level, kind, note, created_at) "
        "SELECT id, allocated_year, 'province', 'allocated', '', updated_at FROM institutions "
        "WHERE allocated_year IS NOT NULL"
    )


@step
def m012_cases(db: Database) -> None:
    """The lead's handling of each inspected task (issue 12): conclusion, rectification, penalty, credit listing,
    typical case, and the referrals of problem leads to other departments. Kept by the lead (they do not travel
    in packages); every change is audited."""
    db.executescript(
        """
        CREATE TABLE cases (
            task_id TEXT PRIMARY KEY REFERENCES tasks (id),
            conclusion TEXT NOT NULL
                CHECK (conclusion IN ('no_problem', 'rectify', 'refer', 'investigate', 'obstructed')),
            decided_on TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            rectify_by TEXT,
            rectification_received_on TEXT,
            rectification_checked_on TEXT,
            rectification_accepted INTEGER,
            penalty_decision TEXT NOT NULL DEFAULT '',
            penalty_on TEXT,
            penalty_text TEXT NOT NULL DEFAULT '',
            revoked INTEGER NOT NULL DEFAULT 0,
            no_penalty_reason TEXT NOT NULL DEFAULT '',
            dishonest_listed_on TEXT,
            typical_case INTEGER NOT NULL DEFAULT 0,
            typical_summary TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        );
        CREATE TABLE referrals (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES cases (task_id),
            recipient TEXT NOT NULL CHECK (recipient IN ('police', 'eco', 'judicial', 'other')),
            items TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL CHECK (text != ''),
            referred_on TEXT NOT NULL,
            department TEXT NOT NULL DEFAULT '',
            document_number TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX referrals_task ON referrals (task_id);
        CREATE INDEX referrals_recipient ON referrals (recipient);
        """
    )


@step
def m013_result_notices(db: Database) -> None:
    """The number of each task's result notice (检查结果告知书): given once, when it is first issued, with the
    organ's result-notice prefix and the conclusion's year, and the day it was given."""
    db.executescript(
        """
        CREATE TABLE result_notices (
            task_id TEXT PRIMARY KEY REFERENCES cases (task_id),
            prefix TEXT NOT NULL CHECK (prefix != ''),
            year INTEGER NOT NULL,
            serial INTEGER NOT NULL CHECK (serial > 0),
            issued_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (prefix, year, serial)
        );
        """
    )


@step
def m014_member_edits_per_task(db: Database) -> None:
    """A team member's travelling edits are named per task (task/inspector), as corrections are (task/field):
    named by the inspector alone, the same person's role in two tasks was one field, and the newer role was
    written into both tasks on a database that received them (issue 10)."""
    db.execute("UPDATE field_edits SET entity_id = task_id || '/' || entity_id"
               " WHERE entity = 'member' AND task_id IS NOT NULL AND instr(entity_id, '/') = 0")


@step
def m015_institution_name_key(db: Database) -> None:
    """Institutions sort by the pinyin of their names (issue 13): each row keeps its name's sort key
    (app/domain/collation.py), written with the name on import and edit, and indexed, so that the list shows
    165,000 names in pinyin order as fast as it showed them in code-point order. Existing rows are filled here.
    The index on the name itself goes: nothing orders by it any more, and an import no longer keeps it."""
    db.executescript(
        """
        ALTER TABLE institutions ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        CREATE INDEX institutions_name_key ON institutions (name_key);
        DROP INDEX institutions_name;
        """
    )
    rows = db.execute("SELECT rowid, name FROM institutions").fetchall()
    if not rows:  # e.g. the empty database the schema check builds: pypinyin's dictionaries take 0.2 s to load
        return
    from app.domain.collation import sort_key

    db.conn.executemany("UPDATE institutions SET name_key = ? WHERE rowid = ?",
                        [(sort_key(name), rowid) for rowid, name in rows])


@step
def m016_task_cancellation(db: Database) -> None:
    """A task can be cancelled (issue 13): when and why, in recorded fields of their own beside the status. They
    travel as field edits like the rest of the task, and no edit of the status touches them, so a package made
    before the cancel (a laptop that moved the task on site) cannot undo it. (m015 is left to the institutions'
    sort keys, made on another branch.)"""
    db.executescript(
        """
        ALTER TABLE tasks ADD COLUMN cancelled_at TEXT;
        ALTER TABLE tasks ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
        """
    )
