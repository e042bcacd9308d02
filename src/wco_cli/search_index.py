"""The index `wco search` ranks records with (ranking.py): the records' titles and other text,
folded, and their distinct words.

The index is made once per Database: the records' titles and other text, folded into two
strings, and their distinct words, sorted, in a third. A query word is compared once with each
distinct word (cheap bounds first, edit distance last); the records having a matching word are
then found by scanning the folded strings in C. A query costs in proportion to the distinct
words, not to records x words.

Building the index means importing every dataset module and reading every searchable file, most
of a search's time; so the bundled data ships it prebuilt (INDEX_FILE, written by
scripts/build_search.py from Index.state()), with the typos of its own words worked out, so a
correctly spelled word is compared with no other. It answers for a dataset only while the
CRC-32 of every file that dataset's documents were made from (its own, and the files its
checks read) matches that file's bytes. A dataset it cannot answer for (a file changed, or a
dataset the index does not know) is read from its records and searched beside what the index
still answers for, so a search never leaves a dataset out; `wco validate` says the index is
stale.
"""

from __future__ import annotations

import _thread  # not threading: a builtin, so the lock costs start-up nothing
import bisect
import weakref
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any, cast

from wco_cli.datasets import NAMES, dataset_class
from wco_cli.errors import DataError
from wco_cli.text import MIN_PREFIX, allowed_edits, edit_distance, fold_ascii, fold_words

if TYPE_CHECKING:
    from pathlib import Path

    from wco_cli.datasets.base import Document
    from wco_cli.store import Database

# The prebuilt index, in a data directory. FORMAT changes whenever what the file holds, or how
# documents and folded text are made from the records, changes: an older file is then rebuilt.
INDEX_FILE = "search_index.json"
# 2: the CRC-32s are keyed by dataset name and cover every record file; 3: folded text reads
# letters with no decomposition (ł, ø, đ...) as ASCII letters, where it dropped them; 4: each
# dataset's kind, the files its documents were made from and where they are in the index
# ("datasets").
FORMAT = 4
REBUILD = "python scripts/build_search.py"

EXACT, PREFIX, FUZZY = 3, 2, 1
TITLE_WEIGHT = 2

_indexes: weakref.WeakKeyDictionary[Database, Searchable] = weakref.WeakKeyDictionary()
# Held while an index is read or built and stored in _indexes, so that threads sharing a
# Database make one index, not one each (and _indexes is never written by two at once).
_building = _thread.RLock()



def kinds() -> tuple[str, ...]:
    """The kinds of record search shows, in the registry's order."""
    return tuple(k for k in (dataset_class(n).search_kind for n in NAMES) if k)


class Texts:
    """Many texts folded into one string: the texts that have a word are found by one scan of
    it in C (str.find), rather than by a loop in Python over every word of every text.
    FOLDED is that string, STARTS where each text begins in it (what the prebuilt index keeps);
    Texts.folding makes them from the texts."""

    def __init__(self, folded: str, starts: list[int]) -> None:
        self.folded, self.starts = folded, starts
        self._having: dict[str, list[int]] = {}

    @classmethod
    def folding(cls, texts: list[str]) -> Texts:
        pieces = [text if text.isascii() else fold_words(text) for text in texts]
        starts = list(accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=1))
        # Folding ASCII keeps every character in place, so the starts stay true; each piece is
        # between spaces, so " word " is found only as a whole word of one text.
        joined = " " + "\n".join(pieces) + " "
        return cls(fold_ascii(joined), starts)

    def state(self) -> dict[str, Any]:
        """FOLDED and STARTS as JSON, for the prebuilt index: Texts(**state) restores them."""
        return {"folded": self.folded, "starts": self.starts}

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
    """The search index of one Database's records (built on its first search, or prebuilt).
    KINDS are the kinds of record it holds, in the registry's order (results of equal score
    are listed in it)."""

    def __init__(self, documents: Iterable[Document], kinds: Sequence[str]) -> None:
        listed = list(documents)
        titles = Texts.folding([doc[2] for doc in listed])
        bodies = Texts.folding([f"{doc[1]} {' '.join(doc[3])} {doc[4]}" for doc in listed])
        vocabulary_text = " ".join(sorted(titles.words() | bodies.words()))
        self._keep(kinds, listed, titles, bodies, vocabulary_text, None)

    def _keep(self, kinds: Sequence[str], documents: list[Document], titles: Texts,
              bodies: Texts, vocabulary_text: str, typos: dict[str, str] | None) -> None:
        """The one place the fields are set, whether built or restored from the prebuilt file.
        VOCABULARY_TEXT is the distinct words, sorted, between single spaces: a word, or the
        run of words a prefix begins, is found in it by one scan in C. TYPOS, when given, are
        _close's answers (words between spaces) for the vocabulary's own words (see state)."""
        self.kinds = tuple(kinds)
        self.documents = documents
        self.titles, self.bodies = titles, bodies
        self.vocabulary_text = f" {vocabulary_text} "
        self.typos = typos
        self._vocabulary: list[str] | None = None
        self._by_length: dict[int, list[str]] | None = None  # for typos, built on the first
        self._matches: dict[str, dict[str, int]] = {}

    @property
    def vocabulary(self) -> list[str]:
        """The distinct words of the records, sorted (split from the text when first needed:
        a correctly spelled query needs no list)."""
        if self._vocabulary is None:
            self._vocabulary = self.vocabulary_text.split()
        return self._vocabulary

    def state(self) -> dict[str, Any]:
        """What a query needs, as JSON (the prebuilt index's fields; from_state reads them).
        With it go the typos of the vocabulary's own words, worked out here once: a query of
        correctly spelled words then compares no word with the whole vocabulary."""
        typos: dict[str, str] = {}
        for word in self.vocabulary:
            allowed = allowed_edits(len(word))
            close = self._close(word, allowed) if allowed else [word]
            if close != [word]:
                typos[word] = " ".join(close)
        return {"kinds": list(self.kinds), "documents": [list(doc) for doc in self.documents],
                "titles": self.titles.state(), "bodies": self.bodies.state(),
                "vocabulary": self.vocabulary_text.strip(), "typos": typos}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Index:
        """The index whose state() gave STATE, with nothing folded or compared again;
        ValueError when STATE's parts do not fit together (a damaged file)."""
        documents = cast("list[Document]", [tuple(doc) for doc in state["documents"]])
        titles, bodies = Texts(**state["titles"]), Texts(**state["bodies"])
        vocabulary_text, typos = state["vocabulary"], state["typos"]
        if not (len(titles.starts) == len(bodies.starts) == len(documents)
                and isinstance(titles.folded, str) and isinstance(bodies.folded, str)
                and isinstance(vocabulary_text, str) and isinstance(typos, dict)
                and all(isinstance(kind, str) for kind in state["kinds"])):
            raise ValueError("the parts of the search index do not fit together")
        index = cls.__new__(cls)
        index._keep(state["kinds"], documents, titles, bodies, vocabulary_text, typos)
        return index

    def names(self, at: int) -> set[str]:
        """The folded title and other names of document AT."""
        return names_of(self.documents[at])

    def has(self, word: str) -> bool:
        """Whether WORD (folded) is a word of the index."""
        return f" {word} " in self.vocabulary_text

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
            return {word: EXACT} if self.has(word) else {}
        found: dict[str, int] = {}
        # The words WORD begins are one run of the sorted words; the first is found in C.
        text = self.vocabulary_text
        at = text.find(f" {word}")
        while at >= 0 and text.startswith(word, at + 1):
            end = text.find(" ", at + 1)
            candidate = text[at + 1:end]
            found[candidate] = EXACT if candidate == word else PREFIX
            at = end
        allowed = allowed_edits(len(word))
        if allowed:
            for candidate in self._close(word, allowed):
                found.setdefault(candidate, FUZZY)
        return found

    def _close(self, word: str, allowed: int) -> list[str]:
        """The index's words within ALLOWED edits of WORD. An edit adds or removes at most two
        of a word's letters, so words whose letters differ by more than 2 x ALLOWED are passed
        over without counting edits. A prebuilt index knows the answer for its own words
        (TYPOS; a word of the vocabulary missing from it is close to itself alone)."""
        if self.typos is not None and allowed == allowed_edits(len(word)) and self.has(word):
            return self.typos[word].split() if word in self.typos else [word]
        if self._by_length is None:
            # Built whole, then published: a thread sharing the index must never see it half
            # filled (it would miss typos: "trainng" found nothing under 16 threads).
            by_length: dict[int, list[str]] = {}
            for candidate in self.vocabulary:
                by_length.setdefault(len(candidate), []).append(candidate)
            self._by_length = by_length
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


def names_of(doc: Document) -> set[str]:
    """The folded title and other names of a document."""
    _, _, title, names, *_ = doc
    return {fold_words(name) for name in (title, *names)}


class Combined:
    """Indexes searched as one, each for some of its documents: the prebuilt index, for the
    datasets it still answers for, and an index built from the records of the others. It
    answers as an index built from every record would: a document's score depends only on its
    own words, and documents of one dataset keep their order."""

    def __init__(self, parts: list[tuple[Index, Iterable[int]]], kinds: Sequence[str]) -> None:
        self.kinds = tuple(kinds)
        self.documents: list[Document] = []
        # Each part with where its kept documents are here (a document left out is absent).
        self._parts: list[tuple[Index, dict[int, int]]] = []
        for index, kept in parts:
            here: dict[int, int] = {}
            for at in kept:
                here[at] = len(self.documents)
                self.documents.append(index.documents[at])
            self._parts.append((index, here))

    def names(self, at: int) -> set[str]:
        return names_of(self.documents[at])

    def matches(self, word: str) -> dict[str, int]:
        """The words WORD matches in any part, each with its best strength."""
        found: dict[str, int] = {}
        for index, _ in self._parts:
            for candidate, strength in index.matches(word).items():
                found[candidate] = max(strength, found.get(candidate, 0))
        return found

    def scores(self, word: str) -> dict[int, int]:
        found: dict[int, int] = {}
        for index, here in self._parts:
            for at, score in index.scores(word).items():
                if at in here:
                    found[here[at]] = score
        return found


Searchable = Index | Combined


def index_of(db: Database) -> Searchable:
    """DB's search index, made once per Database (its records cannot change once loaded): the
    prebuilt one when it was built from DB's very files, or it with an index of the records of
    the datasets it cannot answer for, else one built from every record."""
    return ready_index(db) or built_once(db)


def ready_index(db: Database) -> Searchable | None:
    """DB's index if made already, else one made with the prebuilt index if it can be used,
    else None."""
    found = _indexes.get(db)
    if found is None:
        with _building:  # another thread may be reading the same file: wait for its index
            found = _indexes.get(db) or _from_prebuilt(db)
    return found


def built_once(db: Database) -> Searchable:
    """DB's index, built from its records unless another thread has made it meanwhile."""
    with _building:
        return _indexes.get(db) or built_index(db)


def built_index(db: Database) -> Index:
    """DB's index built from its records, as Database.load reads (and checks) them."""
    with _building:
        index = _indexes[db] = Index((doc for dataset in db.datasets() if dataset.search_kind
                                      for doc in dataset.documents()), kinds())
    return index


def prebuilt_index(db: Database) -> Index | None:
    """DB's prebuilt index (INDEX_FILE in its directory) if it is of this FORMAT and answers for
    every searchable dataset of the registry: it knows each, and the CRC-32 of every file each
    one's documents were made from matches the file's bytes now; else None. It names
    datasets, never paths, and every file is read as files.py allows."""
    found = _prebuilt_state(db)
    if found is None or found[2] or found[3]:
        return None
    with _building:
        _indexes[db] = found[1]
    return found[1]


def _from_prebuilt(db: Database) -> Searchable | None:
    """The prebuilt index (prebuilt_index), or, where it cannot answer for some datasets, it
    without their documents beside an index built from their records; None when the file
    cannot be used at all."""
    found = _prebuilt_state(db)
    if found is None:
        return None
    state, prebuilt, stale, gone = found
    if stale or gone:
        covered = state["datasets"]
        kept = [at for name, part in covered.items() if name not in stale and name not in gone
                for at in range(*part["documents"])]
        fresh = Index((doc for name in stale for doc in db.dataset(name).documents()), ())
        order = {name: at for at, name in enumerate(NAMES)}
        known = {name: part["kind"] for name, part in covered.items() if name in order}
        kinds_now = [known[name] if name in known and name not in stale
                     else dataset_class(name).search_kind for name in NAMES]
        combined = Combined([(prebuilt, kept), (fresh, range(len(fresh.documents)))],
                            [kind for kind in kinds_now if kind])
        _indexes[db] = combined
        return combined
    _indexes[db] = prebuilt
    return prebuilt


def _prebuilt_state(db: Database
                    ) -> tuple[dict[str, Any], Index, list[str], list[str]] | None:
    """(the prebuilt index's state, the index it holds, the searchable datasets of the registry
    it cannot answer for, in registry order, the datasets whose documents it holds that are no
    longer in the registry), or None when the file cannot be used: missing, unreadable, damaged
    or of another FORMAT. The file is only a cache, so such a file is passed over in silence (`wco
    validate` names it)."""
    import json
    import zlib  # not hashlib: its import alone costs more than a search

    from wco_cli.datasets import record_files
    from wco_cli.errors import DataError
    from wco_cli.files import read_inside

    try:
        state = json.loads(read_inside(db.path, INDEX_FILE))
        crcs, covered = state["crc32"], state["datasets"]
        if state["format"] != FORMAT or not isinstance(crcs, dict) \
                or not isinstance(covered, dict):
            return None
        present = set(record_files())
        changed = {name for name in set(crcs) | present
                   if name not in crcs or name not in present
                   or zlib.crc32(read_inside(db.path, f"{name}.json")) != crcs[name]}
        if not all(_well_formed(part, len(state["documents"])) for part in covered.values()):
            return None
        stale = [name for name in NAMES if _searched(name, covered, changed)]
        gone = [name for name, part in covered.items() if name not in NAMES and part["kind"]]
        index = Index.from_state(state)
    except (DataError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return state, index, stale, gone


def _well_formed(part: object, documents: int) -> bool:
    """Whether PART is a dataset's entry of the index file's "datasets", as coverage() makes
    it, with its documents among the DOCUMENTS the file holds."""
    if not isinstance(part, dict) or not isinstance(part.get("kind"), (str, type(None))):
        return False
    reads, span = part.get("reads"), part.get("documents")
    return (isinstance(reads, list) and all(isinstance(name, str) for name in reads)
            and isinstance(span, list) and len(span) == 2
            and all(type(at) is int for at in span) and 0 <= span[0] <= span[1] <= documents)


def _searched(name: str, covered: dict[str, Any], changed: set[str]) -> bool:
    """Whether dataset NAME is searched and the prebuilt index cannot answer for it: it does
    not know it (its module says whether it is searched), or a file its documents were made
    from has changed."""
    part = covered.get(name)
    if part is None:
        return dataset_class(name).search_kind is not None
    return bool(part["kind"]) and not changed.isdisjoint(part["reads"])


def staleness(db: Database) -> str | None:
    """Why the prebuilt index of DB's directory does not answer for every searchable dataset,
    for `wco validate` (None: it does, or there is no index file, which is no error)."""
    from wco_cli.files import read_inside

    try:
        read_inside(db.path, INDEX_FILE)
    except DataError:
        return None
    found = _prebuilt_state(db)
    if found is None:
        return (f"search index ({INDEX_FILE}) cannot be used (damaged, or of another format); "
                f"search builds its index from the records (rebuild it: {REBUILD})")
    _, _, stale, gone = found
    if not stale and not gone:
        return None
    parts = []
    if stale:
        parts.append(f"does not cover {', '.join(stale)}; search reads "
                     f"{'them' if len(stale) > 1 else 'it'} from the data files")
    if gone:
        parts.append(f"holds {', '.join(gone)}, no longer datasets; search leaves "
                     f"{'them' if len(gone) > 1 else 'it'} out")
    return f"search index ({INDEX_FILE}) {' and '.join(parts)} (rebuild it: {REBUILD})"


def coverage(path: Path) -> dict[str, dict[str, Any]]:
    """For the prebuilt index of the directory PATH: each dataset of the registry by name, with
    its kind of record (None: not searched), the record files its documents were made from
    (its own, and those its checks read) and where its documents are in the index, as
    [first, last + 1], in the registry's order (as built_index makes them)."""
    from wco_cli.store import Database

    found: dict[str, dict[str, Any]] = {}
    at = 0
    for name in NAMES:
        db = Database(path)
        db.checked = True  # the files read to check the dataset count among those it is made from
        dataset = db.dataset(name)
        count = sum(1 for _ in dataset.documents()) if dataset.search_kind else 0
        found[name] = {"kind": dataset.search_kind, "reads": sorted(db._records),
                       "documents": [at, at + count]}
        at += count
    return found
