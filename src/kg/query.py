"""Run SPARQL over a graph with Oxigraph, and write the answers with pyoxigraph's serialisers.

rdflib's own SPARQL engine is too slow for joins on real graphs (seconds on 10k triples);
Oxigraph answers the same in milliseconds. rdflib stays for building and parsing.

Every query passes kg.guard first (read-only, no SERVICE, bounded depth), and its answer is
bounded in rows: the solutions are serialised by pyoxigraph as SPARQL TSV into a writer that
stops past the limit, and every output format is written by pyoxigraph from that TSV.
"""
from __future__ import annotations

import io
import os
import re
import sys
import threading
import types
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg import guard, library
from kg.answer import TSV as _TSV
from kg.answer import Answer, from_tsv
from kg.answer import plain as _plain
from kg.errors import GraphError, QueryError
from kg.textio import for_terminal

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
FORMATS = ("table", *RESULT_FORMATS)
ALL_FORMATS = (*FORMATS, *RDF_FORMATS)
MAX_ROWS = 100_000
TIMEOUT = 60.0
PREFIXES = {
    "kg": "https://kg.example.org/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_GRAPH_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,  # pyoxigraph never fetches a remote @context
    ".rdf": ox.RdfFormat.RDF_XML,
}


# --- finding queries --------------------------------------------------------------------------

def queries_dir() -> Path | None:
    """The shipped queries (kg/data/queries, a link to the repository's queries/)."""
    return library.queries_dir()


def available_queries() -> list[str]:
    """The names of the shipped queries (file stems), sorted."""
    return library.names()


def resolve_query(name_or_path: str) -> tuple[str, str]:
    """Return (where, text) for a query given as a path, the name of a shipped one, or `-` (stdin)."""
    if name_or_path == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(name_or_path)
    if path.is_file():
        return str(path), library.read_text(path)
    found = library.find(name_or_path)
    if found is not None:
        return str(found), library.read_text(found)
    if _looks_like_sparql(name_or_path):
        return "<query>", name_or_path
    names = ", ".join(available_queries()) or "none found"
    raise QueryError(f"{name_or_path}: no such query file or named query (named queries: {names})")


_SPARQL_START = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|"
                           r"CLEAR|DROP|CREATE|WITH|COPY|MOVE|ADD)\b", re.IGNORECASE)


def _looks_like_sparql(text: str) -> bool:
    return bool(_SPARQL_START.match(text)) or ("{" in text and "\n" in text)


# --- loading graphs ---------------------------------------------------------------------------

def open_store(graph_path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store loaded with the graph file."""
    path = Path(graph_path)
    if path.is_dir():
        return open_disk_store(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    suffix = path.suffix.lower()
    if suffix not in _GRAPH_FORMATS:
        raise GraphError(f"{path}: unknown graph format {suffix!r}; expected one of {', '.join(_GRAPH_FORMATS)}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=_GRAPH_FORMATS[suffix])
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: cannot parse graph: {_one_line(exc)}") from None
    return store


def open_disk_store(directory: str | Path) -> ox.Store:
    """An Oxigraph on-disk store opened read-only (nothing kg does can change it)."""
    path = Path(directory)
    if not path.is_dir():
        raise GraphError(f"{path}: no such store folder")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise GraphError(f"{path}: cannot open as an Oxigraph store: {_one_line(exc)}") from None


def store_from_rdflib(graph) -> ox.Store:
    """An Oxigraph store holding an rdflib graph or dataset (for the Python API)."""
    store = ox.Store()
    data = graph.serialize(format="nquads" if hasattr(graph, "graphs") else "nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_QUADS)
    return store


# --- running queries --------------------------------------------------------------------------

class _Bounded(io.RawIOBase):
    """A binary sink that refuses more than `max_lines` lines (one solution or triple a line)."""

    def __init__(self, max_lines: int):
        self.buffer = bytearray()
        self.lines = 0
        self.max_lines = max_lines
        self.over = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.max_lines:
            self.over = True
            raise OSError("result size limit")
        self.buffer += data
        return len(data)


def _bounded(results, fmt, max_lines: int, what: str) -> bytes:
    sink = _Bounded(max_lines)
    try:
        results.serialize(sink, fmt)
    except OSError:
        if sink.over:
            raise QueryError(what) from None
        raise
    return bytes(sink.buffer)


def run(store: ox.Store, query: str, *, where: str = "<query>", params: dict | None = None,
        max_rows: int = MAX_ROWS) -> Answer:
    """Evaluate a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) with its parameters bound.

    The prefixes of PREFIXES (kg:, rdf:, rdfs:, skos:, schema:, prov:, xsd:) need no declaration.
    `params` maps variable names to pyoxigraph terms, bound in a VALUES block of terms written
    by pyoxigraph (kg.guard.with_values), never by pasting the user's text; with the lookups
    the query's header declares (kg.library.with_lookups). (Oxigraph 0.5's own
    `substitutions` binds only projected variables and leaves them unbound inside FILTERs.)
    More than `max_rows` solutions or triples is an error, not a cut answer.
    """
    guard.check(query, where=where)
    bound = guard.with_values(query, library.with_lookups(query, params or {}))
    try:
        result = store.query(bound, use_default_graph_as_union=True, prefixes=PREFIXES)
        return answer_from(result, max_rows=max_rows, where=where)
    except SyntaxError as error:
        reported = error
        if bound != query:  # report the position in the text the user wrote
            try:
                store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
            except SyntaxError as original:
                reported = original
        raise QueryError(f"{where}: SPARQL syntax error at {_syntax_position(query, reported)}") from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from None


def too_many(where: str, max_rows: int) -> str:
    return (f"{where}: the answer has more than {max_rows:,} rows (the result limit); add a LIMIT, "
            "or raise the limit with --max-rows")


def answer_from(result, *, max_rows: int = MAX_ROWS, where: str = "<query>") -> Answer:
    """An Answer from what pyoxigraph returned (or parsed), at most `max_rows` rows."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        value = bool(result)
        return Answer(columns=("ask",), rows=((str(value).lower(),),), boolean=value,
                      results=b'{"head":{},"boolean":%s}' % str(value).lower().encode())
    if isinstance(result, ox.QuerySolutions):
        return from_tsv(_bounded(result, _TSV, max_rows + 1, too_many(where, max_rows)))
    data = _bounded(result, ox.RdfFormat.N_TRIPLES, max_rows, too_many(where, max_rows))
    return from_ntriples(data)


def from_ntriples(data: bytes) -> Answer:
    triples = tuple(q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES))
    rows = tuple((_plain(t.subject), _plain(t.predicate), _plain(t.object)) for t in triples)
    return Answer(columns=("subject", "predicate", "object"), rows=rows,
                  terms=tuple((t.subject, t.predicate, t.object) for t in triples), triples=triples, results=data)


class Local:
    """A store on this machine as a query target (the other is kg.remote.Endpoint)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, text: str, *, where: str = "<query>", params: dict | None = None,
              max_rows: int = MAX_ROWS) -> Answer:
        return run(self.store, text, where=where, params=params, max_rows=max_rows)

    def actor_names(self):
        from kg.params import ACTOR_NAMES

        return run(self.store, ACTOR_NAMES, where="actor names", max_rows=10_000_000).rows

    def actors_named(self, name: str):
        from kg.params import ACTORS_NAMED

        return run(self.store, ACTORS_NAMED, where="actor names", params={"name": ox.Literal(name)}).rows


def ask(target, text: str, *, where: str = "<query>", given: dict[str, str] | None = None,
        max_rows: int = MAX_ROWS) -> Answer:
    """Run a query on a target (Local or Endpoint) with `--param` values bound as its header declares."""
    from kg import params

    _, declared, _ = library.parse_header(text)
    terms = params.bind(declared, given or {}, target.actor_names, where=where,
                        actors_named=getattr(target, "actors_named", None))
    return target.query(text, where=where, params=terms, max_rows=max_rows)


@contextmanager
def time_limit(seconds: float | None, on_timeout):
    """Call `on_timeout()` from a watchdog thread if the block runs longer than `seconds`.

    Oxigraph evaluates without holding the GIL but cannot be interrupted, so the CLI's
    `on_timeout` ends the process (after saying why); the server runs queries in worker
    processes it can stop instead (kg.serve).
    """
    if not seconds:
        yield
        return
    timer = threading.Timer(seconds, on_timeout)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def exit_on_timeout(seconds: float, where: str):
    """A `time_limit` callback for the command line: one `Error:` line, exit status 1."""
    def stop() -> None:
        sys.stderr.write(f"Error: {where}: the query ran longer than {seconds:g} s (the time limit); "
                         "narrow it, or raise the limit with --timeout\n")
        sys.stderr.flush()
        os._exit(1)
    return stop


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# --- syntax errors ----------------------------------------------------------------------------

_POSITION = re.compile(r"\b(?:error )?at (\d+):(\d+)\s*:?\s*")
# Oxigraph lists its semantic errors ("Prefix not found", "The SELECT contains a variable that
# is unbound") among the expected tokens; they are the only entries written as a sentence.
_REASON = re.compile(r"(?<![\w'\"\[])[A-Z][a-z]+(?: [A-Za-z]+)+")
_MAX_DETAIL = 160


def _syntax_position(query: str, exc: SyntaxError) -> str:
    """Oxigraph's parse error as "line L, column C: what; near: the line's text".

    Oxigraph (0.4, 0.5) writes "error at L:C: expected …", with 1-based lines and columns
    counted in characters; it sets no `lineno`/`offset` on the exception.
    """
    message = _one_line(exc)
    match = _POSITION.search(message)
    if match is None:
        if exc.lineno:  # another engine, or a future Oxigraph, that fills the standard fields
            return f"line {exc.lineno}, column {exc.offset or 1}: {message}"
        return f"an unknown position: {message}"
    line, column = int(match.group(1)), int(match.group(2))
    detail = message[match.end():]
    earlier = _rdflib_position(query)
    if earlier is not None and earlier[0] < line:
        # Oxigraph's parser backtracks out of a broken expression and reports where it gave
        # up (often the closing brace); rdflib's parser stops at the clause that breaks.
        line, column = earlier
        lines = query.split("\n")
        near = " ".join(lines[line - 1].split())[:80]
        return f"line {line}, column {column}: this clause cannot be read (near: {near})"
    reasons = list(dict.fromkeys(_REASON.findall(detail)))
    lines = query.split("\n")
    at_end = line > len(lines) or (line == len(lines) and column > len(lines[-1]))
    if reasons:
        detail = "; ".join(reason[0].lower() + reason[1:] for reason in reasons)
    elif detail.strip() == "expected [_]":
        detail = "unexpected end of the query" if at_end else "unexpected character"
    elif len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 1] + "…"
    near = " ".join(lines[line - 1].split()) if 0 < line <= len(lines) else ""
    if len(near) > 80:
        near = near[:79] + "…"
    return f"line {line}, column {column}: {detail}" + (f" (near: {near})" if near else "")


# --- writing answers --------------------------------------------------------------------------

def _rdflib_position(query: str) -> tuple[int, int] | None:
    """Where rdflib's SPARQL parser stops on a broken query, as (line, column), or None."""
    if len(query) > 20_000:
        return None
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(query)
    except Exception as exc:  # pyparsing's ParseException, or anything else: no second opinion
        line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
        return (line, column) if isinstance(line, int) and isinstance(column, int) else None
    return None


def format_answer(answer: Answer, fmt: str = "table") -> str:
    """The answer as text: an aligned table, or SPARQL results (CSV, TSV, JSON, XML) written by
    pyoxigraph; CONSTRUCT and DESCRIBE answers as RDF (Turtle for `table`)."""
    if answer.triples is not None:
        if fmt == "table":
            fmt = "turtle"
        if fmt not in RDF_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE answer is RDF: format {fmt!r} does not apply; "
                             f"expected one of {', '.join(RDF_FORMATS)}")
        prefixes = PREFIXES if fmt in ("turtle", "rdfxml", "jsonld") else None
        return ox.serialize(answer.triples, format=RDF_FORMATS[fmt], prefixes=prefixes).decode("utf-8")
    if fmt == "table":
        return _table(answer)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return serialize_results(answer, RESULT_FORMATS[fmt]).decode("utf-8")


def serialize_results(answer: Answer, fmt: ox.QueryResultsFormat) -> bytes:
    """A SELECT or ASK answer in a SPARQL results format, written by pyoxigraph."""
    if answer.boolean is not None:
        return ox.parse_query_results(answer.results, ox.QueryResultsFormat.JSON).serialize(format=fmt)
    data = answer.results or _tsv_of(answer)
    return ox.parse_query_results(data, _TSV).serialize(format=fmt)


def _tsv_of(answer: Answer) -> bytes:
    """SPARQL TSV for an Answer made by hand (rows of strings, no terms): every value a literal."""
    head = "\t".join(f"?{c}" for c in answer.columns)
    lines = ["\t".join(str(ox.Literal(v)) if v != "" else "" for v in row) for row in answer.rows]
    return ("\n".join([head, *lines]) + "\n").encode("utf-8")


def _table(answer: Answer, max_width: int = 60) -> str:
    def cut(value: str) -> str:
        value = " ".join(value.split())
        # control characters in article text would act on the terminal: shown escaped
        return for_terminal(value if len(value) <= max_width else value[: max_width - 1] + "…")

    columns = [for_terminal(c) for c in answer.columns]
    rows = [tuple(cut(v) for v in row) for row in answer.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


class _CallableModule(types.ModuleType):
    """`kg.query(graph, "supporters", actor="…")` calls kg.api.query, while `kg.query.run` and
    the rest of this module stay as they are."""

    def __call__(self, graph, name_or_text: str, **params: str):
        from kg.api import query

        return query(graph, name_or_text, **params)


sys.modules[__name__].__class__ = _CallableModule
