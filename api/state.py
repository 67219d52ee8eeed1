"""What the app holds for its lifetime: settings, DB sessions, Temporal client, configuration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from domain.process_config import ProcessConfig
from settings import Settings


@dataclass
class AppState:
    settings: Settings
    sessions: sessionmaker[Session]
    temporal: Client
    config: ProcessConfig
