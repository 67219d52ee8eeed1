"""One statutory clock: its amount, unit, legal basis and reminders (a row of the rules table)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.legal_calendar import Unit


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    title: str  # Chinese name of the step the clock governs
    amount: int  # 0 means the due date is set by a decision (e.g. the rectification deadline)
    unit: Unit
    starts_on: str  # what starts the clock
    on_expiry: str  # what happens when it passes
    basis: str  # legal basis shown to handlers
    source_tag: str  # P, S or U
    remind_before: tuple[int, ...] = (3, 1)  # reminders, in working days before the due day
    waiting_on: str = "department"  # who must act: department, enterprise or agency
    max_extensions: int | None = None  # how often the clock may be extended (None: no cap)
    max_extension_days: int | None = None  # how far, in calendar days past the original due day
