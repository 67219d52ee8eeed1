"""An upgrade: a database of the previous release's schema, with rows in every table and cases
open on it, is migrated to head; no row is lost and the open cases go on, writing the new tables."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from db.archive_models import ArchiveJob, CaseArchive
from db.migrate import upgrade
from db.seed import seed_organisations
from db.session import make_engine, make_session_factory
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.rectification import RectificationStart
from services import case_actions
from services.archive.assembler import archive_settings, run_pending
from services.archive.queue import enqueue_archive
from services.hazard_intake import report_hazard
from services.ops.health import code_head
from services.rectification_intake import start_rectification
from services.snapshots import take_snapshot
from settings import ROOT
from tests.support import empty_database, principal
from worker import build_worker


def previous_release() -> str:
    """The schema this release's newest migration starts from (the one before head).

    The old database is filled by running today's code on that schema, which it must still work
    on (migrations only add): what runs during a rolling upgrade. A fixture made by the previous
    release's own code would go further back; see docs/ops/upgrade.md."""
    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    head = script.get_revision(code_head())
    assert head is not None and isinstance(head.down_revision, str)
    return head.down_revision


NOT_LISTED = {"decision": "not_list", "reason": "经核查不构成重大事故隐患"}
ORDER = {"hazards": "报警器失效", "measures": "更换报警器", "period_days": 30, "basis": "安全生产法第六十五条"}


def _synthetic(column: sa.Column[Any], refs: dict[str, Any], n: int) -> Any:
    """A value of the column's type (or a row it references) for a table no flow has filled."""
    for fk in column.foreign_keys:
        return refs[fk.target_fullname]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.Numeric):
        return n
    if isinstance(kind, sa.DateTime):
        return dt.datetime.now(dt.UTC)
    if isinstance(kind, sa.Date):
        return dt.date(2026, 12, n % 28 + 1)
    if isinstance(kind, sa.JSON):
        return {}
    length = getattr(kind, "length", None) or 64
    return f"u{n}"[:length]


def fill_every_table(engine: Engine) -> list[str]:
    """Rows in every table the flows above left empty, by reflection; the names of those tables."""
    meta = sa.MetaData()
    meta.reflect(engine)
    filled = []
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version" or conn.scalar(select(sa.func.count()).select_from(table)):
                continue
            refs = {}
            for column in table.columns:
                for fk in column.foreign_keys:
                    target = fk.column
                    refs[fk.target_fullname] = conn.scalar(
                        select(target).where(target.is_not(None)).order_by(target).limit(1)
                    )
            row = {
                c.name: _synthetic(c, refs, 7)
                for c in table.columns
                if not (c.primary_key and isinstance(c.type, sa.Integer) and not c.foreign_keys)
            }
            conn.execute(table.insert().values(**row))
            filled.append(table.name)
    return filled


def row_counts(engine: Engine) -> dict[str, int]:
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {t.name: int(conn.scalar(select(sa.func.count()).select_from(t)) or 0) for t in meta.sorted_tables}


async def _open_task(sessions: sessionmaker[Session], case_id: int, step: str) -> str:
    for _ in range(300):
        with sessions() as db:
            task_id = db.scalar(
                select(models.Task.id).where(
                    models.Task.case_id == case_id, models.Task.step == step, models.Task.status == "open"
                )
            )
        if task_id is not None:
            return task_id
        await asyncio.sleep(0.1)
    raise AssertionError(f"case {case_id}: no open {step} task")


async def test_previous_release_database_migrates_with_every_row_and_its_open_cases_go_on(
    tmp_path: Path, client: Client, task_queue: str
) -> None:
    with empty_database(tmp_path, "previous.sqlite3") as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, previous_release())
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with sessions() as db:
            seed_organisations(db)
            db.commit()
            enterprise = db.scalar(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302"))
            assert enterprise is not None
        handler = principal(sessions, "ql.handler")
        now = dt.datetime.now(dt.UTC)
        today = now.astimezone(CHINA_TZ).date()
        async with build_worker(client, task_queue, sessions, ProcessConfig()):
            with sessions() as db:
                hazard = await report_hazard(
                    db=db,
                    client=client,
                    task_queue=task_queue,
                    principal=handler,
                    report=HazardReport(
                        enterprise_id=enterprise,
                        title="储罐区可燃气体报警装置失效",
                        description="报警器失效",
                        grade=4,
                        source="inspection",
                        found_on=today,
                    ),
                    config=ProcessConfig(),
                    now=now,
                )
                order = await start_rectification(
                    db=db,
                    client=client,
                    task_queue=task_queue,
                    principal=handler,
                    start=RectificationStart(
                        enterprise_id=enterprise,
                        inspection_record_no="麒应急检〔2026〕99号",
                        inspected_on=today,
                        findings="报警器失效",
                        own_enforcement_power=False,
                    ),
                    now=now,
                )
            hazard_id, order_id = hazard.id, order.id
            with sessions() as db:
                await case_actions.complete_task(
                    db=db,
                    client=client,
                    principal=handler,
                    task_id=await _open_task(sessions, order_id, "order"),
                    form=ORDER,
                )
            await _open_task(sessions, order_id, "service")
            await _open_task(sessions, hazard_id, "listing_decision")
            take_snapshot(sessions, now)
            with sessions() as db:  # a case closed long ago: Temporal no longer keeps its history
                legacy = models.Case(
                    case_no="GP-2024-00001",
                    workflow_id="hazard-GP-2024-00001",
                    process="hazard",
                    title="纸质案卷转入的已办结隐患",
                    status="delisted",
                    closed=True,
                    jurisdiction_code="530302",
                    jurisdiction_path="530000/530300/530302/",
                    created_at=now - dt.timedelta(days=700),
                    updated_at=now - dt.timedelta(days=600),
                    details={},
                )
                db.add(legacy)
                db.commit()
                legacy_id = legacy.id
            synthetic = fill_every_table(engine)
            before = row_counts(engine)
            assert all(before.values()), [t for t, n in before.items() if not n]
            assert "cases" not in synthetic and "case_events" not in synthetic and "documents" not in synthetic

            engine.dispose()
            await asyncio.to_thread(upgrade, url)  # to head, while the cases' workflows wait

            after = row_counts(engine)
            assert {t: after[t] for t in before} == before  # no row lost or added
            with engine.connect() as conn:
                assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == code_head()
            with sessions() as db:
                if "archive_jobs" in synthetic:
                    # The archive is older than this release: a case closed outside the workflows
                    # is queued by hand (docs/ops/archive.md); the queue survived the upgrade.
                    enqueue_archive(db, legacy_id, now)
                    db.commit()
                else:  # 0015 queues the cases closed before the archive existed
                    assert db.scalars(select(ArchiveJob.case_id)).all() == [legacy_id]
            rules = archive_settings(tmp_path / "archive", tmp_path / "attachments", None)
            assert (await run_pending(sessions, client, rules)).assembled == [legacy_id]
            with sessions() as db:
                dossier = db.scalar(select(CaseArchive).where(CaseArchive.case_id == legacy_id))
                assert dossier is not None
            with zipfile.ZipFile(tmp_path / "archive" / dossier.path) as z:
                assert json.loads(z.read("05-workflow-history.json"))["unavailable"]

            # The open cases go on on the new schema: a decision closes the hazard (and queues its
            # dossier in a table the previous release did not have), the order is served.
            with sessions() as db:
                await case_actions.complete_task(
                    db=db,
                    client=client,
                    principal=principal(sessions, "ql.office"),
                    task_id=await _open_task(sessions, hazard_id, "listing_decision"),
                    form=NOT_LISTED,
                )
                await case_actions.complete_task(
                    db=db,
                    client=client,
                    principal=handler,
                    task_id=await _open_task(sessions, order_id, "service"),
                    form={"method": "direct", "served_on": today.isoformat(), "recipient": "企业安全负责人 王五"},
                )
            await client.get_workflow_handle(hazard.workflow_id).result()
            await _open_task(sessions, order_id, "completion")
            with sessions() as db:
                closed = db.get(models.Case, hazard_id)
                assert closed is not None and closed.closed
                status = db.scalar(select(ArchiveJob.status).where(ArchiveJob.case_id == hazard_id))
                # Queued once per case: where the filler already put a row for it, that row stays.
                assert status == "pending" or ("archive_jobs" in synthetic and status is not None)
            await client.get_workflow_handle(order.workflow_id).terminate("test finished")
        engine.dispose()
