"""统计分析 over HTTP: the figures come from the cases a user may see, by month of the year in
China time; the charts have axes, values and tooltips; the Excel export has the same numbers."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from web.console.bar_chart import bar_svg, nice_ticks

YEAR = 2031  # a year no other test writes


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(YEAR, month, day, hour, tzinfo=CHINA_TZ)


def _seed(sessions: sessionmaker[Session]) -> None:
    with sessions() as db:
        if db.scalars(select(models.Case).where(models.Case.case_no == "ZG-2031-STAT1")).first():
            return
        county = db.get(models.Jurisdiction, "530302")
        handler = db.scalars(select(models.User).where(models.User.username == "ql.handler")).one()
        assert county is not None
        case = models.Case(
            case_no="ZG-2031-STAT1",
            workflow_id="stat-2031-1",
            process="rectification",
            title="统计用罚款案件",
            status="paid",
            closed=True,
            jurisdiction_code="530302",
            jurisdiction_path=county.path,
            created_at=_at(1, 1, 0) + dt.timedelta(minutes=30),  # 1 January, 00:30 China time (31 Dec UTC)
            updated_at=_at(4, 2),
            details={},
        )
        transfer = models.Case(
            case_no="YS-2031-STAT2",
            workflow_id="stat-2031-2",
            process="crime_transfer",
            title="统计用移送案件",
            status="filed",
            closed=False,
            jurisdiction_code="530302",
            jurisdiction_path=county.path,
            created_at=_at(3, 5),
            updated_at=_at(3, 9),
            details={},
        )
        db.add_all([case, transfer])
        db.flush()
        common = {
            "org_id": handler.org_id,
            "role": "handler",
            "kind": "step",
            "status": "completed",
            "deadline_rule": "x",
            "completed_by_user_id": handler.id,
        }
        db.add_all(
            [
                models.Task(
                    id="stat-2031-1.t1",
                    case_id=case.id,
                    step="penalty_decision",
                    title="作出行政处罚决定",
                    opened_at=_at(3, 1),
                    due_at=_at(3, 20),
                    completed_at=_at(3, 10),
                    outcome={"decision": "fine", "fine_cny": 50000},
                    **common,
                ),
                models.Task(
                    id="stat-2031-1.t2",
                    case_id=case.id,
                    step="payment",
                    title="登记罚款缴纳情况",
                    opened_at=_at(3, 10),
                    due_at=_at(3, 25),
                    completed_at=_at(4, 2),
                    outcome={"amount_cny": 51500},
                    **common,
                ),
            ]
        )
        db.commit()


async def test_figures_charts_and_export_cover_the_visible_cases_of_the_year(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    _seed(sessions)
    handler, outsider = await login("ql.handler"), await login("jh.handler")
    body = (await handler.get("/api/v1/statistics", params={"year": YEAR})).json()
    assert (
        body["by_process"]["责令限期整改及强制执行"][0] == 1
        or sum(body["by_process"][k][0] for k in body["by_process"]) == 1
    )
    assert sum(v[2] for v in body["by_process"].values()) == 1  # the transfer, in March
    assert body["fines_imposed"][2] == 50000 and body["fines_collected"][3] == 51500
    assert body["fine_decisions"] == 1 and body["payments"] == 1
    assert body["transfers"] == {"已立案": 1}
    assert any(p["done"] == 2 and p["done_late"] == 1 for p in body["people"])  # the payment was late
    other = (await outsider.get("/api/v1/statistics", params={"year": YEAR})).json()
    assert other["opened_total"] == 0 and sum(other["fines_imposed"]) == 0

    page = (await handler.get("/statistics", params={"year": YEAR})).text
    assert (
        '<svg class="chart"' in page and "3月 · 决定罚款：5.0万元" in page and "暂无数据" not in page.split("各辖区")[0]
    )
    export = await handler.get("/statistics.xlsx", params={"year": YEAR})
    assert export.status_code == 200 and "filename*=UTF-8''" in export.headers["content-disposition"]
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["按流程和月份", "按辖区", "单位工作量", "人员工作量", "罚款", "涉嫌犯罪移送"]
    fines = list(book["罚款"].iter_rows(min_row=3, values_only=True))
    assert fines[2] == ("3月", 50000, 0) and fines[-1] == ("合计", 50000, 51500)
    bad = await handler.get("/api/v1/statistics", params={"year": 1999})
    assert bad.status_code == 422


def test_ticks_are_round_and_an_empty_chart_says_so() -> None:
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(51500)[-1] >= 51500 and all(t % 10000 == 0 for t in nice_ticks(51500))
    empty = bar_svg("空", ["1月", "2月"], [("甲", [0, 0])])
    assert "暂无数据" in empty
    chart = bar_svg("图", ["1月", "2月"], [("甲", [3, 0]), ("乙", [1, 2])])
    assert "<title>1月 · 甲：3件</title>" in chart and ">4</text>" in chart and ">2</text>" in chart
