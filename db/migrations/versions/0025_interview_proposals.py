"""interview proposals: a 约谈 proposed by a trigger rule, confirmed or dismissed by the office (issue 21)

Revision ID: 0025
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(160), nullable=False, unique=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("office_org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("party_kind", sa.String(16), nullable=False),
        sa.Column("jurisdiction_code", sa.String(6), sa.ForeignKey("jurisdictions.code"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=True),
        sa.Column("party_name", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("source_case_nos", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("dismiss_reason", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
    )
    op.create_index("ix_interview_proposals_office_status", "interview_proposals", ["office_org_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_interview_proposals_office_status", table_name="interview_proposals")
    op.drop_table("interview_proposals")
