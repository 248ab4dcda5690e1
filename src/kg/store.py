"""An on-disk store for `kg build --store DIR`: the graph in Oxigraph, the bookkeeping beside it.

DIR is an Oxigraph store (what `kg query --store` and `kg serve --store` open) plus one SQLite
file, `kg-store.sqlite` (kg.registry: settings, article hashes, the actor registry), which
marks the folder as kg's. The RDF holds only the graph, in named graphs under `<base>graph/`:

    <base>graph/<sha256 of the article>   the article's record and its claims
    <base>graph/actors                     one record per actor (types, label, aliases)
    <base>graph/relations                  the direct actor-to-actor triples of every article
    <base>graph/builds                     the build record the claims point to

Their union is the graph `kg build` writes to graph.ttl. One article is written in one
Oxigraph transaction (one SPARQL update: its graph dropped and written again, its actors'
records replaced, its relations added or taken back), so a killed build leaves whole articles.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import GraphError, KgError
from kg.iri import normalise_base
from kg.registry import FILE, Registry

GRAPHS = ("actors", "relations", "builds")


class StoreError(KgError):
    """A folder that cannot be used as a kg store."""


def graph_iri(base: str, name: str) -> str:
    """The IRI of a named graph of the store: `<base>graph/<name>`."""
    return f"{normalise_base(base)}graph/{name}"


def is_store(directory: Path) -> bool:
    return (directory / FILE).is_file()


def check_folder(directory: Path) -> None:
    """Refuse what is not a kg store nor a place for a new one (a file, a foreign folder)."""
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"{directory}: not a folder; --store needs a folder (new, empty, or a kg store)")
    if directory.is_dir() and not is_store(directory) and any(directory.iterdir()):
        raise StoreError(f"{directory}: not a kg store (no {FILE} in it) and not empty; "
                         f"give a new or empty folder, or a folder `kg build --store` made")


def open_registry(directory: Path, *, read_only: bool = False) -> Registry:
    if read_only and not is_store(directory):
        raise StoreError(f"{directory}: not a kg store (no {FILE}); build one with `kg build --store {directory}`")
    directory.mkdir(parents=True, exist_ok=True)
    return Registry(directory / FILE, read_only=read_only)


def open_rdf(directory: Path) -> ox.Store:
    """The Oxigraph store of DIR, for writing (one writer at a time)."""
    try:
        return ox.Store(str(directory))
    except OSError as exc:
        message = " ".join(str(exc).split())
        if "lock" in message.lower():
            raise StoreError(f"{directory}: another kg build (or a program) is writing this store") from None
        raise StoreError(f"{directory}: cannot open as an Oxigraph store: {message[:200]}") from None


# --- writing ----------------------------------------------------------------------------

def term(node) -> str:
    """An rdflib term in SPARQL's N-Triples form (escaped by Oxigraph, so any text is safe)."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        if node.datatype:
            return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
        return str(ox.Literal(str(node)))
    if isinstance(node, BNode):
        raise GraphError("kg's graphs have no blank nodes")
    raise GraphError(f"not an RDF term: {node!r}")


def _block(graph: str, triples: Iterable) -> str:
    lines = " ".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples)
    return f"GRAPH <{graph}> {{ {lines} }}" if lines else ""


def write(store: ox.Store, *, drop: Iterable[str] = (), clear_subjects: dict[str, Iterable[URIRef]] | None = None,
          delete: dict[str, Iterable] | None = None, insert: dict[str, Iterable] | None = None) -> None:
    """In one transaction: drop the graphs `drop`, remove every triple of each subject in
    `clear_subjects[graph]`, delete the triples `delete[graph]`, insert `insert[graph]`."""
    parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    for g, subjects in (clear_subjects or {}).items():
        parts += [f"DELETE WHERE {{ GRAPH <{g}> {{ {term(s)} ?p ?o }} }}" for s in subjects]
    gone = " ".join(b for g, triples in (delete or {}).items() if (b := _block(g, triples)))
    if gone:
        parts.append(f"DELETE DATA {{ {gone} }}")
    new = " ".join(b for g, triples in (insert or {}).items() if (b := _block(g, triples)))
    if new:
        parts.append(f"INSERT DATA {{ {new} }}")
    if parts:
        store.update(" ;\n".join(parts))


# --- reading ----------------------------------------------------------------------------

def open_read_only(directory: Path) -> ox.Store:
    """The store opened read-only, as `kg query --store` opens it (kg.query.open_disk_store)."""
    from kg.query import open_disk_store

    return open_disk_store(directory)


def quads(directory: Path) -> Iterator[ox.Quad]:
    """Every quad of the store, graph by graph (streamed: nothing held but the cursor)."""
    yield from open_read_only(directory).quads_for_pattern(None, None, None, None)


def union_graph(directory: Path) -> Graph:
    """The union of the store's graphs as an rdflib Graph with kg's prefixes: what graph.ttl
    would hold (for export, view, stats and validate)."""
    from kg.graph import KgGraph, bind_prefixes

    directory = Path(directory)
    registry = open_registry(directory, read_only=True)
    try:
        base = registry.settings().get("base")
    finally:
        registry.close()
    store = open_read_only(directory)
    answer = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    data = answer.serialize(format=ox.RdfFormat.N_TRIPLES)
    graph = KgGraph()
    if base:
        bind_prefixes(graph, base)
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def load_graph(graph_path: Path, store_dir: Path | None) -> Graph:
    """The graph a reading command works on: the store's union with --store, else the file."""
    if store_dir is not None:
        return union_graph(store_dir)
    from kg.export import load_graph as load_file

    return load_file(graph_path)
