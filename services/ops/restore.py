"""Restore a backup into an empty data directory (and an empty database):

    .venv/bin/python -m services.ops.restore ARCHIVE    (what ./scripts/restore runs)

Every checksum of the manifest is verified before anything is written. The target must be
empty: no case database file (SQLite) or no table (PostgreSQL), no Temporal database, no
attachment. The case database is then migrated to this release's head (a backup of an older
release is upgraded on the way), and the system starts on it with `./scripts/start`, every
open case resuming where it was, its pending timers included. Then

    .venv/bin/python -m services.ops.restore --check

lists the open cases whose workflow the restored Temporal does not know (a case reported in the
seconds between the two copies of the backup); each is reported again.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from db import models
from db.migrate import upgrade
from db.session import make_engine, make_session_factory
from services.ops.backup_format import (
    ARCHIVE,
    ATTACHMENTS,
    CASES_PGDUMP,
    CASES_SQLITE,
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


def read_verified(archive: Path, into: Path) -> Manifest:
    """Unpack the archive into `into` and check every file against the manifest."""
    sidecar = archive.with_name(archive.name + ".sha256")
    if sidecar.exists():
        expected = sidecar.read_text().split()[0]
        if sha256_file(archive) != expected:
            raise BackupError(f"{archive.name}: its checksum differs from {sidecar.name}: the archive is damaged")
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(into, filter="data")  # no absolute paths, no links out of `into`
    manifest = Manifest.from_json((into / MANIFEST).read_text(encoding="utf-8"))
    found = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if found != set(manifest.files):
        raise BackupError(f"files differ from the manifest: {sorted(found ^ set(manifest.files))[:5]}")
    for name, entry in manifest.files.items():
        if sha256_file(into / name) != entry["sha256"]:
            raise BackupError(f"{name}: checksum differs from the manifest: the backup is damaged")
    return manifest


def _require_empty(settings: Settings, temporal_file: Path) -> None:
    problems = []
    case_file = sqlite_path(settings.database_url)
    if case_file is not None and case_file.exists() and case_file.stat().st_size > 0:
        problems.append(f"the case database {case_file} exists")
    if case_file is None:
        engine = make_engine(settings.database_url)
        try:
            tables = inspect(engine).get_table_names()
        finally:
            engine.dispose()
        if tables:
            problems.append(f"the case database has {len(tables)} tables")
    if temporal_file.exists():
        problems.append(f"the Temporal database {temporal_file} exists")
    for label, directory in (("attachments", settings.attachment_dir), ("dossiers", settings.archive_dir)):
        if directory is not None and directory.is_dir() and any(directory.iterdir()):
            problems.append(f"the {label} directory {directory} is not empty")
    if problems:
        raise BackupError("restore only into an empty system: " + "; ".join(problems))


def _merge_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():  # an empty store has no file in the archive, hence no directory
        shutil.copytree(source, target, dirs_exist_ok=True)


def restore(settings: Settings, archive: Path, *, temporal_db: Path | None = None) -> Manifest:
    """Restore `archive` into the (empty) system of `settings`; return its manifest."""
    temporal_file = temporal_db if temporal_db is not None else settings.data_dir / "temporal.sqlite3"
    case_file = sqlite_path(settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="anquan-restore-", dir=settings.data_dir) as tmp:
        staging = Path(tmp)
        manifest = read_verified(archive, staging)
        wanted = "sqlite" if case_file is not None else "postgresql"
        if manifest.database != wanted:
            raise BackupError(f"the backup holds a {manifest.database} database, DATABASE_URL is {wanted}")
        _require_empty(settings, temporal_file)
        if case_file is not None:
            case_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / CASES_SQLITE, case_file)
        else:
            conninfo, env = libpq(settings.database_url)
            subprocess.run(
                [
                    pg_tool("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "--dbname",
                    conninfo,
                    str(staging / CASES_PGDUMP),
                ],
                check=True,
                env=env,
            )
        if manifest.temporal == "embedded-sqlite":
            temporal_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / TEMPORAL_SQLITE, temporal_file)
        assert settings.attachment_dir is not None and settings.archive_dir is not None
        _merge_tree(staging / ATTACHMENTS, settings.attachment_dir)
        _merge_tree(staging / ARCHIVE, settings.archive_dir)
    upgrade(settings.database_url)  # a backup of an older release: to this release's schema
    return manifest


async def cases_without_workflow(sessions: sessionmaker[Session], client: Client) -> list[str]:
    """Open cases whose workflow the restored Temporal does not know: reported in the seconds
    between the two copies of a backup. Each must be reported again (docs/ops/backup.md)."""
    with sessions() as db:
        rows = db.execute(
            select(models.Case.case_no, models.Case.workflow_id).where(models.Case.closed.is_(False))
        ).all()
    missing = []
    for case_no, workflow_id in rows:
        try:
            await client.get_workflow_handle(workflow_id).fetch_history_events(page_size=1).__anext__()
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            missing.append(case_no)
    return missing


async def _check(settings: Settings) -> int:
    from services.temporal_client import connect

    client = await connect(settings.temporal_address, settings.temporal_namespace)
    missing = await cases_without_workflow(make_session_factory(make_engine(settings.database_url)), client)
    for case_no in missing:
        print(f"{case_no}: open, but its workflow is not in Temporal: report it again")  # noqa: T201
    print(f"{len(missing)} open case(s) without a workflow")  # noqa: T201
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Restore a backup archive into an empty data directory")
    parser.add_argument("archive", type=Path, nargs="?")
    parser.add_argument("--check", action="store_true", help="after starting: list open cases without a workflow")
    parser.add_argument(
        "--temporal-db", type=Path, help="where the dev server's SQLite goes (default <DATA_DIR>/temporal.sqlite3)"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.check:
        return asyncio.run(_check(settings))
    if args.archive is None:
        parser.error("the backup archive to restore is required")
    try:
        manifest = restore(settings, args.archive, temporal_db=args.temporal_db)
    except (BackupError, subprocess.CalledProcessError, tarfile.TarError, OSError) as exc:
        print(f"restore failed: {exc}", file=sys.stderr)  # noqa: T201 - a command's answer
        return 1
    print(  # noqa: T201
        f"restored the backup of {manifest.created_at} ({manifest.counts}) into {settings.data_dir}; "
        f"Temporal: {manifest.temporal}. Start the system with ./scripts/start."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
