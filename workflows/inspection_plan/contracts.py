"""Payloads of the annual enforcement plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflows.contracts import CaseStart


@dataclass
class InspectionPlanInput:
    start: CaseStart
    bureau_org_id: int  # the bureau whose plan it is
    office_org_id: int  # the same-level 安委办: records the government's review, takes the filing
    upper_org_id: int | None  # the upper department, which takes the filing (None at the top)
    year: int
    items: list[dict[str, Any]] = field(default_factory=list)  # domain.inspection_plan.PlanItem dumps


@dataclass
class InspectionPlanResult:
    status: str
    versions: int
