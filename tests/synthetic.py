"""A made-up graph of any size, built with kg's own GraphBuilder: for the large-page tests and bench/.

Actors get pronounceable names ("Valoria", "Tomas Ardeni"); relations attach preferentially, so a
few actors are hubs and most have one or two links, as in a big news graph. Articles are dated
over a year. The same arguments always give the same graph.
"""
from __future__ import annotations

import random

from rdflib import Graph

from kg.graph import GraphBuilder
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation

SYLLABLES = ("va", "lo", "ri", "ta", "mon", "del", "ka", "ser", "nu", "bra", "te", "gal", "or", "vin", "sa", "pe")
KINDS = (ActorType.POLITY, ActorType.PERSON, ActorType.ORGANISATION, ActorType.GROUP)
VERBS = {Relation.SUPPORTS: "backed", Relation.RECOGNISES: "recognised", Relation.DEFECTS_TO: "defected to",
         Relation.CONDEMNS: "condemned"}


def _name(rng: random.Random, kind: ActorType, i: int) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    if kind is ActorType.PERSON:
        return f"{word} {''.join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()} {i}"
    if kind is ActorType.ORGANISATION:
        return f"{word} Party {i}"
    if kind is ActorType.GROUP:
        return f"{word}n military {i}"
    return f"{word}ia {i}"


def large_graph(actors: int, *, seed: int = 1, per_actor: float = 1.6) -> Graph:
    """`actors` actors and about `per_actor` × as many claims, in 50 dated articles."""
    rng = random.Random(seed)
    builder = GraphBuilder()
    keys = []
    for i in range(actors):
        kind = KINDS[0] if i < max(3, actors // 50) else rng.choice(KINDS)  # the hubs are polities
        key = f"a{i:05d}"
        builder.add_actor(Actor(key, _name(rng, kind, i), kind))
        keys.append(key)
    articles = [Article(f"art{j:03d}", "text", title=f"Report {j}", date=f"2019-{1 + j % 12:02d}-{1 + j % 27:02d}",
                        url=f"https://news.example.org/{j}") for j in range(50)]
    claims: dict[str, list[Claim]] = {a.id: [] for a in articles}
    hubs = max(3, actors // 50)
    weights = [25.0 if i < hubs else 1.0 for i in range(actors)]  # a few countries everyone talks about
    for i in range(int(actors * per_actor)):
        subject = i % actors if i < actors else rng.randrange(actors)
        obj = rng.choices(range(actors), weights=weights)[0]
        if obj == subject:
            continue
        weights[obj] += 1.0
        relation = rng.choice(list(Relation))
        article = articles[rng.randrange(len(articles))]
        sentence = f"{builder.graph.value(builder.actor_iri(keys[subject]), None) or keys[subject]} {VERBS[relation]} them."
        start = 10 * i
        claims[article.id].append(Claim(article.id, keys[subject], relation, keys[obj], sentence, start,
                                        start + len(sentence), VERBS[relation], start, start + 5,
                                        "synthetic.v1", round(rng.uniform(0.5, 1.0), 2)))
    for article in articles:
        result = ArticleResult(article, (), tuple(claims[article.id]), sentences=len(claims[article.id]), words=100)
        builder.add_article(result)
        for claim in claims[article.id]:
            builder.add_claim(claim, article)
    return builder.graph
