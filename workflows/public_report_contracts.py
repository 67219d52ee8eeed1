"""Moved to `workflows/public_report/contracts.py`; these names stay importable from here."""

from workflows.public_report.contracts import PublicReportInput, PublicReportResult, RouteRequest, RouteResult

__all__ = ["PublicReportInput", "PublicReportResult", "RouteRequest", "RouteResult"]
