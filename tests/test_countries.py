"""kg:countryNamed: the countries an actor's names name, written at build time for actors-by-type."""
from __future__ import annotations

import re

from kg import countries
from kg.rules import load_gazetteer


def test_names_demonyms_capitals_and_peoples_name_their_country():
    assert countries.countries_named(["the Venezuelan military", "Caracas"]) == ["Venezuela"]
    assert countries.countries_named(["US-Venezuela talks"]) == ["United States", "Venezuela"]
    assert countries.countries_named(["Britain's foreign office"]) == ["United Kingdom"]
    assert countries.countries_named(["Juan Guaido", "the opposition"]) == []


def test_only_whole_words_count():
    assert countries.countries_named(["Venezuelanist", "Perusal", "Chadwick"]) == []


def test_the_lookup_finds_what_every_country_pattern_finds():
    """The first-word index only skips patterns that cannot match: the same countries as trying
    every country's pattern on every name."""
    gazetteer = load_gazetteer()
    patterns = {p.name: re.compile(countries.pattern(p.name)) for p in gazetteer.polities}
    names = [n for p in gazetteer.polities for n in countries.names_of(p.name)]
    names += [f"the {n} army" for n in names[::7]] + [f"{a}-{b} talks" for a, b in zip(names[::11], names[5::13])]
    for name in names:
        every = sorted(c for c, pattern in patterns.items() if pattern.search(name.lower()))
        assert countries.countries_named([name]) == every, name
