"""`wco search`: one ranked list across every searchable dataset."""

from typing import Annotated, Any

import typer

from wco_cli.cli.options import complete, completed, db, prints
from wco_cli.cli.output import Listing
from wco_cli.ranking import SEARCH_VIEW

EXAMPLES = """Examples:

  wco search training hungary

  wco search mikuriya --kind event"""

SEARCH_COLUMNS = ("kind", "id", "title", "snippet")


def _kinds() -> list[str]:
    """Every searchable dataset's kind of record, in registry order (imports every dataset)."""
    from wco_cli.search_index import kinds

    return list(kinds())


def _kinds_help() -> str:
    from wco_cli.filters import one_of

    return f"{one_of(_kinds())}."


# The help of --kind, worked out when help is shown (cli/app.py LateHelpCommand): a search with
# the prebuilt index imports no dataset module, and must not for its help text either.
LATE_HELP = {"kind": _kinds_help}


class SearchListing(Listing):
    """The search results; when they are all of the registry, the notes under the table tell
    how many HS codes the words match. The notes are worked out when first read: only a table
    drawn for a person reads them, and counting HS matches loads the HS data, a cost that JSON,
    CSV and piped output must not pay."""

    __slots__ = ("_notes", "_hs_words")

    def __init__(self, rows: list[dict[str, Any]], title: str, hs_words: list[str] | None
                 ) -> None:
        self._hs_words = hs_words
        super().__init__(list(SEARCH_VIEW), SEARCH_COLUMNS, rows, title)

    @property
    def notes(self) -> list[str]:
        if self._hs_words is not None:
            from wco_cli.ranking import hs_note

            note = hs_note(db(), self._hs_words)
            self._notes += [note] if note else []
            self._hs_words = None
        return self._notes

    @notes.setter
    def notes(self, value: list[str]) -> None:
        self._notes = value


@prints
def command(
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS...",
        help="Words to look for; all are required; case, accents and small typos are forgiven; "
             "common words (the, of, and...) are ignored.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", metavar="KIND", click_type=completed(complete(_kinds)),
        help="A kind of record (see 'wco search --help').")] = None,
) -> Listing:
    """Search the registry at once, best match first; a table ends with how many HS codes match."""
    text = " ".join(words)
    # HS codes are no kind of record: with --kind, the search is narrowed to records.
    return SearchListing(db().search(text, kind), f"Search: {text[:40]}",
                         None if kind else words)
