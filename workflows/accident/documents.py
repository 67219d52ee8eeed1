"""The documents of the accident investigation."""

from __future__ import annotations

from typing import Any

from domain import accident
from domain.accident_grading import Grade
from domain.china_time import day_of
from workflows.accident.contracts import AccidentInvestigationInput


def publication_notice(
    inp: AccidentInvestigationInput, grade: Grade, reply_no: str, publication: accident.PublicationForm
) -> dict[str, Any]:
    """The public notice that the investigation report is published (条例 art 34, 政府信息公开条例)."""
    return {
        "accident_title": inp.title,
        "occurred_on": day_of(inp.occurred_at).isoformat(),
        "grade_label": f"{grade.value}生产安全事故",
        "reply_no": reply_no,
        "channel": publication.channel,
        "published_on": publication.published_on.isoformat(),
    }
