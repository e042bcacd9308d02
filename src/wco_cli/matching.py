"""The one lookup rule for every named thing (Members, regions, offices, facts, goal sets, sources,
instruments).

- Case, accents and punctuation are folded: "Côte d'Ivoire" is "cote d ivoire".
- A query equal to a record's id, code, name or alias names that record.
- Otherwise the query names the records with a name, alias or code of which each query word is
  a whole word: "bosnia" finds Bosnia and Herzegovina, "dominica" does not find the Dominican
  Republic. A two-letter query is taken as a code and must equal one. Articles and "and"/"of"
  alone match nothing.
- A close spelling is only ever a suggestion in an error, never an answer: each word of the
  suggestion is within one edit of the query's (two for words of eight letters or more).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from wco_cli.text import normalize as fold
from wco_cli.text import visible

T = TypeVar("T")
STOPWORDS = frozenset({"and", "of", "the", "de", "la", "le", "el", "des", "du", "d", "l"})


def words_of(text: str) -> list[str]:
    return fold(text).split()


def allowed_edits(length: int) -> int:
    return 0 if length < 4 else 1 if length < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), or LIMIT + 1 once it
    must exceed LIMIT (when the whole of A is within LIMIT edits of a start of B, the distance
    itself, as the full table gives it).

    A common start costs no edit, so it is skipped; and only the cells within LIMIT of the
    diagonal are worked out (a cell further off is more than LIMIT edits away, and counts as
    LIMIT + 1), which is what keeps a search's typo matching cheap."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    common = 0
    for char, other in zip(a, b):
        if char != other:
            break
        common += 1
    if common:
        a, b = a[common:], b[common:]
    beyond = limit + 1
    before: list[int] = []
    previous = [j if j <= limit else beyond for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [beyond] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        char = a[i - 1]
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            other = b[j - 1]
            cell = previous[j - 1] + (char != other)
            if previous[j] < cell:
                cell = previous[j] + 1
            if current[j - 1] < cell:
                cell = current[j - 1] + 1
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other \
                    and before[j - 2] < cell:
                cell = before[j - 2] + 1
            current[j] = cell
        if min(current) > limit:
            return beyond
        before, previous = previous, current
    if previous[-1] <= limit:
        return previous[-1]
    # Beyond LIMIT, yet the whole of A came within it of a start of B: the exact distance,
    # from the full table (a band as wide as the strings).
    return edit_distance(a, b, max(len(a), len(b)))


def is_close(query: str, candidate: str) -> bool:
    """One edit in all (in text of five letters or more), or word by word each word within its
    allowance: one edit for four to seven letters, two from eight on."""
    if query == candidate:
        return False
    if min(len(query), len(candidate)) >= 5 and edit_distance(query, candidate, 1) <= 1:
        return True
    wanted, offered = query.split(), candidate.split()
    if len(wanted) != len(offered):
        return False
    return all(edit_distance(a, b, allowed_edits(max(len(a), len(b))))
               <= allowed_edits(max(len(a), len(b))) for a, b in zip(wanted, offered))


def closest(query: str, candidates: Iterable[str]) -> str | None:
    """The candidate (as written) that QUERY most likely misspells, or None if none is close."""
    wanted = fold(query)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        folded = fold(candidate)
        if is_close(wanted, folded):
            distance = edit_distance(wanted, folded, 4)
            if best is None or distance < best[0]:
                best = (distance, candidate)
    return best[1] if best else None


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
                folded = {fold(key) for key in self.keys(record) if key}
                for key in folded:
                    exact.setdefault(key, []).append(position)
                self._word_sets.append([frozenset(key.split()) for key in folded])
            self._exact = exact
        return self._exact

    def find(self, query: str) -> list[T]:
        """The records QUERY names: exact matches if any, else whole-word matches."""
        wanted = fold(query)
        if not wanted:
            return []
        exact = self._index().get(wanted)
        if exact:
            return [self.records[position] for position in exact]
        words = set(wanted.split()) - STOPWORDS
        if not words or (len(wanted) <= 2 and " " not in wanted):
            return []
        return [record for record, key_sets in zip(self.records, self._word_sets)
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
