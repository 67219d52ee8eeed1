"""blacklist entries (安全生产严重失信主体名单)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blacklist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=40), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_name", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("deciding_org_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=6), nullable=False),
        sa.Column("rules", sa.String(length=8), nullable=False),
        sa.Column("condition_code", sa.String(length=40), nullable=False),
        sa.Column("condition_title", sa.String(length=200), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decision_no", sa.String(length=80), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("exit_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["deciding_org_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdictions.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    with op.batch_alter_table("blacklist_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blacklist_entries_credit_code"), ["credit_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_blacklist_entries_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index("ix_blacklist_entries_public_name", ["public", "enterprise_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("blacklist_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_blacklist_entries_public_name")
        batch_op.drop_index(batch_op.f("ix_blacklist_entries_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_blacklist_entries_credit_code"))
    op.drop_table("blacklist_entries")
