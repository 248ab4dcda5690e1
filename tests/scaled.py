"""A graph k times the size of a kg graph: k copies of it, each with its own articles, claims and actors.

Copy 0 is the graph itself; copy i renames every article, claim and actor IRI (suffix `-i`),
each article id and each actor name (suffix ` i`), so the copies share no node but the
vocabulary and the build record: k corpora like the original, side by side. Per-node fan-out
stays what it was, so a query's work on k copies is k times its work on one unless it is
worse than linear. Used by tests/test_scale.py and the bench/ scripts.

    text = scaled_ntriples(Path("out/graph.ttl"), 32)     # N-Triples, 32 x the triples
    store = scaled_store(Path("out/graph.ttl"), 32)       # the same, in an Oxigraph store
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

KG = "https://kg.example.org/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ACTOR_TYPES = {KG + "Actor", KG + "Person", KG + "Organisation", KG + "Polity", KG + "Group"}
RENAMED_TEXT = {KG + "articleId", RDFS_LABEL, SKOS + "prefLabel", SKOS + "altLabel"}
IRI_MARK, TEXT_MARK = "\u2983copy\u2984", "\u2985copy\u2986"  # printable: N-Triples leaves them as they are
ROOT = Path(__file__).resolve().parents[1]


def template(graph: Path, actors: bool = True) -> str:
    """The graph as N-Triples, with a mark where each copy's suffix goes (not on actors if not `actors`)."""
    triples = [q.triple for q in ox.parse(path=str(graph), format=_format(graph))]
    types = {KG + "Article", KG + "Claim"} | (ACTOR_TYPES if actors else set())
    renamed = {t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value in types}

    def term(node) -> str:
        if isinstance(node, ox.NamedNode) and node in renamed:
            return f"<{node.value}{IRI_MARK}>"
        return str(node)

    lines = []
    if any(mark in str(t) for t in triples for mark in (IRI_MARK, TEXT_MARK)):
        raise ValueError(f"{graph}: the graph holds the copy marks; it cannot be scaled")
    for t in triples:
        obj = term(t.object)
        if t.predicate.value in RENAMED_TEXT and t.subject in renamed and isinstance(t.object, ox.Literal):
            obj = str(ox.Literal(t.object.value + TEXT_MARK, datatype=t.object.datatype))
        lines.append(f"{term(t.subject)} {t.predicate} {obj} .\n")
    return "".join(lines)


def scaled_ntriples(graph: Path, copies: int, actors: bool = True) -> str:
    """`copies` copies of the graph in `graph`, as one N-Triples text. With `actors=False` the
    copies share the actors (only articles and claims are new): one corpus k times as long,
    where every actor's claims grow k-fold."""
    marked = template(graph, actors)
    parts = [marked.replace(IRI_MARK, "").replace(TEXT_MARK, "")]
    # the triples the copies share (the build record; the actors, when shared) are written once
    own = "".join(line for line in marked.splitlines(keepends=True) if IRI_MARK in line or TEXT_MARK in line)
    for i in range(1, copies):
        parts.append(own.replace(IRI_MARK, f"-{i}").replace(TEXT_MARK, f" {i}"))
    return "".join(parts)


def scaled_store(graph: Path, copies: int, actors: bool = True) -> ox.Store:
    """`copies` copies of the graph in `graph`, loaded into an in-memory Oxigraph store."""
    store = ox.Store()
    store.bulk_load(scaled_ntriples(graph, copies, actors).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def write_scaled(graph: Path, copies: int, out: Path, actors: bool = True) -> Path:
    """`copies` copies of the graph in `graph`, written to `out` (N-Triples)."""
    out.write_text(scaled_ntriples(graph, copies, actors), encoding="utf-8")
    return out


def copies_for(graph: Path, triples: int) -> int:
    """How many copies of `graph` make about `triples` triples (at least 1)."""
    size = sum(1 for _ in ox.parse(path=str(graph), format=_format(graph)))
    return max(1, round(triples / size))


def seeds_graph(out: Path) -> Path:
    """`kg build seeds/ --out OUT` (a real build with the spaCy model), and its graph.ttl."""
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "seeds"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"kg build seeds failed:\n{done.stderr}")
    return out / "graph.ttl"


def _format(path: Path) -> ox.RdfFormat:
    return {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}.get(
        path.suffix.lower(), ox.RdfFormat.TURTLE)
