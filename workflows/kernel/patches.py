"""Every patch id of the case workflows, in one place, with its stage (docs/versioning.md).

All are at stage 1 (`workflow.patched`): histories recorded before each change still run on the
old branch. Removing one needs those histories to be gone from production and from tests/replay.
"""

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
# The party's statement period after the penalty notice runs from the day the notice's service
# takes effect (公告送达: announcement + 30 days), not from the day typed in the form (rectification).
STATEMENT_FROM_DEEMED_SERVICE_PATCH = "statement-from-deemed-service"
