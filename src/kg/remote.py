"""A SPARQL 1.1 Protocol endpoint as a query target: `kg query --endpoint URL`.

The query goes out as an HTTP POST (`application/x-www-form-urlencoded`, `query=`), the answer
comes back as SPARQL TSV (or N-Triples for CONSTRUCT and DESCRIBE) and is written by the same
code as a local answer, so the output is the same. Parameters are bound with a VALUES block
made of terms pyoxigraph wrote (the protocol has no bindings). kg calls no address but the
one the user gives.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from kg import guard, library
from kg import query as q
from kg.errors import QueryError

MAX_BYTES = 256 * 1024 * 1024
_ACCEPT = {"SELECT": "text/tab-separated-values", "ASK": "application/sparql-results+json",
           "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}


class Endpoint:
    """A remote SPARQL endpoint, asked over HTTP; `default_graph` limits it to one graph."""

    def __init__(self, url: str, *, default_graph: str | None = None, timeout: float = q.TIMEOUT):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise QueryError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        self.url, self.default_graph, self.timeout = url, default_graph, timeout

    def query(self, text: str, *, where: str = "<query>", params: dict | None = None,
              max_rows: int = q.MAX_ROWS) -> q.Answer:
        form = guard.check(text, where=where).form
        text = guard.with_values(text, library.with_lookups(text, params or {}))
        # kg's default prefixes, declared on the first line (a later declaration wins)
        text = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in q.PREFIXES.items()) + " " + text
        fields = [("query", text)]
        if self.default_graph:
            fields.append(("default-graph-uri", self.default_graph))
        body = post(self.url, urllib.parse.urlencode(fields).encode("utf-8"),
                    {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT[form]},
                    timeout=self.timeout, where=where)
        try:
            if form == "ASK":
                import pyoxigraph as ox

                return q.answer_from(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
            answer = q.from_tsv(body) if form == "SELECT" else q.from_ntriples(body)
            rows = len(answer.rows)  # read here: a SELECT answer's rows are read when first asked for
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"{self.url}: the endpoint's answer cannot be read: {q._one_line(exc)}") from None
        if rows > max_rows:
            raise QueryError(q.too_many(where, max_rows))
        return answer

    def actor_names(self):
        from kg.params import ACTOR_NAMES

        return self.query(ACTOR_NAMES, where="actor names").rows

    def actors_named(self, name: str):
        import pyoxigraph as ox

        from kg.params import ACTORS_NAMED

        return self.query(ACTORS_NAMED, where="actor names", params={"name": ox.Literal(name)}).rows


def post(url: str, data: bytes, headers: dict, *, timeout: float, where: str, method: str = "POST") -> bytes:
    """Send one request; the response body, or a one-line QueryError naming the URL and status."""
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(500).decode("utf-8", "replace").split())
        raise QueryError(f"{url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{url}: cannot reach the endpoint: {reason}") from None
    if len(body) > MAX_BYTES:
        raise QueryError(f"{url}: the answer is larger than {MAX_BYTES // 2**20} MiB")
    return body
