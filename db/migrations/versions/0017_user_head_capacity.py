"""users.head_capacity: whether a head may approve a crime transfer (issue 18, audit T2)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

国务院令第310号 art 5: the transfer is approved by the agency's principal head (正职负责人) or the
head in charge of its work (主持工作的负责人), not by a deputy. A `head` account is the bureau's head
unless the administrator marks it: principal, acting or deputy ("" = the head, as every head
account was before this revision). A plain ADD COLUMN: a batch rebuild of `users` on SQLite would
drop a table every case row refers to.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("head_capacity", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("head_capacity")
