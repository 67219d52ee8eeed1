"""The deadline ledger: suspension, extension caps, the ladder's rungs, and catch-up after an outage."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.calendar_store import load_calendar
from domain.china_time import day_of
from domain.clock_arithmetic import Suspension, compute_clock
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit
from domain.process_config import ProcessConfig
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    act,
    case_row,
    china_today,
    complete_task_id,
    events,
    eventually,
    open_task,
    report,
    tasks_of,
    to_rectification,
)
from worker import build_worker


def ledger(sessions: sessionmaker[Session], task_id: str) -> list[models.DeadlineEvent]:
    with sessions() as db:
        return list(
            db.scalars(
                select(models.DeadlineEvent)
                .where(models.DeadlineEvent.task_id == task_id)
                .order_by(models.DeadlineEvent.id)
            )
        )


def load(sessions: sessionmaker[Session]) -> LegalCalendar:
    with sessions() as db:
        return load_calendar(db)


def task_row(sessions: sessionmaker[Session], task_id: str) -> models.Task:
    with sessions() as db:
        task = db.get(models.Task, task_id)
        assert task is not None
        return task


async def test_A21_suspension_stops_the_clock_and_resuming_excludes_whole_days_from_the_unrolled_end(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    listing = await open_task(sessions, case.id, "listing_decision")
    form = {"task_id": listing.id, "reason": "委托技术机构鉴定隐患等级", "basis": "技术鉴定时间不计入期限"}
    with pytest.raises(Forbidden):
        await act(sessions, client, "ql.handler", case.id, "suspend_clock", form)
    with pytest.raises(Conflict, match="未中止"):
        await act(sessions, client, "ql.office", case.id, "resume_clock", {"task_id": listing.id, "reason": "x"})
    await act(sessions, client, "ql.office", case.id, "suspend_clock", form)
    with pytest.raises(Conflict, match="已中止"):
        await act(sessions, client, "ql.office", case.id, "suspend_clock", form)
    assert task_row(sessions, listing.id).clock_state == "suspended"

    await time_env.sleep(dt.timedelta(days=30))  # far past the 5-working-day limit, but the clock stood still
    assert not task_row(sessions, listing.id).overdue
    # The upper office may restart it too.
    await act(sessions, client, "qj.office", case.id, "resume_clock", {"task_id": listing.id, "reason": "鉴定完成"})
    resumed = task_row(sessions, listing.id)
    paused = dt.timedelta(seconds=resumed.suspended_seconds)
    assert paused >= dt.timedelta(days=30)
    # Whole days from the unrolled end, rolled once, ending at 23:59:59 (not the raw seconds
    # added to the rolled due moment).
    stop, restart = (day_of(e.at) for e in ledger(sessions, listing.id)[1:3])
    assert resumed.clock_start_at is not None
    expected = compute_clock(
        load(sessions),
        resumed.clock_start_at,
        resumed.clock_budget,
        Unit(resumed.clock_unit),
        suspensions=[Suspension(stop, restart)],
    )
    # A working-day clock: the working days after the stop up to the restart are excluded.
    assert expected.excluded_days == load(sessions).working_days_after(stop, restart) > 0
    assert resumed.due_at == expected.due
    assert resumed.due_at.astimezone(CHINA_TZ).time() == dt.time(23, 59, 59)
    assert "第二十七条" in resumed.due_explanation
    assert resumed.clock_state == "running" and not resumed.overdue
    assert [e.kind for e in ledger(sessions, listing.id)] == ["armed", "suspended", "resumed"]
    assert ledger(sessions, listing.id)[1].basis == "技术鉴定时间不计入期限"
    await record_history(client, case.workflow_id, "hazard_clock_suspension")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_extension_beyond_the_rules_cap_is_refused(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=40))
    await eventually(lambda: any(t.kind == "supervision" for t in tasks_of(sessions, case.id)))
    supervision = next(t for t in tasks_of(sessions, case.id) if t.kind == "supervision")
    too_far = today + dt.timedelta(days=30 + 400)
    with pytest.raises(InvalidInput, match="366日"):
        await complete_task_id(
            sessions,
            client,
            "qj.office",
            supervision.id,
            {"decision": "extend", "reason": "延期", "new_due": too_far.isoformat()},
        )
    rectification = await open_task(sessions, case.id, "rectification")
    kinds = [e.kind for e in ledger(sessions, rectification.id)]
    # Reminders 20, 5 and 1 working days ahead (those still ahead when the task opened), then the breach.
    reminders = kinds.count("reminded")
    assert reminders >= 2
    assert kinds[: reminders + 3] == ["armed"] + ["reminded"] * reminders + ["breached", "escalated"]
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def test_a_case_started_past_its_deadline_escalates_at_once_and_the_office_gets_its_period(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str
) -> None:
    """A case whose deadline passed before any worker ran (here: reported 60 days ago and started
    with the worker down) is breached and escalated at once when a worker polls; the city office's
    period runs from the step's opening, since it could not supervise a step that did not exist yet
    (late-opened-step-supervision), and the province rung follows when that period passes."""
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now, reported_at=now - dt.timedelta(days=60))
    assert tasks_of(sessions, case.id) == []  # nothing moves without a worker
    async with build_worker(client, task_queue, sessions, ProcessConfig()):
        await eventually(lambda: any(t.kind == "supervision" for t in tasks_of(sessions, case.id)))
        listing = next(t for t in tasks_of(sessions, case.id) if t.step == "listing_decision")
        city = next(t for t in tasks_of(sessions, case.id) if t.parent_task_id == listing.id)
        assert _utc(city.clock_start_at) == _utc(listing.opened_at) > _utc(listing.due_at)
        await time_env.sleep(dt.timedelta(days=30))  # the city office's period passes
        province = principal(sessions, "yn.office").org_id
        await eventually(
            lambda: any(t.org_id == province and t.kind == "supervision" for t in tasks_of(sessions, case.id))
        )
        await eventually(lambda: "escalation_top" in [e.kind for e in events(sessions, case.id)])
    listing = next(t for t in tasks_of(sessions, case.id) if t.step == "listing_decision")
    # No reminder: the reminder day had passed before the task opened; breached at once.
    assert [e.kind for e in ledger(sessions, listing.id)][:3] == ["armed", "breached", "escalated"]
    city_rung = next(t for t in tasks_of(sessions, case.id) if t.parent_task_id == listing.id)
    province_rung = next(t for t in tasks_of(sessions, case.id) if t.parent_task_id == city_rung.id)
    assert province_rung.org_id == province
    # The city office's own period, opened at the step's opening: its reminders, then its breach.
    city_ledger = [e.kind for e in ledger(sessions, city_rung.id)]
    assert city_ledger[0] == "armed" and "reminded" in city_ledger and city_ledger[-2:] == ["breached", "escalated"]
    kinds = [e.kind for e in events(sessions, case.id) if e.kind in ("overdue", "escalated", "escalation_top")]
    assert kinds == ["overdue", "escalated", "overdue", "escalated", "overdue", "escalation_top"]
    await record_history(client, case.workflow_id, "hazard_started_past_its_deadline")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_O2_O3_O4_upper_office_summons_circulates_and_lists_with_their_content_while_supervision_stays_open(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, await time_env.get_current_time())
    await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=30))
    await time_env.sleep(dt.timedelta(days=40))
    await eventually(lambda: any(t.kind == "supervision" for t in tasks_of(sessions, case.id)))
    supervision = next(t for t in tasks_of(sessions, case.id) if t.kind == "supervision")
    now = await china_today(client, time_env)
    meeting, follow_up = now + dt.timedelta(days=3), now + dt.timedelta(days=30)
    with pytest.raises(InvalidInput, match="约谈日期和约谈对象"):
        await complete_task_id(sessions, client, "qj.office", supervision.id, {"decision": "summon", "reason": "约谈"})
    summon = {
        "decision": "summon",
        "reason": "整改严重滞后",
        "meeting_on": meeting.isoformat(),
        "attendees": "麒麟区人民政府分管副区长",
    }
    with pytest.raises(InvalidInput, match="约谈事项、整改落实期限"):  # O4: a summons says what and by when
        await complete_task_id(sessions, client, "qj.office", supervision.id, summon)
    with pytest.raises(InvalidInput, match="整改落实期限须晚于今天"):
        await complete_task_id(
            sessions,
            client,
            "qj.office",
            supervision.id,
            {**summon, "matters": "储罐区整改滞后", "follow_up_due": now.isoformat()},
        )
    await complete_task_id(
        sessions,
        client,
        "qj.office",
        supervision.id,
        {**summon, "matters": "储罐区整改滞后", "follow_up_due": follow_up.isoformat()},
    )
    with pytest.raises(InvalidInput, match="通报文号、通报事项、通报范围"):  # O3
        await complete_task_id(
            sessions, client, "qj.office", supervision.id, {"decision": "circulate", "reason": "通报"}
        )
    await complete_task_id(
        sessions,
        client,
        "qj.office",
        supervision.id,
        {
            "decision": "circulate",
            "reason": "全市通报",
            "notice_no": "曲安委办通〔2026〕3号",
            "matters": "重大事故隐患逾期未整改",
            "circulation_scope": "全市各县（市、区）安委会",
        },
    )
    await complete_task_id(  # O2: the upper office's own listing, with its notice, matters and deadline
        sessions,
        client,
        "qj.office",
        supervision.id,
        {
            "decision": "list_supervision",
            "reason": "市级挂牌",
            "notice_no": "曲安委办督〔2026〕5号",
            "matters": "限期完成紧急切断联锁改造",
            "follow_up_due": follow_up.isoformat(),
        },
    )
    details = case_row(sessions, case.id).details
    assert details["supervision_list_supervision"]["notice_no"] == "曲安委办督〔2026〕5号"
    assert details["supervision_list_supervision"]["follow_up_due"] == follow_up.isoformat()
    assert details["supervision_circulate"]["circulation_scope"] == "全市各县（市、区）安委会"
    assert details["supervision_summon"]["matters"] == "储罐区整改滞后"
    kinds = [e.kind for e in events(sessions, case.id)]
    assert {"supervision_summon", "supervision_circulate", "supervision_list_supervision"} <= set(kinds)
    summoned = next(e for e in events(sessions, case.id) if e.kind == "supervision_summon")
    assert meeting.isoformat() in summoned.summary and "分管副区长" in summoned.summary
    assert case_row(sessions, case.id).details["listed_for_supervision_by_upper_office"] is True
    assert task_row(sessions, supervision.id).status == "open"
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
