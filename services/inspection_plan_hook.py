"""The hook between an inspection and the annual inspection plan (or the 双随机 draw) it carries out.

`record_done` runs (from the workflow's local activity `inspection_record_done`) once an
inspection's 现场检查记录 is complete. The plans are built elsewhere: at merge this calls
`services.plan_progress.record_done(...)`; until then it records nothing beyond the log line, the
links themselves being on the inspection row (`inspections.plan_case_id`, `draw_id`).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def record_done(
    db: Session,  # noqa: ARG001 - the plan's progress is written in the caller's transaction
    *,
    inspection_case_id: int,
    plan_case_id: int | None,
    draw_id: int | None,
    inspected_on: dt.date,
) -> None:
    """HOOK: an inspection's record is complete; the plan (or draw) it belongs to counts it done."""
    if plan_case_id is None and draw_id is None:
        return
    log.info("inspection %s done on %s for plan %s / draw %s", inspection_case_id, inspected_on, plan_case_id, draw_id)
