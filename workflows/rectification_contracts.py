"""Moved to `workflows/rectification/contracts.py`; these names stay importable from here."""

from workflows.rectification.contracts import (
    Department,
    LawfulDay,
    LawfulDayRequest,
    RectificationInput,
    RectificationResult,
)

__all__ = ["Department", "LawfulDay", "LawfulDayRequest", "RectificationInput", "RectificationResult"]
