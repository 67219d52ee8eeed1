"""The enterprise's monthly self-inspection declaration (企业自查自报自改), U10.

国办发〔2015〕20号 (八) and 本溪 (七): "实行企业自查自报自改与政府监督检查并网衔接"; 曲靖 (九) and
西双版纳 (十): "企业自检自查月度申报机制". Each month the enterprise declares the hazards its own
inspection found, each with its rectification state, or says explicitly that it found none; each
declared hazard opens a 一般事故隐患 case (its own report). No text fixes the day the declaration
is due: it is configuration (`[self_declaration] due_day`, day of the following month) [U].
A declaration missing after that day is overdue for the enterprise and listed for its bureau.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from domain.errors import InvalidInput
from domain.forms import OptionalText, StepForm, choice

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_HAZARDS = 50
HazardText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]

HAZARD_STATES = {"rectifying": "整改中", "rectified": "已整改"}


@dataclass(frozen=True)
class DeclarationSettings:
    """`[self_declaration]` in config/process.toml; every figure is local [U]."""

    due_day: int = 10  # the declaration of month M is due by this day of month M+1
    first_month: str = "2026-01"  # months before it are never overdue (the scheme's local start)


class DeclaredHazard(StepForm):
    description: HazardText = Field(title="隐患描述")
    state: Literal["rectifying", "rectified"] = choice(HAZARD_STATES, "整改情况")


class SelfDeclarationSubmission(StepForm):
    """月度自查申报: the month, the hazards found (each with its state), or "no hazards" said."""

    month: str = Field(title="申报月份")
    no_hazards: bool = Field(False, title="本月自查未发现事故隐患")
    hazards: list[DeclaredHazard] = Field(default_factory=list, max_length=MAX_HAZARDS, title="自查发现的隐患")
    # A correction keeps the first declaration and adds this one after it.
    correction: bool = Field(False, title="更正申报")
    note: OptionalText = Field("", max_length=500, title="说明")

    @field_validator("month")
    @classmethod
    def _month(cls, value: str) -> str:
        if not MONTH.match(value):
            raise ValueError("申报月份格式应为YYYY-MM")
        return value

    @model_validator(mode="after")
    def _said(self) -> SelfDeclarationSubmission:
        if self.no_hazards and self.hazards:
            raise ValueError("声明本月未发现隐患时不能同时申报隐患")
        if not self.no_hazards and not self.hazards:
            raise ValueError("未发现隐患的，须明确声明“本月自查未发现事故隐患”")
        return self


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month(day: dt.date) -> str:
    return month_of(day.replace(day=1) - dt.timedelta(days=1))


def due_date(month: str, settings: DeclarationSettings) -> dt.date:
    """The last day to declare `month`: `due_day` of the following month (its last day if shorter)."""
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.date(year, number, min(settings.due_day, calendar.monthrange(year, number)[1]))


def is_overdue(month: str, today: dt.date, settings: DeclarationSettings) -> bool:
    """Missing and past its day (months before the scheme's start never are)."""
    return month >= settings.first_month and today > due_date(month, settings)


def check_month(month: str, today: dt.date) -> None:
    """A month may be declared once it has begun (self-inspection runs through it), never ahead."""
    if not MONTH.match(month):
        raise InvalidInput("申报月份格式应为YYYY-MM")
    if month > month_of(today):
        raise InvalidInput("不能申报尚未开始的月份")


def parse_settings(raw: dict[str, object]) -> DeclarationSettings:
    due_day = raw.get("due_day", 10)
    first_month = str(raw.get("first_month", "2026-01"))
    if not isinstance(due_day, int) or not 1 <= due_day <= 28:
        raise InvalidInput("self_declaration.due_day: a day of the month, 1 to 28")
    if not MONTH.match(first_month):
        raise InvalidInput("self_declaration.first_month: YYYY-MM")
    return DeclarationSettings(due_day=due_day, first_month=first_month)


DeclarationState = Literal["filed", "late", "overdue", "open"]
DECLARATION_STATES = {"filed": "已申报", "late": "逾期后补报", "overdue": "逾期未申报", "open": "待申报"}
