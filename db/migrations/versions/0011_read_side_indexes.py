"""read-side indexes for the overdue view at a province's scale (issue 10)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23

- ix_tasks_overdue_due: the overdue open tasks, longest overdue first, without reading the
  other 95 % of open tasks (the overdue view's rows and its grouped figures).
- ix_cases_open_scope: open and overdue cases per jurisdiction subtree and process from the
  index alone; on PostgreSQL with varchar_pattern_ops so `jurisdiction_path LIKE '530000/%'`
  is a range scan whatever the database's collation.
- ix_tasks_step_open: "cases with an open task at step X" (the overdue view's step filter).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tasks_overdue_due", "tasks", ["overdue", "status", "due_at"])
    op.create_index(
        "ix_cases_open_scope",
        "cases",
        ["closed", "jurisdiction_path", "process", "overdue"],
        postgresql_ops={"jurisdiction_path": "varchar_pattern_ops"},
    )
    op.create_index("ix_tasks_step_open", "tasks", ["step", "status", "case_id"])


def downgrade() -> None:
    op.drop_index("ix_tasks_step_open", table_name="tasks")
    op.drop_index("ix_cases_open_scope", table_name="cases")
    op.drop_index("ix_tasks_overdue_due", table_name="tasks")
