"""Checks a SPARQL text before it reaches the engine: read-only, no network, not too deep.

kg's queries never call out and never change the graph. `SERVICE` would make Oxigraph fetch
from another endpoint, and `LOAD`, `INSERT`, `DROP`, … are updates; both are refused here with
a clear message. A query nested or chained thousands deep overflows the engine's stack (a
segfault, not an error, in Oxigraph 0.5), so its depth and length are bounded first.

The checks read tokens, not characters: text inside strings, IRIs and comments is skipped, so
`"LOAD"` or `<http://x/SERVICE>` or `# drop` are not mistaken for keywords.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import QueryError

MAX_DEPTH = 64  # brackets inside brackets; real queries stay under 15
MAX_OPERATORS = 2000  # operators, patterns and separators; Oxigraph overflows near 20 000 and
# takes minutes to plan a few thousand triple patterns long before that
MAX_CHARS = 1_000_000

UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_TOKEN = re.compile(r"""
    (?P<skip>\#[^\n]*                         # a comment
      | "{3}(?:[^"\\]|\\.|"(?!""))*"{3}         # long strings
      | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
      | "(?:[^"\\\n]|\\.)*"                     # strings
      | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>               # an IRI
      | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+   # a variable
      | \s+)
  | (?P<word>[^\W\d][\w.\-]*(?::[\w.\-:%]*)?  # a keyword, function or prefixed name
      | :[\w.\-:%]*)
  | (?P<number>\d[\w.]*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[{}()\[\]!+\-*/|^=<>;,.@])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

_OPEN, _CLOSE = "{([", "})]"
_COUNTED = frozenset({"&&", "||", "!=", "<=", ">=", "!", "+", "-", "*", "/", "|", "^", "=", "<", ">", "{",
                      ".", ";", ","})  # 20 000 triple patterns overflow the engine too
_COUNTED_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND"})


class Refused(QueryError):
    """A query kg will not run (an update, SERVICE): the endpoint answers 403, not 400."""


@dataclass(frozen=True)
class Shape:
    """What the guard learnt about a query: its form (SELECT, ASK, CONSTRUCT, DESCRIBE)."""

    form: str


def check(query: str, *, where: str = "<query>", max_depth: int = MAX_DEPTH,
          max_operators: int = MAX_OPERATORS, max_chars: int = MAX_CHARS) -> Shape:
    """Refuse updates, SERVICE and queries too long or too deep for the engine; return the form."""
    if len(query) > max_chars:
        raise QueryError(f"{where}: the query is {len(query):,} characters long; the limit is {max_chars:,}")
    depth = deepest = operators = 0
    form = ""
    line = 1
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "skip":
            line += text.count("\n")
            continue
        if kind == "word":
            upper = text.upper()
            if upper == "SERVICE":
                raise Refused(f"{where}: line {line}: SERVICE is refused: kg queries never call another "
                                 "endpoint (load the data into the graph instead)")
            if upper in UPDATE_WORDS:
                raise Refused(f"{where}: line {line}: {upper} is an update, and kg is read-only: only "
                                 "SELECT, ASK, CONSTRUCT and DESCRIBE queries are answered")
            if not form and upper in FORMS:
                form = upper
            if upper in _COUNTED_WORDS:
                operators += 1
        elif kind == "op":
            if text in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
                if deepest > max_depth:
                    raise QueryError(f"{where}: line {line}: the query is nested more than {max_depth} deep; "
                                     "kg refuses it rather than risk the engine's stack")
            elif text in _CLOSE:
                depth -= 1
            if text in _COUNTED:
                operators += 1
                if operators > max_operators:
                    raise QueryError(f"{where}: line {line}: the query has more than {max_operators} operators "
                                     "and patterns; kg refuses it rather than risk the engine's stack")
    return Shape(form=form or "SELECT")


def with_values(query: str, terms: dict[str, object]) -> str:
    """The query with `VALUES ?name { term }` opening its WHERE clause, for an endpoint that has
    no way to receive bindings (the SPARQL 1.1 Protocol has none).

    Each term is written by pyoxigraph in its N-Triples form (`<iri>`, `"text"` with quotes and
    backslashes escaped), so a value cannot end its own literal and change the query; a tuple of
    terms is one VALUES row each. The shipped
    queries use their parameters in the top-level WHERE clause, where this binding means the
    same as the engine's substitution (a test checks both give the same rows).
    """
    if not terms:
        return query
    form = check(query).form
    seen_where = False
    depth = 0
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and text.upper() == "WHERE" and depth == 0:
            seen_where = True
        elif kind == "op" and text in _OPEN:
            if text == "{" and depth == 0 and (seen_where or form != "CONSTRUCT"):
                block = " ".join(f"VALUES ?{name} {{ {_terms(term)} }}" for name, term in terms.items())
                return query[: match.end()] + " " + block + " " + query[match.end():]
            depth += 1
        elif kind == "op" and text in _CLOSE:
            depth -= 1
    raise QueryError("the query has no WHERE clause to bind its parameters in")


def _terms(term) -> str:
    """A term, or a tuple of terms (one VALUES row each), as pyoxigraph writes them."""
    return " ".join(str(t) for t in term) if isinstance(term, tuple) else str(term)
