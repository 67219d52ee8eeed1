"""The pages, one module per area; `router` is what the app includes."""

from fastapi import APIRouter

from web.console import (
    accident_pages,
    admin_pages,
    archive_pages,
    attachment_pages,
    auth_pages,
    blacklist_pages,
    case_pages,
    directory_pages,
    document_pages,
    enterprise_pages,
    message_pages,
    public_pages,
    public_report_pages,
    rectification_pages,
    review_pages,
    statistics_pages,
    supervision_pages,
    task_action_pages,
    task_pages,
    tool_pages,
    transfer_pages,
    user_admin_pages,
)

router = APIRouter(include_in_schema=False)
for module in (
    auth_pages,
    task_action_pages,  # before task_pages: its /tasks/{id}/copy is not a claim
    task_pages,
    case_pages,
    accident_pages,
    document_pages,
    transfer_pages,
    blacklist_pages,
    rectification_pages,
    supervision_pages,
    tool_pages,
    attachment_pages,
    enterprise_pages,
    message_pages,
    public_pages,
    public_report_pages,
    admin_pages,
    user_admin_pages,
    directory_pages,
    statistics_pages,
    review_pages,
    archive_pages,
):
    router.include_router(module.router)
