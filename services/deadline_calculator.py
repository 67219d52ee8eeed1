"""The deadline calculator's input (期限计算器, page and JSON API): parsed and checked here, computed
by the same function the deadline ledger uses (domain/clock_arithmetic.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from domain.clock_arithmetic import ClockArithmetic, Suspension, check_clock_inputs, compute_clock, excluded_days
from domain.deadline_rule import DeadlineRule
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar, Unit
from domain.process_config import ProcessConfig

MAX_SUSPENSIONS = 20


@dataclass(frozen=True)
class Calculation:
    start: dt.datetime
    amount: int
    unit: Unit
    rule: DeadlineRule | None
    suspensions: tuple[Suspension, ...]
    excluded: tuple[int, ...]  # the days each suspension excludes
    clock: ClockArithmetic


def parse_start(text: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("起算日期应为 YYYY-MM-DD 日期或 ISO 时间") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CHINA_TZ)
    if not 1990 <= parsed.year <= 2100:
        raise InvalidInput("起算日期的年份应在1990至2100之间")
    return parsed


def parse_suspension(text: str) -> Suspension:
    """`YYYY-MM-DD/YYYY-MM-DD`: the clock stopped on the first day and restarted on the second."""
    parts = text.strip().split("/")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        first, second = (dt.date.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        raise InvalidInput(f"中止期间“{text.strip()[:40]}”格式不正确，应为 YYYY-MM-DD/YYYY-MM-DD") from None
    if second < first:
        raise InvalidInput(f"中止期间的结束日早于开始日：{first.isoformat()}/{second.isoformat()}")
    return Suspension(first, second)


def calculate(
    calendar: LegalCalendar,
    config: ProcessConfig,
    *,
    start: str,
    amount: int | None,
    unit: str | None,
    rule_code: str | None = None,
    suspend: Sequence[str] = (),
    extend_days: int = 0,
) -> Calculation:
    """Parse, check (InvalidInput, in Chinese) and compute; a rule code supplies amount, unit and cap."""
    begin = parse_start(start)
    rule = None
    if rule_code:
        if rule_code not in config.deadlines:
            raise InvalidInput(f"没有该期限规则：{rule_code[:60]}")
        rule = config.rule(rule_code)
    count = amount if amount is not None else (rule.amount if rule else None)
    if count is None or not 0 <= count <= 3650:
        raise InvalidInput("期间应为0至3650之间的整数")
    try:
        clock_unit = Unit(unit) if unit else (rule.unit if rule else Unit.WORKING_DAYS)
    except ValueError:
        raise InvalidInput("单位应为自然日、工作日或小时") from None
    if len(suspend) > MAX_SUSPENSIONS:
        raise InvalidInput(f"中止期间最多{MAX_SUSPENSIONS}段")
    pauses = tuple(parse_suspension(s) for s in suspend if s.strip())
    if not 0 <= extend_days <= 3650:
        raise InvalidInput("延长天数应为0至3650之间的整数（不能为负数）")
    cap = rule.max_extension_days if rule else None
    if extend_days and rule is not None and rule.max_extensions == 0:
        raise InvalidInput("该期限不得延长")
    check_clock_inputs(calendar, begin, count, clock_unit, pauses, extend_days, cap)
    clock = compute_clock(
        calendar,
        begin,
        count,
        clock_unit,
        suspensions=pauses,
        extension_days=extend_days,
        max_extension_days=cap,
    )
    excluded = tuple(excluded_days(calendar, clock_unit, p) for p in pauses)
    return Calculation(begin, count, clock_unit, rule, pauses, excluded, clock)
