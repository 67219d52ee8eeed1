"""The hash chain over a case's timeline: canonical encoding, hashing and checking. No I/O.

Every case event holds the hash of the event before it in the same case (`prev_hash`) and its
own hash (`hash`) over a canonical encoding of what it records. Editing, deleting, inserting or
reordering an event breaks a link that `check_chain` names; the case's chain head (last
sequence number and hash, kept beside the case) catches a deleted or edited last event.

Canonical encoding, version 1 (never change it in place: a new encoding is a new version):
  a JSON object with exactly the keys of `CHAINED_FIELDS` plus "v": 1, serialised with
  sorted keys, separators "," and ":", non-ASCII characters kept as they are
  (ensure_ascii=False), encoded as UTF-8. `at` is the event's moment in UTC written as
  "YYYY-MM-DDTHH:MM:SS.ffffffZ". `data` is the event's JSON data, itself with sorted keys.
  The hash is the lower-case hexadecimal SHA-256 of those bytes.
The first event of a case has `prev_hash` = GENESIS_HASH (64 zeros).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ENCODING_VERSION = 1
GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "case_id",
    "seq",
    "event_key",
    "at",
    "actor_user_id",
    "actor_name",
    "kind",
    "summary",
    "reason",
    "data",
    "prev_hash",
)


@dataclass(frozen=True)
class ChainEntry:
    """One timeline event as the chain sees it."""

    case_id: int
    seq: int
    event_key: str
    at: dt.datetime
    actor_user_id: int | None
    actor_name: str
    kind: str
    summary: str
    reason: str
    data: dict[str, Any]
    prev_hash: str
    hash: str = ""


@dataclass(frozen=True)
class BrokenLink:
    """The first place a case's chain does not hold: which event, what was expected, what was found."""

    case_id: int
    seq: int
    problem: str  # content_changed | prev_hash_mismatch | sequence_gap | head_mismatch | document_changed
    expected: str
    found: str


def utc_iso(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("naive datetime: the chain hashes UTC moments only")
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalised_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data as a JSON column gives it back (tuples become lists, keys strings)."""
    result: dict[str, Any] = json.loads(json.dumps(data or {}))
    return result


def canonical_bytes(entry: ChainEntry) -> bytes:
    body = {
        "v": ENCODING_VERSION,
        "case_id": entry.case_id,
        "seq": entry.seq,
        "event_key": entry.event_key,
        "at": utc_iso(entry.at),
        "actor_user_id": entry.actor_user_id,
        "actor_name": entry.actor_name,
        "kind": entry.kind,
        "summary": entry.summary,
        "reason": entry.reason or "",
        "data": normalised_data(entry.data),
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(entry: ChainEntry) -> str:
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


def check_chain(case_id: int, entries: Iterable[ChainEntry], head: tuple[int, str] | None) -> BrokenLink | None:
    """The first broken link of one case's chain, or None. `entries` must come ordered by seq;
    `head` is the recorded (last seq, last hash), None when the case has no events."""
    expected_seq, prev = 1, GENESIS_HASH
    for entry in entries:
        if entry.seq != expected_seq:
            return BrokenLink(case_id, expected_seq, "sequence_gap", f"seq {expected_seq}", f"seq {entry.seq}")
        if entry.prev_hash != prev:
            return BrokenLink(case_id, entry.seq, "prev_hash_mismatch", prev, entry.prev_hash)
        computed = entry_hash(entry)
        if computed != entry.hash:
            return BrokenLink(case_id, entry.seq, "content_changed", computed, entry.hash)
        prev = entry.hash
        expected_seq += 1
    last = (expected_seq - 1, prev) if expected_seq > 1 else None
    if last != head:
        found = f"seq {last[0]} {last[1]}" if last else "no events"
        wanted = f"seq {head[0]} {head[1]}" if head else "no events"
        seq = max(head[0] if head else 0, last[0] if last else 0)
        return BrokenLink(case_id, seq, "head_mismatch", wanted, found)
    return None
