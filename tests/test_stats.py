"""kg stats: incoming relations per actor, centrality, the camps of the signed graph and their changes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from kg.camps import camps, camps_over_time
from kg.graph import GraphBuilder
from kg.network import to_networkx
from kg.stats import format_table, stats
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation

S, R, D, C = Relation.SUPPORTS, Relation.RECOGNISES, Relation.DEFECTS_TO, Relation.CONDEMNS
NAMES = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta", "x": "Xavier"}


def graph_of(claims_by_date: dict[str, list[tuple[str, Relation, str | None]]]) -> Graph:
    """One article per date; each (subject, relation, object) one claim."""
    builder = GraphBuilder()
    for key, name in NAMES.items():
        builder.add_actor(Actor(key, name, ActorType.PERSON if key == "x" else ActorType.POLITY))
    for n, (date, triples) in enumerate(sorted(claims_by_date.items())):
        article = Article(f"art{n}", "text", title=f"Report {n}", date=date)
        claims = tuple(Claim(article.id, s, r, o, f"{s} {r.value} {o}.", 10 * i, 10 * i + 8, r.value, 10 * i,
                             10 * i + 2, "test.v1", 0.9) for i, (s, r, o) in enumerate(triples))
        builder.add_article(ArticleResult(article, (), claims, sentences=len(claims), words=10))
        for claim in claims:
            builder.add_claim(claim, article)
    return builder.graph


BALANCED = {"2020-01-05": [("a", S, "b"), ("c", R, "d"), ("a", C, "c"), ("b", C, "d"), ("d", C, "a"),
                           ("x", D, "b"), ("x", C, None)]}


def test_per_actor_counts_of_who_supports_recognises_condemns_and_defects_to_it() -> None:
    rows = {r["actor"]: r for r in stats(to_networkx(graph_of(BALANCED)))["actors"]}
    assert rows["Beta"] | {"pagerank": 0} == {"actor": "Beta", "type": "Polity", "supported_by": 1, "recognised_by": 0,
                                              "condemned_by": 0, "defected_to": 1, "degree": 3, "pagerank": 0}
    assert (rows["Delta"]["recognised_by"], rows["Delta"]["condemned_by"]) == (1, 1)
    assert rows["Alpha"]["condemned_by"] == 1 and rows["Gamma"]["condemned_by"] == 1
    assert rows["Xavier"]["pagerank"] < rows["Beta"]["pagerank"], "nobody points at Xavier"


def test_balanced_graph_splits_into_the_two_camps_with_crossing_relations_listed() -> None:
    [group] = camps(to_networkx(graph_of(BALANCED)))
    assert sorted(map(sorted, group.sides)) == [["Alpha", "Beta", "Xavier"], ["Delta", "Gamma"]]
    assert group.agreement == 1.0 and group.relations == 6
    assert group.crossing == [("Alpha", "condemns", "Gamma"), ("Beta", "condemns", "Delta"),
                              ("Delta", "condemns", "Alpha")]


def test_unbalanced_graph_names_the_relations_that_go_against_the_best_split() -> None:
    claims = {"2020-01-05": BALANCED["2020-01-05"] + [("b", S, "c")]}
    [group] = camps(to_networkx(graph_of(claims)))
    assert sorted(map(sorted, group.sides)) == [["Alpha", "Beta", "Xavier"], ["Delta", "Gamma"]]
    assert group.contradicted == [("Beta", "supports", "Gamma")]
    assert round(group.agreement, 3) == round(1 - 1 / 7, 3)


def test_camps_over_time_name_who_changed_side() -> None:
    claims = {"2020-01-05": [("a", C, "b"), ("x", S, "a"), ("c", S, "a"), ("d", S, "b")],
              "2020-03-09": [("x", C, "a"), ("x", S, "b"), ("x", R, "d")]}
    periods = camps_over_time(to_networkx(graph_of(claims)))
    assert [p["until"] for p in periods] == ["2020-01", "2020-03"]
    assert periods[0]["changed_side"] == [] and periods[1]["changed_side"] == ["Xavier"]
    assert "Xavier" in periods[0]["sides"][0] and "Xavier" in periods[1]["sides"][1]


def test_table_and_json_from_the_cli(tmp_path: Path) -> None:
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(graph_of(BALANCED).serialize(format="turtle", encoding="utf-8"))
    table = subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--graph", str(ttl)],
                           capture_output=True, text=True, check=True).stdout
    assert table.startswith("5 actors, 6 relations, 7 claims (1 with no stated object)\n")
    assert "  side A (3): Alpha, Beta, Xavier" in table and "  across: Delta condemns Alpha" in table
    report = json.loads(subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--graph", str(ttl), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    assert report["counts"]["relations"] == 6 and len(report["actors"]) == 5
    assert report["camps"][0]["sides"] == [["Alpha", "Beta", "Xavier"], ["Delta", "Gamma"]]
    assert format_table(report) == table


def test_missing_graph_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--graph", str(tmp_path / "none.ttl")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.strip().startswith("Error: ")
    assert "none.ttl" in result.stderr and len(result.stderr.strip().splitlines()) == 1
