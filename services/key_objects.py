"""The key-supervision list (重点监管对象), managed dynamically: each set and unset is kept with
its reason, day and author (国办发〔2015〕20号 (七) "确定重点监管对象…实行动态管理"; 本溪 (五))."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.register_models import KeyObjectChange
from domain.enterprise_register import key_object_reason_needed
from domain.legal_calendar import CHINA_TZ
from services.principal import Principal


def set_flag(
    db: Session, principal: Principal, enterprise: models.Enterprise, flag: bool, reason: str, *, at: dt.datetime
) -> bool:
    """Set or unset the flag; True when it changed (a change without a reason is refused)."""
    if enterprise.is_key_object == flag and (not flag or enterprise.key_object_reason == reason.strip()):
        return False
    key_object_reason_needed(flag, reason)
    day = at.astimezone(CHINA_TZ).date()
    enterprise.is_key_object = flag
    enterprise.key_object_reason = reason.strip() if flag else ""
    enterprise.key_object_since = day if flag else None
    db.add(
        KeyObjectChange(
            enterprise_id=enterprise.id,
            is_key_object=flag,
            reason=reason.strip(),
            effective_on=day,
            changed_by_user_id=principal.user_id,
            changed_by_name=principal.display_name,
            changed_at=at,
        )
    )
    return True


def history(db: Session, enterprise_id: int) -> list[KeyObjectChange]:
    return list(
        db.scalars(
            select(KeyObjectChange)
            .where(KeyObjectChange.enterprise_id == enterprise_id)
            .order_by(KeyObjectChange.changed_at, KeyObjectChange.id)
        )
    )
