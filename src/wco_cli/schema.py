"""JSON Schema (draft 2020-12) of each command's --json output, built from models.VIEWS."""

from __future__ import annotations

from typing import Any

from wco_cli.errors import UsageError
from wco_cli.models import VIEWS
from wco_cli.text import did_you_mean, visible

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def type_schema(kind: str) -> dict[str, Any]:
    """The schema of one type code (see models.py)."""
    if kind.endswith("?"):
        inner = type_schema(kind[:-1])
        return {"anyOf": [inner, {"type": "null"}]}
    if kind.startswith("["):
        inner = kind[1:kind.rindex("]")]
        return {"type": "array", "items": type_schema(inner), "minItems": 0 if kind.endswith("*") else 1}
    if kind.startswith("enum:"):
        return {"type": "string", "enum": kind[5:].split(",")}
    simple = {
        "str": {"type": "string", "minLength": 1},
        "id": {"type": "string", "minLength": 1},
        "int": {"type": "integer"},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "pattern": _DATE_PATTERN},
        "value": {"type": ["string", "integer"]},
        "alpha2": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "alpha3": {"type": "string", "pattern": "^[A-Z]{3}$"},
    }
    return simple[kind]


def row_schema(view: str) -> dict[str, Any]:
    spec = VIEWS[view]
    return {
        "type": "object",
        "properties": {field: type_schema(kind) for field, kind in spec.items()},
        "required": list(spec),
        "additionalProperties": False,
    }


def for_command(command: str) -> dict[str, Any]:
    """Schema of `wco COMMAND --json` (an array of rows). With --fields, rows hold a subset."""
    view = command.replace("-", "_")
    if view not in VIEWS:
        raise UsageError(f"schema: no command '{visible(command)}' (valid: {', '.join(VIEWS)}){did_you_mean(command, VIEWS)}")
    return {
        "$schema": DIALECT,
        "$id": f"https://wco-cli.invalid/schema/{view}.json",
        "title": f"wco {view.replace('_', ' ')} --json",
        "description": "An array of rows. Keys are only ever added within a major version.",
        "type": "array",
        "items": row_schema(view),
    }
