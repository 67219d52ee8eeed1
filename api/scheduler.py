"""Light in-process periodic jobs (APScheduler 3): the hourly overdue snapshot, the daily
notice of overdue self-inspection declarations (idempotent, services/declaration_reminders.py) and
the interview proposals (约谈 by rule; each proposal stored once by its key, so a repeated run adds
nothing).

Only jobs whose missed run harms nothing belong here (durable timing lives in Temporal): a run
missed while the app was down is skipped, not replayed, and leaves a gap in the trend chart.
"""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session, sessionmaker

from domain.interview_triggers import TriggerRules
from domain.self_declaration import DeclarationSettings
from services.declaration_reminders import remind_overdue
from services.interview_triggers import run_triggers
from services.snapshots import take_snapshot

log = logging.getLogger(__name__)

SNAPSHOT_JOB_ID = "overdue_snapshot"
DECLARATION_JOB_ID = "overdue_declarations"
INTERVIEW_JOB_ID = "interview_triggers"


def run_snapshot_job(session_factory: sessionmaker[Session]) -> None:
    """One snapshot with its own session; a failure is logged (and rolled back), never raised."""
    try:
        take_snapshot(session_factory, dt.datetime.now(dt.UTC))
    except Exception:
        log.exception("overdue snapshot failed; the next hourly run will try again")


def run_declaration_job(session_factory: sessionmaker[Session], settings: DeclarationSettings) -> None:
    """Tell enterprises once that last month's declaration is overdue; a failure is only logged."""
    try:
        remind_overdue(session_factory, dt.datetime.now(dt.UTC), settings)
    except Exception:
        log.exception("overdue declaration notices failed; the next daily run will try again")


def run_interview_job(session_factory: sessionmaker[Session], rules: TriggerRules) -> None:
    """Propose the interviews the trigger rules call for; idempotent, logged on failure."""
    try:
        run_triggers(session_factory, rules, dt.datetime.now(dt.UTC))
    except Exception:
        log.exception("interview triggers failed; the next hourly run will try again")


def start_scheduler(
    session_factory: sessionmaker[Session],
    *,
    enabled: bool = True,
    declarations: DeclarationSettings | None = None,
    interview_triggers: TriggerRules | None = None,
) -> BackgroundScheduler:
    """Schedule the hourly snapshot (and one at start-up), the daily declaration notices and the
    hourly interview proposals; started only when `enabled`."""
    scheduler = BackgroundScheduler(timezone=dt.UTC)
    scheduler.add_job(
        run_snapshot_job,
        CronTrigger(minute=0, timezone=dt.UTC),
        args=(session_factory,),
        id=SNAPSHOT_JOB_ID,
        name="逾期快照（每小时）",
        replace_existing=True,
        next_run_time=dt.datetime.now(dt.UTC),  # the first point of the trend right after start-up
        coalesce=True,  # several missed runs collapse into one …
        misfire_grace_time=60,  # … which is dropped when more than a minute late
        max_instances=1,
    )
    scheduler.add_job(
        run_declaration_job,
        CronTrigger(hour=1, minute=30, timezone="Asia/Shanghai"),
        args=(session_factory, declarations or DeclarationSettings()),
        id=DECLARATION_JOB_ID,
        name="逾期未申报提醒（每日）",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,  # a run late by under an hour still tells; later, the next day's does
    )
    scheduler.add_job(
        run_interview_job,
        CronTrigger(minute=30, timezone=dt.UTC),
        args=(session_factory, interview_triggers or TriggerRules()),
        id=INTERVIEW_JOB_ID,
        name="约谈触发规则（每小时）",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=60,
        max_instances=1,
    )
    if enabled:
        scheduler.start()
        log.info("scheduler started: %s", ", ".join(job.id for job in scheduler.get_jobs()))
    return scheduler


def stop_scheduler(scheduler: BackgroundScheduler | None) -> None:
    """Shut down without waiting: a snapshot in progress finishes, or fails, on its own thread."""
    if scheduler is not None and scheduler.running:
        scheduler.shutdown(wait=False)
