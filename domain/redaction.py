"""Redaction of personal data before a report is published (个人信息脱敏)."""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# A person named after a role word: keep the surname, mask the given name (张三 → 张某).
_NAMED_PERSON = re.compile(
    r"((?:主要负责人|负责人|法定代表人|检察官|工人|员工|作业人员|司机|班长|主任|经理|厂长|矿长|安全员|死者|伤者)[：:\s]*)"
    r"([\u4e00-\u9fa5])([\u4e00-\u9fa5]{1,2})"
)


def redact(text: str) -> str:
    text = _ID_NUMBER.sub("[身份证号已隐去]", text)
    text = _MOBILE.sub("[电话已隐去]", text)
    return _NAMED_PERSON.sub(lambda m: f"{m.group(1)}{m.group(2)}某", text)
