"""What a password must be (等保 2.0 identity checks: length and complexity, changed after a
reset): at least 10 characters, letters and digits both, not the user name, not the old one."""

from __future__ import annotations

import secrets
import string

from domain.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 128


def check_password(password: str, *, username: str, old_password: str | None = None) -> None:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少{MIN_LENGTH}位")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码不能超过{MAX_LENGTH}位")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append("密码须同时包含字母和数字")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含用户名")
    if old_password is not None and password == old_password:
        problems.append("新密码不能与原密码相同")
    if problems:
        raise InvalidInput("；".join(problems))


def temporary_password() -> str:
    """A one-time password for a reset: 12 characters, letters and digits, no look-alikes."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isalpha() for c in candidate) and any(c.isdigit() for c in candidate):
            return candidate
