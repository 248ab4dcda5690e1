"""Merge the actors of many articles into one actor per real-world actor.

Within an article, `kg.mentions` has already folded short names into full ones. Across
articles a person named only "Maduro" in one article and "Nicolas Maduro" in another is one
actor: a person key that is the last words (or the first words, for double surnames:
"Vladimir Padrino" / "Vladimir Padrino Lopez") of exactly one longer person key joins it.
An ambiguous short name (two people share the surname) is left alone.

An actor's type is voted over the articles it appears in; its label is its longest name.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from kg.types import Actor, ActorType, ArticleResult


def merge(results: Iterable[ArticleResult]) -> tuple[list[Actor], list[ArticleResult]]:
    """Return the merged actors (sorted by key) and the results with claims rewritten to them."""
    results = list(results)
    seen: dict[str, list[Actor]] = defaultdict(list)
    for result in results:
        for actor in result.actors:
            seen[actor.key].append(actor)
    types = {key: _vote(actors) for key, actors in seen.items()}
    target = _surname_targets(seen, types)

    merged: dict[str, list[Actor]] = defaultdict(list)
    for key, actors in seen.items():
        merged[target.get(key, key)].extend(actors)
    final = {key: _combine(key, actors) for key, actors in merged.items()}

    rewritten = []
    for result in results:
        claims = tuple(replace(c, subject=target.get(c.subject, c.subject),
                               object=target.get(c.object, c.object) if c.object else None)
                       for c in result.claims)
        claims = tuple(c for c in claims if c.subject != c.object)
        actors = tuple(sorted({final[target.get(a.key, a.key)] for a in result.actors}, key=lambda a: a.key))
        rewritten.append(replace(result, claims=claims, actors=actors))
    return sorted(final.values(), key=lambda a: a.key), rewritten


def _vote(actors: list[Actor]) -> ActorType:
    counts = Counter(a.type for a in actors)
    order = [ActorType.POLITY, ActorType.PERSON, ActorType.ORGANISATION, ActorType.GROUP]
    return max(order, key=lambda t: (counts[t], -order.index(t)))


def _surname_targets(seen: dict[str, list[Actor]], types: dict[str, ActorType]) -> dict[str, str]:
    people = [k for k, t in types.items() if t is ActorType.PERSON]
    words = {k: k.split("-") for k in people}
    target: dict[str, str] = {}
    for short in people:
        sw = words[short]
        candidates = [full for full in people if len(words[full]) > len(sw)
                      and (words[full][-len(sw):] == sw or words[full][:len(sw)] == sw and len(sw) >= 2)]
        if len(candidates) == 1:
            target[short] = candidates[0]
        elif candidates:  # prefer a full name that ends with the short one
            ending = [c for c in candidates if words[c][-len(sw):] == sw]
            longest = {c for c in ending if not any(c != d and words[d][-len(words[c]):] == words[c] for d in ending)}
            if len(longest) == 1:
                target[short] = longest.pop()
    # follow chains: a -> b -> c
    for key in list(target):
        seen_keys = {key}
        while target[key] in target and target[key] not in seen_keys:
            seen_keys.add(target[key])
            target[key] = target[target[key]]
    return target


def _combine(key: str, actors: list[Actor]) -> Actor:
    """One actor from its per-article records: a person under their fullest name, anything
    else under the name most articles use."""
    labels = Counter(a.label for a in actors)
    kind = _vote(actors)
    if kind is ActorType.PERSON:
        label = max(labels, key=lambda l: (len(l.split()), labels[l], l))
    else:
        label = max(labels, key=lambda l: (labels[l], len(l), l))
    aliases = tuple(sorted({alias for a in actors for alias in (*a.aliases, a.label)}))
    return Actor(key=key, label=label, type=kind, aliases=aliases)

