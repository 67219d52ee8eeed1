"""The hook between an inspection and the annual inspection plan it carries out.

`record_done` runs (from the workflow's local activity `inspection_record_done`) once an
inspection's 现场检查记录 is complete: an inspection of a plan counts as done in the plan's
progress (planned against done, by month: 北碚 (十四) "按计划实施监督检查"). A 双随机 inspection
is tied to its draw by the inspection's own row (`inspections.draw_id`).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from db import models
from domain.errors import DomainError
from services import plan_progress

log = logging.getLogger(__name__)


def record_done(
    db: Session,
    *,
    inspection_case_id: int,
    plan_case_id: int | None,
    draw_id: int | None,  # noqa: ARG001 - the draw link is on the inspection's row already
    inspected_on: dt.date,
) -> None:
    """An inspection's record is complete: the plan it belongs to counts it done, once."""
    if plan_case_id is None:
        return
    inspection = db.get(models.Case, inspection_case_id)
    if inspection is None or inspection.enterprise_id is None:
        return
    try:
        plan_progress.record_done(db, plan_case_id, inspection.enterprise_id, inspection_case_id, inspected_on)
    except DomainError as exc:  # e.g. inspected outside the plan's year: counted as unplanned, not retried
        log.warning("inspection %s not counted in plan %s: %s", inspection_case_id, plan_case_id, exc.message)
