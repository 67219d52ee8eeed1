"""Runtime configuration, read from the environment (and `.env`), with embedded defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent


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
    temporal_ui_port: int = 8233
    session_hours: int = 12
    # Behind a TLS-terminating proxy: the addresses whose X-Forwarded-Proto / X-Forwarded-For the
    # app believes (comma-separated), and a switch that marks cookies Secure whatever the scheme.
    trusted_proxies: str = ""
    secure_cookies: bool = False
    # Login throttling per client address, beside the per-account lockout in services/auth.py.
    login_address_max_failures: int = 20
    login_address_window_minutes: int = 15
    process_config_file: Path = ROOT / "config" / "process.toml"
    # Attachments are files outside the database. Several web processes must share this
    # directory (one volume or NFS mount); see docs/architecture.md, "Attachments".
    attachment_dir: Path | None = None
    # Key of the hash that counts public-form posts per client (flood limits); set it in production.
    public_form_key: str = "development-public-form-key"

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
