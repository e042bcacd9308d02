"""The library's one text rule, and safe echoing.

- Folding: fold() is how any two texts are compared (case, accents and letters that have no
  decomposition, such as ł and ø, folded); fold_words() and words() are the same text as words
  of letters and digits, which is what names and searches compare.
- Common words: NAME_STOPWORDS (name lookup) and SEARCH_STOPWORDS (`wco search`).
- Prefixes and typos: MIN_PREFIX; allowed_edits() says how many edits a word of a length may be
  from the word it is taken for; edit_distance() counts them.
- Suggestions: closest() is the one "did you mean" of the library; did_you_mean() writes it at
  the end of an error message.
- Sorting: sort_name(). Echoing: visible() and escape_controls().
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

MAX_ECHO = 60

# ---- Folding -------------------------------------------------------------------------------------

# Letters that NFKD does not decompose, by the ASCII letters they are read as: every small
# letter of the Basic Multilingual Plane that Unicode 14 names "LATIN SMALL LETTER X WITH ..."
# (ł, ø, đ, ħ, ŧ, ƒ, ɓ...), and the letters of living alphabets named otherwise (ð, ı, ŋ, ə, ɛ,
# ɔ, ɣ...). Small letters only:
# fold casefolds first, so "Ł" arrives as "ł". Letters with no ASCII reading (clicks, tone
# letters, glottal stops, yogh, wynn...) are left as they are, never dropped.
_READ_AS = {
    "a": "ⱥᶏɑ",
    "b": "ƀɓƃᵬᶀꞗ",
    "c": "ƈȼɕꞓꞔ",
    "d": "đɖɗƌȡᵭᶁᶑꟈð",
    "e": "ɇᶒⱸꬴəǝɛ",
    "f": "ƒᵮᶂꞙ",
    "g": "ɠǥᶃꞡɣ",
    "h": "ħɦⱨꞕ",
    "i": "ɨᶖı",
    "j": "ɉʝȷ",
    "k": "ƙᶄⱪꝁꝃꝅꞣ",
    "l": "łƚȴɫɬɭᶅⱡꝉꞎꬷꬸꬹ",
    "m": "ɱᵯᶆꬺ",
    "n": "ɲƞȵɳᵰᶇꞑꞥꬻŋ",
    "o": "øⱺꝋꝍɔɵ",
    "p": "ƥᵱᵽᶈꝑꝓꝕ",
    "q": "ɋʠꝗꝙĸ",  # kra: Greenlandic has written it q since 1973
    "r": "ɍɼɽɾᵲᵳᶉꞧꭉ",
    "s": "ȿʂᵴᶊꞩꟊẜẝ",
    "t": "ŧƫƭʈȶⱦᵵ",
    "u": "ᶙꞹꭎꭒʉ",
    "v": "ʋᶌⱱⱴꝟ",
    "w": "ⱳ",
    "x": "ᶍꭖꭗꭘꭙ",
    "y": "ƴɏỿꭚ",
    "z": "ƶȥɀʐʑᵶᶎⱬʒ",
    # Ligatures and digraphs, read as their letters (ß needs no entry: casefold makes it ss).
    "ae": "æ", "oe": "œ", "th": "þ", "hv": "ƕ", "oi": "ƣ", "ou": "ȣ", "db": "ȸ", "qp": "ȹ",
    "ll": "ỻ",
}


@functools.cache  # made on first use, not at start-up
def _letters() -> dict[int, str]:
    """_READ_AS as a str.translate table."""
    return {ord(letter): read for read, letters in _READ_AS.items() for letter in letters}


def fold(text: str) -> str:
    """TEXT as it is compared: case folded, accents dropped, and letters with no decomposition
    read as ASCII letters: "Łódź" -> "lodz", "Øresund" -> "oresund", "Straße" -> "strasse".
    Everything else (spaces, punctuation, other scripts) is kept: "Côte d'Ivoire" ->
    "cote d'ivoire". Folding twice changes nothing."""
    if text.isascii():
        return text.lower()
    # Decomposed before casefolding: a compatibility character can decompose to a capital
    # ("ℌ" -> "H"), which casefolding then lowers.
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_letters())


# ASCII text is folded by one bytes.translate, which lowers letters and makes every other
# character but a digit a space: most of the data is ASCII, and this is the cheapest way to
# fold it (indexing it is most of the cost of a search built from the records). The table, by
# byte: 0-47 space, 48-57 digits, 58-64 space, 65-90 lowered, 91-96 space, 97-122 letters,
# 123-255 space; written out, so that it is a constant of the compiled module.
_ASCII_FOLD = (b" " * 48 + b"0123456789" + b" " * 7 + b"abcdefghijklmnopqrstuvwxyz" + b" " * 6
               + b"abcdefghijklmnopqrstuvwxyz" + b" " * 133)


def fold_ascii(text: str) -> str:
    """ASCII TEXT folded in place: letters lowered, every other character but a digit a space,
    so each character stays where it was (what search_index.Texts relies on)."""
    return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")


def words(text: str) -> list[str]:
    """The words of fold(TEXT): runs of ASCII letters and digits; everything else (punctuation,
    other scripts) separates words: "Côte d'Ivoire" -> ["cote", "d", "ivoire"]."""
    if text.isascii():
        return fold_ascii(text).split()
    # fold leaves only ASCII letters and digits as word characters: "replace" makes every other
    # character a "?", and _ASCII_FOLD makes that a space.
    return fold(text).encode("ascii", "replace").translate(_ASCII_FOLD).decode("ascii").split()


def fold_words(text: str) -> str:
    """words(TEXT) between single spaces: the form names and searches compare.
    "Côte d'Ivoire" -> "cote d ivoire"."""
    return " ".join(words(text))


# ---- Common words --------------------------------------------------------------------------------

# Name lookup (matching.py) takes every other word typed as a word the name must have, so it
# ignores only what varies between ways of writing one name: articles, "and", "of", and the
# French and Spanish articles and elisions ("Congo, Republic of the", "Côte d'Ivoire").
NAME_STOPWORDS = frozenset({"and", "of", "the", "de", "la", "le", "el", "des", "du", "d", "l"})
# Search (ranking.py) matches words anywhere in a record's text, where prepositions and
# conjunctions occur in nearly every record: as query words they would match everything and
# rank nothing, so search ignores them as well. Name lookup must not: there they tell names
# apart ("mutual administrative assistance in customs" names the Johannesburg Convention alone;
# without "in", the Nairobi Convention's name has every word too).
SEARCH_STOPWORDS = NAME_STOPWORDS | frozenset(
    "a an at by for from in into on or to with et en les los las y".split())

# ---- Prefixes and typos --------------------------------------------------------------------------

# A query word of this many letters or more also matches the words it begins ("rilo" finds
# "rilos"); a shorter one only whole words ("cen" is CEN, not "central").
MIN_PREFIX = 4


def allowed_edits(length: int, suggestion: bool = False) -> int:
    """How many edits a word of LENGTH letters may be from a word it is taken for: none below
    five letters, one up to seven, two from eight. A SUGGESTION (only ever offered in an error
    message, never taken as an answer) allows one edit from four letters as well: "rtcs" -> did
    you mean 'rtc'?"""
    if length < (4 if suggestion else 5):
        return 0
    return 1 if length < 8 else 2


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
    for char, other in zip(a, b, strict=False):
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


# ---- Suggestions ---------------------------------------------------------------------------------

def is_close(query: str, candidate: str) -> bool:
    """Whether QUERY (folded words) likely misspells CANDIDATE (folded words), which may then be
    suggested: one edit in all when both have five characters or more, or word by word each word
    within allowed_edits(..., suggestion=True) of the other."""
    if query == candidate:
        return False
    if min(len(query), len(candidate)) >= 5 and edit_distance(query, candidate, 1) <= 1:
        return True
    wanted, offered = query.split(), candidate.split()
    if len(wanted) != len(offered):
        return False
    for a, b in zip(wanted, offered, strict=False):
        allowed = allowed_edits(max(len(a), len(b)), suggestion=True)
        if edit_distance(a, b, allowed) > allowed:
            return False
    return True


def closest(query: str, candidates: Iterable[str]) -> str | None:
    """The candidate (as written) that QUERY most likely misspells, or None if none is close
    (see is_close); of equally close ones, the first."""
    wanted = fold_words(query)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        folded = fold_words(candidate)
        if is_close(wanted, folded):
            distance = edit_distance(wanted, folded, 4)
            if best is None or distance < best[0]:
                best = (distance, candidate)
    return best[1] if best else None


def did_you_mean(suggestion: str | None) -> str:
    """The end of every error message that carries a SUGGESTION: "; did you mean 'X'?", with X
    made safe to show (see visible); "" when there is none."""
    return f"; did you mean '{visible(suggestion)}'?" if suggestion else ""


# ---- Sorting -------------------------------------------------------------------------------------

ARTICLES = ("the ", "la ", "le ", "el ")


def sort_name(name: str) -> str:
    """A name as it sorts: folded, a leading article ignored."""
    folded = fold(name)
    for article in ARTICLES:
        if folded.startswith(article):
            return folded[len(article):]
    return folded


# ---- Echoing -------------------------------------------------------------------------------------

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


def shown(value: object) -> str:
    """VALUE as a message echoes a value given for a field: text quoted and made safe to print,
    anything else as its repr, shortened. It never fails, whatever VALUE is (an int of
    thousands of digits has no str; a repr may raise)."""
    if isinstance(value, str):
        return f"'{visible(value)}'"
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an int of {value.bit_length()} bits"
    try:
        return visible(repr(value))
    except Exception:  # noqa: BLE001 - a broken repr must not replace the error being reported
        return f"a {type(value).__name__}"
