"""The answer to a query, read from what pyoxigraph serialised, only as far as it is used.

A SELECT answer is kept as the SPARQL TSV pyoxigraph wrote; every output format (`kg query
--format csv/tsv/json/xml`, the endpoint's replies) is written from it by pyoxigraph alone,
and the Python rows and terms are made only when something asks for them: turning ~40,000
rows into Python objects cost about three times Oxigraph's own evaluation of a simple query.
The rows (plain strings, as SPARQL CSV writes them) are read from pyoxigraph's CSV by the
`csv` module, several times faster than a Python object per term.
"""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox

TSV = ox.QueryResultsFormat.TSV
_CSV = ox.QueryResultsFormat.CSV


class Answer:
    """The answer to a query.

    SELECT: `columns` and `rows` (plain strings, as SPARQL CSV writes them); `terms` holds the
    same rows as Oxigraph terms (None where unbound). ASK: `boolean`. CONSTRUCT and DESCRIBE:
    `triples`, and rows of (subject, predicate, object). `results` is the answer as pyoxigraph
    serialised it (SPARQL TSV, SPARQL JSON for ASK, N-Triples for triples), from which every
    output format is written. A SELECT answer made from TSV reads its rows and terms from it
    the first time they are asked for (a malformed TSV fails then: SyntaxError).
    """

    __slots__ = ("columns", "boolean", "triples", "results", "_rows", "_terms")

    def __init__(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...] | None = None,
                 boolean: bool | None = None, terms: tuple[tuple[object, ...], ...] | None = None,
                 triples: tuple[object, ...] | None = None, results: bytes = b""):
        self.columns = columns
        self.boolean = boolean
        self.triples = triples
        self.results = results
        self._rows = rows
        self._terms = terms if terms is not None else (None if rows is None else ())

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        if self._rows is None:
            self._rows = _rows_of(self.results, len(self.columns))
        return self._rows

    @property
    def terms(self) -> tuple[tuple[object, ...], ...]:
        if self._terms is None:
            # a solution iterates its values in the order of the variables (None where unbound):
            # three times faster than looking each one up by name
            self._terms = tuple(map(tuple, ox.parse_query_results(self.results, TSV)))
        return self._terms

    def __repr__(self) -> str:
        return (f"Answer(columns={self.columns!r}, rows={len(self.rows)}, boolean={self.boolean!r}, "
                f"triples={None if self.triples is None else len(self.triples)})")


def from_tsv(data: bytes) -> Answer:
    """A SELECT answer from SPARQL TSV results (its rows and terms read when asked for), or an
    ASK answer's boolean."""
    solutions = ox.parse_query_results(data, TSV)
    if isinstance(solutions, ox.QueryBoolean):
        value = bool(solutions)
        return Answer(columns=("ask",), rows=((str(value).lower(),),), boolean=value,
                      results=b'{"head":{},"boolean":%s}' % str(value).lower().encode())
    return Answer(columns=tuple(v.value for v in solutions.variables), results=data)


def _rows_of(data: bytes, width: int) -> tuple[tuple[str, ...], ...]:
    """The rows of SPARQL TSV results as plain strings: pyoxigraph writes them as SPARQL CSV
    (IRIs and literal values bare, blank nodes `_:id`, unbound empty), the csv module reads them."""
    text = ox.parse_query_results(data, TSV).serialize(format=_CSV).decode("utf-8")
    if width == 0 or "<<" in text:  # no column (CSV has no empty row), or an RDF 1.2 triple term
        return tuple(tuple(plain(t) for t in row) for row in ox.parse_query_results(data, TSV))
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows)  # the header
    empty = ("",) * width  # a row of one empty value is an empty CSV line
    out = tuple(tuple(row) if row else empty for row in rows)
    if any(len(row) != width for row in out):  # not expected from pyoxigraph: read the terms instead
        return tuple(tuple(plain(t) for t in row) for row in ox.parse_query_results(data, TSV))
    return out


def plain(term) -> str:
    """A term as SPARQL CSV results write it: IRI and literal values bare, blank nodes `_:id`."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {term} >>"
    return term.value
