"""How a notice leaves the system: e-mail through an SMTP server, SMS through a sender behind an
interface. No SMS provider is reachable from here; development and tests write the messages to
a file (one JSON line each), and a province plugs its gateway in as another `SmsSender`."""

from __future__ import annotations

import datetime as dt
import json
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Protocol

from settings import Settings

SYSTEM_NAME = "安全生产监管执法案件协同系统"


class EmailSender(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


class SmsSender(Protocol):
    def send(self, *, mobile: str, text: str) -> None: ...


@dataclass(frozen=True)
class SmtpEmail:
    """Plain SMTP, with STARTTLS and login when configured (SMTP_* settings)."""

    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0

    def send(self, *, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = formataddr((SYSTEM_NAME, self.sender))
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "localhost")
        message.set_content(body, charset="utf-8")
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


class FileSmsSink:
    """Appends each SMS to a file as a JSON line: the development stand-in for a gateway."""

    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, *, mobile: str, text: str) -> None:
        line = json.dumps(
            {"at": dt.datetime.now(dt.UTC).isoformat(), "mobile": mobile, "text": text}, ensure_ascii=False
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as sink:
            sink.write(line + "\n")


@dataclass(frozen=True)
class Channels:
    """What this installation can send besides the page; None where nothing is configured."""

    email: EmailSender | None = None
    sms: SmsSender | None = None
    base_url: str = "http://127.0.0.1:8000"


def channels_from(settings: Settings) -> Channels:
    """The channels the settings configure: SMTP when SMTP_HOST is set; the SMS file sink when
    SMS_SINK_FILE is set, or in development under the data directory."""
    s = settings
    email = SmtpEmail(s.smtp_host, s.smtp_port, s.smtp_sender, s.smtp_username, s.smtp_password, s.smtp_starttls)
    sink = s.sms_sink_file
    if sink is None and s.environment == "development":
        sink = s.data_dir / "sms-outbox.jsonl"
    return Channels(
        email=email if s.smtp_host else None,
        sms=FileSmsSink(sink) if sink is not None else None,
        base_url=s.public_base_url,
    )
