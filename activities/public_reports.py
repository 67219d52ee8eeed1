"""Moves a public report to the bureau of another jurisdiction, idempotently.

The case row follows (its jurisdiction decides who sees it) and so does the handling office of
the reporter's identity; a retry sets the same values again.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import ROUTE_PUBLIC_REPORT
from db import models
from db.organisation_queries import org_in, path_codes, upper_org
from domain.roles import OrgType
from workflows.public_report_contracts import RouteRequest, RouteResult


class PublicReportActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=ROUTE_PUBLIC_REPORT)
    def route_public_report(self, request: RouteRequest) -> RouteResult:
        with self._sessions.begin() as session:
            jurisdiction = session.get(models.Jurisdiction, request.jurisdiction_code)
            bureau = org_in(session, request.jurisdiction_code, OrgType.EMERGENCY_BUREAU) if jurisdiction else None
            case = session.get(models.Case, request.case_id)
            if jurisdiction is None or bureau is None or case is None:
                return RouteResult(found=False)
            case.jurisdiction_code = jurisdiction.code
            case.jurisdiction_path = jurisdiction.path
            case.details = {**case.details, "handling_org": bureau.name}
            report = session.scalars(select(models.PublicReport).where(models.PublicReport.case_id == case.id)).one()
            report.handling_org_id = bureau.id
            upper = upper_org(session, bureau, OrgType.EMERGENCY_BUREAU)
            return RouteResult(
                found=True,
                org_id=bureau.id,
                org_name=bureau.name,
                upper_org_id=upper.id if upper else None,
                jurisdiction_path=path_codes(jurisdiction.path),
            )
