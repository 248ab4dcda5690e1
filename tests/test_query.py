"""`kg query` and kg.query: finding queries, loading graphs, errors, and the three output formats."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import query as q
from kg.cli import cli
from kg.errors import GraphError, QueryError
from kg.graph import build_graph
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation

KG = "https://kg.example.org/ns#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    """A two-actor, one-claim graph as Turtle: Spain recognises Juan Guaido."""
    actors = [Actor("spain", "Spain", ActorType.POLITY, ("Spain",)),
              Actor("juan-guaido", "Juan Guaido", ActorType.PERSON, ("Guaido", "Juan Guaido"))]
    text = "Spain recognised Guaido on Monday."
    article = Article(id="art1", text=text, title="Spain moves", date="2019-02-04")
    claim = Claim("art1", "spain", Relation.RECOGNISES, "juan-guaido", text, 0, len(text),
                  "recognised", 6, 16, "test.recognise.v1", 0.8)
    result = ArticleResult(article, tuple(actors), (claim,), sentences=1, words=5)
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    path.write_bytes(build_graph(actors, [result]).serialize(format="turtle", encoding="utf-8"))
    return path


def kg(*args: str):
    """Run the CLI; return the result (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_error_line(result) -> str:
    """The single `Error: …` line of a failed command, checking there is nothing else."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


# --- finding queries --------------------------------------------------------------------------

def test_named_query_with_or_without_suffix():
    where, text = q.resolve_query("relations")
    assert where.endswith("relations.rq") and "SELECT" in text
    assert q.resolve_query("relations.rq") == (where, text)


def test_query_given_as_a_path(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert q.resolve_query(str(path)) == (str(path), "ASK { ?s ?p ?o }")


def test_unknown_query_name_lists_the_available_ones(graph_file):
    line = one_error_line(kg("query", "no-such-query", "--graph", str(graph_file)))
    assert "no-such-query" in line
    for name in q.available_queries():
        assert name in line
    assert "relations" in q.available_queries()


def test_non_utf8_query_file(tmp_path, graph_file):
    path = tmp_path / "latin.rq"
    path.write_bytes("# caf\xe9\nASK { ?s ?p ?o }".encode("latin-1"))
    line = one_error_line(kg("query", str(path), "--graph", str(graph_file)))
    assert str(path) in line and "UTF-8" in line


# --- syntax errors ----------------------------------------------------------------------------

BROKEN = [
    # (query text, line of the error, column of the error or None for "any")
    ("PREFIX kg: <https://kg.example.org/ns#>\nSELECT * WHERE {\n  ?s kg:p ?o .\n  ?s foo:bar ?o }\n", 4, 13),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT x", 1, 35),
    ("SELECT ?x\nWHERE {\n  ?s ?p ?o .\n  ?s <http://a b> ?o .\n}\n", 4, None),
    ('SELECT ?x\nWHERE {\n  ?s ?p "unterminated .\n}\n', 3, 24),
    ("SELECT * WHERE {\n  ?s ?p ?o\n", 3, None),
    ("# a comment\n\nSELEKT * WHERE { ?s ?p ?o }\n", 3, None),
]


@pytest.mark.parametrize("text, line, column", BROKEN)
def test_syntax_error_reports_line_and_column(graph_file, text, line, column):
    store = q.open_store(graph_file)
    with pytest.raises(QueryError) as info:
        q.run(store, text, where="broken.rq")
    message = str(info.value)
    match = re.search(r"line (\d+), column (\d+)", message)
    assert match, message
    assert message.startswith("broken.rq: SPARQL syntax error at line ")
    assert int(match.group(1)) == line
    if column is not None:
        assert int(match.group(2)) == column
    assert len(message) < 300  # Oxigraph's full list of expected tokens is not dumped on the user


def test_syntax_error_names_the_reason_and_shows_the_line(graph_file, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text(BROKEN[0][0], encoding="utf-8")
    line = one_error_line(kg("query", str(path), "--graph", str(graph_file)))
    assert line == (f"Error: {path}: SPARQL syntax error at line 4, column 13: prefix not found "
                    f"(near: ?s foo:bar ?o }})")


def test_syntax_position_without_oxigraph_position():
    exc = SyntaxError("something odd")
    assert q._syntax_position("ASK {}", exc) == "an unknown position: something odd"


# --- graph files ------------------------------------------------------------------------------

def test_missing_graph_file_is_named(tmp_path):
    missing = tmp_path / "nowhere" / "graph.ttl"
    line = one_error_line(kg("query", "relations", "--graph", str(missing)))
    assert str(missing) in line
    assert "kg build" in line  # and says what to do


def test_unparseable_graph_file_is_named(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(GraphError, match=re.escape(str(bad)) + ": cannot parse graph"):
        q.open_store(bad)


def test_unknown_graph_format(tmp_path):
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(GraphError, match="unknown graph format"):
        q.open_store(odd)


def test_ntriples_graph(graph_file, tmp_path):
    import rdflib

    nt = tmp_path / "graph.nt"
    rdflib.Graph().parse(graph_file).serialize(nt, format="nt", encoding="utf-8")
    answer = q.run(q.open_store(nt), q.resolve_query("relations")[1])
    assert answer.rows == q.run(q.open_store(graph_file), q.resolve_query("relations")[1]).rows


# --- output formats ---------------------------------------------------------------------------

def test_csv_header_is_the_scoring_contract(graph_file):
    result = kg("query", "relations", "--graph", str(graph_file), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "subject,relation,object,source,evidence"
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [{"subject": "Spain", "relation": "recognises", "object": "Juan Guaido", "source": "art1",
                     "evidence": "Spain recognised Guaido on Monday."}]


def test_json_is_sparql_results_json(graph_file, tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text(
        f"PREFIX kg: <{KG}>\n"
        "SELECT ?claim ?sentence ?start ?missing WHERE {\n"
        "  ?claim a kg:Claim ; kg:sentence ?sentence ; kg:sentenceStart ?start .\n"
        "  OPTIONAL { ?claim kg:noSuchProperty ?missing }\n"
        "}\n", encoding="utf-8")
    result = kg("query", str(path), "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["claim", "sentence", "start", "missing"]
    (binding,) = doc["results"]["bindings"]
    assert "missing" not in binding  # unbound variables are left out, as the spec says
    assert binding["claim"]["type"] == "uri" and binding["claim"]["value"].startswith("https://kg.example.org/claim/")
    assert binding["sentence"] == {"type": "literal", "value": "Spain recognised Guaido on Monday."}
    assert binding["start"] == {"type": "literal", "value": "0", "datatype": XSD_INTEGER}
    for value in binding.values():
        assert set(value) <= {"type", "value", "datatype", "xml:lang"}


def test_json_for_ask(graph_file, tmp_path):
    path = tmp_path / "ask.rq"
    path.write_text(f"PREFIX kg: <{KG}>\nASK {{ ?c a kg:Claim }}\n", encoding="utf-8")
    result = kg("query", str(path), "--graph", str(graph_file), "--format", "json")
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def test_json_language_tag_and_blank_node():
    import pyoxigraph as ox

    store = ox.Store()
    store.load(b'<http://a> <http://b> "hola"@es, _:x .', format=ox.RdfFormat.TURTLE)
    answer = q.run(store, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    doc = json.loads(q.format_answer(answer, "json"))
    types = sorted((b["o"]["type"], b["o"].get("xml:lang")) for b in doc["results"]["bindings"])
    assert types == [("bnode", None), ("literal", "es")]
    assert any(row[0].startswith("_:") for row in answer.rows)  # CSV/table write blank nodes as _:id


def test_table_is_the_default(graph_file):
    result = kg("query", "recognitions", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["recogniser", "recognised", "articles", "claims", "example"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split()[:5] == ["Spain", "Juan", "Guaido", "1", "1"]
    assert lines[-1] == "(1 row)"


def test_construct_gives_triples(graph_file):
    answer = q.run(q.open_store(graph_file), f"CONSTRUCT {{ ?s <{KG}recognises> ?o }} "
                                            f"WHERE {{ ?s <{KG}recognises> ?o }}")
    assert answer.columns == ("subject", "predicate", "object")
    assert answer.rows == (("https://kg.example.org/actor/spain", f"{KG}recognises",
                            "https://kg.example.org/actor/juan-guaido"),)


def test_unknown_format_is_refused_by_the_cli(graph_file):
    result = kg("query", "relations", "--graph", str(graph_file), "--format", "yaml")
    assert result.exit_code == 2 and "yaml" in result.stderr
