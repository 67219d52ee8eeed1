"""Back up the running system into one dated archive:

    .venv/bin/python -m services.ops.backup [--output DIR]    (what ./scripts/backup runs)

Consistent while cases run, without stopping anything:
1. the embedded Temporal server's SQLite file, with SQLite's online backup API (a consistent
   snapshot even while the server writes; WAL mode lets it go on writing);
2. then the case database: SQLite's online backup, or `pg_dump` (one consistent transaction);
3. then the attachment store and the dossiers (files are only added, never changed).

Why this order: Temporal holds the truth of every running case and the case database is its
projection, written by idempotent activities. A projection written after the Temporal snapshot
is in the case copy but not in Temporal's: after a restore, Temporal runs that activity again and
finds its rows already there (tasks by id, events by key). The reverse order would lose writes
that Temporal believes done. A case reported in the seconds between the two copies has its row
but no workflow: `restore` lists such cases (docs/ops/backup.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import func, select, text

from db import models
from db.session import make_engine, make_session_factory
from services.ops.backup_format import (
    ARCHIVE,
    ATTACHMENTS,
    CASES_PGDUMP,
    CASES_SQLITE,
    FORMAT,
    MANIFEST,
    TEMPORAL_SQLITE,
    BackupError,
    Manifest,
    libpq,
    pg_tool,
    sha256_file,
    sqlite_path,
)
from settings import Settings, get_settings


def online_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy of a database other processes are writing."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        with dst:
            # In one step: one read transaction, hence one consistent snapshot. In WAL mode the
            # writers go on meanwhile (a copy in steps would restart at each write of theirs).
            src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()


def _copy_tree(source: Path | None, target: Path) -> None:
    if source is not None and source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".upload-*", ".tmp-*"))
    else:
        target.mkdir(parents=True)


def _counts_and_revision(database_url: str) -> tuple[dict[str, int], str]:
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as db:
            revision = ",".join(sorted(db.execute(text("SELECT version_num FROM alembic_version")).scalars()))
            counts = {
                "cases": int(db.scalar(select(func.count()).select_from(models.Case)) or 0),
                "open_cases": int(
                    db.scalar(select(func.count()).select_from(models.Case).where(models.Case.closed.is_(False))) or 0
                ),
                "case_events": int(db.scalar(select(func.count()).select_from(models.CaseEvent)) or 0),
                "attachments": int(db.scalar(select(func.count()).select_from(models.Attachment)) or 0),
            }
    finally:
        engine.dispose()
    return counts, revision


def back_up(
    settings: Settings, output_dir: Path, *, temporal_db: Path | None = None, now: dt.datetime | None = None
) -> Path:
    """Write `anquan-backup-<UTC>.tar.gz` (and its `.sha256`) to `output_dir`; return its path.

    `temporal_db` defaults to the embedded dev server's `<DATA_DIR>/temporal.sqlite3`; when that
    file is absent (a production Temporal cluster) Temporal is not included: back it up with the
    cluster's own procedure (docs/ops/backup.md).
    """
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"anquan-backup-{stamp}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} exists")
    temporal_file = temporal_db if temporal_db is not None else settings.data_dir / "temporal.sqlite3"
    counts, revision = _counts_and_revision(settings.database_url)
    case_file = sqlite_path(settings.database_url)
    with tempfile.TemporaryDirectory(prefix="anquan-backup-", dir=output_dir) as tmp:
        staging = Path(tmp)
        order: list[str] = []
        if temporal_file.exists():
            online_copy(temporal_file, staging / TEMPORAL_SQLITE)
            order.append(TEMPORAL_SQLITE)
        if case_file is not None:
            online_copy(case_file, staging / CASES_SQLITE)
            order.append(CASES_SQLITE)
        else:
            conninfo, env = libpq(settings.database_url)
            subprocess.run(
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(staging / CASES_PGDUMP), conninfo],
                check=True,
                env=env,
            )
            order.append(CASES_PGDUMP)
        _copy_tree(settings.attachment_dir, staging / ATTACHMENTS)
        _copy_tree(settings.archive_dir, staging / ARCHIVE)
        order += [ATTACHMENTS, ARCHIVE]
        manifest = Manifest(
            format=FORMAT,
            created_at=(now or dt.datetime.now(dt.UTC)).isoformat(),
            database="sqlite" if case_file is not None else "postgresql",
            schema_revision=revision,
            temporal="embedded-sqlite" if temporal_file.exists() else "not-included",
            order=order,
            counts=counts,
        )
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            manifest.files[path.relative_to(staging).as_posix()] = {
                "sha256": sha256_file(path),
                "size": path.stat().st_size,
            }
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(staging / MANIFEST, arcname=MANIFEST)
            for name in sorted(manifest.files):
                tar.add(staging / name, arcname=name, recursive=False)
        partial.rename(target)
    target.with_name(target.name + ".sha256").write_text(f"{sha256_file(target)}  {target.name}\n")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Back up the case database, Temporal's and the files into one archive")
    parser.add_argument("--output", type=Path, help="directory of the archive (default <DATA_DIR>/backups)")
    parser.add_argument(
        "--temporal-db", type=Path, help="the dev server's SQLite file (default <DATA_DIR>/temporal.sqlite3)"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        path = back_up(settings, args.output or settings.data_dir / "backups", temporal_db=args.temporal_db)
    except (BackupError, subprocess.CalledProcessError, sqlite3.Error) as exc:
        print(f"backup failed: {exc}", file=sys.stderr)  # noqa: T201 - a command's answer
        return 1
    manifest = Manifest.from_json(tarfile.open(path).extractfile(MANIFEST).read().decode())  # type: ignore[union-attr]
    print(f"{path}\n  {len(manifest.files)} files, {manifest.counts}, Temporal: {manifest.temporal}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
