"""The issued bulletin: its document type and what the template prints."""

from __future__ import annotations

from typing import Any

from domain import bulletin as b
from workflows.bulletin.state import BulletinState


def doc_type(kind: str) -> str:
    """One number series per office and year for its 通报 of every kind; the case bulletin its own."""
    return "case_bulletin" if kind == "case_bulletin" else "bulletin"


def context(state: BulletinState) -> dict[str, Any]:
    inp = state.inp
    return {
        "kind_label": b.KINDS[inp.kind],
        "subject": inp.subject,
        "facts": state.facts,
        "recipients": [r.name for r in inp.recipients],
        "named_enterprises": inp.named_enterprises,
        "rectification": inp.rectification,
        "rectification_due": inp.rectification_due,
        "period": inp.period,
        "figures": inp.figures,
    }
