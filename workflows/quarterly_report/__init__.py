"""Process 8: the quarterly report to the organisation department, a task of the office."""

from domain.definitions.quarterly_report import QUARTERLY_REPORT
from workflows.quarterly_report.workflow import QuarterlyReportInput, QuarterlyReportWorkflow

PROCESS = QUARTERLY_REPORT.code

__all__ = ["PROCESS", "QuarterlyReportInput", "QuarterlyReportWorkflow"]
