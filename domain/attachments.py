"""What an attachment may be: the file types we accept, recognised by their bytes, and the limits.

The extension a browser sends is a claim; the first bytes (and, for the zip-based formats, the
member that defines the format) are the evidence. A file is accepted only when both agree.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from domain.errors import InvalidInput, TooLarge


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


_TYPES = (
    FileType("pdf", "PDF", "application/pdf", (".pdf",)),
    FileType("jpeg", "JPEG图片", "image/jpeg", (".jpg", ".jpeg")),
    FileType("png", "PNG图片", "image/png", (".png",)),
    FileType("ofd", "OFD版式文件", "application/ofd", (".ofd",)),  # GB/T 33190, China's PDF
    FileType(
        "docx",
        "Word文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    FileType("xlsx", "Excel表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
)
FILE_TYPES: dict[str, FileType] = {t.code: t for t in _TYPES}

CATEGORIES = {
    "evidence": "证据材料",
    "photo": "现场照片",
    "plan": "方案",
    "report": "报告",
    "other": "其他",
}


@dataclass(frozen=True)
class AttachmentLimits:
    """Configured in config/process.toml [attachments]; the defaults are ours, not the law's."""

    max_bytes: int = 20 * 1024 * 1024
    allowed: frozenset[str] = field(default_factory=lambda: frozenset(FILE_TYPES))

    @property
    def max_label(self) -> str:
        return f"{self.max_bytes / (1024 * 1024):g}MB"

    def allowed_labels(self) -> str:
        return "、".join(t.label for t in _TYPES if t.code in self.allowed)

    def accept_extensions(self) -> str:
        return ",".join(ext for t in _TYPES if t.code in self.allowed for ext in t.extensions)


_ZIP_MARKERS = (("ofd", "OFD.xml"), ("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml"))


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The file type the bytes show, or None. `whole` is needed to look inside zip containers."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(whole)).namelist())
        except zipfile.BadZipFile:
            return None
        for code, marker in _ZIP_MARKERS:
            if marker in names:
                return code
    return None


def extension_of(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def check_upload(filename: str, data: bytes, limits: AttachmentLimits) -> FileType:
    """The accepted file type, or a refusal in Chinese (413 for size, 422 for type)."""
    name = clean_filename(filename)
    if len(data) > limits.max_bytes:
        raise TooLarge(f"文件“{name}”超过大小上限{limits.max_label}，未保存")
    if not data:
        raise InvalidInput(f"文件“{name}”为空，未保存")
    code = sniff(data[:16], data)
    if code is None or code not in limits.allowed:
        raise InvalidInput(f"文件“{name}”的类型不被接受（只接受{limits.allowed_labels()}），未保存")
    file_type = FILE_TYPES[code]
    if extension_of(name) not in file_type.extensions:
        raise InvalidInput(f"文件“{name}”的扩展名与其实际内容（{file_type.label}）不符，未保存")
    return file_type


def clean_filename(filename: str) -> str:
    """The name to show: no directories, no control characters, at most 200 characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|*?:').strip() or "附件"
    return base[-200:]
