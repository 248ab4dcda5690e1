"""The kg vocabulary as a closed namespace: a misspelt term fails at import, not in the data.

The terms are defined, with labels, comments, domains, ranges and alignments to schema.org,
SKOS and PROV-O, in `data/ontology.ttl`; a test checks the two agree.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.types import ActorType, Relation

DEFAULT_BASE = "https://kg.example.org/"
VOCAB_IRI = "https://kg.example.org/ns#"

SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """Terms of the kg vocabulary."""

    _NS = Namespace(VOCAB_IRI)
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Organisation: URIRef
    Polity: URIRef
    Group: URIRef
    Article: URIRef
    Claim: URIRef
    # the four relations
    supports: URIRef
    recognises: URIRef
    defectsTo: URIRef
    condemns: URIRef
    # claim (evidence) properties
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    trigger: URIRef
    triggerStart: URIRef
    triggerEnd: URIRef
    rule: URIRef
    confidence: URIRef
    article: URIRef
    articleDate: URIRef
    objectUnknown: URIRef
    # article properties
    articleId: URIRef
    sha256: URIRef
    sourceFile: URIRef


def relation_property(relation: Relation) -> URIRef:
    return KG[relation.value]


def actor_class(actor_type: ActorType) -> URIRef:
    return KG[actor_type.value]


SCHEMA_CLASS = {
    ActorType.PERSON: SCHEMA.Person,
    ActorType.ORGANISATION: SCHEMA.Organization,
    ActorType.POLITY: SCHEMA.Country,
    ActorType.GROUP: SCHEMA.Organization,
}
