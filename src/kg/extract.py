"""Per-article extraction: a parsed Doc in, actors and claims (plain records) out.

This is the unit a worker runs, and it wires the stages, each a module of its own, so that
data flows one way:

    Doc --kg.mentions--> entities --kg.relations--> frames --kg.claims--> relations --> claims

`kg.mentions` finds who the text names; `kg.relations` (with `kg.speech`) reads each trigger's
frame off the parse, its roles still words; `kg.claims` resolves the roles to actors and keeps
the evidence. spaCy objects stop here: the ArticleResult it returns holds only frozen records,
and its actor keys are canonical within the article (the cross-article merge is
`kg.resolve.merge`).
"""
from __future__ import annotations

import functools

from spacy.tokens import Doc, Span

from kg.claims import Claims, drop_unknown_when_known, records
from kg.columns import columns
from kg.coref import Coref
from kg.found import Found
from kg.mentions import Entities, Entity
from kg.relations import Finder
from kg.rules import load_gazetteer, load_rules
from kg.triggers import Lexicon
from kg.types import Actor, Article, ArticleResult, Claim


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon of the packaged rules, built once per process."""
    return Lexicon(load_rules())


class Reader:
    """The stages over one parsed article: its entities, a frame finder, and the claims stage."""

    def __init__(self, doc: Doc) -> None:
        rules = load_rules()
        self.entities = Entities(doc, rules, load_gazetteer())
        self.frames = Finder(self.entities, rules, lexicon())
        self.claims = Claims(self.entities, Coref(self.entities), rules)

    def read(self, sent: Span, trace: list | None = None) -> list[Found]:
        """The relations of one sentence; sentences are read in order, as coreference and the
        memory of the claims stage expect. `trace` gets each frame with the relation it gave."""
        return self.claims.read(self.frames.find(sent), trace)


def extract_article(doc: Doc, article: Article) -> ArticleResult:
    """Find the actors and relation claims in one parsed article."""
    reader = Reader(doc)
    claims: dict[tuple, Claim] = {}
    used: dict[str, Entity] = {}
    sentences = 0
    cols = columns(doc)
    for sent in cols.sents(doc):
        sentences += 1
        if not any(cols.text[i].strip() for i in range(sent.start, sent.end)):  # `not sent.text.strip()`
            continue
        for found in reader.read(sent):
            _keep(found, sent, article, doc, claims, used)
    for found in reader.claims.finish():
        _keep(found, doc[found.trigger[0]].sent, article, doc, claims, used)
    kept = drop_unknown_when_known(list(claims.values()))
    keys = {c.subject for c in kept} | {c.object for c in kept if c.object}
    actors = tuple(sorted((_actor(used[k]) for k in keys), key=lambda a: a.key))
    words = cols.words  # neither punctuation nor white space
    ordered = tuple(sorted(kept, key=lambda c: (c.sentence_start, c.trigger_start, c.subject,
                                                c.relation.value, c.object or "")))
    return ArticleResult(article=article, actors=actors, claims=ordered, sentences=sentences, words=words)


def _keep(found: Found, sent: Span, article: Article, doc: Doc, claims: dict[tuple, Claim],
          used: dict[str, Entity]) -> None:
    """Adds the claims of one relation (the most confident per sentence) and its actors."""
    for claim in records(found, sent, article, doc):
        key = (claim.subject, claim.relation, claim.object, claim.sentence_start)
        if key not in claims or claims[key].confidence < claim.confidence:
            claims[key] = claim
    for entity in (*found.subjects, *(found.objects or ())):
        used[entity.key] = entity


def _actor(entity: Entity) -> Actor:
    aliases = tuple(sorted(a for a in entity.aliases | {entity.label} if a.strip()))
    return Actor(key=entity.key, label=entity.display, type=entity.type, aliases=aliases)
