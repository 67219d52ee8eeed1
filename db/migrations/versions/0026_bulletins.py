"""bulletins and joint supervision: bulletins, joint_supervisions (issue 21)

Revision ID: 0026
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("drafter_org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("recipient_org_ids", sa.JSON(), nullable=False),
        sa.Column("enterprise_ids", sa.JSON(), nullable=False),
        sa.Column("rectification", sa.Text(), nullable=False),
        sa.Column("rectification_due", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bulletins_drafter_org_id", "bulletins", ["drafter_org_id"])
    op.create_table(
        "joint_supervisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.UniqueConstraint("case_id", "org_id", name="uq_joint_supervisions_case_org"),
    )
    op.create_index("ix_joint_supervisions_case_id", "joint_supervisions", ["case_id"])
    op.create_index("ix_joint_supervisions_org_id", "joint_supervisions", ["org_id"])


def downgrade() -> None:
    op.drop_table("joint_supervisions")
    op.drop_table("bulletins")
