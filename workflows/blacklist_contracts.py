"""Moved to `workflows/blacklist/contracts.py`; these names stay importable from here."""

from workflows.blacklist.contracts import BlacklistEntryWrite, BlacklistInput, BlacklistResult, MeasureItem

__all__ = ["BlacklistEntryWrite", "BlacklistInput", "BlacklistResult", "MeasureItem"]
