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
    article_date: str | None = None  # YYYY-MM-DD, when the article has one
    article_url: str | None = None  # as recorded; a page links it only if it is http(s)
    trigger_start: int | None = None  # the trigger's offsets within `sentence`, when known
    trigger_end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[str, str, str, float, str]:
        return (self.article_id, self.sentence, self.rule,
                -1.0 if self.confidence is None else self.confidence, self.trigger or "")


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Actors as nodes, one edge per (subject, relation, object) with its evidence."""
    edges, unstated = _claim_edges(graph)
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
    result.graph["unstated"] = {
        str(actor): sorted(((r.value, e) for r, e in claims), key=lambda item: (item[0], item[1].sort_key()))
        for actor, claims in sorted(unstated.items(), key=lambda item: str(item[0])) if str(actor) in result}
    return result


def claim_count(network: nx.MultiDiGraph) -> int:
    """How many claims (sentences stating a relation) the network holds, with or without object."""
    stated = sum(len(attrs.get("evidence", [])) for _s, _o, attrs in network.edges(data=True))
    return stated + sum(len(claims) for claims in network.graph.get("unstated", {}).values())


def _claim_edges(graph: Graph) -> tuple[dict[EdgeKey, list[Evidence]], dict[URIRef, list[tuple[Relation, Evidence]]]]:
    """Every claim with a stated object, grouped by (subject, relation, object); and the
    claims with no stated object, by subject."""
    edges: dict[EdgeKey, list[Evidence]] = {}
    unstated: dict[URIRef, list[tuple[Relation, Evidence]]] = {}
    articles: dict[Node, tuple[str, str | None, str | None, str | None]] = {}
    for claim in graph.subjects(RDF.type, KG.Claim):
        values = _values(graph, claim)
        key = _claim_key(values)
        if key is None:
            subject = values.get(RDF.subject)
            relation = _RELATION_BY_PROPERTY.get(values.get(RDF.predicate))  # type: ignore[arg-type]
            if not isinstance(subject, URIRef) or relation is None or values.get(RDF.object) is not None:
                continue
            key = None
        article = values.get(KG.article)
        if article not in articles:
            articles[article] = _article_info(graph, article)
        evidence = _evidence(values, *articles[article])
        if key is None:
            unstated.setdefault(subject, []).append((relation, evidence))
        else:
            edges.setdefault(key, []).append(evidence)
    return edges, unstated


def _values(graph: Graph, node: Node) -> dict[Node, Node]:
    """Each property of `node` with the object `graph.value(node, property)` gives (the first
    found), from one look-up of all its triples instead of one per property."""
    values: dict[Node, Node] = {}
    for prop, obj in graph.predicate_objects(node):
        values.setdefault(prop, obj)
    return values


def _claim_key(values: dict[Node, Node]) -> EdgeKey | None:
    subject = values.get(RDF.subject)
    relation = _RELATION_BY_PROPERTY.get(values.get(RDF.predicate))  # type: ignore[arg-type]
    obj = values.get(RDF.object)
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


def _evidence(values: dict[Node, Node], article_id: str, title: str | None, date: str | None,
              url: str | None) -> Evidence:
    """A claim's evidence, from its properties (`_values`)."""
    sentence = _text(values.get(KG.sentence)) or ""
    trigger = _text(values.get(KG.trigger))
    start, end = _trigger_span(values, sentence, trigger)
    return Evidence(
        sentence=sentence,
        article_id=article_id,
        article_title=title,
        rule=_text(values.get(KG.rule)) or "",
        confidence=_number(values.get(KG.confidence)),
        trigger=trigger,
        article_date=date,
        article_url=url,
        trigger_start=start,
        trigger_end=end,
    )


def _trigger_span(values: dict[Node, Node], sentence: str, trigger: str | None) -> tuple[int | None, int | None]:
    """Where the trigger is in the sentence: from the recorded offsets when they point at it,
    else its first occurrence (case-insensitive), else unknown."""
    numbers = [_number(values.get(p)) for p in (KG.sentenceStart, KG.triggerStart, KG.triggerEnd)]
    if None not in numbers:
        base, start, end = (int(n) for n in numbers)  # type: ignore[arg-type]
        start, end = start - base, end - base
        if 0 <= start < end <= len(sentence) and (not trigger or sentence[start:end].lower() == trigger.lower()):
            return start, end
    if trigger:
        found = sentence.lower().find(trigger.lower())
        if found >= 0:
            return found, found + len(trigger)
    return None, None


def _article_info(graph: Graph, article: Node | None) -> tuple[str, str | None, str | None, str | None]:
    """(article id, headline, date, URL) of an article node; the id falls back to the IRI's last segment."""
    if article is None:
        return "", None, None, None
    article_id = _text(graph.value(article, KG.articleId)) or _local_name(article)
    return (article_id, _text(graph.value(article, SCHEMA.headline)),
            _text(graph.value(article, SCHEMA.datePublished)), _text(graph.value(article, SCHEMA.url)))


def _actor_attributes(graph: Graph, actor: URIRef) -> dict[str, Any]:
    label = (_text(graph.value(actor, RDFS.label)) or _text(graph.value(actor, SKOS.prefLabel))
             or _local_name(actor))
    label = " ".join(label.split()) or _local_name(actor)  # as a reader sees it: no stray spaces or breaks
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
