"""F13: NUL characters, invisible-only text and lax type coercions are refused (422, in Chinese)
wherever text comes in: JSON bodies, step forms, page forms, query strings and paths; nothing is
written. On PostgreSQL a NUL that reached the database would be a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain import accident, hazard, public_report
from domain.legal_calendar import CHINA_TZ
from tests.security.conftest import make_pages, page_login
from tests.security.matrix_data import row_counts

YESTERDAY = (dt.datetime.now(CHINA_TZ).date() - dt.timedelta(days=1)).isoformat()
AN_HOUR_AGO = (dt.datetime.now(CHINA_TZ) - dt.timedelta(hours=1)).isoformat(timespec="minutes")
OWN_ENTERPRISE = "麒麟区宏达建材有限公司"


@pytest.fixture
def handler(database_url: str) -> tuple[TestClient, str]:
    client = TestClient(make_pages(database_url).app, raise_server_exceptions=False)
    response = client.post("/api/v1/session", json={"username": "ql.handler", "password": "demo1234"})
    assert response.status_code == 200
    return client, str(response.json()["csrf_token"])


@pytest.fixture
def enterprise_id(sessions: sessionmaker[Session]) -> int:
    from db import models

    with sessions() as db:
        found = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == OWN_ENTERPRISE))
        assert found is not None
        return found


def _hazard(enterprise_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "enterprise_id": enterprise_id,
        "title": "脚手架防护缺失",
        "description": "现场检查发现",
        "grade": 2,
        "source": "inspection",
        "found_on": YESTERDAY,
        **changes,
    }


def _accident(enterprise_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "enterprise_id": enterprise_id,
        "occurred_at": AN_HOUR_AGO,
        "place": "二号车间",
        "deaths": 0,
        "serious_injuries": 1,
        "direct_loss_cny": 10000,
        "account": "作业人员坠落",
        **changes,
    }


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/v1/hazards", {"title": "隐患\x00名称"}, "不能包含空字符（NUL）"),
        ("/api/v1/hazards", {"description": "\x00"}, "不能包含空字符（NUL）"),
        ("/api/v1/hazards", {"title": "\u200b"}, "不能只包含空白或不可见字符"),
        ("/api/v1/hazards", {"title": "\u200b\u200c\u2060\ufeff \u3000"}, "不能只包含空白或不可见字符"),
        ("/api/v1/hazards", {"title": "\u3164"}, "不能只包含空白或不可见字符"),
        ("/api/v1/hazards", {"found_on": 0}, "日期格式应为YYYY-MM-DD"),
        ("/api/v1/hazards", {"grade": "3"}, "应为整数"),
        ("/api/v1/hazards", {"grade": True}, "应为整数"),
        ("/api/v1/hazards", {"grade": 2.0}, "应为整数"),
        ("/api/v1/accidents", {"deaths": True}, "应为整数"),
        ("/api/v1/accidents", {"serious_injuries": "3"}, "应为整数"),
        ("/api/v1/accidents", {"occurred_at": 1700000000}, "时间格式"),
        ("/api/v1/accidents", {"place": "车间\x00"}, "不能包含空字符（NUL）"),
        ("/api/v1/rectifications", {"own_enforcement_power": 0}, "应为是或否"),
        ("/api/v1/rectifications", {"own_enforcement_power": "false"}, "应为是或否"),
        ("/api/v1/accidents/grade", {"deaths": True}, "应为整数"),
    ],
)
def test_json_intake_refuses_nul_invisible_text_and_lax_types(
    handler: tuple[TestClient, str],
    enterprise_id: int,
    sessions: sessionmaker[Session],
    path: str,
    body: dict[str, Any],
    words: str,
) -> None:
    client, csrf = handler
    full = {
        "/api/v1/hazards": _hazard(enterprise_id),
        "/api/v1/accidents": _accident(enterprise_id),
        "/api/v1/rectifications": {
            "enterprise_id": enterprise_id,
            "inspection_record_no": "JC-1",
            "inspected_on": YESTERDAY,
            "findings": "安全出口堵塞",
        },
        "/api/v1/accidents/grade": {"deaths": 0, "serious_injuries": 0, "direct_loss_cny": 0},
    }[path]
    before = row_counts(sessions)
    response = client.post(path, json={**full, **body}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422, response.text
    assert words in response.json()["message"]
    assert row_counts(sessions) == before


def test_public_report_refuses_nul(handler: tuple[TestClient, str], sessions: sessionmaker[Session]) -> None:
    client, _ = handler
    before = row_counts(sessions)
    response = client.post(
        "/api/v1/public/report-submissions",
        json={"jurisdiction_code": "530302", "description": "举报\x00内容", "place": "x"},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 422 and "不能包含空字符" in response.json()["message"]
    assert row_counts(sessions) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/session", {"username": "ql.handler\x00", "password": "demo1234"}),
        ("/api/v1/public/report-tracking", {"code": "AB\x00CD"}),
        ("/api/v1/tasks/t-1/complete", {"form": {"opinion": "同意\x00"}}),
        ("/api/v1/cases/1/actions/suspend_clock", {"form": {"reason": "x", "nested": ["\x00"]}}),
    ],
)
def test_other_json_bodies_refuse_nul(handler: tuple[TestClient, str], path: str, body: dict[str, Any]) -> None:
    client, csrf = handler
    response = client.post(path, json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422, response.text
    assert "不能包含空字符" in response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases?q=%00",
        "/api/v1/public/hazards?q=a%00b",
        "/api/v1/tasks/%00/claim",
        "/cases?q=%00",
        "/public/hazards?q=%00",
        "/public/blacklist?code=%00",
    ],
)
def test_query_strings_and_paths_refuse_nul(handler: tuple[TestClient, str], url: str) -> None:
    client, csrf = handler
    method = "POST" if url.endswith("/claim") else "GET"
    response = client.request(method, url, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422, (url, response.status_code)
    assert "不能包含空字符" in response.text


def test_page_forms_refuse_nul_and_invisible_titles(
    database_url: str, enterprise_id: int, sessions: sessionmaker[Session]
) -> None:
    client = make_pages(database_url)
    csrf = page_login(client, "ql.handler")
    form = {k: str(v) for k, v in _hazard(enterprise_id).items()}
    before = row_counts(sessions)
    for changes, words in (({"title": "\u200b"}, "不能只包含空白或不可见字符"), ({"title": "a\x00"}, "空字符")):
        response = client.post("/hazards", data={**form, **changes, "csrf_token": csrf})
        assert response.status_code == 422, response.text[:300]
        assert words in response.text
    response = client.post("/public/report", data={"jurisdiction_code": "530302", "description": "\x00", "place": "x"})
    assert response.status_code in (403, 422)  # refused either by the origin check or by the NUL rule
    assert row_counts(sessions) == before


def test_step_forms_take_types_strictly_and_refuse_invisible_text() -> None:
    """The `form` of a step is validated by the same models in the workflow's Update validator."""
    with pytest.raises(ValidationError, match="应为整数"):
        hazard.ProgressReportForm.model_validate({"percent_complete": "50", "summary": "进展"})
    with pytest.raises(ValidationError, match="应为整数"):
        accident.CasualtyUpdateForm.model_validate({"deaths": True, "serious_injuries": 0, "note": "x"})
    with pytest.raises(ValidationError, match="应为是或否"):
        hazard.PublicationForm.model_validate(
            {"channel": "网站", "published_on": YESTERDAY, "filed_with_upper_office": 1}
        )
    with pytest.raises(ValidationError, match="不能只包含空白或不可见字符"):
        hazard.PlanReviewForm.model_validate({"decision": "approve", "opinion": "\u200b\u200d"})
    with pytest.raises(ValidationError, match="日期格式应为YYYY-MM-DD"):
        public_report.ReplyForm.model_validate({"replied_on": 20261101})
    hazard.ProgressReportForm.model_validate({"percent_complete": 50, "summary": "进展"})


def test_a_nul_inside_a_list_and_an_id_beyond_the_databases_integers_are_refused(
    handler: tuple[TestClient, str],
) -> None:
    """Both reached PostgreSQL as a 500 in CI's schema fuzzing: a NUL in one of 批量签收's task ids,
    and a 抽查事项 id of 2432902008176640001 (PostgreSQL's integer holds up to 2,147,483,647)."""
    client, csrf = handler
    headers = {"X-CSRF-Token": csrf}
    claim = client.post("/api/v1/tasks/claim", json={"task_ids": ["w", "x\u0000y"]}, headers=headers)
    assert claim.status_code == 422 and "空字符" in claim.text
    draw = client.post("/api/v1/random-draws", json={"matter_id": 2432902008176640001, "count": 1}, headers=headers)
    assert draw.status_code == 422 and "编号超出范围" in draw.text
