"""`wco search`: one ranked list across every searchable dataset of the registry.

Every word of the query must match a word of the record: exactly, as a prefix, or within a
small edit distance (one edit for words of 5-7 letters, two for longer ones), so "cote" finds
Côte d'Ivoire and "trainng" finds the training centres. Matches in the title weigh more.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.errors import InvalidValue
from wco_cli.matching import closest, edit_distance
from wco_cli.text import normalize, visible

if TYPE_CHECKING:
    from wco_cli.datasets.base import Document
    from wco_cli.store import Database

EXACT, PREFIX, FUZZY = 3, 2, 1
TITLE_WEIGHT = 2


def kinds() -> tuple[str, ...]:
    """The kinds of record search shows, in the registry's order."""
    from wco_cli.datasets import NAMES, dataset_class

    return tuple(k for k in (dataset_class(n).search_kind for n in NAMES) if k)


def documents(db: Database, wanted: tuple[str, ...]) -> Iterator[Document]:
    """(kind, id, title, other names, body) of every record of the WANTED kinds. A query equal
    to the title or to one of the other names ranks its record first."""
    for dataset in db.datasets():
        if dataset.search_kind in wanted:
            yield from dataset.documents()


def word_score(word: str, title_words: list[str], body_words: list[str]) -> int:
    best = max(_match(word, title_words), default=0) * TITLE_WEIGHT
    return max(best, max(_match(word, body_words), default=0))


def _match(word: str, candidates: list[str]) -> Iterator[int]:
    allowed = 0 if len(word) < 5 else 1 if len(word) < 8 else 2
    for candidate in candidates:
        if candidate == word:
            yield EXACT
        elif candidate.startswith(word) and len(word) >= 2:
            yield PREFIX
        elif allowed and edit_distance(word, candidate, allowed) <= allowed:
            yield FUZZY


def snippet(body: str, title: str, words: list[str], width: int = 70) -> str:
    """The part of the record's text where the first query word appears (the title if it is there)."""
    for text in (title, body):
        folded = normalize(text)
        for word in words:
            at = folded.find(word)
            if at >= 0:
                plain = " ".join(text.split())
                start = max(0, min(at, len(plain)) - 20)
                piece = plain[start:start + width]
                return ("…" if start else "") + piece + ("…" if start + width < len(plain) else "")
    return " ".join(body.split())[:width]


def search(db: Database, text: str, kind: str | None = None) -> list[dict[str, Any]]:
    words = normalize(text).split()
    phrase = " ".join(words)
    if not words:
        raise InvalidValue("words", text, "give at least one word to look for")
    valid = kinds()
    if kind is not None and kind.strip().casefold() not in valid:
        raise InvalidValue("kind", kind, f"'{visible(kind)}' is not valid", valid,
                           closest(kind, valid))
    wanted = (kind.strip().casefold(),) if kind else valid
    results = []
    for doc_kind, doc_id, title, names, body in documents(db, wanted):
        title_words = normalize(title).split()
        body_words = normalize(f"{doc_id} {' '.join(names)} {body}").split()
        scores = [word_score(word, title_words, body_words) for word in words]
        if all(scores):
            bonus = 10 if phrase in {normalize(name) for name in (title, *names)} else 0
            results.append({"kind": doc_kind, "id": doc_id, "title": title,
                            "snippet": snippet(body, title, words), "score": sum(scores) + bonus})
    results.sort(key=lambda row: (-row["score"], valid.index(row["kind"]), row["title"]))
    return results
