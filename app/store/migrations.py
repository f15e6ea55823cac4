"""The schema, as an ordered list of sqlite-utils migrations (forward only).

A migration is never edited once it has shipped: a change is a new function
at the end of app/store/migrations_later.py, then `python -m scripts.schema` writes the schema snapshot
that opening a file compares with (app/store/schema.py). `database.open_database` applies what is pending, after a backup.
Names this build does not know mean the file was written by a newer version.

The steps are plain functions listed in `STEPS`; the sqlite-utils `Migrations`
set is built from them only when something is pending, so that opening an
up-to-date database (every start of the window) does not import sqlite-utils.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from app.domain.registry import random_id
from app.store.schema import MIGRATION_SET

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

STEPS: list = []


def step(fn):
    """Register a migration; the order of the functions in this file is the order applied."""
    STEPS.append(fn)
    return fn


@cache
def migration_set() -> "Migrations":
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in STEPS:
        migrations(name=fn.__name__)(fn)
    return migrations


@step
def m001_registries(db: Database) -> None:
    """Institutions, inspectors and the profile (one inspector acting as inspector or lead)."""
    db.executescript(
        """
        CREATE TABLE institutions (
            id TEXT PRIMARY KEY,
            credit_code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('vehicle', 'eco_env', 'other')),
            address TEXT NOT NULL DEFAULT '',
            district TEXT NOT NULL DEFAULT '',
            authorized_name TEXT NOT NULL DEFAULT '',
            cma_cert_no TEXT NOT NULL DEFAULT '',
            cma_issuer TEXT NOT NULL DEFAULT '',
            cma_approved_on TEXT,
            cma_expires_on TEXT,
            legal_rep TEXT NOT NULL DEFAULT '',
            legal_rep_phone TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            top_manager TEXT NOT NULL DEFAULT '',
            top_manager_phone TEXT NOT NULL DEFAULT '',
            tech_lead TEXT NOT NULL DEFAULT '',
            signatories TEXT NOT NULL DEFAULT '[]',
            risk_class TEXT CHECK (risk_class IN ('A', 'B', 'C', 'D')),
            flag_complaint INTEGER NOT NULL DEFAULT 0,
            flag_pt_no_show INTEGER NOT NULL DEFAULT 0,
            flag_stats_missed INTEGER NOT NULL DEFAULT 0,
            eco_owned INTEGER NOT NULL DEFAULT 0,
            allocated_year INTEGER,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Indexed: the default sort order and the district list. Filters scan the table (55,000
        -- rows in ~20 ms), cheaper than keeping more indexes up to date on every import.
        CREATE INDEX institutions_name ON institutions (name);
        CREATE INDEX institutions_district ON institutions (district);  -- the district filter's choices

        CREATE TABLE inspectors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            department TEXT NOT NULL CHECK (department IN ('market', 'police', 'eco', 'expert')),
            level TEXT CHECK (level IN ('province', 'city', 'county')),
            unit TEXT NOT NULL DEFAULT '',
            cert_no TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            districts TEXT NOT NULL DEFAULT '[]',
            expertise TEXT NOT NULL DEFAULT '[]',
            avoid TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL DEFAULT 1,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX inspectors_cert_no ON inspectors (cert_no) WHERE cert_no != '';
        CREATE INDEX inspectors_name ON inspectors (name);

        CREATE TABLE profile (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )
    # The device id tells this database's edits apart from other laptops' when findings are merged.
    db.execute("INSERT INTO profile (key, value) VALUES ('device_id', ?)", [random_id()])


@step
def m002_registry_history_and_search(db: Database) -> None:
    """What each import did and every field it changed; one search column over name and codes."""
    db.executescript(
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('institutions', 'inspectors')),
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            sheet TEXT,
            inserted INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            refused INTEGER NOT NULL,
            warnings INTEGER NOT NULL
        );
        CREATE TABLE registry_changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            entity TEXT NOT NULL CHECK (entity IN ('institution', 'inspector')),
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            import_id INTEGER REFERENCES imports (id)
        );
        CREATE INDEX registry_changes_entity ON registry_changes (entity, entity_id);

        -- computed when read (VIRTUAL): nothing to write on import, nothing to keep in step
        ALTER TABLE institutions ADD COLUMN search_text TEXT
            GENERATED ALWAYS AS (lower(name || ' ' || credit_code || ' ' || cma_cert_no)) VIRTUAL;
        """
    )


def known_names() -> list[str]:
    return [fn.__name__ for fn in STEPS]


@step
def m003_recording(db: Database) -> None:
    """Inspection tasks and everything recorded on site, with the append-only, hash-chained audit log.

    Recorded rows carry the stamp of their last edit (`hlc`, a hybrid logical clock), its author and
    device: what merging findings from several laptops needs. Rows are never deleted, only marked.
    """
    db.executescript(
        """
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            institution_id TEXT NOT NULL REFERENCES institutions (id),
            checklist_version TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'notified', 'on_site', 'recorded', 'signed', 'merged', 'closed')),
            planned_date TEXT,
            notified_at TEXT,
            started_at TEXT,
            ended_at TEXT,
            place TEXT NOT NULL DEFAULT '',
            credentials_shown INTEGER NOT NULL DEFAULT 0,
            recusal_answer TEXT NOT NULL DEFAULT '',
            party_statement TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            signed_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX tasks_institution ON tasks (institution_id);

        CREATE TABLE task_members (
            task_id TEXT NOT NULL REFERENCES tasks (id),
            inspector_id TEXT NOT NULL REFERENCES inspectors (id),
            role TEXT NOT NULL CHECK (role IN ('leader', 'member')),
            position INTEGER NOT NULL,
            PRIMARY KEY (task_id, inspector_id)
        );

        -- The institution's basic information as corrected on site; the registry keeps its own values.
        CREATE TABLE institution_corrections (
            task_id TEXT NOT NULL REFERENCES tasks (id),
            field TEXT NOT NULL,
            original TEXT,
            value TEXT,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (task_id, field)
        );

        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            item INTEGER NOT NULL,
            verdict TEXT NOT NULL DEFAULT 'not_checked'
                CHECK (verdict IN ('problem', 'no_problem', 'na', 'not_checked')),
            description TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            UNIQUE (task_id, item)
        );

        CREATE TABLE blind_samples (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            position INTEGER NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            matrix TEXT NOT NULL DEFAULT '',
            parameter TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            statistic TEXT CHECK (statistic IN ('z', 'z_prime', 'zeta', 'En', 'qualitative')),
            assigned TEXT,                 -- numbers as exact decimal text
            sigma_pt TEXT,
            uncertainty_assigned TEXT,     -- u(X), standard
            expanded_assigned TEXT,        -- U(X), expanded, k = 2
            result TEXT,
            uncertainty_result TEXT,       -- u(x)
            expanded_result TEXT,          -- U(x)
            expected_text TEXT NOT NULL DEFAULT '',  -- qualitative samples
            result_text TEXT NOT NULL DEFAULT '',
            score TEXT,
            judgement TEXT CHECK (judgement IN ('satisfactory', 'questionable', 'unsatisfactory')),
            details TEXT NOT NULL DEFAULT '{}',  -- formula, inputs used, rounding, error type
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX blind_samples_task ON blind_samples (task_id);

        CREATE TABLE signatory_exams (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            position INTEGER NOT NULL,
            signatory TEXT NOT NULL DEFAULT '',
            field TEXT NOT NULL DEFAULT '',
            form TEXT CHECK (form IN ('written', 'oral', 'practical')),
            score TEXT,
            pass_mark TEXT,
            result TEXT CHECK (result IN ('pass', 'fail')),
            examiner_id TEXT REFERENCES inspectors (id),
            notes TEXT NOT NULL DEFAULT '',
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX signatory_exams_task ON signatory_exams (task_id);

        CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            media_type TEXT NOT NULL,
            original_name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );

        CREATE TABLE photos (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            item INTEGER,                  -- the checklist item it is evidence for, or none
            sha256 TEXT NOT NULL REFERENCES attachments (sha256),
            reduced_sha256 TEXT REFERENCES attachments (sha256),
            caption TEXT NOT NULL DEFAULT '',
            taken_at TEXT,
            position INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX photos_task ON photos (task_id);

        CREATE TABLE signatures (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            signer TEXT NOT NULL CHECK (signer IN ('inspector', 'representative')),
            inspector_id TEXT REFERENCES inspectors (id),
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            signed_at TEXT NOT NULL,
            strokes TEXT,                  -- JSON of the pen strokes, kept beside the picture
            png_sha256 TEXT REFERENCES attachments (sha256),
            refused INTEGER NOT NULL DEFAULT 0,
            refusal_reason TEXT NOT NULL DEFAULT '',
            witnesses TEXT NOT NULL DEFAULT '[]',
            void INTEGER NOT NULL DEFAULT 0,  -- set when the record is reopened after signing
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX signatures_task ON signatures (task_id);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            author TEXT NOT NULL,
            device TEXT NOT NULL,
            hlc TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            task_id TEXT,
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_task ON audit_log (task_id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """
    )


@step
def m004_keys(db: Database) -> None:
    """Signing keys' public parts: the profile's own (created) and other inspectors' (imported) certificates.

    Trust is by fingerprint (SHA-256 of the certificate's DER). A replaced key keeps its row with `retired_at`:
    what it signed before still verifies.
    """
    db.executescript(
        """
        CREATE TABLE inspector_keys (
            id TEXT PRIMARY KEY,
            inspector_id TEXT NOT NULL REFERENCES inspectors (id),
            fingerprint TEXT NOT NULL UNIQUE,
            certificate TEXT NOT NULL,     -- PEM
            subject TEXT,
            not_before TEXT,               -- the certificate's validity (ISO 8601, UTC)
            not_after TEXT,
            retired_at TEXT,               -- set when the key was replaced; earlier signatures still verify
            source TEXT CHECK (source IN ('created', 'imported')),
            created_at TEXT
        );
        CREATE INDEX inspector_keys_inspector ON inspector_keys (inspector_id);
        """
    )


@step
def m005_application_id(db: Database) -> None:
    """Mark the file as Spotcheck's (`PRAGMA application_id`): another program's SQLite file is refused untouched.

    Files made before this mark are recognised by their migrations and their exact schema, and marked here.
    """
    from app.store.schema import APPLICATION_ID

    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@step
def m006_blind_sample_codes(db: Database) -> None:
    """A blind sample's code names one sample within its task (issue 8): a second sample with the same code, or a
    change or restoration that would make one, is refused by the database too (the service refuses it in words).

    Triggers rather than a unique index: samples recorded twice under one code before this rule stay as they were.
    """
    db.executescript(
        """
        CREATE TRIGGER blind_samples_code_unique_insert BEFORE INSERT ON blind_samples
            WHEN NEW.code != '' AND NEW.deleted = 0 AND EXISTS (
                SELECT 1 FROM blind_samples WHERE task_id = NEW.task_id AND code = NEW.code AND deleted = 0)
            BEGIN SELECT RAISE(ABORT, 'blind sample code already used in this task'); END;
        CREATE TRIGGER blind_samples_code_unique_update BEFORE UPDATE OF code, deleted, task_id ON blind_samples
            WHEN NEW.code != '' AND NEW.deleted = 0 AND EXISTS (
                SELECT 1 FROM blind_samples
                WHERE task_id = NEW.task_id AND code = NEW.code AND deleted = 0 AND id != NEW.id)
            BEGIN SELECT RAISE(ABORT, 'blind sample code already used in this task'); END;
        """
    )


@step
def m007_official_record(db: Database) -> None:
    """What an official on-site record needs (issue 9): a document number given once when the task is created
    (the organ's prefix at that time, the year and a serial, unique within the database), the recorder (记录人,
    one of the team), whether each officer showed credentials, and the institution's people present.

    Tasks created before this have no number: their record keeps the old reference, made from the task id.
    """
    db.executescript(
        """
        ALTER TABLE tasks ADD COLUMN document_prefix TEXT NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN document_year INTEGER;
        ALTER TABLE tasks ADD COLUMN document_serial INTEGER;
        ALTER TABLE tasks ADD COLUMN recorder_id TEXT REFERENCES inspectors (id);
        CREATE UNIQUE INDEX tasks_document_number ON tasks (document_prefix, document_year, document_serial)
            WHERE document_serial IS NOT NULL;
        ALTER TABLE task_members ADD COLUMN credentials_shown INTEGER NOT NULL DEFAULT 0;

        -- The institution's people present at the visit (现场负责人、陪同人员).
        CREATE TABLE visit_attendees (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX visit_attendees_task ON visit_attendees (task_id);
        """
    )


# The steps since records travel between databases (m008 on: merge, inbox, plans and draws, cases) are in their
# own module; importing it here registers them after the ones above, in order.
from app.store import migrations_later  # noqa: E402, F401
