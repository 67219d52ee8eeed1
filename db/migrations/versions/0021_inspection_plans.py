"""the annual enforcement plan: inspection_plans, plan_executions (issue 20)

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspection_plans",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("org_id", "year", name="uq_inspection_plans_org_year"),
    )
    op.create_table(
        "plan_executions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("inspection_case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("plan_case_id", "inspection_case_id", name="uq_plan_executions_inspection"),
    )
    op.create_index("ix_plan_executions_plan_case_id", "plan_executions", ["plan_case_id"])


def downgrade() -> None:
    op.drop_table("plan_executions")
    op.drop_table("inspection_plans")
