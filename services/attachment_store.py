"""The bytes of attachments, outside the database: content-addressed by SHA-256, written atomically.

Layout: `<dir>/ab/cd/abcdef…` (the hash's first two pairs of hex digits as directories). A file
is written to a temporary name in its final directory, flushed to disk and renamed into place, so
a reader never sees half a file and two web processes writing the same content at once both end
with the same complete file (the rename is atomic on one file system). The directory may
therefore be shared by several web processes (one volume or NFS mount with atomic rename).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from services.atomic_file import write_atomically


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_of(sha256)
        if target.exists():
            return sha256
        write_atomically(target, data)
        return sha256

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def discard(self, sha256: str) -> None:
        """Remove a blob no row refers to (the caller has checked)."""
        self.path_of(sha256).unlink(missing_ok=True)
