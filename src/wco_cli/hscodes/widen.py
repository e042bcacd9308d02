"""A search widened: when too few codes match every word of a query, the codes that match the
words saying most, ranked as BM25 ranks documents.

People describe goods with words the nomenclature does not use ("disposable nappies", "red
wine in bottles", "LCD TV"): requiring every word then leaves nothing. Here each word that
matched something (as search.py found it: the code's text, its heading's or chapter's, an
everyday term, a prefix, a typo, another spelling) counts by how rare it is among the codes
(inverse document frequency) and by how short the text giving it is, so "nappies" outweighs
"disposable" and a code's own short description outweighs a long one. Generic words (GENERIC:
"used", "new", "kind", "parts" ...) count for little and never match a code alone.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from wco_cli.hscodes.codes import DEFAULT_EDITION, LEVELS, Record, normalize_edition
from wco_cli.hscodes.search import (
    PREFIX,
    Evidence,
    _ancestors,
    _explain,
    _word_evidence,
    best_evidence,
)
from wco_cli.hscodes.tables import Edition, edition_table
from wco_cli.hscodes.words import EXCLUDED, GENERIC

K1, B = 1.2, 0.75  # BM25's usual constants
GENERIC_WEIGHT = 0.25
TYPO_WEIGHT = 1.6
# An everyday term found in the query names the goods: it counts at least as much as a word
# found in a tenth of a percent of the codes.
TERM_SHARE = 0.001
# A word joined to the next one is the nomenclature's word ("sun glasses": sunglasses).
JOINED_WEIGHT = 1.5
LEVEL_TIE = {"subheading": 0.02, "heading": 0.01, "chapter": 0.0}
# Widened results score below every result matching all the words: at most this share of the
# lowest of those.
BELOW_FULL = 0.99


def widened(ed: Edition, query: list[tuple[str, int]], evidence: list[Evidence],
            shown: set[str], count: int, lowest_full: float | None) -> list[Record]:
    """Up to COUNT rows for codes of ED not in SHOWN, matching some words of QUERY (EVIDENCE:
    search's, word by word), best first; each scored below LOWEST_FULL when given, with
    matched (the words that matched, then those that did not) and matched_by "partial"."""
    if count <= 0:
        return []
    total = len(ed.codes)
    sizes = ed.sizes
    average = sum(sizes) / max(1, len(sizes))
    words, weights, generic = _weighted_words(ed, query, evidence, total)
    if not any(not is_generic and (own or named)
               for (own, named, _), is_generic in zip(words, generic, strict=False)):
        return []
    candidates: set[int] = set()
    for (_, _, reach), is_generic in zip(words, generic, strict=False):
        if not is_generic:
            candidates |= reach
    codes, parents = ed.codes, ed.parents
    scored: list[tuple[float, str, int]] = []
    for i in candidates:
        code = codes[i]
        if code in shown:
            continue
        heading, chapter = _ancestors(parents, i, len(code))
        total_score, carried = 0.0, False
        for (own, named, _), weight, is_generic in zip(words, weights, generic, strict=False):
            value, _how, source = best_evidence(i, heading, chapter, own, named)
            if value <= 0:
                continue
            length = sizes[source] or 1
            total_score += weight * min(value, 20.0) / 10.0 * (K1 + 1) / (
                1 + K1 * (1 - B + B * length / average))
            carried = carried or not is_generic
        if carried:
            scored.append((-(total_score + LEVEL_TIE[LEVELS[len(code)]]), code, i))
    scored.sort()
    best = scored[:count]
    if not best:
        return []
    top = -best[0][0]
    rows = ed.records(i for _, _, i in best)
    typed = [word for word, _ in query]
    for row, (negative, _, i) in zip(rows, best, strict=False):
        value = -negative
        if lowest_full is not None:
            value = lowest_full * BELOW_FULL * value / top
        matched, _ = _explain(ed, i, words)
        missing = _unmatched(ed, i, words, typed)
        row["score"] = round(value, 2)
        row["matched"] = matched + (f"; not matched: {', '.join(missing)}" if missing else "")
        row["matched_by"] = "partial"
    return rows


def _weighted_words(ed: Edition, query: list[tuple[str, int]], evidence: list[Evidence],
                    total: int) -> tuple[list[Evidence], list[float], list[bool]]:
    """The query's words with search's EVIDENCE, plus pairs joined into one word of ED; each
    word's weight (inverse document frequency, a term's at least that of a rare word) and
    whether it is generic. Negated words are left out: they exclude, they do not find."""
    words: list[Evidence] = []
    weights: list[float] = []
    generic: list[bool] = []
    for (word, state), found in zip(query, evidence, strict=False):
        if state == EXCLUDED:
            continue
        own, named, _ = found
        frequency = len(own) if own else total
        if named:
            frequency = min(frequency, max(1, int(total * TERM_SHARE)))
        weight = _idf(total, frequency) * (GENERIC_WEIGHT if word in GENERIC else 1.0)
        if own and all(mention[3] == "typo" for mention in own.values()):
            weight *= TYPO_WEIGHT  # search scores a typo low; here it is the word meant
        words.append(found)
        weights.append(weight)
        generic.append(word in GENERIC)
    for (first, state), (second, _) in itertools.pairwise(query):
        joined = first + second
        if state != EXCLUDED and ed.has_word(joined):
            found = _word_evidence(ed, joined, False, ())
            words.append(found)
            weights.append(_idf(total, len(found[0]) or total) * JOINED_WEIGHT)
            generic.append(False)
    return words, weights, generic


def _idf(total: int, frequency: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def _unmatched(ed: Edition, i: int, words: list[Evidence], typed: list[str]) -> list[str]:
    """The words of TYPED (the query's, in order) giving code I nothing."""
    heading, chapter = _ancestors(ed.parents, i, len(ed.codes[i]))
    return [word for word, (own, named, _) in zip(typed, words, strict=False)
            if best_evidence(i, heading, chapter, own, named)[0] <= 0]


def search_notes(data_dir: Path, text: str, rows: list[Record],
                 edition: str = DEFAULT_EDITION) -> list[str]:
    """What a person should know about the search of TEXT that gave ROWS: the words read
    otherwise ("'cofee' read as 'coffee'", "'tires' as 'tyre'") and, when rows match only some
    words, that they do."""
    from wco_cli.hscodes.search import _word_matches, query_words

    ed = edition_table(data_dir, normalize_edition(edition))
    query, respelled = query_words(ed, text)
    read = [f"'{typed}' as '{query[at][0]}'" for at, typed in respelled.items()]
    for word, _ in query:
        matches = _word_matches(ed, word)
        if matches and all(score < PREFIX for _, score in matches):
            read.append(f"'{word}' as '{matches[0][0]}'")
    notes = [f"read {', '.join(read)}"] if read else []
    full = sum(1 for row in rows if row.get("matched_by") not in ("partial", None))
    if any(row.get("matched_by") == "partial" for row in rows):
        notes.append(f"{full or 'no'} code{'' if full == 1 else 's'} matched every word; the "
                     "rest match some of them (matched_by: partial)")
    return notes
