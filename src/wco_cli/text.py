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


def escape_controls(text: str) -> str:
    """TEXT with control and other invisible format characters shown as escapes (\\x1b)."""
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def visible(text: str) -> str:
    """User text made safe to echo: control characters shown as escapes, long text shortened."""
    shown = escape_controls(text)
    return shown if len(shown) <= MAX_ECHO else shown[: MAX_ECHO - 1] + "…"


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
