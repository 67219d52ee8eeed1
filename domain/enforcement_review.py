"""The annual review of enforcement files (执法案卷评查), its scoring and the public-ruling share.

曲靖 (七): "市安全监管局每年组织对全市 40% 以上的县（市、区）安全生产执法案卷进行评估考核"; 西双版纳 (九):
the prefecture checks and evaluates its counties' enforcement files every year; 国办发〔2015〕20号
(十六): "评估执法效果，防止滥用职权；对同类安全生产执法案件按不低于10%的比例，召集相关企业进行公开裁定".

The sample is drawn per bureau (at least the configured share of each bureau's closed files), so
every county below the reviewing office is reviewed: this meets both readings of 曲靖 (七) (40 %
of the counties, or 40 % of the files). The draw is a pure function of a seed and the pool: the
seed comes from the API, and the same seed and pool always give the same sample.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from domain.errors import InvalidInput
from domain.forms import MAX_ID, LongText, OptionalText, StepForm, choice

PROCESS = "enforcement_review"

# The four headings of the checklist (行政执法案卷评查: 合法性、程序、文书、期限).
CHECK_ITEMS: Mapping[str, str] = {
    "legality": "执法主体和依据合法",
    "procedure": "执法程序合法（决定由有权人员作出）",
    "documents": "执法文书制作和送达规范",
    "deadlines": "办案期限遵守",
}
VERDICTS = {"pass": "符合", "fail": "不符合"}
Verdict = Literal["pass", "fail"]


@dataclass(frozen=True)
class ReviewSettings:
    """`[enforcement_review]` in config/process.toml."""

    # 曲靖 (七): "40% 以上" — the floor of the share drawn; a city may review more.
    sample_share: float = 0.4
    # A file scoring below this (of 100) has failed and its bureau rectifies it [U: local practice].
    pass_mark: int = 75
    # 国办发 (十六): "不低于10%" of similar cases put to a public ruling.
    public_ruling_share: float = 0.1


def parse_review_settings(raw: Mapping[str, Any]) -> ReviewSettings:
    default = ReviewSettings()
    share = float(raw.get("sample_share", default.sample_share))
    if not 0.4 <= share <= 1:
        raise InvalidInput("enforcement_review.sample_share: 曲靖 (七) 要求不低于40%（0.4 至 1）")
    mark = int(raw.get("pass_mark", default.pass_mark))
    ruling = float(raw.get("public_ruling_share", default.public_ruling_share))
    if not 0 <= mark <= 100 or not 0.1 <= ruling <= 1:
        raise InvalidInput("enforcement_review: pass_mark 0–100; public_ruling_share 不低于0.1（国办发 (十六)）")
    return ReviewSettings(share, mark, ruling)


# ---- the sample -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFile:
    """A closed case file of a bureau below the reviewing office."""

    case_id: int
    case_no: str
    bureau_org_id: int
    bureau_name: str


def draw_sample(seed: int, pool: Sequence[PoolFile], share: float) -> list[PoolFile]:
    """At least `share` of each bureau's files (rounded up), drawn with `seed`; ordered by bureau
    and case. The pool's order does not matter: it is sorted before the draw."""
    rng = random.Random(seed)
    by_bureau: dict[int, list[PoolFile]] = {}
    for item in sorted(pool, key=lambda f: (f.bureau_org_id, f.case_id)):
        by_bureau.setdefault(item.bureau_org_id, []).append(item)
    sample: list[PoolFile] = []
    for bureau in sorted(by_bureau):
        files = by_bureau[bureau]
        count = min(len(files), math.ceil(share * len(files) - 1e-9))
        sample.extend(sorted(rng.sample(files, count), key=lambda f: f.case_id))
    return sample


# ---- the checklist, pre-filled from the ledger ----------------------------------------------


@dataclass(frozen=True)
class LedgerFacts:
    """What the system knows of a file: its clocks, documents and who decided."""

    deadlines: int = 0  # clocks armed
    deadlines_missed: int = 0  # clocks breached (deadline ledger)
    documents_issued: int = 0
    documents_unserved: int = 0  # issued documents without a service record
    decisions: int = 0  # steps decided
    decisions_wrong_role: int = 0  # a head's step completed by someone who is not a head


@dataclass(frozen=True)
class PrefilledItem:
    verdict: str  # "pass", "fail" or "" when the ledger cannot tell
    note: str


def prefill(facts: LedgerFacts) -> dict[str, PrefilledItem]:
    """The checklist as the ledger answers it; legality is the reviewer's judgement alone."""
    missed = facts.deadlines_missed
    unserved = facts.documents_unserved
    wrong = facts.decisions_wrong_role
    return {
        "legality": PrefilledItem("", "由评查人员审查执法主体、事实和法律依据"),
        "procedure": PrefilledItem("", "案卷中无决定环节，由评查人员审查")
        if not facts.decisions
        else PrefilledItem(
            "fail" if wrong else "pass",
            f"{facts.decisions}个决定环节，{wrong}个非由有权人员作出"
            if wrong
            else f"{facts.decisions}个决定环节均由有权人员作出",
        ),
        "documents": PrefilledItem("", "案卷中无系统制发的文书，由评查人员审查")
        if not facts.documents_issued
        else PrefilledItem(
            "fail" if unserved else "pass",
            f"制发文书{facts.documents_issued}份，{unserved}份无送达记录"
            if unserved
            else f"制发文书{facts.documents_issued}份，均有送达记录",
        ),
        "deadlines": PrefilledItem(
            "fail" if missed else "pass",
            f"{facts.deadlines}项期限中逾期{missed}项" if missed else f"{facts.deadlines}项期限均未逾期",
        ),
    }


class FileChecklistForm(StepForm):
    """评查表: the reviewer confirms or corrects each pre-filled item."""

    legality: Verdict = choice(VERDICTS, CHECK_ITEMS["legality"])
    procedure: Verdict = choice(VERDICTS, CHECK_ITEMS["procedure"])
    documents: Verdict = choice(VERDICTS, CHECK_ITEMS["documents"])
    deadlines: Verdict = choice(VERDICTS, CHECK_ITEMS["deadlines"])
    opinion: OptionalText = Field("", title="评查意见（有不符合项时必填）")


class RectificationReportForm(StepForm):
    """整改报告: what the bureau changed for each failed item."""

    measures: LongText = Field(title="整改措施及落实情况")


def failed_items(checklist: Mapping[str, Any]) -> list[str]:
    return [item for item in CHECK_ITEMS if checklist.get(item) == "fail"]


def checklist_errors(form: Mapping[str, Any]) -> list[dict[str, str]]:
    """A failed item is reasoned: the opinion says what is wrong, for the bureau to rectify. Checked
    before the workflow is asked (services/step_checks.py), so that running reviews replay as recorded."""
    if any(form.get(item) == "fail" for item in CHECK_ITEMS) and not str(form.get("opinion") or "").strip():
        return [{"field": "opinion", "message": "评查意见：有不符合项时须填写，写明问题所在，供被评查部门整改"}]
    return []


def file_failed(score: int, failed: Sequence[str], pass_mark: int) -> bool:
    """A file below the pass mark fails; so does one whose enforcement body or legal basis is
    unlawful, whatever its other items (行政处罚法 art 38: such a penalty is void)."""
    return score < pass_mark or "legality" in failed


def file_score(checklist: Mapping[str, Any]) -> int:
    """Each of the four headings weighs a quarter of 100."""
    return 100 * (len(CHECK_ITEMS) - len(failed_items(checklist))) // len(CHECK_ITEMS)


# ---- results per bureau ---------------------------------------------------------------------


@dataclass
class BureauScore:
    bureau_org_id: int
    bureau: str
    files_sampled: int = 0
    files_reviewed: int = 0
    average_score: float | None = None
    failed_files: int = 0
    failed_items: dict[str, int] = field(default_factory=dict)  # item → files failing it


def bureau_scores(files: Sequence[Mapping[str, Any]], pass_mark: int) -> list[BureauScore]:
    """Per bureau: files reviewed, the average score and how often each item failed.

    `files` are the review's file rows (`bureau_org_id`, `bureau_name`, and once reviewed
    `score` and `failed`)."""
    rows: dict[int, BureauScore] = {}
    totals: dict[int, int] = {}
    for f in files:
        org = int(f["bureau_org_id"])
        row = rows.setdefault(org, BureauScore(org, str(f["bureau_name"])))
        row.files_sampled += 1
        if f.get("score") is None:
            continue
        row.files_reviewed += 1
        totals[org] = totals.get(org, 0) + int(f["score"])
        if file_failed(int(f["score"]), f.get("failed", []), pass_mark):
            row.failed_files += 1
        for item in f.get("failed", []):
            row.failed_items[item] = row.failed_items.get(item, 0) + 1
    for org, row in rows.items():
        if row.files_reviewed:
            row.average_score = round(totals[org] / row.files_reviewed, 1)
    return sorted(rows.values(), key=lambda r: r.bureau_org_id)


@dataclass(frozen=True)
class RulingShare:
    """国办发 (十六): the share of a bureau's penalty cases of the year put to a public ruling."""

    penalty_cases: int
    public_rulings: int
    minimum: float

    @property
    def share(self) -> float | None:
        return self.public_rulings / self.penalty_cases if self.penalty_cases else None

    @property
    def warning(self) -> str:
        share = self.share
        if share is None or share >= self.minimum:
            return ""
        return (
            f"公开裁定比例{share:.0%}，低于{self.minimum:.0%}（国办发〔2015〕20号（十六））："
            f"处罚案件{self.penalty_cases}件，公开裁定{self.public_rulings}件"
        )


class ReviewOpening(StepForm):
    """POST /api/v1/enforcement-reviews: the year reviewed; the seed may be given to redraw a sample."""

    year: int = Field(title="评查年度", ge=2000, le=2100)
    seed: int | None = Field(None, title="抽样种子", ge=0, le=2**62)


class PublicRulingRecord(StepForm):
    """公开裁定 of a penalty case, recorded by its bureau (国办发 (十六))."""

    case_id: int = Field(title="处罚案件", gt=0, le=MAX_ID)
    ruled_on: str = Field(title="公开裁定日期", pattern=r"^\d{4}-\d{2}-\d{2}$")
    enterprises: OptionalText = Field("", title="召集的相关企业", max_length=500)
    summary: OptionalText = Field("", title="裁定情况", max_length=2000)
