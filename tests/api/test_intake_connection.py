"""An intake gives its database connection back before it waits on Temporal: held across the wait
(the first projection is written before the answer comes), twenty intakes at once exhausted the web
process's pool and the next request waited 30 s for a connection (a 500, bench.throughput --n 1000)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from db import models
from services.case_start import start_case_workflow


class Handle:
    async def result(self) -> list[Any]:
        return []


class WatchingClient:
    """Answers Update-with-Start at once, noting how many connections the pool had lent out."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.lent_while_waiting: int | None = None

    async def start_update_with_start_workflow(self, *_args: Any, **_kwargs: Any) -> Handle:
        self.lent_while_waiting = self.engine.pool.checkedout()
        return Handle()


async def test_the_intake_holds_no_connection_while_it_waits_for_temporal(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'cases.sqlite3'}")
    client = WatchingClient(engine)
    case = models.Case(
        process="hazard", case_no="GP-2026-00001", workflow_id="hazard-GP-2026-00001", jurisdiction_path="530000/530300"
    )
    with Session(engine) as db:
        db.execute(text("select 1"))  # what an intake reads after numbering its case holds a connection
        assert engine.pool.checkedout() == 1
        tasks = await start_case_workflow(db, client, case, "run", {}, "cases")  # type: ignore[arg-type]
    assert tasks == []
    assert client.lent_while_waiting == 0
