"""What keeps the supervision view safe and light with several web processes and many overdue tasks."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.state import AppState
from db import models
from db.session import make_engine, make_session_factory
from domain.process_config import ProcessConfig
from services import snapshots
from settings import Settings
from tests import support
from tests.api.test_supervision_stats import NOW, Seed, seed  # noqa: F401  (the fixture)
from web.console import supervision_pages


def test_overdue_page_lists_the_longest_overdue_and_points_to_the_export(
    seed: Seed,  # noqa: F811
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeded = seed(dt.datetime.now(dt.UTC).date())
    monkeypatch.setattr(supervision_pages, "PAGE_ROWS", 2)
    state = AppState(settings=Settings(), sessions=sessions, temporal=None, config=ProcessConfig())  # type: ignore[arg-type]
    app = create_app(state)
    app.state.app = state
    pages = TestClient(app)
    assert support.post_login(pages, "qj.office").status_code == 200

    html = pages.get("/overdue", params={"process": seeded.process}).text

    listed = html.split("导出Excel")[1]
    assert listed.count('<td><a href="/cases/') == 2
    assert "仅列出逾期最久的任务：2 / 6" in html
    longest = min(seeded.due, key=lambda task_id: seeded.due[task_id])
    with sessions() as db:
        task = db.get(models.Task, longest)
        assert task is not None
        case_no = db.scalar(select(models.Case.case_no).where(models.Case.id == task.case_id))
    assert f">{case_no}</a>" in listed


def test_two_processes_taking_the_same_snapshot_write_it_once(seed: Seed, database_url: str) -> None:  # noqa: F811
    """Two web processes run the hourly job at once: the unique (hour, jurisdiction, process) key
    lets one write the hour's rows and the other roll back, whichever database."""
    seed(NOW.date())  # open cases to count
    hour = dt.datetime(2031, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=random.randrange(100_000))
    factories = [make_session_factory(make_engine(database_url)) for _ in range(2)]
    start = threading.Barrier(2)
    written: list[int] = []
    errors: list[BaseException] = []

    def job(factory: sessionmaker[Session]) -> None:
        start.wait()
        try:
            written.append(snapshots.take_snapshot(factory, hour + dt.timedelta(minutes=1)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=job, args=(factory,)) for factory in factories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert not errors
    with factories[0]() as db:
        written_rows = select(func.count()).select_from(models.OverdueSnapshot)
        rows = db.scalar(written_rows.where(models.OverdueSnapshot.taken_at == hour)) or 0
        jurisdictions = db.scalar(select(func.count()).select_from(models.Jurisdiction)) or 0
    assert rows > 0 and rows % jurisdictions == 0
    assert sorted(written) == [0, rows]
    for factory in factories:
        factory.kw["bind"].dispose()
