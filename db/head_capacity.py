"""A head's capacity (`users.head_capacity`, migration 0017): "" or principal (正职负责人), acting
(主持工作的负责人) or deputy (副职负责人). 国务院令第310号 art 5 reserves the transfer decision to the
principal head or the head in charge of the work, so a deputy is refused; 安全生产法 art 70 reserves
stopping the power supply to the principal head. An unmarked head account counts as the head.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db import models
from domain.errors import InvalidInput
from domain.roles import HEAD_CAPACITIES


def read_head_capacity(db: Session, user_id: int) -> str:
    user = db.get(models.User, user_id)
    return user.head_capacity if user is not None else ""


def set_head_capacity(db: Session, user_id: int, capacity: str) -> None:
    """Mark a head account (the administrator's act, services/user_admin.py; tests)."""
    if capacity not in HEAD_CAPACITIES:
        raise InvalidInput("负责人身份只能是正职负责人、主持工作的负责人或副职负责人")
    user = db.get(models.User, user_id)
    if user is not None:
        user.head_capacity = capacity
