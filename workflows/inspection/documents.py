"""The documents of an inspection: what the 现场检查方案 and 现场检查记录 templates are filled with."""

from __future__ import annotations

from typing import Any

from domain import inspection as ins
from domain.forms import choice_labels
from workflows.inspection.contracts import InspectionInput


def _subject(inp: InspectionInput) -> dict[str, Any]:
    return {
        "enterprise_name": inp.enterprise_name,
        "credit_code": inp.credit_code,
        "mode_label": ins.MODES[inp.mode],
        "unannounced": inp.mode == "unannounced",
        "inspectors": inp.inspectors,
        "lead_department": inp.lead_department,
        "participant_departments": inp.participant_departments,
    }


def plan(inp: InspectionInput, form: dict[str, Any], checklist: list[str]) -> dict[str, Any]:
    """现场检查方案 (北碚 (十四)): the matters, the checklist, the inspectors, the planned day."""
    return {
        **_subject(inp),
        "planned_on": inp.planned_on.isoformat(),
        "matters": form["matters"],
        "checklist": checklist,
        "arrangements": form.get("arrangements", ""),
    }


def record(
    inp: InspectionInput, form: dict[str, Any], results: list[tuple[str, str]], findings: list[ins.Finding]
) -> dict[str, Any]:
    """现场检查记录 (安全生产法 art 68): time, place, content, problems found and their handling,
    the inspectors, and the enterprise's signature or its refusal before witnesses."""
    return {
        **_subject(inp),
        "inspected_on": form["inspected_on"],
        "place": form["place"],
        "results": [{"item": item, "result": result} for item, result in results],
        "findings": [
            {
                "no": f.no,
                "kind": ins.FINDING_KINDS[f.kind],
                "description": f.description,
                "handling": ins.FOLLOW_UP_LABELS[f.kind],
            }
            for f in findings
        ],
        "signature": form["signature"],
        "signature_label": choice_labels(ins.RecordForm, "signature")[form["signature"]],
        "signed_by": form.get("signed_by", ""),
        "witnesses": form.get("witnesses", ""),
    }
