"""the message centre: notifications, notification_preferences, user_contacts, notification_cursors (issue 19)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01

The cursors start at the newest event, so that an installation upgraded with open cases does not
send every user a notice for each task opened in the past.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_key", sa.String(160), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("task_id", sa.String(120), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("email_state", sa.String(12), nullable=False),
        sa.Column("sms_state", sa.String(12), nullable=False),
        sa.Column("delivery_error", sa.Text(), nullable=False),
        sa.UniqueConstraint("user_id", "source_key", name="uq_notifications_user_source"),
    )
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at", "id"])
    op.create_index("ix_notifications_email", "notifications", ["email_state", "id"])
    op.create_index("ix_notifications_sms", "notifications", ["sms_state", "id"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("sms", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "user_contacts",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("mobile", sa.String(20), nullable=False),
    )
    cursors = op.create_table(
        "notification_cursors",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("held_by", sa.String(80), nullable=False),
        sa.Column("held_until", UTCDateTime(timezone=True), nullable=True),
    )
    bind = op.get_bind()
    newest_event = bind.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM case_events")).scalar_one()
    newest_clock = bind.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM deadline_events")).scalar_one()
    op.bulk_insert(
        cursors,
        [
            {"name": "case_events", "last_id": newest_event, "held_by": "", "held_until": None},
            {"name": "deadline_events", "last_id": newest_clock, "held_by": "", "held_until": None},
        ],
    )


def downgrade() -> None:
    op.drop_table("notification_cursors")
    op.drop_table("user_contacts")
    op.drop_table("notification_preferences")
    op.drop_index("ix_notifications_sms", table_name="notifications")
    op.drop_index("ix_notifications_email", table_name="notifications")
    op.drop_index("ix_notifications_user_unread", table_name="notifications")
    op.drop_table("notifications")
