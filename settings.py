"""Runtime configuration, read from the environment (and `.env`), with embedded defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent
DEVELOPMENT_SECRET_KEY = "development-secret-key"
DEVELOPMENT_PUBLIC_FORM_KEY = "development-public-form-key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    environment: str = "development"
    data_dir: Path = ROOT / "data"
    database_url: str = ""
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "cases"
    # Operations (docs/ops/): the bearer token of GET /metrics (unset: loopback clients only), the
    # worker's Prometheus address (unset: no endpoint), the OTLP/HTTP endpoint of traces (unset:
    # no tracing), JSON log lines, and where closed cases' dossiers are kept.
    metrics_token: str = ""
    worker_metrics_address: str = ""
    otlp_endpoint: str = ""
    json_logs: bool = False
    archive_dir: Path | None = None
    archive_config_file: Path = ROOT / "config" / "archive.toml"
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # The embedded dev server's Web UI; by default the port of TEMPORAL_ADDRESS + 1000 (7233 → 8233),
    # the Temporal CLI's own convention.
    temporal_ui_port: int | None = None
    session_hours: int = 12
    # A session unused this long ends, whatever its absolute lifetime (activity moves it on).
    session_idle_minutes: int = 30
    # Behind a TLS-terminating proxy: the addresses whose X-Forwarded-Proto / X-Forwarded-For the
    # app believes (comma-separated), and a switch that marks cookies Secure whatever the scheme.
    trusted_proxies: str = ""
    secure_cookies: bool = False
    # Login throttling per client address, beside the per-account lockout in services/auth.py.
    login_address_max_failures: int = 20
    login_address_window_minutes: int = 15
    # Per (user name, address): failures that cost nothing, then a wait doubling from the first
    # delay up to the longest (services/auth.py). Nobody is locked out from another address.
    login_pair_free_failures: int = 3
    login_pair_first_delay_seconds: int = 2
    login_pair_max_delay_seconds: int = 900
    process_config_file: Path = ROOT / "config" / "process.toml"
    # Attachments are files outside the database. Several web processes must share this
    # directory (one volume or NFS mount); see docs/architecture.md, "Attachments".
    attachment_dir: Path | None = None
    # Key of the hash that counts public-form posts per client (flood limits); set it in production.
    public_form_key: str = DEVELOPMENT_PUBLIC_FORM_KEY
    # Key of the signed form tokens (login form, public report form); set it in production.
    secret_key: str = DEVELOPMENT_SECRET_KEY
    form_token_minutes: int = 120

    # Request body budgets, checked before a body is read (api/body_limits.py): JSON bodies, and
    # page and public forms. Upload routes take the attachment limit × files per request + 1 MB.
    max_json_body_bytes: int = 64 * 1024
    max_form_body_bytes: int = 1024 * 1024
    # How many requests of a web process run their blocking work (the sync routes, the database)
    # at once; the rest wait their turn on the event loop. One process runs Python on one core
    # (the GIL): 40 threads (the default of Starlette's pool) spent twice the CPU per request
    # of 4 under fifty busy users, switching (ADR 0015). More throughput comes from more web
    # processes, one per core (docs/deployment.md).
    web_threads: int = Field(default=4, ge=1)
    # Web processes the launcher starts on WEB_PORT (uvicorn's --workers); one per core serves the
    # most (docs/performance.md, bench.load).
    web_processes: int = Field(default=1, ge=1)
    # Deadline of each call the web makes to Temporal (start a case, send a step): past it the
    # request answers 503 with Retry-After instead of hanging while no worker runs (F11).
    temporal_call_timeout_seconds: float = 15.0

    # The message centre (services/notifications/): how often the web process reads new events,
    # the SMTP server of e-mail notices (unset: no e-mail), the file where development writes SMS
    # (no gateway is reachable here; unset outside development: no SMS), and the address the
    # links in messages point to.
    notification_interval_seconds: float = 5.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "noreply@localhost"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    sms_sink_file: Path | None = None
    public_base_url: str = "http://127.0.0.1:8000"

    def check_secrets(self) -> None:
        """Outside development the development keys are refused: anybody could sign with them."""
        if self.environment == "development":
            return
        if self.secret_key == DEVELOPMENT_SECRET_KEY or len(self.secret_key) < 32:
            raise ValueError("SECRET_KEY must be set (32 characters or more) outside development")
        if self.public_form_key == DEVELOPMENT_PUBLIC_FORM_KEY:
            raise ValueError("PUBLIC_FORM_KEY must be set outside development")

    @property
    def trusted_proxy_addresses(self) -> frozenset[str]:
        return frozenset(a.strip() for a in self.trusted_proxies.split(",") if a.strip())

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'cases.sqlite3'}"
        if self.attachment_dir is None:
            self.attachment_dir = self.data_dir / "attachments"
        if self.archive_dir is None:
            self.archive_dir = self.data_dir / "archive"
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
