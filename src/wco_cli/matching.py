"""The one lookup rule for every named thing (Members, regions, offices, facts, goal sets, sources,
instruments).

Every rule about text (folding, common words, how close a misspelling is) is text.py's.

- Case, accents and punctuation are folded (text.fold_words): "Côte d'Ivoire" is
  "cote d ivoire", "Łódź" is "lodz".
- A query equal to a record's id, code, name or alias names that record.
- Otherwise the query names the records with a name, alias or code of which each query word is
  a whole word: "bosnia" finds Bosnia and Herzegovina, "dominica" does not find the Dominican
  Republic. A two-letter query is taken as a code and must equal one. Articles and "and"/"of"
  (text.NAME_STOPWORDS) alone match nothing.
- A close spelling is only ever a suggestion in an error, never an answer (text.closest): each
  word of the suggestion is within text.allowed_edits(..., suggestion=True) of the query's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from wco_cli.text import NAME_STOPWORDS, closest, fold_words, visible

T = TypeVar("T")


class Matcher(Generic[T]):
    """Finds records by the one rule. KEYS gives a record's names, aliases and codes; NAME_OF
    the name shown in messages. Indexes are built once, on first use."""

    def __init__(self, records: Sequence[T], keys: Callable[[T], Iterable[str | None]],
                 name_of: Callable[[T], str]) -> None:
        self.records, self.keys, self.name_of = records, keys, name_of
        self._exact: dict[str, list[int]] | None = None
        self._word_sets: list[list[frozenset[str]]] = []

    def _index(self) -> dict[str, list[int]]:
        if self._exact is None:
            exact: dict[str, list[int]] = {}
            for position, record in enumerate(self.records):
                folded = {fold_words(key) for key in self.keys(record) if key}
                for key in folded:
                    exact.setdefault(key, []).append(position)
                self._word_sets.append([frozenset(key.split()) for key in folded])
            self._exact = exact
        return self._exact

    def find(self, query: str) -> list[T]:
        """The records QUERY names: exact matches if any, else whole-word matches."""
        wanted = fold_words(query)
        if not wanted:
            return []
        exact = self._index().get(wanted)
        if exact:
            return [self.records[position] for position in exact]
        words = set(wanted.split()) - NAME_STOPWORDS
        if not words or (len(wanted) <= 2 and " " not in wanted):
            return []
        return [record for record, key_sets in zip(self.records, self._word_sets, strict=False)
                if any(words <= key_words for key_words in key_sets)]

    def suggestion(self, query: str) -> str | None:
        names: list[str] = []
        for record in self.records:
            names += [key for key in self.keys(record) if key]
        found = closest(query, names)
        if found is None:
            return None
        matches = self.find(found)
        return self.name_of(matches[0]) if len(matches) == 1 else found


def describe(records: Sequence[Any], name_of: Callable[[Any], str], limit: int = 12) -> str:
    """The names of RECORDS for a message: names from a data directory are escaped and
    shortened, as the user's text is."""
    shown = ", ".join(visible(name_of(record)) for record in records[:limit])
    return shown + (f" and {len(records) - limit} more" if len(records) > limit else "")
