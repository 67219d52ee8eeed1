"""Overdue supervision statistics, snapshots and exports, on rows written straight into the projection.

Overdue cases would need weeks of workflow time; here the fixture writes the projection's
Case and Task rows directly. Each test uses its own process code, so the counts it asserts are
its own even though the whole session shares one database.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from api import errors
from api.app import create_app
from api.routes import session as session_routes
from api.routes import supervision_stats
from api.scheduler import SNAPSHOT_JOB_ID, start_scheduler, stop_scheduler
from api.state import AppState
from db import models
from db.calendar_store import load_calendar
from domain.ageing import bucket_for, working_days_late
from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ, end_of_day
from domain.process_config import ProcessConfig
from domain.roles import OrgType
from services import overdue_stats, overdue_tasks, snapshots
from services.overdue_stats import StatsFilter
from services.overdue_tasks import EXPORT_HEADERS
from settings import Settings
from tests import support

QILIN = ("530302", "530000/530300/530302/")
ZHANYI = ("530303", "530000/530300/530303/")
NOW = dt.datetime(2026, 10, 9, 12, 0, tzinfo=CHINA_TZ)  # a Friday, just after the National Day holidays


@dataclass
class Seeded:
    process: str
    case_nos: list[str] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    due: dict[str, dt.datetime] = field(default_factory=dict)  # overdue task id -> due moment


def _org(db: Session, county: str) -> int:
    return db.scalars(
        select(models.Organisation.id).where(
            models.Organisation.jurisdiction_code == county,
            models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
        )
    ).one()


def _add_case(
    db: Session,
    seeded: Seeded,
    where: tuple[str, str],
    tasks: list[tuple[str, str, str, dt.datetime, bool, str]],
    *,
    closed: bool = False,
) -> models.Case:
    """A case with tasks given as (step, title, waiting_on, due_at, overdue, status)."""
    key = uuid.uuid4().hex[:12]
    opened = dt.datetime(2026, 7, 1, 9, tzinfo=CHINA_TZ)
    case = models.Case(
        case_no=f"测-{key}",
        workflow_id=f"test-stats-{key}",
        process=seeded.process,
        title=f"统计测试隐患{key}",
        status="rectifying",
        closed=closed,
        jurisdiction_code=where[0],
        jurisdiction_path=where[1],
        created_at=opened,
        updated_at=opened,
        due_at=min((t[3] for t in tasks), default=None),
        overdue=any(t[4] and t[5] == "open" for t in tasks),
        details={},
    )
    db.add(case)
    db.flush()
    org_id = _org(db, where[0])
    for n, (step, title, waiting_on, due_at, overdue, status) in enumerate(tasks):
        task_id = f"{case.workflow_id}:{step}:{n}"
        db.add(
            models.Task(
                id=task_id,
                case_id=case.id,
                step=step,
                title=title,
                kind="step",
                org_id=org_id,
                role="handler",
                status=status,
                opened_at=opened,
                due_at=due_at,
                deadline_rule="hazard.rectification",
                overdue=overdue,
                waiting_on=waiting_on,
            )
        )
        if overdue and status == "open" and not closed:
            seeded.due[task_id] = due_at
    seeded.case_nos.append(case.case_no)
    seeded.case_ids.append(case.id)
    return case


def _seed(sessions: sessionmaker[Session], *, today: dt.date) -> Seeded:
    """Four open cases under 曲靖市 with six overdue open tasks, plus what must not count."""
    seeded = Seeded(process=f"t-{uuid.uuid4().hex[:12]}")

    def due(days_ago: int) -> dt.datetime:
        return end_of_day(today - dt.timedelta(days=days_ago))

    with sessions() as db:
        _add_case(
            db,
            seeded,
            QILIN,
            [
                ("rectification", "隐患整改", "enterprise", due(9), True, "open"),
                ("rectification_plan", "报送治理方案", "enterprise", due(24), True, "open"),
                ("transfer", "移送接收", "agency", dt.datetime.combine(today, dt.time(8), CHINA_TZ), True, "open"),
            ],
        )
        _add_case(
            db,
            seeded,
            QILIN,
            [
                ("plan_review", "审查治理方案", "department", due(67), True, "open"),
                ("rectification", "隐患整改", "department", due(17), True, "open"),
                ("progress_report", "报告整改进展", "enterprise", due(-5), False, "open"),  # not yet due
                ("listing_decision", "挂牌督办决定", "department", due(90), True, "done"),  # finished late
            ],
        )
        _add_case(db, seeded, QILIN, [("rectification", "隐患整改", "enterprise", due(-20), False, "open")])
        _add_case(db, seeded, ZHANYI, [("rectification", "隐患整改", "enterprise", due(9), True, "open")])
        _add_case(db, seeded, QILIN, [("rectification", "隐患整改", "enterprise", due(30), True, "open")], closed=True)
        db.commit()
    return seeded


Seed = Callable[[dt.date], Seeded]


@pytest.fixture
def seed(sessions: sessionmaker[Session]) -> Iterator[Seed]:
    """`_seed` for one test; its cases are deleted afterwards (they have no workflow to terminate)."""
    made: list[Seeded] = []

    def _make(today: dt.date) -> Seeded:
        made.append(_seed(sessions, today=today))
        return made[-1]

    yield _make
    ids = [case_id for seeded in made for case_id in seeded.case_ids]
    with sessions() as db:
        # Table-level deletes: an ORM bulk delete of protected rows is refused (db/row_ledger.py).
        db.execute(delete(models.Task.__table__).where(models.Task.__table__.c.case_id.in_(ids)))
        db.execute(delete(models.Case.__table__).where(models.Case.__table__.c.id.in_(ids)))
        db.commit()


# ---- the service, on fixed 2026 dates -------------------------------------------------------------


def test_buckets_and_who_is_late_for_the_city_office(seed: Seed, sessions: sessionmaker[Session]) -> None:
    seeded = seed(NOW.date())
    office = support.principal(sessions, "qj.office")
    with sessions() as db:
        stats = overdue_stats.overdue_stats(db, office, StatsFilter(process=seeded.process), now=NOW)

    assert (stats.scope_code, stats.today, stats.overdue_tasks) == ("530300", NOW.date(), 6)
    # Due 30 Sep → 2 (8, 9 Oct); 15 Sep → 13; 22 Sep → 8 … minus 中秋 25 Sep → 7; 3 Aug → 44; today 08:00 → 0.
    assert {b.key: b.tasks for b in stats.ageing} == {"0": 1, "1-5": 2, "6-10": 1, "11-20": 1, "21+": 1}
    assert [(w.waiting_on, w.label, w.tasks) for w in stats.by_waiting_on] == [
        ("department", "承办部门", 2),
        ("enterprise", "企业", 3),
        ("agency", "接收机关", 1),
    ]
    assert [(j.code, j.name, j.open_cases, j.overdue_cases) for j in stats.by_jurisdiction] == [
        ("530300", "曲靖市（本级）", 0, 0),
        ("530302", "麒麟区", 3, 2),
        ("530303", "沾益区", 1, 1),
    ]
    assert [(p.process, p.open_cases, p.overdue_cases, p.overdue_tasks) for p in stats.by_process] == [
        (seeded.process, 4, 3, 6)
    ]
    assert [(s.step, s.title, s.overdue_tasks) for s in stats.by_step][0] == ("rectification", "隐患整改", 3)
    assert {s.step: s.overdue_tasks for s in stats.by_step} == {
        "rectification": 3,
        "rectification_plan": 1,
        "plan_review": 1,
        "transfer": 1,
    }


def test_drill_down_to_a_county_and_filter_by_step(seed: Seed, sessions: sessionmaker[Session]) -> None:
    seeded = seed(NOW.date())
    office = support.principal(sessions, "qj.office")
    with sessions() as db:
        county = overdue_stats.overdue_stats(db, office, StatsFilter("530302", seeded.process), now=NOW)
        step = overdue_stats.overdue_stats(db, office, StatsFilter(None, seeded.process, "rectification"), now=NOW)

    assert [(j.code, j.name, j.open_cases, j.overdue_cases) for j in county.by_jurisdiction] == [
        ("530302", "麒麟区", 3, 2)
    ]
    assert county.overdue_tasks == 5
    # With a step, a case is open at that step when the step is open, overdue when the step is.
    assert [(j.code, j.open_cases, j.overdue_cases) for j in step.by_jurisdiction] == [
        ("530300", 0, 0),
        ("530302", 3, 2),
        ("530303", 1, 1),
    ]
    assert step.overdue_tasks == 3
    assert {w.waiting_on: w.tasks for w in step.by_waiting_on} == {"department": 1, "enterprise": 2, "agency": 0}


def test_export_list_is_longest_overdue_first(seed: Seed, sessions: sessionmaker[Session]) -> None:
    seeded = seed(NOW.date())
    office = support.principal(sessions, "qj.office")
    with sessions() as db:
        rows = overdue_tasks.overdue_task_list(db, office, StatsFilter(process=seeded.process), now=NOW)
    assert [r.working_days_late for r in rows] == [44, 13, 7, 2, 2, 0]
    first = rows[0].export_values()
    assert first[2:] == (
        "麒麟区",
        seeded.process,
        "审查治理方案",
        "麒麟区应急管理局",
        "承办部门",
        dt.date(2026, 8, 3),
        44,
    )


def test_a_jurisdiction_outside_ones_own_is_refused(sessions: sessionmaker[Session]) -> None:
    county_office = support.principal(sessions, "ql.office")
    with sessions() as db:
        for code in ("530300", "532801"):
            with pytest.raises(InvalidInput, match="管辖范围"):
                overdue_stats.overdue_stats(db, county_office, StatsFilter(code), now=NOW)
        with pytest.raises(InvalidInput, match="不存在"):
            overdue_tasks.overdue_task_list(db, county_office, StatsFilter("539999"), now=NOW)


def test_police_liaison_sees_none_of_the_cases(seed: Seed, sessions: sessionmaker[Session]) -> None:
    seeded = seed(NOW.date())
    police = support.principal(sessions, "ql.police")
    with sessions() as db:
        stats = overdue_stats.overdue_stats(db, police, StatsFilter(process=seeded.process), now=NOW)
        rows = overdue_tasks.overdue_task_list(db, police, StatsFilter(process=seeded.process), now=NOW)
        with pytest.raises(Forbidden):
            snapshots.series(db, police, "530302")
    assert stats.overdue_tasks == 0 and rows == []
    assert all(j.open_cases == 0 for j in stats.by_jurisdiction)


# ---- snapshots and the scheduler ----------------------------------------------------------------


def test_snapshot_twice_in_one_hour_writes_once(seed: Seed, sessions: sessionmaker[Session]) -> None:
    seeded = seed(NOW.date())
    first_at = dt.datetime(2031, 3, 4, 10, 17, 45, tzinfo=dt.UTC)

    written = snapshots.take_snapshot(sessions, first_at)
    assert written > 0
    assert snapshots.take_snapshot(sessions, first_at.replace(minute=59)) == 0
    assert snapshots.take_snapshot(sessions, first_at.astimezone(CHINA_TZ)) == 0

    hour = dt.datetime(2031, 3, 4, 10, tzinfo=dt.UTC)
    with sessions() as db:
        mine = {
            s.jurisdiction_code: (s.open_cases, s.overdue_cases)
            for s in db.scalars(
                select(models.OverdueSnapshot).where(
                    models.OverdueSnapshot.taken_at == hour, models.OverdueSnapshot.process == seeded.process
                )
            )
        }
        total = db.scalar(select(func.count()).where(models.OverdueSnapshot.taken_at == hour))
        assert total == written
        office = support.principal(sessions, "qj.office")
        trend = snapshots.series(db, office, "530300", seeded.process, since=hour - dt.timedelta(days=1))
        with pytest.raises(InvalidInput, match="管辖范围"):
            snapshots.series(db, support.principal(sessions, "ql.office"), "530300")
    # Subtree counts: the closed case is not counted anywhere.
    assert mine == {
        "530000": (4, 3),
        "530300": (4, 3),
        "530302": (3, 2),
        "530303": (1, 1),
        "532800": (0, 0),
        "532801": (0, 0),
        "532822": (0, 0),
    }
    assert [(p.taken_at, p.open_cases, p.overdue_cases) for p in trend] == [(hour, 4, 3)]


def test_snapshot_hour_is_utc_and_refuses_naive_moments() -> None:
    assert snapshots.snapshot_hour(dt.datetime(2026, 10, 9, 8, 30, tzinfo=CHINA_TZ)) == dt.datetime(
        2026, 10, 9, 0, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError):
        snapshots.snapshot_hour(dt.datetime(2026, 10, 9, 8, 30))


def test_scheduler_skips_missed_runs_and_survives_a_failing_job(caplog: pytest.LogCaptureFixture) -> None:
    def database_down() -> Session:
        raise RuntimeError("database down")

    idle = start_scheduler(database_down, enabled=False)  # type: ignore[arg-type]
    job = idle.get_job(SNAPSHOT_JOB_ID)
    assert not idle.running
    assert (job.coalesce, job.misfire_grace_time, job.max_instances) == (True, 60, 1)
    stop_scheduler(idle)

    with caplog.at_level(logging.ERROR, logger="api.scheduler"):
        running = start_scheduler(database_down, enabled=True)  # type: ignore[arg-type]
        try:
            assert running.running
            deadline = time.monotonic() + 10
            while not any("overdue snapshot failed" in r.message for r in caplog.records):
                assert time.monotonic() < deadline, "the start-up snapshot did not run"
                time.sleep(0.05)
            assert running.running  # the failure was logged, the scheduler carries on
        finally:
            stop_scheduler(running)
    assert not running.running


# ---- the HTTP API ---------------------------------------------------------------------------------

Login = Callable[[str], Awaitable[httpx.AsyncClient]]


def _app(state: AppState) -> FastAPI:
    """The real app; while web/ or the router registration are still missing, the JSON API alone."""
    try:
        app = create_app(state)
    except ImportError:
        app = FastAPI()
        errors.install(app)
        app.include_router(session_routes.router)
    if "/api/v1/supervision/stats" not in {getattr(route, "path", "") for route in app.routes}:
        app.include_router(supervision_stats.router)
    app.state.app = state  # ASGITransport runs no lifespan
    return app


@pytest.fixture
async def stats_login(sessions: sessionmaker[Session], client: Client) -> AsyncIterator[Login]:
    app = _app(AppState(settings=Settings(), sessions=sessions, temporal=client, config=ProcessConfig()))
    opened: list[httpx.AsyncClient] = []

    async def _login(username: str) -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        opened.append(http)
        response = await http.post("/api/v1/session", json={"username": username, "password": "demo1234"})
        assert response.status_code == 200, response.text
        return http

    yield _login
    for http in opened:
        await http.aclose()


def _expected_buckets(sessions: sessionmaker[Session], seeded: Seeded, now: dt.datetime) -> dict[str, int]:
    with sessions() as db:
        calendar = load_calendar(db)
    counts = dict.fromkeys(["0", "1-5", "6-10", "11-20", "21+"], 0)
    for due_at in seeded.due.values():
        counts[bucket_for(working_days_late(calendar, due_at, now)).key] += 1
    return counts


async def test_stats_api_with_drill_down_and_refusals(
    seed: Seed, stats_login: Login, sessions: sessionmaker[Session]
) -> None:
    now = dt.datetime.now(dt.UTC)
    seeded = seed(now.astimezone(CHINA_TZ).date())
    office = await stats_login("qj.office")

    stats = (await office.get("/api/v1/supervision/stats", params={"process": seeded.process})).json()
    assert stats["overdue_tasks"] == 6
    assert {b["key"]: b["tasks"] for b in stats["ageing"]} == _expected_buckets(sessions, seeded, now)
    assert {w["label"]: w["tasks"] for w in stats["by_waiting_on"]} == {"承办部门": 2, "企业": 3, "接收机关": 1}
    assert [(j["code"], j["open_cases"], j["overdue_cases"]) for j in stats["by_jurisdiction"]] == [
        ("530300", 0, 0),
        ("530302", 3, 2),
        ("530303", 1, 1),
    ]
    assert stats["by_process"][0]["overdue_tasks"] == 6 and stats["by_step"][0]["step"] == "rectification"

    county = await office.get("/api/v1/supervision/stats", params={"under": "530303", "process": seeded.process})
    assert county.status_code == 200
    assert county.json()["overdue_tasks"] == 1 and county.json()["by_jurisdiction"][0]["name"] == "沾益区"

    foreign = await office.get("/api/v1/supervision/stats", params={"under": "532801"})
    assert foreign.status_code == 422
    assert foreign.json()["error"] == "invalid" and "管辖范围" in foreign.json()["message"]
    for path, params, bad in [
        ("stats", {"under": "5303"}, "under"),
        ("trend", {"jurisdiction": "53030a"}, "jurisdiction"),
        ("trend", {"days": "0"}, "days"),
        ("trend", {"days": "367"}, "days"),
        ("overdue.csv", {"under": "530300/"}, "under"),
    ]:
        refused = await office.get(f"/api/v1/supervision/{path}", params=params)
        assert refused.status_code == 422, (path, params)
        assert refused.json()["error"] == "invalid" and refused.json()["errors"][0]["field"] == bad


async def test_trend_api_returns_the_snapshot_series(
    seed: Seed, stats_login: Login, sessions: sessionmaker[Session]
) -> None:
    now = dt.datetime.now(dt.UTC)
    seeded = seed(now.astimezone(CHINA_TZ).date())
    snapshots.take_snapshot(sessions, now)
    office = await stats_login("qj.office")

    trend = await office.get(
        "/api/v1/supervision/trend", params={"jurisdiction": "530302", "process": seeded.process, "days": 7}
    )
    assert trend.status_code == 200, trend.text
    points = trend.json()["points"]
    assert [(p["open_cases"], p["overdue_cases"]) for p in points] == [(3, 2)]
    assert dt.datetime.fromisoformat(points[0]["taken_at"]) == snapshots.snapshot_hour(now)

    police = await stats_login("ql.police")
    assert (await police.get("/api/v1/supervision/trend")).status_code == 403


async def test_csv_export_has_bom_chinese_headers_and_rows(seed: Seed, stats_login: Login) -> None:
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(CHINA_TZ).date()
    seeded = seed(today)
    office = await stats_login("qj.office")

    response = await office.get("/api/v1/supervision/overdue.csv", params={"process": seeded.process})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="overdue-530300-{today:%Y%m%d}.csv"' in disposition
    # 逾期督办清单 percent-encoded in UTF-8 (RFC 5987)
    assert "filename*=UTF-8''%E9%80%BE%E6%9C%9F%E7%9D%A3%E5%8A%9E%E6%B8%85%E5%8D%95-530300-" in disposition

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(EXPORT_HEADERS)
    assert len(lines) == 1 + 6
    exported = {line.split(",")[0] for line in lines[1:]}
    assert exported == set(seeded.case_nos[:2] + seeded.case_nos[3:4])  # not the calm, nor the closed case
    assert any(",沾益区," in line and ",企业," in line for line in lines[1:])

    police = await stats_login("ql.police")
    hidden = await police.get("/api/v1/supervision/overdue.csv", params={"process": seeded.process})
    assert hidden.content.decode("utf-8-sig").splitlines() == [",".join(EXPORT_HEADERS)]


async def test_xlsx_export_opens_with_the_rows(seed: Seed, stats_login: Login) -> None:
    now = dt.datetime.now(dt.UTC)
    seeded = seed(now.astimezone(CHINA_TZ).date())
    office = await stats_login("qj.office")

    response = await office.get(
        "/api/v1/supervision/overdue.xlsx", params={"under": "530302", "process": seeded.process}
    )
    assert response.status_code == 200
    assert ".xlsx" in response.headers["content-disposition"] and "-530302-" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADERS
    assert len(rows) == 1 + 5  # 麒麟区 only
    assert {row[0] for row in rows[1:]} == set(seeded.case_nos[:2])
    assert all(isinstance(row[7], dt.datetime) and isinstance(row[8], int) for row in rows[1:])
    assert {row[2] for row in rows[1:]} == {"麒麟区"}


async def test_police_liaison_sees_no_overdue_figures_through_the_api(seed: Seed, stats_login: Login) -> None:
    seeded = seed(dt.datetime.now(CHINA_TZ).date())
    police = await stats_login("ql.police")
    stats = (await police.get("/api/v1/supervision/stats", params={"process": seeded.process})).json()
    assert stats["overdue_tasks"] == 0
    assert all(j["open_cases"] == 0 for j in stats["by_jurisdiction"])
    assert sum(b["tasks"] for b in stats["ageing"]) == 0
