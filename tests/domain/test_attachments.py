"""File types are recognised by their bytes; the name must agree; limits refuse in Chinese."""

from __future__ import annotations

import io
import zipfile

import pytest

from domain.attachments import AttachmentLimits, check_upload, clean_filename, sniff
from domain.errors import InvalidInput, TooLarge
from domain.process_config import parse_process_config


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4 ...", "pdf"),
        (b"\xff\xd8\xff\xe0JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (_zip("OFD.xml"), "ofd"),
        (_zip("word/document.xml"), "docx"),
        (_zip("xl/workbook.xml"), "xlsx"),
        (_zip("readme.txt"), None),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
    ],
)
def test_the_bytes_say_what_a_file_is(data: bytes, expected: str | None) -> None:
    assert sniff(data[:16], data) == expected


def test_a_renamed_or_unlisted_or_oversized_file_is_refused() -> None:
    limits = AttachmentLimits(max_bytes=100, allowed=frozenset({"pdf", "png"}))
    assert check_upload("方案.PDF", b"%PDF-1.7", limits).content_type == "application/pdf"
    with pytest.raises(InvalidInput, match="扩展名与其实际内容"):
        check_upload("照片.jpg", b"\x89PNG\r\n\x1a\n", limits)
    with pytest.raises(InvalidInput, match="只接受PDF、PNG图片"):
        check_upload("照片.jpg", b"\xff\xd8\xff\xe0", limits)
    with pytest.raises(TooLarge, match="超过大小上限"):
        check_upload("大.pdf", b"%PDF-" + b"0" * 100, limits)
    with pytest.raises(InvalidInput, match="为空"):
        check_upload("空.pdf", b"", limits)


def test_the_shown_name_has_no_path_or_markup() -> None:
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename('C:\\temp\\<b>"方案".pdf') == "b方案.pdf"


def test_limits_come_from_the_configuration() -> None:
    config = parse_process_config({"attachments": {"max_mb": 5, "types": ["pdf", "ofd"]}})
    assert config.attachments.max_bytes == 5 * 1024 * 1024 and config.attachments.allowed == {"pdf", "ofd"}
    with pytest.raises(InvalidInput, match="unknown"):
        parse_process_config({"attachments": {"types": ["exe"]}})
