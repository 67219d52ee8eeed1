"""task actions of the inbox: task_copies (抄送) and task_stand_ins (代理) (issue 19)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

- task_copies: a read-only notice of a case to a user or a unit, with the reason and who sent it.
- task_stand_ins: a stand-in's period for a colleague on leave.
Both are read-side state (docs/decisions/0007-stand-ins-and-copies-in-the-database.md); the
workflows do not change. Downgrade drops both tables; the timeline keeps the lines they wrote.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_copies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("task_id", sa.String(120), nullable=True),
        sa.Column("step_title", sa.String(200), nullable=False),
        sa.Column("from_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("from_name", sa.String(100), nullable=False),
        sa.Column("to_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("to_org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("to_name", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_task_copies_case_id", "task_copies", ["case_id"])
    op.create_index("ix_task_copies_user", "task_copies", ["to_user_id", "created_at"])
    op.create_index("ix_task_copies_org", "task_copies", ["to_org_id", "created_at"])
    op.create_table(
        "task_stand_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("stand_in_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_task_stand_ins_user_id", "task_stand_ins", ["user_id"])
    op.create_index("ix_task_stand_ins_stand_in", "task_stand_ins", ["stand_in_user_id", "ends_on"])


def downgrade() -> None:
    op.drop_table("task_stand_ins")
    op.drop_table("task_copies")
