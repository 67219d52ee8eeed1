"""The backup archive: one dated tar with a manifest of every file and its SHA-256.

Layout inside `anquan-backup-<UTC timestamp>.tar.gz`:

    manifest.json          what is inside, from which release, with checksums
    cases.sqlite3          the case database (SQLite), or
    cases.pgdump           the case database (PostgreSQL, `pg_dump --format=custom`)
    temporal.sqlite3       the embedded Temporal dev server's database, when it runs here
    attachments/…          the attachment store (content-addressed)
    archive/…              the dossiers of closed cases (案卷)

A `<archive>.sha256` beside it holds the archive's own checksum (`sha256sum -c` reads it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

FORMAT = "anquan-backup/1"
MANIFEST = "manifest.json"
CASES_SQLITE = "cases.sqlite3"
CASES_PGDUMP = "cases.pgdump"
TEMPORAL_SQLITE = "temporal.sqlite3"
ATTACHMENTS = "attachments"
ARCHIVE = "archive"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Manifest:
    format: str
    created_at: str
    database: str  # "sqlite" | "postgresql"
    schema_revision: str  # the case database's Alembic revision when it was copied
    temporal: str  # "embedded-sqlite" | "not-included"
    order: list[str]  # what was copied first: the Temporal database before the case database
    files: dict[str, dict[str, object]] = field(default_factory=dict)  # path -> {sha256, size}
    counts: dict[str, int] = field(default_factory=dict)  # cases, open cases, events, attachments

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise BackupError(f"not a backup of this system (format {data.get('format')!r}, expected {FORMAT})")
        return cls(**data)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL, None for another database."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite"):
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore, the password in the environment (not `ps`)."""
    url = make_url(database_url).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
        url = url.set(password=None)
    url = url.set(query={k: v for k, v in url.query.items() if k != "application_name"})
    return url.render_as_string(hide_password=False), env


def pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`; installed from Debian's `postgresql-client` when running as root."""
    found = shutil.which(name)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql-client"], check=True)
        found = shutil.which(name)
        if found:
            return found
    raise BackupError(
        f"{name} not found: install the PostgreSQL client of the server's major version "
        "(Debian/Ubuntu: apt-get install postgresql-client)"
    )
