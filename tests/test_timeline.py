"""A timeline without holes: every dated change the other data files record is a `wco history`
event, and the history filters (`--category`, `--grep` on dates) answer as documented.

The events that must exist are derived from the data, not listed by hand:
- offices.json: each office's opening (`established`); where the founding date is unknown, the
  oldest source naming the office (`first_attested`); each host move (a host period with a
  `from` date, other than the first host's start on the opening day);
- facts.json: each change of Secretary General, Deputy Secretary General and Council Chair (a
  value with a `from` date); each new Member count (a value whose count differs from the one
  before it; the first value of that count, exempted values skipped);
- members.json: the accession of each Member a Member-count note names, and of each Member
  that joined since 2001 (accessions from 2001 on are events one by one; earlier ones are
  covered by the count series and `wco members --joined-before`).

The matching rule: an event matches when
1. its date equals the derived date or lies within it (an event of 2017-07-08 matches a record
   of 2017-07; an event of 2017 does not match 2017-07: it would claim less than the record);
   a date known only as a range (2020-12/2022-06) is matched by an event lying within it;
2. its category is one the derived event allows (`network` for offices, `leadership` for
   office-holders, `membership` for Members; the founding session may carry a Member count);
3. its title or note names the thing, case, accents and punctuation folded, as whole words: a
   holder's name, an office's name, abbreviation, city, country or host institution, a Member's
   name, or a count as a number or an ordinal ("179", "185th").

A derived event that cannot honestly be dated is skipped only through EXEMPT, with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from wco_cli import Database, timeline
from wco_cli.text import fold_words as fold

LEADERSHIP_FACTS = ("secretary_general", "deputy_secretary_general", "council_chair")
FIRST_ACCESSION_YEAR = "2001"

# key -> why the derived event cannot be dated; keys are those of Expected.key.
EXEMPT = {
    "office rtc-jordan": "first seen on undated lists (2019 or later); no date to place it at",
    "office rtc-kuwait": "first seen on undated lists (2019 or later); no date to place it at",
    "office rtc-tunisia": "first seen on undated lists (2019 or later); no date to place it at",
    "host rocb-americas 2019-06-19/..": "Brazil's start is an open range after Montevideo's last "
                                        "attestation; no dated source to place an event at",
    "members 177 at 2011": "undated seed page whose year is inferred from this very count",
    "members 184 at 2022": "undated seed pages whose year is inferred from this very count",
}


@dataclass(frozen=True)
class Expected:
    key: str  # what the event is for, as EXEMPT names it
    date: str | None  # None: the record gives no date, any event naming it will do
    categories: frozenset[str]
    names: tuple[str, ...]  # the event must name one of these

    def __str__(self) -> str:
        return f"{self.key} ({self.date or 'undated'}; one of {', '.join(self.names)})"


@pytest.fixture(scope="module")
def db() -> Database:
    return Database()


# ---- deriving the events the data implies --------------------------------------------------------

def ordinal(number: int) -> str:
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 10 <= number % 100 <= 20 else suffixes.get(number % 10, "th")
    return f"{number}{suffix}"


def places(db: Database, host: dict) -> tuple[str, ...]:
    """How an event may name a host: its city, country or institution, or the country's Member
    name or alias (the data's "Korea, Republic of" is "Korea" in a title)."""
    member = db.members.get(host["country_code"]) or {"name": None, "aliases": []}
    return tuple(n for n in (host["city"], host["country"], host["institution"], member["name"],
                             *member["aliases"]) if n)


def office_events(db: Database) -> list[Expected]:
    expected = []
    network = frozenset({"network"})
    for office in db.offices.records:
        names = (office["name"], *([office["abbreviation"]] if office["abbreviation"] else []),
                 *places(db, office["hosts"][0]))
        opened = office["established"] or office["first_attested"]
        expected.append(Expected(f"office {office['id']}", opened, network, names))
        for index, host in enumerate(office["hosts"]):
            if host["from"] is None or (index == 0 and host["from"] == opened):
                continue
            expected.append(Expected(f"host {office['id']} {host['from']}", host["from"], network,
                                     places(db, host)))
    return expected


def leadership_events(db: Database) -> list[Expected]:
    facts = db.facts.by_id()
    starts = {(key, v["value"], v["from"]) for key in LEADERSHIP_FACTS
              for v in facts[key]["values"] if v["from"]}
    return [Expected(f"{key} {value} from {start}", start, frozenset({"leadership"}), (value,))
            for key, value, start in sorted(starts)]


def member_count_events(db: Database) -> list[Expected]:
    values = sorted(db.facts.by_id()["members"]["values"], key=db.facts.start)
    expected, previous, found = [], None, True
    for value in values:
        count = value["value"]
        if count != previous:
            previous, found = count, False
        key = f"members {count} at {value['as_of']}"
        if found or key in EXEMPT:
            continue
        found = True
        expected.append(Expected(key, value["as_of"], frozenset({"membership", "founding"}),
                                 (str(count), ordinal(count))))
    return expected


def named_in_count_notes(db: Database) -> set[str]:
    """Members a Member-count note accounts for: named in the note of a count of the year they
    joined (or with no known date). Longer names are taken first, so "Equatorial Guinea" does
    not also name Guinea; "Brazil's customs reported..." names no accession of 2004."""
    members = sorted(db.members.records, key=lambda m: -len(m["name"]))
    named = set()
    for value in db.facts.by_id()["members"]["values"]:
        text = f" {fold(value['note'] or '')} "
        for member in members:
            if f" {fold(member['name'])} " not in text:
                continue
            text = text.replace(f" {fold(member['name'])} ", " ")
            earliest, latest = timeline.bounds(member["joined"])
            year = value["as_of"][:4]
            # A date known only as a range names the counts of every year it may fall in.
            if ((earliest or "0000") <= f"{year}-12-31"
                    and (latest or "9999") >= f"{year}-01-01"):
                named.add(member["id"])
    return named


def accession_events(db: Database) -> list[Expected]:
    named = named_in_count_notes(db)
    expected = []
    for member in db.members.records:
        recent = member["joined"] is not None and member["joined"] >= FIRST_ACCESSION_YEAR
        if member["counted"] and (member["id"] in named or recent):
            expected.append(Expected(f"member {member['id']}", member["joined"],
                                     frozenset({"membership"}), (member["name"],)))
    return expected


def derived_events(db: Database) -> list[Expected]:
    return (office_events(db) + leadership_events(db) + member_count_events(db)
            + accession_events(db))


# ---- matching --------------------------------------------------------------------------------

def mentions(text: str, name: str) -> bool:
    """Does TEXT hold NAME as whole words, case, accents and punctuation folded?"""
    return f" {fold(name)} " in f" {fold(text)} "


def on_date(event_date: str, wanted: str | None) -> bool:
    """Is an event of EVENT_DATE on the date WANTED (rule 1)? A range (2020-12/2022-06) is
    matched by an event lying wholly inside its bounds."""
    if wanted is None:
        return True
    if timeline.is_range(wanted):
        earliest, latest = timeline.bounds(wanted)
        return ((earliest is None or timeline.first_day(event_date) >= earliest)
                and (latest is None or timeline.last_day(event_date) <= latest))
    return event_date.startswith(wanted)


def matches(event: dict, wanted: Expected) -> bool:
    text = f"{event['title']} {event['note'] or ''}"
    return (on_date(event["date"], wanted.date)
            and event["category"] in wanted.categories
            and any(mentions(text, name) for name in wanted.names))


def test_every_change_the_data_records_is_an_event(db):
    events = db.history.records
    missing = [str(w) for w in derived_events(db)
               if w.key not in EXEMPT and not any(matches(e, w) for e in events)]
    assert missing == [], "events missing from history.json:\n" + "\n".join(missing)


def test_the_derivation_covers_every_kind_of_change(db):
    """Guard against a derivation that silently finds nothing."""
    derived = derived_events(db)
    for prefix, at_least in (("office ", 45), ("host ", 6), ("council_chair ", 6),
                             ("secretary_general ", 3), ("deputy_secretary_general ", 2),
                             ("members ", 15), ("member ", 30)):
        assert sum(w.key.startswith(prefix) for w in derived) >= at_least, prefix
    assert {"timor-leste", "dominican-republic", "bosnia-and-herzegovina", "equatorial-guinea",
            "solomon-islands"} <= named_in_count_notes(db)
    assert not {"brazil", "guinea"} & named_in_count_notes(db)


def test_exemptions_are_few_each_with_a_reason_and_still_needed(db):
    keys = {w.key for w in derived_events(db)}
    counts = {f"members {v['value']} at {v['as_of']}"
              for v in db.facts.by_id()["members"]["values"]}
    assert len(EXEMPT) <= 8
    for key, reason in EXEMPT.items():
        assert reason.strip()
        assert key in keys or key in counts, f"exemption {key!r} matches nothing in the data"


def test_matching_is_whole_words_folded():
    assert mentions("RILO Asia/Pacific moves from Korea to Japan", "Korea, Republic of") is False
    assert mentions("RILO Asia/Pacific moves from Korea to Japan", "Korea")
    assert mentions("Membership stands at 144", "144")
    assert not mentions("Kosovo becomes a Member in 2017", "17")
    assert mentions("hosted by Côte d'Ivoire", "Cote d'Ivoire")
    assert ordinal(183) == "183rd" and ordinal(111) == "111th" and ordinal(22) == "22nd"


def test_events_cite_known_sources_and_have_a_matching_precision(db):
    known = db.sources.by_id()
    for event in db.history.records:
        assert event["sources"] and all(s in known for s in event["sources"]), event["id"]
        assert {4: "year", 7: "month", 10: "day"}[len(event["date"])] == event["precision"]


# ---- the filters -------------------------------------------------------------------------------

def test_category_filter_is_case_insensitive_repeatable_and_comma_separated(db, wco):
    leadership = db.history.rows(category="Leadership")
    assert leadership and {r["category"] for r in leadership} == {"leadership"}
    both = db.history.rows(category=["leadership", "MEMBERSHIP"])
    assert db.history.rows(category="leadership,membership") == both
    assert {r["category"] for r in both} == {"leadership", "membership"}
    cli = wco("history", "--category", "leadership", "--category", "membership", "--json").json()
    assert cli == both
    assert wco("history", "--category", "leadership,membership", "--json").json() == both


def test_an_unknown_category_exits_2_naming_the_valid_ones(wco):
    result = wco("history", "--category", "netwrk")
    assert result.exit_code == 2 and result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("wco: --category:")
    assert "valid: founding, convention" in line and "did you mean 'network'" in line


def test_unknown_category_in_the_api_is_an_invalid_value(db):
    from wco_cli import InvalidValue

    with pytest.raises(InvalidValue) as error:
        db.history.rows(category="network,nope")
    assert error.value.field == "category" and "network" in error.value.valid


@pytest.mark.parametrize("grep, date", [("2017-02", "2017-02"), ("2019", "2019"),
                                        ("2024-02-02", "2024-02-02")])
def test_grep_finds_the_events_of_a_date(db, wco, grep, date):
    rows = wco("history", "--grep", grep, "--json").json()
    dated = [e for e in db.history.rows() if e["date"].startswith(date)]
    assert dated and all(e in rows for e in dated)
    for row in rows:
        assert row["date"].startswith(date) or grep.replace("-", " ") in fold(
            f"{row['title']} {row['note'] or ''}")


def test_grep_combines_a_date_with_words(wco):
    rows = wco("history", "--grep", "2019 rilo", "--json").json()
    assert [r["title"] for r in rows] == [
        "Zimbabwe Revenue Authority hosts RILO East and Southern Africa, in place of Kenya"]
