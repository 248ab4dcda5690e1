"""data/shapes.ttl and `kg validate`: kg's graphs conform, broken graphs do not."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.namespace import XSD as _XSD

from kg.cli import cli
from kg.errors import GraphError
from kg.iri import mint
from kg.validate import check, shapes, validate, validate_file
from kg.vocab import KG, SCHEMA, VOCAB_IRI
from test_graph import sample_graph

XSD_DECIMAL, XSD_INTEGER, XSD_DATE = _XSD.decimal, _XSD.integer, _XSD.date
del _XSD

MADURO = mint("actor", "nicolas-maduro")
GUAIDO = mint("actor", "juan-guaido")
US = mint("actor", "united-states")
A1 = mint("article", "a1")


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, replace=True)
    for triple in graph:
        copy.add(triple)
    return copy


def _a_claim(graph: Graph, relation: URIRef = KG.condemns) -> URIRef:
    return next(c for c in graph.subjects(RDF.predicate, relation) if (c, RDF.type, KG.Claim) in graph)


def _us_claim(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.subject, US))[0]


def test_the_shapes_parse() -> None:
    assert len(shapes()) > 50


def test_a_graph_built_from_records_conforms() -> None:
    report = validate(sample_graph())
    assert report.conforms, report.text()
    assert report.violations == ()
    assert report.text() == "conforms\n"


def test_a_graph_with_another_base_conforms() -> None:
    assert validate(sample_graph("http://data.example.com/kg#")).conforms


def test_a_graph_without_a_build_record_conforms() -> None:
    assert validate(sample_graph(build=None)).conforms  # graphs written before builds were recorded


def _drop_label(g: Graph) -> None:
    g.remove((MADURO, RDFS.label, None))


def _two_labels(g: Graph) -> None:
    g.add((MADURO, RDFS.label, Literal("Maduro Moros")))


def _no_kg_type(g: Graph) -> None:
    g.remove((MADURO, RDF.type, KG.Person))


def _two_kg_types(g: Graph) -> None:
    g.add((MADURO, RDF.type, KG.Polity))


def _confidence_too_high(g: Graph) -> None:
    g.set((_a_claim(g), KG.confidence, Literal("1.5", datatype=XSD_DECIMAL)))


def _confidence_a_string(g: Graph) -> None:
    g.set((_a_claim(g), KG.confidence, Literal("high")))


def _unknown_predicate(g: Graph) -> None:
    g.set((_a_claim(g), RDF.predicate, URIRef(VOCAB_IRI + "likes")))


def _no_article(g: Graph) -> None:
    claim = _a_claim(g)
    g.remove((claim, KG.article, None))
    g.remove((claim, PROV.wasDerivedFrom, None))


def _subject_not_an_actor(g: Graph) -> None:
    g.set((_a_claim(g), RDF.subject, mint("actor", "nobody")))


def _start_after_end(g: Graph) -> None:
    g.set((_a_claim(g), KG.sentenceStart, Literal(10_000, datatype=XSD_INTEGER)))


def _offset_not_an_integer(g: Graph) -> None:
    g.set((_a_claim(g), KG.triggerStart, Literal("12")))


def _trigger_outside_sentence(g: Graph) -> None:
    claim = _a_claim(g)
    g.set((claim, KG.triggerStart, Literal(0, datatype=XSD_INTEGER)))
    g.set((claim, KG.triggerEnd, Literal(1, datatype=XSD_INTEGER)))


def _no_rule(g: Graph) -> None:
    g.remove((_a_claim(g), KG.rule, None))


def _neither_object_nor_unknown(g: Graph) -> None:
    claim = _a_claim(g)
    g.remove((claim, RDF.object, None))


def _direct_triple_without_claim(g: Graph) -> None:
    g.add((MADURO, KG.supports, US))


def _claim_without_direct_triple(g: Graph) -> None:
    g.remove((MADURO, KG.condemns, None))
    g.remove((mint("actor", "european-union"), KG.condemns, MADURO))


def _bad_sha256(g: Graph) -> None:
    g.set((A1, KG.sha256, Literal("not-a-hash")))


def _no_word_count(g: Graph) -> None:
    g.remove((A1, SCHEMA.wordCount, None))


def _no_article_id(g: Graph) -> None:
    g.remove((A1, KG.articleId, None))


def _date_mismatch(g: Graph) -> None:
    g.set((A1, SCHEMA.datePublished, Literal("2019-01-01", datatype=XSD_DATE)))


def _altlabel_not_a_string(g: Graph) -> None:
    g.add((GUAIDO, SKOS.altLabel, URIRef("http://example.org/guaido")))


def _build(g: Graph) -> URIRef:
    return next(iter(g.subjects(RDF.type, KG.Build)))


def _generated_by_a_non_build(g: Graph) -> None:
    g.set((_a_claim(g), PROV.wasGeneratedBy, A1))  # an article is no kg:Build


def _generated_by_two_builds(g: Graph) -> None:
    other = mint("build", "other")
    for triple in list(g.triples((_build(g), None, None))):
        g.add((other, *triple[1:]))
    g.add((_a_claim(g), PROV.wasGeneratedBy, other))


def _build_without_software(g: Graph) -> None:
    g.remove((_build(g), KG.software, None))


def _build_with_two_models(g: Graph) -> None:
    g.add((_build(g), KG.model, Literal("en_core_web_trf-3.8.0")))


def _build_rules_hash_not_hex(g: Graph) -> None:
    g.set((_build(g), KG.rulesSha256, Literal("F68CCE")))


def _build_without_gazetteer_hash(g: Graph) -> None:
    g.remove((_build(g), KG.gazetteerSha256, None))


def _claim_count_off(g: Graph) -> None:
    g.set((A1, KG.claimCount, Literal(int(g.value(A1, KG.claimCount)) + 1, datatype=XSD_INTEGER)))


def _a_claim_moved_to_another_article(g: Graph) -> None:
    g.set((_a_claim(g), KG.article, mint("article", "a2")))  # a1's counts now say one claim too many


def _actor_count_not_an_integer(g: Graph) -> None:
    g.set((A1, KG.actorCount, Literal("3")))


def _country_not_a_string(g: Graph) -> None:
    g.add((MADURO, KG.countryNamed, URIRef("http://example.org/venezuela")))


BROKEN: list[tuple[str, Callable[[Graph], None], str]] = [
    ("missing label", _drop_label, "actor:nicolas-maduro rdfs:label: an actor has exactly one rdfs:label"),
    ("two labels", _two_labels, "actor:nicolas-maduro rdfs:label: an actor has exactly one rdfs:label"),
    ("no kg type", _no_kg_type, "actor:nicolas-maduro rdf:type: an actor has exactly one kg type"),
    ("two kg types", _two_kg_types, "actor:nicolas-maduro rdf:type: an actor has exactly one kg type"),
    ("confidence 1.5", _confidence_too_high, "kg:confidence: a claim has exactly one kg:confidence, an xsd:decimal in [0, 1] [value \"1.5\"^^xsd:decimal]"),
    ("confidence a string", _confidence_a_string, "kg:confidence: a claim has exactly one kg:confidence"),
    ("predicate not one of the four", _unknown_predicate, "rdf:predicate: a claim has exactly one rdf:predicate, one of"),
    ("claim without article", _no_article, "kg:article: a claim has exactly one kg:article, a kg:Article"),
    ("subject not an actor", _subject_not_an_actor, "rdf:subject: a claim has exactly one rdf:subject, a kg:Actor"),
    ("sentence start after end", _start_after_end, "kg:sentenceStart: a claim has one integer kg:sentenceStart >= 0 and <= its kg:sentenceEnd"),
    ("offset not an integer", _offset_not_an_integer, "kg:triggerStart: a claim has one integer kg:triggerStart"),
    ("trigger outside sentence", _trigger_outside_sentence, "lies outside its sentence"),
    ("no rule", _no_rule, "kg:rule: a claim has exactly one non-empty kg:rule"),
    ("neither object nor objectUnknown", _neither_object_nor_unknown, "a claim has either an rdf:object or kg:objectUnknown true"),
    ("direct triple without claim", _direct_triple_without_claim, "has no kg:Claim as evidence"),
    ("claim without direct triple", _claim_without_direct_triple, "claim has an rdf:object but no direct triple"),
    ("sha256 not 64 hex", _bad_sha256, "kg:sha256: an article has exactly one kg:sha256: 64 lower-case hex digits"),
    ("no word count", _no_word_count, "schema:wordCount: an article has exactly one schema:wordCount"),
    ("no article id", _no_article_id, "kg:articleId: an article has exactly one non-empty kg:articleId"),
    ("article date differs", _date_mismatch, "differs from the article's schema:datePublished"),
    ("claim count off", _claim_count_off, "has kg:claimCount 5, but 4 kg:Claim name it as their kg:article"),
    ("claim moved to another article", _a_claim_moved_to_another_article, "has kg:claimCount 4, but 3 kg:Claim name it"),
    ("actor count not an integer", _actor_count_not_an_integer,
     "kg:actorCount: an article has at most one kg:actorCount, an integer >= 0"),
    ("country not a string", _country_not_a_string, "kg:countryNamed: an actor's kg:countryNamed is a plain string"),
    ("alias not a string", _altlabel_not_a_string, "skos:altLabel: an actor's skos:altLabel is a plain string"),
    ("claim generated by a non-build", _generated_by_a_non_build,
     "prov:wasGeneratedBy: a claim has at most one prov:wasGeneratedBy, a kg:Build"),
    ("claim generated by two builds", _generated_by_two_builds,
     "prov:wasGeneratedBy: a claim has at most one prov:wasGeneratedBy, a kg:Build"),
    ("build without software", _build_without_software, "kg:software: a build has exactly one non-empty kg:software"),
    ("build with two models", _build_with_two_models, "kg:model: a build has exactly one non-empty kg:model"),
    ("rules hash not 64 hex", _build_rules_hash_not_hex,
     "kg:rulesSha256: a build has exactly one kg:rulesSha256: 64 lower-case hex digits"),
    ("build without gazetteer hash", _build_without_gazetteer_hash,
     "kg:gazetteerSha256: a build has exactly one kg:gazetteerSha256: 64 lower-case hex digits"),
]


@pytest.mark.parametrize("name, breaks, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_graph_does_not_conform(name: str, breaks: Callable[[Graph], None], expected: str) -> None:
    graph = _copy(sample_graph())
    breaks(graph)
    report = validate(graph)
    assert not report.conforms, name
    assert any(expected in line for line in report.violations), "\n".join(report.violations)
    assert all("\n" not in line for line in report.violations)
    assert report.text().endswith(f"does not conform: {len(report.violations)} violation"
                                  f"{'s' if len(report.violations) != 1 else ''}\n")


def test_check_raises_a_one_line_graph_error() -> None:
    graph = _copy(sample_graph())
    _drop_label(graph)
    with pytest.raises(GraphError, match=r"^out/graph.ttl: does not conform to kg's shapes: .*rdfs:label"):
        check(graph, "out/graph.ttl")
    check(sample_graph())  # a conforming graph passes silently


def test_validate_file_and_the_cli(tmp_path) -> None:
    good = tmp_path / "good.ttl"
    good.write_bytes(sample_graph().serialize(format="turtle", encoding="utf-8"))
    assert validate_file(good).conforms
    runner = CliRunner()
    done = runner.invoke(cli, ["validate", "--graph", str(good)])
    assert done.exit_code == 0, done.output
    assert done.output == "conforms\n"

    broken = _copy(sample_graph())
    _drop_label(broken)
    _confidence_too_high(broken)
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(broken.serialize(format="turtle", encoding="utf-8"))
    done = runner.invoke(cli, ["validate", "--graph", str(bad)])
    assert done.exit_code == 1
    lines = done.output.splitlines()
    assert lines[-1] == "does not conform: 2 violations"
    assert any("rdfs:label" in line for line in lines) and any("kg:confidence" in line for line in lines)


def test_validate_names_a_missing_or_unreadable_file(tmp_path) -> None:
    runner = CliRunner()
    missing = tmp_path / "none.ttl"
    done = runner.invoke(cli, ["validate", "--graph", str(missing)])
    assert done.exit_code == 1
    assert f"Error: {missing}: no such graph file" in done.output
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is <not turtle", encoding="utf-8")
    done = runner.invoke(cli, ["validate", "--graph", str(garbage)])
    assert done.exit_code == 1
    assert done.output.startswith(f"Error: {garbage}: cannot parse graph as turtle")
    assert len(done.output.strip().splitlines()) == 1


def test_an_empty_or_foreign_graph_does_not_conform(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    report = validate_file(empty)
    assert not report.conforms and "empty" in report.text()
    foreign = tmp_path / "foaf.ttl"
    foreign.write_text("@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://x.org/a> a foaf:Person .\n",
                       encoding="utf-8")
    report = validate_file(foreign)
    assert not report.conforms and "not a graph kg built" in report.text()
