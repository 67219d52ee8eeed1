"""Starts the whole system on the embedded defaults: Temporal dev server, worker, web app.

`python launcher.py` (what `./scripts/start` runs) persists Temporal to data/temporal.sqlite3 and
the cases to data/cases.sqlite3, loads demo data on first start, and stops everything on Ctrl-C.
Starting again resumes every open case where it was, timers included. Tests reuse `Stack`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from settings import Settings

from api.server import uvicorn_command

ROOT = Path(__file__).resolve().parent
SEARCH_ATTRIBUTES = {
    "CaseProcess": "Keyword",
    "CaseStatus": "Keyword",
    "CaseJurisdiction": "KeywordList",
    "CaseDueTime": "Datetime",
    "CaseOverdue": "Bool",
}


# The dev server's SQLite file in WAL mode with synchronous=NORMAL, like the case database
# (db/session.py). SQLite's own default, a rollback journal with synchronous=FULL, fsyncs every
# commit more than once: with it, the dev server fired about 30 timers a second on two cores.
# WAL survives a crash or a kill of any process; a power cut may lose the last commits.
DEV_SERVER_PRAGMAS = ("journal_mode=wal", "synchronous=normal")


def dev_server_args(port: int, db_file: Path | None, ui_port: int | None = None) -> list[str]:
    """The command line of the Temporal CLI dev server, with the search attributes cases use."""
    args = [_binary("temporal"), "server", "start-dev", "--ip", "127.0.0.1", "--port", str(port)]
    args += ["--ui-port", str(ui_port)] if ui_port else ["--headless"]
    args += ["--log-level", "error"]
    if db_file is not None:
        args += ["--db-filename", str(db_file)]
        for pragma in DEV_SERVER_PRAGMAS:
            args += ["--sqlite-pragma", pragma]
    for name, kind in SEARCH_ATTRIBUTES.items():
        args += ["--search-attribute", f"{name}={kind}"]
    return args


def _binary(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run ./scripts/start, which installs it")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, timeout: float, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process {proc.args!r} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open within {timeout}s")


def _wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"web process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@dataclass
class Stack:
    """The processes of one running system."""

    data_dir: Path
    database_url: str
    web_port: int = 8000
    web_processes: int = 1  # uvicorn processes on web_port (WEB_PROCESSES)
    temporal_port: int = 7233
    ui_port: int = 8233
    persist_temporal: bool = True
    quiet: bool = False
    log_dir: Path | None = None  # when set, each process writes its output to <log_dir>/<name>-<n>.log
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    spawned: int = field(default=0, init=False)  # numbers the log files, also of processes since ended

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "TEMPORAL_ADDRESS": f"127.0.0.1:{self.temporal_port}",
            "WEB_PORT": str(self.web_port),
            "DATA_DIR": str(self.data_dir),
            "PYTHONPATH": str(ROOT),
        }

    def _spawn(self, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        out: int | IO[bytes] | None = subprocess.DEVNULL if self.quiet else None
        if self.log_dir is not None:
            program = args[0] if args[0] != sys.executable else args[2] if args[1] == "-m" else args[1]
            name = Path(program).stem
            out = open(self.log_dir / f"{name}-{self.spawned}.log", "ab")
        self.spawned += 1
        proc = subprocess.Popen(
            args, cwd=ROOT, env={**self.env(), **(env or {})}, stdout=out, stderr=out, start_new_session=True
        )
        if self.log_dir is not None and out is not None and not isinstance(out, int):
            out.close()  # the child has its own copy
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.start_temporal()
        self._migrate_and_seed()
        self.start_worker()
        self.start_web()

    def start_temporal(self) -> subprocess.Popen[bytes]:
        """The dev server; persisted to data_dir/temporal.sqlite3, so a restart resumes every case."""
        db_file = self.data_dir / "temporal.sqlite3" if self.persist_temporal else None
        args = dev_server_args(self.temporal_port, db_file, self.ui_port)
        server = self._spawn(args)
        _wait_port(self.temporal_port, 60, server)
        return server

    def start_worker(self, **env: str) -> subprocess.Popen[bytes]:
        """One more worker process on the task queue (any number may run); `env` overrides settings."""
        return self._spawn([sys.executable, "worker.py"], env)

    def start_web(self) -> subprocess.Popen[bytes]:
        # Proxy headers are read by api/client.py alone, from TRUSTED_PROXIES (api/server.py).
        web = self._spawn(uvicorn_command(self.web_port, processes=self.web_processes))
        _wait_http(self.url + "/login", 60, web)
        return web

    def end(self, proc: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGINT, timeout: float = 15) -> None:
        """Stop one process (SIGKILL to simulate a crash) and wait until it is gone."""
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc in self.procs:
            self.procs.remove(proc)

    def _migrate_and_seed(self) -> None:
        subprocess.run([sys.executable, "-m", "db.demo", "--migrate"], cwd=ROOT, env=self.env(), check=True)

    def load_demo_cases(self) -> None:
        subprocess.run([sys.executable, "-m", "db.demo", "--cases"], cwd=ROOT, env=self.env(), check=True)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()


def temporal_ports(address: str, ui_port: int | None = None) -> tuple[int, int]:
    """The dev server's frontend port (that of TEMPORAL_ADDRESS, host:port) and its Web UI port.

    The UI port defaults to the frontend port + 1000, as the Temporal CLI does (7233 → 8233).
    """
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SystemExit(f"TEMPORAL_ADDRESS must be host:port, not {address!r}")
    frontend = int(port)
    ui = ui_port if ui_port is not None else frontend + 1000
    if not 0 < ui < 65536 or ui == frontend:
        raise SystemExit(f"no usable Web UI port for the dev server on {frontend}: set TEMPORAL_UI_PORT")
    return frontend, ui


def stack_from_settings(settings: Settings) -> Stack:
    """The system `./scripts/start` runs: the dev server listens where TEMPORAL_ADDRESS points."""
    temporal_port, ui_port = temporal_ports(settings.temporal_address, settings.temporal_ui_port)
    return Stack(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        web_port=settings.web_port,
        web_processes=settings.web_processes,
        temporal_port=temporal_port,
        ui_port=ui_port,
    )


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    from db.seed import DEMO_LOGINS, DEMO_PASSWORD
    from settings import get_settings

    settings = get_settings()
    stack = stack_from_settings(settings)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        stack.start()
        stack.load_demo_cases()
        print(f"\n安全生产监管执法案件协同系统 is running at {stack.url}")
        print(f"Temporal Web UI: http://127.0.0.1:{stack.ui_port}   API docs: {stack.url}/docs")
        print(f"Demo logins (password {DEMO_PASSWORD}):")
        for username, who in DEMO_LOGINS:
            print(f"  {username:<16} {who}")
        print("Press Ctrl-C to stop; starting again resumes every open case.\n", flush=True)
        while all(p.poll() is None for p in stack.procs):
            time.sleep(1)
        print("a process exited; stopping", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not interrupt the shutdown and orphan the servers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("stopping…", flush=True)
        stack.stop()


if __name__ == "__main__":
    main()
