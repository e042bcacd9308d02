"""JSON Schema (draft 2020-12) of each command's --json output, from the dataset specs."""

from __future__ import annotations

from typing import Any

from wco_cli.errors import InvalidValue
from wco_cli.fields import RecordType
from wco_cli.text import closest, visible

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def views(detail: bool = False) -> dict[str, dict[str, Any]]:
    """Every view's spec, by name: each dataset's list views (or its detail view), and search."""
    from wco_cli.datasets import NAMES, dataset_class
    from wco_cli.ranking import SEARCH_VIEW

    found: dict[str, dict[str, Any]] = {}
    for name in NAMES:
        kind = dataset_class(name)
        if detail:
            if kind.detail_spec is not None:
                found[name] = kind.detail_spec
        else:
            found.update(kind.views)
    if not detail:
        found["search"] = SEARCH_VIEW
    return found


def view_names(detail: bool = False) -> list[str]:
    return list(views(detail))


def for_view(view: str, detail: bool = False) -> dict[str, Any]:
    """Schema of `wco VIEW --json`: an array of rows, or one object for a detail view. With
    --fields, rows hold a subset of the keys."""
    known = views(detail)
    name = view.strip().replace("-", "_").casefold()
    if name not in known:
        raise InvalidValue("view", view, f"no {'detail ' if detail else ''}view "
                                         f"'{visible(view)}'", known, closest(view, known))
    row = RecordType(known[name]).schema
    base = {"$schema": DIALECT, "$id": f"https://wco-cli.invalid/schema/{name}"
                                        f"{'-detail' if detail else ''}.json"}
    if detail:
        return {**base, "title": f"wco {name} ID --json",
                "description": "One record. Keys are only ever added within a major version.",
                **row}
    return {**base, "title": f"wco {name.replace('_', ' ')} --json",
            "description": "An array of rows. Keys are only ever added within a major version.",
            "type": "array", "items": row}
