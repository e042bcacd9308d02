"""The field-type language, compiled once into validation, JSON Schema and reference lookups.

A field's type is a short code:

    str        non-empty text              int / bool   as in JSON
    date       ISO date of year, month or day precision (1952, 1994-06, 2009-01-16), a real day,
               or a range known only by its bounds, EDTF level 1 (2020-12/2022-06, ../2019-06,
               2017-07/..: `..` an open side); see timeline.py
    value      text or a whole number (a fact's value)
    alpha2     ISO 3166-1 alpha-2 code     alpha3   ISO 3166-1 alpha-3 code
    id         a key: lower-case letters and digits joined by - or _
    enum:a,b   one of the listed words
    ref:NAME   the id of a record of the dataset NAME
    [T]        a non-empty list of T       [T]*   a list of T that may be empty
    T?         T or null (unknown); in a data file the field may also be left out
    {a:T,...}  an object with these fields (nested records such as an office's hosts)
    [{...}]    a non-empty list of such objects; [{...}, "*"] one that may be empty
    Maybe({...})  such an object, or null

`RecordType(spec)` compiles a record spec (field -> code) once (each distinct code through
`compile_type`, once per process); its checker, its schema and its references are then plain
function calls, with no parsing per record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Check = Callable[[Any], "str | None"]
Spec = dict[str, Any]  # field -> type code, a nested Spec, or a list of one nested Spec
Reference = tuple[str, str, str]  # (where, target dataset, id)

_patterns: dict[str, Any] = {}


def _pattern(name: str) -> Any:
    """Regular expressions compiled on first use, so that start-up does not pay for them."""
    if not _patterns:
        import re

        _patterns.update({
            "id": re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z"),
            "alpha2": re.compile(r"[A-Z]{2}\Z"),
            "alpha3": re.compile(r"[A-Z]{3}\Z"),
        })
    return _patterns[name]


_EXACT = r"\d{4}(-\d{2}(-\d{2})?)?"
# An exact date, or a range: two dates, or one and an open side (`..`), joined by "/".
DATE_PATTERN = rf"^({_EXACT}(/({_EXACT}|\.\.))?|\.\./{_EXACT})$"


class FieldType:
    """One compiled type code: `check(value)` -> None or what is wrong; `schema`; `references`."""

    __slots__ = ("code", "check", "schema", "optional", "references")

    def __init__(self, code: str, check: Check, schema: dict[str, Any], optional: bool = False,
                 references: Callable[[Any, str], Iterator[Reference]] | None = None) -> None:
        self.code, self.check, self.schema = code, check, schema
        self.optional, self.references = optional, references


class RecordType:
    """A compiled object spec: every field's type, checked and described in one pass."""

    __slots__ = ("fields", "names", "schema", "has_references")

    def __init__(self, spec: Spec) -> None:
        self.fields = {name: compile_type(code) for name, code in spec.items()}
        self.names = frozenset(self.fields)
        self.has_references = any(t.references for t in self.fields.values())
        self.schema = {
            "type": "object",
            "properties": {name: t.schema for name, t in self.fields.items()},
            "required": list(self.fields),
            "additionalProperties": False,
        }

    def problems(self, obj: Any) -> list[str]:
        """Every problem of OBJ, each naming its field; missing optional fields are set to null."""
        if not isinstance(obj, dict):
            return ["is not a JSON object"]
        found = []
        for name, field in self.fields.items():
            if name not in obj:
                if field.optional:
                    obj[name] = None
                    continue
                found.append(f"missing required field '{name}'")
                continue
            problem = field.check(obj[name])
            if problem:
                found.append(f"field '{name}' {problem}")
        if len(obj) > len(self.fields):
            found += [f"unknown field '{name}'" for name in sorted(set(obj) - self.names)]
        return found

    def check(self, obj: Any) -> str | None:
        found = self.problems(obj)
        return "; ".join(found) if found else None

    def references(self, obj: dict[str, Any], prefix: str = "") -> Iterator[Reference]:
        """(where, dataset, id) for every reference in OBJ."""
        if not self.has_references:
            return
        for name, field in self.fields.items():
            if field.references and obj.get(name) is not None:
                yield from field.references(obj[name], prefix + name)


class Maybe:
    """An object field that may be null (or left out of a data file)."""

    __slots__ = ("spec",)

    def __init__(self, spec: Spec) -> None:
        self.spec = spec


_compiled: dict[str, FieldType] = {}


def compile_type(code: str | Spec | list[Any]) -> FieldType:
    """The FieldType of a type code (compiled once per distinct code) or of a nested spec."""
    if isinstance(code, dict):
        return _object_type(RecordType(code))
    if isinstance(code, Maybe):
        return _optional(_object_type(RecordType(code.spec)), "{}?")
    if isinstance(code, list):
        return _list("[]*" if code[1:] == ["*"] else "[]", _object_type(RecordType(code[0])))
    if code not in _compiled:
        _compiled[code] = _compile(code)
    return _compiled[code]


def _compile(code: str) -> FieldType:
    if code.endswith("?"):
        return _optional(compile_type(code[:-1]), code)
    if code.startswith("["):
        return _list(code)
    if code.startswith("enum:"):
        return _enum(code)
    if code.startswith("ref:"):
        return _reference(code)
    if code in _SIMPLE:
        check, schema = _SIMPLE[code]
        return FieldType(code, check, schema)
    raise ValueError(f"unknown type code {code!r}")


def _optional(inner: FieldType, code: str) -> FieldType:
    def check(value: Any) -> str | None:
        return None if value is None else inner.check(value)

    return FieldType(code, check, {"anyOf": [inner.schema, {"type": "null"}]}, True,
                     inner.references)


def _list(code: str, inner: FieldType | None = None) -> FieldType:
    may_be_empty = code.endswith("*")
    inner = inner or compile_type(code[1:code.rindex("]")])

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        if not value and not may_be_empty:
            return "must not be empty"
        for position, item in enumerate(value, 1):
            problem = inner.check(item)
            if problem:
                return f"item {position} {problem}"
        return None

    references = None
    inner_references = inner.references
    if inner_references:
        def references(value: Any, where: str) -> Iterator[Reference]:
            for position, item in enumerate(value if isinstance(value, list) else [], 1):
                yield from inner_references(item, f"{where}[{position}]")

    schema = {"type": "array", "items": inner.schema, "minItems": 0 if may_be_empty else 1}
    return FieldType(code, check, schema, False, references)


def _enum(code: str) -> FieldType:
    words = tuple(code[5:].split(","))

    def check(value: Any) -> str | None:
        if value in words:
            return None
        return f"must be one of {', '.join(words)}, not {value!r}"

    return FieldType(code, check, {"type": "string", "enum": list(words)})


def _reference(code: str) -> FieldType:
    target = code[4:]
    id_check = _SIMPLE["id"][0]

    def references(value: Any, where: str) -> Iterator[Reference]:
        if isinstance(value, str):
            yield where, target, value

    return FieldType(code, id_check, {"type": "string", "minLength": 1}, False, references)


def _object_type(record: RecordType) -> FieldType:
    def check(value: Any) -> str | None:
        found = record.problems(value)
        return f"has {'; '.join(found)}" if found else None

    references = None
    if record.has_references:
        def references(value: Any, where: str) -> Iterator[Reference]:
            if isinstance(value, dict):
                yield from record.references(value, where + ".")

    return FieldType("{}", check, record.schema, False, references)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    return None if value.strip() else "must not be empty"


def _matching(name: str, what: str) -> Check:
    def check(value: Any) -> str | None:
        problem = _text(value)
        if problem:
            return problem
        return None if _pattern(name).match(value) else f"must be {what}, not {value!r}"

    return check


_known_dates: set[str] = set()  # dates already checked: most files repeat a few hundred dates


def _date(value: Any) -> str | None:
    if isinstance(value, str) and value in _known_dates:
        return None
    from wco_cli.timeline import data_date_problem

    problem = _text(value) or data_date_problem(value)
    if problem is None:
        _known_dates.add(value)
    return problem


def _int(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return "must be a whole number"


def _value(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) else _text(value)


_SIMPLE: dict[str, tuple[Check, dict[str, Any]]] = {
    "str": (_text, {"type": "string", "minLength": 1}),
    "int": (_int, {"type": "integer"}),
    "number": (lambda v: None if isinstance(v, (int, float)) and not isinstance(v, bool)
               else "must be a number", {"type": "number"}),
    "bool": (lambda v: None if isinstance(v, bool) else "must be true or false",
             {"type": "boolean"}),
    "date": (_date, {"type": "string", "pattern": DATE_PATTERN}),
    "value": (_value, {"type": ["string", "integer"]}),
    "id": (_matching("id", "lower-case letters and digits joined by - or _"),
           {"type": "string", "pattern": r"^[a-z0-9]+([-_][a-z0-9]+)*$"}),
    "alpha2": (_matching("alpha2", "an ISO 3166-1 alpha-2 code"),
               {"type": "string", "pattern": "^[A-Z]{2}$"}),
    "alpha3": (_matching("alpha3", "an ISO 3166-1 alpha-3 code"),
               {"type": "string", "pattern": "^[A-Z]{3}$"}),
}


def enum_values(code: str) -> tuple[str, ...]:
    """The words of an enum code (also behind `?`), for help texts and completion."""
    code = code.rstrip("?")
    return tuple(code[5:].split(",")) if code.startswith("enum:") else ()
