"""the on-site inspection's row: inspections (issue 20 item 3)

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("plan_case_id", sa.Integer(), nullable=True),
        sa.Column("draw_id", sa.Integer(), nullable=True),
        sa.Column("inspector_ids", sa.JSON(), nullable=False),
        sa.Column("lead_department", sa.String(100), nullable=False),
        sa.Column("participant_departments", sa.JSON(), nullable=False),
    )
    op.create_index("ix_inspections_mode", "inspections", ["mode"])
    op.create_index("ix_inspections_plan_case_id", "inspections", ["plan_case_id"])
    op.create_index("ix_inspections_draw_id", "inspections", ["draw_id"])


def downgrade() -> None:
    op.drop_table("inspections")
