"""Bad input at every intake, through the JSON API and through the pages: refused with a status
and a Chinese message that says what is wrong, and nothing written. The base body of each intake
is valid (its own row reaches the workflow), so each refusal is caused by the one field changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.seed import credit_code
from domain.legal_calendar import CHINA_TZ
from tests.penalty_support import penalty_decision
from tests.security.matrix_data import row_counts
from tests.security.test_authorisation_matrix import RoleSpec, _signed_in

TODAY = dt.datetime.now(CHINA_TZ).date()
YESTERDAY, TOMORROW = (TODAY - dt.timedelta(days=1)).isoformat(), (TODAY + dt.timedelta(days=1)).isoformat()
IN_AN_HOUR = (dt.datetime.now(CHINA_TZ) + dt.timedelta(hours=1)).isoformat(timespec="minutes")
AN_HOUR_AGO = (dt.datetime.now(CHINA_TZ) - dt.timedelta(hours=1)).isoformat(timespec="minutes")
OWN, FOREIGN, MISSING = "own-enterprise", "foreign-enterprise", 99_999_999
OWN_LISTED = "own-enterprise-to-list"

BASE: dict[str, dict[str, Any]] = {
    "hazards": {
        "enterprise_id": OWN,
        "title": "脚手架防护缺失",
        "description": "现场检查发现",
        "grade": 2,
        "source": "inspection",
        "found_on": YESTERDAY,
    },
    "accidents": {
        "enterprise_id": OWN,
        "occurred_at": AN_HOUR_AGO,
        "place": "二号车间",
        "deaths": 0,
        "serious_injuries": 1,
        "direct_loss_cny": 10000,
        "account": "作业人员坠落",
    },
    "rectifications": {
        "enterprise_id": OWN,
        "inspection_record_no": "JC-2026-1",
        "inspected_on": YESTERDAY,
        "findings": "安全出口堵塞",
    },
    "crime-transfers": {"enterprise_id": OWN, "category": "major_liability_accident", "facts": "涉嫌重大责任事故"},
    "blacklist": {
        "enterprise_id": OWN,
        "condition": "major_accident",
        "penalty_decision_no": "罚〔2026〕1号",
        "penalty_decided_on": YESTERDAY,
        "facts": "发生重大事故",
        "rules": "2023",
    },
}

# (intake, changed fields, status, words the message must contain)
ROWS: list[tuple[str, dict[str, Any], int, str]] = [
    ("hazards", {"found_on": TOMORROW}, 422, "发现日期不能晚于今天"),
    ("hazards", {"found_on": "2026-02-30"}, 422, "日期格式应为YYYY-MM-DD"),
    ("hazards", {"grade": 5}, 422, "不能大于4"),
    ("hazards", {"grade": -1}, 422, "不能小于0"),  # 0 is a 一般事故隐患 (H1)
    ("hazards", {"title": "隐" * 201}, 422, "不能超过200字"),
    ("hazards", {"description": "长" * 4001}, 422, "不能超过4000字"),
    ("hazards", {"title": "   "}, 422, "必填"),
    ("hazards", {"source": "rumour"}, 422, "取值不在可选范围内"),
    ("hazards", {"enterprise_id": 2**40}, 422, "不能大于2147483647"),
    ("hazards", {"enterprise_id": FOREIGN}, 403, "不在您的管辖范围内"),
    ("hazards", {"enterprise_id": MISSING}, 404, "企业不存在"),
    ("accidents", {"occurred_at": IN_AN_HOUR}, 422, "事故发生时间不能晚于现在"),
    ("accidents", {"deaths": -1}, 422, "不能小于0"),
    ("accidents", {"serious_injuries": -3}, 422, "不能小于0"),
    ("accidents", {"direct_loss_cny": -1}, 422, "不能小于0"),
    ("accidents", {"deaths": "三"}, 422, "应为整数"),
    ("accidents", {"occurred_at": "2026-13-01T08:00"}, 422, "时间格式"),
    ("accidents", {"place": "地" * 201}, 422, "不能超过200字"),
    ("rectifications", {"inspected_on": TOMORROW}, 422, "检查日期不能晚于今天"),
    ("rectifications", {"findings": ""}, 422, "必填"),
    ("crime-transfers", {"category": "murder"}, 422, "取值不在可选范围内"),
    ("crime-transfers", {"enterprise_id": None}, 422, "须选择来源案件或涉案单位"),
    ("blacklist", {"penalty_decided_on": TOMORROW}, 422, "行政处罚决定日期不能晚于今天"),
    ("blacklist", {"rules": "1999"}, 422, "取值不在可选范围内"),
    ("blacklist", {"enterprise_id": FOREIGN}, 403, "不在您的管辖范围内"),
]
VALID = [(intake, {}, 418, "reached the workflow") for intake in BASE]

HANDLER = RoleSpec("handler", "ql.handler", "handler", frozenset())


@pytest.fixture(scope="module")
def enterprises(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as db:

        def first(code: str) -> int:
            return (
                db.scalars(
                    select(models.Enterprise.id)
                    .where(models.Enterprise.jurisdiction_code == code)
                    .order_by(models.Enterprise.id)
                ).first()
                or 0
            )

        found = {OWN: first("530302"), FOREIGN: first("532801")}
        # A unit of its own for the listing: one open listing per subject, and other tests list
        # the first unit of 麒麟区 in the same database.
        code = credit_code("530302", 88_000_001)
        unit = db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code == code)).first()
        if unit is None:
            unit = models.Enterprise(
                name="麒麟区输入校验测试化工有限公司",
                credit_code=code,
                industry="化工",
                size="小型",
                jurisdiction_code="530302",
                address="麒麟区工业园区",
            )
            db.add(unit)
            db.commit()
        found[OWN_LISTED] = unit.id
    BASE["blacklist"]["enterprise_id"] = OWN_LISTED
    # The listing must rest on the bureau's own penalty decision to that unit (B6/B7).
    BASE["blacklist"]["penalty_decision_no"] = penalty_decision(
        sessions, "ql.handler", found[OWN_LISTED], dt.date.fromisoformat(YESTERDAY), "麒应急罚"
    )
    return found


@pytest.fixture(scope="module")
def handler(database_url: str) -> tuple[TestClient, str]:
    return _signed_in(database_url, HANDLER)


def _body(intake: str, changes: dict[str, Any], enterprises: dict[str, int]) -> dict[str, Any]:
    body = {**BASE[intake], **changes}
    body = {k: enterprises.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(("intake", "changes", "status", "words"), ROWS + VALID, ids=lambda v: str(v)[:40])
def test_api_intake_refuses_bad_input_and_writes_nothing(
    intake: str,
    changes: dict[str, Any],
    status: int,
    words: str,
    handler: tuple[TestClient, str],
    enterprises: dict[str, int],
    sessions: sessionmaker[Session],
) -> None:
    client, csrf = handler
    before = row_counts(sessions)
    response = client.post(
        f"/api/v1/{intake}", json=_body(intake, changes, enterprises), headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == status, response.text
    assert words in response.text
    assert row_counts(sessions) == before


@pytest.mark.parametrize(("intake", "changes", "status", "words"), ROWS + VALID, ids=lambda v: str(v)[:40])
def test_page_intake_refuses_bad_input_and_writes_nothing(
    intake: str,
    changes: dict[str, Any],
    status: int,
    words: str,
    handler: tuple[TestClient, str],
    enterprises: dict[str, int],
    sessions: sessionmaker[Session],
) -> None:
    client, csrf = handler
    form = {
        k: ("on" if v is True else str(v)) for k, v in _body(intake, changes, enterprises).items() if v is not False
    }
    if "occurred_at" in form:  # the page's datetime-local field has no offset: China time is added
        form["occurred_at"] = form["occurred_at"].removesuffix("+08:00")
    before = row_counts(sessions)
    response = client.post(f"/{intake}", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == status, response.text[:500]
    assert words in response.text
    assert row_counts(sessions) == before


@pytest.mark.parametrize("path", ["/api/v1/public/blacklist", "/public/blacklist"])
@pytest.mark.parametrize("code", ["91530302MA6K0000X", "915303020000000000", "<script>", "' OR 1=1 --"])
def test_public_query_refuses_invalid_credit_codes(path: str, code: str, handler: tuple[TestClient, str]) -> None:
    client, _ = handler
    response = client.get(path, params={"code": code})
    assert response.status_code == 422 and "统一社会信用代码" in response.text
    assert "<script>" not in response.text.split("<body", 1)[-1] if path.startswith("/public") else True
