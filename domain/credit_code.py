"""Unified social credit codes (统一社会信用代码, GB 32100-2015)."""

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from domain.errors import InvalidInput


def validate_credit_code(code: str) -> str:
    """Return the compact code, or raise `InvalidInput` with a message a handler understands."""
    try:
        return str(uscc.validate(code))
    except ValidationError as exc:
        raise InvalidInput(f"统一社会信用代码“{code}”无效：{_reason(exc)}") from None


def _reason(exc: ValidationError) -> str:
    name = type(exc).__name__
    return {
        "InvalidLength": "应为18位",
        "InvalidFormat": "含有不允许的字符",
        "InvalidChecksum": "校验位不正确",
        "InvalidComponent": "登记管理部门或机构类别代码不正确",
    }.get(name, str(exc))
