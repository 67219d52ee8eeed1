"""Apply the Alembic migrations to a database."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from settings import ROOT


def upgrade(database_url: str) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
