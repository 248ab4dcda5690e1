"""Turn resolved actors and claims into an RDF graph. The only module that adds triples.

Shape of the graph (see data/ontology.ttl for the vocabulary):

    <actor/hugo-carvajal> a kg:Person, schema:Person ; rdfs:label "Hugo Carvajal" ;
        skos:altLabel "Carvajal" ; kg:supports <actor/juan-guaido> .
    <claim/…> a kg:Claim, rdf:Statement, prov:Entity ;
        rdf:subject <actor/hugo-carvajal> ; rdf:predicate kg:supports ; rdf:object <actor/juan-guaido> ;
        kg:article <article/…> ; prov:wasDerivedFrom <article/…> ; kg:sentence "…" ;
        kg:sentenceStart 10 ; kg:sentenceEnd 90 ; kg:trigger "declared his support for" ;
        kg:triggerStart 40 ; kg:triggerEnd 64 ; kg:rule "support.noun.v1" ; kg:confidence 0.8 .
    <article/…> a kg:Article, schema:NewsArticle ; kg:articleId "000_…" ; schema:headline "…" .

A claim whose object the text does not state ("X has defected") has no rdf:object and
`kg:objectUnknown true`, and no direct triple.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.iri import mint
from kg.types import Actor, Article, ArticleResult, Claim
from kg.vocab import DEFAULT_BASE, KG, SCHEMA, SCHEMA_CLASS, actor_class, relation_property


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    graph.bind("kg", KG._NS, replace=True)
    graph.bind("schema", SCHEMA, replace=True)
    graph.bind("skos", SKOS)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("actor", f"{base.rstrip('/')}/actor/")
    graph.bind("article", f"{base.rstrip('/')}/article/")
    graph.bind("claim", f"{base.rstrip('/')}/claim/")


def claim_key(claim: Claim) -> str:
    """A stable id for a claim: the same claim from the same text always gets the same IRI."""
    parts = (claim.article_id, str(claim.sentence_start), str(claim.trigger_start), claim.subject,
             claim.relation.value, claim.object or "", claim.rule)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def article_key(article: Article) -> str:
    return article.id


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class GraphBuilder:
    """Accumulates actors, articles and claims into one rdflib Graph."""

    def __init__(self, *, base: str = DEFAULT_BASE) -> None:
        self.base = base
        self.graph = Graph()
        bind_prefixes(self.graph, base)

    def actor_iri(self, key: str) -> URIRef:
        return mint("actor", key, self.base)

    def article_iri(self, article_id: str) -> URIRef:
        return mint("article", article_id, self.base)

    def add_actor(self, actor: Actor) -> URIRef:
        g, node = self.graph, self.actor_iri(actor.key)
        g.add((node, RDF.type, KG.Actor))
        g.add((node, RDF.type, actor_class(actor.type)))
        g.add((node, RDF.type, SCHEMA_CLASS[actor.type]))
        g.add((node, RDFS.label, Literal(actor.label)))
        g.add((node, SKOS.prefLabel, Literal(actor.label)))
        for alias in actor.aliases:
            if alias != actor.label:
                g.add((node, SKOS.altLabel, Literal(alias)))
        return node

    def add_article(self, result: ArticleResult) -> URIRef:
        g, article = self.graph, result.article
        node = self.article_iri(article_key(article))
        g.add((node, RDF.type, KG.Article))
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, KG.articleId, Literal(article.id)))
        g.add((node, DCTERMS.identifier, Literal(article.id)))
        if article.title:
            g.add((node, SCHEMA.headline, Literal(article.title)))
        if article.date:
            g.add((node, SCHEMA.datePublished, Literal(article.date, datatype=XSD.date)))
        if article.url:
            g.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
        if article.source:
            g.add((node, SCHEMA.publisher, Literal(article.source)))
        if article.path:
            g.add((node, KG.sourceFile, Literal(article.path)))
        g.add((node, KG.sha256, Literal(text_sha256(article.text))))
        g.add((node, SCHEMA.wordCount, Literal(result.words, datatype=XSD.integer)))
        return node

    def add_claim(self, claim: Claim, article: Article) -> URIRef:
        g = self.graph
        node = mint("claim", claim_key(claim), self.base)
        subject = self.actor_iri(claim.subject)
        prop = relation_property(claim.relation)
        art = self.article_iri(claim.article_id)
        g.add((node, RDF.type, KG.Claim))
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, prop))
        if claim.object is None:
            g.add((node, KG.objectUnknown, Literal(True)))
        else:
            obj = self.actor_iri(claim.object)
            g.add((node, RDF.object, obj))
            g.add((subject, prop, obj))
        g.add((node, KG.article, art))
        g.add((node, PROV.wasDerivedFrom, art))
        g.add((node, KG.sentence, Literal(claim.sentence)))
        g.add((node, KG.sentenceStart, Literal(claim.sentence_start, datatype=XSD.integer)))
        g.add((node, KG.sentenceEnd, Literal(claim.sentence_end, datatype=XSD.integer)))
        g.add((node, KG.trigger, Literal(claim.trigger)))
        g.add((node, KG.triggerStart, Literal(claim.trigger_start, datatype=XSD.integer)))
        g.add((node, KG.triggerEnd, Literal(claim.trigger_end, datatype=XSD.integer)))
        g.add((node, KG.rule, Literal(claim.rule)))
        g.add((node, KG.confidence, Literal(round(claim.confidence, 3), datatype=XSD.decimal)))
        if article.date:
            g.add((node, KG.articleDate, Literal(article.date, datatype=XSD.date)))
        return node


def build_graph(actors: Iterable[Actor], results: Iterable[ArticleResult], *,
                base: str = DEFAULT_BASE) -> Graph:
    """The whole graph for resolved `actors` and the `results` whose claims refer to them."""
    builder = GraphBuilder(base=base)
    for actor in actors:
        builder.add_actor(actor)
    for result in results:
        builder.add_article(result)
        for claim in result.claims:
            builder.add_claim(claim, result.article)
    return builder.graph
