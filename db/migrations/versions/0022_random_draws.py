"""the inspector roster, inspection matters and double-random draws (issue 20, item 2)

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspectors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("certificate_no", sa.String(40), nullable=False, unique=True),
        sa.Column("issuing_authority", sa.String(100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_table(
        "inspector_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inspector_id", sa.Integer(), sa.ForeignKey("inspectors.id"), nullable=False, index=True),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False, index=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("inspector_id", "enterprise_id"),
    )
    op.create_table(
        "inspection_matters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("share_percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("draw_count", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "random_draws",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True, unique=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("inspection_matters.id"), nullable=False, index=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("drawn_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("drawn_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("selections", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("random_draws")
    op.drop_table("inspection_matters")
    op.drop_table("inspector_conflicts")
    op.drop_table("inspectors")
