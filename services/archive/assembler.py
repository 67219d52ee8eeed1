"""Assembles the dossiers of closed cases, idempotently; also a command:

    .venv/bin/python -m services.archive.assembler     (assemble what is pending, once)

The web app runs `run_pending` every minute (api/scheduler.py's neighbour, `archive_loop`). A job
is claimed by a conditional update, so several web processes never assemble one case twice; a
claim older than `STALE_CLAIM` (a process died mid-way) is taken again. A case whose workflow is
still finishing (its last Update handlers) waits for the next run, so the history is complete.
The file is written to a temporary name and renamed, then recorded with its SHA-256.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from db import models
from db.archive_models import ArchiveJob, CaseArchive
from domain.legal_calendar import CHINA_TZ
from services.archive.dossier import build_dossier
from services.archive.retention import RetentionRules, load_retention
from services.atomic_file import write_atomically
from services.attachment_store import AttachmentStore

log = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 5  # then `failed`, counted in /metrics for the administrator to look at
BATCH = 20
HISTORY_GONE = "Temporal 已不再保存该流程的执行历史（超过命名空间保留期限）"
CLOSING_EVENTS = frozenset(
    {
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    }
)


@dataclass(frozen=True)
class ArchiveSettings:
    archive_dir: Path
    attachment_dir: Path
    retention: RetentionRules


@dataclass
class RunReport:
    assembled: list[int]
    waiting: list[int]  # workflow still running
    failed: list[int]


def _claim(sessions: sessionmaker[Session], job_id: int, now: dt.datetime) -> bool:
    with sessions.begin() as db:
        claimed = db.execute(
            update(ArchiveJob)
            .where(
                ArchiveJob.id == job_id,
                or_(
                    ArchiveJob.status == "pending",
                    (ArchiveJob.status == "running") & (ArchiveJob.claimed_at < now - STALE_CLAIM),
                ),
            )
            .values(status="running", claimed_at=now)
        )
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def _release(sessions: sessionmaker[Session], job_id: int, *, error: str | None) -> str:
    with sessions.begin() as db:
        job = db.get(ArchiveJob, job_id)
        assert job is not None
        if error is None:
            job.status = "pending"  # not ready yet: no attempt used
        else:
            job.attempts += 1
            job.last_error = error[:2000]
            job.status = "failed" if job.attempts >= MAX_ATTEMPTS else "pending"
        return job.status


def _assemble(sessions: sessionmaker[Session], settings: ArchiveSettings, job_id: int, history_json: str) -> None:
    now = dt.datetime.now(dt.UTC)
    with sessions.begin() as db:
        job = db.get(ArchiveJob, job_id)
        assert job is not None
        case = db.get(models.Case, job.case_id)
        assert case is not None
        closed_on = job.enqueued_at.astimezone(CHINA_TZ).date()
        years = settings.retention.years_for(case.process)
        until = settings.retention.retain_until(case.process, closed_on)
        dossier = build_dossier(
            db,
            AttachmentStore(settings.attachment_dir),
            case,
            history_json,
            assembled_at=now,
            retention_years=years,
            retain_until=until,
        )
        data = dossier.to_zip()
        relative = f"{closed_on.year}/{case.case_no}.zip"
        digest = hashlib.sha256(data).hexdigest()
        write_atomically(settings.archive_dir / relative, data)
        (settings.archive_dir / f"{relative}.sha256").write_text(f"{digest}  {case.case_no}.zip\n")
        record = db.scalar(select(CaseArchive).where(CaseArchive.case_id == case.id)) or CaseArchive(case_id=case.id)
        record.path, record.sha256, record.size, record.manifest = relative, digest, len(data), dossier.manifest
        record.assembled_at, record.retention_years, record.retain_until = now, years, until
        db.add(record)
        job.status, job.done_at, job.last_error = "done", now, ""


async def _history(client: Client, workflow_id: str) -> str | None:
    """The closed workflow's history as JSON; None while it runs. A history Temporal no longer
    keeps (a case closed before its namespace's retention ended, before this release) is noted."""
    try:
        history = await client.get_workflow_handle(workflow_id).fetch_history()
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        return json.dumps({"workflow_id": workflow_id, "unavailable": HISTORY_GONE}, ensure_ascii=False)
    if not history.events or history.events[-1].event_type not in CLOSING_EVENTS:
        return None
    return history.to_json()


async def run_pending(sessions: sessionmaker[Session], client: Client, settings: ArchiveSettings) -> RunReport:
    """Assemble the dossier of every pending closed case whose workflow has finished."""
    report = RunReport([], [], [])
    now = dt.datetime.now(dt.UTC)
    with sessions() as db:
        jobs = list(
            db.execute(
                select(ArchiveJob.id, ArchiveJob.case_id, models.Case.workflow_id)
                .join(models.Case, models.Case.id == ArchiveJob.case_id)
                .where(
                    or_(
                        ArchiveJob.status == "pending",
                        (ArchiveJob.status == "running") & (ArchiveJob.claimed_at < now - STALE_CLAIM),
                    )
                )
                .order_by(ArchiveJob.id)
                .limit(BATCH)
            ).all()
        )
    for job_id, case_id, workflow_id in jobs:
        if not _claim(sessions, job_id, now):
            continue
        try:
            history_json = await _history(client, workflow_id)
            if history_json is None:
                _release(sessions, job_id, error=None)  # still finishing: its history is not complete
                report.waiting.append(case_id)
                continue
            await asyncio.to_thread(_assemble, sessions, settings, job_id, history_json)
            report.assembled.append(case_id)
        except Exception as exc:  # noqa: BLE001 - recorded on the job, retried on the next run
            log.exception("dossier of case %s not assembled", case_id)
            if _release(sessions, job_id, error=f"{type(exc).__name__}: {exc}") == "failed":
                report.failed.append(case_id)
    return report


def archive_settings(archive_dir: Path, attachment_dir: Path, config_file: Path | None) -> ArchiveSettings:
    return ArchiveSettings(archive_dir, attachment_dir, load_retention(config_file))


async def _main() -> int:
    from db.session import make_engine, make_session_factory
    from services.temporal_client import connect
    from settings import get_settings

    s = get_settings()
    assert s.archive_dir is not None and s.attachment_dir is not None
    client = await connect(s.temporal_address, s.temporal_namespace)
    report = await run_pending(
        make_session_factory(make_engine(s.database_url)),
        client,
        archive_settings(s.archive_dir, s.attachment_dir, s.archive_config_file),
    )
    print(f"assembled {len(report.assembled)}, waiting {len(report.waiting)}, failed {len(report.failed)}")  # noqa: T201
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
