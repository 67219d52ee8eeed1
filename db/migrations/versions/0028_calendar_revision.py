"""calendar_revision: the token of the calendar's current revision, the key of the cached calendar (issue 22)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "calendar_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("revision", sa.String(32), nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "revision": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("calendar_revision")
