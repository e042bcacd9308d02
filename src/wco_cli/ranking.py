"""`wco search`: one ranked list across every searchable dataset of the registry.

Every word of the query must match a word of the record: exactly; a word of four letters or
more also as the start of a longer word ("rilo" finds RILOs); a word of five letters or more
also within a small edit distance (one edit for 5-7 letters, two for longer ones), so "cote"
finds Côte d'Ivoire and "trainng" the training centres, while "cen" finds CEN, not "Central".
Common words (STOPWORDS) are ignored. Matches in the title weigh double, and a query equal to a
record's title or other name ranks that record first.

The index is built once per Database: the records' titles and other text, folded into two
strings, and the sorted list of their distinct words. A query word is compared once with each
distinct word (cheap bounds first, edit distance last); the records having a matching word are
then found by scanning the folded strings in C. A query costs in proportion to the distinct
words, not to records x words.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Collection, Iterable
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from wco_cli.errors import DataError, InvalidValue
from wco_cli.matching import STOPWORDS as NAME_STOPWORDS
from wco_cli.matching import closest, edit_distance
from wco_cli.text import normalize, visible

if TYPE_CHECKING:
    from wco_cli.datasets.base import Document
    from wco_cli.store import Database

EXACT, PREFIX, FUZZY = 3, 2, 1
TITLE_WEIGHT = 2
NAMED_BONUS = 10  # the query is a record's title or other name
MIN_PREFIX = 4  # shorter query words match whole words only: "cen" is not "Central"
SNIPPET_WIDTH, SNIPPET_LEAD = 70, 20  # characters shown; of them, before the matched word
# Words too common to tell records apart; a query of nothing else must name a record exactly
# ("DE", "IN" and "TO" are Members' codes).
STOPWORDS = NAME_STOPWORDS | frozenset(
    "a an at by for from in into on or to with et en les los las y".split())

# ASCII text is folded by one bytes.translate, which lowers letters and makes every other
# character a space: the accent folding of text.normalize, which ASCII text (most of the data)
# cannot need, would be most of the cost of indexing.
_ASCII_FOLD = bytes(
    code + 32 if 65 <= code <= 90 else code if 48 <= code <= 57 or 97 <= code <= 122 else 32
    for code in range(256))

_indexes: weakref.WeakKeyDictionary[Database, Index] = weakref.WeakKeyDictionary()


def words_of(text: str) -> list[str]:
    """The folded words of TEXT: text.normalize(TEXT).split()."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split()
    return normalize(text).split()


def fold(text: str) -> str:
    """TEXT as text.normalize() folds it: "Côte d'Ivoire" -> "cote d ivoire"."""
    return " ".join(words_of(text))


def kinds() -> tuple[str, ...]:
    """The kinds of record search shows, in the registry's order."""
    from wco_cli.datasets import NAMES, dataset_class

    return tuple(k for k in (dataset_class(n).search_kind for n in NAMES) if k)


class Texts:
    """Many texts folded into one string: the texts that have a word are found by one scan of
    it in C (str.find), rather than by a loop in Python over every word of every text."""

    def __init__(self, texts: list[str]) -> None:
        pieces = [text if text.isascii() else normalize(text) for text in texts]
        self.starts = list(accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=1))
        # Folding ASCII keeps every character in place, so the starts stay true; each piece is
        # between spaces, so " word " is found only as a whole word of one text.
        joined = " " + "\n".join(pieces) + " "
        self.folded = joined.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
        self._having: dict[str, list[int]] = {}

    def words(self) -> set[str]:
        return set(self.folded.split())

    def having(self, word: str) -> list[int]:
        """The texts (by position) that have WORD, a folded word; remembered, as for matches."""
        found = self._having.get(word)
        if found is None:
            if len(self._having) >= 4096:
                self._having.clear()
            found = self._having[word] = self._scan(word)
        return found

    def _scan(self, word: str) -> list[int]:
        found: list[int] = []
        pattern, folded, starts = f" {word} ", self.folded, self.starts
        at = folded.find(pattern)
        while at >= 0:
            text = bisect.bisect_right(starts, at + 1) - 1
            if not found or found[-1] != text:
                found.append(text)
            at = folded.find(pattern, at + len(word) + 1)
        return found


class Index:
    """The search index of one Database's records (built on its first search)."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents: list[Document] = list(documents)
        self.titles = Texts([doc[2] for doc in self.documents])
        self.bodies = Texts([f"{doc[1]} {' '.join(doc[3])} {doc[4]}" for doc in self.documents])
        self.known = self.titles.words() | self.bodies.words()
        self.vocabulary = sorted(self.known)  # the words a prefix begins are one run of it
        self._by_length: dict[int, list[str]] | None = None  # for typos, built on the first
        self._matches: dict[str, dict[str, int]] = {}

    def names(self, at: int) -> set[str]:
        """The folded title and other names of document AT."""
        _, _, title, names, *_ = self.documents[at]
        return {fold(name) for name in (title, *names)}

    def matches(self, word: str) -> dict[str, int]:
        """The index's words that WORD matches, each with its strength (EXACT, PREFIX, FUZZY);
        remembered, since a query's words recur across queries."""
        found = self._matches.get(word)
        if found is None:
            if len(self._matches) >= 4096:  # bounded: a long-running caller's memory stays flat
                self._matches.clear()
            found = self._matches[word] = self._find(word)
        return found

    def _find(self, word: str) -> dict[str, int]:
        if len(word) < MIN_PREFIX:
            return {word: EXACT} if word in self.known else {}
        found: dict[str, int] = {}
        vocabulary = self.vocabulary
        at = bisect.bisect_left(vocabulary, word)
        while at < len(vocabulary) and vocabulary[at].startswith(word):
            found[vocabulary[at]] = EXACT if vocabulary[at] == word else PREFIX
            at += 1
        allowed = 0 if len(word) < 5 else 1 if len(word) < 8 else 2
        if allowed:
            for candidate in self._close(word, allowed):
                found.setdefault(candidate, FUZZY)
        return found

    def _close(self, word: str, allowed: int) -> list[str]:
        """The index's words within ALLOWED edits of WORD. An edit adds or removes at most two
        of a word's letters, so words whose letters differ by more than 2 x ALLOWED are passed
        over without computing the distance."""
        if self._by_length is None:
            self._by_length = {}
            for candidate in self.vocabulary:
                self._by_length.setdefault(len(candidate), []).append(candidate)
        letters, most = set(word), 2 * allowed
        return [candidate
                for length in range(len(word) - allowed, len(word) + allowed + 1)
                for candidate in self._by_length.get(length, ())
                if len(letters.symmetric_difference(candidate)) <= most
                and edit_distance(word, candidate, allowed) <= allowed]

    def scores(self, word: str) -> dict[int, int]:
        """Document -> how well WORD matches it: its best match, doubled in the title."""
        scores: dict[int, int] = {}
        for candidate, strength in self.matches(word).items():
            for at in self.bodies.having(candidate):
                if scores.get(at, 0) < strength:
                    scores[at] = strength
            for at in self.titles.having(candidate):
                if scores.get(at, 0) < strength * TITLE_WEIGHT:
                    scores[at] = strength * TITLE_WEIGHT
        return scores


def index_of(db: Database) -> Index:
    """DB's search index: its records cannot change once loaded, so it is built once."""
    index = _indexes.get(db)
    if index is None:
        index = _indexes[db] = Index(doc for dataset in db.datasets() if dataset.search_kind
                                     for doc in dataset.documents())
    return index


def search(db: Database, text: str, kind: str | None = None) -> list[dict[str, Any]]:
    phrase = fold(text)
    if not phrase:
        raise InvalidValue("words", text, "give at least one word to look for")
    valid = kinds()
    if kind is not None and kind.strip().casefold() not in valid:
        raise InvalidValue("kind", kind, f"'{visible(kind)}' is not valid", valid,
                           closest(kind, valid))
    wanted = (kind.strip().casefold(),) if kind else valid
    index = index_of(db)
    words = [word for word in phrase.split() if word not in STOPWORDS]
    only_named = not words  # common words alone find only a record they name ("DE": Germany)
    words = words or phrase.split()
    per_word = [index.scores(word) for word in words]
    found = [at for at in sorted(min(per_word, key=len)) if all(at in s for s in per_word)]
    # A record that the query names has every word of it, so it is among those found.
    named = {at for at in found if phrase in index.names(at)}
    if only_named and not named:
        raise InvalidValue("words", text, f"'{visible(text)}' has only common words, which "
                           "search ignores (the, of, and, for, in...); add a word of a name, "
                           "title or text, e.g. 'wco search customs'")
    matched = [index.matches(word) for word in words]
    results = []
    for at in found:
        doc = index.documents[at]
        if doc[0] in wanted and (at in named or not only_named):
            score = sum(scores[at] for scores in per_word) + (NAMED_BONUS if at in named else 0)
            results.append({"kind": doc[0], "id": doc[1], "title": doc[2],
                            "snippet": snippet(doc, matched), "score": score})
    results.sort(key=lambda row: (-row["score"], valid.index(row["kind"]), row["title"]))
    return results


# ---- what a person reads ------------------------------------------------------------------------

def snippet(doc: Document, matched: list[dict[str, int]]) -> str:
    """The record's summary if it has one (a fact's value), else the part of its text where the
    first query word matches (the title if it is there), cut between words."""
    _, _, title, _, body, *summary = doc
    if summary:
        return window(summary[0].split(), 0)
    for text in (title, body):
        tokens = text.split()
        for words in matched:
            hit = first_token(tokens, words)
            if hit is not None:
                return window(tokens, hit)
    return window(body.split(), 0)


def first_token(tokens: list[str], words: Collection[str]) -> int | None:
    """The position of the first of TOKENS (a text split at spaces) that has one of WORDS
    (folded words): "(CEN)" has "cen"."""
    for at, token in enumerate(tokens):
        if any(word in words for word in words_of(token)):
            return at
    return None


def window(tokens: list[str], hit: int, width: int = SNIPPET_WIDTH) -> str:
    """Whole TOKENS (a text's words) around the one at HIT, at most WIDTH characters unless
    that word alone is longer, with '…' where text is left out."""
    lengths = [len(token) + 1 for token in tokens]  # each with the space before it
    if sum(lengths) - 1 <= width:
        return " ".join(tokens)
    start, lead = hit, 0
    while start > 0 and lead + lengths[start - 1] <= SNIPPET_LEAD:
        start -= 1
        lead += lengths[start]
    end, used = start, -1
    while end < len(tokens) and (end <= hit or used + lengths[end] <= width):
        used += lengths[end]
        end += 1
    shown = " ".join(tokens[start:end])
    return ("…" if start else "") + shown + ("…" if end < len(tokens) else "")


def hs_note(db: Database, words: list[str]) -> str | None:
    """The closing line of a search table when WORDS match HS descriptions: how many codes
    `wco hs WORDS` finds. None when none match, when WORDS would be read as an HS code
    rather than searched, or when the data has no HS files."""
    import shlex

    from wco_cli import harmonized as hs

    if hs.is_code(words):
        return None
    try:
        count = len(hs.search(db.path, " ".join(words), limit=None))
    except DataError:
        return None
    if not count:
        return None
    codes = "1 HS code matches" if count == 1 else f"{count} HS codes match"
    ends_options = "-- " if any(word.startswith("-") for word in words) else ""
    return f"{codes}: wco hs {ends_options}{shlex.join(words)}"
