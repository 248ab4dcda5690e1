"""Query parameters: `--param actor="Juan Guaidó"` becomes an RDF term bound to `?actor`.

A value is never pasted into the query text: it becomes one RDF term (an IRI or a literal),
made by pyoxigraph, and the engine substitutes it for the variable. A value holding quotes,
braces or `} ; DROP ALL` is just a string that names no actor.

Kinds:
- `actor`: a name or alias of an actor in the graph, matched with case, accents and
  punctuation folded ("guaido" and "Juan Guaidó" both find Juan Guaido), or an IRI `<…>`;
- `relation`: supports, recognises, defectsTo or condemns;
- `type`: Person, Organisation, Polity or Group;
- `country`: a country by any name kg's gazetteer knows ("UK", "Britain"); bound to the
  gazetteer's name of the country (a literal, "United Kingdom"), the value of the
  `kg:countryNamed` the build writes on each actor one of whose names names it (kg.countries);
- `date`: YYYY-MM-DD (an `xsd:date`);
- `integer`, `string`.
"""
from __future__ import annotations

import datetime
import re
from typing import Callable, Iterable

import pyoxigraph as ox

from kg.errors import QueryError
from kg.library import Param
from kg.rules import name_key
from kg.types import ActorType, Relation
from kg.vocab import VOCAB_IRI

KINDS = ("actor", "relation", "type", "country", "date", "integer", "string")
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTOR_NAMES = f"""PREFIX kg: <{VOCAB_IRI}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?name ?label WHERE {{ ?actor a kg:Actor ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name . }}"""
# the actors with a label or alias written exactly as ?name: an index lookup, not a list of every name
ACTORS_NAMED = f"""PREFIX kg: <{VOCAB_IRI}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?actor ?label WHERE {{ ?actor rdfs:label|skos:altLabel ?name ; a kg:Actor ; rdfs:label ?label . }}"""

# (actor IRI, a name or alias, its label) triples of a graph, for resolving actor parameters
ActorNames = Callable[[], Iterable[tuple[str, str, str]]]
# (actor IRI, label) of the actors with a label or alias equal to the given text, as written
ActorsNamed = Callable[[str], Iterable[tuple[str, str]]]
# Oxigraph starts its join order at the first of equally small VALUES blocks: the parameters
# that pick the fewest rows (an actor) are bound first, so that a call with an actor and a
# relation looks the actor's claims up instead of reading every claim of the relation
_SELECTIVE = {"actor": 0, "iri": 0, "string": 1, "type": 2, "relation": 2, "country": 3, "integer": 3, "date": 3}


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """`name=value` strings (from `--param`) as a dict; the value may hold `=` and anything else."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE, e.g. --param actor=\"Juan Guaido\"")
        out[name] = value
    return out


def bind(declared: tuple[Param, ...], given: dict[str, str], actor_names: ActorNames,
         *, where: str = "<query>", actors_named: ActorsNamed | None = None) -> dict[str, object]:
    """The terms to substitute, by variable name: given values and declared defaults, the
    most selective kinds first (actors, then types and relations, then dates and numbers).

    A query with no declared parameters (an inline one) takes any `--param` as a plain string,
    or as an IRI when written `<…>`. An actor is looked up by its exact name first
    (`actors_named`, when given), and among every actor's folded names only if that finds
    no single actor.
    """
    by_name = {p.name: p for p in declared}
    unknown = [n for n in given if n not in by_name]
    if declared and unknown:
        known = ", ".join(by_name) or "none"
        raise QueryError(f"{where}: no parameter {unknown[0]!r} (this query takes: {known})")
    cache: dict[str, list] = {}

    def names() -> list:
        if "names" not in cache:
            cache["names"] = list(actor_names())
        return cache["names"]

    kinds, terms = {}, {}
    for name, value in given.items():
        kinds[name] = by_name[name].kind if name in by_name else ("iri" if _is_iri(value) else "string")
        terms[name] = to_term(kinds[name], value, names, where=where, name=name, actors_named=actors_named)
    for p in declared:
        if p.name not in terms and p.default is not None:
            kinds[p.name] = p.kind
            terms[p.name] = to_term(p.kind, p.default, names, where=where, name=p.name, actors_named=actors_named)
    order = sorted(terms, key=lambda n: _SELECTIVE.get(kinds[n], 3))  # stable: as given among equals
    return {n: terms[n] for n in order}


def _is_iri(value: str) -> bool:
    return value.startswith("<") and value.endswith(">")


def to_term(kind: str, value: str, names: Callable[[], list], *, where: str, name: str,
            actors_named: ActorsNamed | None = None):
    """One parameter value as an RDF term of its kind, or a one-line error saying what is wrong."""
    def bad(why: str) -> QueryError:
        return QueryError(f"{where}: --param {name}={value!r}: {why}")

    if kind == "iri" or (kind == "actor" and _is_iri(value)):
        try:
            return ox.NamedNode(value[1:-1] if _is_iri(value) else value)
        except ValueError as exc:
            raise bad(f"not an IRI ({exc})") from None
    if kind == "actor":
        if actors_named is not None:
            exact = {actor: label for actor, label in actors_named(value)}
            if len(exact) == 1:
                return ox.NamedNode(next(iter(exact)))
        return ox.NamedNode(resolve_actor(value, names(), bad))
    if kind == "relation":
        match = {r.value.lower(): r.value for r in Relation}.get(value.strip().lower())
        if match is None:
            raise bad("expected one of " + ", ".join(r.value for r in Relation))
        return ox.NamedNode(VOCAB_IRI + match)
    if kind == "type":
        match = {t.value.lower(): t.value for t in ActorType}.get(value.strip().lower())
        if match is None:
            raise bad("expected one of " + ", ".join(t.value for t in ActorType))
        return ox.NamedNode(VOCAB_IRI + match)
    if kind == "country":
        from kg.countries import country_of

        country = country_of(value)
        if country is None:
            raise bad("no country of this name in kg's gazetteer (src/kg/data/gazetteer.yaml)")
        return ox.Literal(country)
    if kind == "date":
        try:
            datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise bad("expected a date as YYYY-MM-DD") from None
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "date"))
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise bad("expected a whole number") from None
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "string":
        return ox.Literal(value)
    raise QueryError(f"{where}: parameter {name!r} has an unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


def resolve_actor(value: str, names: list[tuple[str, str, str]], bad) -> str:
    """The IRI of the one actor whose label or alias folds to the same key as `value`."""
    key = name_key(value)
    if not key:
        raise bad("an actor's name is needed")
    found = {actor: label for actor, alias, label in names if name_key(alias) == key}
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise bad("names several actors: " + "; ".join(sorted(f"{label} <{iri}>" for iri, label in found.items()))
                  + "; give the full name or the IRI")
    labels = sorted({label for _, _, label in names})
    hint = ""
    if labels:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(value, labels, limit=3, score_cutoff=60)]
        if close:
            hint = "; did you mean " + " or ".join(close) + "?"
    raise bad(f"no actor of this name or alias in the graph{hint}")
