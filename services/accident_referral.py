"""A crime transfer opened from an accident completes the accident's referral step (条例 第二十六条第三款, A17).

The accident's workflow opens 移交涉嫌犯罪材料 when the team finds a suspected crime. Opening the
transfer from that accident (`services/crime_transfer_intake.py`, "from a case") is the hand-over:
the referral task is completed with the transfer's case number, by the handler who opened it, so
the accident's timeline and data name the transfer instead of carrying a bare flag.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from domain.china_time import day_of
from domain.errors import DomainError
from services.case_actions import complete_task
from services.principal import Principal

log = logging.getLogger(__name__)

REFERRAL_STEP = "crime_referral"


async def link_transfer(
    db: Session, client: Client, principal: Principal, source: models.Case, transfer: models.Case
) -> bool:
    """Complete the source accident's open referral with the transfer; False when there is none
    or it is another organisation's (the link between the cases stands either way)."""
    if source.process != "accident":
        return False
    task = db.scalars(
        select(models.Task).where(
            models.Task.case_id == source.id, models.Task.step == REFERRAL_STEP, models.Task.status == "open"
        )
    ).first()
    if task is None or task.org_id != principal.org_id:
        return False
    form = {"transfer_case_no": transfer.case_no, "handed_over_on": day_of(transfer.created_at).isoformat()}
    try:
        await complete_task(db=db, client=client, principal=principal, task_id=task.id, form=form)
    except DomainError as exc:  # refused by the workflow (e.g. completed meanwhile): the link stays
        log.warning("accident referral %s not completed by transfer %s: %s", task.id, transfer.case_no, exc)
        return False
    return True
