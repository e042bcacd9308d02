"""Record types: the one description of the data files and of every command's JSON output.

A field's type is a short code, read by `data.validate_*` (for the files) and by `schema.py`
(for the JSON Schema of each command's output):

    str        non-empty text              int / bool   as in JSON
    date       ISO date of year, month or day precision: 1952, 1994-06, 2009-01-16
    value      str or int (a fact's value)
    alpha2     ISO 3166-1 alpha-2 code     alpha3   ISO 3166-1 alpha-3 code
    id         the record's key: lower-case letters and digits joined by - or _
    enum:a,b   one of the listed words
    ref:NAME   the id of a record in NAME.json (regions, sources)
    [T]        a non-empty list of T       [T]*   a list of T that may be empty
    T?         T or null (unknown)
    @NAME      an object described by NESTED[NAME]
"""

from __future__ import annotations

OFFICE_TYPES = ("rilo", "rocb", "rtc")
MEMBER_KINDS = ("state", "customs_territory", "customs_union")
EVENT_CATEGORIES = ("founding", "convention", "instrument", "membership", "leadership", "network", "plan", "partnership", "milestone")

Spec = dict[str, str]

NESTED: dict[str, Spec] = {
    "host": {
        "country": "str", "country_code": "alpha2", "city": "str?", "institution": "str?",
        "from": "date?", "until": "date?", "period_note": "str?", "sources": "[ref:sources]",
    },
    "fact_value": {"value": "value", "as_of": "date", "sources": "[ref:sources]", "note": "str?"},
    "goal_item": {"code": "str", "title": "str", "description": "str?"},
}

# The data files (data/NAME.json): each is a JSON array of records of this shape.
RECORDS: dict[str, Spec] = {
    "sources": {
        "id": "id", "kind": "enum:seed,web", "location": "str", "title": "str",
        "date": "date?", "date_note": "str?", "third_party": "bool",
    },
    "regions": {
        "id": "id", "name": "str", "short_name": "str", "aliases": "[str]",
        "sources": "[ref:sources]", "as_of": "date",
    },
    "offices": {
        "id": "id", "type": "enum:" + ",".join(OFFICE_TYPES), "name": "str", "abbreviation": "str?",
        "region": "ref:regions", "established": "date?", "first_attested": "date", "hosts": "[@host]",
        "description": "str", "note": "str?", "sources": "[ref:sources]", "as_of": "date",
    },
    "facts": {"id": "id", "label": "str", "description": "str", "values": "[@fact_value]"},
    "goals": {
        "id": "id", "name": "str", "description": "str", "note": "str?", "as_of": "date",
        "sources": "[ref:sources]", "items": "[@goal_item]",
    },
    "history": {
        "id": "id", "date": "date", "precision": "enum:year,month,day", "title": "str",
        "category": "enum:" + ",".join(EVENT_CATEGORIES), "sources": "[ref:sources]", "note": "str?",
    },
    "members": {
        "id": "id", "name": "str", "aliases": "[str]*", "iso_alpha2": "alpha2?", "iso_alpha3": "alpha3?",
        "kind": "enum:" + ",".join(MEMBER_KINDS), "region": "ref:regions", "joined": "date?",
        "founding_member": "bool", "counted": "bool", "note": "str?", "sources": "[ref:sources]", "as_of": "date",
    },
}

# Rows printed by the list commands: the --json contract. Keys are only ever added within a
# major version. `VIEW_COLUMNS` are the table's default columns (any field can be chosen with --fields).
VIEWS: dict[str, Spec] = {
    "offices": {
        "id": "id", "type": "enum:" + ",".join(OFFICE_TYPES), "name": "str", "abbreviation": "str?",
        "city": "str?", "country": "str", "country_code": "alpha2", "institution": "str?",
        "region": "id", "region_name": "str", "region_short": "str", "established": "date?", "first_attested": "date",
        "host_from": "date?", "host_until": "date?", "description": "str", "note": "str?",
        "sources": "[id]", "as_of": "date",
    },
    "facts": {
        "id": "id", "label": "str", "value": "value", "as_of": "date", "note": "str?", "sources": "[id]",
    },
    "goals": {
        "set": "id", "set_name": "str", "code": "str", "title": "str", "description": "str?",
        "as_of": "date", "sources": "[id]",
    },
    "goal_sets": {
        "id": "id", "name": "str", "items": "int", "description": "str", "note": "str?",
        "as_of": "date", "sources": "[id]",
    },
    "history": {
        "id": "id", "date": "date", "precision": "enum:year,month,day", "title": "str",
        "category": "str", "note": "str?", "sources": "[id]",
    },
    "members": {
        "id": "id", "name": "str", "iso_alpha2": "alpha2?", "iso_alpha3": "alpha3?",
        "kind": "enum:" + ",".join(MEMBER_KINDS), "region": "id", "region_name": "str", "region_short": "str",
        "joined": "date?", "founding_member": "bool", "counted": "bool", "aliases": "[str]*",
        "note": "str?", "sources": "[id]", "as_of": "date",
    },
    "regions": {
        "id": "id", "name": "str", "short_name": "str", "aliases": "[str]", "members": "int",
        "rilos": "int", "rocbs": "int", "rtcs": "int", "sources": "[id]", "as_of": "date",
    },
    "sources": {
        "id": "id", "kind": "enum:seed,web", "location": "str", "title": "str", "date": "date?",
        "date_note": "str?", "third_party": "bool", "citations": "int", "cited_by": "[str]*",
    },
    "search": {
        "kind": "str", "id": "str", "title": "str", "snippet": "str", "score": "int",
    },
}

VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "offices": ("type", "name", "city", "country", "region_short"),
    "facts": ("label", "value", "as_of", "sources"),
    "goals": ("set", "code", "title"),
    "goal_sets": ("id", "name", "items", "as_of", "sources"),
    "history": ("date", "title", "sources"),
    "members": ("name", "iso_alpha2", "region_short", "joined"),
    "regions": ("id", "short_name", "name", "members", "rilos", "rocbs", "rtcs"),
    "sources": ("id", "kind", "date", "title", "citations"),
    "search": ("kind", "id", "title", "snippet"),
}

# Column headings for people; a field not listed is shown by its name.
HEADINGS = {
    "region_name": "region", "region_short": "region", "iso_alpha2": "ISO", "iso_alpha3": "ISO3", "as_of": "as of",
    "short_name": "short", "rilos": "RILOs", "rocbs": "ROCBs", "rtcs": "RTCs", "set_name": "set name",
    "country_code": "ISO", "cited_by": "cited by",
}
