"""The annual enforcement-file review (执法案卷评查) on the time-skipping server: the reproducible
sample, the checklist pre-filled from the ledger, the scores per bureau and the rectification."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain import enforcement_review as er
from domain.errors import Conflict, NotFound
from domain.legal_calendar import CHINA_TZ
from domain.quarterly_report import last_ended_quarter
from services import enforcement_reviews, quarterly_report
from tests.review_support import closed_file, free_year
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import case_row, complete, complete_task_id, events, eventually, tasks_of


async def test_review_draws_a_reproducible_sample_prefills_the_checklist_and_sends_failures_back(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    year = free_year(sessions)
    with sessions() as db:
        # 麒麟区: three files, each with a breached clock; 沾益区: two clean files.
        for n in range(3):
            closed_file(db, "530302", year, n, breached=True, unserved=n == 0)
        for n in range(2):
            closed_file(db, "530303", year, n)
    now = await time_env.get_current_time()
    office = principal(sessions, "qj.office")
    with sessions() as db:
        case = await enforcement_reviews.open_review(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=office,
            opening=er.ReviewOpening(year=year, seed=20261201),
            settings=er.ReviewSettings(),
            now=now,
        )
        with pytest.raises(Conflict, match="已组织"):
            await enforcement_reviews.open_review(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=office,
                opening=er.ReviewOpening(year=year),
                settings=er.ReviewSettings(),
                now=now,
            )
    await eventually(lambda: len(case_row(sessions, case.id).details.get("files", [])) == 3)

    # The seed, the pool and the sample are on the timeline, and the draw replays from them.
    drawn = next(e for e in events(sessions, case.id) if e.kind == "sample_drawn")
    with sessions() as db:
        pool = enforcement_reviews.review_pool(db, enforcement_reviews.bureaus_below(db, office), year)
    assert drawn.data["pool"] == [f.case_id for f in pool] and drawn.data["seed"] == "20261201"
    assert drawn.data["sample"] == [f.case_id for f in er.draw_sample(20261201, list(reversed(pool)), 0.4)]
    files = case_row(sessions, case.id).details["files"]
    assert [f["bureau_name"] for f in files] == ["麒麟区应急管理局"] * 2 + ["沾益区应急管理局"]
    # Pre-filled from the ledger: 麒麟区's clocks were breached, 沾益区's were met.
    assert [f["prefill"]["deadlines"] for f in files] == ["fail", "fail", "pass"]
    # A file with no decision step and no document leaves those items to the reviewer.
    assert files[2]["prefill"] == {"legality": "", "procedure": "", "documents": "", "deadlines": "pass"}

    reviewer_tasks = {t.id: t for t in tasks_of(sessions, case.id) if t.step == "file_review"}
    for f in files:
        assert reviewer_tasks[f["task_id"]].org_id == office.org_id
        checklist = {k: v or "pass" for k, v in f["prefill"].items()}
        if f["bureau_name"].startswith("沾益"):
            checklist["opinion"] = "案卷规范"
        else:
            checklist["documents"] = "fail"  # the reviewer corrects an item the ledger passed or confirms
            checklist["opinion"] = "文书送达不规范，期限逾期"
        await complete_task_id(sessions, client, "qj.office", f["task_id"], checklist)

    rectification = await eventually_task(sessions, case.id, "rectification")
    assert rectification.org_id == principal(sessions, "ql.handler").org_id
    with sessions() as db:
        (scores,) = enforcement_reviews.review_scores(db, office, year, er.ReviewSettings())
        (own,) = enforcement_reviews.review_scores(db, principal(sessions, "ql.handler"), year, er.ReviewSettings())
        with pytest.raises(NotFound):
            enforcement_reviews.review_scores(db, principal(sessions, "ql.office"), year, er.ReviewSettings())
    by_bureau = {b.bureau: b for b in scores.bureaus}
    assert by_bureau["麒麟区应急管理局"].average_score == 50 and by_bureau["麒麟区应急管理局"].failed_files == 2
    assert by_bureau["麒麟区应急管理局"].failed_items == {"documents": 2, "deadlines": 2}
    assert by_bureau["沾益区应急管理局"].average_score == 100
    assert [b.bureau for b in own.bureaus] == ["麒麟区应急管理局"]
    # The bureau, given access for its rectification, reads its own files of the review only.
    details = case_row(sessions, case.id).details
    mine = enforcement_reviews.details_for(principal(sessions, "ql.handler"), "enforcement_review", details)
    assert {f["bureau_name"] for f in mine["files"]} == {"麒麟区应急管理局"} and len(details["files"]) == 3
    assert enforcement_reviews.details_for(office, "enforcement_review", details) == details

    await complete(sessions, client, "ql.handler", case.id, "rectification", {"measures": "补充送达回证，建立期限提醒"})
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "done"
    assert case_row(sessions, case.id).details["results"][0]["average_score"] == 50
    await record_history(client, case.workflow_id, "enforcement_review")


async def eventually_task(sessions: sessionmaker[Session], case_id: int, step: str) -> models.Task:
    await eventually(lambda: any(t.step == step and t.status == "open" for t in tasks_of(sessions, case_id)))
    return next(t for t in tasks_of(sessions, case_id) if t.step == step and t.status == "open")


async def test_office_reports_the_last_quarter_to_the_organisation_department_as_a_task(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    office = principal(sessions, "zy.office")
    with sessions() as db:
        case = await quarterly_report.open_quarterly_task(
            db=db, client=client, task_queue=task_queue, principal=office, now=now
        )
        with pytest.raises(Conflict, match="已生成"):
            await quarterly_report.open_quarterly_task(
                db=db, client=client, task_queue=task_queue, principal=office, now=now
            )
    task = await eventually_task(sessions, case.id, "submit")
    year, quarter = last_ended_quarter(now.astimezone(CHINA_TZ).date())
    assert (task.org_id, task.role, task.deadline_rule) == (office.org_id, "office", "quarterly_report.submit")
    assert f"{year}年第{quarter}季度" in task.title
    sent = {"submitted_on": now.astimezone(CHINA_TZ).date().isoformat(), "recipient": "中共沾益区委组织部"}
    await complete(sessions, client, "zy.office", case.id, "submit", sent)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "submitted"
    assert case_row(sessions, case.id).details["recipient"] == "中共沾益区委组织部"
    await record_history(client, case.workflow_id, "quarterly_report")
