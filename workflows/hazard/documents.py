"""The documents of the hazard supervision: what each template is filled with."""

from __future__ import annotations

from typing import Any

from domain import hazard
from workflows.hazard.contracts import HazardSupervisionInput


def supervision_notice(inp: HazardSupervisionInput, decision: hazard.ListingDecisionForm) -> dict[str, Any]:
    """挂牌督办通知书, from the listing office to the responsible government (国发〔2010〕23号)."""
    assert decision.rectification_deadline is not None
    return {
        "responsible_government": decision.responsible_government,
        "enterprise_name": inp.enterprise_name,
        "grade_label": hazard.HAZARD_GRADES[inp.grade],
        "hazard_title": inp.title,
        "description": inp.description,
        "supervision_matters": decision.supervision_matters,
        "rectification_deadline": decision.rectification_deadline.isoformat(),
        "lifting_procedure": decision.lifting_procedure,
        "supervising_org": inp.supervising_org_name or "属地应急管理部门",
    }
