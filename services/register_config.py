"""The configured lists of the enterprise register (config/register.toml), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from domain.enterprise_register import DEFAULT_SECTORS
from settings import ROOT

CONFIG_FILE = ROOT / "config" / "register.toml"


@lru_cache(maxsize=1)
def sectors() -> tuple[str, ...]:
    """行业领域 a handler chooses from: the file's list, else the default."""
    if not CONFIG_FILE.exists():
        return DEFAULT_SECTORS
    raw = tomllib.loads(CONFIG_FILE.read_text(encoding="utf-8")).get("sectors")
    if not isinstance(raw, list) or not raw or not all(isinstance(s, str) and s.strip() for s in raw):
        raise ValueError(f"{CONFIG_FILE}: sectors must be a non-empty list of names")
    return tuple(s.strip() for s in raw)
