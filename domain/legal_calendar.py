"""Counting statutory periods on China's official working-day calendar.

Rules (see docs/deadlines.md and shared domain notes):
- the start day is not counted;
- a calendar-day period whose last day is a rest day ends on the next working day
  (民事诉讼法 2023 art. 85; 刑事诉讼法 2018 art. 105);
- working-day periods count only working days; make-up weekend days (调休) are working days;
- hour periods are exact hours.
A year without a published State Council holiday notice is counted on weekends only and the
result is marked provisional, to be re-projected when the notice is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

import chinese_calendar

CHINA_TZ = ZoneInfo("Asia/Shanghai")


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    # 民法典 art 202: "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为
    # 期间的最后一日" — e.g. the 2-month reply to a 检察意见 (not 60 days).
    MONTHS = "months"


UNIT_LABELS = {Unit.CALENDAR_DAYS: "日", Unit.WORKING_DAYS: "个工作日", Unit.HOURS: "小时", Unit.MONTHS: "个月"}


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` months after `day`, or the month's last day (民法典 art 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class YearCalendar:
    """Rest days that differ from the weekend rule for one year."""

    holidays: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    published: bool
    source: str


@dataclass
class LegalCalendar:
    """Working-day calendar: stored years win over the `chinese-calendar` package."""

    stored_years: Mapping[int, YearCalendar] = field(default_factory=dict)

    def year(self, year: int) -> YearCalendar | None:
        if year in self.stored_years:
            return self.stored_years[year]
        return _package_year(year)

    def is_published(self, day: dt.date) -> bool:
        cal = self.year(day.year)
        return cal is not None and cal.published

    def is_working_day(self, day: dt.date) -> bool:
        cal = self.year(day.year)
        if cal is not None:
            if day in cal.makeup_workdays:
                return True
            if day in cal.holidays:
                return False
        return day.weekday() < 5

    def working_days_after(self, first: dt.date, last: dt.date) -> int:
        """Working days d with `first` < d <= `last` (0 when `last` is not after `first`).

        Counted by arithmetic on weeks, then corrected by each year's holidays and make-up days,
        so an inbox of hundreds of clocks costs no day-by-day walk (same answer as the walk).
        """
        if last <= first:
            return 0
        span = (last - first).days
        weeks, rest = divmod(span, 7)
        count = weeks * 5 + sum(1 for k in range(1, rest + 1) if (first.weekday() + k) % 7 < 5)
        for year in range(first.year, last.year + 1):
            cal = self.year(year)
            if cal is None:
                continue
            for day in cal.holidays:
                if first < day <= last and day.weekday() < 5 and day not in cal.makeup_workdays:
                    count -= 1
            for day in cal.makeup_workdays:
                if first < day <= last and day.weekday() >= 5:
                    count += 1
        return count

    def why_rest(self, day: dt.date) -> str:
        cal = self.year(day.year)
        if cal is not None and day in cal.holidays:
            return "法定节假日"
        return "周末"


_PACKAGE_YEARS: dict[int, YearCalendar | None] = {}


def _package_year(year: int) -> YearCalendar | None:
    if year not in _PACKAGE_YEARS:
        holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year)
        makeup = frozenset(d for d in chinese_calendar.workdays if d.year == year)
        if not holidays and not makeup:
            _PACKAGE_YEARS[year] = None
        else:
            _PACKAGE_YEARS[year] = YearCalendar(
                holidays=holidays,
                makeup_workdays=makeup,
                published=True,
                source="chinese-calendar " + getattr(chinese_calendar, "__version__", ""),
            )
    return _PACKAGE_YEARS[year]


@dataclass(frozen=True)
class SkippedDay:
    day: dt.date
    reason: str


@dataclass(frozen=True)
class ComputedDeadline:
    """A due moment with its own explanation."""

    start: dt.datetime
    amount: int
    unit: Unit
    due: dt.datetime
    provisional: bool
    skipped: tuple[SkippedDay, ...]
    rule_text: str

    @property
    def due_date(self) -> dt.date:
        return self.due.astimezone(CHINA_TZ).date()

    def explanation(self) -> str:
        local = self.start.astimezone(CHINA_TZ)
        begin = (
            f"自{_zh_date(local.date())}{local:%H时%M分}起算，按实际小时计算"  # 民法典 第二百零一条 first para.
            if self.unit is Unit.HOURS
            else f"自{_zh_date(local.date())}起算（起算日不计入）"
        )
        parts = [begin, self.rule_text]
        if self.skipped:
            skipped = "、".join(f"{_zh_date(s.day)}（{s.reason}）" for s in self.skipped)
            parts.append(f"跳过：{skipped}")
        due = self.due.astimezone(CHINA_TZ)
        parts.append(f"期限届满：{_zh_date(self.due_date)}" + (f"{due:%H时%M分}" if self.unit is Unit.HOURS else ""))
        if self.provisional:
            parts.append("该年度节假日安排尚未公布，按周末推算，属临时期限，公布后将重新计算")
        return "；".join(parts)


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of a China-time day, as an aware datetime (the moment a day-period ends)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA_TZ)


def compute_deadline(calendar: LegalCalendar, start: dt.datetime, amount: int, unit: Unit) -> ComputedDeadline:
    """Compute when a period of `amount` `unit`s that starts at `start` ends.

    Args:
        calendar: the working-day calendar in force.
        start: the moment the clock starts (aware); its day is not counted.
        amount: the period's length, at least 0.
        unit: calendar days, working days or hours.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit is Unit.HOURS:
        due = start + dt.timedelta(hours=amount)
        return ComputedDeadline(
            start,
            amount,
            unit,
            due,
            not calendar.is_published(due.date()),
            (),
            f"{amount}小时，按实际小时计算",
        )
    day = start.astimezone(CHINA_TZ).date()
    skipped: list[SkippedDay] = []
    provisional = False
    if unit is Unit.WORKING_DAYS:
        counted = 0
        while counted < amount:
            day += dt.timedelta(days=1)
            provisional |= not calendar.is_published(day)
            if calendar.is_working_day(day):
                counted += 1
            else:
                skipped.append(SkippedDay(day, calendar.why_rest(day)))
        rule = f"{amount}个工作日，只计工作日（调休上班日计入）"
    else:
        if unit is Unit.MONTHS:
            day = add_months(day, amount)
            rule = f"{amount}个月，到期月的对应日为最后一日（无对应日的为月末日），期满日为节假日的顺延"
        else:
            day += dt.timedelta(days=amount)
            rule = f"{amount}日，按自然日计算，期满日为节假日的顺延至节假日后第一个工作日"
        provisional |= not calendar.is_published(day)
        while not calendar.is_working_day(day):
            skipped.append(SkippedDay(day, calendar.why_rest(day)))
            day += dt.timedelta(days=1)
            provisional |= not calendar.is_published(day)
    return ComputedDeadline(start, amount, unit, end_of_day(day), provisional, tuple(skipped), rule)


def subtract_working_days(calendar: LegalCalendar, day: dt.date, amount: int) -> dt.date:
    """The working day `amount` working days before `day` (for reminders ahead of a deadline)."""
    while amount > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            amount -= 1
    return day


def validate_year(year: int, holidays: set[dt.date], makeup_workdays: set[dt.date]) -> None:
    """Refuse an inconsistent holiday arrangement before it moves any deadline."""
    from domain.errors import InvalidInput

    if not 2000 <= year <= 2100:
        raise InvalidInput("年份应在2000至2100之间")
    wrong_year = sorted(d for d in holidays | makeup_workdays if d.year != year)
    if wrong_year:
        raise InvalidInput(f"日期不属于{year}年：{', '.join(d.isoformat() for d in wrong_year)}")
    both = sorted(holidays & makeup_workdays)
    if both:
        raise InvalidInput(f"同一天不能既是假日又是调休上班日：{', '.join(d.isoformat() for d in both)}")
    weekdays = sorted(d for d in makeup_workdays if d.weekday() < 5)
    if weekdays:
        raise InvalidInput(f"调休上班日应为周六或周日：{', '.join(d.isoformat() for d in weekdays)}")


@dataclass(frozen=True)
class Remaining:
    """Time left on a clock, in the unit of its rule (negative: how late)."""

    amount: int
    unit: Unit

    @property
    def overdue(self) -> bool:
        return self.amount < 0

    def text(self) -> str:
        label = UNIT_LABELS[self.unit].lstrip("个") if self.unit is not Unit.WORKING_DAYS else "个工作日"
        if self.amount == 0:
            return "今日到期" if self.unit is not Unit.HOURS else "不足1小时"
        if self.amount < 0:
            return f"已逾期{-self.amount}{label}"
        return f"剩余{self.amount}{label}"


def remaining(calendar: LegalCalendar, due: dt.datetime, now: dt.datetime, unit: Unit) -> Remaining:
    """How much of a clock is left at `now`, counted as its rule counts."""
    if unit is Unit.HOURS:
        hours = (due - now).total_seconds() / 3600
        return Remaining(int(hours) if hours >= 0 else -int(-hours) - 1, unit)
    today = now.astimezone(CHINA_TZ).date()
    due_day = due.astimezone(CHINA_TZ).date()
    if due < now and due_day >= today:
        return Remaining(-1, unit)  # past the moment on its last day counts as one day late
    first, last, sign = (today, due_day, 1) if due_day >= today else (due_day, today, -1)
    if unit is Unit.MONTHS:  # what is left of a month period is told in days
        return Remaining(sign * (last - first).days, Unit.CALENDAR_DAYS)
    if unit is Unit.CALENDAR_DAYS:
        return Remaining(sign * (last - first).days, unit)
    return Remaining(sign * calendar.working_days_after(first, last), unit)
