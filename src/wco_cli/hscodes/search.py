"""Ranked search of an edition's codes: their descriptions, their headings' and chapters',
and everyday terms."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wco_cli.errors import InvalidValue
from wco_cli.hscodes.codes import (
    DEFAULT_EDITION,
    LEVELS,
    SEARCH_LIMIT,
    Record,
    code_readings,
    dotted,
    is_code,
    normalize_edition,
)
from wco_cli.hscodes.tables import Edition, cached, edition_table
from wco_cli.hscodes.terms import TermHit, TermIndex, term_index
from wco_cli.hscodes.words import (
    EXCLUDED,
    RELATED,
    rephrase,
    spellings,
    text_words,
    typo_buckets,
    typos,
)
from wco_cli.text import MIN_PREFIX, allowed_edits

EXACT, PREFIX, TYPO_1, TYPO_2 = 10.0, 6.0, 5.0, 4.0
SYNONYM = 8.0  # words.RELATED
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
# Fewer results than this matching every word, and the search widens (hscodes.widen).
WIDEN_BELOW = 5
# For one query word: {code position: (score, word as shown, excluded by the code's text, how
# the word was found: MATCH_KINDS)}, {code position: (score, everyday term)}, and every code
# position the word reaches.
OwnMentions = dict[int, tuple[float, str, bool, str]]
TermMentions = dict[int, tuple[float, str]]
Evidence = tuple[OwnMentions, TermMentions, set[int]]


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
    American spellings are read as the HS's British ones ("tires": tyre) and "second hand" as
    "used"; "used" matches where the goods are used, not "of a kind used on".

    When fewer than WIDEN_BELOW codes (or LIMIT, if lower) match every word, codes matching
    some of the words follow, ranked by how much those words say (hscodes.widen), each scored
    below every full match.
    Rows: code, code_dotted, level, description, score, matched (why, in short), matched_by
    ("code", "exact", "spelling", "typo", "term" for those matching every word; "partial"
    for a widened result).
    """
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InvalidValue("limit", limit, "must be a whole number of 0 or more")
    edition = normalize_edition(edition)
    ed = edition_table(data_dir, edition)
    query, respelled = query_words(ed, text)
    results: list[Record] = []
    exact_code = _code_in_query(ed, text)
    if exact_code is not None:
        row = ed.records([exact_code])[0]
        row.update(score=100.0, matched=f"code {row['code_dotted']}", matched_by="code")
        results.append(row)
    if not query or (limit is not None and len(results) >= limit):
        return results[:limit] if limit is not None else results
    terms = term_index(data_dir, edition)
    covered = query_terms(ed, terms, query, respelled)
    evidence = [_word_evidence(ed, word, state == EXCLUDED, covered.get(position, ()),
                               position in respelled)
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
        heading, chapter = _ancestors(parents, i, len(code))
        total = LEVEL_BONUS[LEVELS[len(code)]]
        own_words = 0
        for own, named, _ in evidence:
            total += best_evidence(i, heading, chapter, own, named)[0]
            mine = own.get(i)
            if mine is not None and not mine[2] and mine[0] >= PREFIX:
                own_words += 1
        total += COVERAGE * min(1.0, own_words / (sizes[i] or 1))
        scored.append((-total, -len(code), code, i))
    scored.sort()
    shown_codes = {row["code"] for row in results}
    ranked = [(-negative_score, i) for negative_score, _, code, i in scored
              if code not in shown_codes]
    if limit is not None:
        ranked = ranked[:max(0, limit - len(results))]
    for row, (score, i) in zip(ed.records(i for _, i in ranked), ranked, strict=False):
        row["score"] = round(score, 2)
        row["matched"], row["matched_by"] = _explain(ed, i, evidence)
        results.append(row)
    wanted = WIDEN_BELOW if limit is None else min(limit, WIDEN_BELOW)
    if len(results) < wanted:
        from wco_cli.hscodes import widen

        results += widen.widened(ed, query, evidence, {row["code"] for row in results},
                                 (limit or SEARCH_LIMIT) - len(results),
                                 min((row["score"] for row in results), default=None))
    return results


def query_words(ed: Edition, text: str) -> tuple[list[tuple[str, int]], dict[int, str]]:
    """The words of the query TEXT (text_words) as ED's descriptions spell them: phrases read
    as its words ("second hand" -> "used") and a word it spells otherwise respelled ("tires"
    -> "tyre"); and {position: the word as typed} for those respelled."""
    query = rephrase(text_words(text, query=True))
    respelled: dict[int, str] = {}
    for position, (word, state) in enumerate(query):
        if not ed.has_word(word):
            other = next((s for s in spellings(word) if ed.has_word(s)), None)
            if other is not None:
                query[position], respelled[position] = (other, state), word
    return query, respelled


def query_terms(ed: Edition, terms: TermIndex, query: list[tuple[str, int]],
                respelled: dict[int, str]) -> dict[int, list[TermHit]]:
    """_terms_in_query for QUERY, respelled words read both ways (the everyday terms have
    "bike tires" and "used tyres")."""
    # A word the query negates ("coffee not roasted") is no part of an everyday term.
    words = ["" if state == EXCLUDED else word for word, state in query]
    covered = _terms_in_query(terms, _words_for_terms(ed, terms, words))
    if respelled:
        typed = [respelled.get(at, word) for at, word in enumerate(words)]
        for at, hits in _terms_in_query(terms, typed).items():
            covered.setdefault(at, hits)
    return covered


def unmatched_words(data_dir: Path, text: str, edition: str = DEFAULT_EDITION) -> list[str]:
    """The words of TEXT (folded, singular) that match nothing in EDITION: no description word
    (exactly, by another spelling, by prefix or typo) and no everyday term. Search gives the
    codes matching every word first, then (hscodes.widen) those matching the others."""
    edition = normalize_edition(edition)
    ed = edition_table(data_dir, edition)
    terms = term_index(data_dir, edition)
    query, respelled = query_words(ed, text)
    words = [word for word, _ in query]
    corrected = _words_for_terms(ed, terms, words)
    pairs = enumerate(zip(words, corrected, strict=False))
    return [respelled.get(at, word) for at, (word, fixed) in pairs
            if not terms.knows(fixed) and not terms.knows(respelled.get(at, word))
            and not _word_matches(ed, word)]


def best_evidence(i: int, heading: int, chapter: int, own: OwnMentions,
                  named: TermMentions) -> tuple[float, str, int]:
    """The scoring rule for one query word on code I (HEADING and CHAPTER: its ancestors'
    positions, -1 for none): the highest of the code's own mention, its heading's and
    chapter's (scaled down), and an everyday term's, as (score, how, code giving it); how is
    "own", "excluded", "heading", "chapter", "term", or "" when the word is not there.

    A mention the code's own text excludes counts as it is (below zero), and its heading's
    mention does not make up for it; an everyday term naming the code itself still does."""
    mine = own.get(i)
    term = named.get(i)
    if mine is not None and mine[2]:
        return (term[0], "term", i) if term is not None else (mine[0], "excluded", i)
    best, how, source = (mine[0], "own", i) if mine is not None else (0.0, "", -1)
    if term is not None and term[0] > best:
        best, how, source = term[0], "term", i
    # The heading, then the chapter, written out: search calls this for every candidate and
    # query word, and a loop over them costs more than the rest of the rule.
    if heading >= 0:
        up = own.get(heading)
        if up is not None and up[0] * VIA_HEADING > best:
            best, how, source = up[0] * VIA_HEADING, "heading", heading
        named_up = named.get(heading)
        if named_up is not None and named_up[0] * TERM_VIA_HEADING > best:
            best, how, source = named_up[0] * TERM_VIA_HEADING, "term", heading
    if chapter >= 0:
        up = own.get(chapter)
        if up is not None and up[0] * VIA_CHAPTER > best:
            best, how, source = up[0] * VIA_CHAPTER, "chapter", chapter
        named_up = named.get(chapter)
        if named_up is not None and named_up[0] * TERM_VIA_CHAPTER > best:
            best, how, source = named_up[0] * TERM_VIA_CHAPTER, "term", chapter
    return best, how, source


def _ancestors(parents: Any, i: int, digits: int) -> tuple[int, int]:
    """The positions of the heading and chapter above code I, which has DIGITS digits (-1
    where there is none: a heading has no heading above it, a chapter neither)."""
    if digits == 6:
        heading = parents[i]
        return heading, parents[heading]
    return (-1, parents[i]) if digits == 4 else (-1, -1)


def _word_evidence(ed: Edition, word: str, negated_query: bool,
                   term_hits: Iterable[TermHit], respelled: bool = False) -> Evidence:
    """For one query word: the codes whose own text has it ({i: (score, shown word, excluded
    by a negation)}), the codes an everyday term names ({i: (score, term)}), and every code
    the word reaches, descendants of a matching heading or chapter included."""
    own: OwnMentions = {}
    for vocabulary_word, score in _word_matches(ed, word):
        shown = vocabulary_word if score in (EXACT, PREFIX) else \
            f"{vocabulary_word} for '{word}'"
        kind = "typo" if score < PREFIX else "synonym" if score == SYNONYM else \
            "spelling" if respelled else "exact" if score == EXACT else "prefix"
        factors = QUERY_EXCLUDES if negated_query else STATE_FACTOR
        for posting in goods_postings(ed, vocabulary_word):
            i, lead, state = posting >> 4, posting >> 2 & 3, posting & 3
            value = score * factors[state] + LEAD_BONUS[lead]
            excluded = state == EXCLUDED and not negated_query
            known = own.get(i)
            if known is None or (known[2], -known[0]) > (excluded, -value):
                own[i] = (value, shown, excluded, kind)
    named: TermMentions = {}
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


def goods_postings(ed: Edition, word: str) -> list[int]:
    """ED.postings(WORD), but for "used" only where it says the goods are used ("Rubber; used
    pneumatic tyres"), not what they are used for ("of a kind used on motor cars")."""
    if word != "used":
        return ed.postings(word)

    def load() -> list[int]:
        import re

        verb = re.compile(r"(kind|commonly|solely|principally|mainly|be|are|is)\s+used\b|"
                          r"\bused\s+(in|for|on|as|with|by|to|at|solely|principally|mainly|"
                          r"exclusively|chiefly|only|primarily)\b", re.IGNORECASE)
        postings = ed.postings(word)
        texts = ed.descriptions_at(posting >> 4 for posting in postings)
        return [posting for posting, text in zip(postings, texts, strict=False)
                if len(verb.findall(text)) < text.lower().count("used")]

    return cached(ed.data_dir, f"used{ed.edition}", load)


def _explain(ed: Edition, i: int, evidence: list[Evidence]) -> tuple[str, str]:
    """Why code I matched, e.g. "everyday term 'laptop'", "words: coffee, roasted",
    "words: roasted; via heading 0901: coffee"; and in a word (matched_by): "term" when an
    everyday term counted, else "typo", "spelling" or "synonym" when a word was read so, else
    "exact"."""
    kinds: set[str] = set()
    words: list[str] = []
    excluded: list[str] = []
    via: dict[int, list[str]] = {}
    terms: list[str] = []
    heading, chapter = _ancestors(ed.parents, i, len(ed.codes[i]))
    for own, named, _ in evidence:
        _, how, source = best_evidence(i, heading, chapter, own, named)
        if how in ("own", "heading", "chapter"):
            kinds.add(own[source][3])
        elif how:
            kinds.add(how)
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
    matched_by = next((kind for kind in ("term", "typo", "spelling", "synonym") if kind in kinds),
                      "exact")
    return "; ".join(parts), matched_by


def _words_for_terms(ed: Edition, terms: TermIndex, words: list[str]) -> list[str]:
    """WORDS with a typo in a word that only an everyday term knows corrected ("labtop" ->
    "laptop"), by the same rule as the descriptions' words."""
    if not terms:
        return words
    corrected = []
    for word in words:
        if allowed_edits(len(word)) and word.isalpha() and not terms.knows(word) \
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


def _code_in_query(ed: Edition, text: str) -> int | None:
    """The position of the code TEXT is, if it is one of ED's codes ("0901.21", "HS 0901-21";
    of its readings, the first that is a code)."""
    if not is_code([text]):
        return None
    try:
        readings = code_readings(text)
    except InvalidValue:
        return None
    return next((i for i in (ed.find(digits) for digits, _ in readings) if i is not None), None)


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
    """_word_matches, worked out."""
    found: list[tuple[str, float]] = []
    if ed.has_word(word):
        found.append((word, EXACT))
    if len(word) >= MIN_PREFIX:
        found += [(longer, PREFIX) for longer in ed.words_from(word) if longer != word]
    found += [(other, SYNONYM) for other in RELATED.get(word, ()) if ed.has_word(other)]
    if not found and allowed_edits(len(word)) and word.isalpha():
        if ed.typo_buckets is None:
            ed.typo_buckets = typo_buckets(ed.vocabulary)
        for candidate, distance in typos(ed.typo_buckets, word):
            found.append((candidate, TYPO_1 if distance == 1 else TYPO_2))
    return found
