"""Everyday terms (hs/terms.json, optional): "laptop" for 8471.30, read in many shapes and
compiled into each edition's search index by the build, or here when terms.json changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wco_cli.errors import DataError
from wco_cli.hscodes.codes import EDITIONS, HUB_EDITION
from wco_cli.hscodes.convert import related_codes
from wco_cli.hscodes.fileformat import SortedLines, term_parts
from wco_cli.hscodes.tables import cached, edition_table, is_bundled, read_optional
from wco_cli.hscodes.words import text_words, typo_buckets

TERM_NAME_KEYS = ("term", "name", "phrase", "label", "query", "keyword", "text", "word")
TERM_ALIAS_KEYS = ("aliases", "synonyms", "also", "variants", "alternatives")
TERM_CODE_KEYS = ("codes", "code", "hs", "hs_code", "hs_codes", "hs2022", "hs6", "subheadings",
                  "headings")
Term = tuple[str, str, list[str], str]  # folded phrase, term as written, codes, their edition


def parse_terms(raw: Any, where: Path | str) -> list[Term]:
    """Everyday terms as (folded phrase, shown term, codes, edition) from parsed terms.json.

    Read shapes: {"terms": X} or X, where X is a list of entries or a mapping term -> codes or
    term -> entry. An entry is an object with the term ("term", or "name", "phrase", ...),
    optional other names ("aliases", "synonyms", ...), the codes ("codes", "code", "hs", ...:
    a code or a list of codes, dotted or not, or of {"code": ...}) and optionally the codes'
    "edition" (default HS2022). Entries without a term or codes are skipped; anything that is
    neither a list nor a mapping raises DataError naming WHERE.
    """
    terms: list[Term] = []
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


def compile_terms(data_dir: Path, edition: str, terms: list[Term]) -> dict[str, list[list[Any]]]:
    """Folded phrase -> [[position of a code in EDITION, shown term], ...] for parsed TERMS.
    Codes given in another edition are carried over through the correlation tables. The build
    stores this in hs<YEAR>_index.txt, so a search does not redo it."""
    ed = edition_table(data_dir, edition)
    index: dict[str, list[list[Any]]] = {}
    for phrase, shown, codes, term_edition in terms:
        targets: list[str] = []
        for code in codes:
            if term_edition == edition or term_edition not in EDITIONS:
                targets.append(code)
            else:
                targets.extend(related_codes(data_dir, code, term_edition, edition))
        for code in dict.fromkeys(targets):
            if code in ed.position:
                index.setdefault(phrase, []).append([ed.position[code], shown])
    return index


def terms_digest(content: bytes) -> int:
    """A change detector for terms.json (CRC-32: zlib is cheap to import, hashlib is not, and
    a search checks this every time)."""
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
        """Are there any terms?"""
        return self.by_phrase.start < self.by_phrase.end

    def knows(self, word: str) -> bool:
        """Is WORD a word of some term?"""
        return self.by_word.get(word) is not None

    def phrases_with(self, word: str) -> list[str]:
        """The terms (folded) that have WORD."""
        found = self.by_word.get(word)
        return found.split("\t") if found else []

    def codes_of(self, phrase: str) -> list[tuple[int, str]]:
        """(code position, term as written) of each code PHRASE names."""
        cells = (self.by_phrase.get(phrase) or "").split("\t")
        return [(int(cells[at]), cells[at + 1]) for at in range(0, len(cells) - 1, 2)]

    @property
    def buckets(self) -> dict[int, list[tuple[str, int]]]:
        """The terms' words for words.typos."""
        if self._buckets is None:
            self._buckets = typo_buckets(self.by_word.keys())
        return self._buckets


def term_index(data_dir: Path, edition: str) -> TermIndex:
    """The everyday terms of hs/terms.json for EDITION: as the build compiled them into the
    index file, or compiled here when terms.json changed since (a user's data directory).
    No terms.json: no terms."""
    def load() -> TermIndex:
        index = edition_table(data_dir, edition).index
        content = read_optional(data_dir, "terms.json")
        if content is None:
            return TermIndex.compiled({})
        if terms_digest(content) == index.terms_crc32:
            return TermIndex(index.term_words, index.term_phrases)
        return TermIndex.compiled(compile_terms(data_dir, edition, _load_terms(data_dir, content)))

    return cached(data_dir, f"terms{edition}", load)


def _load_terms(data_dir: Path, content: bytes) -> list[Term]:
    """The terms of CONTENT, the bytes of DATA_DIR's terms.json, parsed once per directory."""
    def load() -> list[Term]:
        from wco_cli.files import parse_json

        path = Path(data_dir) / "hs" / "terms.json"
        return parse_terms(parse_json(content, path, strict=not is_bundled(data_dir)), path)

    return cached(data_dir, "terms", load)
