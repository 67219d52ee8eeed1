"""The disk is lost: a backup taken while cases run, with deadline timers pending and steps in
flight, is restored into an empty data directory and an empty database; the system started on
it resumes every case, fires every pending timer once, and its hash chains verify."""

from __future__ import annotations

import asyncio
import datetime as dt
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from temporalio.api.enums.v1 import EventType

from db import models
from domain.legal_calendar import CHINA_TZ
from launcher import Stack, free_port
from services.attachment_store import AttachmentStore
from services.chain_verify import verify_all
from services.ops.backup import back_up
from services.ops.backup_format import MANIFEST, BackupError, Manifest
from services.ops.restore import cases_without_workflow, restore
from settings import Settings
from tests import support
from tests.faults.conftest import Launch
from tests.faults.system import NOT_LISTED, ORDER, FaultSystem, Step, connect_when_ready
from tests.faults.test_server_restart import ONE_HOUR_LISTING, escalated, timers_armed
from tests.support import empty_database

HAZARDS = 4  # listing deadline pending at the backup, due after the restore
ORDERS = 2  # ordered before the backup: a numbered document and an open service step
DUE_IN = 75  # seconds from the reports: backup, stop, restore and start fit well within


def _settings(data_dir: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        attachment_dir=data_dir / "attachments",
        archive_dir=data_dir / "archive",
    )


async def _timers_fired(system: FaultSystem, case_ids: list[int]) -> Counter[int]:
    with system.sessions() as db:
        rows = db.execute(select(models.Case.id, models.Case.workflow_id).where(models.Case.id.in_(case_ids))).all()
    fired: Counter[int] = Counter()
    for case_id, workflow_id in rows:
        history = await system.client.get_workflow_handle(workflow_id).fetch_history()
        fired[case_id] = sum(1 for e in history.events if e.event_type == EventType.EVENT_TYPE_TIMER_FIRED)
    return fired


async def test_backup_under_load_restores_into_an_empty_system_that_resumes_every_case(
    launch: Launch, tmp_path: Path
) -> None:
    system = await launch(process_toml=ONE_HOUR_LISTING)
    now = dt.datetime.now(dt.UTC)
    hazards = await system.report_hazards(HAZARDS, reported_at=now - dt.timedelta(hours=1, seconds=-DUE_IN))
    orders = await system.order_rectifications(ORDERS)
    await system.take_steps([Step(c, "order", "ql.handler", ORDER) for c in orders])
    for case_id in orders:
        await system.open_task_id(case_id, "service")
    while not await timers_armed(system, hazards):
        await asyncio.sleep(0.2)
    source = _settings(tmp_path, system.stack.database_url)
    evidence = AttachmentStore(source.attachment_dir or tmp_path).put("现场照片".encode() * 100)

    archive = await asyncio.to_thread(back_up, source, tmp_path / "backups")  # the worker keeps running
    system.stack.stop()  # the disk is gone
    assert escalated(system, hazards) == 0, "a deadline passed before the backup: raise DUE_IN"

    with tarfile.open(archive) as tar:
        manifest = Manifest.from_json(tar.extractfile(MANIFEST).read().decode())  # type: ignore[union-attr]
    assert manifest.temporal == "embedded-sqlite"
    assert manifest.order[0] == "temporal.sqlite3"  # Temporal before its projection
    assert manifest.counts["open_cases"] == HAZARDS + ORDERS
    assert any(name.endswith(evidence) for name in manifest.files)

    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    with empty_database(restored_dir, "cases.sqlite3") as url:
        target = _settings(restored_dir, url)
        await asyncio.to_thread(restore, target, archive)
        with pytest.raises(BackupError, match="empty"):
            restore(target, archive)  # never over a system that has data
        assert AttachmentStore(restored_dir / "attachments").read(evidence) == "现场照片".encode() * 100

        stack = Stack(
            data_dir=restored_dir,
            database_url=url,
            web_port=free_port(),
            temporal_port=free_port(),
            ui_port=free_port(),
            quiet=True,
            log_dir=tmp_path,
        )
        try:
            stack.start_temporal()
            stack.start_worker(PROCESS_CONFIG_FILE=str(tmp_path / "process.toml"))
            back = FaultSystem(stack, support.session_factory(url), await connect_when_ready(stack))
            assert await cases_without_workflow(back.sessions, back.client) == []
            await _resumes_every_case(back, hazards, orders)
        finally:
            stack.stop()


async def _resumes_every_case(system: FaultSystem, hazards: list[int], orders: list[int]) -> None:
    # The pending deadline timers fire on the restored system, and escalate once each.
    await system.wait_for(lambda: escalated(system, hazards) == len(hazards), 150, "escalations after restore")
    with system.sessions() as db:
        for case_id in hazards:
            kinds = Counter(db.scalars(select(models.CaseEvent.kind).where(models.CaseEvent.case_id == case_id)))
            assert kinds["overdue"] == 1 and kinds["escalated"] == 1, (case_id, kinds)
            ledger = Counter(
                db.scalars(select(models.DeadlineEvent.kind).where(models.DeadlineEvent.case_id == case_id))
            )
            assert ledger["escalated"] == 1, (case_id, ledger)
        documents = db.scalar(
            select(func.count()).select_from(models.Document).where(models.Document.case_id.in_(orders))
        )
        assert documents == len(orders)
    fired = await _timers_fired(system, hazards)
    assert all(n == 1 for n in fired.values()), fired

    # Every case moves on: the hazards are decided, the orders' service is recorded.
    await system.take_steps([Step(c, "listing_decision", "ql.office", NOT_LISTED) for c in hazards])
    statuses = await system.wait_completed(hazards)
    assert statuses == Counter({"COMPLETED": len(hazards)}), statuses
    served = {
        "method": "direct",
        "served_on": dt.datetime.now(CHINA_TZ).date().isoformat(),
        "recipient": "企业安全负责人 王五",
    }
    await system.take_steps([Step(c, "service", "ql.handler", served) for c in orders])
    for case_id in orders:
        await system.open_task_id(case_id, "completion")  # the rectification period runs
    with system.sessions() as db:
        report = verify_all(db)
    assert report.intact, report.broken
    assert report.cases_checked >= len(hazards) + len(orders)
