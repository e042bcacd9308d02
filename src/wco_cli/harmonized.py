"""The Harmonized System: look up, search and convert HS codes across editions 1992-2022.

A pure library over the files `scripts/build_hs.py` writes to `<data dir>/hs/`: nothing is read
or compiled at import, every function takes the data directory (the folder that contains
`hs/`), and loaded files are cached per (directory, file) so two directories can be used side
by side in one process. Records handed out are fresh dicts.

Public: normalize_code, not_hs_reason, normalize_edition, get, search, unmatched_words,
convert, batch, csv_column, sections, codes, editions_of, bundled_data_dir, clear_cache.
Files read: hs<YEAR>.txt (one edition's codes and descriptions), hs<YEAR>_index.txt (its search
index), hs2022_hs<YEAR>.json (UNSD's table between HS2022 and an older edition), codes.json
(which editions have each code), sections.json, and terms.json (everyday terms, optional, not
built).

Descriptions are UN Statistics Division's stand-alone descriptors of the codes (UN Comtrade
classification reference), not the legal text of the nomenclature, which is the WCO's.
Correlations are UNSD's HS2022 conversion and correlation tables: HS2022 is their hub, so a
conversion between two older editions goes through HS2022.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from wco_cli.errors import DataError, InvalidValue, NotFound

# Each edition and UN Comtrade's name for it. A new edition (HS2028 = "H7") is one more entry
# here and one in scripts/build_hs.py's EDITIONS, which checks that both agree.
COMTRADE_IDS = {"1992": "H0", "1996": "H1", "2002": "H2", "2007": "H3", "2012": "H4",
                "2017": "H5", "2022": "H6"}
EDITIONS = tuple(COMTRADE_IDS)  # ("1992", "1996", "2002", "2007", "2012", "2017", "2022")
DEFAULT_EDITION = "2022"
# The edition every UNSD correlation table starts from; a conversion between two other
# editions is the composition of two tables through it.
HUB_EDITION = "2022"
LEVELS = {2: "chapter", 4: "heading", 6: "subheading"}
SOURCE = ("UN Statistics Division: UN Comtrade HS classification reference files (stand-alone "
          "descriptors, not the legal text of the HS) and the HS2022 conversion and correlation "
          "tables")
NOT_SPECIFIED = ("not an HS code: UN Comtrade's code for commodities not specified according "
                 "to kind")
RESERVED = "reserved for possible future use in the HS; it has no codes"
FORMAT = 3
DEFAULT_LIMIT = 200
SEARCH_LIMIT = 20

Record = dict[str, Any]

# --- Words: folding, singular forms, negation. The build indexes descriptions with these same
# functions, so a query word and an indexed word are folded identically.

STOPWORDS = frozenset(
    "a an and or of the for with in on by to at as from be is are its it their thereof therefor "
    "therewith whether than other others such which that those this these any all but not no "
    "nor n e c nes nec incl including included include includes kind kinds heading headings "
    "subheading subheadings chapter chapters item items ie eg etc per".split())
NEGATIONS = frozenset(("not", "excluding", "except", "excl", "excludes", "exclude", "without"))
# "not exceeding 30 cm", "not more than 250g": quantities, not exclusions.
QUANTITY_WORDS = frozenset(("exceeding", "exceed", "exceeds", "more", "less", "over", "under",
                            "above", "below", "greater", "elsewhere", "otherwise"))
# Plural -> singular where the rules below would get it wrong, and singular words ending in
# "s" that must stay as they are.
IRREGULAR = {
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "geese": "goose", "mice": "mouse", "oxen": "ox", "knives": "knife", "wives": "wife",
    "lives": "life", "leaves": "leaf", "halves": "half", "calves": "calf", "shelves": "shelf",
    "wolves": "wolf", "loaves": "loaf", "thieves": "thief", "sheaves": "sheaf", "hooves": "hoof",
    "scarves": "scarf", "wharves": "wharf", "shoes": "shoe", "toes": "toe", "hoes": "hoe",
    "canoes": "canoe", "oboes": "oboe", "cookies": "cookie", "movies": "movie",
    "calories": "calorie", "brownies": "brownie", "pies": "pie", "ties": "tie", "dies": "die",
    "lies": "lie", "species": "species", "series": "series", "lenses": "lens", "lens": "lens",
    "buses": "bus", "gases": "gas", "canvases": "canvas", "canvas": "canvas", "atlases": "atlas",
    "atlas": "atlas", "axes": "axe", "fungi": "fungus", "cacti": "cactus", "dice": "die",
    "news": "news", "means": "means", "ies": "ies",
}


def fold(text: str) -> str:
    """Lower case without accents: "Café Crème" -> "cafe creme"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """The singular of a folded English word, by rule: "knives" -> "knife", "boxes" -> "box"."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        return word[:-2]
    return word[:-1]


# The state of a word in a text: a plain mention, one under "whether or not" / "with or
# without" (the code covers both cases), or one under a negation (the code excludes it).
PLAIN, EITHER, EXCLUDED = 0, 1, 2


def text_words(text: str, query: bool = False) -> list[tuple[str, int]]:
    """The searchable words of TEXT in order, singular and folded, each with its state:
    PLAIN, EITHER ("whether or not roasted") or EXCLUDED ("other than X", "excluding X",
    "not X", "except X", "without X", "non-X").

    In a description such a span runs to the next ',', ';' or ':' or, when it starts inside
    brackets, to the closing bracket. In a QUERY it covers the next word only.
    """
    import re

    # "t-shirts", "x-ray": one letter joined by a hyphen is kept as a compound ("tshirt"),
    # followed by its word ("shirt"), so "t-shirt", "tshirt" and "shirts" all find T-shirts.
    tokens = re.findall(r"\b[a-z]-[a-z0-9]+|[a-z0-9]+|[,;:()]", fold(text))
    words: list[tuple[str, int]] = []
    depth = 0
    span_at: int | None = None  # bracket depth where the running span started
    span_state = PLAIN
    just_one = False  # the span covers a single word ("non-electric", any query negation)
    previous = before_previous = ""
    for position, token in enumerate(tokens):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
            if span_at is not None and depth < span_at:
                span_at = None
        elif token in ",;:":
            # Inside brackets only the closing bracket (or ';') ends it: "(excluding a, b or c)".
            if span_at is not None and depth <= span_at and (span_at == 0 or token == ";"):
                span_at = None
        else:
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            starts = _span_start(token, following, previous, before_previous)
            if starts != PLAIN:
                span_at, span_state, just_one = depth, starts, query or token == "non"
            elif token not in STOPWORDS and token not in NEGATIONS and \
                    token not in QUANTITY_WORDS and not (len(token) == 1 and token.isalpha()):
                state = span_state if span_at is not None else PLAIN
                if token[1:2] == "-":
                    words.append((singular(token[0] + token[2:]), state))
                    token = token[2:]
                words.append((singular(token), state))
                if just_one:
                    span_at = None
        before_previous, previous = previous, token
    return words


LEAD_FIRST, LEAD_NEAR = 2, 1


def lead_words(text: str) -> dict[str, int]:
    """The words that name the thing in UNSD's "Thing; qualifiers" descriptors: LEAD_FIRST for
    the first word, LEAD_NEAR for the second and third, all before the first ';'."""
    head = text.split(";", 1)[0]
    leads: dict[str, int] = {}
    for position, (word, state) in enumerate(text_words(head)[:3]):
        if state == PLAIN and word not in leads:
            leads[word] = LEAD_FIRST if position == 0 else LEAD_NEAR
    return leads


def _span_start(token: str, following: str, previous: str, before_previous: str) -> int:
    """EXCLUDED or EITHER when TOKEN opens such a span, else PLAIN."""
    if token == "than":
        return EXCLUDED if previous == "other" else PLAIN
    if token == "non":
        return EXCLUDED
    if token == "not":
        if following in QUANTITY_WORDS:  # "not exceeding 30 cm" excludes nothing
            return PLAIN
        return EITHER if (previous, before_previous) == ("or", "whether") else EXCLUDED
    if token == "without":
        return EITHER if (previous, before_previous) == ("or", "with") else EXCLUDED
    return EXCLUDED if token in NEGATIONS else PLAIN


def letter_mask(word: str) -> int:
    """A bit per distinct character: k edits change at most 2k bits, a cheap typo pre-filter."""
    mask = 0
    for ch in word:
        mask |= 1 << (ord(ch) & 63)
    return mask


# --- Codes and editions


def dotted(code: str) -> str:
    """"090121" -> "0901.21"; chapters and headings are shown as they are."""
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


def normalize_code(text: str) -> tuple[str, list[str]]:
    """The digits of an HS code typed as 0901, 0901.21, 0901 21, 090121 or 01, and notes on
    what was repaired: a leading zero lost in a spreadsheet (901.21, 90121, 901) is restored;
    an 8- or 10-digit national tariff line is cut to its 6-digit HS subheading.
    Anything else raises InvalidValue("code", ...)."""
    if not isinstance(text, str):
        raise InvalidValue("code", text, "an HS code is text such as 0901.21")
    value = text.strip()
    if not value:
        raise InvalidValue("code", text, "empty; an HS code has 2, 4 or 6 digits, e.g. 0901.21")
    groups: list[str] = []
    current = ""
    for ch in value:
        if ch in "0123456789":
            current += ch
        elif ch == "." or ch.isspace():
            if current:
                groups.append(current)
                current = ""
        else:
            shown = value if len(value) <= 40 else value[:39] + "…"
            problem = (f"'{shown}' has a non-ASCII digit; type digits 0-9" if ch.isdigit()
                       else f"'{shown}' is not an HS code: use digits only, e.g. 0901.21")
            raise InvalidValue("code", text, problem)
    if current:
        groups.append(current)
    digits = "".join(groups)
    notes: list[str] = []
    if len(groups) > 1 and (len(groups[0]) not in (3, 4) or len(digits) % 2 != len(groups[0]) % 2):
        raise InvalidValue("code", text, f"'{value}' is not an HS code: write a heading as 4 "
                                         "digits and a subheading as 4 + 2, e.g. 0901.21")
    if len(digits) in (3, 5) or (len(groups) > 1 and len(groups[0]) == 3):
        digits = "0" + digits
        notes.append(f"{value}: leading zero restored ({dotted(digits[:6])}); a spreadsheet "
                     "may have dropped it")
    if len(digits) in (8, 10):
        notes.append(f"{value}: cut to {dotted(digits[:6])}; digits after the sixth are a "
                     "national extension, not part of the HS")
        digits = digits[:6]
    if len(digits) not in (2, 4, 6):
        raise InvalidValue("code", text, f"'{value}' has {len(digits)} digits; an HS code has 2 "
                                         "(chapter), 4 (heading) or 6 (subheading)")
    return digits, notes


def is_code(words: list[str]) -> bool:
    """Do WORDS (command-line arguments) give a code ("0901.21", "0901 21") rather than words
    to search for?"""
    text = "".join(words).replace(".", "")
    return bool(text) and text.isascii() and text.isdigit()


def not_hs_reason(digits: str) -> str | None:
    """Why DIGITS can never be an HS code (Comtrade's 99/9999/999999, reserved chapter 77)."""
    if digits in ("99", "9999", "999999"):
        return NOT_SPECIFIED
    if digits[:2] == "77":
        return RESERVED
    return None


def normalize_edition(edition: object, field: str = "edition") -> str:
    """"2022", 2022, "HS2022", "hs 2022" or Comtrade's "H6" -> "2022"; else InvalidValue."""
    text = str(edition).strip().upper().replace(" ", "")
    if text.startswith("HS"):
        text = text[2:]
    if text in EDITIONS:
        return text
    for year, comtrade in COMTRADE_IDS.items():
        if text == comtrade:
            return year
    suggestion = None
    if text.isdigit() and len(text) == 4:
        earlier = [year for year in EDITIONS if year <= text]
        suggestion = earlier[-1] if earlier else EDITIONS[0]
    raise InvalidValue(field, edition, f"'{edition}' is not an HS edition", valid=EDITIONS,
                       suggestion=suggestion)


def bundled_data_dir() -> Path:
    """The data shipped with the package (the folder holding hs/); in a checkout, data/."""
    packaged = Path(__file__).parent / "data"
    return packaged if (packaged / "hs").is_dir() else Path(__file__).resolve().parents[2] / "data"


# --- Files
#
# An edition's code table (hs<YEAR>.txt) and its search index (hs<YEAR>_index.txt) are UTF-8
# lines, read as bytes and never parsed whole: a lookup splits the one line of codes and reads
# the descriptions it shows; a search bisects the index's sorted lines for the query's words.
# Parsing them as JSON cost 2 ms (table) and 3 ms (index) a run, and 3 MB, for data a command
# mostly never touches. The first line of each is a JSON header with a "layout" of the rest.

_cache: dict[tuple[str, str], Any] = {}
OFFSET_DIGITS = 6  # hexadecimal digits per description offset in hs<YEAR>.txt
PARENT_DIGITS, SIZE_DIGITS = 4, 2  # per code, in hs<YEAR>_index.txt
NO_PARENT = 0xFFFF  # a chapter's parent
INDEX_PARTS = ("parents", "sizes", "words", "term_words", "term_phrases")
TABLE_LAYOUT = {
    "line 2": "the codes, space-separated: every chapter, heading and subheading, sorted, so a "
              "code comes before its children and its descendants follow it",
    "line 3": f"where each description starts, {OFFSET_DIGITS} hexadecimal digits per code and "
              "one more for the end, in bytes after line 3",
    "lines 4-": "UNSD's descriptor of each code, one per line, in the order of the codes",
    "truncated": "codes whose description ends at UNSD's 255-character cap"}
INDEX_LAYOUT = {
    "parts": "the byte length of each part after this line, in order; each part is lines",
    "parents": f"position of each code's parent, {PARENT_DIGITS} hexadecimal digits per code "
               f"(ffff for a chapter)",
    "sizes": f"number of distinct searchable words of each description, {SIZE_DIGITS} "
             "hexadecimal digits per code",
    "words": "folded singular word, tab, then for each code that has it, space-separated, "
             "i << 4 | lead << 2 | state in hexadecimal: i the code's position, lead 2 = the "
             "first word, 1 = the second or third (before any ';'), 0 = elsewhere; state 0 "
             "plain, 1 under 'whether or not', 2 under a negation ('other than', 'excluding', "
             "'not'); lines sorted by word",
    "term_words": "a word of an everyday term (terms.json), tab, the tab-separated terms "
                  "(folded) that have it; sorted",
    "term_phrases": "an everyday term (folded), tab, then pairs of tab-separated code "
                    "position and term as written; sorted",
    "terms_crc32": "CRC-32 of the terms.json compiled here; another terms.json is compiled "
                   "when it is read"}


def clear_cache() -> None:
    """Forget every loaded file (for tests, or after the data directory changed on disk)."""
    _cache.clear()


def _read(data_dir: Path, name: str) -> Any:
    """The JSON file hs/NAME of DATA_DIR, read as a data directory's files are (files.py):
    strictly, unless it is the bundled data."""
    import gc

    from wco_cli.files import load_json

    # The parsed data has no reference cycles; collecting while json builds a hundred thousand
    # objects only costs time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_json(Path(data_dir), f"hs/{name}", strict=not _is_bundled(data_dir))
    finally:
        if collecting:
            gc.enable()


def _is_bundled(data_dir: Path) -> bool:
    key = (str(data_dir), "is bundled")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = Path(data_dir).resolve() == bundled_data_dir().resolve()
    return bool(found)


def _open(data_dir: Path, name: str) -> Any:
    """The file hs/NAME of DATA_DIR opened in binary, as files.open_inside allows."""
    from wco_cli.files import open_inside

    return open_inside(Path(data_dir), f"hs/{name}")


def header_line(meta: dict[str, Any]) -> bytes:
    """The first line of an edition's files: META as one line of JSON."""
    import json

    return json.dumps(meta, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def _header(line: bytes, path: Path, edition: str) -> dict[str, Any]:
    import json

    try:
        meta = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or \
            meta.get("edition") != edition:
        raise DataError(f"{path}: not an HS{edition} file of format {FORMAT}; rebuild it with "
                        "scripts/build_hs.py")
    wanted = {"count": int, "truncated": list} if "count" in meta or "parts" not in meta else \
        {"parts": list}
    for key, kind in wanted.items():
        if not isinstance(meta.get(key), kind):
            raise DataError(f"{path}: its header has no valid '{key}'; rebuild it with "
                            "scripts/build_hs.py")
    return meta


def _unsafe(text: str) -> bool:
    return "\n" in text or "\r" in text or "\t" in text


def table_bytes(edition: str, codes: list[str], descriptions: list[str],
                truncated: Iterable[str], **meta: Any) -> bytes:
    """The code table hs<YEAR>.txt of EDITION: CODES in tree order with their DESCRIPTIONS
    (each one line of text), the TRUNCATED codes and any other META for the header."""
    texts = [text.encode() for text in descriptions]
    if len(texts) != len(codes) or any(_unsafe(text) for text in descriptions):
        raise ValueError("one description per code, without tabs or line breaks")
    starts = [0]
    for text in texts:
        starts.append(starts[-1] + len(text) + 1)
    if starts[-1] >= 16 ** OFFSET_DIGITS:
        raise ValueError("descriptions too long for the offsets")
    header = header_line({"format": FORMAT, "edition": edition, "count": len(codes),
                          "truncated": sorted(truncated), "layout": TABLE_LAYOUT, **meta})
    offsets = "".join(f"{start:0{OFFSET_DIGITS}x}" for start in starts)
    return b"".join([header, " ".join(codes).encode(), b"\n", offsets.encode(), b"\n",
                     *(text + b"\n" for text in texts)])


def index_bytes(edition: str, parents: list[int], sizes: list[int],
                postings: dict[str, str], phrases: dict[str, list[list[Any]]],
                terms_crc32: int | None) -> bytes:
    """The search index hs<YEAR>_index.txt of EDITION (see INDEX_LAYOUT)."""
    parts = {
        "parents": "".join(f"{NO_PARENT if p < 0 else p:0{PARENT_DIGITS}x}" for p in parents)
        .encode() + b"\n",
        "sizes": "".join(f"{min(size, 255):0{SIZE_DIGITS}x}" for size in sizes).encode() + b"\n",
        "words": sorted_lines(postings.items()),
        **dict(zip(("term_words", "term_phrases"), term_parts(phrases)))}
    header = header_line({"format": FORMAT, "edition": edition, "layout": INDEX_LAYOUT,
                          "parts": [[name, len(parts[name])] for name in INDEX_PARTS],
                          "terms_crc32": terms_crc32})
    return header + b"".join(parts[name] for name in INDEX_PARTS)


def sorted_lines(pairs: Iterable[tuple[str, str]]) -> bytes:
    """Lines "key<TAB>value", sorted by key as UTF-8 bytes (the order SortedLines bisects)."""
    encoded = sorted((key.encode(), value.encode()) for key, value in pairs)
    return b"".join(key + b"\t" + value + b"\n" for key, value in encoded)


def term_parts(phrases: dict[str, list[list[Any]]]) -> tuple[bytes, bytes]:
    """Compiled everyday terms (folded phrase -> [[code position, term as written]]) as the
    index's two parts: word -> the phrases having it, and phrase -> its codes."""
    by_word: dict[str, list[str]] = {}
    for phrase in phrases:
        for word in dict.fromkeys(phrase.split()):
            by_word.setdefault(word, []).append(phrase)
    # A term as written is shown to the user: a tab or line break in it becomes a space.
    codes = {phrase: "\t".join(f"{i}\t{' '.join(str(shown).split())}" for i, shown in hits)
             for phrase, hits in phrases.items()}
    return (sorted_lines((word, "\t".join(found)) for word, found in by_word.items()),
            sorted_lines(codes.items()))


class SortedLines:
    """Lines "key<TAB>value" of DATA[START:END], sorted by key as bytes: a key is found by
    bisecting the bytes (about 20 steps in C), so the lines are never split into a list."""

    __slots__ = ("data", "start", "end")

    def __init__(self, data: bytes, start: int = 0, end: int | None = None) -> None:
        self.data, self.start = data, start
        self.end = len(data) if end is None else end

    def _first_from(self, key: bytes) -> int:
        """Where the first line whose key is KEY or sorts after it starts (END if none)."""
        data, low, high = self.data, self.start, self.end
        while low < high:
            middle = (low + high) // 2
            start = data.rfind(b"\n", low, middle) + 1 or low
            tab = data.find(b"\t", start)
            if data[start:tab] < key:
                low = data.find(b"\n", tab) + 1
            else:
                high = start
        return low

    def get(self, key: str) -> str | None:
        """The value of KEY, or None."""
        wanted = key.encode() + b"\t"
        at = self._first_from(wanted[:-1])
        if not self.data.startswith(wanted, at, self.end):
            return None
        return self.data[at + len(wanted):self.data.find(b"\n", at)].decode()

    def keys_from(self, prefix: str) -> list[str]:
        """The keys that begin with PREFIX, in order."""
        wanted = prefix.encode()
        data, at, found = self.data, self._first_from(wanted), []
        while at < self.end and data.startswith(wanted, at):
            tab = data.find(b"\t", at)
            found.append(data[at:tab].decode())
            at = data.find(b"\n", tab) + 1
        return found

    def keys(self) -> list[str]:
        """Every key, in order."""
        lines = self.data[self.start:self.end].split(b"\n")
        return [line[:line.find(b"\t")].decode() for line in lines[:-1]]


class SearchIndex:
    """The parts of hs<YEAR>_index.txt (see INDEX_LAYOUT)."""

    __slots__ = ("parents", "sizes", "words", "term_words", "term_phrases", "terms_crc32")

    def __init__(self, data_dir: Path, edition: str) -> None:
        import sys

        from wco_cli.files import read_inside

        path = Path(data_dir) / "hs" / f"hs{edition}_index.txt"
        data = read_inside(Path(data_dir), f"hs/{path.name}")
        end = data.find(b"\n") + 1
        meta = _header(data[:end], path, edition)
        self.terms_crc32: int | None = meta.get("terms_crc32")
        spans: dict[str, tuple[int, int]] = {}
        try:
            for name, size in meta["parts"]:
                spans[name], end = (end, end + int(size)), end + int(size)
            if end != len(data) or set(spans) != set(INDEX_PARTS):
                raise ValueError("parts")
            parents = bytearray.fromhex(data[slice(*spans["parents"])].decode())
            if sys.byteorder == "little":  # written most significant byte first
                parents[0::2], parents[1::2] = parents[1::2], parents[0::2]
            self.parents = memoryview(parents).cast("H")  # ints by position, without a list
            self.sizes = bytes.fromhex(data[slice(*spans["sizes"])].decode())
        except (ValueError, TypeError):  # UnicodeDecodeError is a ValueError
            raise DataError(f"{path}: its parts do not add up; rebuild it with "
                            "scripts/build_hs.py") from None
        self.words = SortedLines(data, *spans["words"])
        self.term_words = SortedLines(data, *spans["term_words"])
        self.term_phrases = SortedLines(data, *spans["term_phrases"])


class Edition:
    """One edition's code table (hs<YEAR>.txt): the codes, and the descriptions read when
    shown. Positions come from bisecting the sorted codes; the search index
    (hs<YEAR>_index.txt) is read on first use."""

    __slots__ = ("edition", "data_dir", "path", "codes", "truncated", "_offsets", "_text_at",
                 "_stamp", "_descriptions", "_position", "_lookup", "_index", "_vocabulary",
                 "typo_buckets", "matches")

    def __init__(self, edition: str, data_dir: Path) -> None:
        import os

        self.edition, self.data_dir = edition, data_dir
        self.path = path = Path(data_dir) / "hs" / f"hs{edition}.txt"
        try:
            with _open(data_dir, path.name) as handle:
                meta = _header(handle.readline(), path, edition)
                self.codes: list[str] = handle.readline().decode().split()
                self._offsets = handle.readline().rstrip(b"\n")
                self._text_at = handle.tell()
                self._stamp = os.fstat(handle.fileno())[6:9]  # size, times
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"{path}: cannot be read ({error})") from None
        if len(self.codes) != meta["count"] or \
                len(self._offsets) != (len(self.codes) + 1) * OFFSET_DIGITS or \
                self._stamp[0] != self._text_at + self._offset(len(self.codes)):
            raise DataError(f"{path}: codes, offsets and size do not match its header "
                            "(truncated?); rebuild it with scripts/build_hs.py")
        self.truncated = frozenset(code for code in meta["truncated"] if isinstance(code, str))
        self._descriptions: list[str] | None = None
        self._position: dict[str, int] | None = None
        self._lookup: dict[str, tuple[str, str]] | None = None
        self._index: SearchIndex | None = None
        self._vocabulary: list[str] | None = None
        self.typo_buckets: dict[int, list[tuple[str, int]]] | None = None
        self.matches: dict[str, list[tuple[str, float]]] = {}  # memo of _word_matches

    def find(self, code: str) -> int | None:
        """The position of CODE, or None (the codes are sorted: "01" < "0101" < "010121")."""
        import bisect

        i = bisect.bisect_left(self.codes, code)
        return i if i < len(self.codes) and self.codes[i] == code else None

    def end(self, i: int) -> int:
        """The position after the last descendant of code I (":" sorts after every digit)."""
        import bisect

        return bisect.bisect_left(self.codes, self.codes[i] + ":", i + 1)

    @property
    def position(self) -> dict[str, int]:
        """code -> position, for callers that look up many codes."""
        if self._position is None:
            self._position = {code: i for i, code in enumerate(self.codes)}
        return self._position

    # ---- descriptions

    @property
    def descriptions(self) -> list[str]:
        """Every description, in the order of the codes (read whole on first use)."""
        if self._descriptions is None:
            with self._reopen() as handle:
                handle.seek(self._text_at)
                try:
                    lines = handle.read().decode().split("\n")
                except UnicodeDecodeError as error:
                    raise DataError(f"{self.path}: not UTF-8 ({error.reason} at byte "
                                    f"{self._text_at + error.start})") from None
            if len(lines) != len(self.codes) + 1:
                raise DataError(f"{self.path}: {len(lines) - 1} descriptions for "
                                f"{len(self.codes)} codes; rebuild it with scripts/build_hs.py")
            self._descriptions = lines[:-1]
        return self._descriptions

    def descriptions_at(self, positions: Iterable[int]) -> list[str]:
        """The descriptions of the codes at POSITIONS, each read where it lies in the file."""
        wanted = list(positions)
        if self._descriptions is not None or len(wanted) > 256:
            return [self.descriptions[i] for i in wanted]
        found = []
        with self._reopen() as handle:
            for i in wanted:
                start, end = self._offset(i), self._offset(i + 1)
                handle.seek(self._text_at + start)
                text = handle.read(end - start)
                if len(text) != end - start or not text.endswith(b"\n"):
                    raise DataError(f"{self.path}: the description of {self.codes[i]} is not "
                                    "where its offset says; rebuild it with scripts/build_hs.py")
                found.append(text[:-1].decode())
        return found

    def _offset(self, i: int) -> int:
        """Where description I starts, in bytes after line 3 (I = the count: the end)."""
        try:
            return int(self._offsets[i * OFFSET_DIGITS:(i + 1) * OFFSET_DIGITS], 16)
        except ValueError:
            raise DataError(f"{self.path}: offset {i} is not hexadecimal; rebuild it with "
                            "scripts/build_hs.py") from None

    def _reopen(self) -> Any:
        """The table file, which must be the one whose codes were read."""
        import os

        handle = _open(self.data_dir, self.path.name)
        if os.fstat(handle.fileno())[6:9] != self._stamp:
            handle.close()
            raise DataError(f"{self.path} changed since it was read: call "
                            "wco_cli.harmonized.clear_cache()")
        return handle

    @property
    def lookup(self) -> dict[str, tuple[str, str]]:
        """code -> (level, description): the batch path's one dict lookup per line."""
        if self._lookup is None:
            self._lookup = {code: (LEVELS[len(code)], text)
                            for code, text in zip(self.codes, self.descriptions)}
        return self._lookup

    def records(self, positions: Iterable[int]) -> list[Record]:
        """Rows for the codes at POSITIONS: code, code_dotted, level, description."""
        wanted = list(positions)
        return [{"code": self.codes[i], "code_dotted": dotted(self.codes[i]),
                 "level": LEVELS[len(self.codes[i])], "description": text}
                for i, text in zip(wanted, self.descriptions_at(wanted))]

    # ---- the search index

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.data_dir, self.edition)
            if len(self._index.sizes) != len(self.codes):
                raise DataError(f"{self.path.with_name(f'hs{self.edition}_index.txt')}: not the "
                                f"index of {self.path}; rebuild it "
                                "with scripts/build_hs.py")
        return self._index

    @property
    def parents(self) -> Any:
        """Position of each code's parent by position (NO_PARENT for a chapter)."""
        return self.index.parents

    @property
    def sizes(self) -> bytes:
        """The number of distinct searchable words of each description, by position."""
        return self.index.sizes

    def has_word(self, word: str) -> bool:
        return self.index.words.get(word) is not None

    def postings(self, word: str) -> list[int]:
        """WORD's postings: position << 4 | lead << 2 | state, one per code that has it."""
        found = self.index.words.get(word)
        return [int(posting, 16) for posting in found.split()] if found else []

    def words_from(self, prefix: str) -> list[str]:
        """The indexed words that begin with PREFIX, in order."""
        return self.index.words.keys_from(prefix)

    @property
    def vocabulary(self) -> list[str]:
        """Every indexed word, in order (for typos only: read whole)."""
        if self._vocabulary is None:
            self._vocabulary = self.index.words.keys()
        return self._vocabulary


def _edition(data_dir: Path, edition: str) -> Edition:
    key = (str(data_dir), f"hs{edition}.txt")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = Edition(edition, Path(data_dir))
    return found


def _correlation(data_dir: Path, older: str) -> dict[str, Any]:
    """UNSD's table between the hub edition and OLDER: both directions and main predecessors."""
    key = (str(data_dir), f"hs{HUB_EDITION}_hs{older}.json")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _read(data_dir, key[1])
    return found


def _all_codes(data_dir: Path) -> dict[str, Any]:
    key = (str(data_dir), "codes.json")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _read(data_dir, key[1])
    return found


def editions_of(data_dir: Path, digits: str) -> list[str]:
    """The editions in which the code DIGITS exists."""
    table = _all_codes(data_dir)
    flags = table["codes"].get(digits, "")
    return [year for year, flag in zip(table["editions"], flags) if flag == "1"]


def problems(data_dir: Path) -> list[str]:
    """Every problem of DATA_DIR's HS files, each naming its file, read afresh: sections, the
    code table of each edition (codes against the header, each description where its offset
    says), each search index, the correlation tables, codes.json and everyday terms."""
    clear_cache()
    found: list[str] = []
    checks: list[tuple[str, Callable[[], list[str]]]] = [
        ("sections.json", lambda: _section_problems(data_dir))]
    checks += [(f"hs{year}.txt", partial(_edition_problems, data_dir, year)) for year in EDITIONS]
    checks += [(f"hs{HUB_EDITION}_hs{year}.json", partial(_correlation_problems, data_dir, year))
               for year in EDITIONS if year != HUB_EDITION]
    checks += [("codes.json", lambda: _codes_problems(data_dir)),
               ("terms.json", lambda: _terms_problems(data_dir))]
    for name, check in checks:
        try:
            found += [f"{Path(data_dir) / 'hs' / name}: {problem}" for problem in check()]
        except DataError as error:
            found.append(str(error))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            found.append(f"{Path(data_dir) / 'hs' / name}: malformed ({error})")
    clear_cache()
    return list(dict.fromkeys(found))  # a table that cannot be read fails each check using it


def _section_problems(data_dir: Path) -> list[str]:
    raw = _read(data_dir, "sections.json")
    sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(sections, list) or not sections:
        return ["expected an object with a list of 'sections'"]
    keys = ("section", "title", "first_chapter", "last_chapter")
    return [f"section {i}: needs text fields {', '.join(keys)}"
            for i, section in enumerate(sections, 1)
            if not isinstance(section, dict)
            or not all(isinstance(section.get(key), str) for key in keys)]


def _edition_problems(data_dir: Path, edition: str) -> list[str]:
    ed = _edition(data_dir, edition)
    found = []
    if ed.codes != sorted(ed.codes) or any(
            len(code) not in LEVELS or not code.isdigit() for code in ed.codes):
        found.append("codes are not sorted 2-, 4- and 6-digit codes")
    texts = ed.descriptions  # checks their count against the codes
    found += [f"the description of {ed.codes[i]} is not where its offset says"
              for i in range(len(ed.codes))
              if ed._offset(i + 1) - ed._offset(i) != len(texts[i].encode()) + 1][:1]
    index = ed.index  # checks its parts and its size against the codes
    if any(parent != NO_PARENT and parent >= len(ed.codes) for parent in index.parents):
        found.append(f"hs{edition}_index.txt: a parent position beyond the codes")
    return found


def _correlation_problems(data_dir: Path, older: str) -> list[str]:
    table = _correlation(data_dir, older)
    if not isinstance(table, dict):
        return ["expected an object"]
    found = []
    for side in ("from_hub", "to_hub"):
        pairs = table.get(side)
        if not isinstance(pairs, dict):
            found.append(f"no '{side}' object")
            continue
        for code, entries in pairs.items():
            if len(code) != 6 or not code.isdigit() or not isinstance(entries, list) or not all(
                    isinstance(entry, str) and len(entry) == 10 and entry[:6].isdigit()
                    and entry[6:] in (" 1:1", " 1:n", " n:1", " n:n") for entry in entries):
                found.append(f"{side} '{code}': expected a list of 'CODE REL' (e.g. "
                             "'090121 1:1')")
                break
    return found


def _codes_problems(data_dir: Path) -> list[str]:
    table = _all_codes(data_dir)
    if not isinstance(table, dict) or table.get("editions") != list(EDITIONS) or \
            not isinstance(table.get("codes"), dict):
        return [f"expected an object with 'editions' {list(EDITIONS)} and 'codes'"]
    bad = [code for code, flags in table["codes"].items()
           if not isinstance(flags, str) or len(flags) != len(EDITIONS)
           or set(flags) - {"0", "1"}]
    return [f"code '{bad[0]}': flags must be {len(EDITIONS)} characters 0 or 1 "
            f"({len(bad)} such codes)"] if bad else []


def _terms_problems(data_dir: Path) -> list[str]:
    """Entries search would skip (no term, or no code of 2 to 10 digits), and any problem of
    compiling the rest against the editions' codes."""
    import os

    from wco_cli.files import load_json

    if not os.path.lexists(Path(data_dir) / "hs" / "terms.json"):
        return []  # no everyday terms: search reads the descriptions alone
    path = Path(data_dir) / "hs" / "terms.json"
    entries = term_entries(load_json(Path(data_dir), "hs/terms.json"), path)
    skipped = [i for i, entry in enumerate(entries, 1) if not parse_terms([entry], path)]
    _term_index(data_dir, HUB_EDITION)
    return [f"{len(skipped)} of {len(entries)} entries have no term or no code of 2 to 10 "
            f"digits, so search skips them (the first is entry {skipped[0]})"] if skipped else []


def codes(data_dir: Path, edition: str = DEFAULT_EDITION, level: str | None = None) -> list[str]:
    """Every code of EDITION in tree order (a code before its children), or those of one LEVEL
    ("chapter", "heading", "subheading")."""
    edition = normalize_edition(edition)
    if level is not None and level not in LEVELS.values():
        raise InvalidValue("level", level, f"'{level}' is not a level", valid=LEVELS.values())
    every = _edition(data_dir, edition).codes
    return list(every) if level is None else [c for c in every if LEVELS[len(c)] == level]


def sections(data_dir: Path) -> list[Record]:
    """The 21 sections: section (roman), number, chapters ("01-05"), first_chapter,
    last_chapter, title."""
    key = (str(data_dir), "sections.json")
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _read(data_dir, key[1])["sections"]
    return [dict(section) for section in found]


def _section_of(data_dir: Path, chapter: str) -> Record:
    for section in sections(data_dir):
        if section["first_chapter"] <= chapter <= section["last_chapter"]:
            return section
    raise DataError(f"chapter {chapter} is in no section of {Path(data_dir) / 'hs'}")


# --- Looking up one code


def _missing(data_dir: Path, ed: Edition, digits: str) -> NotFound:
    """A NotFound naming the nearest existing codes and the editions that have DIGITS."""
    reason = not_hs_reason(digits)
    if reason:
        return NotFound(f"{dotted(digits)}: {reason}", value=digits)
    near = nearest_codes(ed, digits)
    others = editions_of(data_dir, digits)
    message = f"{dotted(digits)} is not an HS{ed.edition} code"
    if others:
        message += f"; it exists in HS{', HS'.join(others)}"
    if near:
        message += f"; nearest HS{ed.edition} codes: {', '.join(dotted(c) for c in sorted(near))}"
    return NotFound(message, value=digits, suggestion=dotted(near[0]) if near else None)


def nearest_codes(ed: Edition, digits: str, count: int = 3) -> list[str]:
    """Up to COUNT existing codes of the same length closest to DIGITS, closest first, under
    its deepest existing ancestor (a missing subheading gets its heading's subheadings)."""
    pool: list[str] = []
    for cut in (4, 2):
        at = ed.find(digits[:cut]) if len(digits) > cut else None
        if at is not None:
            start, end = at + 1, ed.end(at)
            pool = [c for c in ed.codes[start:end] if len(c) == len(digits)]
            if pool:
                break
    if not pool:
        pool = [c for c in ed.codes if len(c) == len(digits)]
    number = int(digits)
    return sorted(pool, key=lambda c: (abs(int(c) - number), c))[:count]


def get(data_dir: Path, code: str, edition: str = DEFAULT_EDITION) -> Record:
    """One code with its place in the nomenclature.

    Keys: code, code_dotted, level, description, description_truncated, edition, section,
    section_title, chapter, chapter_description, heading, heading_description, path (section
    down to the code itself, each {code, code_dotted, level, description}), children (the
    same), notes (what normalize_code repaired). Raises InvalidValue for a malformed code or
    edition and NotFound for a well-formed code missing from the edition.
    """
    edition = normalize_edition(edition)
    digits, notes = normalize_code(code)
    ed = _edition(data_dir, edition)
    i = ed.find(digits)
    if i is None:
        raise _missing(data_dir, ed, digits)
    chapter = digits[:2]
    section = _section_of(data_dir, chapter)
    ancestors = [ed.find(digits[:cut]) for cut in (2, 4, 6) if cut <= len(digits)]
    children = [j for j in range(i + 1, ed.end(i)) if len(ed.codes[j]) == len(digits) + 2]
    rows = ed.records([*ancestors, *children])  # type: ignore[list-item]
    path = [{"code": section["section"], "code_dotted": section["section"], "level": "section",
             "description": section["title"]}, *rows[:len(ancestors)]]
    heading = digits[:4] if len(digits) >= 4 else None
    return {
        "code": digits, "code_dotted": dotted(digits), "level": LEVELS[len(digits)],
        "description": path[-1]["description"], "description_truncated": digits in ed.truncated,
        "edition": edition, "section": section["section"], "section_title": section["title"],
        "chapter": chapter, "chapter_description": path[1]["description"],
        "heading": heading,
        "heading_description": path[2]["description"] if heading else None,
        "path": path, "children": rows[len(ancestors):], "notes": notes,
    }


# --- Search

EXACT, PREFIX, TYPO_1, TYPO_2 = 10.0, 6.0, 5.0, 4.0
TERM, TERM_LOOSE = 20.0, 16.0  # an everyday term found as consecutive words, or not
VIA_HEADING, VIA_CHAPTER = 0.6, 0.4
# How much a mention counts by its state (PLAIN, EITHER, EXCLUDED), and when the query word
# itself is negated ("not roasted coffee").
# A mention the code's own text excludes counts against it: asked for roasted coffee, "Coffee;
# not roasted" must rank below codes that say nothing about roasting.
STATE_FACTOR = (1.0, 0.7, -0.25)
QUERY_EXCLUDES = (0.5, 0.7, 1.0)
# An everyday term naming a heading or chapter reaches its codes almost fully: the other
# words of the query then pick the subheading.
TERM_VIA_HEADING, TERM_VIA_CHAPTER = 0.95, 0.9
LEVEL_BONUS = {"subheading": 1.0, "heading": 0.5, "chapter": 0.0}
# At most this much for a text made only of the query's words: less than a level step, so a
# subheading stays above its heading for the same words.
COVERAGE = 0.45
# A word that names the thing ("Beer; made from malt") beats one among its qualifiers
# ("Non-alcoholic beverages; non-alcoholic beer"); by LEAD_* value.
LEAD_BONUS = (0.0, 0.5, 1.0)
MIN_PREFIX = 4


def _word_matches(ed: Edition, word: str) -> list[tuple[str, float]]:
    """(vocabulary word, score) for WORD: itself, words it begins (4+ letters), and when it is
    not a known word, words within 1 edit (5+ letters) or 2 edits (8+)."""
    found = ed.matches.get(word)
    if found is None:
        if len(ed.matches) >= 4096:  # bounded: a long-running caller's memory stays flat
            ed.matches.clear()
        found = ed.matches[word] = _find_matches(ed, word)
    return found


def _find_matches(ed: Edition, word: str) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    if ed.has_word(word):
        found.append((word, EXACT))
    if len(word) >= MIN_PREFIX:
        found += [(longer, PREFIX) for longer in ed.words_from(word) if longer != word]
    if not found and len(word) >= 5 and word.isalpha():
        if ed.typo_buckets is None:
            ed.typo_buckets = typo_buckets(ed.vocabulary)
        for candidate, distance in typos(ed.typo_buckets, word):
            found.append((candidate, TYPO_1 if distance == 1 else TYPO_2))
    return found


def typo_buckets(words: Iterable[str]) -> dict[int, list[tuple[str, int]]]:
    """Words of 4+ letters by length, each with its letter_mask: the table typos() scans."""
    buckets: dict[int, list[tuple[str, int]]] = {}
    for candidate in words:
        if len(candidate) >= 4 and candidate.isalpha():
            buckets.setdefault(len(candidate), []).append((candidate, letter_mask(candidate)))
    return buckets


def typos(buckets: dict[int, list[tuple[str, int]]], word: str) -> list[tuple[str, int]]:
    """(word, edits) of BUCKETS within 1 edit of WORD, or 2 when WORD has 8+ letters, closest
    first."""
    from wco_cli.matching import edit_distance

    allowed = 2 if len(word) >= 8 else 1
    mask = letter_mask(word)
    limit_bits = 2 * allowed
    found = []
    for length in range(len(word) - allowed, len(word) + allowed + 1):
        for candidate, candidate_mask in buckets.get(length, ()):
            if (mask ^ candidate_mask).bit_count() <= limit_bits:
                distance = edit_distance(word, candidate, allowed)
                if distance <= allowed:
                    found.append((distance, candidate))
    return [(candidate, distance) for distance, candidate in sorted(found)]


TERM_NAME_KEYS = ("term", "name", "phrase", "label", "query", "keyword", "text", "word")
TERM_ALIAS_KEYS = ("aliases", "synonyms", "also", "variants", "alternatives")
TERM_CODE_KEYS = ("codes", "code", "hs", "hs_code", "hs_codes", "hs2022", "hs6", "subheadings",
                  "headings")


def parse_terms(raw: Any, where: Path | str) -> list[tuple[str, str, list[str], str]]:
    """Everyday terms as (folded phrase, shown term, codes, edition) from parsed terms.json.

    Read shapes: {"terms": X} or X, where X is a list of entries or a mapping term -> codes or
    term -> entry. An entry is an object with the term ("term", or "name", "phrase", ...),
    optional other names ("aliases", "synonyms", ...), the codes ("codes", "code", "hs", ...:
    a code or a list of codes, dotted or not, or of {"code": ...}) and optionally the codes'
    "edition" (default HS2022). Entries without a term or codes are skipped; anything that is
    neither a list nor a mapping raises DataError naming WHERE.
    """
    terms: list[tuple[str, str, list[str], str]] = []
    for entry in term_entries(raw, where):
        if not isinstance(entry, dict):
            continue
        names: list[Any] = [next((entry[k] for k in TERM_NAME_KEYS if entry.get(k)), None)]
        for alias_key in TERM_ALIAS_KEYS:
            value = entry.get(alias_key)
            if isinstance(value, (str, list)):
                names.extend([value] if isinstance(value, str) else value)
        codes = _codes_of(entry)
        if not codes or not isinstance(names[0], str):
            continue
        edition = str(entry.get("edition") or HUB_EDITION).upper().removeprefix("HS")
        for name in names:
            if isinstance(name, str) and name.strip():
                phrase = " ".join(word for word, _ in text_words(name))
                if phrase:
                    terms.append((phrase, name.strip(), codes, edition))
    return terms


def term_entries(raw: Any, where: Path | str) -> list[Any]:
    """The entries of parsed terms.json, each a mapping or (skipped) anything else."""
    if isinstance(raw, dict) and isinstance(raw.get("terms"), (list, dict)):
        raw = raw["terms"]
    if isinstance(raw, dict):
        raw = [{"term": name, **value} if isinstance(value, dict)
               else {"term": name, "codes": value} for name, value in raw.items()]
    if not isinstance(raw, list):
        raise DataError(f"{where}: expected a list of terms or a mapping term -> codes")
    return raw


def _codes_of(entry: dict[str, Any]) -> list[str]:
    """The 6-, 4- or 2-digit codes of a term entry (8 and 10 digits cut to 6)."""
    value = next((entry[k] for k in TERM_CODE_KEYS if entry.get(k)), None)
    if isinstance(value, dict):
        value = value.get("codes") or value.get("code")
    if isinstance(value, (str, int)):
        value = [value]
    found = []
    for item in value if isinstance(value, list) else ():
        code = item.get("code") if isinstance(item, dict) else item
        digits = "".join(ch for ch in str(code) if ch in "0123456789")
        if len(digits) in (2, 4, 6, 8, 10):
            found.append(digits[:6])
    return found


def compile_terms(data_dir: Path, edition: str, terms: list[tuple[str, str, list[str], str]]
                  ) -> dict[str, list[list[Any]]]:
    """Folded phrase -> [[position of a code in EDITION, shown term], ...] for parsed TERMS.
    Codes given in another edition are carried over through the correlation tables. The build
    stores this in hs<YEAR>_index.txt, so a search does not redo it."""
    ed = _edition(data_dir, edition)
    index: dict[str, list[list[Any]]] = {}
    for phrase, shown, codes, term_edition in terms:
        targets: list[str] = []
        for code in codes:
            if term_edition == edition or term_edition not in EDITIONS:
                targets.append(code)
            else:
                targets.extend(_related_codes(data_dir, code, term_edition, edition))
        for code in dict.fromkeys(targets):
            if code in ed.position:
                index.setdefault(phrase, []).append([ed.position[code], shown])
    return index


def terms_digest(content: bytes) -> int:
    """A change detector for terms.json (CRC-32: hashlib's import alone costs 3 ms a search)."""
    import zlib

    return zlib.crc32(content)


TermHit = tuple[int, str, float]  # code position, shown term, score


class TermIndex:
    """An edition's everyday terms as the index's two parts (see INDEX_LAYOUT): word -> the
    terms having it, and term -> its codes. Typo buckets of the words are made on first need."""

    __slots__ = ("by_word", "by_phrase", "_buckets")

    def __init__(self, by_word: SortedLines, by_phrase: SortedLines) -> None:
        self.by_word, self.by_phrase = by_word, by_phrase
        self._buckets: dict[int, list[tuple[str, int]]] | None = None

    @classmethod
    def compiled(cls, phrases: dict[str, list[list[Any]]]) -> TermIndex:
        """The terms compiled here (terms.json changed since the build), in the same parts."""
        by_word, by_phrase = term_parts(phrases)
        return cls(SortedLines(by_word), SortedLines(by_phrase))

    def __bool__(self) -> bool:
        return self.by_phrase.start < self.by_phrase.end

    def knows(self, word: str) -> bool:
        return self.by_word.get(word) is not None

    def phrases_with(self, word: str) -> list[str]:
        found = self.by_word.get(word)
        return found.split("\t") if found else []

    def codes_of(self, phrase: str) -> list[tuple[int, str]]:
        """(code position, term as written) of each code PHRASE names."""
        cells = (self.by_phrase.get(phrase) or "").split("\t")
        return [(int(cells[at]), cells[at + 1]) for at in range(0, len(cells) - 1, 2)]

    @property
    def buckets(self) -> dict[int, list[tuple[str, int]]]:
        if self._buckets is None:
            self._buckets = typo_buckets(self.by_word.keys())
        return self._buckets


def _term_index(data_dir: Path, edition: str) -> TermIndex:
    """The everyday terms of hs/terms.json for EDITION: as the build compiled them into the
    index file, or compiled here when terms.json changed since (a user's data directory).
    No terms.json: no terms."""
    key = (str(data_dir), f"terms{edition}")
    found = _cache.get(key)
    if found is not None:
        return found
    index = _edition(data_dir, edition).index
    import os

    from wco_cli.files import read_inside

    present = os.path.lexists(Path(data_dir) / "hs" / "terms.json")
    content = read_inside(Path(data_dir), "hs/terms.json") if present else None
    if content is None:
        found = TermIndex.compiled({})
    elif terms_digest(content) == index.terms_crc32:
        found = TermIndex(index.term_words, index.term_phrases)
    else:
        found = TermIndex.compiled(compile_terms(data_dir, edition,
                                                 _load_terms(data_dir, content)))
    _cache[key] = found
    return found


def _load_terms(data_dir: Path, content: bytes) -> list[tuple[str, str, list[str], str]]:
    key = (str(data_dir), "terms")
    found = _cache.get(key)
    if found is None:
        from wco_cli.files import parse_json

        path = Path(data_dir) / "hs" / "terms.json"
        raw = parse_json(content, path, strict=not _is_bundled(data_dir))
        found = _cache[key] = parse_terms(raw, path)
    return found


def _related_codes(data_dir: Path, code: str, source: str, target: str) -> list[str]:
    """Codes of TARGET related to CODE of SOURCE (a heading or chapter through its
    subheadings), without relationships."""
    ed = _edition(data_dir, source)
    i = ed.find(code)
    if i is None:
        return []
    subheadings = [code] if len(code) == 6 else \
        [c for c in ed.codes[i + 1:ed.end(i)] if len(c) == 6]
    related: dict[str, None] = {}
    for subheading in subheadings:
        for target_code, _, _ in _pairs(data_dir, subheading, source, target):
            related[target_code] = None
    return list(related)


def search(data_dir: Path, text: str, edition: str = DEFAULT_EDITION,
           limit: int | None = SEARCH_LIMIT) -> list[Record]:
    """Chapters, headings and subheadings of EDITION matching every word of TEXT, best first
    (at most LIMIT; None = all).

    A word matches a code through the code's own description, its heading's or chapter's
    description (scored lower), or an everyday term of hs/terms.json (scored highest). An
    everyday term is found when all its words are in TEXT (consecutive ones score higher), and
    then matches each of those words: a code needs at least one of them, not all. Case,
    accents and plurals are forgiven; words of 4+ letters also match longer words they begin
    (lower); an unknown word of 5+ letters matches known words 1 edit away (2 for 8+ letters).
    Words never match inside other words. A mention the code's own text excludes ("other than
    X", "not X") counts against it, and its heading's mention does not make up for it; one
    under "whether or not" counts less; a word that names the thing ("Beer; made from malt")
    counts more. Subheadings rank above headings and chapters for equal evidence. A TEXT that
    is itself a code puts that code first. unmatched_words() tells which words match nothing.
    Rows: code, code_dotted, level, description, score, matched (why, in short).
    """
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InvalidValue("limit", limit, "must be a whole number of 0 or more")
    edition = normalize_edition(edition)
    ed = _edition(data_dir, edition)
    query = text_words(text, query=True)
    results: list[Record] = []
    exact_code = _code_in_query(ed, text)
    if exact_code is not None:
        row = ed.records([exact_code])[0]
        row.update(score=100.0, matched=f"code {row['code_dotted']}")
        results.append(row)
    if not query or (limit is not None and len(results) >= limit):
        return results[:limit] if limit is not None else results
    terms = _term_index(data_dir, edition)
    # A word the query negates ("coffee not roasted") is no part of an everyday term.
    term_words = ["" if state == EXCLUDED else word for word, state in query]
    covered = _terms_in_query(terms, _words_for_terms(ed, terms, term_words))
    evidence = [_word_evidence(ed, word, state == EXCLUDED, covered.get(position, ()))
                for position, (word, state) in enumerate(query)]
    # Every word must match the code, except that a word of an everyday term found in the
    # query is matched by that term: "roasted coffee beans" needs a code matching at least
    # one of its words, not "beans" in the code's text.
    required = sorted((reach for at, (_, _, reach) in enumerate(evidence) if at not in covered),
                      key=len)
    by_term = [reach for at, (_, _, reach) in enumerate(evidence) if at in covered]
    if required:
        candidates = set.intersection(*required)
        if by_term:
            candidates &= set().union(*by_term)
    else:
        candidates = set().union(*by_term)

    codes, parents, sizes = ed.codes, ed.parents, ed.sizes
    scored: list[tuple[float, int, str, int]] = []
    for i in candidates:
        code = codes[i]
        if len(code) == 6:
            heading = parents[i]
            chapter = parents[heading]
            total = LEVEL_BONUS["subheading"]
        elif len(code) == 4:
            heading, chapter = -1, parents[i]
            total = LEVEL_BONUS["heading"]
        else:
            heading = chapter = -1
            total = LEVEL_BONUS["chapter"]
        own_words = 0
        for own, named, _ in evidence:
            # Inlined _best (this loop runs for every candidate and word): the highest of the
            # code's own mention, its heading's and chapter's, and an everyday term's.
            mine = own.get(i)
            term = named.get(i)
            if mine is not None and mine[2]:  # excluded by the code's own text
                total += term[0] if term else mine[0]
                continue
            best = mine[0] if mine is not None else 0.0
            if mine is not None and mine[0] >= PREFIX:
                own_words += 1
            if term is not None and term[0] > best:
                best = term[0]
            for parent, via_own, via_term in ((heading, VIA_HEADING, TERM_VIA_HEADING),
                                              (chapter, VIA_CHAPTER, TERM_VIA_CHAPTER)):
                if parent < 0:
                    continue
                up = own.get(parent)
                if up is not None and up[0] * via_own > best:
                    best = up[0] * via_own
                up = named.get(parent)
                if up is not None and up[0] * via_term > best:
                    best = up[0] * via_term
            total += best
        total += COVERAGE * min(1.0, own_words / (sizes[i] or 1))
        scored.append((-total, -len(code), code, i))
    scored.sort()
    shown_codes = {row["code"] for row in results}
    ranked = [(-negative_score, i) for negative_score, _, code, i in scored
              if code not in shown_codes]
    if limit is not None:
        ranked = ranked[:max(0, limit - len(results))]
    for row, (score, i) in zip(ed.records(i for _, i in ranked), ranked):
        row["score"] = round(score, 2)
        row["matched"] = _explain(ed, i, evidence)
        results.append(row)
    return results


Evidence = tuple[dict[int, tuple[float, str, bool]], dict[int, tuple[float, str]], set[int]]


def _word_evidence(ed: Edition, word: str, negated_query: bool,
                   term_hits: Iterable[TermHit]) -> Evidence:
    """For one query word: the codes whose own text has it ({i: (score, shown word, excluded
    by a negation)}), the codes an everyday term names ({i: (score, term)}), and every code
    the word reaches, descendants of a matching heading or chapter included."""
    own: dict[int, tuple[float, str, bool]] = {}
    for vocabulary_word, score in _word_matches(ed, word):
        shown = vocabulary_word if score >= PREFIX else f"{vocabulary_word} for '{word}'"
        factors = QUERY_EXCLUDES if negated_query else STATE_FACTOR
        for posting in ed.postings(vocabulary_word):
            i, lead, state = posting >> 4, posting >> 2 & 3, posting & 3
            value = score * factors[state] + LEAD_BONUS[lead]
            excluded = state == EXCLUDED and not negated_query
            known = own.get(i)
            if known is None or (known[2], -known[0]) > (excluded, -value):
                own[i] = (value, shown, excluded)
    named: dict[int, tuple[float, str]] = {}
    for i, shown, score in term_hits:
        if i not in named or named[i][0] < score:
            named[i] = (score, shown)
    reach: set[int] = set(own)
    reach.update(named)
    codes = ed.codes
    for i in list(reach):
        if len(codes[i]) < 6:  # a chapter or heading reaches its descendants
            reach.update(range(i + 1, ed.end(i)))
    return own, named, reach


def _best(ed: Edition, i: int, own: dict[int, tuple[float, str, bool]],
          named: dict[int, tuple[float, str]]) -> tuple[float, str, int]:
    """The best evidence for one query word on code I, as search() scores it: (score, how,
    code giving it), how being "own", "excluded", "heading", "chapter" or "term"."""
    parents = ed.parents
    level = len(ed.codes[i])
    heading = parents[i] if level == 6 else -1
    chapter = parents[heading] if level == 6 else (parents[i] if level == 4 else -1)
    mine = own.get(i)
    if mine is not None and mine[2]:
        return (named[i][0], "term", i) if i in named else (mine[0], "excluded", i)
    best: tuple[float, str, int] = (mine[0], "own", i) if mine is not None else (0.0, "", -1)
    if i in named and named[i][0] > best[0]:
        best = (named[i][0], "term", i)
    for ancestor, factor, term_factor, how in ((heading, VIA_HEADING, TERM_VIA_HEADING, "heading"),
                                               (chapter, VIA_CHAPTER, TERM_VIA_CHAPTER, "chapter")):
        if ancestor < 0:
            continue
        if ancestor in own and own[ancestor][0] * factor > best[0]:
            best = (own[ancestor][0] * factor, how, ancestor)
        if ancestor in named and named[ancestor][0] * term_factor > best[0]:
            best = (named[ancestor][0] * term_factor, "term", ancestor)
    return best


def _explain(ed: Edition, i: int, evidence: list[Evidence]) -> str:
    """Why code I matched, e.g. "everyday term 'laptop'", "words: coffee, roasted",
    "words: roasted; via heading 0901: coffee"."""
    words: list[str] = []
    excluded: list[str] = []
    via: dict[int, list[str]] = {}
    terms: list[str] = []
    for own, named, _ in evidence:
        _, how, source = _best(ed, i, own, named)
        if how == "term":
            if named[source][1] not in terms:
                terms.append(named[source][1])
        elif how == "own":
            words.append(own[i][1])
        elif how == "excluded":
            excluded.append(own[i][1])
        elif how:
            via.setdefault(source, []).append(own[source][1])
    parts = [f"everyday term '{term}'" for term in terms]
    if words:
        parts.append("words: " + ", ".join(words))
    for source, source_words in via.items():
        parts.append(f"via {LEVELS[len(ed.codes[source])]} {dotted(ed.codes[source])}: "
                     + ", ".join(source_words))
    if excluded:
        parts.append("excluded here: " + ", ".join(excluded))
    return "; ".join(parts)


def _words_for_terms(ed: Edition, terms: TermIndex, words: list[str]) -> list[str]:
    """WORDS with a typo in a word that only an everyday term knows corrected ("labtop" ->
    "laptop"), by the same rule as the descriptions' words."""
    if not terms:
        return words
    corrected = []
    for word in words:
        if len(word) >= 5 and word.isalpha() and not terms.knows(word) \
                and not ed.has_word(word) and not _word_matches(ed, word):
            close = typos(terms.buckets, word)
            if close:
                word = close[0][0]
        corrected.append(word)
    return corrected


def _terms_in_query(terms: TermIndex, words: list[str]) -> dict[int, list[TermHit]]:
    """Query word position -> the codes of the everyday terms covering it.

    A term is found when all its words are in the query, in any order; found as consecutive
    words it scores TERM, else TERM_LOOSE ("frozen boneless beef" has "frozen beef"). A term
    whose words all belong to a longer term found ("chicken" in "chicken wings") is dropped.
    """
    covered: dict[int, list[TermHit]] = {}
    if not terms:
        return covered
    query_words = set(words)
    found: list[tuple[int, bool, list[int], str]] = []
    for phrase in dict.fromkeys(p for word in query_words for p in terms.phrases_with(word)):
        phrase_words = phrase.split()
        if not query_words.issuperset(phrase_words):
            continue
        size = len(phrase_words)
        start = next((at for at in range(len(words) - size + 1)
                      if words[at:at + size] == phrase_words), None)
        positions = list(range(start, start + size)) if start is not None else \
            [at for at, word in enumerate(words) if word in phrase_words]
        found.append((size, start is not None, positions, phrase))
    found.sort(key=lambda item: (-item[0], not item[1], item[3]))
    longer_cover: set[int] = set()
    size_done = 0
    kept_cover: set[int] = set()
    for size, consecutive, positions, phrase in found:
        if size != size_done:  # terms of one size do not hide each other
            longer_cover |= kept_cover
            size_done = size
        if longer_cover.issuperset(positions):
            continue
        kept_cover.update(positions)
        score = TERM if consecutive else TERM_LOOSE
        for at in positions:
            covered.setdefault(at, []).extend((i, shown, score)
                                              for i, shown in terms.codes_of(phrase))
    return covered


def unmatched_words(data_dir: Path, text: str, edition: str = DEFAULT_EDITION) -> list[str]:
    """The words of TEXT (folded, singular) that match nothing in EDITION: no description word
    (exactly, by prefix or typo) and no everyday term. A search with one of them finds nothing,
    so a caller can say which word to drop."""
    edition = normalize_edition(edition)
    ed = _edition(data_dir, edition)
    terms = _term_index(data_dir, edition)
    words = [word for word, _ in text_words(text, query=True)]
    corrected = _words_for_terms(ed, terms, words)
    return [word for word, fixed in zip(words, corrected)
            if not terms.knows(fixed) and not _word_matches(ed, word)]


def _code_in_query(ed: Edition, text: str) -> int | None:
    stripped = text.strip()
    if not stripped or not stripped[0].isdigit():
        return None
    try:
        digits, _ = normalize_code(stripped)
    except InvalidValue:
        return None
    return ed.find(digits)


# --- Conversion between editions


Pair = tuple[str, str, int]  # related code, relationship, number of hub codes linking them


def _pairs(data_dir: Path, code: str, source: str, target: str,
           back_cache: dict[str, str] | None = None) -> list[Pair]:
    """(related code of TARGET, relationship read from CODE to it, links) for a subheading of
    SOURCE, from the UNSD tables; through the hub when neither edition is the hub."""
    # Each table entry is "CODE REL": the code is its first 6 characters, REL from the 8th.
    if source == HUB_EDITION:
        entries = _correlation(data_dir, target)["from_hub"].get(code, ())
        return [(entry[:6], entry[7:], 1) for entry in entries]
    if target == HUB_EDITION:
        entries = _correlation(data_dir, source)["to_hub"].get(code, ())
        return [(entry[:6], entry[7:], 1) for entry in entries]
    return _composed_pairs(data_dir, code, source, target, {} if back_cache is None else back_cache)


def _composed_pairs(data_dir: Path, code: str, source: str, target: str,
                    back_cache: dict[str, str]) -> list[Pair]:
    """SOURCE -> hub -> TARGET. Relationship sides: "1" on the left when each target code
    leads back only to CODE, "1" on the right when CODE leads to a single target code.
    BACK_CACHE keeps, per target code, the one SOURCE code it leads back to ("" if several)."""
    to_hub = _correlation(data_dir, source)["to_hub"]
    from_hub = _correlation(data_dir, source)["from_hub"]
    target_from_hub = _correlation(data_dir, target)["from_hub"]
    target_to_hub = _correlation(data_dir, target)["to_hub"]
    links: dict[str, int] = {}
    for hub_entry in to_hub.get(code, ()):
        for target_entry in target_from_hub.get(hub_entry[:6], ()):
            links[target_entry[:6]] = links.get(target_entry[:6], 0) + 1
    right = "1" if len(links) == 1 else "n"
    pairs = []
    for target_code, count in links.items():
        back = back_cache.get(target_code)
        if back is None:
            back = back_cache[target_code] = _only_source(target_to_hub, from_hub, target_code)
        left = "1" if back == code else "n"
        pairs.append((target_code, f"{left}:{right}", count))
    return pairs


def _only_source(target_to_hub: dict[str, list[str]], from_hub: dict[str, list[str]],
                 target_code: str) -> str:
    """The one source code TARGET_CODE leads back to through the hub, or "" when several
    (stops at the second: e-waste codes lead back to hundreds)."""
    only = ""
    for hub_entry in target_to_hub.get(target_code, ()):
        for source_entry in from_hub.get(hub_entry[:6], ()):
            if not only:
                only = source_entry[:6]
            elif source_entry[:6] != only:
                return ""
    return only


def _merge_relationships(first: str, second: str) -> str:
    """Two relationships of one target code: a side is "n" when either says "n"."""
    left = "n" if "n" in (first[0], second[0]) else "1"
    right = "n" if "n" in (first[2], second[2]) else "1"
    return f"{left}:{right}"


def convert(data_dir: Path, code: str, to: str, edition: str = DEFAULT_EDITION,
            limit: int | None = DEFAULT_LIMIT) -> Record:
    """The codes of edition TO related to CODE of EDITION, from UNSD's correlation tables.

    HS2022 is the tables' hub: between two older editions the conversion goes through HS2022
    (`via` is "2022", else null) and each relationship is worked out from the composed
    mapping. A relationship reads from CODE to the related code: "1:n" means CODE was split
    into several codes of TO, "n:1" that it was merged with others into one.
    A heading or chapter is converted through all its subheadings and the results merged (a
    note says so; a target related to several of them gets "n" on a side when any pair has).
    Keys: code, edition, to, via, related (list of {code, code_dotted, relationship,
    description (in TO, null if TO's list lacks the code)}, at most LIMIT, None = all; sorted
    by code, or through the hub by how many HS2022 codes link them, most first, so that the
    cap leaves out the weakest links), total (before the cap), omitted, main_predecessor
    (HS2022 -> older, subheadings: the code of UNSD's conversion sheet; else null), notes.
    """
    edition = normalize_edition(edition)
    to = normalize_edition(to, field="to")
    if to == edition:
        raise InvalidValue("to", to, f"converting HS{edition} to itself: choose another edition",
                           valid=[year for year in EDITIONS if year != edition])
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InvalidValue("limit", limit, "must be a whole number of 0 or more")
    digits, notes = normalize_code(code)
    ed = _edition(data_dir, edition)
    i = ed.find(digits)
    if i is None:
        raise _missing(data_dir, ed, digits)
    subheadings = [digits] if len(digits) == 6 else \
        [c for c in ed.codes[i + 1:ed.end(i)] if len(c) == 6]
    if len(digits) < 6:
        notes.append(f"{LEVELS[len(digits)]} {dotted(digits)} converted through its "
                     f"{len(subheadings)} subheadings, results merged")
    via = HUB_EDITION if HUB_EDITION not in (edition, to) else None
    if via:
        notes.append(f"HS{edition} -> HS{to} goes through HS{via}: UNSD's tables relate each "
                     f"edition to HS{via}")
    related: dict[str, str] = {}
    links: dict[str, int] = {}
    unmatched = []
    back_cache: dict[str, str] = {}
    for subheading in subheadings:
        pairs = _pairs(data_dir, subheading, edition, to, back_cache)
        if not pairs:
            unmatched.append(dotted(subheading))
        for target_code, relationship, count in pairs:
            known = related.get(target_code)
            related[target_code] = relationship if known is None else \
                _merge_relationships(known, relationship)
            links[target_code] = links.get(target_code, 0) + count
    if unmatched:
        shown_unmatched = ", ".join(unmatched[:12]) + (" ..." if len(unmatched) > 12 else "")
        notes.append(f"no related HS{to} code in UNSD's tables for {shown_unmatched}")
    target = _edition(data_dir, to)
    rows = []
    # Through the hub, a broad HS2022 code (e-waste 8549 relates to ~1,000 codes) links codes
    # that share little: codes linked by more HS2022 codes come first, so a cap cuts the weak.
    order = sorted(related, key=(lambda c: (-links[c], c)) if via else None)
    if via:
        notes.append(f"related codes are listed by how many HS{via} codes link them, most first")
    found = {code: at for code in order if (at := target.find(code)) is not None}
    texts = dict(zip(found, target.descriptions_at(found.values())))
    for target_code in order:
        rows.append({"code": target_code, "code_dotted": dotted(target_code),
                     "relationship": related[target_code],
                     "description": texts.get(target_code)})
    if any(row["description"] is None for row in rows):
        notes.append(f"codes without a description are in UNSD's table but not in the HS{to} "
                     "list")
    total = len(rows)
    shown = rows if limit is None else rows[:limit]
    main = None
    if edition == HUB_EDITION and len(digits) == 6:
        main = _correlation(data_dir, to)["main_predecessor"].get(digits)
    return {"code": digits, "edition": edition, "to": to, "via": via, "related": shown,
            "total": total, "omitted": total - len(shown), "main_predecessor": main,
            "notes": notes}


# --- Many codes at once

# A line of codes is short (a code with a national extension fits in 20 characters): a longer
# one is a mistake (a whole file with other line ends, /dev/zero) and becomes an invalid row.
MAX_LINE = 1000
# A CSV line or record may be wide (many columns); bounded all the same, below the csv
# module's own field limit (131,072), so that limit is never what stops a record.
MAX_CSV_LINE = 100_000
READ_BLOCK = 65536
UTF8_BOM = b"\xef\xbb\xbf"
SHOWN = 40  # characters of a bad line shown as its input


class BadLine(str):
    """A line that cannot be a code as read: not UTF-8, or too long. Its text shows what it
    was and always holds a non-digit ('…' or a backslash escape), so it never matches a code;
    NOTE says what is wrong. `batch` turns it into an invalid row."""

    note: str

    def __new__(cls, text: str, note: str) -> BadLine:
        line = super().__new__(cls, text)
        line.note = note
        return line


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def _too_long(start: bytes, limit: int, what: str = "line") -> BadLine:
    return BadLine(start[:4 * SHOWN].decode("utf-8", "replace")[:SHOWN - 1] + "…",
                   f"{what} over {limit} characters")


def _one_line(part: bytes, limit: int) -> str:
    """PART (one line, without its end) as text, or a BadLine saying why it is not."""
    if len(part) > 4 * limit:  # UTF-8 has at most 4 bytes a character: surely too long
        return _too_long(part, limit)
    try:
        text = part.decode("utf-8")
    except UnicodeDecodeError as error:
        column = len(part[:error.start].decode("utf-8")) + 1
        return BadLine(_shortened(part.decode("utf-8", "backslashreplace")),
                       f"not UTF-8 (byte 0x{part[error.start]:02x} at column {column})")
    return _too_long(part, limit) if len(text) > limit else text


def _lines_of(head: bytes, limit: int) -> Iterator[str]:
    """The lines of HEAD (complete lines joined by LF): decoded as one block, the common case,
    and line by line only when the block holds a bad line."""
    try:
        lines = head.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        lines = None
    if lines is None or (len(head) > limit and max(map(len, lines)) > limit):
        for part in head.split(b"\n"):
            yield _one_line(part, limit)
    else:
        yield from lines


def read_lines(stream: Any, limit: int = MAX_LINE) -> Iterator[str]:
    """The lines of a binary STREAM (standard input's `.buffer`, a file opened with "rb") as
    text, without their ends, in constant memory: a leading UTF-8 byte order mark is dropped;
    CR LF, LF and a lone CR each end a line; each line is decoded on its own, so a line that
    is not UTF-8, or is over LIMIT characters, is a BadLine (which `batch` turns into an
    invalid row) and the other lines are read as usual. A line over LIMIT is skipped in blocks,
    never held whole. OSError from reading propagates."""
    read = getattr(stream, "read1", None) or stream.read
    byte_limit = 4 * limit
    tail = b""  # the line begun by the previous block: at most BYTE_LIMIT bytes
    skipped: bytes | None = None  # the start of an overlong line being skipped to its end
    after_cr = False  # the previous block ended with CR: a LF opening this one is its pair
    first = True
    while True:
        block = read(READ_BLOCK)
        if not block:
            break
        if isinstance(block, str):  # a text stream given after all: its lines all the same
            block = block.encode("utf-8", "surrogatepass")
        if first:
            while len(block) < len(UTF8_BOM) and UTF8_BOM.startswith(block):
                more = read(READ_BLOCK)  # a pipe may hand over the mark in pieces
                if not more:
                    break
                block += more.encode("utf-8", "surrogatepass") if isinstance(more, str) \
                    else more
            if block.startswith(UTF8_BOM):
                block = block[len(UTF8_BOM):]
            first = False
        if after_cr and block[:1] == b"\n":
            block = block[1:]
        after_cr = block[-1:] == b"\r"
        if b"\r" in block:
            block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if skipped is not None:
            end = block.find(b"\n")
            if end < 0:
                continue
            yield _too_long(skipped, limit)
            skipped = None
            block = block[end + 1:]
        data = tail + block if tail else block
        end = data.rfind(b"\n")
        if end < 0:
            head, tail = b"", data
        else:
            head, tail = data[:end], data[end + 1:]
        if len(tail) > byte_limit:
            skipped, tail = tail[:4 * SHOWN], b""
        if end >= 0:
            yield from _lines_of(head, limit)
    if skipped is not None:
        yield _too_long(skipped, limit)
    elif tail:
        yield _one_line(tail, limit)


def batch(data_dir: Path, lines: Iterable[Any], edition: str = DEFAULT_EDITION,
          to: str | None = None) -> Iterator[Record]:
    """One row per input line, in order, in constant memory: input, code (digits or null),
    valid, level, description, edition, note (why invalid, or the repairs made, or null), and
    with TO, converted (the related codes of TO, sorted). A bad line is a row with valid false,
    never an exception; a blank line is a row too (note "blank line"), so output row N is
    input line N. LINES is an iterable of lines: a list, a text file, `read_lines(stream)`, or
    a pandas column (an int is read as its digits, None or NaN is an invalid row "no value").
    One string, or bad EDITION or TO, raise InvalidValue at once."""
    _check_lines(lines)
    edition = normalize_edition(edition)
    if to is not None:
        to = normalize_edition(to, field="to")
        if to == edition:
            raise InvalidValue("to", to, f"converting HS{edition} to itself: choose another "
                                         "edition", valid=[y for y in EDITIONS if y != edition])
    ed = _edition(data_dir, edition)
    if to is not None:
        _edition(data_dir, to)  # fail now, not at the first line, when the file is missing
    return _batch_rows(data_dir, lines, ed, to)


def _check_lines(lines: object) -> None:
    # A string is iterable too, but by characters: '0901.21' would give seven rows.
    if isinstance(lines, (str, bytes, bytearray, memoryview)):
        raise InvalidValue("lines", lines, "one string given: pass an iterable of lines, e.g. "
                                           "['0901.21'] or an open file")


def _batch_rows(data_dir: Path, lines: Iterable[Any], ed: Edition,
                to: str | None) -> Iterator[Record]:
    lookup = ed.lookup
    edition = ed.edition
    target = to or ""
    converted_cache: dict[str, list[str]] = {}

    def converted(digits: str) -> list[str]:
        found = converted_cache.get(digits)
        if found is None:
            found = sorted(_related_codes(data_dir, digits, edition, target))
            if len(converted_cache) < 20000:  # bounded: constant memory on any input
                converted_cache[digits] = found
        return found

    for line in lines:
        try:
            raw = line.rstrip("\r\n")
        except (AttributeError, TypeError):  # not text: a number or a gap in a pandas column
            raw = None
        hit = lookup.get(raw)
        if hit is not None:  # fast path: an already clean code (a BadLine never is one)
            row = {"input": raw, "code": raw, "valid": True, "level": hit[0],
                   "description": hit[1], "edition": edition, "note": None}
        else:
            row = _slow_row(data_dir, ed, raw, line)
        if to is not None:
            row["converted"] = converted(row["code"]) if row["valid"] else []
        yield row


def _value_text(value: object) -> tuple[str, str | None]:
    """The text of a line that is not a str, and why it has none (else None). A pandas column
    gives int (a code whose leading zero is lost: its digits, then repaired as typed), float,
    None, NaN or NA."""
    import numbers

    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return "", "no value"
    if isinstance(value, (bytes, bytearray)):
        line = _one_line(bytes(value).rstrip(b"\r\n"), MAX_LINE)
        return str(line), getattr(line, "note", None)
    if isinstance(value, bool):
        return str(value), "not an HS code: a true/false value"
    if isinstance(value, numbers.Integral):
        return str(int(value)), None
    if isinstance(value, numbers.Real):
        number = float(value)
        if number != number:
            return "", "no value"
        return (str(int(number)) if number.is_integer() else repr(number)), None
    try:
        return str(value), None
    except Exception as error:  # noqa: BLE001 - any object may come from a data frame
        return "", f"no text: {type(value).__name__} ({type(error).__name__})"


def _slow_row(data_dir: Path, ed: Edition, raw: str | None, line: object) -> Record:
    note: str | None = None
    if raw is None:
        raw, note = _value_text(line)
    elif isinstance(line, BadLine):
        note = line.note
    if note is None and len(raw) > MAX_LINE:  # a long str from the API: as read_lines does
        bad = _too_long(raw[:SHOWN].encode(), MAX_LINE)
        raw, note = str(bad), bad.note
    row: Record = {"input": raw, "code": None, "valid": False, "level": None,
                   "description": None, "edition": ed.edition, "note": note}
    if note is not None:
        return row
    if not raw.strip():
        row["note"] = "blank line"
        return row
    try:
        digits, notes = normalize_code(raw)
    except InvalidValue as error:
        row["note"] = error.problem
        return row
    row["code"] = digits
    hit = ed.lookup.get(digits)
    if hit is None:
        reason = not_hs_reason(digits)
        if reason is None:
            others = editions_of(data_dir, digits)
            reason = f"not an HS{ed.edition} code" + \
                (f" (exists in HS{', HS'.join(others)})" if others else "")
        row["note"] = "; ".join([*notes, reason])
        return row
    row.update(valid=True, level=hit[0], description=hit[1], note="; ".join(notes) or None)
    return row


class _RecordTooLong(Exception):
    """Raised by _CsvFeed to end a CSV record that runs on (an unclosed quote)."""


class _CsvFeed:
    """csv.reader's input, one line at a time, each with its end put back (a quoted field
    keeps its newlines). A BadLine is fed as an empty line and kept in BAD, so the record it
    falls in becomes an invalid row; a record over LIMIT characters raises _RecordTooLong,
    and the line that took it over is fed again as the start of the next record."""

    def __init__(self, lines: Iterable[Any], limit: int) -> None:
        self.lines = iter(lines)
        self.limit = limit
        self.size = 0
        self.bad: BadLine | None = None
        self.again: str | None = None

    def __iter__(self) -> _CsvFeed:
        return self

    def next_record(self) -> None:
        self.size = 0
        self.bad = None

    def __next__(self) -> str:
        if self.again is not None:
            line, self.again = self.again, None
        else:
            line = next(self.lines)
            if not isinstance(line, str):
                line = _one_line(bytes(line) if isinstance(line, (bytes, bytearray))
                                 else str(line).encode("utf-8", "surrogatepass"), self.limit)
        if isinstance(line, BadLine):
            if self.bad is None:
                self.bad = line
            return "\n"
        if self.size and self.size + len(line) + 1 > self.limit:
            self.again = line
            raise _RecordTooLong
        self.size += len(line) + 1  # its line end counts too
        return line if line.endswith(("\n", "\r")) else line + "\n"


def csv_column(lines: Iterable[Any], column: str, limit: int = MAX_CSV_LINE) -> Iterator[str]:
    """The values of COLUMN (named in the header row, matched ignoring case and surrounding
    spaces) of CSV text, one per data record; a short row gives "". A record that cannot give
    a value (a line from `read_lines` that is a BadLine, a record over LIMIT characters, a
    value over MAX_LINE, a csv error) gives a BadLine, which `batch` turns into an invalid row.
    Raises InvalidValue("column", ...) at once, listing the header's names, when there is no
    such column or the header cannot be read."""
    import csv

    _check_lines(lines)
    feed = _CsvFeed(lines, limit)
    reader = csv.reader(feed)
    try:
        header = next(reader, None)
    except _RecordTooLong:
        raise InvalidValue("column", column, f"the CSV header row is over {limit} characters "
                                             "(an unclosed quote?)") from None
    except csv.Error as error:
        raise InvalidValue("column", column, f"the CSV header row cannot be read: {error}") \
            from None
    if feed.bad is not None:
        raise InvalidValue("column", column, f"the CSV header row is {feed.bad.note}")
    if header is None:
        raise InvalidValue("column", column, "the CSV input is empty: no header row")
    names = [name.lstrip("\ufeff").strip() for name in header]
    wanted = column.strip()
    if wanted in names:
        at = names.index(wanted)
    else:
        folded = [name.casefold() for name in names]
        if wanted.casefold() not in folded:
            import difflib

            close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
            raise InvalidValue("column", column, f"no column '{column}' in the CSV header",
                               valid=names, suggestion=close[0] if close else None)
        at = folded.index(wanted.casefold())
    return _csv_values(reader, feed, at, limit)


def _csv_values(reader: Iterator[list[str]], feed: _CsvFeed, at: int,
                limit: int) -> Iterator[str]:
    import csv

    while True:
        feed.next_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            # csv.reader starts afresh at its next call: the rest is read as new records.
            yield BadLine("…", f"CSV record over {limit} characters (an unclosed quote?)")
            continue
        except csv.Error as error:
            yield BadLine("…", f"CSV: {error}")
            continue
        if feed.bad is not None:
            yield feed.bad
            continue
        value = row[at] if at < len(row) else ""
        yield value if len(value) <= MAX_LINE else _too_long(
            value[:SHOWN].encode(), MAX_LINE, "field")


def search_words(text: str) -> list[str]:
    """The folded, singular words a search uses for TEXT (for showing what was searched)."""
    return [word for word, _ in text_words(text, query=True)]

