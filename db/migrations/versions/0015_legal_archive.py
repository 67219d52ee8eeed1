"""the legal archive of closed cases: archive_jobs, case_archives, archive_reads (issue 23)

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01

- archive_jobs: a closed case waiting for its dossier (queued by the projection activity); every
  case already closed is queued here.
- case_archives: the dossier kept per case (file, checksum, manifest, retention).
- archive_reads: every read of a dossier, by whom and when.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "archive_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("enqueued_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
    )
    op.create_index("ix_archive_jobs_status", "archive_jobs", ["status", "id"])
    op.create_table(
        "case_archives",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False, unique=True),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("assembled_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=True),
    )
    op.create_table(
        "archive_reads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_archive_reads_case", "archive_reads", ["case_id", "at"])
    op.create_index("ix_archive_reads_user_id", "archive_reads", ["user_id"])
    # The cases closed before this release are queued too: their dossiers are assembled like any
    # other (without the workflow history where Temporal's retention has already removed it).
    op.execute(
        "INSERT INTO archive_jobs (case_id, status, enqueued_at, attempts, last_error) "
        "SELECT id, 'pending', updated_at, 0, '' FROM cases WHERE closed"
    )


def downgrade() -> None:
    op.drop_table("archive_reads")
    op.drop_table("case_archives")
    op.drop_table("archive_jobs")
