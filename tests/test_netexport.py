"""kg export --format graphml|gexf|csv: the actor network, read back with networkx and csv."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.network import to_networkx
from test_view import BASE, HOSTILE, sample_graph


@pytest.fixture(scope="module")
def ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("net") / "graph.ttl"
    path.write_bytes(sample_graph().serialize(format="turtle", encoding="utf-8"))
    return path


def kg_export(ttl: Path, fmt: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", "export", "--graph", str(ttl), "--format", fmt,
                           "--out", str(out)], capture_output=True, text=True)


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_every_actor_and_relation(ttl: Path, tmp_path: Path, fmt: str, read) -> None:
    out = tmp_path / f"net.{fmt}"
    assert kg_export(ttl, fmt, out).returncode == 0
    back = read(out)
    expected = to_networkx(sample_graph())
    assert back.number_of_nodes() == expected.number_of_nodes() == 4
    assert back.number_of_edges() == expected.number_of_edges() == 4
    alice = back.nodes[BASE + "alice"]
    assert alice["label"] == "Alice Arroyo" and alice["type"] == "Person" and alice["aliases"] == "Alice; Arroyo"
    assert back.nodes[BASE + "army"]["unstated"] == "defectsTo"
    [support] = [a for s, o, a in back.edges(data=True) if a["relation"] == "supports"]
    assert support["claims"] == 2 and support["articles"] == "001_a; 002_b"
    assert (support["min_confidence"], support["max_confidence"]) == (0.7, 0.8)
    assert support["first_date"] == support["last_date"] == "2019-02-20", "only one of its articles is dated"
    assert support["example"] == HOSTILE
    for _n, attrs in back.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in attrs.values()), attrs


def test_csv_is_a_node_table_and_an_edge_table(ttl: Path, tmp_path: Path) -> None:
    result = kg_export(ttl, "csv", tmp_path / "tables")
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "tables" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "tables" / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert [n["label"] for n in nodes] == ["Alice Arroyo", "the Army", "Narnia", "Freedom Party"]
    assert len(edges) == 4 and {e["source"] for e in edges} <= {n["id"] for n in nodes}
    graph = nx.MultiDiGraph((e["source"], e["target"], {"relation": e["relation"]}) for e in edges)
    assert sorted(a["relation"] for *_st, a in graph.edges(data=True)) == ["condemns", "defectsTo", "recognises",
                                                                            "supports"]


def test_csv_without_a_folder_is_a_clear_error(ttl: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "export", "--graph", str(ttl), "--format", "csv"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "give --out FOLDER" in result.stderr


def test_rdf_formats_still_export(ttl: Path, tmp_path: Path) -> None:
    assert kg_export(ttl, "turtle", tmp_path / "again.ttl").returncode == 0
    assert len(to_networkx(Graph().parse(tmp_path / "again.ttl"))) == 4
