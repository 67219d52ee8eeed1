"""What the ledger knows of the sampled files of an enforcement review (执法案卷评查): their clocks
(the deadline ledger), their documents and services, and who took their heads' decisions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.names import LEDGER_FACTS
from db import models
from domain.roles import Role
from workflows.enforcement_review.contracts import FactsRequest, FactsResult, FileFacts


def file_facts(session: Session, case_id: int) -> FileFacts:
    events = models.DeadlineEvent
    armed = select(func.count(func.distinct(events.task_id))).where(events.case_id == case_id)
    missed = armed.where(events.kind == "breached")
    docs = models.Document
    issued = select(func.count()).select_from(docs).where(docs.case_id == case_id, docs.replaces_id.is_(None))
    served = select(func.count()).select_from(models.DocumentService).where(models.DocumentService.case_id == case_id)
    tasks = models.Task
    decisions = (
        select(func.count())
        .select_from(tasks)
        .where(tasks.case_id == case_id, tasks.role == Role.HEAD, tasks.status == "completed")
    )
    wrong = (
        select(func.count())
        .select_from(tasks)
        .join(models.User, models.User.id == tasks.completed_by_user_id)
        .where(tasks.case_id == case_id, tasks.role == Role.HEAD, tasks.status == "completed")
        .where(models.User.role != Role.HEAD)
    )
    issued_count = session.scalar(issued) or 0
    return FileFacts(
        case_id=case_id,
        deadlines=session.scalar(armed) or 0,
        deadlines_missed=session.scalar(missed) or 0,
        documents_issued=issued_count,
        documents_unserved=max(0, issued_count - (session.scalar(served) or 0)),
        decisions=session.scalar(decisions) or 0,
        decisions_wrong_role=session.scalar(wrong) or 0,
    )


class EnforcementReviewActivities:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    @activity.defn(name=LEDGER_FACTS)
    def ledger_facts(self, request: FactsRequest) -> FactsResult:
        with self._sessions() as session:
            return FactsResult([file_facts(session, case_id) for case_id in request.case_ids])
