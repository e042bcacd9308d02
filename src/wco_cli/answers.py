"""What a dataset answers its command with (Dataset.answer), in the library's terms: rows of a
view with their title and notes, one record in full, or a dated series. The command line prints
them (a table, plain text, JSON, CSV); nothing here knows how."""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]


# Plain classes with slots: building NamedTuple or dataclass classes costs start-up time.
class ListAnswer:
    """ROWS of the dataset's VIEW under TITLE. UNCERTAIN says which rows are uncertain on the
    list's date (the line under a table that the uncertain mark points to); NOTES are further
    lines under a table; ASIDE are lines for a person that no table carries (the list is empty
    and will not be drawn), written to a terminal's stderr."""

    __slots__ = ("view", "rows", "title", "uncertain", "notes", "aside")

    def __init__(self, view: str, rows: list[Row], title: str, uncertain: str | None = None,
                 notes: list[str] | None = None, aside: list[str] | None = None) -> None:
        self.view, self.rows, self.title, self.uncertain = view, rows, title, uncertain
        self.notes, self.aside = notes or [], aside or []


class DetailAnswer:
    """One RECORD in full (the dataset's detail view) under TITLE."""

    __slots__ = ("record", "title")

    def __init__(self, record: Row, title: str) -> None:
        self.record, self.title = record, title


class ChartAnswer:
    """A dated numeric series: POINTS of (date, value, sources), under TITLE."""

    __slots__ = ("points", "title")

    def __init__(self, points: list[tuple[str, int, list[str]]], title: str) -> None:
        self.points, self.title = points, title


Answer = ListAnswer | DetailAnswer | ChartAnswer
