"""`--param`: values become RDF terms; hostile text cannot change a query; actors by folded name."""
from __future__ import annotations


import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import query as q
from kg.cli import cli
from kg.errors import QueryError

HOSTILE = ['Juan Guaido" } ; DROP ALL ; SELECT * WHERE { "', "} ; DROP ALL", "x' . } UNION { ?s ?p ?o } #",
           '"""', "\\", "<http://evil/> } ", "?actor", "\n} LOAD <http://127.0.0.1:9/x>\n", "${actor}"]


def kg(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


ECHO = "SELECT ?v (STRLEN(?v) AS ?n) WHERE { }"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_string_is_one_literal(store, value):
    answer = q.ask(q.Local(store), ECHO, given={"v": value})
    assert answer.rows == ((value, str(len(value))),)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_comes_back_unchanged(store, value):
    answer = q.ask(q.Local(store), ECHO, given={"v": value})
    assert answer.terms[0][0].value == value


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_actor_name_names_no_actor(graph_file, value):
    result = kg("query", "supporters", "--graph", str(graph_file), "--param", f"actor={value}")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line.startswith("Error: ") and "--param actor=" in line
    assert ("no actor of this name" in line or "an actor's name is needed" in line or "not an IRI" in line), line
    # and the graph is as it was
    assert kg("query", "relations", "--graph", str(graph_file), "--format", "csv").stdout.count("\n") == 13


@pytest.mark.parametrize("name", ["Juan Guaidó", "juan guaido", "GUAIDÓ", "Mr. Guaido", "Guaido"])
def test_an_actor_by_label_or_alias_with_accents_folded(graph_file, name):
    result = kg("query", "supporters", "--graph", str(graph_file), "--param", f"actor={name}", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {line.split(",")[2] for line in result.stdout.splitlines()[1:]} == {"Juan Guaido"}
    assert len(result.stdout.splitlines()) == 4  # header and three supporters


def test_an_actor_by_iri(store):
    answer = q.ask(q.Local(store), q.resolve_query("supporters")[1],
                   given={"actor": "<https://kg.example.org/actor/nicolas-maduro>"})
    assert [r[0] for r in answer.rows] == ["Russia"]


def test_an_unknown_actor_suggests_close_names(graph_file):
    result = kg("query", "critics", "--graph", str(graph_file), "--param", "actor=Nicolas Madura")
    assert result.exit_code == 1
    assert "no actor of this name or alias in the graph; did you mean Nicolas Maduro?" in result.stderr


def test_an_alias_of_two_actors_is_ambiguous(tmp_path):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(b"""@prefix kg: <https://kg.example.org/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://x/a> a kg:Actor ; rdfs:label "Alberto Fernandez" ; skos:altLabel "Fernandez" .
        <http://x/b> a kg:Actor ; rdfs:label "Cristina Fernandez" ; skos:altLabel "Fernandez" .""",
               format=ox.RdfFormat.TURTLE)
    with pytest.raises(QueryError, match="names several actors: Alberto Fernandez <http://x/a>; Cristina"):
        q.ask(q.Local(store), q.resolve_query("supporters")[1], given={"actor": "Fernández"})


@pytest.mark.parametrize("name, value, message", [
    ("rel", "likes", "expected one of supports, recognises, defectsTo, condemns"),
    ("from", "20 March", "expected a date as YYYY-MM-DD"),
    ("nosuch", "x", "no parameter 'nosuch' (this query takes: actor, rel, from, to)"),
])
def test_bad_values_are_named(graph_file, name, value, message):
    result = kg("query", "timeline", "--graph", str(graph_file), "--param", f"{name}={value}")
    assert result.exit_code == 1 and message in result.stderr, result.stderr


def test_a_param_without_equals_is_refused(graph_file):
    result = kg("query", "timeline", "--graph", str(graph_file), "--param", "actor")
    assert result.exit_code == 1 and "expected NAME=VALUE" in result.stderr


class _NoListing(q.Local):
    """A target that refuses to list every actor's names: only the exact lookup may be used."""

    listed = 0

    def actor_names(self):
        type(self).listed += 1
        return super().actor_names()


def test_an_exact_name_is_looked_up_without_listing_every_actor(store):
    target = _NoListing(store)
    text = q.resolve_query("supporters")[1]
    _NoListing.listed = 0
    exact = q.ask(target, text, given={"actor": "Juan Guaido"})  # the label, as written
    alias = q.ask(target, text, given={"actor": "Washington"})  # an alias, as written
    assert _NoListing.listed == 0
    folded = q.ask(target, text, given={"actor": "juan guaidó"})  # folded: every name is read
    assert _NoListing.listed == 1
    assert exact.rows == folded.rows and exact.rows
    assert alias.rows == q.ask(target, text, given={"actor": "united states"}).rows


def test_actors_are_bound_first_whatever_the_order_given(store):
    from kg import library
    from kg import params as kp

    named = library.load(q.queries_dir() / "evidence.rq")
    terms = kp.bind(named.params, {"rel": "recognises", "whom": "Juan Guaido"}, q.Local(store).actor_names,
                    actors_named=q.Local(store).actors_named)
    assert list(terms) == ["whom", "rel"]  # Oxigraph starts its join order at the first VALUES
