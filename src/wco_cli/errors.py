"""The project's exceptions. Each names the field and value at fault in the library's words;
only the CLI's error boundary turns a field into its `--flag` and an exception into an exit status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from wco_cli.text import did_you_mean, escape_controls, visible

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # sysexits EX_SOFTWARE: a bug in wco
EXIT_OUTPUT = 74  # sysexits EX_IOERR: the output could not be written

MAX_LISTED = 12
MAX_MESSAGE = 1000  # characters: a message is one line a person reads, never a dump


MAX_QUOTED = 200  # characters of a value a message quotes whole (a path, say)


def safe_message(text: str, value: object = None) -> str:
    """TEXT made safe for stderr: where it quotes VALUE (argv, stdin, a data directory) raw,
    VALUE is escaped and, past MAX_QUOTED characters, shortened in the middle (a path keeps its
    file name); what else could carry a control character is escaped through text.visible,
    and the whole is kept to MAX_MESSAGE characters."""
    if isinstance(value, str) and value:
        for raw in {value, value.strip()}:
            if raw and raw in text and (len(raw) > MAX_QUOTED or escape_controls(raw) != raw):
                text = text.replace(raw, _quoted(raw))
    return visible(text, MAX_MESSAGE)


def _quoted(raw: str) -> str:
    if len(raw) <= MAX_QUOTED:
        return escape_controls(raw)
    return visible(raw[:MAX_QUOTED // 2], MAX_QUOTED // 2).rstrip("…") + "…" \
        + escape_controls(raw[-(MAX_QUOTED // 4):])


class WcoError(Exception):
    """Base class: `str(error)` is the one-line message, naming the field and value at fault."""

    exit_code = EXIT_USAGE
    field: str | None = None

    def message(self, label: str | None = None) -> str:
        """The message with the field shown as LABEL (the CLI passes the option's --flag)."""
        text = safe_message(str(self), getattr(self, "value", None))
        if label and self.field and text.startswith(f"{self.field}: "):
            return f"{label}: {text[len(self.field) + 2:]}"
        return text


class InvalidValue(WcoError, ValueError):
    """A value given for FIELD is not valid: VALID lists what would be, SUGGESTION the close one."""

    exit_code = EXIT_USAGE

    def __init__(self, field: str, value: object, problem: str, valid: Iterable[str] = (),
                 suggestion: str | None = None) -> None:
        self.field, self.value, self.problem = field, value, problem
        self.valid: tuple[str, ...] = tuple(valid)
        self.suggestion = suggestion
        text = f"{field}: {problem}"
        if self.valid:
            # Valid values can come from the input too (the header of `wco hs - --column`).
            shown = ", ".join(visible(item) for item in self.valid[:MAX_LISTED])
            shown += ", ..." if len(self.valid) > MAX_LISTED else ""
            text += f" (valid: {shown})"
        text += did_you_mean(suggestion)
        super().__init__(safe_message(text, value))


class NotFound(WcoError, LookupError):
    """A lookup of one named thing found nothing (exit 1); SUGGESTION is a close name, if any;
    DATASET the dataset looked in, when it was one."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, value: object = None, suggestion: str | None = None,
                 field: str | None = None, dataset: str | None = None) -> None:
        self.value, self.suggestion, self.field = value, suggestion, field
        self.dataset = dataset
        text = message + did_you_mean(suggestion)
        super().__init__(safe_message(text, value))


class Ambiguous(WcoError, LookupError):
    """A name matches several records; CANDIDATES holds them, as copies (the values, where
    sources disagree on a fact's value: facts.at) (exit 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, value: object, candidates: Sequence[Any],
                 field: str | None = None) -> None:
        self.value, self.field = value, field
        self.candidates: list[Any] = list(candidates)
        super().__init__(safe_message(message, value))


class DataError(WcoError):
    """A data file is missing, malformed or inconsistent (exit 2)."""

    exit_code = EXIT_USAGE


class UsageError(WcoError):
    """Options that cannot be used together, or a command line that makes no sense (exit 2)."""

    exit_code = EXIT_USAGE


class OutputError(WcoError):
    """A file wco was asked to write could not be written (exit 74); nothing was replaced."""

    exit_code = EXIT_OUTPUT


# Names of version 1, kept for code that imported them.
NotFoundError = NotFound
