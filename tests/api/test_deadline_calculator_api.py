"""The calculator answers "after the appraisal, when is the report due, and how far can it be
extended?" with the ledger's arithmetic (A20, A21, P4), and refuses bad input in Chinese."""

from __future__ import annotations

import httpx
import pytest

URL = "/api/v1/deadlines/compute"
# An accident on Monday 3 August 2026: the report is due in 60 days (条例 art 29), on 2 October,
# inside the National Day holiday; technical appraisal from 1 to 11 September (条例 art 27).
REPORT = {"start": "2026-08-03", "rule": "accident.investigation_report"}


async def test_A21_calculator_excludes_the_appraisal_from_the_unrolled_end(anonymous: httpx.AsyncClient) -> None:
    plain = (await anonymous.get(URL, params=REPORT)).json()
    assert plain["due_date"] == "2026-10-08" and plain["unrolled_end"] == "2026-10-02"
    answer = await anonymous.get(URL, params={**REPORT, "suspend": "2026-09-01/2026-09-11"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["amount"] == 60 and body["unit"] == "calendar_days"
    assert body["suspensions"] == [{"from_day": "2026-09-01", "to_day": "2026-09-11", "excluded_days": 10}]
    assert body["excluded_days"] == 10 and body["suspended_end"] == "2026-10-12"
    assert body["due_date"] == "2026-10-12" and body["due"].startswith("2026-10-12T23:59:59")
    assert "第二十七条" in body["explanation"] and len(body["steps"]) >= 4


async def test_A20_calculator_extends_from_the_same_end_and_shows_the_cap(anonymous: httpx.AsyncClient) -> None:
    params = {**REPORT, "suspend": "2026-09-01/2026-09-11", "extend_days": 60}
    body = (await anonymous.get(URL, params=params)).json()
    assert body["max_extension_days"] == 60 and body["cap_end"] == "2026-12-11"
    assert body["extended_end"] == "2026-12-11" and body["due_date"] == "2026-12-11"
    too_far = await anonymous.get(URL, params={**params, "extend_days": 61})
    assert too_far.status_code == 422 and "最长可延长60日" in too_far.json()["message"]


async def test_A21_two_suspensions_and_a_working_day_period(anonymous: httpx.AsyncClient) -> None:
    body = (
        await anonymous.get(
            URL,
            params=[
                ("start", "2026-08-03"),
                ("amount", "60"),
                ("unit", "calendar_days"),
                ("suspend", "2026-08-10/2026-08-13"),
                ("suspend", "2026-09-01/2026-09-08"),
            ],
        )
    ).json()
    assert body["excluded_days"] == 10 and body["due_date"] == "2026-10-12"
    working = (
        await anonymous.get(
            URL, params={"start": "2026-09-28", "amount": 5, "unit": "working_days", "suspend": "2026-09-29/2026-10-09"}
        )
    ).json()
    assert working["excluded_days"] == 3 and working["due_date"] == "2026-10-14"


async def test_P4_report_extension_is_capped_at_thirty_days_from_the_unrolled_end(anonymous: httpx.AsyncClient) -> None:
    params = {"start": "2026-08-03", "rule": "public_report.handling", "extend_days": 30}
    body = (await anonymous.get(URL, params=params)).json()
    # 60 days end on 2 October (unrolled); +30 = 1 November, a Sunday, rolled once to 2 November.
    assert body["cap_end"] == "2026-11-01" and body["due_date"] == "2026-11-02"
    assert (await anonymous.get(URL, params={**params, "extend_days": 31})).status_code == 422


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"suspend": "2026-09-01"}, "格式不正确"),
        ({"suspend": "2026-09-01/2026-13-01"}, "格式不正确"),
        ({"suspend": "2026-09-11/2026-09-01"}, "早于开始日"),
        ({"suspend": "2026-07-01/2026-07-05"}, "不在期限之内"),
        ({"suspend": "2026-10-09/2026-10-20"}, "不在期限之内"),
        ({"extend_days": -1}, "负数"),
        ({"extend_days": 61}, "最长可延长60日"),
        ({"rule": "no.such_rule"}, "没有该期限规则"),
    ],
)
async def test_bad_calculator_input_is_refused_in_chinese(
    anonymous: httpx.AsyncClient, extra: dict[str, object], message: str
) -> None:
    answer = await anonymous.get(URL, params={**REPORT, **extra})
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["message"]


async def test_hour_periods_are_not_suspended_in_days(anonymous: httpx.AsyncClient) -> None:
    answer = await anonymous.get(
        URL, params={"start": "2026-08-03", "amount": 24, "unit": "hours", "suspend": "2026-08-03/2026-08-04"}
    )
    assert answer.status_code == 422 and "小时" in answer.json()["message"]
