"""Liveness and readiness: is the process up, and can it serve a case end to end?

Readiness checks, each bounded so the whole answer comes within a second:
- `database`: a `SELECT 1` on the case database;
- `migrations`: the database is not behind the code's Alembic head (new code on an old schema is
  not ready; old code on a newer schema is, during a rolling upgrade);
- `temporal`: the Temporal frontend answers;
- `task_queue`: a worker polls the task queue (no worker: every case would stand still).

Nothing here names a case, a user or an address: the answer is for a load balancer and an
administrator, and it is served without login.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from functools import lru_cache

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest, GetSystemInfoRequest
from temporalio.client import Client

from settings import ROOT

# Each check gets this long; they run concurrently, so /readyz answers within a second.
CHECK_TIMEOUT = 0.8


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass(frozen=True)
class Readiness:
    ok: bool
    checks: list[Check]

    def body(self) -> dict[str, object]:
        return {
            "status": "ready" if self.ok else "not_ready",
            "checks": {c.name: {k: v for k, v in asdict(c).items() if k != "name"} for c in self.checks},
            "problems": [f"{c.name}: {c.detail}" for c in self.checks if not c.ok],
        }


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))


@lru_cache(maxsize=1)
def code_head() -> str:
    """The newest migration the code carries (read once: the code does not change while running)."""
    return ",".join(sorted(_script().get_heads()))


@lru_cache(maxsize=1)
def code_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in _script().walk_revisions())


def _ping(sessions: sessionmaker[Session]) -> None:
    with sessions() as db:
        db.execute(text("SELECT 1"))


def _database_revision(sessions: sessionmaker[Session]) -> str:
    with sessions() as db:
        rows = db.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(str(r) for r in rows))


async def _timed(name: str, probe: Callable[[], Awaitable[str]], timeout: float) -> Check:
    started = time.perf_counter()
    try:
        detail = await asyncio.wait_for(probe(), timeout)
        ok = True
    except TimeoutError:
        ok, detail = False, f"no answer within {timeout:.1f}s"
    except _Failed as exc:
        ok, detail = False, str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure is a reason not to be ready, named by its type
        ok, detail = False, f"{type(exc).__name__}: {_first_line(exc)}"
    return Check(name, ok, detail, round(time.perf_counter() - started, 4))


class _Failed(Exception):
    """A probe that answered, with a reason not to be ready."""


def _first_line(exc: BaseException) -> str:
    # Driver messages can carry a connection string; keep the first line, without credentials.
    line = str(exc).splitlines()[0] if str(exc) else ""
    return line.split("@")[-1][:200]


async def readiness(
    *,
    sessions: sessionmaker[Session],
    client: Client,
    namespace: str,
    task_queue: str,
    timeout: float = CHECK_TIMEOUT,
) -> Readiness:
    """Run every check concurrently; ready when all pass."""

    async def database() -> str:
        await asyncio.to_thread(_ping, sessions)
        return "reachable"

    async def migrations() -> str:
        found = await asyncio.to_thread(_database_revision, sessions)
        head = code_head()
        if found == head:
            return f"at head {head}"
        if found and all(r not in code_revisions() for r in found.split(",")):
            # Migrated by a newer release while this process still runs the old code (a rolling
            # upgrade): migrations only add, so the old code keeps working (docs/ops/upgrade.md).
            return f"database at {found}, newer than this code's {head}"
        raise _Failed(f"database at revision {found or 'none'}, code at {head}: run the migrations")

    async def temporal() -> str:
        await client.workflow_service.get_system_info(GetSystemInfoRequest(), timeout=dt.timedelta(seconds=timeout))
        return "reachable"

    async def task_queue_poller() -> str:
        response = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=namespace,
                task_queue=TaskQueue(name=task_queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            ),
            timeout=dt.timedelta(seconds=timeout),
        )
        if not response.pollers:
            raise _Failed(f"no worker polls the task queue {task_queue!r}")
        return f"{len(response.pollers)} poller(s)"

    checks = await asyncio.gather(
        _timed("database", database, timeout),
        _timed("migrations", migrations, timeout),
        _timed("temporal", temporal, timeout),
        _timed("task_queue", task_queue_poller, timeout),
    )
    return Readiness(all(c.ok for c in checks), list(checks))
