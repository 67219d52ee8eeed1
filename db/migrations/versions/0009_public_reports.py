"""public reports (举报) and the public form's flood record

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tracking_hash", sa.String(length=64), nullable=False),
        sa.Column("handling_org_id", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("reporter_name", sa.String(length=50), nullable=False),
        sa.Column("reporter_phone", sa.String(length=20), nullable=False),
        sa.Column("received_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["handling_org_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
        sa.UniqueConstraint("tracking_hash"),
    )
    with op.batch_alter_table("public_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_reports_handling_org_id"), ["handling_org_id"], unique=False)
    op.create_table(
        "public_form_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("public_form_submissions", schema=None) as batch_op:
        batch_op.create_index("ix_public_form_submissions_client_at", ["client_hash", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_public_form_submissions_at"), ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("public_form_submissions")
    op.drop_table("public_reports")
