"""row ledger: tamper evidence for access grants, cases, tasks, reports, attachments and the
registry (issue 16, audit F12); back-fills one entry per existing row

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 11:10:00

Every protected row (domain/row_integrity.py: PROTECTED) gets one ledger entry with its current
field-class digests, chained per scope (the case, or the registry), so that `services.chain_verify`
passes on an upgraded database and names any row changed after the upgrade. The back-fill vouches
for the rows as they are at upgrade time: run the verifier of the old version first.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types
from db.row_ledger import entries_for_rows, heads_table, ledger_row, ledger_table, typed_table
from domain.row_integrity import PROTECTED, Row, TableSpec

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "row_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("digests", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "seq", name="uq_row_ledger_scope_seq"),
    )
    op.create_index("ix_row_ledger_row", "row_ledger", ["table_name", "row_key", "id"])
    op.create_table(
        "row_ledger_heads",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )
    _backfill(op.get_bind())


def _backfill(bind: sa.Connection) -> None:
    """One entry per existing row: cases first in each scope, then the tables in PROTECTED's order."""
    rows: list[tuple[TableSpec, Row]] = []
    for spec in PROTECTED.values():
        table = typed_table(spec)
        order = [table.c[c] for c in spec.key]
        rows.extend((spec, row) for row in bind.execute(sa.select(table).order_by(*order)).mappings())
    entries, heads = entries_for_rows(rows, dt.datetime.now(dt.UTC))
    for start in range(0, len(entries), 5000):
        bind.execute(sa.insert(ledger_table()), [ledger_row(e) for e in entries[start : start + 5000]])
    if heads:
        bind.execute(sa.insert(heads_table()), [{"scope": s, "seq": seq, "hash": h} for s, (seq, h) in heads.items()])


def downgrade() -> None:
    op.drop_table("row_ledger_heads")
    op.drop_index("ix_row_ledger_row", table_name="row_ledger")
    op.drop_table("row_ledger")
