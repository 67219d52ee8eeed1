"""the register of inspection objects and entrusted enforcement: enterprise sector, risk grade,
key-object flag and status; key_object_changes, entrustments, case_entrustments (issue 20)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("enterprises", sa.Column("sector", sa.String(32), nullable=False, server_default=""))
    op.add_column("enterprises", sa.Column("risk_grade", sa.String(8), nullable=False, server_default=""))
    op.add_column("enterprises", sa.Column("is_key_object", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("enterprises", sa.Column("key_object_reason", sa.String(300), nullable=False, server_default=""))
    op.add_column("enterprises", sa.Column("key_object_since", sa.Date(), nullable=True))
    op.add_column("enterprises", sa.Column("status", sa.String(8), nullable=False, server_default="在营"))
    op.create_table(
        "key_object_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False, index=True),
        sa.Column("is_key_object", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("changed_by_name", sa.String(100), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entrustments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entruster_org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("entrusted_org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=True, index=True),
        sa.Column("entrusted_name", sa.String(200), nullable=False),
        sa.Column("matters", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("document_no", sa.String(80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "case_entrustments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False, unique=True),
        sa.Column("entrustment_id", sa.Integer(), sa.ForeignKey("entrustments.id"), nullable=False, index=True),
        sa.Column("matter", sa.String(32), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("recorded_at", UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_entrustments")
    op.drop_table("entrustments")
    op.drop_table("key_object_changes")
    for column in ("status", "key_object_since", "key_object_reason", "is_key_object", "risk_grade", "sector"):
        op.drop_column("enterprises", column)
