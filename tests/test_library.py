"""The shipped query library: at least 16 documented queries, listed by `kg query --list`, each
run on the fixture graph with its defaults and with its example's parameters, with the same
rows under Oxigraph and under rdflib's SPARQL engine; and what the new ones answer."""
from __future__ import annotations

import shlex
from importlib import resources
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from helpers import fixture_graph
from test_queries import CLAIMS, R, C, S

from kg import guard, library
from kg import params as kp
from kg import query as q
from kg.cli import cli
from kg.errors import QueryError

QUERIES = library.all_queries()
ASKED_FOR = {  # the list, and the query that answers each
    "who recognises X": "recognitions", "X's supporters": "supporters", "X's critics": "critics",
    "defections": "defections", "the camps": "camps", "conflicting stances": "conflicts",
    "relations over time": "timeline", "evidence for a pair": "pair-evidence", "most-cited": "most-cited",
    "articles that mention an actor": "mentions", "actors by type and country": "actors-by-type",
}
# GROUP_CONCAT's order is not defined by SPARQL: these columns are compared as sets
LISTS = {"aliases": " | ", "backs": ", "}


def example_params(query: library.NamedQuery) -> dict[str, str]:
    argv = shlex.split(query.example)
    assert argv[:3] == ["kg", "query", query.name], query.example
    return kp.parse_assignments(argv[i + 1] for i, a in enumerate(argv) if a in ("--param", "-p"))


def test_at_least_sixteen_documented_queries():
    assert len(QUERIES) >= 16
    assert set(ASKED_FOR.values()) <= {n.name for n in QUERIES}
    for query in QUERIES:
        assert query.question and len(query.question) > 20, f"{query.name}: the header says what it answers"
        assert query.example.startswith(f"kg query {query.name}"), f"{query.name}: an example call"
        for p in query.params:
            assert p.kind in kp.KINDS and p.doc, f"{query.name}: ?{p.name} is documented"
            assert f"?{p.name}" in query.text.split("WHERE", 1)[1], f"{query.name}: ?{p.name} is used"


def test_queries_are_package_data_not_found_by_walking_up():
    folder = library.queries_dir()
    assert folder == Path(str(resources.files("kg") / "data" / "queries"))
    repo = Path(__file__).resolve().parents[1] / "queries"
    assert sorted(p.name for p in folder.glob("*.rq")) == sorted(p.name for p in repo.glob("*.rq"))


def test_kg_query_list_names_each_query_and_its_parameters():
    result = CliRunner().invoke(cli, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for query in QUERIES:
        assert f"{query.name}\n    {query.question[:40]}" in result.output
        for p in query.params:
            assert f"--param {p.name}=" in result.output
    assert "--param actor=…   (actor, default: any)" in result.output


def _rows_rdflib(graph: rdflib.Graph, text: str) -> list[tuple[str, ...]]:
    result = graph.query(text)
    return [tuple("" if row[v] is None else str(row[v]) for v in result.vars) for row in result]


def _normal(columns, rows):
    return sorted(tuple(" ".join(sorted(v.split(LISTS[c]))) if c in LISTS else v for c, v in zip(columns, row))
                  for row in rows)


@pytest.fixture(scope="module")
def rdflib_graph(graph_file):
    return rdflib.Graph().parse(graph_file)


@pytest.mark.parametrize("query", QUERIES, ids=lambda n: n.name)
def test_every_query_runs_and_agrees_with_rdflib(store, rdflib_graph, query):
    graph = rdflib_graph
    local = q.Local(store)
    for given in ({}, example_params(query)):
        terms = kp.bind(query.params, given, local.actor_names, where=query.name)
        answer = q.run(store, query.text, where=query.name, params=terms)
        assert answer.columns
        expected = _rows_rdflib(graph, guard.with_values(query.text, terms))
        assert _normal(answer.columns, answer.rows) == _normal(answer.columns, expected), (query.name, given)
    if query.name not in ("conflicts", "actors-by-type"):
        assert q.run(store, query.text).rows, f"{query.name} answers nothing on the fixture graph"


def rows(store, name, **given):
    where, text = q.resolve_query(name)
    answer = q.ask(q.Local(store), text, where=where, given=given)
    return [dict(zip(answer.columns, r)) for r in answer.rows]


def test_critics_of_an_actor(store):
    got = rows(store, "critics", actor="Nicolás Maduro")
    assert {(r["critic"], r["criticised"]) for r in got} == {("United States", "Nicolas Maduro"),
                                                              ("Juan Guaido", "Nicolas Maduro")}


def test_camps_of_two_sides(store):
    got = rows(store, "camps", sideA="Guaido", sideB="Maduro")
    camps = {(r["camp"], r["member"]): r for r in got}
    assert set(camps) == {("Juan Guaido", "United States"), ("Juan Guaido", "Spain"), ("Juan Guaido", "Lima Group"),
                          ("Nicolas Maduro", "Russia")}
    assert set(camps[("Juan Guaido", "United States")]["backs"].split(", ")) == {"supports", "recognises"}
    assert {r["bothSides"] for r in got} == {"false"}


def test_conflicts_and_camps_see_an_actor_on_both_sides(tmp_path):
    # a4, later: Spain turns on Guaido and backs Maduro
    extra = {"a4": [("spain", C, "juan-guaido", 0, "Spain condemned Guaido."),
                    ("spain", S, "nicolas-maduro", 30, "Spain now backs Maduro.")]}
    store = q.open_store(fixture_graph(tmp_path / "g.ttl", extra))
    (conflict,) = rows(store, "conflicts")
    assert (conflict["actorLabel"], conflict["target"], conflict["backClaims"], conflict["condemnClaims"]) == (
        "Spain", "Juan Guaido", "2", "1")
    assert (conflict["firstBacked"], conflict["lastBacked"], conflict["firstCondemned"]) == (
        "2019-02-20", "2019-03-01", "2019-04-10")
    assert conflict["change"] == "backed, then condemned"
    spain = [r for r in rows(store, "camps", sideA="Juan Guaido", sideB="Nicolas Maduro") if r["member"] == "Spain"]
    assert {(r["camp"], r["bothSides"]) for r in spain} == {("Juan Guaido", "true"), ("Nicolas Maduro", "true")}


def test_timeline_by_date_and_window(store):
    got = rows(store, "timeline", actor="Juan Guaido")
    assert [r["date"] for r in got] == sorted(r["date"] for r in got)
    assert {r["date"] for r in got} == {"2019-02-20", "2019-03-01"}  # a2 is undated
    later = rows(store, "timeline", actor="Juan Guaido", **{"from": "2019-02-21"})
    assert {(r["subject"], r["relation"], r["object"]) for r in later} == {
        ("Spain", "supports", "Juan Guaido"), ("Juan Guaido", "condemns", "United States")}


def test_most_cited_first(store):
    got = rows(store, "most-cited")
    assert (got[0]["subject"], got[0]["relation"], got[0]["object"], got[0]["articles"]) == (
        "United States", "recognises", "Juan Guaido", "2")
    assert [(r["subject"], r["object"]) for r in rows(store, "most-cited", minArticles="2")] == [
        ("United States", "Juan Guaido")]


def test_mentions_of_an_actor(store):
    got = rows(store, "mentions", actor="Maduro")
    assert [(r["source"], r["claims"]) for r in got] == [("a2", "1"), ("a1", "2")]  # undated a2 first
    assert got[1]["title"] == "Title a1"


def test_actors_by_type_and_country(store):
    assert [r["actor"] for r in rows(store, "actors-by-type", type="Polity")] == ["Russia", "Spain", "United States"]
    assert [r["actor"] for r in rows(store, "actors-by-type", country="venezuela")] == ["the Venezuelan military"]
    assert [r["actor"] for r in rows(store, "actors-by-type", country="USA")] == ["United States"]
    assert [r["actor"] for r in rows(store, "actors-by-type", country="Russian Federation")] == ["Russia"]
    assert rows(store, "actors-by-type", type="Person", country="Spain") == []
    with pytest.raises(QueryError, match="no country of this name in kg's gazetteer"):
        rows(store, "actors-by-type", country="Atlantis")


def test_articles_list(store):
    got = rows(store, "articles")
    assert [r["source"] for r in got] == ["a1", "a3", "a2"]  # dated first, by date
    assert got[0]["claims"] == str(len(CLAIMS["a1"]))


def test_evidence_filters_by_relation_and_object(store):
    got = rows(store, "evidence", rel="recognises", whom="Guaido")
    assert {r["relation"] for r in got} == {"recognises"} and len(got) == sum(
        1 for c in CLAIMS.values() for _, rel, o, *_ in c if rel == R and o == "juan-guaido")


def _required_after_optional(text: str) -> list[str]:
    """The required triple patterns that follow an OPTIONAL in the query's outermost group."""
    body = text[text.upper().index("WHERE"):]
    depth, seen_optional, late = 0, False, []
    for line in body.splitlines():
        stripped = line.split("#", 1)[0].strip()
        if depth == 1 and stripped.upper().startswith("OPTIONAL"):
            seen_optional = True
        elif depth == 1 and seen_optional and stripped[:1] in ("?", "<") and stripped.endswith((".", ";")):
            late.append(stripped)
        depth += stripped.count("{") - stripped.count("}")
    return late


@pytest.mark.parametrize("query", QUERIES, ids=lambda x: x.name)
def test_no_required_pattern_waits_for_an_optional(query):
    """A required pattern after OPTIONALs is joined against every left-join row: `relations` took
    7 s at 72k triples and would take minutes at a million. Required patterns come first."""
    assert _required_after_optional(query.text) == []


def test_the_guard_sees_a_late_required_pattern():
    text = "SELECT * WHERE {\n  ?c a ?t .\n  OPTIONAL { ?c ?p ?o . }\n  ?c ?q ?x .\n}"
    assert _required_after_optional(text) == ["?c ?q ?x ."]


LOOKUPS = [n for n in QUERIES if library.lookups(n.text)]


def test_lookup_lines_are_read():
    assert {n.name: library.lookups(n.text) for n in LOOKUPS} == {
        "camps": (("side", ("sideA", "sideB")),), "pair-evidence": (("x", ("a", "b")),)}
    terms = {"sideA": "<a>", "sideB": "<b>"}
    camps = next(n for n in LOOKUPS if n.name == "camps").text
    assert library.with_lookups(camps, terms) == {**terms, "side": ("<a>", "<b>")}
    assert library.with_lookups(camps, {"sideB": "<b>"}) == {"sideB": "<b>", "side": ("<b>",)}
    assert library.with_lookups(camps, {"sideA": "<a>", "sideB": "<a>"})["side"] == ("<a>",)
    assert library.with_lookups(camps, {}) == {}
    assert library.with_lookups(camps, {"side": "<c>", "sideA": "<a>"})["side"] == "<c>"  # given: kept


@pytest.mark.parametrize("query", LOOKUPS, ids=lambda n: n.name)
def test_a_lookup_line_never_changes_the_answer(store, query):
    """The variable a Lookup line binds is one the query's FILTER already restricts to the given
    values: with and without the extra VALUES, the same rows in the same order."""
    local = q.Local(store)
    (variable, names), = library.lookups(query.text)
    actors = ["Juan Guaido", "Nicolas Maduro", "United States"]
    for given in ({names[0]: actors[0]}, {names[1]: actors[1]}, {names[0]: actors[0], names[1]: actors[1]},
                  {names[0]: actors[2], names[1]: actors[0]}, {names[0]: actors[0], names[1]: actors[0]}):
        terms = kp.bind(query.params, given, local.actor_names)
        assert variable in library.with_lookups(query.text, terms)
        hinted = q.run(store, query.text, params=terms)
        plain = q.answer_from(store.query(guard.with_values(query.text, terms), use_default_graph_as_union=True),
                              max_rows=10**6)
        assert hinted.rows == plain.rows, (query.name, given)
        assert hinted.rows or given == {names[0]: actors[0], names[1]: actors[0]}, (query.name, given)
