"""Run SPARQL over a graph file with Oxigraph, and format the answers.

rdflib's own SPARQL engine is too slow for joins on real graphs (seconds on 10k triples);
Oxigraph answers the same in milliseconds. rdflib stays for building and parsing.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError, QueryError

FORMATS = ("table", "csv", "json")
_GRAPH_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": None,  # parsed with rdflib, then handed over
    ".rdf": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Answer:
    """The answer to a SELECT (columns, rows of plain strings) or an ASK (boolean)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    boolean: bool | None = None


def queries_dir() -> Path | None:
    """The project's `queries/` folder: beside the package in a checkout, or packaged data."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "queries"
        if candidate.is_dir() and any(candidate.glob("*.rq")):
            return candidate
    packaged = resources.files("kg") / "data" / "queries"
    return Path(str(packaged)) if packaged.is_dir() else None


def available_queries() -> list[str]:
    folder = queries_dir()
    return sorted(p.stem for p in folder.glob("*.rq")) if folder else []


def resolve_query(name_or_path: str) -> tuple[str, str]:
    """Return (where, text) for a query given as a path or as a name in `queries/`."""
    path = Path(name_or_path)
    if path.is_file():
        return str(path), path.read_text(encoding="utf-8")
    folder = queries_dir()
    if folder:
        stem = name_or_path[:-3] if name_or_path.endswith(".rq") else name_or_path
        candidate = folder / f"{stem}.rq"
        if candidate.is_file():
            return str(candidate), candidate.read_text(encoding="utf-8")
    names = ", ".join(available_queries()) or "none found"
    raise QueryError(f"{name_or_path}: no such query file or named query (named queries: {names})")


def open_store(graph_path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store loaded with the graph file."""
    path = Path(graph_path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    suffix = path.suffix.lower()
    if suffix not in _GRAPH_FORMATS:
        raise GraphError(f"{path}: unknown graph format {suffix!r}; expected one of {', '.join(_GRAPH_FORMATS)}")
    store = ox.Store()
    try:
        fmt = _GRAPH_FORMATS[suffix]
        if fmt is None:
            import rdflib

            data = rdflib.Dataset()
            data.parse(path, format="json-ld")
            store.load(data.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        else:
            store.load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: cannot parse graph: {_one_line(exc)}") from None
    return store


def run(store: ox.Store, query: str, *, where: str = "<query>") -> Answer:
    """Evaluate a SPARQL SELECT or ASK query (CONSTRUCT/DESCRIBE are returned as s,p,o rows)."""
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{where}: SPARQL syntax error: {_syntax_position(query, exc)}") from None
    except (ValueError, OSError) as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from None
    if isinstance(result, bool):
        return Answer(columns=("ask",), rows=((str(result).lower(),),), boolean=result)
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(v.value for v in result.variables)
        rows = tuple(tuple(_plain(solution[c]) for c in columns) for solution in result)
        return Answer(columns=columns, rows=rows)
    rows = tuple((_plain(t.subject), _plain(t.predicate), _plain(t.object)) for t in result)
    return Answer(columns=("subject", "predicate", "object"), rows=rows)


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _syntax_position(query: str, exc: SyntaxError) -> str:
    """Oxigraph's message, with the line and column spelled out."""
    message = _one_line(exc)
    match = re.search(r"(\d+):(\d+)", message)
    if match and "line" not in message:
        return f"line {match.group(1)}, column {match.group(2)}: {message}"
    return message


def format_answer(answer: Answer, fmt: str = "table") -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(answer.columns)
        writer.writerows(answer.rows)
        return buffer.getvalue()
    if fmt == "json":
        if answer.boolean is not None:
            return json.dumps({"head": {}, "boolean": answer.boolean}, indent=2) + "\n"
        bindings = [{c: {"type": "literal", "value": v} for c, v in zip(answer.columns, row) if v != ""}
                    for row in answer.rows]
        return json.dumps({"head": {"vars": list(answer.columns)}, "results": {"bindings": bindings}},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "table":
        return _table(answer)
    raise QueryError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _table(answer: Answer, max_width: int = 60) -> str:
    def cut(value: str) -> str:
        value = " ".join(value.split())
        return value if len(value) <= max_width else value[: max_width - 1] + "…"

    rows = [tuple(cut(v) for v in row) for row in answer.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(answer.columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(answer.columns, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
