"""Processes for the benchmarks: a Temporal dev server, timed workers and web processes.

Like `launcher.Stack`, but with any number of workers and web processes, each reporting what it
handled: workers through `bench.timed_worker`, web processes through their access log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.server import uvicorn_command
from launcher import _wait_http, _wait_port, dev_server_args, free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BenchStack:
    data_dir: Path
    database_url: str
    task_queue: str = "cases"
    temporal_port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # pid → role, for the CPU accounting
    workers: dict[str, Path] = field(default_factory=dict)  # name → report file
    webs: dict[str, tuple[int, Path]] = field(default_factory=dict)  # name → (port, access log)

    @property
    def temporal_address(self) -> str:
        return f"127.0.0.1:{self.temporal_port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "TEMPORAL_ADDRESS": self.temporal_address,
            "TASK_QUEUE": self.task_queue,
            "DATA_DIR": str(self.data_dir),
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }

    def _spawn(self, args: list[str], log: Path, name: str = "") -> subprocess.Popen[bytes]:
        out = log.open("ab")
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env(), stdout=out, stderr=out, start_new_session=True)
        self.procs.append(proc)
        self.names[proc.pid] = name or log.stem
        return proc

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) used so far by each process started here, and by PostgreSQL."""
        used = {name: _cpu_of(pid) for pid, name in self.names.items()}
        if self.database_url.startswith("postgresql"):
            # Every postgres process on the machine: other clients of the server count too.
            used["postgresql (all backends)"] = sum(_cpu_of(pid) for pid in _pids_named("postgres"))
        return used

    def start_temporal(self) -> None:
        """The Temporal CLI dev server, persisted to SQLite (the embedded default)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = dev_server_args(self.temporal_port, self.data_dir / "temporal.sqlite3")
        _wait_port(self.temporal_port, 60, self._spawn(args, self.data_dir / "temporal.log", "temporal server"))

    def start_worker(self, name: str) -> None:
        report = self.data_dir / f"worker-{name}.json"
        report.unlink(missing_ok=True)
        proc = self._spawn(
            [sys.executable, "-m", "bench.timed_worker", "--name", name, "--report", str(report)],
            self.data_dir / f"worker-{name}.log",
            f"worker {name}",
        )
        deadline = time.monotonic() + 60
        while not report.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker {name} did not start: see {self.data_dir / f'worker-{name}.log'}")
            time.sleep(0.1)
        self.workers[name] = report

    def start_bare_worker(self, task_queue: str = "bare") -> None:
        """The worker of bench/bare_workflow.py: the engine's own limit, a process of its own."""
        proc = self._spawn(
            [
                sys.executable,
                "-m",
                "bench.bare_workflow",
                "--address",
                self.temporal_address,
                "--task-queue",
                task_queue,
            ],
            self.data_dir / "bare-worker.log",
            "bare worker",
        )
        time.sleep(1.0)
        if proc.poll() is not None:
            raise RuntimeError(f"the bare worker did not start: see {self.data_dir / 'bare-worker.log'}")

    def start_web(self, name: str, port: int | None = None) -> str:
        port = port or free_port()
        log = self.data_dir / f"web-{name}.log"
        proc = self._spawn(
            uvicorn_command(port, log_level="info"),  # info: the access log, counted by `web_requests`
            log,
            f"web {name}",
        )
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/login", 60, proc)
        self.webs[name] = (port, log)
        return url

    def web_requests(self, name: str) -> int:
        _port, log = self.webs[name]
        return sum(1 for line in log.read_text(errors="replace").splitlines() if 'HTTP/1.1" ' in line)

    def worker_report(self, name: str) -> dict[str, Any]:
        return json.loads(self.workers[name].read_text())  # type: ignore[no-any-return]

    def stop_worker(self, name: str) -> dict[str, Any]:
        """Stop one worker (SIGINT) and return its final report."""
        index = list(self.workers).index(name)
        workers = [p for p in self.procs if "bench.timed_worker" in " ".join(map(str, p.args))]  # type: ignore[arg-type]
        proc = workers[index]
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        return self.worker_report(name)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime (fields 14-17 of proc(5)); the split starts at field 3.
    return sum(int(v) for v in fields[11:15]) / _TICKS


def _pids_named(command: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids
