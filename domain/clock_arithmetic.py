"""Suspension and extension arithmetic of a statutory clock: one pure function for the ledger and
the calculator (audit §1.1 #5, rules A20, A21, H23, P4).

The order of the steps is the law's, not the order in which things happened:

1. **Unrolled end.** The period counted from its start (民法典 art 201: the start day is not
   counted), or the day a decision fixed, *before* any rest-day roll.
2. **Suspensions.** Time the law excludes (e.g. 生产安全事故报告和调查处理条例 art 27: "技术鉴定
   所需时间不计入事故调查期限") is excluded in whole days and added to the unrolled end. A
   suspension from day S to day R excludes the days S+1 … R, i.e. R − S days: the clock ran on the
   day it stopped, and restarting is a new start whose own day is not counted (民法典 art 201
   applied to both ends). Suspended on 3 March and resumed on 10 March: 7 days are excluded.
   For a working-day period only the working days in S+1 … R are excluded and added back as
   working days; hour periods are not suspended in whole days.
3. **Extension.** An approved extension in calendar days is added to the same unrolled end; its
   cap (e.g. 条例 art 29 "延长的期限最长不超过60日") is measured from that end — after the
   suspensions and never from a rolled or pre-suspension date.
4. **Roll once.** Only the final end is moved if it is a rest day (民法典 art 203 para 1), and the
   period ends at its last second, 23:59:59 China time (art 203 para 2: "二十四时").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, SkippedDay, Unit, add_months, compute_deadline, end_of_day

ARTICLE_27 = "生产安全事故报告和调查处理条例第二十七条"


@dataclass(frozen=True)
class Suspension:
    """The clock stopped on `from_day` and restarted on `to_day` (China-time days)."""

    from_day: dt.date
    to_day: dt.date


@dataclass(frozen=True)
class ClockArithmetic:
    unit: Unit
    unrolled_end: dt.date  # step 1
    excluded_days: int  # step 2, in the period's unit (calendar or working days)
    suspended_end: dt.date  # unrolled end + excluded days; the base of the extension and its cap
    extension_days: int  # step 3, calendar days
    extended_end: dt.date
    cap_end: dt.date | None  # the latest extended end the rule allows
    due: dt.datetime  # step 4: the rolled last day, 23:59:59 China time
    provisional: bool
    rolled: tuple[SkippedDay, ...]  # the rest days the final end was rolled past
    skipped: tuple[SkippedDay, ...]  # every rest day passed over: in counting working days, and rolled
    steps: tuple[str, ...]

    @property
    def due_date(self) -> dt.date:
        return self.due.astimezone(CHINA_TZ).date()

    def explanation(self) -> str:
        return "；".join(self.steps)


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _add_working_days(calendar: LegalCalendar, day: dt.date, amount: int) -> dt.date:
    while amount > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            amount -= 1
    return day


def excluded_days(calendar: LegalCalendar, unit: Unit, suspension: Suspension) -> int:
    """Days a suspension excludes: S+1 … R (R − S calendar days, or the working days among them)."""
    if unit is Unit.WORKING_DAYS:
        return calendar.working_days_after(suspension.from_day, suspension.to_day)
    return (suspension.to_day - suspension.from_day).days


def compute_clock(
    calendar: LegalCalendar,
    start: dt.datetime,
    amount: int,
    unit: Unit,
    *,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
    max_extension_days: int | None = None,
    fixed_end: dt.date | None = None,
) -> ClockArithmetic:
    """A clock's due moment after suspensions and an extension, with an explanation of each step.

    `fixed_end` is a last day fixed by a decision (it replaces the counted period in step 1).
    Hour periods: suspensions are not counted in days (the caller keeps exact time).
    """
    steps: list[str] = []
    counted_skipped: tuple[SkippedDay, ...] = ()
    if fixed_end is not None:
        unrolled = fixed_end
        steps.append(f"决定确定的期限最后一日：{_zh(unrolled)}")
        provisional = not calendar.is_published(unrolled)
    else:
        counted = compute_deadline(calendar, start, amount, unit)
        provisional = counted.provisional
        if unit is Unit.HOURS:
            unrolled = counted.due_date
        else:
            day = start.astimezone(CHINA_TZ).date()
            if unit is Unit.WORKING_DAYS:
                unrolled = _add_working_days(calendar, day, amount)
            elif unit is Unit.MONTHS:  # 民法典 art 202: the corresponding day
                unrolled = add_months(day, amount)
            else:
                unrolled = day + dt.timedelta(days=amount)
        first = f"自{_zh(start.astimezone(CHINA_TZ).date())}起算（起算日不计入）；{counted.rule_text}"
        if unit is Unit.WORKING_DAYS and counted.skipped:
            counted_skipped = counted.skipped
            first += "；跳过：" + "、".join(f"{_zh(r.day)}（{r.reason}）" for r in counted.skipped)
        steps.append(first)
        steps.append(f"未顺延的期满日：{_zh(unrolled)}")
        if unit is Unit.HOURS:
            # Hours run from the moment itself: "the start day is not counted" applies to days
            # only (民法典 第二百零一条 first para. hours, second para. days) (D17).
            local = start.astimezone(CHINA_TZ)
            steps[-2:] = [f"自{_zh(local.date())}{local:%H时%M分}起算；{counted.rule_text}"]
    excluded = 0
    if unit is not Unit.HOURS:
        for s in suspensions:
            days = excluded_days(calendar, unit, s)
            excluded += days
            label = "个工作日" if unit is Unit.WORKING_DAYS else "日"
            steps.append(
                f"{_zh(s.from_day)}中止计时、{_zh(s.to_day)}恢复计时，扣除{days}{label}"
                f"（中止当日照常计算，恢复当日不计入；{ARTICLE_27}）"
            )
    suspended_end = (
        _add_working_days(calendar, unrolled, excluded)
        if unit is Unit.WORKING_DAYS
        else unrolled + dt.timedelta(days=excluded)
    )
    if excluded:
        steps.append(f"扣除中止期间后的期满日：{_zh(suspended_end)}")
    cap_end = None if max_extension_days is None else suspended_end + dt.timedelta(days=max_extension_days)
    extended = suspended_end + dt.timedelta(days=extension_days)
    if extension_days:
        steps.append(f"批准延长{extension_days}日（自未顺延的期满日起算）：{_zh(extended)}")
    if cap_end is not None:
        steps.append(f"最长可延长{max_extension_days}日，至{_zh(cap_end)}（自扣除中止期间后的期满日起算）")
    day = extended
    rolled: list[SkippedDay] = []
    if unit is not Unit.HOURS or excluded or extension_days or fixed_end is not None:
        while not calendar.is_working_day(day):
            rolled.append(SkippedDay(day, calendar.why_rest(day)))
            day += dt.timedelta(days=1)
    provisional |= not calendar.is_published(day)
    if rolled:
        skipped = "、".join(f"{_zh(r.day)}（{r.reason}）" for r in rolled)
        steps.append(f"期满日为节假日，顺延：跳过{skipped}")
    if unit is Unit.HOURS and fixed_end is None and not (excluded or extension_days):
        due = compute_deadline(calendar, start, amount, unit).due
        steps.append(f"{amount}小时，按实际小时计算；期限届满：{due.astimezone(CHINA_TZ):%Y年%m月%d日%H时%M分}")
    else:
        due = end_of_day(day)
        steps.append(f"期限届满：{_zh(day)}24时（23:59:59）")
    if provisional:
        steps.append("该年度节假日安排尚未公布，按周末推算，属临时期限，公布后将重新计算")
    return ClockArithmetic(
        unit,
        unrolled,
        excluded,
        suspended_end,
        extension_days,
        extended,
        cap_end,
        due,
        provisional,
        tuple(rolled),
        (*counted_skipped, *rolled),
        tuple(steps),
    )


def check_clock_inputs(
    calendar: LegalCalendar,
    start: dt.datetime,
    amount: int,
    unit: Unit,
    suspensions: Sequence[Suspension],
    extension_days: int,
    max_extension_days: int | None,
) -> None:
    """Refuse inputs the arithmetic cannot mean (the calculator's 422s), in Chinese."""
    if suspensions and unit is Unit.HOURS:
        raise InvalidInput("按小时计算的期限不按日中止计时")
    if extension_days < 0:
        raise InvalidInput("延长天数不能为负数")
    if max_extension_days is not None and extension_days > max_extension_days:
        raise InvalidInput(f"延长天数超过该期限的上限：最长可延长{max_extension_days}日")
    start_day = start.astimezone(CHINA_TZ).date()
    ordered = sorted(suspensions, key=lambda s: s.from_day)
    for s in ordered:
        if s.to_day < s.from_day:
            raise InvalidInput(f"中止期间的结束日早于开始日：{s.from_day.isoformat()}/{s.to_day.isoformat()}")
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.from_day < before.to_day:
            raise InvalidInput(f"中止期间相互重叠：{after.from_day.isoformat()}早于{before.to_day.isoformat()}")
    running: list[Suspension] = []
    for s in ordered:
        # The clock must still be running when it stops: on or after the start day, no later than
        # the (rolled) end of the period as moved by the suspensions before it and the extension.
        end = compute_clock(calendar, start, amount, unit, suspensions=running, extension_days=extension_days).due_date
        if s.from_day < start_day or s.from_day > end:
            raise InvalidInput(
                f"中止期间不在期限之内：{s.from_day.isoformat()}不在{start_day.isoformat()}至{end.isoformat()}之间"
            )
        running.append(s)
