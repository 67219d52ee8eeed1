"""F6: every date at intake has a lawful range (422 in Chinese outside it), and a date the
projection cannot compute fails the case visibly instead of being retried without end."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.projection import UNPROJECTABLE, CaseActivities
from db import models
from db.calendar_store import load_calendar
from db.organisation_queries import org_in
from domain import hazard, rectification
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.roles import OrgType
from services.rectification_intake import start_rectification
from tests import support
from tests.security.conftest import make_pages, page_login
from workflows.contracts import ProjectionBatch, TaskOpen

TODAY = dt.datetime.now(CHINA_TZ).date()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
OWN_ENTERPRISE = "麒麟区宏达建材有限公司"


@pytest.fixture
def handler(database_url: str) -> tuple[TestClient, str]:
    client = make_pages(database_url)
    response = client.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
    assert response.status_code == 200
    return client, str(response.json()["csrf_token"])


def _enterprise_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as db:
        found = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == OWN_ENTERPRISE))
        assert found is not None
        return found


def _case_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as db:
        return int(db.scalar(select(func.count()).select_from(models.Case)) or 0)


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/v1/rectifications", {"inspected_on": "0001-01-01"}, "检查日期不能早于2000年1月1日"),
        ("/api/v1/hazards", {"found_on": "1900-01-01"}, "发现日期不能早于2000年1月1日"),
        ("/api/v1/hazards", {"found_on": "0001-01-01"}, "发现日期不能早于2000年1月1日"),
        ("/api/v1/accidents", {"occurred_at": "0001-01-01T08:00:00+08:00"}, "事故发生时间不能早于2000年1月1日"),
        ("/api/v1/blacklist", {"penalty_decided_on": "1999-12-31"}, "行政处罚决定日期不能早于2000年1月1日"),
    ],
)
def test_intake_dates_before_2000_are_refused(
    handler: tuple[TestClient, str], sessions: sessionmaker[Session], path: str, body: dict[str, Any], words: str
) -> None:
    client, csrf = handler
    base: dict[str, Any] = {
        "/api/v1/rectifications": {"inspection_record_no": "Y1", "findings": "f"},
        "/api/v1/hazards": {"title": "t", "description": "d", "grade": 2, "source": "inspection"},
        "/api/v1/accidents": {"place": "p", "deaths": 0, "serious_injuries": 0, "direct_loss_cny": 0, "account": "a"},
        "/api/v1/blacklist": {
            "condition": "major_accident",
            "penalty_decision_no": "罚〔2026〕1号",
            "facts": "f",
            "rules": "2023",
        },
    }[path]
    before = _case_count(sessions)
    response = client.post(
        path, json={"enterprise_id": _enterprise_id(sessions), **base, **body}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 422, response.text
    assert words in response.json()["message"]
    assert _case_count(sessions) == before


def test_page_form_refuses_a_date_before_2000(database_url: str, sessions: sessionmaker[Session]) -> None:
    client = make_pages(database_url)
    csrf = page_login(client, "ql.handler")
    response = client.post(
        "/rectifications",
        data={
            "csrf_token": csrf,
            "enterprise_id": str(_enterprise_id(sessions)),
            "inspection_record_no": "Y1",
            "inspected_on": "0001-01-01",
            "findings": "f",
        },
    )
    assert response.status_code == 422
    assert "检查日期不能早于2000年1月1日" in response.text


def test_step_form_dates_have_their_bounds() -> None:
    with pytest.raises(ValidationError, match="申请延期至不能早于2000年1月1日"):
        hazard.ExtensionRequestForm.model_validate({"requested_deadline": "0001-01-01", "reason": "r"})
    latest = dt.date(TODAY.year + 1, 12, 31)
    with pytest.raises(ValidationError, match=f"申请延期至不能晚于{latest.year}年12月31日"):
        hazard.ExtensionRequestForm.model_validate({"requested_deadline": "2999-01-01", "reason": "r"})
    hazard.ExtensionRequestForm.model_validate({"requested_deadline": latest.isoformat(), "reason": "r"})
    with pytest.raises(ValidationError, match="缴纳日期不能晚于今天"):  # a past fact
        rectification.PaymentForm.model_validate({"paid_on": (TODAY + dt.timedelta(days=1)).isoformat()})


def test_a_clock_that_cannot_be_computed_fails_the_case_visibly(
    sessions: sessionmaker[Session], handler: tuple[TestClient, str]
) -> None:
    """The probe's case: a clock starting on 0001-01-01 overflows in the projection activity."""
    with sessions.begin() as db:
        bureau = org_in(db, "530302", OrgType.EMERGENCY_BUREAU)
        assert bureau is not None
        case = models.Case(
            case_no="ZG-2026-F6",
            workflow_id="rectification-ZG-2026-F6",
            process="rectification",
            title="日期越界",
            status="starting",
            jurisdiction_code="530302",
            jurisdiction_path=db.scalars(
                select(models.Jurisdiction.path).where(models.Jurisdiction.code == "530302")
            ).one(),
            created_at=dt.datetime.now(dt.UTC),
            updated_at=dt.datetime.now(dt.UTC),
            details={},
        )
        db.add(case)
        db.flush()
        case_id, org_id = case.id, bureau.id
    start = dt.datetime(1, 1, 1, tzinfo=CHINA_TZ)
    batch = ProjectionBatch(
        case_id=case_id,
        opens=[
            TaskOpen(f"{case_id}-t1", "service", "送达", "step", org_id, "handler", "hazard.listing_decision", start)
        ],
    )
    activities = CaseActivities(sessions, ProcessConfig(), load_calendar)
    with pytest.raises(ApplicationError) as raised:
        activities.apply_case_changes(batch)
    assert raised.value.non_retryable and raised.value.type == UNPROJECTABLE
    assert raised.value.message.startswith("案件启动失败：期限无法计算")

    client, _ = handler
    shown = client.get(f"/api/v1/cases/{case_id}").json()
    assert shown["status"] == "start_failed"
    assert shown["details"]["failure"].startswith("案件启动失败：")
    page = client.get(f"/cases/{case_id}")
    assert "案件启动失败：期限无法计算" in page.text and "流程正在启动" not in page.text


async def test_a_case_whose_first_clock_cannot_be_computed_shows_start_failed_through_the_worker(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    """The probe's reproduction, past the intake (as for a case started before the bounds): the
    real workflow and worker. The projection fails once, visibly, and so does the workflow."""
    start = rectification.RectificationStart.model_construct(  # bypasses the bounds on purpose
        enterprise_id=_enterprise_id(sessions),
        inspection_record_no="Y1",
        inspected_on=dt.date(1, 1, 1),
        findings="f",
        own_enforcement_power=False,
    )
    with sessions() as db:
        case = await start_rectification(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=support.principal(sessions, "ql.handler"),
            start=start,
            now=dt.datetime.now(dt.UTC),
        )
        case_id, workflow_id = case.id, case.workflow_id
    deadline = time.monotonic() + 20
    while True:
        with sessions() as db:
            row = db.get(models.Case, case_id)
            assert row is not None
            if row.status == "start_failed":
                break
        assert time.monotonic() < deadline, "the case never showed its failure"
        await asyncio.sleep(0.2)
    assert row.details["failure"].startswith("案件启动失败：期限无法计算")
    # The workflow ends as failed with the same message, instead of retrying its task without end.
    deadline = time.monotonic() + 20
    while (description := await client.get_workflow_handle(workflow_id).describe()).status == (
        WorkflowExecutionStatus.RUNNING
    ):
        assert time.monotonic() < deadline, "the workflow kept retrying a change no retry can write"
        await asyncio.sleep(0.2)
    assert description.status == WorkflowExecutionStatus.FAILED
