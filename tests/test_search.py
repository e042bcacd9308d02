"""`wco search` as a person reads it: fact values, snippets cut between words, short and common
words, the closing HS line of a table, typos, and no traceback whatever the words; and its
prebuilt index, which must give what building the index gives, and only while it is current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli import ranking, search_index
from wco_cli.datasets import record_files
from wco_cli.errors import DataError, WcoError
from wco_cli.hscodes import search as hs_search
from wco_cli.store import Database, bundled_dir
from wco_cli.text import edit_distance
from wco_cli.text import words as words_of

ELLIPSIS = "…"


@pytest.fixture(scope="module")
def documents() -> dict[tuple[str, str], tuple]:
    """(kind, id) -> the record as search reads it: kind, id, title, names, body[, summary]."""
    return {(doc[0], doc[1]): doc for doc in search_index.index_of(Database()).documents}


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def has_word(doc: tuple, word: str) -> bool:
    """Whether the record has WORD as a whole word of its title, id, names or text."""
    _, doc_id, title, names, body, *_ = doc
    return word in words_of(f"{title} {doc_id} {' '.join(names)} {body}")


# ---- what a hit shows ----------------------------------------------------------------------------

def test_a_fact_hit_shows_the_value_in_force(wco):
    rows = wco("search", "secretary", "general", "--json").json()
    fact = next(row for row in rows if row["id"] == "secretary_general")
    current = [r["value"] for r in wco("facts", "--json").json() if r["id"] == "secretary_general"]
    assert fact["snippet"] == f"Secretary General: {' / '.join(current)}"
    assert fact["snippet"] == "Secretary General: Ian Saunders"


def test_a_fact_found_by_a_former_value_still_shows_todays(wco):
    rows = wco("search", "mikuriya", "--kind", "fact", "--json").json()
    fact = next(row for row in rows if row["id"] == "secretary_general")
    assert fact["snippet"] == "Secretary General: Ian Saunders"


@pytest.mark.parametrize("query", ["training", "rilo", "kenya", "revised kyoto", "brussels",
                                   "capacity building", "2013", "customs", "cote", "trainng"])
def test_snippets_are_whole_words_of_the_record(wco, documents, query):
    for row in wco("search", query, "--json").json():
        _, _, title, _, body, *summary = documents[(row["kind"], row["id"])]
        shown = row["snippet"].removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
        words = shown.split()
        texts = [" ".join(text.split()) for text in (title, body, *summary)]
        assert any(f" {shown} " in f" {text} " for text in texts), (query, row)
        assert len(shown) <= ranking.SNIPPET_WIDTH or len(words) == 1, row
        # Shortened where, and only where, words were left out.
        whole = next(text for text in texts if f" {shown} " in f" {text} ")
        assert row["snippet"].startswith(ELLIPSIS) == (not whole.startswith(shown)), row
        assert row["snippet"].endswith(ELLIPSIS) == (not whole.endswith(shown)), row


LONG_TEXT = ("The first WCO Regional Training Centre anywhere, opened in Budapest in 2001 after "
             "years of planning by the Hungarian Customs and Finance Guard")


def test_a_long_text_is_cut_between_words_around_the_match():
    tokens = LONG_TEXT.split()
    shown = ranking.window(tokens, tokens.index("Budapest"))
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS) and "Budapest" in shown
    assert " ".join(tokens).find(shown.strip(ELLIPSIS)) >= 0
    assert ranking.window(["short", "text"], 1) == "short text"


def reference_first_token(tokens: list[str], words: dict[str, int]) -> int | None:
    """Token by token: the plain form of ranking.first_token."""
    for at, token in enumerate(tokens):
        if any(word in words for word in words_of(token)):
            return at
    return None


def reference_window(tokens: list[str], hit: int, width: int = ranking.SNIPPET_WIDTH) -> str:
    """Every token measured first: the plain form of ranking.window."""
    lengths = [len(token) + 1 for token in tokens]
    if sum(lengths) - 1 <= width:
        return " ".join(tokens)
    start, lead = hit, 0
    while start > 0 and lead + lengths[start - 1] <= ranking.SNIPPET_LEAD:
        start -= 1
        lead += lengths[start]
    end, used = start, -1
    while end < len(tokens) and (end <= hit or used + lengths[end] <= width):
        used += lengths[end]
        end += 1
    shown = " ".join(tokens[start:end])
    return (ELLIPSIS if start else "") + shown + (ELLIPSIS if end < len(tokens) else "")


@pytest.mark.parametrize("word", ["training", "train", "trainng", "rilo", "cen", "customs",
                                  "cote", "ivoire", "kyoto", "2013", "de", "operation"])
def test_the_hit_and_its_window_are_those_of_a_token_by_token_scan(documents, word):
    words = search_index.index_of(Database()).matches(word)
    for doc in documents.values():
        for text in (doc[2], doc[4], "", "  (CEN)  Côte-d'Ivoire co-operation  "):
            tokens = text.split()
            hit = ranking.first_token(tokens, words)
            assert hit == reference_first_token(tokens, words), (word, text)
            assert ranking.window(tokens, hit or 0) == reference_window(tokens, hit or 0)


# ---- which words count ---------------------------------------------------------------------------

def test_short_words_match_whole_words_only(wco, documents):
    rows = wco("search", "CEN", "--json").json()
    assert set(ids(rows)) == {"customs_enforcement_network", "regional-entities-2013/CEN"}
    for query in ("cen", "aeo", "rtc", "ap"):
        for row in wco("search", query, "--json").json():
            assert has_word(documents[(row["kind"], row["id"])], query), (query, row)


def test_four_letters_and_more_still_match_the_start_of_longer_words(wco):
    rows = wco("search", "rilo", "--json").json()
    assert any("RILOs" in row["title"] for row in rows)


def test_common_words_are_ignored(wco):
    plain = wco("search", "training", "centres", "--json").json()
    assert wco("search", "the", "training", "of", "centres", "--json").json() == plain
    assert wco("search", "training", "--json").json() == \
        wco("search", "for", "training", "--json").json()


@pytest.mark.parametrize("query", [["the"], ["of", "the"], ["and", "in", "for", "a"]])
def test_only_common_words_is_a_usage_error_on_one_line(wco, query):
    result = wco("search", *query)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("wco: WORDS: ")
    assert f"'{' '.join(query)}'" in result.stderr and "e.g." in result.stderr


def test_a_common_word_that_is_a_code_finds_what_it_names(wco):
    # "DE" and "IN" are common words in titles, and Germany's and India's codes.
    assert ids(wco("search", "DE", "--json").json()) == ["germany"]
    assert ids(wco("search", "in", "--json").json()) == ["india"]


@pytest.mark.parametrize("query, expected", [("trainng", "rtc-hungary"),
                                             ("mikuria", "secretary_general"),
                                             ("secretray general", "secretary_general"),
                                             ("brussells", "headquarters")])
def test_typos_are_still_found(wco, query, expected):
    assert expected in ids(wco("search", *query.split(), "--json").json())


def test_a_typo_finds_what_the_right_spelling_finds(wco):
    assert set(ids(wco("search", "trainng", "--json").json())) == \
        set(ids(wco("search", "training", "--json").json()))


# ---- HS codes ----------------------------------------------------------------------------------

def hs_count(text: str) -> int:
    return len(hs_search.search(bundled_dir(), text, limit=None))


def test_a_table_ends_with_the_hs_codes_the_words_match(wco):
    result = wco("search", "convention", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert last == f"{hs_count('convention')} HS codes match: wco hs convention"


def test_words_only_hs_knows_give_no_rows_but_the_hs_line(wco):
    assert wco("search", "roasted", "coffee", "--json").json() == []
    table = wco("search", "roasted", "coffee", env={"FORCE_COLOR": "1"}).stdout
    assert f"{hs_count('roasted coffee')} HS codes match: wco hs roasted coffee" in table


def test_no_hs_line_without_hs_matches_or_when_narrowed_to_a_kind(wco):
    assert "HS code" not in wco("search", "kenya", env={"FORCE_COLOR": "1"}).stdout
    assert "HS code" not in wco("search", "convention", "--kind", "instrument",
                                env={"FORCE_COLOR": "1"}).stdout


def test_machine_output_never_lists_hs_codes(wco):
    valid = set(search_index.kinds())
    for query in ("convention", "coffee", "harmonized", "parts", "chapter"):
        rows = wco("search", query, "--json").json()
        assert {row["kind"] for row in rows} <= valid and "hs" not in valid
        assert all(set(row) == {"kind", "id", "title", "snippet", "score"} for row in rows)
        assert "HS code" not in wco("search", query).stdout  # piped text: rows only


def test_the_hs_line_from_the_library():
    db = Database()
    assert ranking.hs_note(db, ["coffee"]) == f"{hs_count('coffee')} HS codes match: wco hs coffee"
    assert ranking.hs_note(db, ["kenya"]) is None
    assert ranking.hs_note(db, ["0901"]) is None  # `wco hs 0901` looks a code up


# ---- any input -------------------------------------------------------------------------------

WORDS = st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters="\x00"), max_size=12),
                 min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(words=WORDS, table=st.booleans())
def test_any_words_give_a_result_or_one_error_line(wco, words, table):
    options = () if table else ("--json",)
    result = wco("search", *options, "--", *words, env={"FORCE_COLOR": "1"} if table else None)
    assert result.exit_code in (0, 1, 2), (words, result.stderr)
    if result.exit_code:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("wco")


# ---- the prebuilt index (data/search_index.json) ------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
SEARCHED_FILES = ("regions", "instruments", "offices", "members", "facts", "goals", "history")
QUERIES = [
    ("training", None), ("trainng", None), ("training hungary", None), ("train", None),
    ("rilo", None), ("rtc", None), ("cen", None), ("aeo", None), ("DE", None), ("in", None),
    ("Côte d'Ivoire", None), ("cote", None), ("ÉCOLE", None), ("kyōto", None),
    ("revised kyoto convention", None), ("kyoto", "instrument"), ("brussells", None),
    ("mikuria", None), ("mikuriya", "event"), ("secretray general", None),
    ("capacity building", None), ("customs", "office"), ("2013", None), ("europe", "region"),
    ("asia pacific", None), ("harmonized", None), ("amsterdm", None), ("convention", "fact"),
    ("zzzzqqq", None), ("the", None), ("training", "goal"), ("Training", "EVENT "),
    ("safe framework", None), ("kenya", "bogus"),
]


def outcome(db: Database, text: str, kind: str | None) -> list[dict] | str:
    """What a search gives: its rows, or its error's message."""
    try:
        return ranking.search(db, text, kind)
    except WcoError as error:
        return f"{type(error).__name__}: {error}"


def copy_of_bundled_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_dir(), target, ignore=shutil.ignore_patterns("hs"))
    return target


def test_the_committed_index_is_what_the_build_writes_now(tmp_path):
    """A stale data/search_index.json costs every search its speed: rebuild it with
    `python scripts/build_search.py` after changing the data or how search reads it."""
    out = tmp_path / "search_index.json"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_search.py"), "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == (REPO / "data" / search_index.INDEX_FILE).read_bytes(), \
        "stale: run python scripts/build_search.py"


def test_the_bundled_data_is_searched_through_its_prebuilt_index():
    index = search_index.prebuilt_index(Database())
    assert index is not None
    assert index.kinds == search_index.kinds()
    state = json.loads((bundled_dir() / search_index.INDEX_FILE).read_bytes())
    # Named by dataset, never by path, and covering every record file of the directory.
    assert set(state["crc32"]) == set(record_files())
    assert set(SEARCHED_FILES) <= set(state["crc32"])


def test_the_prebuilt_index_holds_what_building_makes():
    prebuilt = search_index.prebuilt_index(Database())
    built = search_index.built_index(Database())
    assert prebuilt is not None
    assert prebuilt.documents == built.documents
    assert all(type(doc) is tuple for doc in prebuilt.documents)
    assert (prebuilt.kinds, prebuilt.vocabulary_text) == (built.kinds, built.vocabulary_text)
    assert prebuilt.vocabulary == built.vocabulary
    assert prebuilt.titles.state() == built.titles.state()
    assert prebuilt.bodies.state() == built.bodies.state()
    assert json.loads(json.dumps(built.state())) == search_index.Index.from_state(
        json.loads(json.dumps(built.state()))).state()


@pytest.mark.parametrize("text, kind", QUERIES)
def test_prebuilt_and_built_indexes_give_the_same_results(text, kind):
    prebuilt, built = Database(), Database()
    assert search_index.prebuilt_index(prebuilt) is not None
    search_index.built_index(built)
    assert outcome(prebuilt, text, kind) == outcome(built, text, kind)


def test_an_edited_data_directory_is_searched_as_it_is_now(tmp_path, wco):
    data = copy_of_bundled_data(tmp_path)
    members = data / "members.json"
    text = members.read_text(encoding="utf-8")
    assert text.count('"name": "Kenya"') == 1
    members.write_text(text.replace('"name": "Kenya"', '"name": "Wakandia"'), encoding="utf-8")
    db = Database(data)
    assert search_index.prebuilt_index(db) is None  # members.json is not the file it was built from
    rows = ranking.search(db, "wakandia")
    assert [(row["kind"], row["id"], row["title"]) for row in rows] == \
        [("member", "kenya", "Wakandia")]
    assert all(row["title"] != "Kenya" for row in ranking.search(db, "kenya"))
    cli = wco("--data-dir", str(data), "search", "wakandia", "--json")
    assert [row["title"] for row in cli.json()] == ["Wakandia"]


def test_an_unedited_copy_uses_the_index_and_an_edited_cited_file_is_still_checked(tmp_path):
    data = copy_of_bundled_data(tmp_path)
    assert search_index.prebuilt_index(Database(data)) is not None
    # Members cite source g01: without it, members.json fails its checks, as before.
    sources = json.loads((data / "sources.json").read_text(encoding="utf-8"))
    kept = [source for source in sources if source["id"] != "g01"]
    assert len(kept) == len(sources) - 1
    (data / "sources.json").write_text(json.dumps(kept), encoding="utf-8")
    db = Database(data)
    assert search_index.prebuilt_index(db) is None
    with pytest.raises(DataError, match="unknown source 'g01'"):
        ranking.search(db, "kenya")


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[]", b"null", b'{"format": 1}', b"\xff\xfe not utf-8", "truncated",
    "other format", "no documents", "short starts", "kinds not text", "a directory"])
def test_a_damaged_index_file_is_passed_over(tmp_path, damage):
    data = copy_of_bundled_data(tmp_path)
    path = data / search_index.INDEX_FILE
    good = path.read_bytes()
    state = json.loads(good)
    if damage == "truncated":
        damage = good[:len(good) // 2]
    elif damage == "other format":
        damage = json.dumps({**state, "format": search_index.FORMAT + 1}).encode()
    elif damage == "no documents":
        damage = json.dumps({**state, "documents": []}).encode()
    elif damage == "short starts":
        damage = json.dumps({**state, "bodies": {**state["bodies"], "starts": [1]}}).encode()
    elif damage == "kinds not text":
        damage = json.dumps({**state, "kinds": [1, 2]}).encode()
    if damage == "a directory":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(damage)
    db = Database(data)
    assert search_index.prebuilt_index(db) is None
    for text, kind in QUERIES[:12]:
        assert outcome(db, text, kind) == outcome(Database(), text, kind), (damage, text)


def test_a_missing_index_file_is_built_from_the_records(tmp_path):
    data = copy_of_bundled_data(tmp_path)
    (data / search_index.INDEX_FILE).unlink()
    db = Database(data)
    assert search_index.prebuilt_index(db) is None
    assert outcome(db, "trainng budapest", None) == outcome(Database(), "trainng budapest", None)


FAST_PATH_PROBE = """
import builtins, io, json, sys
import os
opened, parsed, real_open, real_load, real_loads = [], [], os.open, json.load, json.loads
def spy_open(file, flags, *args, **kwargs):
    opened.append((str(file), "rb" if flags & 3 == os.O_RDONLY else "w"))
    return real_open(file, flags, *args, **kwargs)
def spy_load(handle, *args, **kwargs):
    parsed.append(getattr(handle, "name", "?"))
    return real_load(handle, *args, **kwargs)
def spy_loads(text, *args, **kwargs):
    found = real_loads(text, *args, **kwargs)
    if isinstance(found, list):  # a data file's records; the index file is an object
        parsed.append("records")
    return found
os.open = spy_open
json.load, json.loads = spy_load, spy_loads
sys.argv = ["wco", "search", "training", "--kind", "office", "--json"]
from wco_cli.cli import app as cli
try:
    cli.main()
except SystemExit as exit:
    assert not exit.code, exit.code
report = {"modules": sorted(m for m in sys.modules if m.startswith("wco_cli.datasets.")
                            or m.startswith("wco_cli.hscodes")),
          "opened": [(p.rsplit("/", 1)[-1], mode) for p, mode in opened if p.endswith(".json")],
          "parsed": parsed}
sys.stderr.write("PROBE" + json.dumps(report) + "\\n")
"""


def test_the_fast_path_imports_no_dataset_module_and_parses_no_data_file():
    result = subprocess.run([sys.executable, "-c", FAST_PATH_PROBE], capture_output=True,
                            text=True, env=subprocess_env(NO_COLOR="1"), timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["kind"] == "office"
    line = next(line for line in result.stderr.splitlines() if line.startswith("PROBE"))
    report = json.loads(line[5:])
    assert report["modules"] == []
    assert report["parsed"] == []
    # Each data file is only read as bytes, for its CRC-32; nothing opens it as text.
    opened = [tuple(pair) for pair in report["opened"]]
    assert ("members.json", "rb") in opened
    assert all(mode == "rb" for _, mode in opened), opened
    assert {name for name, _ in opened} == \
        {f"{name}.json" for name in record_files()} | {search_index.INDEX_FILE}


# ---- typo matching ----------------------------------------------------------------------------

def reference_edit_distance(a: str, b: str, limit: int) -> int:
    """The full optimal-string-alignment table, row by row, stopping once a whole row exceeds
    LIMIT (the implementation edit_distance had before it was made faster)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


SHORT_TEXT = st.text("abcd", max_size=10)


@st.composite
def close_pairs(draw) -> tuple[str, str]:
    """A word and one a few random edits away (insert, delete, replace, swap neighbours)."""
    word = draw(SHORT_TEXT)
    other = list(word)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(other)))
        edit = draw(st.sampled_from("idrs"))
        if edit == "i":
            other.insert(at, draw(st.sampled_from("abcde")))
        elif edit == "d" and at < len(other):
            del other[at]
        elif edit == "r" and at < len(other):
            other[at] = draw(st.sampled_from("abcde"))
        elif edit == "s" and at + 1 < len(other):
            other[at], other[at + 1] = other[at + 1], other[at]
    return word, "".join(other)


PAIRS = close_pairs() | st.tuples(SHORT_TEXT, SHORT_TEXT)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(pair=PAIRS, limit=st.integers(0, 5))
def test_edit_distance_equals_the_plain_table(pair, limit):
    a, b = pair
    expected = reference_edit_distance(a, b, limit)
    assert edit_distance(a, b, limit) == expected


def test_edit_distance_beyond_the_limit_is_what_the_full_table_gives():
    # The whole of "ab" is within 3 edits of a start of "cdxyz": the exact 5, not 4.
    assert edit_distance("ab", "cdxyz", 3) == reference_edit_distance("ab", "cdxyz", 3) == 5
    assert edit_distance("abc", "xyz", 2) == 3
    assert edit_distance("training", "trainnig", 2) == 1  # a swap of neighbours is one edit
