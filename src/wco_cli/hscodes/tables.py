"""A data directory's HS files, each read once and cached per (directory, file), so two
directories can be used side by side in one process.

Files: hs<YEAR>.txt (an edition's codes and descriptions: Edition), hs<YEAR>_index.txt (its
search index: SearchIndex, read on first use), hs2022_hs<YEAR>.json (UNSD's table between
HS2022 and an older edition), codes.json (which editions have each code) and sections.json.
Every file is read through wco_cli.files, as any data directory's files are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from wco_cli.errors import DataError
from wco_cli.hscodes.codes import HUB_EDITION, LEVELS, Record, dotted
from wco_cli.hscodes.fileformat import INDEX_PARTS, OFFSET_DIGITS, SortedLines, parse_header

_cache: dict[tuple[str, str], Any] = {}
LOADED = _cache  # read-only, for a hot path that cannot afford cached()'s call
# Descriptions read one by one before an edition's are read whole: a command shows a few, a
# program looking up or searching many is better served by one read of the file.
READS_BEFORE_WHOLE = 256
T = TypeVar("T")


def clear_cache() -> None:
    """Forget every loaded file (for tests, or after the data directory changed on disk)."""
    _cache.clear()


def cached(data_dir: Path, name: str, load: Callable[[], T]) -> T:
    """What LOAD gives for DATA_DIR, made on first use and kept under NAME until
    clear_cache()."""
    key = (str(data_dir), name)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = load()
    return found


def is_bundled(data_dir: Path) -> bool:
    """Is DATA_DIR the data shipped with the package (store.bundled_dir)?"""
    def same() -> bool:
        from wco_cli.files import bundled_dir

        return Path(data_dir).resolve() == bundled_dir().resolve()

    return cached(data_dir, "is bundled", same)


def read_json(data_dir: Path, name: str) -> Any:
    """The JSON file hs/NAME of DATA_DIR, read as a data directory's files are (files.py):
    strictly, unless it is the bundled data."""
    import gc

    from wco_cli.files import load_json

    # The parsed data has no reference cycles; collecting while json builds a hundred thousand
    # objects only costs time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_json(Path(data_dir), f"hs/{name}", strict=not is_bundled(data_dir))
    finally:
        if collecting:
            gc.enable()


def read_optional(data_dir: Path, name: str) -> bytes | None:
    """The bytes of hs/NAME of DATA_DIR as files.read_inside reads them, or None when there is
    no such entry (a symlink to nothing is an entry: read_inside refuses it)."""
    import os

    from wco_cli.files import read_inside

    if not os.path.lexists(Path(data_dir) / "hs" / name):
        return None
    return read_inside(Path(data_dir), f"hs/{name}")


def _open(data_dir: Path, name: str) -> BinaryIO:
    """The file hs/NAME of DATA_DIR opened in binary, as files.open_inside allows."""
    from wco_cli.files import open_inside

    return open_inside(Path(data_dir), f"hs/{name}")


class SearchIndex:
    """The parts of hs<YEAR>_index.txt (see INDEX_LAYOUT)."""

    __slots__ = ("parents", "sizes", "words", "term_words", "term_phrases", "terms_crc32")

    def __init__(self, data_dir: Path, edition: str) -> None:
        import sys

        from wco_cli.files import read_inside

        path = Path(data_dir) / "hs" / f"hs{edition}_index.txt"
        data = read_inside(Path(data_dir), f"hs/{path.name}")
        end = data.find(b"\n") + 1
        meta = parse_header(data[:end], path, edition)
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
                 "typo_buckets", "matches", "_reads")

    def __init__(self, edition: str, data_dir: Path) -> None:
        import os

        self.edition, self.data_dir = edition, data_dir
        self.path = path = Path(data_dir) / "hs" / f"hs{edition}.txt"
        try:
            with _open(data_dir, path.name) as handle:
                meta = parse_header(handle.readline(), path, edition)
                self.codes: list[str] = handle.readline().decode().split()
                self._offsets = handle.readline().rstrip(b"\n")
                self._text_at = handle.tell()
                self._stamp = os.fstat(handle.fileno())[6:9]  # size, times
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"{path}: cannot be read ({error})") from None
        if len(self.codes) != meta["count"] or \
                len(self._offsets) != (len(self.codes) + 1) * OFFSET_DIGITS or \
                self._stamp[0] != self._text_at + self.offset(len(self.codes)):
            raise DataError(f"{path}: codes, offsets and size do not match its header "
                            "(truncated?); rebuild it with scripts/build_hs.py")
        self.truncated = frozenset(code for code in meta["truncated"] if isinstance(code, str))
        self._descriptions: list[str] | None = None
        self._reads = 0
        self._position: dict[str, int] | None = None
        self._lookup: dict[str, tuple[str, str]] | None = None
        self._index: SearchIndex | None = None
        self._vocabulary: list[str] | None = None
        self.typo_buckets: dict[int, list[tuple[str, int]]] | None = None
        self.matches: dict[str, list[tuple[str, float]]] = {}  # memo of the search's word matches

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

    @property
    def read_whole(self) -> bool:
        """Are the descriptions read whole (after many lookups, a search, a batch)?"""
        return self._descriptions is not None

    def descriptions_at(self, positions: Iterable[int]) -> list[str]:
        """The descriptions of the codes at POSITIONS, each read where it lies in the file."""
        wanted = list(positions)
        self._reads += len(wanted)
        if self._descriptions is not None or self._reads > READS_BEFORE_WHOLE:
            descriptions = self.descriptions
            return [descriptions[i] for i in wanted]
        found = []
        with self._reopen() as handle:
            for i in wanted:
                start, end = self.offset(i), self.offset(i + 1)
                handle.seek(self._text_at + start)
                text = handle.read(end - start)
                if len(text) != end - start or not text.endswith(b"\n"):
                    raise DataError(f"{self.path}: the description of {self.codes[i]} is not "
                                    "where its offset says; rebuild it with scripts/build_hs.py")
                found.append(text[:-1].decode())
        return found

    def offset(self, i: int) -> int:
        """Where description I starts, in bytes after line 3 (I = the count: the end)."""
        try:
            return int(self._offsets[i * OFFSET_DIGITS:(i + 1) * OFFSET_DIGITS], 16)
        except ValueError:
            raise DataError(f"{self.path}: offset {i} is not hexadecimal; rebuild it with "
                            "scripts/build_hs.py") from None

    def _reopen(self) -> BinaryIO:
        """The table file, which must be the one whose codes were read."""
        import os

        handle = _open(self.data_dir, self.path.name)
        if os.fstat(handle.fileno())[6:9] != self._stamp:
            handle.close()
            raise DataError(f"{self.path} changed since it was read: call "
                            "wco_cli.hscodes.tables.clear_cache()")
        return handle

    @property
    def lookup(self) -> dict[str, tuple[str, str]]:
        """code -> (level, description): the batch path's one dict lookup per line."""
        if self._lookup is None:
            self._lookup = {code: (LEVELS[len(code)], text)
                            for code, text in zip(self.codes, self.descriptions, strict=False)}
        return self._lookup

    def records(self, positions: Iterable[int], make: Callable[..., Record] = dict
                ) -> list[Record]:
        """Rows for the codes at POSITIONS: code, code_dotted, level, description, each made by
        MAKE (dict; codes.SharedRow for rows that records share)."""
        wanted = list(positions)
        return [make(code=self.codes[i], code_dotted=dotted(self.codes[i]),
                     level=LEVELS[len(self.codes[i])], description=text)
                for i, text in zip(wanted, self.descriptions_at(wanted), strict=False)]

    # ---- the search index

    @property
    def index(self) -> SearchIndex:
        """The edition's search index, read on first use."""
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
        """Is WORD (folded, singular) in some description of the edition?"""
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


def edition_table(data_dir: Path, edition: str) -> Edition:
    """The code table of EDITION (a normalized year) in DATA_DIR."""
    return cached(data_dir, f"hs{edition}.txt", lambda: Edition(edition, Path(data_dir)))


def correlation(data_dir: Path, older: str) -> dict[str, Any]:
    """UNSD's table between the hub edition and OLDER: both directions and main predecessors."""
    name = f"hs{HUB_EDITION}_hs{older}.json"
    return cached(data_dir, name, lambda: read_json(data_dir, name))


def all_codes(data_dir: Path) -> dict[str, Any]:
    """codes.json: every code of every edition, with flags saying which editions have it."""
    return cached(data_dir, "codes.json", lambda: read_json(data_dir, "codes.json"))
