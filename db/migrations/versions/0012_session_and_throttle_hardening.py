"""session and throttle hardening (security probe, issue 16): idle timeout and flash messages on
web_sessions; the user name on login_failures (per-(account, address) delays); a keyed hash of
the description on public_form_submissions (repeated reports counted across clients);
case_read_audit, the log of the archive reader's reads

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_read_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_read_audit", schema=None) as batch_op:
        batch_op.create_index("ix_case_read_audit_user_at", ["user_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_read_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_read_audit_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("flash", sa.String(length=500), nullable=True))
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_login_failures_username_address", ["username", "address"], unique=False)
    with op.batch_alter_table("public_form_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_public_form_submissions_description_hash"), ["description_hash"], unique=False
        )


def downgrade() -> None:
    op.drop_table("case_read_audit")
    with op.batch_alter_table("public_form_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_form_submissions_description_hash"))
        batch_op.drop_column("description_hash")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_username_address")
        batch_op.drop_column("username")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_column("flash")
        batch_op.drop_column("last_seen_at")
