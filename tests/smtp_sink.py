"""A local SMTP server for the tests: speaks enough SMTP for smtplib and keeps what it receives."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    refuse: bool = False  # answer 554 to every message (a server that rejects)


def _handler(box: Mailbox) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write((line + "\r\n").encode())

        def handle(self) -> None:
            self.reply("220 sink ESMTP")
            sender, recipients = "", []
            while raw := self.rfile.readline():
                command = raw.decode("utf-8", "replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250-sink" if verb == "EHLO" else "250 sink")
                    if verb == "EHLO":
                        self.reply("250 8BITMIME")
                elif verb == "MAIL":
                    sender, recipients = command.partition(":")[2].strip(" <>"), []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.partition(":")[2].strip(" <>"))
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 go on")
                    lines = []
                    while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    if box.refuse:
                        self.reply("554 refused")
                        continue
                    message = message_from_bytes(b"".join(lines), policy=policy.default)
                    assert isinstance(message, EmailMessage)
                    box.received.append(Received(sender, recipients, message))
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")

    return Handler


@contextmanager
def smtp_sink() -> Iterator[Mailbox]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), socketserver.StreamRequestHandler)
    box = Mailbox("127.0.0.1", server.server_address[1])
    server.RequestHandlerClass = _handler(box)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()
