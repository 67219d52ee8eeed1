"""Script and SQL in text fields: stored verbatim, shown escaped, and the database intact."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from services import chain_verify
from tests.api.conftest import Login

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SQL = "'); DROP TABLE cases; -- \" OR 1=1 --"


async def test_script_and_sql_are_stored_verbatim_and_rendered_escaped(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
        cases_before = db.scalar(select(func.count()).select_from(models.Case))
    handler = await login("ql.handler")
    body = {
        "enterprise_id": enterprise,
        "title": f"{SCRIPT}{SQL}".ljust(200, "隐"),
        "description": f"{SQL}\n{SCRIPT}",
        "grade": 4,
        "source": "inspection",
        "found_on": dt.datetime.now(CHINA_TZ).date().isoformat(),
    }
    created = await handler.post("/api/v1/hazards", json=body)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]

    read = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    with sessions() as db:
        case = db.get(models.Case, case_id)
        assert case is not None and read["title"] == case.title  # verbatim through the API
        # The enterprise's name and the 200-character title are cut to the column, not refused by it.
        assert SCRIPT in case.title and len(case.title) == 200 and case.title.endswith("…")
        assert case.details["description"] == body["description"]
        assert db.scalar(select(func.count()).select_from(models.Case)) == (cases_before or 0) + 1

    for page in (f"/cases/{case_id}", "/cases", "/inbox"):
        html = (await handler.get(page)).text
        assert "<script>alert" not in html and "<img src=x" not in html, page
    with sessions() as db:  # the timeline the real workflow wrote is a sound chain
        assert case_id not in {link.case_id for _, link in chain_verify.verify_all(db).broken}
    case_page = (await handler.get(f"/cases/{case_id}")).text
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in case_page
    assert "&#39;); DROP TABLE cases; --" in case_page
