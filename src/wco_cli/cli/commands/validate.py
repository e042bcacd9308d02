"""`wco validate`: check every data file and the references between them."""

import sys

from wco_cli.cli.options import db
from wco_cli.errors import DataError
from wco_cli.text import escape_controls

EXAMPLES = """Examples:

  wco validate

  wco --data-dir ./my-data validate"""


def command() -> None:
    """Check every data file (bundled, --data-dir or WCO_DATA_DIR) and their references, as
    strictly as a user's directory is read; report every problem, grouped by file, a file that
    cannot be read first (references into it are then not checked)."""
    database = db()
    counts, problems = database.validate()
    if problems:
        for problem in problems[:-1]:
            sys.stderr.write(f"wco: {escape_controls(problem)}\n")
        files = len({_file_of(problem) for problem in problems})
        raise DataError(f"{problems[-1]} ({len(problems)} problem"
                        f"{'s' if len(problems) > 1 else ''} in {files} file"
                        f"{'s' if files > 1 else ''} of {database.path})")
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"{database.path}: valid ({summary})\n")
    # Stale series are no error (the data is valid), but a reviewer should know of them.
    from wco_cli.timeline import change_words

    for dataset in database.datasets():
        for series, confirmed, expected in dataset.stale_series():
            sys.stdout.write(f"stale: {series} (last confirmed {confirmed}, expected "
                             f"{change_words(expected)})\n")
    # Nor is a stale search index: search reads what it does not cover from the data files.
    from wco_cli.search_index import staleness

    index = staleness(database)
    if index is not None:
        sys.stdout.write(f"stale: {escape_controls(index)}\n")


def _file_of(problem: str) -> str:
    """The file a problem names: its text up to the first ': '."""
    return problem.split(": ", 1)[0]
