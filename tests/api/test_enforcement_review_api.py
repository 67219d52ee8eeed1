"""The enforcement review through the JSON API: opening (422/409), the scores per bureau as each
caller may see them, and the public rulings counted against 国办发〔2015〕20号 (十六)'s 10 %."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.review_support import closed_file, free_year
from tests.workflows.hazard_helpers import case_row, eventually


async def test_office_opens_a_review_and_each_bureau_sees_only_its_own_scores(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    year = free_year(sessions)
    with sessions() as db:
        files = [closed_file(db, "530302", year, n, process="rectification") for n in range(2)]
        closed_file(db, "530303", year, 0)
    office = await login("qj.office")
    this_year = dt.datetime.now(CHINA_TZ).year
    for bad in ({"year": this_year + 1}, {"year": "二〇二六"}, {}, {"year": year - 3000}):
        response = await office.post("/api/v1/enforcement-reviews", json=bad)
        assert response.status_code == 422, (bad, response.text)
    county = await login("ql.office")
    assert (await county.post("/api/v1/enforcement-reviews", json={"year": year})).status_code == 403

    opened = await office.post("/api/v1/enforcement-reviews", json={"year": year, "seed": 42})
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    again = await office.post("/api/v1/enforcement-reviews", json={"year": year})
    assert again.status_code == 409 and "已组织" in again.text
    await eventually(lambda: len(case_row(sessions, case_id).details.get("files", [])) == 2)

    # 公开裁定 of one of 麒麟区's two penalty cases: 50 %, no warning; 沾益区 has none to count.
    handler = await login("ql.handler")
    ruling = {"case_id": files[0].id, "ruled_on": f"{year}-06-01", "enterprises": "三家同类企业"}
    assert (await handler.post("/api/v1/public-rulings", json=ruling)).status_code == 201
    assert (await handler.post("/api/v1/public-rulings", json=ruling)).status_code == 409
    assert (await handler.post("/api/v1/public-rulings", json={**ruling, "ruled_on": "2099-01-01"})).status_code == 422

    scores = await office.get(f"/api/v1/enforcement-reviews/{year}")
    assert scores.status_code == 200
    body = scores.json()
    bureaus = {b["bureau"]: b for b in body["bureaus"]}
    assert set(bureaus) == {"麒麟区应急管理局", "沾益区应急管理局"}
    qilin = bureaus["麒麟区应急管理局"]
    assert (qilin["files_sampled"], qilin["files_reviewed"], qilin["average_score"]) == (1, 0, None)
    assert (qilin["penalty_cases"], qilin["public_rulings"], qilin["warning"]) == (2, 1, "")
    assert body["reviews"][0]["seed"] == "42"

    export = await office.get(f"/enforcement-reviews/{year}.xlsx")  # the office's view's export
    assert export.status_code == 200, export.text[:200]
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        "麒麟区应急管理局",
        "沾益区应急管理局",
    ]

    own = (await handler.get(f"/api/v1/enforcement-reviews/{year}")).json()
    assert [b["bureau"] for b in own["bureaus"]] == ["麒麟区应急管理局"]
    assert (await county.get(f"/api/v1/enforcement-reviews/{year}")).status_code == 404
    assert (await office.get(f"/api/v1/enforcement-reviews/{year + 1}")).status_code == 404
