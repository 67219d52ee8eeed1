"""The projector: a coroutine of the case workflow that writes each batch of the outbox with the
local activity `apply_case_changes`, takes the clocks it computed, and upserts the search
attributes once per batch (docs/architecture.md, ADR 0001)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from temporalio import workflow
from temporalio.common import SearchAttributeKey, SearchAttributeUpdate

with workflow.unsafe.imports_passed_through():
    from activities.names import APPLY_CASE_CHANGES
    from workflows.contracts import ProjectionBatch, ProjectionResult
    from workflows.kernel.human_task import TaskBoard
    from workflows.kernel.patches import BATCHED_UPSERTS_PATCH, in_force

SA_PROCESS = SearchAttributeKey.for_keyword("CaseProcess")
SA_STATUS = SearchAttributeKey.for_keyword("CaseStatus")
SA_JURISDICTION = SearchAttributeKey.for_keyword_list("CaseJurisdiction")
SA_DUE = SearchAttributeKey.for_datetime("CaseDueTime")
SA_OVERDUE = SearchAttributeKey.for_bool("CaseOverdue")

PROJECTION_TIMEOUT = dt.timedelta(seconds=30)


class Projector:
    def __init__(self, board: TaskBoard) -> None:
        self.board = board
        self.timeline = board.timeline
        self.case_id = 0
        self.closing = False
        self._published_due: dt.datetime | None = None
        self._published_overdue = False
        self._unpublished_status: str | None = None  # a status set under BATCHED_UPSERTS_PATCH

    def publish_status(self, status: str) -> None:
        """The CaseStatus search attribute: with the next batch, or at once in older cases."""
        if in_force(BATCHED_UPSERTS_PATCH):
            self._unpublished_status = status  # upserted once the batch is written: _publish_search_attributes
        else:
            workflow.upsert_search_attributes([SA_STATUS.value_set(status)])

    async def run(self) -> None:
        try:
            await self._project_forever()
        except Exception as exc:  # noqa: BLE001 - surfaced in every waiter, see Timeline.wait_projected
            self.timeline.error = exc

    async def _project_forever(self) -> None:
        timeline = self.timeline
        while not self.closing:
            await workflow.wait_condition(lambda: timeline.outbox.pending or self.closing)
            if not timeline.outbox.pending:
                continue
            # Let every coroutine woken by the same change add its writes to this batch.
            await workflow.wait_condition(lambda: True)
            outbox = timeline.take_batch()
            batch = ProjectionBatch(
                case_id=self.case_id,
                opens=outbox.opens,
                changes=outbox.changes,
                events=outbox.events,
                case_change=outbox.case_change,
            )
            result = await workflow.execute_local_activity(
                APPLY_CASE_CHANGES,
                batch,
                result_type=ProjectionResult,
                start_to_close_timeout=PROJECTION_TIMEOUT,
            )
            self.board.apply_schedules(result.schedules)
            self._publish_search_attributes()
            timeline.projected_seq = outbox.batch_seq

    def _publish_search_attributes(self) -> None:
        """One upsert after each batch: the status (if it changed) and the case's clock."""
        updates: list[SearchAttributeUpdate[Any]] = []
        if self._unpublished_status is not None:
            updates.append(SA_STATUS.value_set(self._unpublished_status))
            self._unpublished_status = None
        open_tasks = self.board.open_tasks()
        due_times = [t.schedule.due_at for t in open_tasks if t.schedule and t.spec.kind == "step"]
        due = min(due_times) if due_times else None
        overdue = any(t.overdue for t in open_tasks)
        if (due, overdue) != (self._published_due, self._published_overdue):
            self._published_due, self._published_overdue = due, overdue
            updates.append(SA_OVERDUE.value_set(overdue))
            updates.append(SA_DUE.value_set(due) if due else SA_DUE.value_unset())
        if updates:
            workflow.upsert_search_attributes(updates)
