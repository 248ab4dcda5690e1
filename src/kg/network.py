"""The knowledge graph as a networkx MultiDiGraph: the common ground for drawing and analysis.

    nodes   actor IRI (str) -> {"label": str, "type": "Person" | ... | "Actor", "aliases": [str]}
    edges   (subject IRI, object IRI, key=relation) ->
            {"relation": "supports" | ..., "evidence": [Evidence, ...]}

There is one edge per (subject, relation, object); the claims that support it become its
evidence, sorted so that the same RDF graph always gives the same networkx graph (nodes and
edges are inserted in sorted order too). Claims whose object the text does not state have no
edge. Only plain triple-pattern iteration is used, so this is fast on large graphs.

This module must not import pyvis: it is the base for networkx analysis as well as the page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.types import ActorType, Relation
from kg.vocab import KG, SCHEMA, actor_class, relation_property

UNKNOWN_TYPE = "Actor"  # an actor with none of the four kg actor classes

_RELATION_BY_PROPERTY: dict[URIRef, Relation] = {relation_property(r): r for r in Relation}
_TYPE_BY_CLASS: dict[URIRef, ActorType] = {actor_class(t): t for t in ActorType}

EdgeKey = tuple[URIRef, Relation, URIRef]  # (subject, relation, object)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim behind an edge: the sentence that states it and where it came from."""

    sentence: str
    article_id: str
    article_title: str | None
    rule: str
    confidence: float | None
    trigger: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[str, str, str, float, str]:
        return (self.article_id, self.sentence, self.rule,
                -1.0 if self.confidence is None else self.confidence, self.trigger or "")


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Actors as nodes, one edge per (subject, relation, object) with its evidence."""
    edges = _claim_edges(graph)
    for key in _direct_edges(graph):
        edges.setdefault(key, [])
    actors = set(graph.subjects(RDF.type, KG.Actor))
    for subject, _relation, obj in edges:
        actors.update((subject, obj))
    result = nx.MultiDiGraph()
    for actor in sorted(actors, key=str):
        result.add_node(str(actor), **_actor_attributes(graph, actor))
    for (subject, relation, obj) in sorted(edges, key=lambda k: (str(k[0]), k[1].value, str(k[2]))):
        evidence = sorted(edges[(subject, relation, obj)], key=Evidence.sort_key)
        result.add_edge(str(subject), str(obj), key=relation.value, relation=relation.value,
                        evidence=evidence)
    return result


def _claim_edges(graph: Graph) -> dict[EdgeKey, list[Evidence]]:
    """Every claim with a stated object, grouped by (subject, relation, object)."""
    edges: dict[EdgeKey, list[Evidence]] = {}
    articles: dict[Node, tuple[str, str | None]] = {}
    for claim in graph.subjects(RDF.type, KG.Claim):
        key = _claim_key(graph, claim)
        if key is None:
            continue
        article = graph.value(claim, KG.article)
        if article not in articles:
            articles[article] = _article_info(graph, article)
        edges.setdefault(key, []).append(_evidence(graph, claim, *articles[article]))
    return edges


def _claim_key(graph: Graph, claim: Node) -> EdgeKey | None:
    subject = graph.value(claim, RDF.subject)
    relation = _RELATION_BY_PROPERTY.get(graph.value(claim, RDF.predicate))  # type: ignore[arg-type]
    obj = graph.value(claim, RDF.object)
    if not isinstance(subject, URIRef) or not isinstance(obj, URIRef) or relation is None:
        return None
    return subject, relation, obj


def _direct_edges(graph: Graph) -> list[EdgeKey]:
    """Actor-to-actor relation triples, including any stated without a claim."""
    keys = []
    for prop, relation in _RELATION_BY_PROPERTY.items():
        for subject, obj in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and isinstance(obj, URIRef):
                keys.append((subject, relation, obj))
    return keys


def _evidence(graph: Graph, claim: Node, article_id: str, title: str | None) -> Evidence:
    return Evidence(
        sentence=_text(graph.value(claim, KG.sentence)) or "",
        article_id=article_id,
        article_title=title,
        rule=_text(graph.value(claim, KG.rule)) or "",
        confidence=_number(graph.value(claim, KG.confidence)),
        trigger=_text(graph.value(claim, KG.trigger)),
    )


def _article_info(graph: Graph, article: Node | None) -> tuple[str, str | None]:
    """(article id, headline) of an article node; the id falls back to the IRI's last segment."""
    if article is None:
        return "", None
    article_id = _text(graph.value(article, KG.articleId)) or _local_name(article)
    return article_id, _text(graph.value(article, SCHEMA.headline))


def _actor_attributes(graph: Graph, actor: URIRef) -> dict[str, Any]:
    label = (_text(graph.value(actor, RDFS.label)) or _text(graph.value(actor, SKOS.prefLabel))
             or _local_name(actor))
    types = sorted(_TYPE_BY_CLASS[c].value for c in graph.objects(actor, RDF.type) if c in _TYPE_BY_CLASS)
    aliases = sorted({str(a) for a in graph.objects(actor, SKOS.altLabel)} - {label})
    return {"label": label, "type": types[0] if types else UNKNOWN_TYPE, "aliases": aliases}


def _text(node: Node | None) -> str | None:
    return str(node) if isinstance(node, Literal) else None


def _number(node: Node | None) -> float | None:
    if not isinstance(node, Literal):
        return None
    try:
        return float(Decimal(str(node)))
    except (InvalidOperation, ValueError):
        return None


def _local_name(node: Node) -> str:
    text = str(node).rstrip("/")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
