"""The data converter shares its pydantic type adapters across converter instances: the SDK makes a
new payload converter for every workflow run and serialisation context (services/temporal_client.py)."""

from __future__ import annotations

import pydantic
from temporalio.converter import WorkflowSerializationContext

from services.temporal_client import DATA_CONVERTER
from workflows.contracts import ProjectionResult


def test_a_contract_is_decoded_by_one_adapter_in_every_workflow_context(monkeypatch) -> None:
    result = ProjectionResult(schedules=[])
    built: list[object] = []
    original = pydantic.TypeAdapter.__init__

    def counting(self, type_, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(type_)
        original(self, type_, *args, **kwargs)

    monkeypatch.setattr(pydantic.TypeAdapter, "__init__", counting)
    decoded = []
    for case in ("case-1", "case-2", "case-3"):
        # What the worker does for each workflow run: a new converter from the class, in the run's context.
        converter = DATA_CONVERTER.payload_converter_class().with_context(
            WorkflowSerializationContext(namespace="default", workflow_id=case)
        )
        payloads = converter.to_payloads([result])
        decoded.extend(converter.from_payloads(payloads, [ProjectionResult]))
    assert decoded == [result] * 3
    assert built.count(ProjectionResult) <= 1  # at most once in the process, whichever test came first
