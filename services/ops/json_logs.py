"""Structured logs: one JSON object per line, with the case and workflow of what is running.

`JSON_LOGS=true` switches the web app and the worker to it. Each line carries `ts`, `level`,
`logger`, `message`, the process, `case_id` and `workflow_id` when known (services/ops/tracing.py
finds them) and `trace_id`/`span_id` when a trace is being recorded, so a log line leads to its
trace and its case.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from opentelemetry import trace

from services.ops.tracing import current_case


class JsonFormatter(logging.Formatter):
    def __init__(self, process: str) -> None:
        super().__init__()
        self.process = process

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "process": self.process,
            "message": record.getMessage(),
        }
        line.update(current_case())
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            line["trace_id"] = f"{context.trace_id:032x}"
            line["span_id"] = f"{context.span_id:016x}"
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(*, json_lines: bool, process: str, level: int = logging.INFO) -> None:
    """JSON lines on stderr, or the plain format the processes always had."""
    handler = logging.StreamHandler()
    if json_lines:
        handler.setFormatter(JsonFormatter(process))
    else:
        handler.setFormatter(logging.Formatter(f"%(asctime)s {process} %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
