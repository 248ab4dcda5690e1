"""`kg push`: load a graph into any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

PUT replaces the named graph (or the default graph), POST adds to it. The graph goes as
N-Triples written by pyoxigraph (a TriG or N-Quads file's named graphs are merged into the one
target graph). kg sends it to the URL the user gives, and nowhere else.
"""
from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from kg import query as q
from kg.errors import GraphError, QueryError
from kg.remote import post


def graph_triples(graph_path: Path) -> tuple[bytes, int]:
    """The graph file's triples (all its graphs together) as N-Triples, and how many."""
    store = q.open_store(graph_path)
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol URL: `?graph=IRI` for a named graph, `?default` otherwise."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise QueryError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")
    if graph_iri is not None:
        try:
            ox.NamedNode(graph_iri)
        except ValueError as exc:
            raise QueryError(f"--graph-iri {graph_iri!r}: not an IRI ({exc})") from None
        if not urllib.parse.urlsplit(graph_iri).scheme:
            raise QueryError(f"--graph-iri {graph_iri!r}: not an absolute IRI")
    extra = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def push(graph_path: Path, endpoint: str, *, graph_iri: str | None = None, merge: bool = False,
         timeout: float = 300.0) -> int:
    """Send the graph; return the number of triples sent."""
    url = target_url(endpoint, graph_iri)
    data, count = graph_triples(Path(graph_path))
    if not count:
        raise GraphError(f"{graph_path}: the graph is empty; nothing pushed")
    post(url, data, {"Content-Type": "application/n-triples"}, timeout=timeout, where=str(graph_path),
         method="POST" if merge else "PUT")
    return count
