"""`wco validate`: check every data file and the references between them."""

import sys

from wco_cli.errors import DataError
from wco_cli.options import db

HELP = "Check every data file (bundled, --data-dir or WCO_DATA_DIR) and their references."
EXAMPLES = """Examples:

  wco validate

  wco --data-dir ./my-data validate"""


def command() -> None:
    """Check every data file (bundled, --data-dir or WCO_DATA_DIR) and their references; report
    every problem found (up to 50)."""
    database = db()
    counts, problems = database.validate()
    if problems:
        for problem in problems[:-1]:
            sys.stderr.write(f"wco: {problem}\n")
        raise DataError(f"{problems[-1]} ({len(problems)} problem"
                        f"{'s' if len(problems) > 1 else ''} in {database.path})")
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"{database.path}: valid ({summary})\n")
