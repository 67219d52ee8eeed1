"""How long each process's dossiers are kept (保管期限).

The defaults follow 《机关文件材料归档范围和文书档案保管期限规定》 (国家档案局令第8号), whose terms
are permanent (永久), 30 years and 10 years, read for enforcement files: a major-accident
investigation is kept permanently; listed supervision, crime transfer, the dishonesty list and a
contested rectification (a penalty case file) 30 years; a public report 10 years. None of these
is confirmed by the provincial archive rules yet: each is configurable in `config/archive.toml`
(`ARCHIVE_CONFIG_FILE`), in whole years, 0 meaning permanent.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PERMANENT = 0

# process -> years (0: permanent). UNCONFIRMED: the provincial archive office's rules decide.
DEFAULT_RETENTION_YEARS: dict[str, int] = {
    "hazard": 30,
    "accident": PERMANENT,
    "crime_transfer": 30,
    "blacklist": 30,
    "rectification": 30,
    "public_report": 10,
}
FALLBACK_YEARS = 30  # a process not named above


@dataclass(frozen=True)
class RetentionRules:
    years: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_RETENTION_YEARS))

    def years_for(self, process: str) -> int:
        return self.years.get(process, FALLBACK_YEARS)

    def retain_until(self, process: str, closed_on: dt.date) -> dt.date | None:
        """The last day the dossier must be kept, counted from the year after closing
        (档案保管期限从文件形成的次年1月1日起算); None when permanent."""
        years = self.years_for(process)
        if years == PERMANENT:
            return None
        return dt.date(closed_on.year + years, 12, 31)


def load_retention(path: Path | None) -> RetentionRules:
    """The defaults, overridden by `[retention] <process> = <years>` in `path` when it exists."""
    years = dict(DEFAULT_RETENTION_YEARS)
    if path is not None and path.exists():
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("retention", {})
        for process, value in table.items():
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"retention of {process!r} must be a whole number of years (0 = permanent)")
            years[process] = value
    return RetentionRules(years)
