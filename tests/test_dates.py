"""kg.dates: the publication date near the top of an article, and its use by ingest."""
from __future__ import annotations

import json

import pytest

from kg import ingest
from kg.dates import WINDOW, find_date, find_dates, is_iso_date
from kg.types import Article


@pytest.mark.parametrize("text, expected", [
    ("Andrew Buncombe\nFriday 08 February 2019 18:38 GMT\nVenezuela: Maduro blockades", "2019-02-08"),
    ("arrives in Caracas on February 20, 2019. - Opposition leader", "2019-02-20"),
    ("Published 20 February 2019", "2019-02-20"),
    ("Updated: 2019-02-20", "2019-02-20"),
    ("2019-02-20T18:38:00Z by Reuters", "2019-02-20"),
    ("CARACAS, Feb. 20, 2019 (AP) --", "2019-02-20"),
    ("Feb 20 2019", "2019-02-20"),
    ("February 20th, 2019", "2019-02-20"),
    ("the 3rd of Sept. 2019", "2019-09-03"),
    ("1 Jan 2019", "2019-01-01"),
    ("FEBRUARY 20, 2019", "2019-02-20"),
    ("Saturday\u00a023\u00a0February\u00a02019", "2019-02-23"),
])
def test_formats(text: str, expected: str) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize("text", [
    "",
    "Guaido seeks direct Pentagon ties to oust Maduro",
    "In February 2019 the opposition met the military.",  # no day
    "on 20 February the army",  # no year
    "02/03/2019",  # ambiguous numeric form: not read
    "build 12019-02-201",  # digits glued on: not a date
])
def test_no_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize("text", [
    "February 30, 2019",
    "31 April 2019",
    "2019-13-01",
    "2019-02-29",  # not a leap year
    "12 March 1850",  # implausible year for a news article
    "0 March 2019",
])
def test_impossible_dates_are_ignored(text: str) -> None:
    assert find_date(text) is None


def test_leap_day_is_a_date() -> None:
    assert find_date("29 February 2020") == "2020-02-29"


def test_first_full_date_wins_and_impossible_ones_are_skipped() -> None:
    text = "On February 30, 2019, no. Written 21 February 2019; the vote was on January 23, 2019."
    assert find_date(text) == "2019-02-21"
    assert find_dates(text) == ["2019-02-21", "2019-01-23"]


def test_a_day_month_without_year_does_not_swallow_the_next_date() -> None:
    assert find_date("Friday 8 February, reported on March 1, 2019") == "2019-03-01"


def test_only_the_top_of_the_article_is_read() -> None:
    late = "x" * (WINDOW + 10) + " 20 February 2019"
    assert find_date(late) is None
    edge = "x" * (WINDOW - 5) + " 20 February 2019"  # starts inside the window: read whole
    assert find_date(edge) == "2019-02-20"


def test_is_iso_date() -> None:
    assert is_iso_date("2019-02-20")
    assert not is_iso_date("2019-02-30")
    assert not is_iso_date("2019-2-20")
    assert not is_iso_date("2019-02-20T00:00")


def test_ingest_fills_the_date_of_txt_files(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Title\nFriday 08 February 2019 18:38 GMT\nText.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\nNo date here.", encoding="utf-8")
    articles = {a.id: a for a in ingest.read_articles([tmp_path]) if isinstance(a, Article)}
    assert articles["a"].date == "2019-02-08"
    assert articles["b"].date is None


def test_ingest_keeps_a_jsonl_date_and_finds_a_missing_one(tmp_path) -> None:
    lines = [
        {"id": "given", "date": "2019-01-01", "text": "Caracas, February 20, 2019 - text"},
        {"id": "found", "text": "Caracas, February 20, 2019 - text"},
        {"id": "none", "text": "No date in this one."},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    articles = {a.id: a for a in ingest.read_articles([path]) if isinstance(a, Article)}
    assert articles["given"].date == "2019-01-01"
    assert articles["found"].date == "2019-02-20"
    assert articles["none"].date is None
