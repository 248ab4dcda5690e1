"""The Python API: kg.build(paths or texts), result.graph, result.to_networkx(), kg.query(...)."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import kg

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Ghana recognised Kojo Mensah as interim president on Monday.\n"
        "Togo condemned Kojo Mensah.")


@pytest.mark.model
def test_build_from_texts_and_paths_then_query(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Brazil backs Kojo Mensah\n\nBrazil strongly supports Kojo Mensah.\n", encoding="utf-8")
    result = kg.build([TEXT, article, str(tmp_path / "missing-but-text")])
    assert isinstance(result.graph, rdflib.Graph)
    assert {r.article.id for r in result.results} == {"text-1", "a", "text-2"}
    network = result.to_networkx()
    labels = {data["label"] for _, data in network.nodes(data=True)}
    assert {"Ghana", "Kojo Mensah", "Togo", "Brazil"} <= labels
    recognisers = kg.query(result, "recognitions", actor="kojo mensah")
    assert [(r["recogniser"], r["recognised"]) for r in recognisers] == [("Ghana", "Kojo Mensah")]
    assert {r["supporter"] for r in kg.query(result.graph, "supporters")} == {"Brazil"}
    assert kg.query(result, "ASK { ?s <https://kg.example.org/ns#condemns> ?o }") is True
    constructed = kg.query(result, "CONSTRUCT WHERE { ?s <https://kg.example.org/ns#condemns> ?o }")
    assert isinstance(constructed, rdflib.Graph) and len(constructed) == 1


def test_query_a_graph_file_with_a_parameter(tmp_path):
    from helpers import fixture_graph

    path = fixture_graph(tmp_path / "graph.ttl")
    rows = kg.query(path, "critics", actor="Maduro")
    assert {r["critic"] for r in rows} == {"United States", "Juan Guaido"}
    assert kg.query(str(path), "SELECT ?x WHERE { OPTIONAL { ?s <http://nothing> ?x } }") == [{}]
    with pytest.raises(TypeError, match="kg.query takes"):
        kg.query(42, "relations")


def test_the_module_stays_a_module():
    from kg import query as q

    assert callable(kg.query) and q.run and q.format_answer
