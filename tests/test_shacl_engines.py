"""The two validation engines agree: kg.shacl's SPARQL queries on Oxigraph report what pyshacl reports.

Every broken graph of test_shacl.py, and one more per constraint kind the shapes use that those
do not reach, is validated by both; the reports (focus node, path, message, value, one line
each) must be equal. pyshacl is slow, so the graphs are small (test_graph.sample_graph).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS, XSD

from kg import shacl
from kg.cli import cli
from kg.errors import GraphError
from kg.validate import validate, validate_file
from kg.vocab import KG
from test_graph import sample_graph
from test_shacl import (A1, BROKEN, GUAIDO, MADURO, US, _a_claim, _altlabel_not_a_string, _bad_sha256, _build,
                        _build_without_software, _confidence_too_high, _copy, _direct_triple_without_claim,
                        _drop_label, _two_kg_types)


def _blank_actor(g: Graph) -> None:  # sh:nodeKind sh:IRI on a node shape
    actor = BNode()
    g.add((actor, RDF.type, KG.Actor))
    g.add((actor, RDF.type, KG.Person))
    g.add((actor, RDFS.label, Literal("Nobody")))


def _literal_target(g: Graph) -> None:  # sh:nodeKind and sh:class on a property shape
    g.add((US, KG.supports, Literal("Guaido")))


def _empty_trigger(g: Graph) -> None:  # sh:minLength
    g.set((_a_claim(g), KG.trigger, Literal("")))


def _ill_formed_integer(g: Graph) -> None:  # sh:datatype: the right datatype, but not an integer
    g.set((A1, URIRef("https://schema.org/wordCount"), Literal("many", datatype=XSD.integer)))


def _language_label(g: Graph) -> None:  # sh:datatype xsd:string refuses a language-tagged string
    g.set((GUAIDO, RDFS.label, Literal("Juan Guaidó", lang="es")))


def _unknown_false(g: Graph) -> None:  # sh:hasValue inside sh:xone
    claim = _a_claim(g)
    g.remove((claim, RDF.object, None))
    g.add((claim, KG.objectUnknown, Literal(False)))


def _object_and_unknown(g: Graph) -> None:  # sh:xone: both members hold
    g.add((_a_claim(g), KG.objectUnknown, Literal(True)))


def _two_pref_labels(g: Graph) -> None:  # sh:maxCount on an optional property
    g.add((MADURO, SKOS.prefLabel, Literal("Nicolás Maduro")))
    g.add((MADURO, SKOS.prefLabel, Literal("Maduro")))


def _negative_words(g: Graph) -> None:  # sh:minInclusive on an integer
    g.set((A1, URIRef("https://schema.org/wordCount"), Literal(-3)))


def _build_model_empty(g: Graph) -> None:  # sh:minLength on a build
    g.set((_build(g), KG.model, Literal("")))


def _many_at_once(g: Graph) -> None:
    for breaks in (_drop_label, _two_kg_types, _confidence_too_high, _bad_sha256, _direct_triple_without_claim,
                   _altlabel_not_a_string, _build_without_software):
        breaks(g)


MORE: list[tuple[str, Callable[[Graph], None]]] = [
    ("blank-node actor", _blank_actor), ("literal as a relation's object", _literal_target),
    ("empty trigger", _empty_trigger), ("ill-formed integer", _ill_formed_integer),
    ("language-tagged label", _language_label), ("objectUnknown false", _unknown_false),
    ("object and objectUnknown", _object_and_unknown), ("two prefLabels", _two_pref_labels),
    ("negative word count", _negative_words), ("empty build model", _build_model_empty),
    ("many breaks at once", _many_at_once),
]
CASES = [(name, breaks) for name, breaks, _ in BROKEN] + MORE


def _lines(report) -> tuple[bool, list[str]]:
    """A report with blank node labels blanked (each engine's store labels them its own way)."""
    return report.conforms, sorted(re.sub(r"_:\w+", "_:b", line) for line in report.violations)


@pytest.mark.parametrize("name, breaks", CASES, ids=[c[0] for c in CASES])
def test_both_engines_give_the_same_report(name, breaks):
    graph = _copy(sample_graph())
    breaks(graph)
    reference = validate(graph, engine="pyshacl")
    assert not reference.conforms, f"{name}: the broken graph should not conform"
    assert _lines(validate(graph, engine="sparql")) == _lines(reference)


def test_an_ill_formed_bound_fails_sh_less_than_or_equals_in_the_sparql_engine_only():
    """The one known difference. SHACL: a pair whose comparison "cannot be made" is a violation;
    pyshacl compares 162 <= "twelve"^^xsd:integer with rdflib, which answers NotImplemented,
    and takes that for true. Every other line is the same."""
    graph = _copy(sample_graph())
    claim = _a_claim(graph)
    graph.set((claim, KG.sentenceEnd, Literal("twelve", datatype=XSD.integer)))
    _, reference = _lines(validate(graph, engine="pyshacl"))
    _, sparql = _lines(validate(graph, engine="sparql"))
    extra = [line for line in sparql if line not in reference]
    assert len(extra) == 1 and "kg:sentenceStart: a claim has one integer kg:sentenceStart >= 0 and <= its" in extra[0]
    assert sorted(line for line in sparql if line != extra[0]) == reference
    assert any('[value "twelve"^^xsd:integer]' in line for line in reference)


def test_both_engines_pass_the_seeds_graph(seeds_build):
    out, _ = seeds_build
    for engine in ("sparql", "pyshacl"):
        report = validate_file(out / "graph.ttl", engine)
        assert report.conforms and report.text() == "conforms\n", (engine, report.text())


def test_a_quad_file_is_validated_as_the_union_of_its_graphs(tmp_path):
    from rdflib import Dataset

    graph = _copy(sample_graph())
    _two_pref_labels(graph)
    data = Dataset()
    for i, triple in enumerate(graph):  # spread over two named graphs, one triple in both
        data.graph(URIRef(f"urn:g{i % 2}")).add(triple)
    data.graph(URIRef("urn:g0")).add((MADURO, RDFS.label, Literal("Nicolas Maduro")))
    data.graph(URIRef("urn:g1")).add((MADURO, RDFS.label, Literal("Nicolas Maduro")))
    path = tmp_path / "graph.trig"
    path.write_bytes(data.serialize(format="trig", encoding="utf-8"))
    sparql, reference = validate_file(path, "sparql"), validate_file(path, "pyshacl")
    assert sparql == reference
    assert [line for line in sparql.violations if "prefLabel" in line]


def test_the_cli_engines_print_the_same_lines(tmp_path):
    graph = _copy(sample_graph())
    _many_at_once(graph)
    path = tmp_path / "bad.ttl"
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    runner = CliRunner()
    fast = runner.invoke(cli, ["validate", "--graph", str(path)])
    slow = runner.invoke(cli, ["validate", "--graph", str(path), "--engine", "pyshacl"])
    assert fast.exit_code == slow.exit_code == 1
    assert fast.output == slow.output
    assert fast.output.splitlines()[-1].startswith("does not conform: ")
    bad = runner.invoke(cli, ["validate", "--graph", str(path), "--engine", "jena"])
    assert bad.exit_code == 2 and "jena" in bad.output


def test_a_constraint_the_compiler_does_not_know_is_an_error_not_skipped():
    shapes = Graph()
    shape = URIRef("urn:shape")
    prop = BNode()
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, KG.Actor))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, RDFS.label))
    shapes.add((prop, SH.uniqueLang, Literal(True)))
    with pytest.raises(GraphError, match=r"^shapes.ttl: shape .*constraint <http://www.w3.org/ns/shacl#uniqueLang>.*--engine pyshacl"):
        shacl.Compiler(shapes, {}).checks()
