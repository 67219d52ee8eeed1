"""the enterprises' monthly self-inspection declarations: self_declarations (issue 20 item 5, U10)

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "self_declarations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_path", sa.String(100), nullable=False),
        sa.Column("no_hazards", sa.Boolean(), nullable=False),
        sa.Column("hazards", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("filed_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("filed_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("enterprise_id", "month", "revision", name="uq_self_declarations_month"),
    )
    op.create_index("ix_self_declarations_enterprise_id", "self_declarations", ["enterprise_id"])
    op.create_index("ix_self_declarations_month_path", "self_declarations", ["month", "jurisdiction_path"])


def downgrade() -> None:
    op.drop_index("ix_self_declarations_month_path", table_name="self_declarations")
    op.drop_index("ix_self_declarations_enterprise_id", table_name="self_declarations")
    op.drop_table("self_declarations")
