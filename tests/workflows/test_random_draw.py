"""The double-random draw on the time-skipping server: recorded on the chain, verified by re-running,
published within 20 working days (国办发〔2015〕20号 (十五)), escalated when it is not."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db.roster_models import RandomDraw
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.random_draw import DrawInputs, draw
from domain.random_draw_forms import DrawRequest
from services import inspection_matters, random_draws
from tests.random_draw_support import declare, make_register
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import case_row, complete, events, eventually, sleep_past_due, tasks_of


async def make(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, **request: object
) -> RandomDraw:
    with sessions() as db:
        row = await random_draws.make_draw(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            request=DrawRequest.model_validate(request),
            now=now,
        )
        db.expunge(row)
        return row


async def test_draw_is_recorded_verified_and_published(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    register = make_register(sessions)
    declare(sessions, register.inspector_ids[0], register.enterprise_ids[0])
    now = await time_env.get_current_time()
    row = await make(sessions, client, task_queue, now, matter_id=register.matter_id, share_percent=50, team_size=2)
    inputs = DrawInputs.from_record(row.inputs)
    assert inputs.enterprise_pool == tuple(register.enterprise_ids)  # the matter's sector only
    assert set(register.inspector_ids) <= set(inputs.inspector_pool)  # valid 执法证 only
    assert len(row.selections) == 3 and all(len(s["team"]) == 2 for s in row.selections)
    assert (register.inspector_ids[0], register.enterprise_ids[0]) in inputs.conflicts
    for selection in row.selections:
        if selection["enterprise_id"] == register.enterprise_ids[0]:
            assert register.inspector_ids[0] not in selection["team"]
    assert row.case_id is not None

    await eventually(lambda: "draw_made" in [e.kind for e in events(sessions, row.case_id or 0)])
    recorded = next(e for e in events(sessions, row.case_id) if e.kind == "draw_made")
    assert recorded.data["inputs"]["seed"] == inputs.seed and recorded.data["selections"] == row.selections
    assert draw(DrawInputs.from_record(recorded.data["inputs"])).as_record() == row.selections
    with sessions() as db:
        verified = random_draws.verify(db, db.get(RandomDraw, row.id))  # type: ignore[arg-type]
    assert verified.matches and verified.chain_intact, verified.message

    today = now.astimezone(CHINA_TZ).date()
    with pytest.raises(InvalidInput, match="不能早于抽取日期"):
        await complete(
            sessions,
            client,
            "ql.handler",
            row.case_id,
            "publication",
            {"published_on": (today - dt.timedelta(days=1)).isoformat()},
        )
    published_on = min(today, dt.datetime.now(CHINA_TZ).date()).isoformat()
    await complete(sessions, client, "ql.handler", row.case_id, "publication", {"published_on": published_on})
    await eventually(lambda: case_row(sessions, row.case_id or 0).status == "published")
    with sessions() as db:
        public = [r for r in inspection_matters.public_results(db) if r.matter.endswith(register.sector[-8:])]
        drawn = random_draws.selections(db, row.id)
    assert len(public) == 1 and len(public[0].enterprises) == 3
    assert [d.enterprise_id for d in drawn] == [s["enterprise_id"] for s in row.selections]
    assert all(len(d.inspector_names) == 2 and d.enterprise_name for d in drawn)
    await record_history(client, f"random_draw-{case_row(sessions, row.case_id).case_no}", "random_draw_published")


async def test_a_tampered_result_fails_verification_and_an_overdue_publication_escalates(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    register = make_register(sessions)
    now = await time_env.get_current_time()
    row = await make(sessions, client, task_queue, now, matter_id=register.matter_id, count=2, team_size=2)
    assert row.case_id is not None
    await eventually(lambda: "draw_made" in [e.kind for e in events(sessions, row.case_id or 0)])
    with sessions() as db:
        swapped = [dict(s, enterprise_id=register.enterprise_ids[-1]) for s in row.selections]
        db.execute(update(RandomDraw).where(RandomDraw.id == row.id).values(selections=swapped))
        db.commit()
        verified = random_draws.verify(db, db.get(RandomDraw, row.id))  # type: ignore[arg-type]
    assert verified.chain_intact and not verified.matches and "未通过" in verified.message

    await sleep_past_due(time_env, sessions, row.case_id, "publication")

    def supervision() -> bool:
        return any(t.step == "supervision" and t.status == "open" for t in tasks_of(sessions, row.case_id or 0))

    await eventually(supervision)
    assert case_row(sessions, row.case_id).overdue
    await record_history(client, f"random_draw-{case_row(sessions, row.case_id).case_no}", "random_draw_overdue")


async def test_a_draw_that_cannot_be_made_writes_nothing(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    register = make_register(sessions, enterprises=2)
    now = await time_env.get_current_time()
    with pytest.raises(InvalidInput, match="超过符合条件的企业数"):
        await make(sessions, client, task_queue, now, matter_id=register.matter_id, count=3, team_size=2)
    with pytest.raises(InvalidInput, match="不得少于2人"):
        await make(sessions, client, task_queue, now, matter_id=register.matter_id, count=1, team_size=1)
    with sessions() as db:
        assert not [
            r for r in random_draws.draws_of(db, principal(sessions, "ql.handler")) if r.matter_id == register.matter_id
        ]
