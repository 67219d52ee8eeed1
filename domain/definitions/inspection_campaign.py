"""A recurring inspection campaign's task for one bureau (曲靖 (十一)), opened by a Temporal Schedule."""

from domain import inspection_campaigns as ic
from domain.definitions.common import CLOCK_ACTIONS
from domain.inspection_plan_deadlines import CAMPAIGN_RULES
from domain.process import Party, ProcessDefinition, Start, Step

BUREAU = Party("handler", "辖区内各应急管理部门")

INSPECTION_CAMPAIGN = ProcessDefinition(
    code=ic.PROCESS,
    name="定期安全生产检查",
    workflow="InspectionCampaignWorkflow",
    docs="inspection-campaign.md",
    steps=(
        # The due day is the run's day plus the campaign's configured report_days.
        Step(
            "campaign_report",
            "开展检查并报送检查情况",
            BUREAU,
            ic.CampaignReportForm,
            "inspection_campaign.report",
            Start.DUE_DAY,
        ),
    ),
    actions=CLOCK_ACTIONS,
    clocks=CAMPAIGN_RULES,
    statuses=ic.STATUS_LABELS,
)
