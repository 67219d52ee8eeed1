"""Activity names, shared by workflows (which call them) and the worker (which registers them)."""

APPLY_CASE_CHANGES = "apply_case_changes"
FIND_CASES_TO_REPROJECT = "find_cases_to_reproject"
WRITE_BLACKLIST_ENTRY = "write_blacklist_entry"
ISSUE_DOCUMENT = "issue_document"
COMPUTE_LAWFUL_DAY = "compute_lawful_day"
RECORD_DOCUMENT_SERVICE = "record_document_service"
ROUTE_PUBLIC_REPORT = "route_public_report"
COUNT_ENTERPRISE_PENALTIES = "count_enterprise_penalties"
LEDGER_FACTS = "enforcement_review_ledger_facts"

# The type of the non-retryable failure of `apply_case_changes` for a change no retry can write
# (a date out of range, audit F6): the workflow fails with it instead of retrying its task forever.
UNPROJECTABLE = "UnprojectableCaseChange"
INSPECTION_RECORD_DONE = "inspection_record_done"
OPEN_CAMPAIGN_CASES = "open_campaign_cases"
