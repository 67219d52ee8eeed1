"""Liveness and readiness for load balancers, orchestrators and the administrator; no login.

`/healthz` answers 200 while the process runs. `/readyz` answers 200 when the database is
reachable and migrated to head, Temporal answers and a worker polls the task queue, else 503;
the JSON body says which check failed and why, never a case or a person.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import State
from services.ops.health import readiness

router = APIRouter(tags=["operations"])

NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz")
def read_liveness() -> JSONResponse:
    """The process is up and serving requests."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/readyz", responses={503: {"description": "a dependency is missing; the body names it"}})
async def read_readiness(state: State) -> JSONResponse:
    """Database, migrations, Temporal and the worker's poller, each answering within a second."""
    result = await readiness(
        sessions=state.sessions,
        client=state.temporal,
        namespace=state.settings.temporal_namespace,
        task_queue=state.settings.task_queue,
    )
    return JSONResponse(result.body(), status_code=200 if result.ok else 503, headers=NO_STORE)
