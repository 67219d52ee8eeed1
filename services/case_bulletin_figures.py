"""The figures of a case bulletin (安全生产案情通报, 国办发〔2015〕20号 (十三)), from the system's own
data: the crime transfers of the bureau's jurisdiction transferred within the period, and what
became of each by the period's end (filed, not filed, under the procuratorate's supervision)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain import bulletin as b
from domain.china_time import day_of, start_of
from domain.definitions.crime_transfer import CRIME_TRANSFER


def compute(db: Session, org_id: int, start: dt.date, end: dt.date, *, viewer_path: str) -> dict[str, Any]:
    """The bulletin's counts and case list, as a payload the workflow keeps and the document prints."""
    org = db.get(models.Organisation, org_id)
    assert org is not None
    begin, stop = start_of(start), start_of(end + dt.timedelta(days=1))
    transfers = db.execute(
        select(models.Case, models.CaseEvent.at)
        .join(models.CaseEvent, models.CaseEvent.case_id == models.Case.id)
        .where(
            models.Case.process == CRIME_TRANSFER.code,
            models.Case.jurisdiction_code == org.jurisdiction_code,
            models.Case.jurisdiction_path.startswith(viewer_path, autoescape=True),
            models.CaseEvent.kind == "transferred",
            models.CaseEvent.at >= begin,
            models.CaseEvent.at < stop,
        )
        .order_by(models.CaseEvent.at, models.Case.id)
    ).all()
    cases = {case.id: (case, at) for case, at in transfers}
    kinds: dict[int, set[str]] = defaultdict(set)
    statuses: dict[int, set[str]] = defaultdict(set)
    if cases:
        rows = db.execute(
            select(models.CaseEvent.case_id, models.CaseEvent.kind, models.CaseEvent.data).where(
                models.CaseEvent.case_id.in_(list(cases)), models.CaseEvent.at < stop
            )
        ).all()
        for case_id, kind, data in rows:
            kinds[case_id].add(kind)
            if kind == "status" and isinstance(data, dict) and "status" in data:
                statuses[case_id].add(str(data["status"]))
    labels = CRIME_TRANSFER.statuses
    lines = [
        (
            b.TransferLine(case.case_no, case.title, labels.get(case.status, case.status), day_of(at).isoformat()),
            kinds[case.id],
            statuses[case.id],
        )
        for case, at in cases.values()
    ]
    return dataclasses.asdict(b.case_figures(lines))
