"""Recurring inspection campaigns (曲靖 (十一)): the Schedule's launch and each bureau's case."""

from domain.definitions.inspection_campaign import INSPECTION_CAMPAIGN
from workflows.inspection_campaign.workflow import CampaignLaunchWorkflow, InspectionCampaignWorkflow

PROCESS = INSPECTION_CAMPAIGN.code

__all__ = ["PROCESS", "CampaignLaunchWorkflow", "InspectionCampaignWorkflow"]
