"""PLACEHOLDER (being replaced): per-article extraction."""
from __future__ import annotations

from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation


def extract_article(doc, article: Article) -> ArticleResult:
    actors = {}
    claims = []
    for sent in doc.sents:
        ents = [e for e in sent.ents if e.label_ in ("PERSON", "ORG", "GPE")]
        for tok in sent:
            if tok.lemma_ in ("recognise", "recognize", "support", "condemn", "defect") and len(ents) >= 2:
                s, o = ents[0], ents[-1]
                for e in (s, o):
                    actors[e.text.lower()] = Actor(key=e.text.lower().replace(" ", "-"), label=e.text, type=ActorType.PERSON)
                rel = {"recognise": Relation.RECOGNISES, "recognize": Relation.RECOGNISES, "support": Relation.SUPPORTS,
                       "condemn": Relation.CONDEMNS, "defect": Relation.DEFECTS_TO}[tok.lemma_]
                claims.append(Claim(article.id, actors[s.text.lower()].key, rel, actors[o.text.lower()].key, sent.text,
                                    sent.start_char, sent.end_char, tok.text, tok.idx, tok.idx + len(tok), "placeholder.v0", 0.5))
                break
    return ArticleResult(article, tuple(actors.values()), tuple(claims), len(list(doc.sents)), len([t for t in doc if not t.is_punct]))
