"""Lawful days for the contested rectification: periods in months, hearing days, enforcement times.

The workflow never reads the calendar (it is not deterministic across a holiday import); it asks
this activity and records the answer in its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import COMPUTE_LAWFUL_DAY
from domain.blacklist import add_months
from domain.legal_calendar import CHINA_TZ, LegalCalendar, compute_deadline, end_of_day
from domain.process_config import ProcessConfig
from domain.rectification import first_enforcement_moment, next_working_day_from
from domain.rectification_deadlines import MONTH_PERIODS
from workflows.rectification_contracts import LawfulDay, LawfulDayRequest


class RectificationCalendarActivities:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: ProcessConfig,
        calendar: Callable[[Session], LegalCalendar],
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._calendar = calendar

    @activity.defn(name=COMPUTE_LAWFUL_DAY)
    def compute_lawful_day(self, request: LawfulDayRequest) -> LawfulDay:
        with self._sessions() as session:
            calendar = self._calendar(session)
        return lawful_day(calendar, self._config, request)


def lawful_day(calendar: LegalCalendar, config: ProcessConfig, request: LawfulDayRequest) -> LawfulDay:
    start_day = request.start.astimezone(CHINA_TZ).date()
    floor = next_working_day_from(calendar, request.not_before) if request.not_before else None
    if request.moment:
        earliest = request.start
        if floor is not None:
            earliest = max(earliest, dt.datetime.combine(floor, dt.time(0), tzinfo=CHINA_TZ))
        at = first_enforcement_moment(calendar, earliest, config.enforcement_daytime)
        return LawfulDay(at.date(), at, "不在夜间或者法定节假日实施（行政强制法第四十三条）")
    # A rule counted in months (rectification_deadlines.MONTH_PERIODS) is asked for by its code too.
    months = request.months or MONTH_PERIODS.get(request.rule_code, 0)
    if months:
        day = next_working_day_from(calendar, add_months(start_day, months))
        explanation = f"{months}个月，期满日为节假日的顺延"
    else:
        rule = config.rule(request.rule_code)
        computed = compute_deadline(calendar, request.start, rule.amount, rule.unit)
        day, explanation = computed.due_date, computed.explanation()
    if floor is not None and floor > day:
        day, explanation = floor, f"{explanation}；按指定日期{floor.isoformat()}"
    return LawfulDay(day, end_of_day(day), explanation)
