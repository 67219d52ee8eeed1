"""What any value coming in must be, whatever the form (security probe F6 and F13), in one place.

- Dates have a lawful range. No date the system handles lies before 2000; a date that looks
  ahead (a deadline, a hearing to hold) lies no later than the end of next year; every other date
  records something that happened and lies no later than today (Beijing time). A date outside
  these bounds is a typing error or a probe, and a clock started on 0001-01-01 cannot be computed.
- Text holds no NUL character (PostgreSQL cannot store one) and a filled-in text holds at least
  one visible character (not only spaces or zero-width characters).
- Numbers, yes/no and dates are what they claim: `true` is not 1, `"3"` is not 3, `0` is not a
  date, `0` is not false. Dates come as ISO strings (YYYY-MM-DD) or date objects.

"Today" is the workflow's clock inside a workflow (its Update validators run there), else the
system clock: the same form is checked at the edge and again by the workflow. While a workflow
replays its history the rules are not applied (`enforced`): what it accepted then stays accepted.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from typing import Any, Literal

from pydantic_core import PydanticCustomError

from domain.legal_calendar import CHINA_TZ

EARLIEST_DATE = dt.date(2000, 1, 1)
# Dates that look ahead; every other date field records a past fact. Keyed by field name, as the
# same name means the same thing in every process (see the forms in domain/*.py).
FORWARD_DATE_FIELDS = frozenset(
    {
        "rectification_deadline",  # 整改期限
        "plan_deadline",  # 治理的时限
        "requested_deadline",  # 申请延期至
        "new_deadline",  # 延期后的整改期限 / 重新整改期限
        "requested_due",  # 申请延长至
        "new_due",  # 延期至
        "hearing_on",  # 听证日期
        "enforce_on",  # 拟执行日期
        "meeting_on",  # 约谈日期
        "follow_up_due",  # 整改落实期限 (挂牌督办、约谈, audit O2/O4)
        "valid_from",  # 委托起始日期 (委托执法, services/entrustments.py)
        "valid_to",  # 委托终止日期
        "valid_until",  # 执法证有效期至 (the roster; valid_from also a certificate issued ahead)
        "planned_on",  # 计划检查日期 (现场检查)
        "deadline",  # 整改期限 (一般事故隐患)
    }
)
FORWARD_YEARS = 1  # a forward date lies no later than 31 December of next year
FORWARD_YEARS_BY_FIELD = {"valid_until": 10}  # a 执法证 runs for years, not months

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters that show nothing although they are not whitespace (fillers and blanks of some scripts).
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")

FieldKind = Literal["int", "bool", "date", "datetime", "str", "other"]


def today() -> dt.date:
    return now().astimezone(CHINA_TZ).date()


def now() -> dt.datetime:
    """The workflow's time inside a workflow (deterministic), else the system clock."""
    from temporalio import workflow  # only its clock: the domain stays free of Temporal otherwise

    if workflow.in_workflow():
        return workflow.now()
    return dt.datetime.now(dt.UTC)


def enforced() -> bool:
    """False while a workflow replays its history: a form it accepted before these rules existed
    (a page's "3" for 3, say) must be read again as it was then, or the replay would fail."""
    from temporalio import workflow

    return not (workflow.in_workflow() and workflow.unsafe.is_replaying_history_events())


def field_kind(annotation: Any) -> FieldKind:
    """The kind of value a field holds (`X | None` counts as X)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is dt.datetime:
        return "datetime"
    if annotation is dt.date:
        return "date"
    if annotation is str:
        return "str"
    return "other"


def check_type(kind: FieldKind, value: Any) -> None:
    """Refuse a lax coercion before pydantic would make it (the error types map to Chinese messages
    in `domain.forms.error_message`)."""
    if value is None:
        return
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise PydanticCustomError("int_type", "应为整数")
    if kind == "bool" and not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "应为是或否")
    if kind == "date" and not (isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.match(value))):
        raise PydanticCustomError("date_type", "日期格式应为YYYY-MM-DD")
    if kind == "datetime" and not (
        isinstance(value, dt.datetime) or (isinstance(value, str) and ISO_DATE.match(value[:10]))
    ):
        raise PydanticCustomError("datetime_type", "时间格式应为YYYY-MM-DDTHH:MM（含时区）")


def check_text(value: str) -> None:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "不能包含空字符（NUL）")
    if value and not any(_visible(c) for c in value):
        raise PydanticCustomError("invisible_text", "不能只包含空白或不可见字符")


def _visible(c: str) -> bool:
    return not c.isspace() and c not in INVISIBLE and unicodedata.category(c) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def check_date(name: str, title: str, value: dt.date) -> None:
    """The lawful range of a date field (see the module docstring)."""
    title = re.sub(r"（[^（）]*）$", "", title) or title  # "送达日期（公告送达为…）" → "送达日期"
    if isinstance(value, dt.datetime):
        local = value.astimezone(CHINA_TZ) if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
        if local.date() < EARLIEST_DATE:
            raise PydanticCustomError("date_too_early", f"{title}不能早于{_zh(EARLIEST_DATE)}")
        if name not in FORWARD_DATE_FIELDS and local > now():
            raise PydanticCustomError("date_in_future", f"{title}不能晚于现在")
        return
    if value < EARLIEST_DATE:
        raise PydanticCustomError("date_too_early", f"{title}不能早于{_zh(EARLIEST_DATE)}")
    current = today()
    if name in FORWARD_DATE_FIELDS:
        latest = dt.date(current.year + FORWARD_YEARS_BY_FIELD.get(name, FORWARD_YEARS), 12, 31)
        if value > latest:
            raise PydanticCustomError("date_too_late", f"{title}不能晚于{_zh(latest)}")
    elif value > current:
        raise PydanticCustomError("date_in_future", f"{title}不能晚于今天")


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def contains_nul(value: Any) -> bool:
    """A NUL anywhere in a JSON value (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(v) for v in value)
    return False
