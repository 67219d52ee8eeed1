"""The audit log of read-only case access (档案管理员, security probe F2).

A role that reads cases without a duty to act on them leaves a row for every case, document and
attachment it opens: who, what, when. The row is written and committed before the answer, so a
read that happened is never missing from the log. Other roles read their own work and are not
logged here (their steps are on the timeline).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from db import models
from services.principal import Principal


def record(db: Session, principal: Principal, case_id: int, kind: str, object_id: int) -> None:
    """One audited read (`kind`: case, document or attachment), for read-only principals only."""
    if not principal.is_read_only:
        return
    db.add(
        models.CaseReadAudit(
            at=dt.datetime.now(dt.UTC),
            user_id=principal.user_id,
            username=principal.username,
            case_id=case_id,
            kind=kind,
            object_id=object_id,
        )
    )
    db.commit()
