"""Codes of another edition, from UNSD's correlation tables (HS2022 is their hub)."""

from __future__ import annotations

from pathlib import Path

from wco_cli.errors import InvalidValue
from wco_cli.hscodes.codes import (
    DEFAULT_EDITION,
    DEFAULT_LIMIT,
    EDITIONS,
    HUB_EDITION,
    LEVELS,
    Record,
    dotted,
    normalize_code,
    normalize_edition,
)
from wco_cli.hscodes.lookup import missing
from wco_cli.hscodes.tables import correlation, edition_table

Pair = tuple[str, str, int]  # related code, relationship, number of hub codes linking them


def convert(data_dir: Path, code: str, to: str, edition: str = DEFAULT_EDITION,
            limit: int | None = DEFAULT_LIMIT) -> Record:
    """The codes of edition TO related to CODE of EDITION, from UNSD's correlation tables.

    HS2022 is the tables' hub: between two older editions the conversion goes through HS2022
    (`via` is "2022", else null) and each relationship is worked out from the composed
    mapping. A relationship reads from CODE to the related code: "1:n" means CODE was split
    into several codes of TO, "n:1" that it was merged with others into one.
    A heading or chapter is converted through all its subheadings and the results merged (a
    note says so; a target related to several of them gets "n" on a side when any pair has).
    Keys: code, edition, to, via, related (list of {code, code_dotted, relationship,
    description (in TO, null if TO's list lacks the code)}, at most LIMIT, None = all; sorted
    by code, or through the hub by how many HS2022 codes link them, most first, so that the
    cap leaves out the weakest links), total (before the cap), omitted, main_predecessor
    (HS2022 -> older, subheadings: the code of UNSD's conversion sheet; else null), notes.
    """
    edition = normalize_edition(edition)
    to = normalize_edition(to, field="to")
    if to == edition:
        raise InvalidValue("to", to, f"converting HS{edition} to itself: choose another edition",
                           valid=[year for year in EDITIONS if year != edition])
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InvalidValue("limit", limit, "must be a whole number of 0 or more")
    digits, notes = normalize_code(code)
    ed = edition_table(data_dir, edition)
    i = ed.find(digits)
    if i is None:
        raise missing(data_dir, ed, digits)
    subheadings = [digits] if len(digits) == 6 else \
        [c for c in ed.codes[i + 1:ed.end(i)] if len(c) == 6]
    if len(digits) < 6:
        notes.append(f"{LEVELS[len(digits)]} {dotted(digits)} converted through its "
                     f"{len(subheadings)} subheadings, results merged")
    via = HUB_EDITION if HUB_EDITION not in (edition, to) else None
    if via:
        notes.append(f"HS{edition} -> HS{to} goes through HS{via}: UNSD's tables relate each "
                     f"edition to HS{via}")
    related: dict[str, str] = {}
    links: dict[str, int] = {}
    unmatched = []
    back_cache: dict[str, str] = {}
    for subheading in subheadings:
        pairs = _pairs(data_dir, subheading, edition, to, back_cache)
        if not pairs:
            unmatched.append(dotted(subheading))
        for target_code, relationship, count in pairs:
            known = related.get(target_code)
            related[target_code] = relationship if known is None else \
                _merge_relationships(known, relationship)
            links[target_code] = links.get(target_code, 0) + count
    if unmatched:
        shown_unmatched = ", ".join(unmatched[:12]) + (" ..." if len(unmatched) > 12 else "")
        notes.append(f"no related HS{to} code in UNSD's tables for {shown_unmatched}")
    target = edition_table(data_dir, to)
    rows = []
    # Through the hub, a broad HS2022 code (e-waste 8549 relates to ~1,000 codes) links codes
    # that share little: codes linked by more HS2022 codes come first, so a cap cuts the weak.
    order = sorted(related, key=(lambda c: (-links[c], c)) if via else None)
    if via:
        notes.append(f"related codes are listed by how many HS{via} codes link them, most first")
    found = {code: at for code in order if (at := target.find(code)) is not None}
    texts = dict(zip(found, target.descriptions_at(found.values()), strict=False))
    for target_code in order:
        rows.append({"code": target_code, "code_dotted": dotted(target_code),
                     "relationship": related[target_code],
                     "description": texts.get(target_code)})
    if any(row["description"] is None for row in rows):
        notes.append(f"codes without a description are in UNSD's table but not in the HS{to} "
                     "list")
    total = len(rows)
    shown = rows if limit is None else rows[:limit]
    main = None
    if edition == HUB_EDITION and len(digits) == 6:
        main = correlation(data_dir, to)["main_predecessor"].get(digits)
    return {"code": digits, "edition": edition, "to": to, "via": via, "related": shown,
            "total": total, "omitted": total - len(shown), "main_predecessor": main,
            "notes": notes}


def related_codes(data_dir: Path, code: str, source: str, target: str) -> list[str]:
    """Codes of TARGET related to CODE of SOURCE (a heading or chapter through its
    subheadings), without relationships."""
    ed = edition_table(data_dir, source)
    i = ed.find(code)
    if i is None:
        return []
    subheadings = [code] if len(code) == 6 else \
        [c for c in ed.codes[i + 1:ed.end(i)] if len(c) == 6]
    related: dict[str, None] = {}
    for subheading in subheadings:
        for target_code, _, _ in _pairs(data_dir, subheading, source, target):
            related[target_code] = None
    return list(related)


def _pairs(data_dir: Path, code: str, source: str, target: str,
           back_cache: dict[str, str] | None = None) -> list[Pair]:
    """(related code of TARGET, relationship read from CODE to it, links) for a subheading of
    SOURCE, from the UNSD tables; through the hub when neither edition is the hub."""
    # Each table entry is "CODE REL": the code is its first 6 characters, REL from the 8th.
    if source == HUB_EDITION:
        entries = correlation(data_dir, target)["from_hub"].get(code, ())
        return [(entry[:6], entry[7:], 1) for entry in entries]
    if target == HUB_EDITION:
        entries = correlation(data_dir, source)["to_hub"].get(code, ())
        return [(entry[:6], entry[7:], 1) for entry in entries]
    return _composed_pairs(data_dir, code, source, target, {} if back_cache is None else back_cache)


def _composed_pairs(data_dir: Path, code: str, source: str, target: str,
                    back_cache: dict[str, str]) -> list[Pair]:
    """SOURCE -> hub -> TARGET. Relationship sides: "1" on the left when each target code
    leads back only to CODE, "1" on the right when CODE leads to a single target code.
    BACK_CACHE keeps, per target code, the one SOURCE code it leads back to ("" if several)."""
    to_hub = correlation(data_dir, source)["to_hub"]
    from_hub = correlation(data_dir, source)["from_hub"]
    target_from_hub = correlation(data_dir, target)["from_hub"]
    target_to_hub = correlation(data_dir, target)["to_hub"]
    links: dict[str, int] = {}
    for hub_entry in to_hub.get(code, ()):
        for target_entry in target_from_hub.get(hub_entry[:6], ()):
            links[target_entry[:6]] = links.get(target_entry[:6], 0) + 1
    right = "1" if len(links) == 1 else "n"
    pairs = []
    for target_code, count in links.items():
        back = back_cache.get(target_code)
        if back is None:
            back = back_cache[target_code] = _only_source(target_to_hub, from_hub, target_code)
        left = "1" if back == code else "n"
        pairs.append((target_code, f"{left}:{right}", count))
    return pairs


def _only_source(target_to_hub: dict[str, list[str]], from_hub: dict[str, list[str]],
                 target_code: str) -> str:
    """The one source code TARGET_CODE leads back to through the hub, or "" when several
    (stops at the second: e-waste codes lead back to hundreds)."""
    only = ""
    for hub_entry in target_to_hub.get(target_code, ()):
        for source_entry in from_hub.get(hub_entry[:6], ()):
            if not only:
                only = source_entry[:6]
            elif source_entry[:6] != only:
                return ""
    return only


def _merge_relationships(first: str, second: str) -> str:
    """Two relationships of one target code: a side is "n" when either says "n"."""
    left = "n" if "n" in (first[0], second[0]) else "1"
    right = "n" if "n" in (first[2], second[2]) else "1"
    return f"{left}:{right}"
