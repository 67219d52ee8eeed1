"""Renders a step's pydantic form as HTML fields, and reads the posted fields back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from domain.forms import StepForm, choice_labels

TEXTAREA_OVER = 200
INTEGER = re.compile(r"^-?\d{1,18}$")
CHINA_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")  # datetime-local, no offset


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # text | textarea | date | datetime | number | checkbox | select
    required: bool
    options: list[tuple[str, str]]
    max_length: int | None


def field_specs(form: type[StepForm], skip: frozenset[str] = frozenset()) -> list[FieldSpec]:
    schema = form.model_json_schema()
    required = set(schema.get("required", []))
    specs = []
    for name, prop in schema["properties"].items():
        if name in skip:
            continue
        variants = prop.get("anyOf", [prop])
        types = {v.get("type") for v in variants}
        formats = {v.get("format") for v in variants}
        max_length = _max_length(form, name) or next((v.get("maxLength") for v in variants if v.get("maxLength")), None)
        labels = prop.get("labels")
        if labels or "enum" in prop:
            kind = "select"
        elif "date" in formats:
            kind = "date"
        elif "date-time" in formats:
            kind = "datetime"
        elif "integer" in types:
            kind = "number"
        elif "boolean" in types:
            kind = "checkbox"
        elif max_length is not None and max_length > TEXTAREA_OVER:
            kind = "textarea"
        else:
            kind = "text"
        # The schema sorts keys; the model keeps the order the law lists the choices in.
        options = list(choice_labels(form, name).items()) if labels else []
        specs.append(FieldSpec(name, prop.get("title", name), kind, name in required, options, max_length))
    return specs


def _max_length(form: type[StepForm], name: str) -> int | None:
    """The tightest length limit of a field: a `Field(max_length=6)` on a text type that allows
    4000 is a short code, an input line and not a text area (D23)."""
    field = form.model_fields.get(name)
    limits = [m.max_length for m in (field.metadata if field else []) if getattr(m, "max_length", None)]
    return min(limits) if limits else None


def posted_number(raw: object) -> int | str | None:
    """A number field as posted: the models take numbers strictly ("3" is not 3 in JSON), so the
    page turns a typed integer into one; anything else stays text and is refused as such."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    return int(text) if INTEGER.match(text) else text


def read_fields(form: type[StepForm], posted: FormData, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The posted values as the form model expects them (an empty optional field is left out)."""
    values: dict[str, Any] = {}
    for spec in field_specs(form, skip):
        raw = posted.get(spec.name)
        text = raw.strip() if isinstance(raw, str) else ""
        if spec.kind == "checkbox":
            values[spec.name] = text in ("true", "on", "1")
        elif spec.kind in ("date", "datetime", "number", "select") and text == "":
            if spec.required:
                values[spec.name] = text  # refused with "必填" by the form model
            # an empty optional field takes the model's default
        elif spec.kind == "number":
            values[spec.name] = posted_number(text)
        elif spec.kind == "datetime" and CHINA_LOCAL.match(text):
            values[spec.name] = f"{text}+08:00"  # a datetime-local field is China time
        else:
            values[spec.name] = text
    # An empty date, number or choice is left out: the form model then refuses a required one
    # with "必填" rather than "日期格式应为YYYY-MM-DD" (D7); only text may be posted empty.
    texts = {spec.name for spec in field_specs(form, skip) if spec.kind in ("text", "textarea")}
    return {name: value for name, value in values.items() if value != "" or name in texts}


def named_field_errors(message: str, specs: list[FieldSpec], values: dict[str, Any]) -> dict[str, str]:
    """A rule over several fields ("挂牌督办须填写：整改期限、责任政府…") names the fields it needs by
    label: the empty ones among them are marked on the form, each with the rule's words (D7)."""
    marked = {}
    for spec in specs:
        short = spec.label.split("（")[0]
        if short and short in message and values.get(spec.name) in (None, ""):
            marked[spec.name] = f"{short}：必填（{message}）"
    return marked
