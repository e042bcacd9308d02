"""`wco search`: one ranked list across every searchable dataset of the registry.

Text is folded, and words compared, by text.py's rules. Every word of the query must match a
word of the record: exactly; a word of text.MIN_PREFIX (four) letters or more also as the start
of a longer word ("rilo" finds RILOs); a word of five letters or more also within
text.allowed_edits (one edit for 5-7 letters, two for longer ones), so "cote" finds Côte
d'Ivoire and "trainng" the training centres, while "cen" finds CEN, not "Central". Common words
(text.SEARCH_STOPWORDS) are ignored. Matches in the title weigh double, and a query equal to a
record's title or other name ranks that record first.
The index it reads is search_index.py's.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, NoReturn

from wco_cli.errors import DataError, InvalidValue
from wco_cli.search_index import built_once, kinds, ready_index
from wco_cli.text import SEARCH_STOPWORDS, closest, fold_words, shown, visible
from wco_cli.text import words as words_of

if TYPE_CHECKING:
    from wco_cli.datasets.base import Document
    from wco_cli.store import Database

NAMED_BONUS = 10  # the query is a record's title or other name
SNIPPET_WIDTH, SNIPPET_LEAD = 70, 20  # characters shown; of them, before the matched word


def search(db: Database, text: str, kind: str | None = None) -> list[dict[str, Any]]:
    if not isinstance(text, str) or not isinstance(kind, (str, type(None))):
        _wrong_type(text, kind)
    phrase = fold_words(text)
    if not phrase:
        raise InvalidValue("words", text, "give at least one word to look for")
    # The kinds come with a prebuilt index: the dataset modules need not be imported for them.
    ready = ready_index(db)
    valid = ready.kinds if ready is not None else kinds()
    if kind is not None and kind.strip().casefold() not in valid:
        raise InvalidValue("kind", kind, f"'{visible(kind)}' is not valid", valid,
                           closest(kind, valid))
    wanted = (kind.strip().casefold(),) if kind else valid
    index = ready or built_once(db)
    words = [word for word in phrase.split() if word not in SEARCH_STOPWORDS]
    only_named = not words  # common words alone find only a record they name ("DE": Germany)
    words = words or phrase.split()
    per_word = [index.scores(word) for word in words]
    fewest = min(per_word, key=lambda scores: len(scores))
    found = [at for at in sorted(fewest) if all(at in s for s in per_word)]
    # A record that the query names has every word of it, so it is among those found.
    named = {at for at in found if phrase in index.names(at)}
    if only_named and not named:
        raise InvalidValue("words", text, f"'{visible(text)}' has only common words, which "
                           "search ignores (the, of, and, for, in...); add a word of a name, "
                           "title or text, e.g. 'wco search customs'")
    matched = [index.matches(word) for word in words]
    results: list[dict[str, Any]] = []
    for at in found:
        doc = index.documents[at]
        if doc[0] in wanted and (at in named or not only_named):
            score = sum(scores[at] for scores in per_word) + (NAMED_BONUS if at in named else 0)
            results.append({"kind": doc[0], "id": doc[1], "title": doc[2],
                            "snippet": snippet(doc, matched), "score": score})
    results.sort(key=lambda row: (-row["score"], valid.index(row["kind"]), row["title"]))
    return results


def _wrong_type(text: object, kind: object) -> NoReturn:
    """InvalidValue for a search given something other than text."""
    if not isinstance(text, str):
        raise InvalidValue("words", text, f"must be text (words to look for), not {shown(text)}")
    raise InvalidValue("kind", kind, f"must be text (a kind of record) or None, not "
                                     f"{shown(kind)}", kinds())


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
    whole = " ".join(tokens)
    if len(whole) <= width:
        return whole
    # Only the tokens shown are measured (each with the space before it): a body can be long.
    start, lead = hit, 0
    while start > 0 and lead + len(tokens[start - 1]) + 1 <= SNIPPET_LEAD:
        start -= 1
        lead += len(tokens[start]) + 1
    end, used = start, -1
    while end < len(tokens) and (end <= hit or used + len(tokens[end]) + 1 <= width):
        used += len(tokens[end]) + 1
        end += 1
    shown = " ".join(tokens[start:end])
    return ("…" if start else "") + shown + ("…" if end < len(tokens) else "")


def hs_note(db: Database, words: list[str]) -> str | None:
    """The closing line of a search table when WORDS match HS descriptions: how many codes
    `wco hs WORDS` finds. None when none match, when WORDS would be read as an HS code
    rather than searched, or when the data has no HS files."""
    import shlex

    from wco_cli.hscodes import codes as hs_codes
    from wco_cli.hscodes import search as hs_search

    if hs_codes.is_code(words):
        return None
    try:
        count = len(hs_search.search(db.path, " ".join(words), limit=None))
    except DataError:
        return None
    if not count:
        return None
    codes = "1 HS code matches" if count == 1 else f"{count} HS codes match"
    ends_options = "-- " if any(word.startswith("-") for word in words) else ""
    return f"{codes}: wco hs {ends_options}{shlex.join(words)}"


# The rows `wco search --json` prints: the --json contract of search.
SEARCH_VIEW = {"kind": "str", "id": "str", "title": "str", "snippet": "str", "score": "int"}
