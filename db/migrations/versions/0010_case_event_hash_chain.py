"""case event hash chain (seq, prev_hash, hash on case_events; case_chain_heads; back-fill);
login_failures for per-address login throttling

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types
from domain.event_chain import GENESIS_HASH, ChainEntry, entry_hash

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_events = sa.table(
    "case_events",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("event_key", sa.String),
    sa.column("at", db.types.UTCDateTime(timezone=True)),
    sa.column("actor_user_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("kind", sa.String),
    sa.column("summary", sa.Text),
    sa.column("reason", sa.Text),
    sa.column("data", sa.JSON),
    sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
_heads = sa.table(
    "case_chain_heads", sa.column("case_id", sa.Integer), sa.column("seq", sa.Integer), sa.column("hash", sa.String)
)


def upgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_table(
        "case_chain_heads",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )
    _backfill(op.get_bind())
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_address"), ["address"], unique=False)
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_case_events_case_seq", ["case_id", "seq"])


def _backfill(bind: sa.Connection) -> None:
    """Chain the existing events of each case in the order they were written (their id)."""
    rows = bind.execute(sa.select(_events).order_by(_events.c.case_id, _events.c.id)).mappings().all()
    current_case, seq, prev = None, 0, GENESIS_HASH
    heads: dict[int, tuple[int, str]] = {}
    for row in rows:
        if row["case_id"] != current_case:
            current_case, seq, prev = row["case_id"], 0, GENESIS_HASH
        seq += 1
        entry = ChainEntry(
            case_id=row["case_id"],
            seq=seq,
            event_key=row["event_key"],
            at=row["at"],
            actor_user_id=row["actor_user_id"],
            actor_name=row["actor_name"],
            kind=row["kind"],
            summary=row["summary"],
            reason=row["reason"] or "",
            data=row["data"] or {},
            prev_hash=prev,
        )
        prev = entry_hash(entry)
        bind.execute(
            _events.update()
            .where(_events.c.id == row["id"])
            .values(seq=seq, prev_hash=entry.prev_hash, hash=prev, reason=entry.reason)
        )
        heads[row["case_id"]] = (seq, prev)
    if heads:
        bind.execute(_heads.insert(), [{"case_id": c, "seq": s, "hash": h} for c, (s, h) in heads.items()])


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("case_chain_heads")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_case_events_case_seq", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
