"""Per-call CPU of `apply_case_changes` on a hazard-like batch sequence (not a test: a profile).

    .venv/bin/python -m tests.activities.profile_projection --cases 40            # SQLite
    TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m tests.activities.profile_projection --cases 40       # PostgreSQL
    ... --profile /tmp/projection.prof                                            # cProfile dump

Each case gets the shape a hazard case's workflow sends: the first step opened with its events and
a case status, then per step: the open step completed, the next one opened, two events, a status;
reminders and an escalation on the ledger in between. Prints CPU ms per call (process time: the
database server's own CPU is not counted on PostgreSQL), wall ms and SQL statements per call.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from activities.projection import CaseActivities
from db import models
from db.calendar_store import load_calendar
from db.organisation_queries import org_in
from domain.process_config import ProcessConfig
from domain.roles import OrgType
from tests import support
from workflows.contracts import CaseChange, EventRecord, ProjectionBatch, TaskChange, TaskOpen

STEPS = [
    "hazard.listing_decision",
    "hazard.publish_listing",
    "hazard.rectification_plan",
    "hazard.plan_review",
    "hazard.rectification",
    "hazard.acceptance",
    "hazard.delisting_publication",
]
T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _new_case(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions.begin() as db:
        org = org_in(db, "530302", OrgType.EMERGENCY_BUREAU)
        assert org is not None
        suffix = uuid.uuid4().hex[:10]
        case = models.Case(
            case_no=f"PROF-{suffix}",
            workflow_id=f"prof-{suffix}",
            process="hazard",
            title="重大事故隐患挂牌督办",
            status="starting",
            jurisdiction_code="530302",
            jurisdiction_path="530000/530300/530302",
            created_at=T0,
            updated_at=T0,
            details={},
        )
        db.add(case)
        db.flush()
        return case.id, org.id


def _events(case_id: int, n: int, at: dt.datetime) -> list[EventRecord]:
    return [
        EventRecord(
            key=f"{case_id}:{n}:{i}",
            at=at + dt.timedelta(seconds=i),
            kind="step_completed",
            summary=f"第{n}步办理完毕：挂牌督办决定",
            actor_user_id=None,
            actor_name="张三",
            reason="依法办理",
            data={"step": n, "outcome": {"decision": "listed", "note": "现场核查属实"}},
        )
        for i in range(2)
    ]


def batches(case_id: int, org_id: int) -> list[ProjectionBatch]:
    """The projection calls of one hazard case: 7 steps, one reminder and one escalation."""
    out: list[ProjectionBatch] = []
    at = T0
    previous: str | None = None
    for n, rule in enumerate(STEPS):
        task_id = f"{case_id}.t{n}"
        changes = []
        if previous is not None:
            changes.append(
                TaskChange(
                    previous,
                    status="completed",
                    completed_at=at,
                    completed_by_user_id=None,
                    outcome={"decision": "ok"},
                    clock_key=f"{previous}:done",
                )
            )
        out.append(
            ProjectionBatch(
                case_id=case_id,
                opens=[TaskOpen(task_id, rule.split(".")[1], "办理", "step", org_id, "handler", rule, at)],
                changes=changes,
                events=_events(case_id, n, at),
                case_change=CaseChange(status=f"s{n}", details={"step": n}),
            )
        )
        if n == 4:  # the rectification: a reminder, then an escalation of the open step
            out.append(
                ProjectionBatch(
                    case_id=case_id,
                    changes=[TaskChange(task_id, clock_key=f"{task_id}:r", clock_event="reminded", clock_at=at)],
                    events=_events(case_id, 100 + n, at),
                )
            )
        previous = task_id
        at += dt.timedelta(days=3)
    out.append(
        ProjectionBatch(
            case_id=case_id,
            changes=[TaskChange(previous or "", status="completed", completed_at=at, clock_key="end")],
            events=_events(case_id, 99, at),
            case_change=CaseChange(status="closed", closed=False),
        )
    )
    return out


def run(url: str, cases: int, profile: str | None) -> None:
    sessions = support.session_factory(url)
    activities = CaseActivities(sessions, ProcessConfig(), load_calendar)
    work = [b for _ in range(cases) for b in batches(*_new_case(sessions))]
    warm = work[:20]
    for batch in warm:
        activities.apply_case_changes(batch)
    rest = work[20:]
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    engine = sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", count)
    profiler = cProfile.Profile(time.process_time) if profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    for batch in rest:
        activities.apply_case_changes(batch)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    event.remove(engine, "before_cursor_execute", count)
    with sessions() as db:
        events = len(db.scalars(select(models.CaseEvent.id)).all())
    print(  # noqa: T201 (a command-line profile, not a test)
        f"{url.split(':')[0]}: {len(rest)} calls, CPU {cpu / len(rest) * 1000:.2f} ms/call, "
        f"wall {wall / len(rest) * 1000:.2f} ms/call, {statements / len(rest):.1f} statements/call ({events} events)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--profile", help="write a cProfile dump here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, support.throwaway_database(Path(tmp)) as url:
        run(url, args.cases, args.profile)


if __name__ == "__main__":
    main()
