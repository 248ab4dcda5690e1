"""kg.turtle: the fast Turtle writer gives rdflib's bytes exactly, on kg's graphs and on graphs
it hands back to rdflib (blank nodes, objects whose order a sort cannot settle)."""
from __future__ import annotations

import io

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.export import SafeTurtleSerializer
from kg.turtle import FastTurtleSerializer
from test_export import awkward_graph
from test_graph import sample_graph

EX = Namespace("http://example.org/")


def both(graph: Graph) -> tuple[bytes, bytes]:
    """(rdflib's safe writer, the fast writer) on `graph`."""
    slow, fast = io.BytesIO(), io.BytesIO()
    SafeTurtleSerializer(graph).serialize(slow)
    FastTurtleSerializer(graph).serialize(fast)
    return slow.getvalue(), fast.getvalue()


@pytest.mark.parametrize("make", [sample_graph, awkward_graph])
def test_kg_graphs_are_written_byte_for_byte_as_rdflib_writes_them(make) -> None:
    slow, fast = both(make())
    assert fast == slow
    assert b"@prefix actor:" in fast and b"kg:Claim" in fast


def test_the_graph_serialize_of_a_build_uses_the_fast_writer() -> None:
    graph = sample_graph()
    slow, _ = both(graph)
    assert graph.serialize(format="turtle", encoding="utf-8") == slow


def test_names_without_a_prefix_several_objects_and_odd_literals() -> None:
    g = Graph()
    g.bind("ex", EX)
    s = EX["s"]
    g.add((s, RDF.type, EX.B))
    g.add((s, RDF.type, EX.A))
    g.add((s, RDFS.label, Literal("z")))
    g.add((s, RDFS.label, Literal("a")))
    g.add((s, URIRef("http://unbound.example/ns#p"), Literal("x", lang="en")))  # a generated prefix
    g.add((s, EX.p, URIRef("http://other.example/thing.")))  # no prefixed name: <…>
    g.add((s, EX.p, EX["t"]))
    g.add((s, EX.q, Literal("multi\nline \\\"")))
    g.add((EX["t"], EX.q, Literal(5)))
    slow, fast = both(g)
    assert fast == slow


def test_objects_that_sort_alike_keep_rdflibs_order() -> None:
    g = Graph()
    g.bind("ex", EX)
    for lexical in ("1.0", "1.00", "1"):  # equal values: sorting ties, the store's order decides
        g.add((EX.s, EX.value, Literal(lexical, datatype=XSD.decimal)))
    g.add((EX.s, EX.name, Literal("x")))
    g.add((EX.s, EX.name, Literal("x", datatype=XSD.string)))
    slow, fast = both(g)
    assert fast == slow


def test_blank_nodes_go_to_rdflibs_writer() -> None:
    g = Graph()
    g.bind("ex", EX)
    node = BNode()
    g.add((EX.s, EX.p, node))
    g.add((node, EX.q, Literal("inner")))
    slow, fast = both(g)
    assert fast == slow
    assert b"[" in fast  # written inline, as rdflib does


@pytest.mark.model
def test_the_seeds_graph_is_written_as_rdflib_writes_it(seeds_build) -> None:
    out, _ = seeds_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    slow, fast = both(graph)
    assert fast == slow
    assert fast == (out / "graph.ttl").read_bytes()
