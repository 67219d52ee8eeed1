"""Every patch id of the case workflows, in one place, with its stage (docs/versioning.md).

All are at stage 1 (`workflow.patched`): histories recorded before each change still run on the
old branch. Removing one needs those histories to be gone from production and from tests/replay.

Workflow code asks `in_force(PATCH)`, never `workflow.patched(PATCH)` directly: a case started
after the bundle below was deployed takes every bundled patch at once, from one marker, instead
of one marker and one TemporalChangeVersion upsert per patch (issue 22, docs/versioning.md).
"""

from __future__ import annotations

from temporalio import workflow

# One search-attribute upsert per projection batch: the status is published with the clock's
# CaseDueTime/CaseOverdue after the batch is written, instead of an upsert of its own.
BATCHED_UPSERTS_PATCH = "batched-upserts"
# An escalation is one projection write: the escalated event and ledger entry are queued with
# the supervision task they open, instead of in a second batch after it.
ESCALATION_ONE_WRITE_PATCH = "escalation-one-write"
# Every reminder of a rule's series, instead of one reminder per task.
REMINDER_SERIES_PATCH = "reminder-series"
# Documents served in a step's form get a service record; 公告送达 counts from the end of the
# announcement period (rectification, blacklist).
SERVICE_RECORDS_PATCH = "document-service-records"
# The hearing notice and the court enforcement application are issued as documents (rectification).
NEW_DOCUMENTS_PATCH = "hearing-and-court-documents"
# The listing office issues the supervision notice with the system's number (hazard).
SUPERVISION_NOTICE_PATCH = "issued-supervision-notice"
# The bureau issues a public notice when it publishes the investigation report (accident).
PUBLICATION_NOTICE_PATCH = "report-publication-notice"
# A blacklist management period ends after the whole of its last day (民法典 arts 202-203: the
# corresponding day is the last day, ending at 24:00), not at the start of it (B12).
WHOLE_LAST_DAY_PATCH = "blacklist-whole-last-day"
# The party's statement period after the penalty notice runs from the day the notice's service
# takes effect (公告送达: announcement + 30 days), not from the day typed in the form (rectification).
STATEMENT_FROM_DEEMED_SERVICE_PATCH = "statement-from-deemed-service"
# 法制审核 (行政处罚法 art 58) after a hearing or in a major case, and 集体讨论 (art 57(2)) of a
# major case, before the penalty decision (rectification).
DECISION_REVIEWS_PATCH = "legal-review-and-collective-discussion"
# The agency's own enforcement waits until the surcharge has run over 30 days (行政强制法 art 46)
# and starts with a written, served 强制执行决定书 (art 37) (rectification).
OWN_ENFORCEMENT_DECISION_PATCH = "own-enforcement-decision"
# After a lost suit the judgment is executed (法释〔2018〕1号 arts 152–153, 2 years) instead of the
# 3-month non-litigation application; 上诉 keeps the first-instance judgment from taking effect.
JUDGMENT_EXECUTION_PATCH = "judgment-execution"
# Hazard supervision under the December 2026 audit (issue 18), decided once when a case starts:
# publication (5 WD) and filing with the upper office (3 WD) as two steps, the plan clock from the
# notice's service, acceptance from the deadline or the re-inspection request, resumption review,
# calendar-quarter reports, fines and the art 113 closure prompt, licence suspension (hazard).
HAZARD_LAW_PATCH = "hazard-law-2026"
# Crime transfer, legal fidelity (issue 18, audit §3.5): the written filing notice (T25), materials
# completed on the police's request (T27), administrative handling after non-filing (T11), the
# government's order after an overdue transfer (T4), the procuratorate's review of a refusal and
# its opinion (T16), the 7-日 explanation of an overdue filing decision and the correction opinion
# (T19), the prosecution result with its 检察意见 and the 2-month reply (T33, T34).
CRIME_TRANSFER_FIDELITY_PATCH = "crime-transfer-fidelity"
# 安全生产法 art 73(1): when a verified report needs rectification measures, the bureau's head
# signs them before the reply (public report, P1).
REPORT_HEAD_SIGNATURE_PATCH = "report-head-signature"
# Accident reporting (条例 arts 9–11, 21): 迟报 recorded, upward reports as 2-hour tasks level by
# level, the home government's participation, the provincial initial report (accident, A3–A5, A13, A14).
ACCIDENT_REPORTING_PATCH = "accident-reporting"
# A grade rise from changed casualties goes to the higher government to decide on a new team
# (条例 art 20 para 2), instead of moving the investigation by itself (accident, A11).
REGRADE_DECISION_PATCH = "accident-regrade-decision"
# The team's referrals become tasks: suspected crimes to a crime-transfer case, official-crime
# clues to 监察/检察, a death accident's non-liability conclusion copied (accident, A16–A18).
ACCIDENT_REFERRALS_PATCH = "accident-referrals"
# Contested rectification, legal audit 2026-12 §3.7 (helper law-rect):
# The statement period of a penalty carrying a hearing right is the statutory 5 working days to ask
# for a hearing (行政处罚法 art 64(1)); the 7 working days before a hearing run from the notice's
# service on the party (art 64(2)), not from the handler's step (R8, R10).
HEARING_REQUEST_PATCH = "hearing-request-and-notice-service"
# A decision announced to an absent party is delivered within 7 working days (行政处罚法 art 61); the
# challenge windows of a decision that did not inform are the 1-year fallbacks (复议法 art 20(3),
# 法释〔2018〕1号 art 64); reconsideration-first decisions (复议法 art 23) wait for it (R12, R21, R25).
DECISION_DELIVERY_PATCH = "decision-delivery-and-challenge-windows"
# A pending reconsideration: 15 days to sue from the end of the body's 60 days (行政诉讼法 art 45) (R27).
RECONSIDERATION_EXPIRY_PATCH = "reconsideration-expiry-window"
# The court's refusal reviewed by the court above (行政强制法 art 56(2)), the art 58 review of a
# clearly unlawful decision (30 days, 5-day service, 15/30 days), art 59 emergency execution (R39, R41, R42).
COURT_STAGES_PATCH = "court-refusal-unlawful-emergency"
# Stopping power supply without the 24 hours' notice in an emergency (安全生产法 art 70(2)) (R45).
POWER_CUT_EMERGENCY_PATCH = "power-cut-emergency"
# 停产停业 with its period, the resumption review (安全生产法 art 65(3)) and the disclosure of the
# order, suspension and power-cut decisions within 20 working days (国办发〔2015〕20号 (十五)) (R1, R3, R6, R19).
SUSPENSION_CLOCK_PATCH = "suspension-resumption-and-disclosure"
# 转办/委派/加签/撤回 on a human task (workflows/kernel/task_actions.py): the `task_action` Update's
# handler; a case that never took one records no marker and replays unchanged (issue 19).
TASK_ACTIONS_PATCH = "task-actions"
# Accident investigation (国办发〔2015〕20号 (六), 安全生产法 art 86(3), 条例 arts 29-32): every
# configured grade is listed and reviewed one level up, a returned report keeps the art 29
# period, the reply's clock runs from the report's receipt, the reply is delivered and filed
# above, and the measures are evaluated within a year of the reply, published and filed.
ACCIDENT_REVIEW_PATCH = "accident-upper-review-and-evaluation"
# 举报奖励 (安全生产法 art 76, 本溪 (十)): after the reply to a verified report, the head's reward
# decision within the configured bands, the notice by the tracking code, and the payment (public report, P2).
REPORT_REWARDS_PATCH = "report-rewards"
# 执法案卷评查: a file whose enforcement body or legal basis fails is a failed file whatever its
# score (行政处罚法 art 38), and its bureau rectifies it (QA of issue 21).
REVIEW_LEGALITY_PATCH = "review-legality-fails-file"
# A step opened already past its due day (a plan drafted after 31 January, a case taken over from
# paper) gives the supervising office its period from the opening, not from a breach that came
# before the step existed: no cascade of rungs born overdue (QA of issue 20).
LATE_OPENED_PATCH = "late-opened-step-supervision"
# One durable timer per case for the earliest pending checkpoint of its tasks (reminders, due
# moments, the party's periods: workflows/kernel/case_clock.py) instead of a timer per waiting task
# that a completed step cancels (issue 22). Decided at the first task a case keeps.
ONE_CLOCK_PATCH = "one-clock"


# ---- the bundle ------------------------------------------------------------------------------
# Every patch above, taken as one by a case that starts after this bundle was deployed: its history
# has the bundle's marker (first command of the first patched decision) and none of the others'.
# A case started before has no bundle marker at that point, so its replay finds `patched(BUNDLE)`
# false and asks each patch as before, marker by marker: nothing changes for running cases. For a
# new case the answer is the same as asking each patch (a case that is not replaying takes every
# patch), so only the history is shorter: a new hazard case had 5 patch markers and 5 upserts of
# TemporalChangeVersion (10 of its ~80 events, each upsert a visibility write on the server).
# A patch added after the bundle is not in it and is asked on its own, as before; a later bundle
# takes the patches added since (and this one's id), never removes one.
PATCH_BUNDLE = "patch-bundle-2026-12"
BUNDLED: frozenset[str] = frozenset(
    (
        BATCHED_UPSERTS_PATCH,
        ESCALATION_ONE_WRITE_PATCH,
        REMINDER_SERIES_PATCH,
        SERVICE_RECORDS_PATCH,
        NEW_DOCUMENTS_PATCH,
        SUPERVISION_NOTICE_PATCH,
        PUBLICATION_NOTICE_PATCH,
        WHOLE_LAST_DAY_PATCH,
        STATEMENT_FROM_DEEMED_SERVICE_PATCH,
        DECISION_REVIEWS_PATCH,
        OWN_ENFORCEMENT_DECISION_PATCH,
        JUDGMENT_EXECUTION_PATCH,
        HAZARD_LAW_PATCH,
        CRIME_TRANSFER_FIDELITY_PATCH,
        REPORT_HEAD_SIGNATURE_PATCH,
        ACCIDENT_REPORTING_PATCH,
        REGRADE_DECISION_PATCH,
        ACCIDENT_REFERRALS_PATCH,
        HEARING_REQUEST_PATCH,
        DECISION_DELIVERY_PATCH,
        RECONSIDERATION_EXPIRY_PATCH,
        COURT_STAGES_PATCH,
        POWER_CUT_EMERGENCY_PATCH,
        SUSPENSION_CLOCK_PATCH,
        TASK_ACTIONS_PATCH,
        ACCIDENT_REVIEW_PATCH,
        REPORT_REWARDS_PATCH,
        REVIEW_LEGALITY_PATCH,
        LATE_OPENED_PATCH,
        ONE_CLOCK_PATCH,
    )
)
_DECIDED = "_patch_bundle_taken"  # on the workflow instance: whether this case runs under the bundle


def in_force(patch_id: str) -> bool:
    """`workflow.patched(patch_id)`, answered by the bundle in a case started under it.

    The bundle is decided at the case's first patched decision and kept on the workflow instance,
    so a replay decides it at the same point of the same history. Handlers only: never in a
    validator (a validator may not add a command)."""
    instance = workflow.instance()
    bundled = getattr(instance, _DECIDED, None)
    if bundled is None:
        bundled = workflow.patched(PATCH_BUNDLE)
        setattr(instance, _DECIDED, bundled)
    if bundled and patch_id in BUNDLED:
        return True
    return workflow.patched(patch_id)
