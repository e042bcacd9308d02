"""Text helpers shared by queries and messages: matching keys, safe echoing, suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = r"[^0-9a-z]+"  # compiled by `re` on first use, not at start-up
MAX_ECHO = 60


def normalize(text: str) -> str:
    """Case- and accent-folded words separated by single spaces:
    "Côte d'Ivoire" -> "cote d ivoire"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(_NON_WORD, " ", folded).strip()


ARTICLES = ("the ", "la ", "le ", "el ")


def sort_name(name: str) -> str:
    """A name as it sorts: accents and case folded, a leading article ignored."""
    # Most names are plain ASCII: skip the (slower) accent folding for them.
    folded = name.casefold() if name.isascii() else normalize(name)
    for article in ARTICLES:
        if folded.startswith(article):
            return folded[len(article):]
    return folded


_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _escaped(ch: str) -> str:
    """CH itself, or an escape (\\x1b, \\u202e) if it is a control character (C0, C1, DEL), a
    format character (bidi overrides, zero-width joiners), a lone surrogate, or a line or
    paragraph separator: each can move the cursor, reorder or hide what a person reads, or
    end a line where none was meant."""
    if ch.isprintable() or unicodedata.category(ch) not in _ESCAPED:
        return ch  # other non-printables are spaces (no-break space...): harmless
    return ch.encode("unicode_escape").decode("ascii")


def escape_controls(text: str) -> str:
    """TEXT with every character that could act on a terminal or hide text shown as an escape
    (see _escaped); printable text is returned as it is."""
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(map(_escaped, text))


def visible(text: object, limit: int = MAX_ECHO) -> str:
    """Text from outside (argv, stdin, a data directory) made safe to show a person: control
    and format characters as escapes, then shortened to LIMIT characters, '…' included.
    Every message, title and suggestion that can carry such text goes through here."""
    text = text if isinstance(text, str) else str(text)
    if len(text) <= limit and text.isprintable():
        return text
    # An escape is longer than its character: LIMIT + 1 characters always suffice.
    pieces = [_escaped(ch) for ch in text[: limit + 1]]
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept, used = [], 0
    for piece in pieces:
        if used + len(piece) > limit - 1:
            break  # whole escapes only: half of "\\x1b" would read as other text
        kept.append(piece)
        used += len(piece)
    return "".join(kept) + "…"


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to VALUE, if one is close enough to be a likely typo."""
    import difflib  # only on the error path

    keyed = {normalize(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(normalize(value), list(keyed), n=1, cutoff=0.6)
    return keyed[close[0]] if close else None


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """'; did you mean "X"?' or '' — the tail of an error message."""
    guess = suggest(value, candidates)
    return f"; did you mean '{guess}'?" if guess else ""
