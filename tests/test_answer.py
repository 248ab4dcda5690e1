"""A SELECT answer's rows, read through pyoxigraph's CSV, are the values the terms hold."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import query as q
from kg.answer import plain

TRICKY = r'''SELECT ?a ?b ?c ?d WHERE {
  VALUES (?a ?b ?c ?d) {
    ("x,y" "q\"u" "l1\nl2\r\nl3\r" "a")
    (UNDEF "" " sp "@en 3)
    (<http://x.example/y> "t\tt" "\u0000z" "<<not a triple")
    ("é€😀" "\r" "\"" ",")
    (UNDEF UNDEF UNDEF UNDEF)
  }
}'''


def answer(text: str):
    return q.run(ox.Store(), text)


def from_terms(answer) -> tuple:
    return tuple(tuple(plain(t) for t in row) for row in answer.terms)


@pytest.mark.parametrize("text", [
    TRICKY,
    'SELECT ?a WHERE { VALUES ?a { "" UNDEF "one" "" } }',  # one column: an empty value is an empty line
    "SELECT * WHERE { }",  # no column, one row
    "SELECT ?b WHERE { VALUES ?x { 1 2 } BIND(BNODE() AS ?b) }",
    "SELECT ?a WHERE { FILTER(false) }",
])
def test_rows_are_the_plain_values_of_the_terms(text):
    got = answer(text)
    assert got.rows == from_terms(got)
    assert len(got.rows) == len(got.terms)


def test_tricky_values_survive_exactly():
    rows = answer(TRICKY).rows
    assert rows[0] == ("x,y", 'q"u', "l1\nl2\r\nl3\r", "a")
    assert rows[1] == ("", "", " sp ", "3")
    assert rows[2] == ("http://x.example/y", "t\tt", "\x00z", "<<not a triple")
    assert rows[4] == ("", "", "", "")
    assert [len(r) for r in answer('SELECT ?a WHERE { VALUES ?a { "" UNDEF "one" } }').rows] == [1, 1, 1]


def test_every_output_format_is_written_without_the_rows():
    """`kg query --format csv` writes pyoxigraph's CSV straight from the TSV it kept."""
    got = answer(TRICKY)
    csv = q.format_answer(got, "csv")
    assert csv.startswith("a,b,c,d\r\n") and '"x,y"' in csv
    assert got._rows is None  # nothing was turned into Python rows on the way
