"""Per-article extraction: a parsed Doc in, actors and claims (plain records) out.

This is the unit a worker runs. spaCy objects stop here: the ArticleResult it returns holds
only frozen records, and its actor keys are canonical within the article (the cross-article
merge is `kg.resolve.merge`).
"""
from __future__ import annotations

import functools

from spacy.tokens import Doc

from kg.coref import Coref
from kg.mentions import Entities, Entity
from kg.found import Found
from kg.relations import Finder
from kg.rules import load_gazetteer, load_rules
from kg.triggers import Lexicon
from kg.types import Actor, Article, ArticleResult, Claim, Relation


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon of the packaged rules, built once per process."""
    return Lexicon(load_rules())


def extract_article(doc: Doc, article: Article) -> ArticleResult:
    """Find the actors and relation claims in one parsed article."""
    rules, gazetteer = load_rules(), load_gazetteer()
    entities = Entities(doc, rules, gazetteer)
    finder = Finder(entities, Coref(entities), rules, lexicon())
    claims: dict[tuple, Claim] = {}
    used: dict[str, Entity] = {}
    sentences = 0
    for sent in doc.sents:
        sentences += 1
        if not sent.text.strip():
            continue
        for found in finder.find(sent):
            for claim in _claims(found, sent, article, doc):
                key = (claim.subject, claim.relation, claim.object, claim.sentence_start)
                if key not in claims or claims[key].confidence < claim.confidence:
                    claims[key] = claim
            for entity in (*found.subjects, *(found.objects or ())):
                used[entity.key] = entity
    kept = _drop_unknown_when_known(list(claims.values()))
    keys = {c.subject for c in kept} | {c.object for c in kept if c.object}
    actors = tuple(sorted((_actor(used[k]) for k in keys), key=lambda a: a.key))
    words = sum(1 for t in doc if not (t.is_punct or t.is_space))
    ordered = tuple(sorted(kept, key=lambda c: (c.sentence_start, c.trigger_start, c.subject,
                                                c.relation.value, c.object or "")))
    return ArticleResult(article=article, actors=actors, claims=ordered, sentences=sentences, words=words)


def _claims(found: Found, sent, article: Article, doc: Doc):
    start, end = found.trigger
    trigger = doc[start:end]
    text = article.text[sent.start_char:sent.end_char].strip()  # the article's own words, not the parser's
    offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    for subject in found.subjects:
        for obj in (found.objects if found.objects is not None else (None,)):
            if obj is not None and obj.key == subject.key:
                continue
            yield Claim(
                article_id=article.id, subject=subject.key, relation=found.relation,
                object=obj.key if obj is not None else None, sentence=text,
                sentence_start=offset, sentence_end=offset + len(text),
                trigger=article.text[trigger.start_char:trigger.end_char], trigger_start=trigger.start_char,
                trigger_end=trigger.end_char,
                rule=found.rule, confidence=found.confidence,
            )


def _drop_unknown_when_known(claims: list[Claim]) -> list[Claim]:
    """"X has defected" adds nothing where the article says whom X defected to. A condemned act
    with no named author stays beside the subject's other condemnations in the article (another
    act), but not in a sentence that names whom the subject condemns ("deplored the attack,
    which it blamed on X")."""
    known = {(c.subject, c.relation) for c in claims if c.object is not None}
    in_sentence = {(c.subject, c.relation, c.sentence_start) for c in claims if c.object is not None}
    return [c for c in claims if c.object is not None
            or (c.relation is Relation.CONDEMNS and (c.subject, c.relation, c.sentence_start) not in in_sentence)
            or (c.relation is not Relation.CONDEMNS and (c.subject, c.relation) not in known)]


def _actor(entity: Entity) -> Actor:
    aliases = tuple(sorted(a for a in entity.aliases | {entity.label} if a.strip()))
    return Actor(key=entity.key, label=entity.display, type=entity.type, aliases=aliases)
