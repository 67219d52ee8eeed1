"""The message centre's tables (migration 0019): what each user was told, how they want to be
told, where to reach them, and how far the dispatcher has read the case timelines
(services/notifications/)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Notification(Base):
    """One notice to one user: a new task, a return, a reminder, an escalation, a 催办.

    `source_key` names what caused it (the timeline event or ledger row), so a second dispatcher
    or a retried run never tells the same user twice. Delivery by e-mail and SMS is tracked per
    notice: `pending` → `sending` (claimed by one dispatcher) → `sent` | `failed` | `skipped`."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "source_key", name="uq_notifications_user_source"),
        Index("ix_notifications_user_unread", "user_id", "read_at", "id"),
        Index("ix_notifications_email", "email_state", "id"),
        Index("ix_notifications_sms", "sms_state", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str] = mapped_column(String(160))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime]
    read_at: Mapped[dt.datetime | None]
    email_state: Mapped[str] = mapped_column(String(12), default="skipped")
    sms_state: Mapped[str] = mapped_column(String(12), default="skipped")
    delivery_error: Mapped[str] = mapped_column(Text, default="")


class NotificationPreference(Base):
    """Which channels a user wants for one kind of notice; no row means the defaults
    (domain/notifications.py `DEFAULT_CHANNELS`). The page always shows every notice."""

    __tablename__ = "notification_preferences"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean, default=False)
    sms: Mapped[bool] = mapped_column(Boolean, default=False)


class UserContact(Base):
    """Where a user is reached outside the system: an e-mail address and a mobile number."""

    __tablename__ = "user_contacts"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")


class NotificationCursor(Base):
    """How far the dispatcher has read one source (case events, deadline events), and which
    dispatcher holds it until when: several web processes run the loop, one reads at a time."""

    __tablename__ = "notification_cursors"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    held_by: Mapped[str] = mapped_column(String(80), default="")
    held_until: Mapped[dt.datetime | None]
