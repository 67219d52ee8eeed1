"""Reads the provincial process configuration file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from domain.process_config import ProcessConfig, parse_process_config


def load_process_config(path: Path) -> ProcessConfig:
    if not path.exists():
        return ProcessConfig()
    with path.open("rb") as fh:
        return parse_process_config(tomllib.load(fh))
