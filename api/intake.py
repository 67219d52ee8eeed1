"""The answer of every intake route: the new case with its first open tasks.

The intake starts the case's workflow with Update-with-Start (services/case_start.py), which
answers once the opening is written: the client goes straight to the first task instead of
polling `GET /cases/{id}` until it appears.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from api.schemas import CaseRead
from db import models
from services.case_start import opened_tasks


class OpenedTaskRead(BaseModel):
    id: str  # the task's id in /api/v1/tasks/{id}/…
    step: str
    title: str
    kind: str
    org_id: int
    role: str
    due_at: dt.datetime | None
    provisional: bool


class CaseCreated(CaseRead):
    # The case's open tasks once its opening was written; None when not known in time (a worker
    # that did not answer): read them from GET /api/v1/cases/{id}.
    tasks: list[OpenedTaskRead] | None = None

    @classmethod
    def of(cls, case: models.Case) -> CaseCreated:
        created = cls.model_validate(case)
        tasks = opened_tasks(case)
        if tasks is not None:
            created.tasks = [
                OpenedTaskRead(
                    id=t.task_id,
                    step=t.step,
                    title=t.title,
                    kind=t.kind,
                    org_id=t.org_id,
                    role=t.role,
                    due_at=t.due_at,
                    provisional=t.provisional,
                )
                for t in tasks
            ]
        return created
