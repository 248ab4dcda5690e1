"""PLACEHOLDER (being replaced): cross-article merge."""
from __future__ import annotations


def merge(results):
    actors = {}
    for r in results:
        for a in r.actors:
            actors.setdefault(a.key, a)
    return sorted(actors.values(), key=lambda a: a.key), list(results)
