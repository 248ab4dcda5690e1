"""Find an article's publication date in its opening text.

News pages put the date near the top: in a by-line ("Friday 08 February 2019 18:38 GMT"), a
dateline or a photo caption ("in Caracas on February 20, 2019"). `find_date` looks only at the
first `WINDOW` characters, where such a date sits, so a date quoted deep in the story ("on
23 January 2019 Guaidó declared…") is not mistaken for the publication date.

Recognised forms (month names full or abbreviated, any case, with or without a dot; the day
with or without an ordinal suffix):

    Friday 08 February 2019 18:38 GMT     20 February 2019     20th of Feb 2019
    February 20, 2019     Feb. 20, 2019     February 20th 2019
    2019-02-20     2019-02-20T18:38:00Z

The first complete date (day, month and year) wins; impossible dates ("February 30, 2019")
and years outside `YEARS` are skipped. Purely numeric forms such as "02/03/2019" are not
read: whether that is 2 March or 3 February cannot be told.
"""
from __future__ import annotations

import datetime as _dt
import re

WINDOW = 600
YEARS = range(1900, 2101)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
MONTH_NAMES = frozenset(m for m in _MONTHS if not any(o != m and o.startswith(m) for o in _MONTHS))  # "march", not "mar"
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))  # longest first: "sept" before "sep"
_SP = r"[ \t\u00a0]+"  # spaces within one line
_DAY = r"(?<!\d)(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?<!\d)(?P<{}>\d{{4}})(?!\d)"

_DATE = re.compile(
    "|".join((
        # 20 February 2019, 20th of Feb. 2019
        _DAY.format("d1") + _SP + r"(?:of" + _SP + r")?" + rf"(?P<m1>{_MONTH})\b\.?,?" + _SP
        + _YEAR.format("y1"),
        # February 20, 2019; Feb. 20 2019
        rf"\b(?P<m2>{_MONTH})\b\.?" + _SP + _DAY.format("d2") + r",?" + _SP + _YEAR.format("y2"),
        # 2019-02-20 (ISO 8601, optionally followed by a time)
        r"(?<![\d-])(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?![\d-])",
    )),
    re.IGNORECASE,
)


def _as_date(year: str, month: int | str, day: str) -> _dt.date | None:
    """The date, or None when it does not exist (30 February) or the year is implausible."""
    try:
        date = _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if date.year in YEARS else None


def find_dates(text: str, window: int = WINDOW) -> list[str]:
    """Every valid date (ISO "YYYY-MM-DD") that starts in the first `window` characters, in order."""
    head = text[: window + 40]  # a little beyond, so a date that starts near the edge is whole
    found = []
    for match in _DATE.finditer(head):
        if match.start() >= window:
            break
        if match["y1"]:
            date = _as_date(match["y1"], _MONTHS[match["m1"].lower()], match["d1"])
        elif match["y2"]:
            date = _as_date(match["y2"], _MONTHS[match["m2"].lower()], match["d2"])
        else:
            date = _as_date(match["y3"], match["m3"], match["d3"])
        if date is not None:
            found.append(date.isoformat())
    return found


def find_date(text: str, window: int = WINDOW) -> str | None:
    """The publication date found near the top of `text`, as "YYYY-MM-DD", or None."""
    dates = find_dates(text, window)
    return dates[0] if dates else None


def is_iso_date(value: str) -> bool:
    """Whether `value` is an existing calendar date written "YYYY-MM-DD"."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
