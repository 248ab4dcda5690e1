"""Which countries an actor's names name: `kg:countryNamed`, written on each actor at build time.

The graph records no nationality. An actor is "of" a country when one of its names names the
country, its people or its capital ("the Venezuelan military", "Caracas"), as kg's gazetteer
knows them, matched as whole words in lower case. `actors-by-type --param country=…` asks for
that; it used to test a regular expression against every actor's every name at query time
(Oxigraph compiles a REGEX whose pattern is a variable again for each name it tests: 1.5 s
on a million triples). The build writes the answer instead, one `kg:countryNamed "Venezuela"`
(the gazetteer's name of the country) per country, and the query looks it up in an index.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

_WORD = re.compile(r"\w+")


def country_of(value: str) -> str | None:
    """The gazetteer's name of the country `value` names ("UK", "Britain": United Kingdom), or None."""
    from kg.rules import load_gazetteer, name_key

    found = load_gazetteer().by_key.get(name_key(value))
    return found[0] if found is not None and found[1] == "country" else None


def names_of(country: str) -> set[str]:
    """Every name of a country (by its gazetteer name): its names and aliases, demonyms, capital and peoples."""
    from kg.rules import load_gazetteer

    gazetteer = load_gazetteer()
    polity = next(p for p in gazetteer.polities if p.name == country)
    names = {polity.name, *polity.aliases, *polity.demonyms}
    names |= {alias for alias, target in (*gazetteer.peoples.items(), *gazetteer.capitals.items())
              if target == country}
    return {n for n in names if n.strip()}


def pattern(country: str) -> str:
    """A regular expression matching, in lower case, a whole-word name of the country."""
    alternatives = sorted({re.escape(n.lower()) for n in names_of(country)}, key=lambda n: (-len(n), n))
    return r"\b(" + "|".join(alternatives) + r")\b"


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[tuple[str, re.Pattern], ...]], tuple[tuple[str, re.Pattern], ...]]:
    """(first word of a name -> the countries with a name starting so, with their pattern;
    the countries with a name that starts with no word character, tried on every name)."""
    from kg.rules import load_gazetteer

    by_word: dict[str, dict[str, re.Pattern]] = {}
    always: dict[str, re.Pattern] = {}
    for polity in load_gazetteer().polities:
        compiled = re.compile(pattern(polity.name))
        for name in names_of(polity.name):
            first = re.match(r"\w+", name.lower())
            if first is None:
                always[polity.name] = compiled
            else:
                by_word.setdefault(first.group(), {})[polity.name] = compiled
    return ({w: tuple(c.items()) for w, c in by_word.items()}, tuple(always.items()))


def countries_named(names: Iterable[str]) -> list[str]:
    """The gazetteer names of the countries any of `names` names as a whole word, sorted.

    A name can match a country's pattern only where one of its words is the first word of one
    of the country's names (a whole-word match starts at a word and runs to its end, or to a
    non-word character the name has there too), so only those countries' patterns are tried.
    """
    by_word, always = _index()
    found = set()
    for name in names:
        lowered = name.lower()
        candidates = [c for word in set(_WORD.findall(lowered)) for c in by_word.get(word, ())]
        for country, compiled in (*candidates, *always):
            if country not in found and compiled.search(lowered):
                found.add(country)
    return sorted(found)
