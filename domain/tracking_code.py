"""The reporter's tracking code (举报查询码): unguessable, typed by hand, checked before any lookup.

20 characters of Crockford's base-32 alphabet (no I, L, O, U to misread) less its last letter Z,
so that there are 31 symbols, a prime: 19 random characters (94 bits from the operating system's
CSPRNG) and one check character, shown in groups of four
(`7K3Q-M9XA-...`). The check catches a mistyped character or two swapped neighbours before the
database is asked, so a typo gets "check the code" rather than "not found". Only the SHA-256 of
the code is stored: a copy of the database does not give the codes away.
"""

from __future__ import annotations

import hashlib
import secrets

from domain.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"  # Crockford's base 32 without Z: 31 symbols, a prime
RANDOM_CHARS = 19  # 19 × log2(31) ≈ 94 bits
LENGTH = RANDOM_CHARS + 1
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def _check_char(body: str) -> str:
    # Weighted sum modulo 31 over 31 symbols: a substitution changes it by weight × difference and
    # a swap of neighbours by their difference, neither of which 31 (prime) divides.
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body))
    return ALPHABET[total % 31]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return body + _check_char(body)


def normalise(typed: str) -> str:
    """Upper-case, without spaces or dashes, with look-alike letters read as Crockford does."""
    return "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CONFUSABLE)


def validate(typed: str) -> str:
    """The normalised code, or `InvalidInput` with a message the reporter understands."""
    code = normalise(typed)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        raise InvalidInput(f"查询码应为{LENGTH}位字母和数字，请核对后重新输入")
    if _check_char(code[:-1]) != code[-1]:
        raise InvalidInput("查询码校验不通过，可能有字符输错，请核对后重新输入")
    return code


def grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()
