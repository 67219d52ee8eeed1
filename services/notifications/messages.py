"""A user's own notices and settings: the list, the unread count, marking read, the channels
per kind and the contact details they are sent to."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.notification_models import Notification, NotificationPreference, UserContact
from domain.errors import InvalidInput, NotFound
from domain.notifications import KIND_LABELS, channels_for

PER_PAGE = 20
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number, 11 digits


@dataclass(frozen=True)
class Page:
    items: list[Notification]
    total: int
    page: int
    pages: int
    unread: int


def unread_count(db: Session, user_id: int) -> int:
    query = select(func.count()).select_from(Notification)
    return int(db.scalar(query.where(Notification.user_id == user_id, Notification.read_at.is_(None))) or 0)


def page_of(db: Session, user_id: int, *, unread_only: bool = False, page: int = 1) -> Page:
    where = [Notification.user_id == user_id]
    if unread_only:
        where.append(Notification.read_at.is_(None))
    total = int(db.scalar(select(func.count()).select_from(Notification).where(*where)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    items = db.scalars(
        select(Notification)
        .where(*where)
        .order_by(Notification.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return Page(list(items), total, page, pages, unread_count(db, user_id))


def mark_read(db: Session, user_id: int, notification_id: int, now: dt.datetime) -> Notification:
    """Mark one of the user's own notices read; another user's is not found (404), not refused."""
    notice = db.get(Notification, notification_id)
    if notice is None or notice.user_id != user_id:
        raise NotFound("没有这条消息")
    if notice.read_at is None:
        notice.read_at = now
        db.commit()
    return notice


def mark_all_read(db: Session, user_id: int, now: dt.datetime) -> int:
    done = db.execute(
        update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=now)
    )
    db.commit()
    return int(done.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Settings:
    email: str
    mobile: str
    channels: dict[str, tuple[bool, bool]]  # kind → (e-mail, SMS)


def settings_of(db: Session, user_id: int) -> Settings:
    contact = db.get(UserContact, user_id)
    chosen = {
        p.kind: p for p in db.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user_id))
    }
    channels = {
        kind: channels_for(
            kind, chosen[kind].email if kind in chosen else None, chosen[kind].sms if kind in chosen else None
        )
        for kind in KIND_LABELS
    }
    return Settings(contact.email if contact else "", contact.mobile if contact else "", channels)


def save_settings(
    db: Session, user_id: int, *, email: str, mobile: str, channels: Mapping[str, tuple[bool, bool]]
) -> None:
    """Check and keep the user's contact details and channels; nothing is kept if one is wrong."""
    email, mobile = email.strip(), mobile.strip().replace(" ", "").replace("-", "")
    problems = []
    if email and not EMAIL.match(email):
        problems.append("电子邮箱格式不正确（例如 zhang.san@example.gov.cn）")
    if mobile and not MOBILE.match(mobile):
        problems.append("手机号码应为11位数字，以1开头")
    unknown = sorted(set(channels) - set(KIND_LABELS))
    if unknown:
        problems.append("未知的消息类型：" + "、".join(unknown))
    wants_email = any(e for e, _ in channels.values())
    wants_sms = any(s for _, s in channels.values())
    if wants_email and not email:
        problems.append("选择了邮件提醒，请填写电子邮箱")
    if wants_sms and not mobile:
        problems.append("选择了短信提醒，请填写手机号码")
    if problems:
        raise InvalidInput("；".join(problems))
    contact = db.get(UserContact, user_id) or UserContact(user_id=user_id)
    contact.email, contact.mobile = email, mobile
    db.add(contact)
    for kind in KIND_LABELS:
        email_on, sms_on = channels.get(kind, (False, False))
        row = db.get(NotificationPreference, (user_id, kind)) or NotificationPreference(user_id=user_id, kind=kind)
        row.email, row.sms = email_on, sms_on
        db.add(row)
    db.commit()
