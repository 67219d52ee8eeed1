"""China time for the workflows' dates: one vocabulary instead of a helper per module.

China keeps no daylight saving time, so a fixed +08:00 offset gives the same days as
`legal_calendar.CHINA_TZ` and keeps the `+08:00` recorded in running cases' payloads.
"""

from __future__ import annotations

import datetime as dt

CHINA_OFFSET = dt.timezone(dt.timedelta(hours=8))


def day_of(moment: dt.datetime) -> dt.date:
    """The China-time day a moment falls on."""
    return moment.astimezone(CHINA_OFFSET).date()


def start_of(day: dt.date) -> dt.datetime:
    """Midnight China time at the start of a day: where a clock "from that day" starts."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=CHINA_OFFSET)


def zh_day(moment: dt.datetime) -> str:
    """A moment's day as Chinese text reads it: 2026年11月23日."""
    local = moment.astimezone(CHINA_OFFSET)
    return f"{local.year}年{local.month}月{local.day}日"


def aware(moment: dt.datetime) -> dt.datetime:
    """A datetime typed into a form without an offset is China time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_OFFSET)


def yuan(amount: int) -> str:
    """An amount of money as the documents print it: 12,000元."""
    return f"{amount:,}元"
