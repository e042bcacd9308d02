"""UNSD's tables between HS editions and from the HS to SITC and BEC, and the way from one
classification to another: UNSD's own table where there is one, else adjacent HS steps.

Files (scripts/build_concordance.py): concordances.json names every table and its catch-all
codes; hs<NEWER>_hs<OLDER>.json, hs<YEAR>_sitc3.json... hold the links; sitc3.json, sitc4.json
and bec4.json the other classifications' codes. The tables between HS2022 and each older
edition are build_hs.py's hs2022_hs<YEAR>.json, read here through the same Table.
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from wco_cli.errors import DataError
from wco_cli.hscodes.codes import EDITIONS
from wco_cli.hscodes.tables import cached, read_json

OTHERS = {"sitc3": "SITC Rev.3", "sitc4": "SITC Rev.4", "bec4": "BEC Rev.4"}
Step = tuple[str, str, bool, bool, bool]  # related code, relationship, partial, main, catch-all


def name_of(classification: str) -> str:
    """"2017" -> "HS2017", "sitc4" -> "SITC Rev.4"."""
    return OTHERS.get(classification, f"HS{classification}")


class Table:
    """One UNSD table between a NEWER HS edition and an OLDER one (or SITC, BEC), read both
    ways. A relationship reads from the code looked up to the related code ("1:n": split)."""

    __slots__ = ("newer", "older", "down", "up", "main", "catch_newer", "catch_older",
                 "source", "derived_partial")

    def __init__(self, data_dir: Path, entry: dict[str, Any]) -> None:
        self.newer, self.older = str(entry["newer"]), str(entry["older"])
        self.source = str(entry["source"])
        self.catch_newer = frozenset(entry["catch_all_newer"])
        self.catch_older = frozenset(entry["catch_all_older"])
        # newer -> [(older, relationship from newer, ex)], and older -> [(newer, ...)]
        self.down: dict[str, list[tuple[str, str, bool]]] = {}
        self.up: dict[str, list[tuple[str, str, bool]]] = {}
        self.main: dict[str, str] = {}
        content = read_json(data_dir, str(entry["file"]))
        try:
            if "from_hub" in content:
                self._read_hub(content)
            else:
                self._read_tokens(content)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError):
            raise DataError(f"{Path(data_dir) / 'hs' / entry['file']}: not a table "
                            "scripts/build_hs.py writes; rebuild it") from None
        self.derived_partial = "from_hub" in content or \
            not str(content.get("partial", "")).startswith("UNSD")

    def _read_hub(self, content: dict[str, Any]) -> None:
        """build_hs.py's HS2022 table: "OLDER REL" by HS2022 code, "*" after the main
        predecessor; no ex column upstream, so a pair is partial where the older code relates
        to several HS2022 codes."""
        up: dict[str, list[tuple[str, str]]] = {}
        for newer in sorted(content["from_hub"]):
            for entry in content["from_hub"][newer]:
                older, relationship = entry[:6], entry[7:10]
                if len(entry) != 10 + entry.endswith("*") or entry[6] != " ":
                    raise ValueError(entry)
                up.setdefault(older, []).append((newer, relationship[::-1]))
                if entry.endswith("*"):
                    self.main[newer] = older
        for newer, entries in content["from_hub"].items():
            self.down[newer] = [(e[:6], e[7:10], len(up[e[:6]]) > 1) for e in entries]
        self.up = {older: [(newer, relationship, len(found) > 1)
                           for newer, relationship in found]
                   for older, found in sorted(up.items())}
        if "main_predecessor" in content:  # written before the main code was marked "*"
            self.main = dict(content["main_predecessor"])

    def _read_tokens(self, content: dict[str, Any]) -> None:
        """build_concordance.py's tokens CODE[=REL][!][*] (see its links_format). Most tokens
        are a bare code: those skip the parsing (the export reads 16 tables whole)."""
        keyed_by_newer = content["keyed_by"] == "newer"
        pairs: list[tuple[str, str, str, bool, bool]] = []  # newer, older, REL or "", !, *
        fan_new: dict[str, int] = {}
        fan_old: dict[str, int] = {}
        for key, text in content["links"].items():
            for token in text.split():
                starred = flipped = False
                relationship = ""
                if not token.isalnum():
                    starred = token.endswith("*")
                    token = token.rstrip("*")
                    flipped = token.endswith("!")
                    token, _, relationship = token.rstrip("!").partition("=")
                newer, older = (key, token) if keyed_by_newer else (token, key)
                pairs.append((newer, older, relationship, flipped, starred))
                fan_new[newer] = fan_new.get(newer, 0) + 1
                fan_old[older] = fan_old.get(older, 0) + 1
        counted = {(False, False): "1:1", (False, True): "1:n", (True, False): "n:1",
                   (True, True): "n:n"}
        down, up, main = self.down, self.up, self.main
        for newer, older, relationship, flipped, starred in pairs:
            several_new, several_old = fan_old[older] > 1, fan_new[newer] > 1
            relationship = relationship or counted[several_new, several_old]
            ex = several_new != flipped
            found = down.get(newer)
            if found is None:
                down[newer] = [(older, relationship, ex)]
            else:
                found.append((older, relationship, ex))
            found = up.get(older)
            if found is None:
                up[older] = [(newer, relationship[::-1], ex)]
            else:
                found.append((newer, relationship[::-1], ex))
            if starred or not several_old:
                main[newer] = older
        self.main.update(content["main_outside_links"])

    def step(self, code: str, downward: bool) -> list[Step]:
        """The links of CODE read from its side: downward from the newer side."""
        if downward:
            found = self.down.get(code, ())
            several = len(found) > 1
            # Only part of a newer code's goods go to each older code it relates to when it
            # relates to several (UNSD marks ex on the older side only).
            return [(older, relationship, several, self.main.get(code) == older,
                     older in self.catch_older) for older, relationship, _ in found]
        found = self.up.get(code, ())
        mains = {newer for newer, _, _ in found if self.main.get(newer) == code}
        if mains - self.catch_newer:
            # UNSD names 8517.12 the main predecessor of the display modules 8524 too: a newer
            # code that collects goods from everywhere is no main code of an older one that
            # has an ordinary successor.
            mains -= self.catch_newer
        return [(newer, relationship, ex, newer in mains, newer in self.catch_newer)
                for newer, relationship, ex in found]


def manifest(data_dir: Path) -> dict[str, Any]:
    """concordances.json: the tables, HS's steps, and what is known of the next edition."""
    found = cached(data_dir, "concordances.json",
                   lambda: read_json(data_dir, "concordances.json"))
    if not isinstance(found, dict) or not isinstance(found.get("tables"), list):
        raise DataError(f"{Path(data_dir) / 'hs' / 'concordances.json'}: no list of tables; "
                        "rebuild it with scripts/build_hs.py")
    return found


def table(data_dir: Path, newer: str, older: str) -> Table | None:
    """UNSD's table between NEWER and OLDER, or None when UNSD gives none."""
    for entry in manifest(data_dir)["tables"]:
        if entry["newer"] == newer and entry["older"] == older:
            return cached(data_dir, f"table {entry['file']}", partial(Table, data_dir, entry))
    return None


def has_table(data_dir: Path, newer: str, older: str) -> bool:
    return any(entry["newer"] == newer and entry["older"] == older
               for entry in manifest(data_dir)["tables"])


Route = list[tuple[Table, bool]]  # each table and whether it is read downward


def route(data_dir: Path, source: str, target: str) -> Route:
    """The tables from SOURCE (an HS edition) to TARGET (an HS edition, sitc3, sitc4, bec4):
    UNSD's own table where there is one, else adjacent HS steps (1992-1996-...-2022), then the
    table of the nearest edition that has one to SITC or BEC."""
    if target in OTHERS:
        having = [year for year in EDITIONS if has_table(data_dir, year, target)]
        if not having:
            raise DataError(f"no table from the HS to {name_of(target)} in "
                            f"{Path(data_dir) / 'hs'}")
        position = EDITIONS.index(source)
        # Nearest by steps; between two as near, the newer (UNSD's newer tables are fuller).
        nearest = min(having, key=lambda y: (abs(EDITIONS.index(y) - position), -int(y)))
        last = table(data_dir, nearest, target)
        assert last is not None
        return [*route(data_dir, source, nearest), (last, True)] if nearest != source \
            else [(last, True)]
    if source == target:
        return []
    downward = source > target
    newer, older = (source, target) if downward else (target, source)
    direct = table(data_dir, newer, older)
    if direct is not None:
        return [(direct, downward)]
    i, j = sorted((EDITIONS.index(source), EDITIONS.index(target)))
    way = EDITIONS[i:j + 1][::-1] if downward else EDITIONS[i:j + 1]
    steps: Route = []
    for a, b in pairwise(way):
        found = table(data_dir, max(a, b), min(a, b))
        if found is None:
            raise DataError(f"no table between HS{a} and HS{b} in {Path(data_dir) / 'hs'}")
        steps.append((found, downward))
    return steps


def path_of(source: str, steps: Route) -> list[str]:
    """The classifications a route passes through, SOURCE first."""
    path = [source]
    for found, downward in steps:
        path.append(found.older if downward else found.newer)
    return path


def codes_of(data_dir: Path, classification: str) -> dict[str, str]:
    """Code -> description of SITC Rev.3, SITC Rev.4 or BEC Rev.4."""
    found: dict[str, str] = cached(data_dir, f"{classification}.json",
                                   lambda: read_json(data_dir, f"{classification}.json"))["codes"]
    return found


def end_use(data_dir: Path, code: str) -> str | None:
    """The BEC Rev.4 category's end use (capital, intermediate, consumption, not allocated)
    or None for a category above that level."""
    uses = cached(data_dir, "bec4.json", lambda: read_json(data_dir, "bec4.json"))["end_use"]
    use = uses.get(code)
    return None if use is None else str(use)
