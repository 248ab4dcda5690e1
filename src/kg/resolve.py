"""Merge the actors of many articles into one actor per real-world actor.

Within an article, `kg.mentions` has already folded short names into full ones. Across
articles a person named only "Maduro" in one article and "Nicolas Maduro" in another is one
actor: a person key that is the last words (or the first words, for double surnames:
"Vladimir Padrino" / "Vladimir Padrino Lopez") of exactly one longer person key joins it, and
so does one that leaves out a middle name ("Alassane Ouattara" / "Alassane Dramane Ouattara").
An ambiguous short name (two people share the surname) is left alone.

A person whose name is spelt two ways across articles is one actor too ("Abdourahamane
Tchiani" / "Abdourahamane Tiani", "Muammar Gaddafi" / "Muammar Qaddafi"), but only on a
conservative rule (`_spelling_targets`): the same first name or none, one word spelt alike.

An actor's type is voted over the articles it appears in; its label is its longest name.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz.fuzz import ratio

from kg.types import Actor, ActorType, ArticleResult

# Two spellings of one name: similarity (rapidfuzz ratio, 0-100) above this, both words at
# least SPELLING_MIN_LEN letters. "tchiani"/"tiani" 83, "gaddafi"/"qaddafi" 86, "yanukovych"/
# "yanukovich" 90 pass; "perez"/"peres" 80, "kadhafi"/"gaddafi" 71 and short given names
# ("Kim Jong-un"/"Kim Jong-il") do not.
SPELLING_MIN_RATIO = 82.0
SPELLING_MIN_LEN = 5


def merge(results: Iterable[ArticleResult]) -> tuple[list[Actor], list[ArticleResult]]:
    """Return the merged actors (sorted by key) and the results with claims rewritten to them."""
    results = list(results)
    seen: dict[str, list[Actor]] = defaultdict(list)
    for result in results:
        for actor in result.actors:
            seen[actor.key].append(actor)
    types = {key: _vote(actors) for key, actors in seen.items()}
    together = {frozenset(a.key for a in result.actors) for result in results}
    target = targets(types, {key: len(actors) for key, actors in seen.items()}, together)

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


def targets(types: dict[str, ActorType], weights: dict[str, int],
            together: set[frozenset[str]]) -> dict[str, str]:
    """Which key joins which: {key: the key of the actor it is one with}, chains followed.

    `types` is each key's voted type, `weights` how many article records use it (the more used
    spelling wins), `together` the sets of keys one article keeps apart. `merge` calls it on a
    whole build; `kg.registry` on one new article and the stored names it could join."""
    target = _surname_targets(types)
    return _follow(_spelling_targets(weights, types, target, together))


def _vote(actors: list[Actor]) -> ActorType:
    return vote(Counter(a.type for a in actors))


def vote(counts: Counter) -> ActorType:
    """The type most records give (ties: polity, person, organisation, group)."""
    order = [ActorType.POLITY, ActorType.PERSON, ActorType.ORGANISATION, ActorType.GROUP]
    return max(order, key=lambda t: (counts[t], -order.index(t)))


def _surname_targets(types: dict[str, ActorType]) -> dict[str, str]:
    people = [k for k, t in types.items() if t is ActorType.PERSON]
    words = {k: k.split("-") for k in people}
    target = _middle_name_targets(people, words)
    for short in people:
        if short in target:
            continue
        sw = words[short]
        candidates = sorted({target.get(full, full) for full in people if len(words[full]) > len(sw)
                             and (words[full][-len(sw):] == sw or words[full][:len(sw)] == sw and len(sw) >= 2)})
        candidates = [c for c in candidates if c != short]
        if len(candidates) == 1:
            target[short] = candidates[0]
        elif candidates:  # prefer a full name that ends with the short one
            ending = [c for c in candidates if words[c][-len(sw):] == sw]
            longest = {c for c in ending if not any(c != d and words[d][-len(words[c]):] == words[c] for d in ending)}
            if len(longest) == 1:
                target[short] = longest.pop()
    return _follow(target)


def _middle_name_targets(people: list[str], words: dict[str, list[str]]) -> dict[str, str]:
    """"Alassane Ouattara" and "Alassane Dramane Ouattara": the same first and last names, one
    with a middle name the other leaves out, are one person, when exactly one fuller name fits
    ("George Bush" stays apart from both "George W. Bush" and "George H. W. Bush")."""
    fuller: dict[tuple[str, str], list[str]] = defaultdict(list)  # (first, last) -> names of 3+ words
    for full in people:
        if len(words[full]) > 2:
            fuller[(words[full][0], words[full][-1])].append(full)
    target: dict[str, str] = {}
    for short in people:
        sw = words[short]
        if len(sw) == 2 and len(fuller[(sw[0], sw[1])]) == 1:  # a first and a last name, one fuller name
            target[short] = fuller[(sw[0], sw[1])][0]
    return target


def _follow(target: dict[str, str]) -> dict[str, str]:
    """Follow chains: a -> b -> c becomes a -> c."""
    for key in list(target):
        seen_keys = {key}
        while target[key] in target and target[key] not in seen_keys:
            seen_keys.add(target[key])
            target[key] = target[target[key]]
    return target


def _spelled_alike(a: str, b: str) -> bool:
    return a != b and min(len(a), len(b)) >= SPELLING_MIN_LEN and ratio(a, b) > SPELLING_MIN_RATIO


def _spelling_targets(weights: dict[str, int], types: dict[str, ActorType], target: dict[str, str],
                      together: set[frozenset[str]]) -> dict[str, str]:
    """Join two people whose names differ by the spelling of one word, across articles:

    * two full names with the same number of words and the same first word, differing in one
      later word spelt alike ("abdourahamane-tiani" -> "abdourahamane-tchiani"): the name more
      articles use wins;
    * a lone surname spelt like the last word of exactly one full name ("qaddafi" ->
      "muammar-gaddafi").

    Never two names one article keeps apart, never two lone surnames, never different first
    names ("Raul Castro" / "Fidel Castro"), never a name with two candidates."""
    roots = sorted(k for k, t in types.items() if t is ActorType.PERSON and k not in target)
    words = {k: k.split("-") for k in roots}
    full = [k for k in roots if len(words[k]) >= 2]

    def weight(key: str) -> tuple[int, int, str]:
        return weights[key], len(words[key]), key

    def apart(a: str, b: str) -> bool:
        return any(a in keys and b in keys for keys in together)

    def variant(a: list[str], b: list[str]) -> bool:
        if len(a) != len(b) or a[0] != b[0]:
            return False
        differ = [i for i in range(1, len(a)) if a[i] != b[i]]
        return len(differ) == 1 and _spelled_alike(a[differ[0]], b[differ[0]])

    out = dict(target)
    for key in full:
        candidates = [f for f in full if weight(f) > weight(key) and variant(words[key], words[f])
                      and not apart(key, f)]
        if len(candidates) == 1:
            out[key] = candidates[0]
    out = _follow(out)
    for key in roots:
        if len(words[key]) == 1:
            candidates = {out.get(f, f) for f in full if _spelled_alike(words[key][0], words[f][-1])
                          and not apart(key, f)}
            if len(candidates) == 1:
                out[key] = candidates.pop()
    return out


def _combine(key: str, actors: list[Actor]) -> Actor:
    """One actor from its per-article records: a person under their fullest name, anything
    else under the name most articles use."""
    return combine(key, Counter(a.label for a in actors), Counter(a.type for a in actors),
                   {alias for a in actors for alias in (*a.aliases, a.label)})


def combine(key: str, labels: Counter, types: Counter, aliases: Iterable[str]) -> Actor:
    """One actor from counts over its records: how many give each label and each type, and
    every name seen (`_combine` on a build's records; `kg.registry` on stored counts)."""
    labels = +labels  # (labels counted down to nothing are gone)
    kind = vote(types)
    if kind is ActorType.PERSON:
        label = max(labels, key=lambda l: (len(l.split()), labels[l], l))
    else:
        label = max(labels, key=lambda l: (labels[l], len(l), l))
    return Actor(key=key, label=label, type=kind, aliases=tuple(sorted(set(aliases) | set(labels))))

