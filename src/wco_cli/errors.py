"""The project's exceptions. The CLI boundary turns each into one stderr line and an exit code."""

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class WcoError(Exception):
    """Base class: `str(error)` is the one-line message shown to the user."""

    exit_code = EXIT_USAGE


class UsageError(WcoError):
    """A bad option value or argument (exit 2)."""

    exit_code = EXIT_USAGE


class NotFoundError(WcoError):
    """A lookup of one named thing found nothing (exit 1)."""

    exit_code = EXIT_NOT_FOUND


class DataError(WcoError):
    """A data file is missing, malformed or inconsistent (exit 2)."""

    exit_code = EXIT_USAGE
