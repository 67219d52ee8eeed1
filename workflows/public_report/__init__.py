"""Process 6: verification of a public report (安全生产举报, 12350).

`workflow.py` is the procedure, `actions.py` the extension request, `contracts.py` the payloads
(none holds the reporter's identity). Rows: `domain/definitions/public_report.py`.
"""

from domain.definitions.public_report import PUBLIC_REPORT
from workflows.public_report.workflow import PublicReportWorkflow

PROCESS = PUBLIC_REPORT.code

__all__ = ["PROCESS", "PublicReportWorkflow"]
