"""text.py, the library's one text rule: folding, words, common words, typo allowances and
suggestions; and the lookups and searches that rest on it, through the library."""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wco_cli import Database, search_index
from wco_cli.errors import NotFound
from wco_cli.store import bundled_dir
from wco_cli.text import (
    MIN_PREFIX,
    NAME_STOPWORDS,
    SEARCH_STOPWORDS,
    allowed_edits,
    closest,
    did_you_mean,
    fold,
    fold_ascii,
    fold_words,
    is_close,
    sort_name,
    words,
)

# Any text, lone surrogates included (they reach the library from argv and data files).
TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
LATIN_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=40)
# Blocks whose letters are fixed: later Unicode versions add no letters to them, so what this
# Python knows about them every Python knows.
STABLE_LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]


# ---- fold ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, folded", [
    ("Łódź", "lodz"), ("Øresund", "oresund"), ("Straße", "strasse"), ("STRASSE", "strasse"),
    ("Côte d'Ivoire", "cote d'ivoire"), ("Đà Nẵng", "da nang"), ("Þórshöfn", "thorshofn"),
    ("Æbeltoft", "aebeltoft"), ("Œuvre", "oeuvre"), ("Ðakovo", "dakovo"), ("Iğdır", "igdir"),
    ("Ħamrun", "hamrun"), ("Ŋ", "n"), ("Azərbaycan", "azerbaycan"), ("İstanbul", "istanbul"),
    ("Ǣ", "ae"), ("ǿ", "o"), ("ﬁne", "fine"), ("ℌ", "h"), ("北京", "北京"), ("A/P", "a/p"),
])
def test_fold_reads_every_latin_letter_as_ascii(text, folded):
    assert fold(text) == folded


def test_fold_words_and_words_keep_only_ascii_letters_and_digits():
    assert fold_words("Côte d'Ivoire") == "cote d ivoire"
    assert fold_words("  Łódź,  (RILO A/P) ") == "lodz rilo a p"
    assert words("Łódź–Warszawa") == ["lodz", "warszawa"]
    assert fold_words("北京") == "" and words("") == []


@given(TEXT)
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)
    assert fold_words(fold_words(text)) == fold_words(text) == fold_words(fold(text))


def test_folding_any_character_twice_changes_nothing():
    """Every character of the Basic Multilingual Plane, one by one: the cases a generator may
    miss (a compatibility capital, a letter the map must take)."""
    for code in range(0x10000):
        char = chr(code)
        assert fold(fold(char)) == fold(char), hex(code)


@given(TEXT)
def test_words_are_ascii_letters_and_digits(text):
    assert words(text) == fold_words(text).split()
    assert re.fullmatch(r"([0-9a-z]+( [0-9a-z]+)*)?", fold_words(text))


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_is_lowered_and_folded_in_place(text):
    assert fold(text) == text.lower()
    assert len(fold_ascii(text)) == len(text)
    assert fold_ascii(text).split() == words(text)


@given(LATIN_TEXT)
def test_fold_keeps_latin_text_as_ascii_or_leaves_the_letter(text):
    """Latin letters become ASCII letters; one with no ASCII reading (a click, a tone letter)
    stays as it is: no letter is ever dropped."""
    for char in text:
        folded = fold(char)
        assert all(c.isascii() for c in folded if unicodedata.category(c) in ("Ll", "Lu")) \
            or folded == char.casefold(), (char, folded)


def latin_base(char: str) -> str | None:
    """X for a letter Unicode names 'LATIN SMALL/CAPITAL LETTER X WITH ...' (one base letter,
    nothing joined to it such as the J of Ǉ)."""
    found = re.fullmatch(r"LATIN (?:SMALL|CAPITAL) LETTER ([A-Z]) WITH (.*)",
                         unicodedata.name(char, ""))
    return found[1].lower() if found and "LETTER" not in found[2] else None


def test_every_latin_letter_with_a_mark_folds_to_its_base_letter():
    """ł, ø, đ, ħ, ŧ, ƀ, ɓ... have no decomposition: the map reads them as their base letter,
    as NFKD reads é, ñ and ŀ."""
    checked = 0
    for code in STABLE_LATIN:
        base = latin_base(chr(code))
        if base:
            assert fold_words(chr(code)) == base, (hex(code), unicodedata.name(chr(code)))
            checked += 1
    assert checked > 400


def test_the_letters_of_living_alphabets_fold_to_ascii():
    for letters, read in [("æÆ", "ae"), ("œŒ", "oe"), ("þÞ", "th"), ("ðÐ", "d"), ("ıI", "i"),
                          ("ŋŊ", "n"), ("əƏǝ", "e"), ("ɛƐ", "e"), ("ɔƆ", "o"), ("ɣƔ", "g"),
                          ("ßẞ", "ss"), ("ĸ", "q")]:
        for letter in letters:
            assert fold(letter) == read, letter


def test_sort_name_folds_and_ignores_a_leading_article():
    assert sort_name("The Gambia") == "gambia"
    assert sort_name("Łódź") == "lodz"
    assert sorted(["Zambia", "Łódź", "Luxembourg"], key=sort_name) == \
        ["Łódź", "Luxembourg", "Zambia"]


# ---- common words, prefixes, typos -------------------------------------------------------------

def test_stop_words_are_folded_words_and_search_ignores_every_one_lookup_ignores():
    assert NAME_STOPWORDS <= SEARCH_STOPWORDS
    assert all(fold_words(word) == word for word in SEARCH_STOPWORDS)


def test_allowed_edits_grow_with_the_word():
    assert [allowed_edits(n) for n in range(1, 11)] == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    # A suggestion is only ever shown, never taken: a four-letter word may be one edit off.
    assert [allowed_edits(n, suggestion=True) for n in range(1, 11)] == \
        [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    assert MIN_PREFIX == 4  # "rilo" finds RILOs, "cen" finds only CEN


# ---- suggestions -------------------------------------------------------------------------------

@pytest.mark.parametrize("query, candidates, expected", [
    ("Keyna", ["Kenya", "Kuwait"], "Kenya"),
    ("rtcs", ["rilo", "rocb", "rtc"], "rtc"),
    ("pakages", ["packages", "goals"], "packages"),
    ("Lodzz", ["Łódź", "Lagos"], "Łódź"),
    ("Taiwan", ["Thailand", "Tajikistan"], None),
    ("rtc", ["rtc"], None),  # the query itself is no suggestion
])
def test_closest_is_the_one_suggestion(query, candidates, expected):
    assert closest(query, candidates) == expected


@given(TEXT, TEXT)
def test_is_close_is_symmetric_and_never_the_same_text(a, b):
    a, b = fold_words(a), fold_words(b)
    assert is_close(a, b) == is_close(b, a)
    assert not is_close(a, a)


def test_did_you_mean_is_safe_to_show():
    assert did_you_mean("Kenya") == "; did you mean 'Kenya'?"
    assert did_you_mean(None) == did_you_mean("") == ""
    assert did_you_mean("Angola\x1b]0;x\x07") == "; did you mean 'Angola\\x1b]0;x\\x07'?"


# ---- the library --------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["cote d'ivoire", "Côte d’Ivoire", "CÔTE D'IVOIRE",
                                   "cote-d-ivoire", "Cote d Ivoire"])
def test_members_lookup_folds_like_wco_members(query):
    assert Database().members.lookup(query)["name"] == "Côte d'Ivoire"


@pytest.fixture(scope="module")
def lodz_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A copy of the bundled data in which the Member Kenya is named Łódź."""
    data = tmp_path_factory.mktemp("text") / "data"
    shutil.copytree(bundled_dir(), data, ignore=shutil.ignore_patterns("hs"))
    members = data / "members.json"
    text = members.read_text(encoding="utf-8")
    assert text.count('"name": "Kenya"') == 1
    members.write_text(text.replace('"name": "Kenya"', '"name": "Łódź"'), encoding="utf-8")
    return Database(data)


@pytest.mark.parametrize("query", ["lodz", "Łódź", "ŁÓDŹ", "LODZ"])
def test_a_letter_without_decomposition_is_found_folded(lodz_db, query):
    assert lodz_db.members.lookup(query)["id"] == "kenya"
    rows = lodz_db.search(query)
    assert [(row["kind"], row["id"]) for row in rows][:1] == [("member", "kenya")]


def test_the_dropped_letter_fold_no_longer_names_it(lodz_db):
    """The fold once dropped ł ("Łódź" was "odz"): that key names nothing now."""
    assert search_index.prebuilt_index(lodz_db) is None  # the search index is built from the edit
    with pytest.raises(NotFound):
        lodz_db.members.lookup("odz")
    assert all(row["id"] != "kenya" for row in lodz_db.search("odz"))


def test_a_misspelt_lodz_is_suggested(lodz_db):
    with pytest.raises(NotFound) as caught:
        lodz_db.members.lookup("Lodzz")
    assert caught.value.suggestion == "Łódź"

