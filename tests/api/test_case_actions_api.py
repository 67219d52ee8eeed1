"""The JSON API's case actions come from the process definitions: an action another process
declares is refused before anything reaches the workflow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_hazard_api import _enterprise, _report


async def test_an_action_of_another_process_is_refused_as_unsupported(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    created = await handler.post("/api/v1/hazards", json=_report(_enterprise(sessions, "530302"), today))
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    foreign = await handler.post(f"/api/v1/cases/{case_id}/actions/update_casualties", json={"form": {}})
    assert (
        foreign.status_code == 422
        and "没有这项操作" in foreign.json()["message"]
        and "update_casualties" not in foreign.json()["message"]
    )
    own = await handler.post(f"/api/v1/cases/{case_id}/actions/order_suspension", json={"form": {}})
    assert own.status_code in (409, 422) and "不支持" not in own.json()["message"]  # refused on the merits
