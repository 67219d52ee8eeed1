"""Payloads of the enforcement-file review (执法案卷评查)."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.enforcement_review import PoolFile
from workflows.contracts import CaseStart


@dataclass
class EnforcementReviewInput:
    start: CaseStart
    year: int
    reviewing_org_id: int
    reviewer_role: str  # the role of the reviewing office's staff who score the files
    seed: int  # from the API: the draw is reproducible from it and the pool
    pool: list[PoolFile]  # the closed files of the bureaus below, drawn from
    sample_share: float = 0.4  # 曲靖 (七)
    pass_mark: int = 75


@dataclass
class EnforcementReviewResult:
    status: str


@dataclass
class FactsRequest:
    case_ids: list[int]


@dataclass
class FileFacts:
    case_id: int
    deadlines: int = 0
    deadlines_missed: int = 0
    documents_issued: int = 0
    documents_unserved: int = 0
    decisions: int = 0
    decisions_wrong_role: int = 0


@dataclass
class FactsResult:
    files: list[FileFacts] = field(default_factory=list)
