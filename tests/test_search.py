"""`wco search` as a person reads it: fact values, snippets cut between words, short and common
words, the closing HS line of a table, typos, and no traceback whatever the words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli import harmonized as hs, ranking
from wco_cli.store import Database, bundled_dir

ELLIPSIS = "…"


@pytest.fixture(scope="module")
def documents() -> dict[tuple[str, str], tuple]:
    """(kind, id) -> the record as search reads it: kind, id, title, names, body[, summary]."""
    return {(doc[0], doc[1]): doc for doc in ranking.index_of(Database()).documents}


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def has_word(doc: tuple, word: str) -> bool:
    """Whether the record has WORD as a whole word of its title, id, names or text."""
    _, doc_id, title, names, body, *_ = doc
    return word in ranking.words_of(f"{title} {doc_id} {' '.join(names)} {body}")


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


def test_a_long_text_is_cut_between_words_around_the_match():
    tokens = ("The first WCO Regional Training Centre anywhere, opened in Budapest in 2001 after "
              "years of planning by the Hungarian Customs and Finance Guard").split()
    shown = ranking.window(tokens, tokens.index("Budapest"))
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS) and "Budapest" in shown
    assert " ".join(tokens).find(shown.strip(ELLIPSIS)) >= 0
    assert ranking.window(["short", "text"], 1) == "short text"


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
    return len(hs.search(bundled_dir(), text, limit=None))


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
    valid = set(ranking.kinds())
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
