"""document services (送达)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("proof", sa.Text(), nullable=False),
        sa.Column("proof_attachment_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["recorded_by_user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id"),
    )
    with op.batch_alter_table("document_services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_services_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_services_case_id"))
    op.drop_table("document_services")
