"""Process 8: the quarterly report to the organisation department (国办发 (四), 本溪 (二))."""

from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Party, ProcessDefinition, Step
from domain.quarterly_report import PROCESS, QUARTERLY_REPORT_RULES, QuarterlySubmissionForm

REPORTING_OFFICE = Party("office", "报送季度情况的安委办或应急管理部门")

QUARTERLY_REPORT = ProcessDefinition(
    code=PROCESS,
    name="季度安全生产情况报送",
    workflow="QuarterlyReportWorkflow",
    docs="quarterly-report.md",
    steps=(
        Step(
            "submit",
            "报送季度安全生产工作情况",
            REPORTING_OFFICE,
            QuarterlySubmissionForm,
            "quarterly_report.submit",
        ),
    ),
    actions=(*CLOCK_ACTIONS,),
    clocks=QUARTERLY_REPORT_RULES,
    statuses={"due": "待报送", "submitted": "已报送"},
)
