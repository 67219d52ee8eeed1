"""Step forms: pydantic models whose field titles are the Chinese labels the UI shows."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, ValidationInfo, field_validator
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from domain import input_rules

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


# The largest row id a form or URL may name: PostgreSQL's integer. A larger number is refused as
# invalid input rather than reaching the database, which cannot bind it.
MAX_ID = 2_147_483_647


class InputModel(BaseModel):
    """A body or form that comes in from outside: the rules of `domain.input_rules` on every field
    (strict numbers, yes/no and dates; no NUL; no invisible-only text; dates in their lawful range)."""

    @field_validator("*", mode="before")
    @classmethod
    def _strict_types(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is not None and info.field_name in cls.model_fields and input_rules.enforced():
            input_rules.check_type(input_rules.field_kind(cls.model_fields[info.field_name].annotation), value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _lawful_values(cls, value: Any, info: ValidationInfo) -> Any:
        if not input_rules.enforced():
            return value
        if isinstance(value, str):
            input_rules.check_text(value)
        elif isinstance(value, list | dict) and input_rules.contains_nul(value):
            raise PydanticCustomError("nul_character", "不能包含空字符（NUL）")
        elif _is_id(info.field_name) and _beyond_ids(value):
            # A row id beyond what the database's integer holds (PostgreSQL fails on it, a 500).
            raise PydanticCustomError("id_range", "编号超出范围")
        elif isinstance(value, dt.date) and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            title = field.title if field is not None and field.title else info.field_name
            input_rules.check_date(info.field_name, title, value)
        return value


def _is_id(name: str | None) -> bool:
    return name is not None and (name.endswith("_id") or name.endswith("_ids"))


def _beyond_ids(value: Any) -> bool:
    if isinstance(value, list):
        return any(_beyond_ids(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID


class StepForm(InputModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def choice(labels: dict[str, str], title: str) -> Any:
    """A select field; `labels` maps each value to its Chinese label."""
    return Field(title=title, json_schema_extra={"labels": cast(JsonDict, labels)})


def form_errors(exc: ValidationError, form: type[BaseModel]) -> list[dict[str, str]]:
    """Turn pydantic errors into field/message pairs with the field's Chinese label."""
    fields = form.model_fields
    errors = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        if name and name not in fields:  # never show a raw field name (D7)
            errors.append({"field": name, "message": "提交了本环节没有的内容，请刷新页面后重新填写"})
            continue
        label = fields[name].title if name in fields and fields[name].title else ""
        # A rule over several fields (a model validator) has no field: its message stands alone.
        errors.append({"field": name, "message": f"{label}：{error_message(err)}" if label else error_message(err)})
    return errors


def error_message(err: Any) -> str:
    """One pydantic error in words a handler reads (the common kinds in Chinese)."""
    kind = err["type"]
    ctx = err.get("ctx", {})
    return {
        "missing": "必填",
        "string_too_short": "必填",
        "string_too_long": f"不能超过{ctx.get('max_length')}字",
        "extra_forbidden": "不是本环节的字段",
        "literal_error": "取值不在可选范围内",
        "date_from_datetime_parsing": "日期格式应为YYYY-MM-DD",
        "date_parsing": "日期格式应为YYYY-MM-DD",
        "date_type": "日期格式应为YYYY-MM-DD",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "int_from_float": "应为整数",
        "bool_parsing": "应为是或否",
        "bool_type": "应为是或否",
        "string_type": "应为文字",
        "datetime_parsing": "时间格式应为YYYY-MM-DDTHH:MM（含时区）",
        "datetime_from_date_parsing": "时间格式应为YYYY-MM-DDTHH:MM（含时区）",
        "datetime_type": "时间格式应为YYYY-MM-DDTHH:MM（含时区）",
        "json_invalid": "不是有效的 JSON",
        "model_attributes_type": "应为 JSON 对象",
        "dict_type": "应为 JSON 对象",
        "list_type": "应为列表",
        "too_long": f"不能超过{ctx.get('max_length')}项",
        "value_error": str(ctx.get("error", err.get("msg", kind))),
        "greater_than_equal": f"不能小于{ctx.get('ge')}",
        "less_than_equal": f"不能大于{ctx.get('le')}",
    }.get(kind, str(err.get("msg", kind)))


def choice_labels(form: type[StepForm], field: str) -> dict[str, str]:
    """The Chinese labels of a select field's values."""
    extra = form.model_fields[field].json_schema_extra
    labels = extra.get("labels") if isinstance(extra, dict) else None
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
