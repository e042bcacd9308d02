"""A data directory's files read as untrusted input.

A file is read only if it is a regular file that resolves inside its directory (a symlink may
point elsewhere in the directory, never out of it), no larger than MAX_FILE_BYTES. It is opened
without blocking, so a FIFO is refused instead of waiting for a writer, and checked once open,
so a file swapped after the check is not read either. JSON from a user's directory is parsed
strictly: duplicate keys, NaN and Infinity, and numbers beyond MAX_NUMBER_DIGITS are refused with
the file and the place named; so is nesting too deep to parse.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from wco_cli.errors import DataError

MAX_FILE_BYTES = 64 * 1024 * 1024  # the largest bundled file is under 1 MB
MAX_DEPTH = 32  # where a refusal points: the deepest record nests 6 levels
MAX_NUMBER_DIGITS = 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def bundled_dir() -> Path:
    """The data shipped in the wheel; in a source checkout, the repository's data/ folder."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "data"


def resolved_inside(root: Path, relative: str) -> Path:
    """The real path of ROOT/RELATIVE, which must exist inside ROOT; else DataError."""
    path = root / relative
    try:
        real = Path(os.path.realpath(path, strict=True))
        base = Path(os.path.realpath(root))
    except FileNotFoundError:
        kind = "a symlink to nothing" if os.path.islink(path) else "not found"
        raise DataError(f"{path}: data file {kind}") from None
    except (OSError, RuntimeError) as error:  # a symlink loop, a name too long
        raise DataError(f"{path}: cannot be read ({_reason(error)})") from None
    if base not in real.parents:
        raise DataError(f"{path}: leads outside the data directory (to {real}); only files "
                        "inside it are read")
    return real


def open_inside(root: Path, relative: str, limit: int = MAX_FILE_BYTES) -> BinaryIO:
    """ROOT/RELATIVE opened for reading in binary, once checked as the module doc says."""
    path = root / relative
    real = resolved_inside(root, relative)
    try:
        descriptor = os.open(real, _OPEN_FLAGS)
    except OSError as error:
        raise DataError(f"{path}: cannot be read ({_reason(error)})") from None
    try:
        status = os.fstat(descriptor)
        for is_kind, kind in _KINDS:
            if is_kind(status.st_mode):
                raise DataError(f"{path}: is {kind}, not a regular file")
        if not stat.S_ISREG(status.st_mode):
            raise DataError(f"{path}: not a regular file")
        if status.st_size > limit:
            raise DataError(f"{path}: {status.st_size:,} bytes, over the limit of {limit:,} "
                            "for a data file")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_inside(root: Path, relative: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ROOT/RELATIVE, read as open_inside allows, never more than LIMIT."""
    with open_inside(root, relative, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise DataError(f"{root / relative}: cannot be read ({_reason(error)})") from None
    if len(data) > limit:  # grew since it was checked
        raise DataError(f"{root / relative}: over the limit of {limit:,} bytes for a data file")
    return data


def load_json(root: Path, relative: str, strict: bool = True) -> Any:
    """The JSON document of ROOT/RELATIVE; STRICT (a user's directory) as the module doc says.
    The bundled files are parsed as they are: the test suite checks them instead."""
    return parse_json(read_inside(root, relative), root / relative, strict)


def parse_json(data: bytes, where: Path, strict: bool = True) -> Any:
    """The JSON document DATA (the bytes of the file WHERE), parsed as load_json says."""
    import json

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"{where}: not UTF-8 (byte {data[error.start]:#04x} at offset "
                        f"{error.start})") from None
    try:
        if not strict:
            return json.loads(text)
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_constant,
                              parse_int=_integer, parse_float=_number)
    except json.JSONDecodeError as error:
        raise DataError(f"{where}: not valid JSON ({error})") from None
    except _Refused as error:
        raise DataError(f"{where}: {error}") from None
    except RecursionError:
        # Deeper than the parser goes; nesting below that but deeper than a record's spec
        # allows is refused by the record checks, which never recurse past the spec.
        raise DataError(f"{where}: {_too_deep(text)}") from None
    return document


class _Refused(ValueError):
    """A value strict JSON refuses; the message says which."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = ""
        for key, _ in pairs:  # the first key given twice
            if key in seen:
                twice = key
                break
            seen.add(key)
        owner = found.get("id")
        where = f" in the object with id {owner!r}" if isinstance(owner, str) else ""
        raise _Refused(f"duplicate key {twice!r}{where}: which value is meant is unknown")
    return found


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(f"a number of {len(digits)} digits (at most {MAX_NUMBER_DIGITS})")
    return int(digits)


def _number(text: str) -> float:
    import math

    if len(text) > 2 * MAX_NUMBER_DIGITS or not math.isfinite(value := float(text)):
        raise _Refused(f"the number {text[:2 * MAX_NUMBER_DIGITS]} is out of range")
    return value


def _too_deep(text: str) -> str:
    """Where TEXT first nests deeper than MAX_DEPTH (only on the error path: a byte scan)."""
    level, line, column, quoted, escaped = 0, 1, 0, False, False
    for ch in text:
        column += 1
        if ch == "\n":
            line, column = line + 1, 0
        elif escaped:
            escaped = False
        elif quoted:
            escaped, quoted = ch == "\\", ch != '"'
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            level += 1
            if level > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels (line {line} column {column})"
        elif ch in "]}":
            level -= 1
    return f"nested deeper than {MAX_DEPTH} levels"


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
