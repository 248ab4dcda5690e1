"""data/ontology.ttl: every kg: term defined, aligned, and matching kg.vocab and the graphs kg writes."""
from __future__ import annotations

import shutil
import subprocess
from importlib import resources

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.types import ActorType, Relation
from kg.vocab import (ACTOR_CLASSES, KG, ONTOLOGY_IRI, RELATION_PROPERTIES, SCHEMA, SCHEMA_CLASS,
                      VOCAB_IRI, actor_class, ontology, relation_property)
from test_graph import sample_graph

ONTOLOGY_PATH = resources.files("kg") / "data" / "ontology.ttl"

# the definitions of the four relations, as the extraction rules read them
DEFINITIONS = {
    Relation.SUPPORTS: "A backs, endorses or stands by B.",
    Relation.RECOGNISES: "A formally recognises B as a legitimate leader or government.",
    Relation.DEFECTS_TO: "A abandons one side for B.",
    Relation.CONDEMNS: "A publicly condemns, denounces, criticises or accuses B or B's act.",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology()


def _kg_terms_defined(onto: Graph) -> set[URIRef]:
    return {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(VOCAB_IRI)}


def _closed_namespace_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def test_the_ontology_parses_with_three_parsers(onto: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in onto
    data = ONTOLOGY_PATH.read_bytes()
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(onto)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
def test_the_ontology_parses_with_rapper() -> None:
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(ONTOLOGY_PATH)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_vocab_term_is_defined_and_every_defined_term_is_in_vocab(onto: Graph) -> None:
    assert _closed_namespace_terms() == _kg_terms_defined(onto)


def test_every_term_has_a_label_a_comment_and_is_defined_by_the_ontology(onto: Graph) -> None:
    for term in _kg_terms_defined(onto):
        assert onto.value(term, RDFS.label) is not None, term
        assert len(str(onto.value(term, RDFS.comment) or "")) > 10, term
        assert onto.value(term, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI), term


def test_every_property_has_a_domain_and_a_range(onto: Graph) -> None:
    properties = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    assert properties
    for prop in properties:
        assert onto.value(prop, RDFS.domain) is not None, prop
        assert onto.value(prop, RDFS.range) is not None, prop
    classes = set(onto.subjects(RDF.type, OWL.Class))
    assert classes | properties == _kg_terms_defined(onto)


def test_the_four_relations(onto: Graph) -> None:
    assert set(RELATION_PROPERTIES) == {relation_property(r) for r in Relation}
    for relation, definition in DEFINITIONS.items():
        prop = relation_property(relation)
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(prop, RDFS.domain) == KG.Actor
        assert onto.value(prop, RDFS.range) == KG.Actor
        assert str(onto.value(prop, RDFS.comment)) == definition


def test_alignment_with_schema_org_skos_and_prov(onto: Graph) -> None:
    def supers(cls: URIRef) -> set:
        return set(onto.objects(cls, RDFS.subClassOf))

    for cls in ACTOR_CLASSES:
        assert KG.Actor in supers(cls)
    assert SCHEMA.Person in supers(KG.Person)
    assert SCHEMA.Organization in supers(KG.Organisation)
    assert SCHEMA.GovernmentOrganization in supers(KG.Polity)
    assert (KG.Polity, SKOS.narrowMatch, SCHEMA.Country) in onto  # a country is one kind of polity
    assert SCHEMA.Country not in supers(KG.Polity)
    assert {SCHEMA.NewsArticle, PROV.Entity} <= supers(KG.Article)
    assert {RDF.Statement, PROV.Entity} <= supers(KG.Claim)
    assert supers(KG.Build) == {PROV.Activity}
    assert (KG.article, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto
    assert (KG.articleId, RDFS.subPropertyOf, DCTERMS.identifier) in onto
    # kg never claims an equivalence, so loading it beside other data does not retype that data
    assert not list(onto.triples((None, OWL.equivalentClass, None)))


def test_the_schema_types_written_on_actors_are_the_ontology_superclasses(onto: Graph) -> None:
    for actor_type in ActorType:
        schema_supers = {c for c in onto.objects(actor_class(actor_type), RDFS.subClassOf)
                         if str(c).startswith(str(SCHEMA))}
        assert schema_supers == ({SCHEMA_CLASS[actor_type]} if actor_type in SCHEMA_CLASS else set())


def test_every_kg_iri_in_a_built_graph_is_defined(onto: Graph) -> None:
    graph = sample_graph()
    used = {n for t in graph for n in t if isinstance(n, URIRef) and str(n).startswith(VOCAB_IRI)}
    assert used
    assert used <= _kg_terms_defined(onto)
    assert used == _kg_terms_defined(onto)  # and the sample uses every term: these tests see them all


def test_the_other_vocabulary_terms_kg_writes_are_known() -> None:
    graph = sample_graph()
    known = {
        RDF.type, RDF.subject, RDF.predicate, RDF.object, RDF.Statement, RDFS.label,
        SKOS.prefLabel, SKOS.altLabel, PROV.Entity, PROV.wasDerivedFrom, DCTERMS.identifier,
        PROV.Activity, PROV.wasGeneratedBy,
        SCHEMA.Person, SCHEMA.Organization, SCHEMA.GovernmentOrganization, SCHEMA.NewsArticle,
        SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url, SCHEMA.publisher, SCHEMA.wordCount,
    }
    used = {n for t in graph for n in t if isinstance(n, URIRef)
            and str(n).startswith((str(RDF), str(RDFS), str(SKOS), str(PROV), str(DCTERMS), str(SCHEMA)))}
    assert used <= known, used - known
