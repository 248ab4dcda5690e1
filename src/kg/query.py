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
_QueryBoolean = getattr(ox, "QueryBoolean", bool)
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
    """The answer to a SELECT (columns, rows of plain strings) or an ASK (boolean).

    `terms` holds the same rows as Oxigraph terms (None where unbound), so the JSON output
    can say which values are IRIs, blank nodes or typed literals; it is empty for ASK.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    boolean: bool | None = None
    terms: tuple[tuple[object, ...], ...] = ()


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
    """The names of the queries in `queries/` (file stems), sorted."""
    folder = queries_dir()
    return sorted(p.stem for p in folder.glob("*.rq")) if folder else []


def resolve_query(name_or_path: str) -> tuple[str, str]:
    """Return (where, text) for a query given as a path or as a name in `queries/`."""
    path = Path(name_or_path)
    if path.is_file():
        return str(path), _read_query(path)
    folder = queries_dir()
    if folder:
        stem = name_or_path[:-3] if name_or_path.endswith(".rq") else name_or_path
        candidate = folder / f"{stem}.rq"
        if candidate.is_file():
            return str(candidate), _read_query(candidate)
    names = ", ".join(available_queries()) or "none found"
    raise QueryError(f"{name_or_path}: no such query file or named query (named queries: {names})")


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}); save the query as UTF-8") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read: {exc.strerror or exc}") from None


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
        raise QueryError(f"{where}: SPARQL syntax error at {_syntax_position(query, exc)}") from None
    except (ValueError, OSError) as exc:
        raise QueryError(f"{where}: query failed: {_one_line(exc)}") from None
    if isinstance(result, (bool, _QueryBoolean)):  # Oxigraph 0.5 answers ASK with a QueryBoolean
        result = bool(result)
        return Answer(columns=("ask",), rows=((str(result).lower(),),), boolean=result)
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(v.value for v in result.variables)
        terms = tuple(tuple(solution[c] for c in columns) for solution in result)
    else:
        columns = ("subject", "predicate", "object")
        terms = tuple((t.subject, t.predicate, t.object) for t in result)
    rows = tuple(tuple(_plain(term) for term in row) for row in terms)
    return Answer(columns=columns, rows=rows, terms=terms)


def _plain(term) -> str:
    """A term as SPARQL CSV results write it: IRI and literal values bare, blank nodes `_:id`."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {term} >>"
    return term.value


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term) -> dict:
    """A term as a SPARQL 1.1 JSON results binding (https://www.w3.org/TR/sparql11-results-json/)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            binding["datatype"] = term.datatype.value
        return binding
    if isinstance(term, ox.Triple):  # SPARQL-star
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


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


def format_answer(answer: Answer, fmt: str = "table") -> str:
    """The answer as text: an aligned table, SPARQL 1.1 CSV results, or SPARQL 1.1 JSON results."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(answer.columns)
        writer.writerows(answer.rows)
        return buffer.getvalue()
    if fmt == "json":
        if answer.boolean is not None:
            return json.dumps({"head": {}, "boolean": answer.boolean}, indent=2) + "\n"
        if answer.terms:
            bindings = [{c: _json_term(t) for c, t in zip(answer.columns, row) if t is not None}
                        for row in answer.terms]
        else:  # an Answer made by hand, without terms: every value is a literal
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
