"""`wco search`: one ranked list across offices, regions, members, facts, goals and history.

Every word of the query must match a word of the record: exactly, as a prefix, or within a
small edit distance (one edit for words of 5-7 letters, two for longer ones), so "cote" finds
Côte d'Ivoire and "trainng" finds the training centres. Matches in the title weigh more.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wco_cli import data
from wco_cli.errors import UsageError
from wco_cli.query import check_choice
from wco_cli.text import normalize

KINDS = ("office", "region", "member", "fact", "goal", "event")
EXACT, PREFIX, FUZZY = 3, 2, 1
TITLE_WEIGHT = 2


Document = tuple[str, str, str, list[str], str]


def documents(kinds: tuple[str, ...]) -> Iterator[Document]:
    """(kind, id, title, other names, body) for every searchable record of the given kinds.
    A query equal to the title or to one of the other names ranks its record first."""
    if "office" in kinds:
        for o in data.load("offices"):
            places = " ".join(f"{h['country']} {h['city'] or ''} {h['institution'] or ''}" for h in o["hosts"])
            names = [o["abbreviation"]] if o["abbreviation"] else []
            yield "office", o["id"], o["name"], names, f"{o['type']} {places} {o['description']} {o['note'] or ''}"
    if "region" in kinds:
        for r in data.load("regions"):
            yield "region", r["id"], r["name"], [r["id"], r["short_name"], *r["aliases"]], ""
    if "member" in kinds:
        for m in data.load("members"):
            codes = [code for code in (m["iso_alpha2"], m["iso_alpha3"]) if code]
            yield "member", m["id"], m["name"], [*m["aliases"], *codes], m["note"] or ""
    if "fact" in kinds:
        for f in data.load("facts"):
            values = " ".join(f"{v['value']} {v['note'] or ''}" for v in f["values"])
            yield "fact", f["id"], f["label"], [f["id"]], f"{f['description']} {values}"
    if "goal" in kinds:
        for g in data.load("goals"):
            for item in g["items"]:
                yield "goal", f"{g['id']}/{item['code']}", item["title"], [item["code"]], f"{g['name']} {item['description'] or ''}"
    if "event" in kinds:
        for e in data.load("history"):
            yield "event", e["id"], e["title"], [], f"{e['date']} {e['category']} {e['note'] or ''}"


def word_score(word: str, title_words: list[str], body_words: list[str]) -> int:
    best = max(_match(word, title_words), default=0) * TITLE_WEIGHT
    return max(best, max(_match(word, body_words), default=0))


def _match(word: str, candidates: list[str]) -> Iterator[int]:
    allowed = 0 if len(word) < 5 else 1 if len(word) < 8 else 2
    for candidate in candidates:
        if candidate == word:
            yield EXACT
        elif candidate.startswith(word) and len(word) >= 2:
            yield PREFIX
        elif allowed and abs(len(candidate) - len(word)) <= allowed and edit_distance(word, candidate, allowed) <= allowed:
            yield FUZZY


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed LIMIT."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def snippet(body: str, title: str, words: list[str], width: int = 70) -> str:
    """The part of the record's text where the first query word appears (the title if it is there)."""
    for text in (title, body):
        folded = normalize(text)
        for word in words:
            at = folded.find(word)
            if at >= 0:
                plain = " ".join(text.split())
                start = max(0, min(at, len(plain)) - 20)
                piece = plain[start:start + width]
                return ("…" if start else "") + piece + ("…" if start + width < len(plain) else "")
    return " ".join(body.split())[:width]


def search(text: str, kind: str | None = None) -> list[dict[str, Any]]:
    words = normalize(text).split()
    phrase = " ".join(words)
    if not words:
        raise UsageError("search: give at least one word to look for")
    check_choice("--kind", kind, KINDS)
    results = []
    for doc_kind, doc_id, title, names, body in documents((kind,) if kind else KINDS):
        title_words = normalize(title).split()
        body_words = normalize(f"{doc_id} {' '.join(names)} {body}").split()
        scores = [word_score(word, title_words, body_words) for word in words]
        if all(scores):
            bonus = 10 if phrase in {normalize(name) for name in (title, *names)} else 0
            results.append({"kind": doc_kind, "id": doc_id, "title": title,
                            "snippet": snippet(body, title, words), "score": sum(scores) + bonus})
    results.sort(key=lambda row: (-row["score"], KINDS.index(row["kind"]), row["title"]))
    return results
