"""Loading and validating the data files.

Nothing is read at import time: `load(name)` reads one file on first use and keeps it, so a
command reads only the files it needs (pycountry's approach). Files from a user's directory
(--data-dir, WCO_DATA_DIR) are checked against `models.RECORDS` and for references to unknown
regions and sources as they load; the bundled files are checked by the test suite with the
same functions (`check_all`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from wco_cli.errors import DataError
from wco_cli.models import NESTED, RECORDS

Record = dict[str, Any]
DATASETS = tuple(RECORDS)
ENV_DATA_DIR = "WCO_DATA_DIR"

# Patterns, not compiled objects: `re` compiles them on first use, so start-up does not pay
# for them on the commands that never validate anything.
_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_ID = r"^[a-z0-9]+([-_][a-z0-9]+)*$"
_ALPHA = {"alpha2": r"^[A-Z]{2}$", "alpha3": r"^[A-Z]{3}$"}

_override: Path | None = None
_cache: dict[str, list[Record]] = {}


def bundled_dir() -> Path:
    """The data shipped in the wheel; in a source checkout, the repository's data/ folder."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "data"


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Point loading at another directory (the --data-dir option); None restores the default."""
    global _override
    _override = Path(path) if path is not None else None
    _cache.clear()


def data_dir() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else bundled_dir()


def is_custom_dir() -> bool:
    """True when the user chose a directory (--data-dir or WCO_DATA_DIR): its files get checked."""
    return _override is not None or bool(os.environ.get(ENV_DATA_DIR))


def read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise DataError(f"data file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None


def load(name: str) -> list[Record]:
    """The records of data/NAME.json, validated; read once per process."""
    if name not in _cache:
        path = data_dir() / f"{name}.json"
        records = read_json(path)
        if is_custom_dir():
            # A user's files are checked fully on every load. The bundled files are checked by
            # the test suite with these same functions and cannot change after install, so
            # start-up does not pay for checking them again.
            validate_records(name, records, path.name)
            check_references(name, records, path.name, {ref: ids(ref) for ref in referenced_datasets(name)})
        _cache[name] = records
    return _cache[name]


def load_meta() -> dict[str, Any]:
    meta = read_json(data_dir() / "meta.json")
    if not isinstance(meta, dict) or not isinstance(meta.get("data_reviewed"), str):
        raise DataError(f"{data_dir() / 'meta.json'}: needs a 'data_reviewed' date")
    return meta


def ids(name: str) -> set[str]:
    return {record["id"] for record in load(name)}


def by_id(name: str) -> dict[str, Record]:
    return {record["id"]: record for record in load(name)}


# ---- validation ------------------------------------------------------------------------------

def referenced_datasets(name: str) -> set[str]:
    """The datasets whose ids the records of NAME refer to (ref:X in its spec or its nested specs)."""
    kinds = " ".join(RECORDS[name].values())
    kinds += " ".join(" ".join(NESTED[nested].values()) for nested in re.findall(r"@(\w+)", kinds))
    return set(re.findall(r"ref:(\w+)", kinds)) - {name}


def validate_records(name: str, records: Any, filename: str) -> None:
    """Raise DataError naming the file, the record and the problem for the first fault found."""
    if not isinstance(records, list):
        raise DataError(f"{filename}: expected a JSON array of records")
    seen: set[str] = set()
    for index, record in enumerate(records):
        label = f"record {index + 1}"
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            label = f"record '{record['id']}'"
        problem = check_object(record, RECORDS[name])
        if problem:
            raise DataError(f"{filename}: {label}: {problem}")
        if record["id"] in seen:
            raise DataError(f"{filename}: {label}: duplicate id")
        seen.add(record["id"])


def check_object(obj: Any, spec: dict[str, str]) -> str | None:
    if not isinstance(obj, dict):
        return "is not a JSON object"
    for field, kind in spec.items():
        if field not in obj:
            return f"missing required field '{field}'"
        problem = check_value(obj[field], kind)
        if problem:
            return f"field '{field}' {problem}"
    extra = sorted(set(obj) - set(spec))
    if extra:
        return f"unknown field '{extra[0]}'"
    return None


def check_value(value: Any, kind: str) -> str | None:
    """None if VALUE fits the type code KIND (see models.py), else what is wrong with it."""
    if kind.endswith("?"):
        return None if value is None else check_value(value, kind[:-1])
    if value is None:
        return "is null but is required"
    if kind.startswith("["):
        may_be_empty = kind.endswith("*")
        inner = kind[1:kind.rindex("]")]
        if not isinstance(value, list):
            return "must be a list"
        if not value and not may_be_empty:
            return "must not be empty"
        for item in value:
            problem = check_value(item, inner)
            if problem:
                return f"has an item that {problem}"
        return None
    if kind.startswith("@"):
        return check_object(value, NESTED[kind[1:]])
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "int":
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"
    if kind == "value":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return check_value(value, "str")
    if not isinstance(value, str):
        return "must be text"
    if not value.strip():
        return "must not be empty"
    if kind == "date" and not re.match(_DATE, value):
        return f"must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}"
    if (kind == "id" or kind.startswith("ref:")) and not re.match(_ID, value):
        return f"must be lower-case letters and digits joined by - or _, not {value!r}"
    if kind in _ALPHA and not re.match(_ALPHA[kind], value):
        return f"must be an ISO 3166-1 {kind} code, not {value!r}"
    if kind.startswith("enum:") and value not in kind[5:].split(","):
        return f"must be one of {kind[5:].replace(',', ', ')}, not {value!r}"
    return None


def check_references(name: str, records: list[Record], filename: str, known: dict[str, set[str]]) -> None:
    """Raise DataError for the first ref:X value that is not an id in X (KNOWN maps X to its ids)."""
    for record in records:
        for where, kind, value in _references(record, RECORDS[name]):
            target = kind[4:]
            if target in known and value not in known[target]:
                raise DataError(f"{filename}: record '{record['id']}': {where} refers to unknown {target[:-1]} '{value}'")


def _references(obj: Record, spec: dict[str, str], prefix: str = ""):
    for field, kind in spec.items():
        base = kind.rstrip("?*").strip("[]")
        values = obj.get(field)
        items = values if isinstance(values, list) else [values]
        if base.startswith("ref:"):
            for value in items:
                if value is not None:
                    yield f"{prefix}{field}", base, value
        elif base.startswith("@"):
            for position, item in enumerate(items, 1):
                if isinstance(item, dict):
                    yield from _references(item, NESTED[base[1:]], f"{prefix}{field}[{position}].")


def check_all() -> dict[str, int]:
    """Check every file of the current data directory, bundled or not: each record's shape,
    unique ids and every reference between files. Returns the record count of each dataset."""
    folder = data_dir()
    loaded = {}
    for name in DATASETS:
        records = read_json(folder / f"{name}.json")
        validate_records(name, records, f"{name}.json")
        loaded[name] = records
    known = {name: {record["id"] for record in records} for name, records in loaded.items()}
    for name, records in loaded.items():
        check_references(name, records, f"{name}.json", known)
    load_meta()
    return {name: len(records) for name, records in loaded.items()}
