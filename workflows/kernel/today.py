"""Today in China, from the workflow's deterministic clock, and the check every process makes
of a date typed into a form: it must not lie in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.china_time import day_of
    from domain.errors import InvalidInput
    from domain.forms import StepForm


def china_today() -> dt.date:
    return day_of(workflow.now())


def refuse_future_dates(form: StepForm, fields: Iterable[str]) -> None:
    """Refuse a form whose named date fields (those it has) lie after today."""
    today = china_today()
    for name in fields:
        day = getattr(form, name, None)
        if isinstance(day, dt.date) and day > today:
            raise InvalidInput(f"{type(form).model_fields[name].title}不能晚于今天")
