"""Codes of another HS edition, SITC or BEC for an HS code, from UNSD's tables, ranked.

Each answer comes from UNSD's own table where there is one (HS2022 and each older edition,
adjacent editions, an edition and SITC or BEC), else from adjacent steps 1992-1996-2002-2007-
2012-2017-2022 (`derived`, with the `path`). Rows are ranked: the conversion table's main code,
then whole links, then partial ones (ex: only part of the goods go there), then catch-all
codes (e-waste 8549, display modules 8524...: codes that collect goods from five or more
chapters, found from the tables by scripts/build_concordance.py).
"""

from __future__ import annotations

from pathlib import Path

from wco_cli.errors import InvalidValue, NotFound
from wco_cli.hscodes.codes import (
    DEFAULT_EDITION,
    DEFAULT_LIMIT,
    EDITIONS,
    LEVELS,
    Record,
    dotted,
    normalize_edition,
)
from wco_cli.hscodes.concordance import (
    OTHERS,
    Route,
    codes_of,
    end_use,
    manifest,
    name_of,
    path_of,
    route,
)
from wco_cli.hscodes.lookup import found_reading, read_code
from wco_cli.hscodes.tables import Edition, edition_table

# A link: relationship read from the code looked up, partial, main, catch-all.
Link = tuple[str, bool, bool, bool]
TARGET_NAMES = {"SITC3": "sitc3", "SITCREV3": "sitc3", "S3": "sitc3", "SITC4": "sitc4",
                "SITCREV4": "sitc4", "S4": "sitc4", "BEC": "bec4", "BEC4": "bec4",
                "BECREV4": "bec4"}
TIERS = ("main", "whole", "partial", "catch-all")


def normalize_target(data_dir: Path, to: object) -> str:
    """An HS edition's year, or sitc3, sitc4, bec4; HS2028 is refused saying what is known."""
    text = str(to).strip().upper().replace(" ", "").replace(".", "").replace("-", "")
    if text in TARGET_NAMES:
        return TARGET_NAMES[text]
    future = manifest(data_dir).get("future") or {}
    if text.removeprefix("HS") in (future.get("edition"), future.get("comtrade_id")):
        raise InvalidValue("to", to, future_problem(future),
                           valid=[*EDITIONS, *OTHERS])
    try:
        return normalize_edition(to, field="to")
    except InvalidValue as error:
        raise InvalidValue("to", to, error.problem, valid=[*EDITIONS, *OTHERS],
                           suggestion=error.suggestion) from None


def future_problem(future: dict[str, object]) -> str:
    return (f"HS{future.get('edition')} enters into force on {future.get('in_force_text')} "
            f"({future.get('amendments')} sets of amendments accepted); UNSD has published no "
            "open correlation table to it yet, so no code can be converted")


def links(data_dir: Path, digits: str, steps: Route) -> dict[str, Link]:
    """The codes at the end of STEPS linked to the subheading DIGITS. Along a path a side of
    the relationship is n, and the link partial or catch-all, when any step's is, and it is
    main when every step's is; where paths meet, a link is main when any path is, partial or
    catch-all when all are, and a side n when any is."""
    frontier: dict[str, Link] = {digits: ("1:1", False, True, False)}
    for found, downward in steps:
        reached: dict[str, Link] = {}
        for code, (relation, partial, main, catch) in frontier.items():
            for target, step_relation, step_partial, step_main, step_catch in \
                    found.step(code, downward):
                link = (_either(relation, step_relation), partial or step_partial,
                        main and step_main, catch or step_catch)
                known = reached.get(target)
                reached[target] = link if known is None else _meet(known, link)
        frontier = reached
    return frontier


def _either(first: str, second: str) -> str:
    """A side is n when either relationship's is."""
    return f"{'n' if 'n' in (first[0], second[0]) else '1'}:" \
           f"{'n' if 'n' in (first[2], second[2]) else '1'}"


def _meet(first: Link, second: Link) -> Link:
    return (_either(first[0], second[0]), first[1] and second[1], first[2] or second[2],
            first[3] and second[3])


def tier(link: Link) -> int:
    """0 main, 1 whole, 2 partial, 3 catch-all: the order rows are listed in."""
    _, partial, main, catch = link
    return 0 if main else 3 if catch else 2 if partial else 1


def ranked(found: dict[str, Link], source: str) -> list[str]:
    """The codes of FOUND by tier; within one, the code looked up itself first, then by code."""
    return sorted(found, key=lambda code: (tier(found[code]), code != source, code))


def aggregate(found: dict[str, Link], digits: int) -> dict[str, Link]:
    """FOUND with each code cut to DIGITS digits, links meeting as paths do; the right side
    is 1 when every link falls in one code."""
    merged: dict[str, Link] = {}
    for code, link in found.items():
        key = code[:digits]
        known = merged.get(key)
        merged[key] = link if known is None else _meet(known, link)
    right = "1" if len(merged) == 1 else "n"
    return {code: (f"{link[0][0]}:{right}", *link[1:]) for code, link in merged.items()}


def convert(data_dir: Path, code: str, to: str | int, edition: str | int = DEFAULT_EDITION,
            limit: int | None = DEFAULT_LIMIT, digits: int | None = None) -> Record:
    """The codes of TO (an HS edition, "sitc3", "sitc4" or "bec4") related to CODE of EDITION
    ("auto": the newest edition that has CODE), ranked (see the module's doc).

    Keys: code, edition, to, via (the classifications passed through, or null for one UNSD
    table), path (every one, EDITION first), derived (more than one table), related (at most
    LIMIT rows, None = all: code, code_dotted, relationship read from CODE, description (null
    where TO's list lacks the code), partial, main, catch_all, rank, path, derived, total,
    end_use (BEC only)), total, omitted, catch_all (how many of the total are catch-all
    codes), main_code (the first row's code when it is a main one), main_predecessor (HS2022
    -> older subheadings: UNSD's conversion sheet, as before), digits, sources, notes.
    A heading or chapter is converted through its subheadings and the results merged. EDITION
    "sitc3", "sitc4" or "bec4" reads CODE in that classification: convert_from.
    """
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise InvalidValue("limit", limit, "must be a whole number of 0 or more")
    source = normalize_source(edition)
    if source is not None:
        return convert_from(data_dir, code, source, to, limit, digits)
    readings, edition, edition_notes = read_code(data_dir, code, edition)
    to = normalize_target(data_dir, to)
    if to == edition:
        raise InvalidValue("to", to, f"converting HS{edition} to itself: choose another edition",
                           valid=[year for year in EDITIONS if year != edition])
    cut = check_digits(digits, to)
    ed = edition_table(data_dir, edition)
    digits_code, notes, i = found_reading(data_dir, ed, readings)
    notes += edition_notes
    subheadings = subheadings_of(ed, i)
    if len(digits_code) < 6:
        notes.append(f"{LEVELS[len(digits_code)]} {dotted(digits_code)} converted through its "
                     f"{len(subheadings)} subheadings, results merged")
    steps = route(data_dir, edition, to)
    path = path_of(edition, steps)
    derived = len(steps) > 1
    if derived:
        notes.append(derived_note(edition, to, path))
    unmatched: list[str] = []
    found = gather(data_dir, subheadings, steps, unmatched)
    if unmatched:
        shown = ", ".join(map(dotted, unmatched[:12])) + (" ..." if len(unmatched) > 12 else "")
        notes.append(f"no related {name_of(to)} code in UNSD's tables for {shown}")
    notes += _main_notes(steps, digits_code, found)
    if cut is not None:
        found = aggregate(found, cut)
    order = ranked(found, digits_code)
    shown_codes = order if limit is None else order[:limit]
    texts = _descriptions(data_dir, to, shown_codes)
    if any(texts.get(c) is None for c in shown_codes):
        notes.append(f"codes without a description are in UNSD's table but not in the "
                     f"{name_of(to)} list")
    total = len(order)
    step_path = ">".join(path)
    rows = [{"code": c, "code_dotted": dotted(c) if to in EDITIONS else c,
             "relationship": found[c][0], "description": texts.get(c),
             "partial": found[c][1], "main": found[c][2],
             "catch_all": tier(found[c]) == 3, "rank": n, "path": step_path,
             "derived": derived, "total": total,
             "end_use": end_use(data_dir, c) if to == "bec4" else None}
            for n, c in enumerate(shown_codes, start=1)]
    main_predecessor = None
    if edition == "2022" and len(digits_code) == 6 and to in EDITIONS:
        main_predecessor = steps[0][0].main.get(digits_code)
    return {"code": digits_code, "edition": edition, "to": to,
            "via": ", ".join(path[1:-1]) or None, "path": path, "derived": derived,
            "related": rows, "total": total, "omitted": total - len(rows),
            "catch_all": sum(tier(link) == 3 for link in found.values()),
            # A heading's rows are main for one of its subheadings: no one main code.
            "main_code": order[0] if order and found[order[0]][2] and
            (len(digits_code) == 6 or (cut or 6) <= len(digits_code)) else None,
            "main_predecessor": main_predecessor, "digits": cut or (6 if to in EDITIONS else None),
            "sources": list(dict.fromkeys(found_table.source for found_table, _ in steps)),
            "notes": notes}


def check_digits(digits: int | None, to: str) -> int | None:
    """DIGITS checked against TO: HS codes have 2, 4 or 6, SITC codes 1 to 5."""
    if digits is None:
        return None
    valid = {"sitc3": (1, 2, 3, 4, 5), "sitc4": (1, 2, 3, 4, 5), "bec4": (1, 2, 3)}.get(
        to, (2, 4, 6))
    if isinstance(digits, bool) or digits not in valid:
        raise InvalidValue("digits", digits, f"{name_of(to)} codes can be cut to "
                                             f"{', '.join(map(str, valid))} digits",
                           valid=[str(d) for d in valid])
    return digits


def _main_notes(steps: Route, code: str, found: dict[str, Link]) -> list[str]:
    """What to say where UNSD's tables give no main code of their own."""
    notes = []
    if len(steps) == 1 and steps[0][1]:
        main = steps[0][0].main.get(code)
        if main is not None and main not in found and len(code) == 6:
            notes.append(f"UNSD's conversion sheet names {main} as the main code, which its "
                         f"correlation sheet does not relate to {dotted(code)}")
    if any(found_table.older == "bec4" and found_table.newer != "2007"
           for found_table, _ in steps) and len(found) > 1 and \
            not any(link[2] for link in found.values()):
        notes.append("UNSD gives no conversion table to BEC Rev.4 for this edition: a code "
                     "with several BEC categories has no main one")
    return notes


def _descriptions(data_dir: Path, to: str, codes: list[str]) -> dict[str, str | None]:
    if to in OTHERS:
        known = codes_of(data_dir, to)
        return {code: known.get(code) for code in codes}
    target = edition_table(data_dir, to)
    found = {code: at for code in codes if (at := target.find(code)) is not None}
    return dict(zip(found, target.descriptions_at(found.values()), strict=True))


def subheadings_of(ed: Edition, i: int) -> list[str]:
    """The code at position I of ED if a subheading, else its subheadings."""
    code = ed.codes[i]
    return [code] if len(code) == 6 else [c for c in ed.codes[i + 1:ed.end(i)] if len(c) == 6]


def gather(data_dir: Path, subheadings: list[str], steps: Route,
           unmatched: list[str] | None = None) -> dict[str, Link]:
    """The links of every one of SUBHEADINGS, meeting as paths do; those with none are added
    to UNMATCHED."""
    found: dict[str, Link] = {}
    for subheading in subheadings:
        reached = links(data_dir, subheading, steps)
        if not reached and unmatched is not None:
            unmatched.append(subheading)
        for target, link in reached.items():
            known = found.get(target)
            found[target] = link if known is None else _meet(known, link)
    return found


def summary(data_dir: Path, code: str, source: str, target: str,
            digits: int | None = None) -> Record:
    """What a batch row shows of CODE (digits, of SOURCE) in TARGET: converted (every related
    code, ranked), main_code, relationship and partial (of the first), alternatives (the other
    codes that are not catch-all), catch_all (how many are)."""
    ed = edition_table(data_dir, source)
    i = ed.find(code)
    found = {} if i is None else gather(data_dir, subheadings_of(ed, i),
                                        route(data_dir, source, target))
    if digits is not None:
        found = aggregate(found, digits)
    order = ranked(found, code)
    first = found[order[0]] if order else None
    whole_code = len(code) == 6 or (digits or 6) <= len(code)
    return {"converted": order,
            "main_code": order[0] if first and first[2] and whole_code else None,
            "relationship": first[0] if first else None,
            "partial": first[1] if first else None,
            "alternatives": sum(tier(found[c]) != 3 for c in order[1:]),
            "catch_all": sum(tier(link) == 3 for link in found.values())}


def related_codes(data_dir: Path, code: str, source: str, target: str) -> list[str]:
    """Codes of TARGET related to CODE of SOURCE (a heading or chapter through its
    subheadings), without relationships, in the order the tables give them (the build compiles
    everyday terms with it: the order is part of the search index)."""
    ed = edition_table(data_dir, source)
    i = ed.find(code)
    return [] if i is None else list(gather(data_dir, subheadings_of(ed, i),
                                            route(data_dir, source, target)))


def normalize_source(edition: object) -> str | None:
    """sitc3, sitc4 or bec4 for a name of SITC or BEC ("SITC4", "S4", "bec"), else None (an
    HS edition, read by normalize_edition)."""
    text = str(edition).strip().upper().replace(" ", "").replace(".", "").replace("-", "")
    return TARGET_NAMES.get(text)


def convert_from(data_dir: Path, code: object, source: str, to: str | int = DEFAULT_EDITION,
                 limit: int | None = DEFAULT_LIMIT, digits: int | None = None) -> Record:
    """The HS codes of TO (an edition, default the newest) related to CODE of SOURCE (sitc3,
    sitc4, bec4): UNSD's table between them read from its SITC or BEC side, or the table of the
    nearest edition that has one, then UNSD's tables between editions (derived); ranked by the
    rule convert's rows follow (main code first, catch-all codes last). The same keys as
    convert, EDITION being SOURCE. A SITC or BEC code above the level of UNSD's table (SITC
    group 071) is converted through its codes there and the results merged."""
    text = str(code).strip().replace(".", "").replace(" ", "")
    if not isinstance(code, str) or not text.isdigit() or len(text) > 5:
        raise InvalidValue("code", code, f"a {name_of(source)} code is 1 to 5 digits, e.g. "
                                         f"{'0711' if source != 'bec4' else '111'}")
    target = normalize_target(data_dir, to)
    if target in OTHERS:
        raise InvalidValue("to", to, f"from {name_of(source)} the HS is converted to: give an "
                                     "HS edition", valid=EDITIONS)
    cut = check_digits(digits, target)
    steps = route(data_dir, target, source)
    back: Route = [(found, not downward) for found, downward in reversed(steps)]
    table_codes = back[0][0].up
    known = codes_of(data_dir, source)
    starts = [text] if text in table_codes else sorted(c for c in table_codes
                                                      if c.startswith(text))
    if text not in known and not starts:
        near = sorted(c for c in known if len(c) == len(text) and c[:-1] == text[:-1])[:3]
        raise NotFound(f"{text} is not a {name_of(source)} code" +
                       (f"; nearest: {', '.join(near)}" if near else ""), value=text,
                       suggestion=near[0] if near else None)
    notes = []
    if starts != [text] and starts:
        notes.append(f"{name_of(source)} {text} converted through its {len(starts)} codes in "
                     "UNSD's table, results merged")
    path = path_of(source, back)
    derived = len(back) > 1
    if derived:
        notes.append(derived_note(source, target, path))
    found = gather(data_dir, starts, back)
    if not found:
        notes.append(f"no related {name_of(target)} code in UNSD's tables for "
                     f"{name_of(source)} {text}")
    if cut is not None:
        found = aggregate(found, cut)
    order = ranked(found, text)
    shown_codes = order if limit is None else order[:limit]
    texts = _descriptions(data_dir, target, shown_codes)
    total, step_path = len(order), ">".join(path)
    rows = [{"code": c, "code_dotted": dotted(c), "relationship": found[c][0],
             "description": texts.get(c), "partial": found[c][1], "main": found[c][2],
             "catch_all": tier(found[c]) == 3, "rank": n, "path": step_path,
             "derived": derived, "total": total, "end_use": None}
            for n, c in enumerate(shown_codes, start=1)]
    return {"code": text, "edition": source, "to": target, "via": ", ".join(path[1:-1]) or None,
            "path": path, "derived": derived, "related": rows, "total": total,
            "omitted": total - len(rows),
            "catch_all": sum(tier(link) == 3 for link in found.values()),
            # The HS code whose main code is CODE, when there is one such only.
            "main_code": mains[0] if len(mains := [c for c in order if found[c][2]]) == 1 and
            starts == [text] and (cut or 6) == 6 else None,
            "main_predecessor": None, "digits": cut or 6,
            "sources": list(dict.fromkeys(found_table.source for found_table, _ in back)),
            "notes": notes}


def derived_note(source: str, target: str, path: list[str]) -> str:
    """The note on a conversion SOURCE -> TARGET made by chaining UNSD's tables along PATH."""
    return (f"{name_of(source)} -> {name_of(target)}: no UNSD table between them; derived by "
            f"UNSD's tables {' > '.join(map(name_of, path))} (a link is partial when any step "
            "is)")
