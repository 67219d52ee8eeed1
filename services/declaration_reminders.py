"""Tell each enterprise, once, that last month's self-inspection declaration is overdue.

Run daily by the scheduler (api/scheduler.py) and harmless to run twice or from two processes:
a notice is keyed by (user, `self_declaration:<month>`), which the notifications table holds
unique, so a second run stores nothing. A missed run loses nothing either: the overdue list
itself is computed from the tables (services/self_declarations.py); the notice only points to it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.notification_models import Notification
from db.self_declaration_models import SelfDeclaration
from domain import self_declaration as sd
from domain.legal_calendar import CHINA_TZ
from domain.roles import Role


def source_key(month: str) -> str:
    return f"self_declaration:{month}"


def remind_overdue(sessions: sessionmaker[Session], now: dt.datetime, settings: sd.DeclarationSettings) -> int:
    """Notify the users of every enterprise whose previous month is overdue; how many notices."""
    today = now.astimezone(CHINA_TZ).date()
    month = sd.previous_month(today)
    if not sd.is_overdue(month, today, settings):
        return 0
    key = source_key(month)
    with sessions() as db:
        declared = select(SelfDeclaration.enterprise_id).where(SelfDeclaration.month == month)
        told = select(Notification.user_id).where(Notification.source_key == key)
        users = db.scalars(
            select(models.User).where(
                models.User.role == Role.ENTERPRISE,
                models.User.enterprise_id.is_not(None),
                models.User.enterprise_id.not_in(declared),
                models.User.id.not_in(told),
            )
        ).all()
        due = sd.due_date(month, settings)
        stored = 0
        for user in users:
            try:
                with db.begin_nested():  # a second process may have told this user just now
                    db.add(_notice(user.id, month, due, key, now))
                stored += 1
            except IntegrityError:
                continue
        db.commit()
        return stored


def _notice(user_id: int, month: str, due: dt.date, key: str, now: dt.datetime) -> Notification:
    return Notification(
        user_id=user_id,
        kind="reminder",
        source_key=key,
        case_id=None,
        task_id=None,
        title=f"{month}月度自查申报已逾期",
        body=f"{month}的企业自查自报应于{due.isoformat()}前提交，至今未申报，请尽快补报。",
        link="/enterprise/declarations",
        created_at=now,
        read_at=None,
        email_state="skipped",  # shown in the message centre; the portal shows the overdue month too
        sms_state="skipped",
        delivery_error="",
    )
