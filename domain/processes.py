"""The processes' Chinese names and status labels by code, read from the registry."""

from domain.registry import PROCESSES

PROCESS_LABELS = {code: definition.name for code, definition in PROCESSES.items()}

STATUS_LABELS_BY_PROCESS = {code: dict(definition.statuses) for code, definition in PROCESSES.items()}

# Statuses of every process: the case row before its workflow's first write, and a start that failed.
COMMON_STATUS_LABELS = {"starting": "启动中", "start_failed": "启动失败"}

LEVEL_LABELS = {"county": "县级", "city": "市级", "province": "省级"}


def status_label(process: str, status: str) -> str:
    return STATUS_LABELS_BY_PROCESS.get(process, {}).get(status) or COMMON_STATUS_LABELS.get(status, status)
