"""Official documents of a case: issue (number, render, store), and record their service (送达).

Service is refused synchronously when invalid (the `serve_document` action's validator checks the
ledger); clocks the law counts from receipt start on the day service takes effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import ISSUE_DOCUMENT, RECORD_DOCUMENT_SERVICE
    from domain.china_time import day_of, start_of
    from domain.document_service import DocumentServiceForm
    from domain.process import Start
    from workflows.contracts import (
        Actor,
        CaseActionCommand,
        DocumentIssue,
        DocumentServiceRecord,
        IssuedDocument,
        RecordedService,
        UpdateResult,
    )
    from workflows.kernel.actions import CaseActions
    from workflows.kernel.delivery import (
        SERVE_DOCUMENT,
        IssuedInfo,
        ServiceLedger,
        document_name,
        service_of,
        service_summary,
    )
    from workflows.kernel.outbox import Timeline
    from workflows.kernel.patches import SERVICE_RECORDS_PATCH, in_force
    from workflows.kernel.refusals import parse_form
    from workflows.kernel.steps import Started

DOCUMENT_TIMEOUT = dt.timedelta(seconds=60)


class Documents:
    def __init__(self, timeline: Timeline, served_in_steps: Mapping[str, str]) -> None:
        self.timeline = timeline
        self.ledger = ServiceLedger()  # issued documents and their service (no commands of its own)
        self.case_id = 0
        # Documents whose service a step's form records (doc type → step title).
        self.served_in_steps = served_in_steps

    async def issue(
        self, doc_type: str, issuer_org_id: int, context: dict[str, Any], *, key: str, replaces_key: str | None = None
    ) -> IssuedDocument:
        """Number, render and store an official document; its number and SHA-256 go on the timeline."""
        issued: IssuedDocument = await workflow.execute_activity(
            ISSUE_DOCUMENT,
            DocumentIssue(self.case_id, key, doc_type, issuer_org_id, context, workflow.now(), replaces_key),
            result_type=IssuedDocument,
            start_to_close_timeout=DOCUMENT_TIMEOUT,
        )
        self.timeline.record_event(
            "document_issued",
            f"制发{issued.title}（{issued.number}）",
            data={"document_id": issued.document_id, "number": issued.number, "sha256": issued.sha256},
            key=f"document:{key}",
        )
        self.ledger.issued[issued.document_id] = IssuedInfo(
            issued.document_id, key, doc_type, issuer_org_id, day_of(workflow.now()), issued.number, issued.title
        )
        return issued

    async def record_service(self, form: DocumentServiceForm, actor: Actor | None) -> RecordedService:
        """Store the service (送达) of an issued document and put it on the timeline.

        Returns the day service takes effect (公告送达: after the announcement period), from
        which the clocks that run "from receipt" start."""
        self.ledger.recording.add(form.document_id)
        recorded: RecordedService = await workflow.execute_activity(
            RECORD_DOCUMENT_SERVICE,
            DocumentServiceRecord(
                self.case_id,
                form.document_id,
                form.method,
                form.served_on,
                form.recipient,
                form.proof,
                form.proof_attachment_id,
                actor.user_id if actor else None,
                actor.name if actor else "系统",
                workflow.now(),
            ),
            result_type=RecordedService,
            start_to_close_timeout=DOCUMENT_TIMEOUT,
        )
        self.ledger.served[form.document_id] = recorded
        self.ledger.recording.discard(form.document_id)
        self.timeline.record_event(
            "document_served",
            self.summary(recorded),
            actor=actor,
            data={
                "document_id": form.document_id,
                "method": recorded.method,
                "served_on": recorded.served_on.isoformat(),
                "effective_on": recorded.effective_on.isoformat(),
                "recipient": form.recipient,
                "proof": form.proof,
            },
            key=f"service:{form.document_id}",
        )
        await self.timeline.flush()
        return recorded

    async def record_step_service(
        self,
        document_id: int,
        method: str,
        served_on: dt.date,
        actor: Actor | None,
        *,
        recipient: str = "",
        proof: str = "",
    ) -> dt.date:
        """The service a step's form records (the order's 送达 step, a notice served with its form).

        Returns the day it takes effect; cases started before the service records (patch
        `document-service-records`) record nothing and count from the day typed in the form."""
        if not in_force(SERVICE_RECORDS_PATCH):
            return served_on
        form = service_of(document_id, method, served_on, recipient=recipient, proof=proof)
        return (await self.record_service(form, actor)).effective_on

    async def served_from(
        self, document_id: int, method: str, served_on: dt.date, actor: Actor | None, **record: str
    ) -> Started:
        """Record a step's service; a period the law runs from service starts where it takes effect.

        That is the day of service, or for 公告送达 the end of the announcement period (民事诉讼法
        art 95, applied by 行政处罚法 art 61): the start of a `Start.SERVICE` clock. `record`: the
        recipient and proof, as for `record_step_service`."""
        effective_on = await self.record_step_service(document_id, method, served_on, actor, **record)
        return Started(Start.SERVICE, start_of(effective_on))

    async def await_service(self, document_id: int) -> RecordedService:
        """Wait until a handler records the document's service (the `serve_document` action)."""
        await workflow.wait_condition(lambda: document_id in self.ledger.served)
        return self.ledger.served[document_id]

    def register(self, actions: CaseActions) -> None:
        """`serve_document`: record the service of a document no step's form records."""
        actions.add(SERVE_DOCUMENT, self._check_serve, self._serve)

    def _check_serve(self, cmd: CaseActionCommand) -> None:
        form = parse_form(DocumentServiceForm, cmd.form)
        self.ledger.check(form, cmd.actor, day_of(workflow.now()), self.served_in_steps)

    async def _serve(self, cmd: CaseActionCommand) -> UpdateResult:
        recorded = await self.record_service(DocumentServiceForm.model_validate(cmd.form), cmd.actor)
        return UpdateResult(None, self.summary(recorded))

    def summary(self, recorded: RecordedService) -> str:
        return service_summary(document_name(self.ledger.issued.get(recorded.document_id)), recorded)
