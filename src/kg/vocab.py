"""The kg vocabulary as a closed namespace: a misspelt term fails at import, not in the data.

The terms are defined, with labels, comments, domains, ranges and alignments to schema.org,
SKOS and PROV-O, in `data/ontology.ttl`; a test checks the two agree.
"""
from __future__ import annotations

from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.types import ActorType, Relation

DEFAULT_BASE = "https://kg.example.org/"  # where minted actors, articles, claims, builds live; --base changes it
VOCAB_IRI = "https://kg.example.org/ns#"  # the kg: terms; fixed, whatever the base
ONTOLOGY_IRI = "https://kg.example.org/ns"
ONTOLOGY_FILE = "ontology.ttl"
SHAPES_FILE = "shapes.ttl"

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
    Build: URIRef
    # the four relations
    supports: URIRef
    recognises: URIRef
    defectsTo: URIRef
    condemns: URIRef
    # actor properties
    countryNamed: URIRef
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
    claimCount: URIRef
    actorCount: URIRef
    # build properties: how the claims were made
    software: URIRef
    model: URIRef
    rulesSha256: URIRef
    gazetteerSha256: URIRef


def relation_property(relation: Relation) -> URIRef:
    """The kg: property of a relation: `kg:supports`, …"""
    return KG[relation.value]


def actor_class(actor_type: ActorType) -> URIRef:
    """The kg: class of an actor type: `kg:Person`, …"""
    return KG[actor_type.value]


RELATION_PROPERTIES = tuple(relation_property(r) for r in Relation)
ACTOR_CLASSES = tuple(actor_class(t) for t in ActorType)

# The schema.org class each actor is also typed with, so a consumer that knows schema.org and
# no kg: finds the actors. It is the schema.org superclass of the kg: class in ontology.ttl
# (a test checks the two agree). A polity ("Venezuela", "the US government", "the EU"), when it
# acts, acts as its government: schema:GovernmentOrganization; schema:Country, a Place, is only
# a narrower match (skos:narrowMatch in the ontology). A group ("US officials", "protesters")
# has no schema.org class (schema:Organization would claim more than we know), so none.
SCHEMA_CLASS = {
    ActorType.PERSON: SCHEMA.Person,
    ActorType.ORGANISATION: SCHEMA.Organization,
    ActorType.POLITY: SCHEMA.GovernmentOrganization,
}


def data_text(name: str) -> str:
    """The text of a file shipped in the package's data/ folder."""
    return (resources.files("kg") / "data" / name).read_text(encoding="utf-8")


def ontology() -> Graph:
    """The kg ontology (data/ontology.ttl) as a graph."""
    return Graph().parse(data=data_text(ONTOLOGY_FILE), format="turtle")
