"""How late an overdue step is, in working days, and the ageing buckets of the supervision view.

Lateness is counted like a statutory period (see `domain.legal_calendar`): the due day itself is
not counted, only working days after it up to and including today (China time), make-up working
days (调休上班日) included. A step past its due moment but with no working day since then (due
today, or due just before a holiday) is late by 0 working days and falls in the "0" bucket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from domain.legal_calendar import CHINA_TZ, LegalCalendar


@dataclass(frozen=True)
class AgeingBucket:
    key: str
    label: str
    low: int  # working days late, inclusive
    high: int | None  # inclusive; None: no upper bound


AGEING_BUCKETS: tuple[AgeingBucket, ...] = (
    AgeingBucket("0", "逾期不足1个工作日", 0, 0),
    AgeingBucket("1-5", "逾期1至5个工作日", 1, 5),
    AgeingBucket("6-10", "逾期6至10个工作日", 6, 10),
    AgeingBucket("11-20", "逾期11至20个工作日", 11, 20),
    AgeingBucket("21+", "逾期21个工作日以上", 21, None),
)

# Who the breached clock waits on (Task.waiting_on); the order is the display order.
WAITING_ON_LABELS: dict[str, str] = {
    "department": "承办部门",
    "enterprise": "企业",
    "agency": "接收机关",
}


def china_day(moment: dt.datetime) -> dt.date:
    """The calendar day of an aware moment in China time."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(CHINA_TZ).date()


def working_days_between(calendar: LegalCalendar, after: dt.date, until: dt.date) -> int:
    """Working days d with `after` < d <= `until` (0 when `until` is not after `after`)."""
    return calendar.working_days_after(after, until)


def working_days_late(calendar: LegalCalendar, due_at: dt.datetime, now: dt.datetime) -> int:
    """Working days elapsed since the due day, counting today; 0 if not yet due or due today."""
    return working_days_between(calendar, china_day(due_at), china_day(now))


def bucket_for(days_late: int) -> AgeingBucket:
    """The ageing bucket of a lateness in working days (negative values count as 0)."""
    days = max(days_late, 0)
    for bucket in AGEING_BUCKETS:
        if bucket.low <= days and (bucket.high is None or days <= bucket.high):
            return bucket
    raise AssertionError("the buckets cover every non-negative number")  # pragma: no cover


def count_by_bucket(days_late: Iterable[int]) -> dict[str, int]:
    """Counts per bucket key, every bucket present, in bucket order."""
    counts = {bucket.key: 0 for bucket in AGEING_BUCKETS}
    for days in days_late:
        counts[bucket_for(days).key] += 1
    return counts


def waiting_on_label(code: str) -> str:
    return WAITING_ON_LABELS.get(code, code)
