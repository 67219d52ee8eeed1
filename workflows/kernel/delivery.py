"""What a case workflow knows of its documents and their service (送达).

`Documents.issue` (workflows/kernel/documents.py) notes every document it issues here; the `serve_document` case
action (a Temporal Update) checks a service against this ledger in its validator, so an unknown
document, a second service, a date before issue or in the future is refused synchronously and
nothing is written. Processes whose next clock runs from service wait with `await_service` or
record the service of a step's form themselves (`Documents.record_step_service`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.document_service import SERVICE_METHODS, DocumentServiceForm, check_service
    from domain.errors import Conflict, Forbidden
    from workflows.contracts import Actor, RecordedService

SERVE_DOCUMENT = "serve_document"


@dataclass
class IssuedInfo:
    document_id: int
    key: str
    doc_type: str
    issuer_org_id: int
    issued_on: dt.date
    number: str
    title: str


@dataclass
class ServiceLedger:
    issued: dict[int, IssuedInfo] = field(default_factory=dict)
    served: dict[int, RecordedService] = field(default_factory=dict)
    recording: set[int] = field(default_factory=set)  # a service being written: a second is refused

    def by_key(self, key: str) -> IssuedInfo | None:
        return next((info for info in self.issued.values() if info.key == key), None)

    def check(
        self, form: DocumentServiceForm, actor: Actor, today: dt.date, served_in_steps: Mapping[str, str]
    ) -> IssuedInfo:
        """Raise a domain error (InvalidInput, Conflict, Forbidden) for a service that cannot be recorded.

        `served_in_steps` names, by document type, the process step whose form records the service
        (the rectification order's 送达 step): such a document is not served by this action."""
        info = self.issued.get(form.document_id)
        if info is not None and info.doc_type in served_in_steps and form.document_id not in self.served:
            raise Conflict(f"该文书的送达在“{served_in_steps[info.doc_type]}”环节登记")
        check_service(
            form,
            issued_on=info.issued_on if info else None,
            already_served=form.document_id in self.served or form.document_id in self.recording,
            today=today,
        )
        assert info is not None
        if actor.org_id != info.issuer_org_id:
            raise Forbidden("只有制发文书的机关可以登记送达")
        return info


def service_summary(document_name: str, recorded: RecordedService) -> str:
    """The timeline's line for a service; `document_name` reads like 整改复查意见书（麒应急复查〔2026〕1号）."""
    method = SERVICE_METHODS.get(recorded.method, recorded.method)
    summary = f"{document_name}已{method}，送达日期{recorded.served_on.isoformat()}"
    if recorded.effective_on != recorded.served_on:
        summary += f"，公告期满{recorded.effective_on.isoformat()}视为送达"
    return summary


def document_name(info: IssuedInfo | None) -> str:
    return f"{info.title}（{info.number}）" if info else "文书"


def service_of(
    document_id: int, method: str, served_on: dt.date, recipient: str = "", proof: str = ""
) -> DocumentServiceForm:
    """The service record of a document served in a step's form (the form was validated there)."""
    return DocumentServiceForm.model_validate(
        {"document_id": document_id, "method": method, "served_on": served_on, "recipient": recipient, "proof": proof}
    )
