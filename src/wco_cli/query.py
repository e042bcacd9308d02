"""Queries over the records: filters, lookups and the rows each command prints.

Pure functions: they take records (lists of dicts, as in data/*.json) and return rows shaped as
in `models.VIEWS`. They raise UsageError for a bad value and NotFoundError for a named thing
that does not exist; they never print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wco_cli.errors import NotFoundError, UsageError
from wco_cli.models import MEMBER_KINDS, OFFICE_TYPES
from wco_cli.text import did_you_mean, normalize, visible

Record = dict[str, Any]
Row = dict[str, Any]

_AS_OF = r"^(\d{4})(-(0[1-9]|1[0-2]))?(-(0[1-9]|[12]\d|3[01]))?$"  # compiled by `re` on first use
_STOPWORDS = {"and", "of", "the"}


# ---- dates -----------------------------------------------------------------------------------

def parse_as_of(text: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the last day it covers, as a comparable string.

    Dates in the data have year, month or day precision and compare as text: "2013" and
    "2013-11-25" both sort at or before "2013-12-31", so a record dated within the period counts.
    """
    match = re.match(_AS_OF, text.strip())
    if not match or not 1900 <= int(match.group(1)) <= 2100:
        raise UsageError(f"--as-of: '{visible(text)}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD between 1900 and 2100")
    year, month, day = match.group(1), match.group(3), match.group(5)
    return f"{year}-{month or '12'}-{day or '31'}"


def check_choice(option: str, value: str | None, valid: Iterable[str]) -> None:
    """UsageError unless VALUE (when given) is one of VALID."""
    valid = tuple(valid)
    if value is not None and value not in valid:
        raise UsageError(f"{option}: '{visible(value)}' is not valid (valid: {', '.join(valid)}){did_you_mean(value, valid)}")


def check_year(option: str, year: int | None) -> None:
    if year is not None and not 1900 <= year <= 2100:
        raise UsageError(f"{option}: {year} is out of range; use a year from 1900 to 2100")


# ---- regions ---------------------------------------------------------------------------------

def region_keys(region: Record) -> set[str]:
    return {normalize(text) for text in (region["id"], region["name"], region["short_name"], *region["aliases"])}


def region_words(region: Record) -> set[str]:
    return set(normalize(region["name"]).split()) - _STOPWORDS


def match_regions(text: str, regions: list[Record]) -> list[Record]:
    """Regions whose id, name, short name or alias equals TEXT; else those with TEXT as a word of
    their name ("africa" gives the three African regions). Case and accents are ignored."""
    wanted = normalize(text)
    exact = [region for region in regions if wanted in region_keys(region)]
    if exact:
        return exact
    by_word = [region for region in regions if wanted and wanted in region_words(region)]
    if by_word:
        return by_word
    names = [region["id"] for region in regions]
    everything = names + [alias for region in regions for alias in region["aliases"]]
    everything += [word for region in regions for word in region_words(region)]
    raise UsageError(
        f"--region: no region matches '{visible(text)}' (valid: {', '.join(names)}, a region's name or alias, "
        f"or a word of its name such as 'africa'){did_you_mean(text, everything)}"
    )


def region_lookup(text: str, regions: list[Record]) -> Record:
    """One region by id, name, short name or alias (exit 1 when none matches)."""
    wanted = normalize(text)
    for region in regions:
        if wanted in region_keys(region):
            return region
    names = [region["id"] for region in regions]
    raise NotFoundError(f"no region '{visible(text)}' (valid: {', '.join(names)}){did_you_mean(text, names)}")


# ---- members ---------------------------------------------------------------------------------

def member_keys(member: Record) -> set[str]:
    texts = [member["id"], member["name"], *member["aliases"], member["iso_alpha2"], member["iso_alpha3"]]
    return {normalize(text) for text in texts if text}


def find_members(text: str, members: list[Record]) -> list[Record]:
    """Members whose name, alias or ISO code equals TEXT, else those with a name or alias
    containing it as a whole-word prefix ("ivory" finds Côte d'Ivoire through "Ivory Coast")."""
    wanted = normalize(text)
    if not wanted:
        return []
    exact = [member for member in members if wanted in member_keys(member)]
    if exact:
        return exact
    pattern = re.compile(rf"(^| ){re.escape(wanted)}")
    return [member for member in members if any(pattern.search(key) for key in member_keys(member) if len(key) > 3)]


def member_lookup(text: str, members: list[Record], option: str | None = None) -> Record:
    """Exactly one member. None found exits 1 (2 for an option's value), several exit 2."""
    found = find_members(text, members)
    if len(found) == 1:
        return found[0]
    where = f"{option}: " if option else ""
    if not found:
        names = [member["name"] for member in members] + [alias for member in members for alias in member["aliases"]]
        message = f"{where}no WCO member matches '{visible(text)}'{did_you_mean(text, names)}"
        raise UsageError(message) if option else NotFoundError(message)
    listed = ", ".join(f"{member['name']} ({member['id']})" for member in found[:12])
    raise UsageError(f"{where}'{visible(text)}' matches {len(found)} members: {listed}; be more specific")


def member_rows(
    members: list[Record], regions: list[Record], *, region: str | None = None, kind: str | None = None,
    joined_before: int | None = None, joined_since: int | None = None, with_eu: bool = False,
) -> list[Row]:
    check_choice("--kind", kind, MEMBER_KINDS)
    check_year("--joined-before", joined_before)
    check_year("--joined-since", joined_since)
    region_ids = {r["id"] for r in match_regions(region, regions)} if region else None
    regions_by_id = {r["id"]: r for r in regions}
    rows = []
    for member in members:
        if not (member["counted"] or with_eu or kind == member["kind"]):
            continue
        if region_ids is not None and member["region"] not in region_ids:
            continue
        if kind and member["kind"] != kind:
            continue
        year = int(member["joined"][:4]) if member["joined"] else None
        if joined_before is not None and (year is None or year >= joined_before):
            continue
        if joined_since is not None and (year is None or year < joined_since):
            continue
        rows.append(member_row(member, regions_by_id))
    return rows


def member_row(member: Record, regions_by_id: dict[str, Record]) -> Row:
    return {
        "id": member["id"], "name": member["name"], "iso_alpha2": member["iso_alpha2"],
        "iso_alpha3": member["iso_alpha3"], "kind": member["kind"], "region": member["region"],
        "region_name": regions_by_id[member["region"]]["name"], "region_short": regions_by_id[member["region"]]["short_name"],
        "joined": member["joined"],
        "founding_member": member["founding_member"], "counted": member["counted"],
        "aliases": member["aliases"], "note": member["note"], "sources": member["sources"],
        "as_of": member["as_of"],
    }


# ---- offices ---------------------------------------------------------------------------------

def host_at(office: Record, end: str | None) -> Record | None:
    """The office's host on the date END (from parse_as_of); the current host when END is None.

    Hosts are listed oldest first; a host with no start date counts from the beginning, so
    where several periods cover END the latest-listed one wins.
    """
    if end is None:
        return office["hosts"][-1]
    start = end[:4]
    valid = [h for h in office["hosts"] if (h["from"] is None or h["from"] <= end) and (h["until"] is None or h["until"] >= start)]
    return valid[-1] if valid else None


def office_exists(office: Record, end: str | None) -> bool:
    return end is None or (office["established"] or office["first_attested"]) <= end


def office_row(office: Record, host: Record, regions_by_id: dict[str, Record]) -> Row:
    return {
        "id": office["id"], "type": office["type"], "name": office["name"], "abbreviation": office["abbreviation"],
        "city": host["city"], "country": host["country"], "country_code": host["country_code"],
        "institution": host["institution"], "region": office["region"], "region_name": regions_by_id[office["region"]]["name"],
        "region_short": regions_by_id[office["region"]]["short_name"],
        "established": office["established"], "first_attested": office["first_attested"],
        "host_from": host["from"], "host_until": host["until"], "description": office["description"],
        "note": office["note"], "sources": office["sources"], "as_of": office["as_of"],
    }


def office_rows(
    offices: list[Record], regions: list[Record], *, region: str | None = None, office_type: str | None = None,
    country_codes: set[str] | None = None, as_of: str | None = None,
) -> list[Row]:
    """Offices (with the host of the AS_OF date, today's by default) that pass every filter."""
    check_choice("--type", office_type, OFFICE_TYPES)
    end = parse_as_of(as_of) if as_of else None
    region_ids = {r["id"] for r in match_regions(region, regions)} if region else None
    regions_by_id = {r["id"]: r for r in regions}
    rows = []
    for office in offices:
        host = host_at(office, end)
        if host is None or not office_exists(office, end):
            continue
        if region_ids is not None and office["region"] not in region_ids:
            continue
        if office_type and office["type"] != office_type:
            continue
        if country_codes is not None and host["country_code"] not in country_codes:
            continue
        rows.append(office_row(office, host, regions_by_id))
    return rows


def country_codes(text: str, offices: list[Record], members: list[Record]) -> set[str]:
    """ISO alpha-2 codes named by TEXT: a member's name, alias or code, or a host country's name."""
    wanted = normalize(text)
    hosts = [host for office in offices for host in office["hosts"]]
    codes = {h["country_code"] for h in hosts if wanted in (normalize(h["country"]), normalize(h["country_code"]))}
    codes |= {m["iso_alpha2"] for m in find_members(text, members) if m["iso_alpha2"]}
    if not codes:
        names = sorted({h["country"] for h in hosts} | {m["name"] for m in members})
        raise UsageError(f"--country: no country matches '{visible(text)}' (use a name or ISO code){did_you_mean(text, names)}")
    return codes


def office_lookup(office_id: str, offices: list[Record]) -> Record:
    for office in offices:
        if office["id"] == office_id.strip().lower():
            return office
    ids = [office["id"] for office in offices]
    raise NotFoundError(f"no office with id '{visible(office_id)}' (see 'wco offices --fields id,name'){did_you_mean(office_id, ids)}")


# ---- facts -----------------------------------------------------------------------------------

def fact_value_rows(fact: Record, end: str | None = None) -> list[Row]:
    """Every dated value of FACT (up to END), oldest first; one row per source's claim."""
    values = [v for v in fact["values"] if end is None or v["as_of"] <= end]
    values.sort(key=lambda v: v["as_of"])
    return [
        {"id": fact["id"], "label": fact["label"], "value": v["value"], "as_of": v["as_of"], "note": v["note"], "sources": v["sources"]}
        for v in values
    ]


def latest_fact_rows(facts: list[Record], end: str | None = None) -> list[Row]:
    """The newest value of each fact (as it stood at END), with its date and sources.

    Where several sources give the same newest date, their values are all kept: agreeing
    values are merged (sources joined), disagreeing ones each get a row.
    """
    rows: list[Row] = []
    for fact in facts:
        dated = fact_value_rows(fact, end)
        if not dated:
            continue
        newest = [row for row in dated if row["as_of"] == dated[-1]["as_of"]]
        merged: dict[Any, Row] = {}
        for row in newest:
            if row["value"] in merged:
                kept = merged[row["value"]]
                kept["sources"] = kept["sources"] + [s for s in row["sources"] if s not in kept["sources"]]
                kept["note"] = kept["note"] or row["note"]
            else:
                merged[row["value"]] = dict(row)
        rows.extend(merged.values())
    return rows


def fact_lookup(key: str, facts: list[Record]) -> Record:
    wanted = normalize(key).replace(" ", "_")
    for fact in facts:
        if wanted in (fact["id"], normalize(fact["label"]).replace(" ", "_")):
            return fact
    keys = [fact["id"] for fact in facts]
    raise NotFoundError(f"no fact '{visible(key)}' (valid: {', '.join(keys)}){did_you_mean(key, keys)}")


# ---- goals -----------------------------------------------------------------------------------

def goal_set_lookup(name: str, goal_sets: list[Record]) -> Record:
    wanted = normalize(name)
    for goal_set in goal_sets:
        if wanted in (normalize(goal_set["id"]), normalize(goal_set["name"])):
            return goal_set
    ids = [goal_set["id"] for goal_set in goal_sets]
    raise UsageError(f"--set: no goal set '{visible(name)}' (valid: {', '.join(ids)}){did_you_mean(name, ids)}")


def goal_rows(goal_sets: list[Record], set_name: str | None = None) -> list[Row]:
    chosen = [goal_set_lookup(set_name, goal_sets)] if set_name else goal_sets
    return [
        {"set": s["id"], "set_name": s["name"], "code": item["code"], "title": item["title"],
         "description": item["description"], "as_of": s["as_of"], "sources": s["sources"]}
        for s in chosen for item in s["items"]
    ]


def goal_set_rows(goal_sets: list[Record]) -> list[Row]:
    return [
        {"id": s["id"], "name": s["name"], "items": len(s["items"]), "description": s["description"],
         "note": s["note"], "as_of": s["as_of"], "sources": s["sources"]}
        for s in goal_sets
    ]


# ---- history ---------------------------------------------------------------------------------

def history_rows(events: list[Record], *, since: int | None = None, until: int | None = None, grep: str | None = None) -> list[Row]:
    """Events in date order, from year SINCE to year UNTIL (both included), whose title or note
    contains every word of GREP (case and accents ignored)."""
    check_year("--since", since)
    check_year("--until", until)
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    words = normalize(grep).split() if grep is not None else []
    if grep is not None and not words:
        raise UsageError("--grep: give some text to look for")
    rows = []
    for event in sorted(events, key=lambda e: e["date"]):
        year = int(event["date"][:4])
        if (since is not None and year < since) or (until is not None and year > until):
            continue
        haystack = normalize(f"{event['title']} {event['note'] or ''} {event['category']}")
        if not all(word in haystack for word in words):
            continue
        rows.append({key: event[key] for key in ("id", "date", "precision", "title", "category", "note", "sources")})
    return rows


# ---- regions view ----------------------------------------------------------------------------

def region_rows(regions: list[Record], members: list[Record], offices: list[Record]) -> list[Row]:
    rows = []
    for region in regions:
        local = [office for office in offices if office["region"] == region["id"]]
        rows.append({
            "id": region["id"], "name": region["name"], "short_name": region["short_name"], "aliases": region["aliases"],
            "members": sum(1 for m in members if m["region"] == region["id"] and m["counted"]),
            "rilos": sum(1 for o in local if o["type"] == "rilo"), "rocbs": sum(1 for o in local if o["type"] == "rocb"),
            "rtcs": sum(1 for o in local if o["type"] == "rtc"), "sources": region["sources"], "as_of": region["as_of"],
        })
    return rows


# ---- sources ---------------------------------------------------------------------------------

def citations(datasets: dict[str, list[Record]]) -> dict[str, list[str]]:
    """Source id -> the records citing it, as 'dataset:id' (nested citations count for their record)."""
    cited: dict[str, list[str]] = {}
    for name, records in datasets.items():
        for record in records:
            for source in sorted(_cited_in(record)):
                cited.setdefault(source, []).append(f"{name}:{record['id']}")
    return cited


def _cited_in(obj: Any) -> set[str]:
    if isinstance(obj, dict):
        found = set(obj.get("sources", []))
        for value in obj.values():
            if isinstance(value, list):
                for item in value:
                    found |= _cited_in(item)
        return found
    return set()


def source_rows(sources: list[Record], cited: dict[str, list[str]]) -> list[Row]:
    return [{**source, "citations": len(cited.get(source["id"], [])), "cited_by": cited.get(source["id"], [])} for source in sources]
