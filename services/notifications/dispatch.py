"""One run of the message centre: read the sources, keep each notice per user, deliver.

Several web processes run this loop against the same database. Each source's cursor is held
by one of them at a time (a lease in `notification_cursors`), and a notice is unique per
(user, source), so nobody is told twice; each e-mail or SMS is claimed (`pending` → `sending`)
by one process before it is sent, so it goes out at most once. A process that dies between the
claim and the send leaves the notice `sending`: it shows on the page and is not mailed again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.notification_models import Notification, NotificationCursor, NotificationPreference, UserContact
from domain.notifications import KIND_LABELS, channels_for
from services.notifications.channels import SYSTEM_NAME, Channels
from services.notifications.sources import Addressed, from_case_events, from_deadline_events

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)
BATCH = 500
Reader = Callable[[Session, int, int], tuple[list[Addressed], int]]
SOURCES: dict[str, Reader] = {"case_events": from_case_events, "deadline_events": from_deadline_events}


@dataclass
class RunReport:
    created: int = 0
    emailed: int = 0
    texted: int = 0
    failed: list[str] = field(default_factory=list)


def _hold(db: Session, name: str, holder: str, now: dt.datetime) -> NotificationCursor | None:
    """Take the source's lease if free (or already ours); None when another process holds it."""
    if db.get(NotificationCursor, name) is None:
        db.add(NotificationCursor(name=name, last_id=0, held_by="", held_until=None))
        db.commit()
    taken = db.execute(
        update(NotificationCursor)
        .where(
            NotificationCursor.name == name,
            or_(
                NotificationCursor.held_until.is_(None),
                NotificationCursor.held_until < now,
                NotificationCursor.held_by == holder,
            ),
        )
        .values(held_by=holder, held_until=now + LEASE)
    )
    db.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.get(NotificationCursor, name, populate_existing=True)


def _keep(db: Session, item: Addressed, channels: Channels, now: dt.datetime) -> int:
    """Store the notice for each addressee who does not have it yet; how many were stored."""
    notice = item.notice
    have = set(
        db.scalars(
            select(Notification.user_id).where(
                Notification.source_key == notice.source_key, Notification.user_id.in_(item.user_ids)
            )
        )
    )
    stored = 0
    for user_id in item.user_ids:
        if user_id in have:
            continue
        preference = db.get(NotificationPreference, (user_id, notice.kind))
        contact = db.get(UserContact, user_id)
        email, sms = channels_for(
            notice.kind, preference.email if preference else None, preference.sms if preference else None
        )
        db.add(
            Notification(
                user_id=user_id,
                kind=notice.kind,
                source_key=notice.source_key,
                case_id=notice.case_id,
                task_id=notice.task_id,
                title=notice.title[:300],
                body=notice.body,
                link=notice.link,
                created_at=now,
                read_at=None,
                email_state="pending" if email and channels.email and contact and contact.email else "skipped",
                sms_state="pending" if sms and channels.sms and contact and contact.mobile else "skipped",
                delivery_error="",
            )
        )
        stored += 1
    return stored


def collect(
    sessions: sessionmaker[Session], channels: Channels, now: dt.datetime, holder: str, *, max_batches: int = 20
) -> int:
    """Read every source from its cursor, a batch at a time, until it is caught up (or
    `max_batches` were read: the next run goes on); the number of notices stored."""
    created = 0
    for name, reader in SOURCES.items():
        for _ in range(max_batches):
            with sessions() as db:
                cursor = _hold(db, name, holder, now)
                if cursor is None:
                    break
                first = cursor.last_id
                items, last_id = reader(db, first, BATCH)
                for item in items:
                    created += _keep(db, item, channels, now)
                cursor.last_id, cursor.held_by, cursor.held_until = last_id, "", None
                db.commit()
            if last_id == first:  # nothing new: caught up
                break
    return created


def _claim(db: Session, notification_id: int, column: str) -> bool:
    state = getattr(Notification, column)
    claimed = db.execute(
        update(Notification).where(Notification.id == notification_id, state == "pending").values({column: "sending"})
    )
    db.commit()
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def deliver(sessions: sessionmaker[Session], channels: Channels, report: RunReport) -> None:
    """Send the pending e-mails and SMS, each claimed first so that it goes out once."""
    for column, sender in (("email_state", channels.email), ("sms_state", channels.sms)):
        if sender is None:
            continue
        with sessions() as db:
            pending = list(
                db.scalars(
                    select(Notification.id).where(getattr(Notification, column) == "pending").order_by(Notification.id)
                ).all()[:BATCH]
            )
        for notification_id in pending:
            with sessions() as db:
                if not _claim(db, notification_id, column):
                    continue
                notice = db.get(Notification, notification_id)
                contact = db.get(UserContact, notice.user_id) if notice else None
                if notice is None or contact is None:
                    continue
                try:
                    if column == "email_state" and channels.email is not None:
                        channels.email.send(
                            to=contact.email, subject=subject(notice), body=email_body(notice, channels)
                        )
                        report.emailed += 1
                    elif channels.sms is not None:
                        channels.sms.send(mobile=contact.mobile, text=f"【{SYSTEM_NAME}】{notice.body}")
                        report.texted += 1
                    setattr(notice, column, "sent")
                except Exception as exc:  # the server refused or is down: kept as failed, shown
                    setattr(notice, column, "failed")
                    notice.delivery_error = f"{type(exc).__name__}: {exc}"[:500]
                    report.failed.append(f"{notification_id}: {notice.delivery_error}")
                db.commit()


def subject(notice: Notification) -> str:
    return f"【{KIND_LABELS.get(notice.kind, '通知')}】{notice.title}"


def email_body(notice: Notification, channels: Channels) -> str:
    link = channels.base_url.rstrip("/") + notice.link if notice.link else channels.base_url
    return f"{notice.body}\n\n办理入口：{link}\n\n本邮件由{SYSTEM_NAME}自动发送，请勿回复。"


def run_once(sessions: sessionmaker[Session], channels: Channels, now: dt.datetime, holder: str) -> RunReport:
    report = RunReport(created=collect(sessions, channels, now, holder))
    deliver(sessions, channels, report)
    return report
