"""Payloads of the double-random draw. The draw arrives made: its seed comes from `secrets` in
the API (never from the workflow), and its inputs and result are recorded as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflows.contracts import CaseStart


@dataclass
class RandomDrawInput:
    start: CaseStart
    bureau_org_id: int  # the bureau that drew and publishes
    draw_id: int  # the `random_draws` row
    matter_id: int
    matter_title: str
    drawn_on: str  # ISO date of the draw: the decision the publication clock runs from
    inputs: dict[str, Any] = field(default_factory=dict)  # domain.random_draw.DrawInputs.as_record()
    selections: list[dict[str, Any]] = field(default_factory=list)  # DrawResult.as_record()
    redraw_reason: str = ""  # why the matter was drawn again the same day ("" for a first draw)


@dataclass
class RandomDrawResult:
    status: str
