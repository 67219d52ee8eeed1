"""An upgrade from the previous release's own data, not from today's code on an older schema.

`tests/ops/fixtures/release-906a9cb/` holds what release 906a9cb (schema 0011, before the case
kernel was split into parts) left on disk after `./scripts/start` loaded its demo cases and was
stopped: its case database and its Temporal dev server's database (see the README there). This
release migrates the case database to head, starts the dev server on the old Temporal database and
a worker of today's code on the old task queue, and every case goes on where it stood: each
workflow replays its old history under the new kernel (a query forces the replay), steps complete
and open the next ones, and the hash chain and the row ledger verify.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowExecutionStatus

from db import models
from db.migrate import upgrade
from db.session import make_engine, make_session_factory
from domain.process_config import ProcessConfig
from launcher import dev_server_args, free_port
from services import case_actions, chain_verify
from services.temporal_client import connect
from settings import ROOT
from tests.ops.test_upgrade import NOT_LISTED, row_counts
from tests.support import empty_database, principal
from worker import build_worker

FIXTURE = Path(__file__).parent / "fixtures" / "release-906a9cb"
RELEASE_SCHEMA = "0011"
RELEASE_TASK_QUEUE = "cases"  # settings.task_queue of that release


def copy_release_cases(url: str, tmp: Path) -> None:
    """The release's case database at `url`: the file itself on SQLite; on PostgreSQL the release's
    schema built by its own migrations, then every row copied over, ids and sequences kept."""
    if url.startswith("sqlite"):
        shutil.copy(FIXTURE / "cases.sqlite3", tmp / "previous.sqlite3")
        return
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    command.upgrade(config, RELEASE_SCHEMA)
    source, target = sa.create_engine(f"sqlite:///{FIXTURE / 'cases.sqlite3'}"), make_engine(url)
    read, write = sa.MetaData(), sa.MetaData()
    read.reflect(source)
    write.reflect(target)
    with source.connect() as src, target.begin() as dst:
        dst.execute(sa.text("SET TIME ZONE 'UTC'"))  # SQLite kept UTC without an offset
        for table in write.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(select(read.tables[table.name]))]
            if rows:
                dst.execute(table.insert(), rows)
            if "id" in table.c and isinstance(table.c.id.type, sa.Integer) and rows:
                dst.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                    {"n": max(r["id"] for r in rows)},
                )
    source.dispose()
    target.dispose()


@asynccontextmanager
async def release_temporal(tmp: Path) -> AsyncIterator[Client]:
    """The dev server of today's launcher on a copy of the release's Temporal database."""
    db_file = tmp / "temporal.sqlite3"
    shutil.copy(FIXTURE / "temporal.sqlite3", db_file)
    port = free_port()
    server = subprocess.Popen(dev_server_args(port, db_file), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                client = await connect(f"127.0.0.1:{port}", "default")
                await client.count_workflows()
                break
            except Exception:  # noqa: BLE001 - not up yet
                assert server.poll() is None, "the dev server did not start on the release's database"
                await asyncio.sleep(0.2)
        else:
            raise AssertionError("the dev server did not answer on the release's database")
        yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


async def _open_task(sessions: sessionmaker[Session], case_no: str, step: str) -> str:
    for _ in range(300):
        with sessions() as db:
            task_id = db.scalar(
                select(models.Task.id)
                .join(models.Case, models.Case.id == models.Task.case_id)
                .where(models.Case.case_no == case_no, models.Task.step == step, models.Task.status == "open")
            )
        if task_id is not None:
            return task_id
        await asyncio.sleep(0.1)
    raise AssertionError(f"case {case_no}: no open {step} task")


def _case_no(db: Session, process: str, status: str) -> str:
    case_no = db.scalar(
        select(models.Case.case_no).where(models.Case.process == process, models.Case.status == status).limit(1)
    )
    assert case_no is not None, f"the release's demo data has no {process} case in {status}"
    return case_no


async def test_the_previous_release_data_migrates_and_every_case_goes_on_under_the_new_kernel(
    tmp_path: Path,
) -> None:
    with empty_database(tmp_path, "previous.sqlite3") as url:
        await asyncio.to_thread(copy_release_cases, url, tmp_path)
        engine = make_engine(url)
        before = row_counts(engine)
        assert before["cases"] == 9 and before["case_events"] > 0

        await asyncio.to_thread(upgrade, url)

        after = row_counts(engine)
        assert {t: after[t] for t in before} == before  # no row of the release lost or added
        sessions = make_session_factory(engine)
        with sessions() as db:
            report = chain_verify.verify_all(db)
            assert report.intact, (report.broken, report.rows)  # the release's chains, and the back-filled ledger
            open_cases = db.execute(
                select(models.Case.workflow_id, models.Case.status).where(~models.Case.closed)
            ).all()
            listed = _case_no(db, "hazard", "reported")
            order = _case_no(db, "rectification", "serving")
        assert len(open_cases) == 8

        async with release_temporal(tmp_path) as client:
            async with build_worker(client, RELEASE_TASK_QUEUE, sessions, ProcessConfig()):
                # Each open case's workflow replays its whole history under today's code (a new
                # worker has nothing cached), and answers with the status the release projected.
                for workflow_id, status in open_cases:
                    handle = client.get_workflow_handle(workflow_id)
                    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING, workflow_id
                    assert await handle.query("status") == status, workflow_id

                # Steps complete on the release's cases and open what follows.
                today = dt.datetime.now(dt.UTC).date()
                with sessions() as db:
                    await case_actions.complete_task(
                        db=db,
                        client=client,
                        principal=principal(sessions, "ql.handler"),
                        task_id=await _open_task(sessions, order, "service"),
                        form={"method": "direct", "served_on": today.isoformat(), "recipient": "企业安全负责人 王五"},
                    )
                    await case_actions.complete_task(
                        db=db,
                        client=client,
                        principal=principal(sessions, "ql.office"),
                        task_id=await _open_task(sessions, listed, "listing_decision"),
                        form=NOT_LISTED,
                    )
                await _open_task(sessions, order, "completion")
                with sessions() as db:
                    workflow_id = db.scalar(select(models.Case.workflow_id).where(models.Case.case_no == listed))
                assert workflow_id is not None
                await client.get_workflow_handle(workflow_id).result()
                with sessions() as db:
                    closed = db.scalar(select(models.Case).where(models.Case.case_no == listed))
                    assert closed is not None and closed.closed
                    report = chain_verify.verify_all(db)
                    assert report.intact, (report.broken, report.rows)
        engine.dispose()
