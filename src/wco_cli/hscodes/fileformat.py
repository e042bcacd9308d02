"""The on-disk format of an edition's two files: writers (for the build) and readers.

An edition's code table (hs<YEAR>.txt) and its search index (hs<YEAR>_index.txt) are UTF-8
lines, read as bytes and never parsed whole: a lookup splits the one line of codes and reads
the descriptions it shows; a search bisects the index's sorted lines for the query's words.
Parsing them as JSON would cost time and memory on every run for data a command mostly never
touches. The first line of each is a JSON header with a "layout" of the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wco_cli.errors import DataError

FORMAT = 3
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


def header_line(meta: dict[str, Any]) -> bytes:
    """The first line of an edition's files: META as one line of JSON."""
    import json

    return json.dumps(meta, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def parse_header(line: bytes, path: Path, edition: str) -> dict[str, Any]:
    """The header LINE of PATH, checked: this format, EDITION, and the keys its kind needs."""
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
    """Would TEXT break a line of the format (a line break or a tab)?"""
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
        **dict(zip(("term_words", "term_phrases"), term_parts(phrases), strict=False))}
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
