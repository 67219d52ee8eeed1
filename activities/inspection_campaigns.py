"""One case per bureau and campaign period, created once (the Schedule's run may be retried)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import OPEN_CAMPAIGN_CASES
from db import models
from db.organisation_queries import path_codes
from domain import inspection_campaigns as ic
from domain.roles import OrgType
from workflows.contracts import Actor, CaseStart
from workflows.inspection_campaign.contracts import CampaignCase, CampaignCasesRequest, CampaignCasesResult

SYSTEM_ACTOR = Actor(user_id=0, name="定期检查部署（系统）", org_id=0, role="system")


class CampaignActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=OPEN_CAMPAIGN_CASES)
    def open_campaign_cases(self, request: CampaignCasesRequest) -> CampaignCasesResult:
        """The cases of this period's bureaus whose workflow has not started yet."""
        with self._sessions() as session:
            root = session.get(models.Jurisdiction, request.run.jurisdiction)
            if root is None:
                return CampaignCasesResult()
            bureaus = session.execute(
                select(models.Organisation, models.Jurisdiction)
                .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
                .where(
                    models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
                    models.Jurisdiction.path.startswith(root.path),
                )
                .order_by(models.Organisation.id)
            ).all()
            title = f"{request.run.title}（{request.period}）"
            result = CampaignCasesResult()
            for bureau, jurisdiction in bureaus:
                workflow_id = f"{ic.PROCESS}-{request.run.code}-{request.period}-{bureau.id}"[:80]
                case = session.scalars(select(models.Case).where(models.Case.workflow_id == workflow_id)).one_or_none()
                if case is None:
                    case = self._new_case(session, workflow_id, title, request, jurisdiction)
                if case.status != "starting":
                    continue  # its workflow has begun
                start = CaseStart(case.id, case.case_no, jurisdiction.code, path_codes(jurisdiction.path), SYSTEM_ACTOR)
                result.cases.append(CampaignCase(start, workflow_id, bureau.id, title, request.due_on))
            return result

    @staticmethod
    def _new_case(
        session: Session, workflow_id: str, title: str, request: CampaignCasesRequest, jurisdiction: models.Jurisdiction
    ) -> models.Case:
        now = dt.datetime.now(dt.UTC)
        case = models.Case(
            case_no=f"pending-{workflow_id}"[:40],
            workflow_id=workflow_id,
            process=ic.PROCESS,
            title=title[:200],
            status="starting",
            jurisdiction_code=jurisdiction.code,
            jurisdiction_path=jurisdiction.path,
            enterprise_id=None,
            created_by_user_id=None,
            created_at=now,
            updated_at=now,
            details={
                "campaign": request.run.code,
                "kind": ic.KINDS.get(request.run.kind, request.run.kind),
                "sector": request.run.sector,
                "period": request.period,
                "run_on": request.run_on.isoformat(),
                "due_on": request.due_on.isoformat(),
            },
        )
        session.add(case)
        session.flush()
        case.case_no = f"ZX-{request.run_on.year}-{case.id:05d}"
        session.commit()
        return case
