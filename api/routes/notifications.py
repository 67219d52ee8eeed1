"""The signed-in user's notices (消息中心) and notification settings, for staff and enterprises."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import AnyActingPrincipal, AnyPrincipal, DbSession, RowId, now
from api.schemas import ErrorRead
from db.notification_models import Notification
from domain.forms import InputModel
from domain.notifications import KIND_LABELS
from services.notifications import messages

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (401, 403, 404, 422)}


class NotificationRead(BaseModel):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    case_id: int | None
    task_id: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_state: str
    sms_state: str

    @classmethod
    def of(cls, row: Notification) -> NotificationRead:
        return cls(
            id=row.id,
            kind=row.kind,
            kind_label=KIND_LABELS.get(row.kind, row.kind),
            title=row.title,
            body=row.body,
            link=row.link,
            case_id=row.case_id,
            task_id=row.task_id,
            created_at=row.created_at,
            read_at=row.read_at,
            email_state=row.email_state,
            sms_state=row.sms_state,
        )


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    total: int
    page: int
    pages: int
    unread: int


class ChannelChoice(InputModel):
    email: bool = False
    sms: bool = False


class NotificationSettings(InputModel):
    email: str = Field("", max_length=200)
    mobile: str = Field("", max_length=20)
    channels: dict[str, ChannelChoice] = Field(default_factory=dict)


@router.get("", response_model=NotificationPage)
def read_notifications(
    db: DbSession, principal: AnyPrincipal, unread: bool = False, page: int = Query(1, ge=1, le=100000)
) -> NotificationPage:
    found = messages.page_of(db, principal.user_id, unread_only=unread, page=page)
    return NotificationPage(
        items=[NotificationRead.of(n) for n in found.items],
        total=found.total,
        page=found.page,
        pages=found.pages,
        unread=found.unread,
    )


@router.post("/{notification_id}/read", response_model=NotificationRead, responses=REFUSALS)
def read_one(notification_id: RowId, db: DbSession, principal: AnyActingPrincipal) -> NotificationRead:
    return NotificationRead.of(messages.mark_read(db, principal.user_id, notification_id, now()))


@router.post("/read-all", responses=REFUSALS)
def read_all(db: DbSession, principal: AnyActingPrincipal) -> dict[str, int]:
    return {"marked": messages.mark_all_read(db, principal.user_id, now())}


@router.get("/settings", response_model=NotificationSettings)
def read_settings(db: DbSession, principal: AnyPrincipal) -> NotificationSettings:
    found = messages.settings_of(db, principal.user_id)
    return NotificationSettings(
        email=found.email,
        mobile=found.mobile,
        channels={kind: ChannelChoice(email=e, sms=s) for kind, (e, s) in found.channels.items()},
    )


@router.put("/settings", response_model=NotificationSettings, responses=REFUSALS)
def write_settings(body: NotificationSettings, db: DbSession, principal: AnyActingPrincipal) -> NotificationSettings:
    messages.save_settings(
        db,
        principal.user_id,
        email=body.email,
        mobile=body.mobile,
        channels={kind: (c.email, c.sms) for kind, c in body.channels.items()},
    )
    return read_settings(db, principal)
