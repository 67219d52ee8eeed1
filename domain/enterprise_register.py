"""The register of inspection objects (检查对象名录库): the rules that need no database.

本溪 (五): bureaus grade their enterprises by risk ("开展风险分级，确定监管重点、监管周期和监管
方式，并作为编制执法计划的依据"); 国办发〔2015〕20号 (七) and 本溪 (五): they select the
enterprises under key supervision (重点监管对象, "实行跟踪监管、直接指导") and manage that list
dynamically, so each set and unset is kept with its reason and day. The annual plan and the
random draw read `risk_grade`, `is_key_object` and `status`; a closed enterprise is neither drawn
nor planned.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import InvalidInput

# 风险等级, highest first; "" = not yet graded.
RISK_GRADES: tuple[str, ...] = ("重大", "较大", "一般", "低")
# 经营状态: 在营 (operating), 停产 (suspended), 注销 (deregistered).
STATUSES: tuple[str, ...] = ("在营", "停产", "注销")
OPERATING = "在营"
CLOSED = "注销"
SIZES: tuple[str, ...] = ("大型", "中型", "小型", "微型")

# 行业领域: the default list; a province configures its own in config/register.toml, since the
# sectors a bureau supervises vary by province (no national text fixes them).
DEFAULT_SECTORS: tuple[str, ...] = (
    "煤矿",
    "非煤矿山",
    "危险化学品",
    "烟花爆竹",
    "冶金",
    "有色",
    "建材",
    "机械",
    "轻工",
    "纺织",
    "烟草",
    "商贸",
    "建筑施工",
    "交通运输",
    "其他",
)


def check_choice(value: str, allowed: Sequence[str], label: str, *, blank: bool = False) -> str:
    """`value` when it is one of `allowed` (or blank if `blank`), else a refusal naming the list."""
    value = value.strip()
    if blank and value == "":
        return value
    if value not in allowed:
        raise InvalidInput(f"{label}“{value}”不在可选范围内（可选：{'、'.join(allowed)}）")
    return value


def may_be_inspected(status: str) -> bool:
    """A deregistered enterprise is not drawn or planned; a suspended one still is (复产前检查)."""
    return status != CLOSED


def key_object_reason_needed(is_key_object: bool, reason: str) -> None:
    """Selecting an enterprise for key supervision says why (国办发 (七): 筛选确定)."""
    if is_key_object and not reason.strip():
        raise InvalidInput("列为重点监管对象须填写理由")
