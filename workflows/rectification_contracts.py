"""Payloads of the lawful-day activity of the contested rectification."""

import datetime as dt
from dataclasses import dataclass


@dataclass
class LawfulDayRequest:
    """A day the law allows, computed on the calendar by the activity, never in the workflow.

    rule_code: the end of that rule's period from `start`; months: `start`'s day plus so many
    months (moved past rest days); moment: the first daytime moment on a working day at or after
    `start` (行政强制法 art 43). `not_before` (a requested day) wins when it is later.
    """

    start: dt.datetime
    rule_code: str = ""
    months: int = 0
    moment: bool = False
    not_before: dt.date | None = None


@dataclass
class LawfulDay:
    day: dt.date
    at: dt.datetime
    explanation: str
