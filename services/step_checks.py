"""Checks of a submitted step against what the case already holds, made before the workflow is
asked (D5): dates a form alone cannot judge because the other date is the case's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db import models
from domain import enforcement_review
from domain.legal_calendar import CHINA_TZ

CODE = re.compile(r"\d{6}")


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def step_errors(case: models.Case, step: str, form: dict[str, Any], now: dt.datetime) -> list[dict[str, str]]:
    """Field errors of a step's form seen against the case; empty when it is consistent."""
    errors = []
    if case.process == "hazard" and step == "rectification_plan":
        # 重大事故隐患治理督办制度 / 16号令 第十五条: the plan's time limit lies within the period
        # the listing notice set (整改期限), and a plan is for the future.
        planned = _day(form.get("plan_deadline"))
        today = now.astimezone(CHINA_TZ).date()
        limit = _day(case.details.get("rectification_deadline"))
        if planned is not None and planned < today:
            errors.append({"field": "plan_deadline", "message": f"治理的时限：不能早于今天（{_zh(today)}）"})
        elif planned is not None and limit is not None and planned > limit:
            message = (
                f"治理的时限：不能晚于挂牌督办通知书规定的整改期限（{_zh(limit)}）；"
                "需要更长时间的，请在整改期间申请延期"
            )
            errors.append({"field": "plan_deadline", "message": message})
    if case.process == "crime_transfer" and step == "receipt" and form.get("forward_to"):
        # 国务院令第310号 第七条: forwarded to the police with jurisdiction, named by its area code (D23).
        if not CODE.fullmatch(str(form["forward_to"])):
            message = "有管辖权的公安机关：请填写该机关所在地的6位行政区划代码（如曲靖市为530300），不是机关名称"
            errors.append({"field": "forward_to", "message": message})
    if case.process == "enforcement_review" and step == "file_review":
        errors += enforcement_review.checklist_errors(form)
    return errors
