"""`kg query` for analysts and tools: any query (inline, stdin, file), any output format, RDF for
CONSTRUCT, and the limits: read-only, no network, bounded time, rows and depth, safe terminals."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, HTTPServer

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from helpers import store_folder
from kg.cli import cli
from kg.graph import build_graph
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation

KG = "https://kg.example.org/ns#"
PERSONS = f"SELECT ?name WHERE {{ ?a a <{KG}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} ORDER BY ?name"
NAMES = ["Hugo Carvajal", "Jose Luis Silva", "Juan Guaido", "Nicolas Maduro"]


def kg(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def kg_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`kg` as a real process (for what only a process shows: a crash, a time limit)."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout)


# --- any query --------------------------------------------------------------------------------

def test_inline_query(graph_file):
    result = kg("query", PERSONS, "--graph", str(graph_file), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", *NAMES]


def test_query_on_stdin(graph_file):
    result = kg("query", "-", "--graph", str(graph_file), "--format", "tsv", input=PERSONS)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["?name", *(f'"{n}"' for n in NAMES)]


def test_query_file(graph_file, tmp_path):
    path = tmp_path / "persons.rq"
    path.write_text(PERSONS, encoding="utf-8")
    result = kg("query", str(path), "--graph", str(graph_file))
    assert result.exit_code == 0 and result.stdout.splitlines()[-1] == "(4 rows)"


def test_a_name_that_is_no_query_is_named(graph_file):
    result = kg("query", "no-such-query", "--graph", str(graph_file))
    assert result.exit_code == 1 and "no-such-query: no such query file or named query" in result.stderr


# --- output formats, written by pyoxigraph ------------------------------------------------------

@pytest.mark.parametrize("fmt, parse", [
    ("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)])
def test_results_formats_parse_back(graph_file, fmt, parse):
    result = kg("query", PERSONS, "--graph", str(graph_file), "--format", fmt)
    assert result.exit_code == 0, result.output
    solutions = ox.parse_query_results(result.stdout.encode("utf-8"), parse)
    assert [s["name"].value for s in solutions] == NAMES


def test_xml_is_sparql_results_xml(graph_file):
    result = kg("query", PERSONS, "--graph", str(graph_file), "--format", "xml")
    root = ET.fromstring(result.stdout)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_construct_is_turtle_by_default(graph_file):
    result = kg("query", f"CONSTRUCT {{ ?s <{KG}recognises> ?o }} WHERE {{ ?s <{KG}recognises> ?o }}",
                "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    assert "@prefix kg: <https://kg.example.org/ns#>" in result.stdout
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert {(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1]) for s, _, o in graph} == {
        ("united-states", "juan-guaido"), ("spain", "juan-guaido")}


@pytest.mark.parametrize("fmt, rdflib_format", [("ntriples", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_describe_in_other_rdf_formats(graph_file, fmt, rdflib_format):
    result = kg("query", "DESCRIBE <https://kg.example.org/actor/spain>", "--graph", str(graph_file), "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format=rdflib_format)
    assert (rdflib.URIRef("https://kg.example.org/actor/spain"), rdflib.RDFS.label, rdflib.Literal("Spain")) in graph


def test_a_results_format_for_construct_is_refused(graph_file):
    result = kg("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--graph", str(graph_file), "--format", "csv")
    assert result.exit_code == 1 and "CONSTRUCT or DESCRIBE answer is RDF" in result.stderr


def test_syntax_error_in_an_inline_query_names_line_and_column(graph_file):
    result = kg("query", "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  ?s foo:p ?o\n}", "--graph", str(graph_file))
    assert result.exit_code == 1
    assert "<query>: SPARQL syntax error at line 4, column " in result.stderr
    assert "prefix not found (near: ?s foo:p ?o)" in result.stderr


@pytest.mark.parametrize("text, line, column, near", [
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  FILTER(?o = )\n}", 4, 3, "FILTER(?o = )"),
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = 3))\n}", 4, 17, "FILTER(?o = 3))"),
    ("SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(CONTAINS(?o, \"x\")\n}\nORDER BY ?s", 3, 3, 'FILTER(CONTAINS(?o, "x")'),
    ("SELECT ?s\nWHERE {\n  OPTIONAL { ?s ?p }\n  ?s ?p ?o .\n}", 3, 3, "OPTIONAL { ?s ?p }"),
])
def test_a_broken_expression_is_reported_where_it_is_not_at_the_end(graph_file, text, line, column, near):
    result = kg("query", text, "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: <query>: SPARQL syntax error at line {line}, column {column}: "
                                     f"this clause cannot be read (near: {near})")


# --- read-only, no network ----------------------------------------------------------------------

@pytest.mark.parametrize("text, word", [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("DROP ALL", "DROP"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("PREFIX x: <http://x/>\ndelete where { ?s ?p ?o }", "DELETE"),
])
def test_updates_are_refused(graph_file, text, word):
    result = kg("query", text, "--graph", str(graph_file))
    assert result.exit_code == 1
    assert f"{word} is an update, and kg is read-only" in result.stderr


def test_service_is_refused(graph_file):
    result = kg("query", "SELECT * WHERE {\n SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                "--graph", str(graph_file))
    assert result.exit_code == 1
    assert "line 2: SERVICE is refused: kg queries never call another endpoint" in result.stderr


def test_keywords_in_strings_iris_and_comments_are_not_refused(graph_file):
    text = ('# LOAD, DROP and SERVICE are fine in a comment\n'
            'SELECT ?x WHERE { BIND("LOAD <x> ; DROP ALL ; SERVICE" AS ?x) FILTER(?x != <http://a/SERVICE>) }')
    result = kg("query", text, "--graph", str(graph_file), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "LOAD <x> ; DROP ALL ; SERVICE"


class _Recorder(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_remote_jsonld_context_is_never_fetched(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
        doc = tmp_path / "graph.jsonld"
        doc.write_text(json.dumps({"@context": url, "@id": "http://a", "name": "x"}), encoding="utf-8")
        result = kg("query", "ASK { ?s ?p ?o }", "--graph", str(doc))
        assert result.exit_code == 1
        assert f"{doc}: cannot parse graph" in result.stderr and "remote context" in result.stderr
        assert _Recorder.hits == []
    finally:
        server.shutdown()
        server.server_close()


def test_a_jsonld_graph_with_its_context_inline_is_read(graph_file, tmp_path):
    doc = tmp_path / "graph.jsonld"
    doc.write_bytes(rdflib.Graph().parse(graph_file).serialize(format="json-ld", encoding="utf-8"))
    result = kg("query", PERSONS, "--graph", str(doc), "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["name", *NAMES]


# --- limits -------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["(", "{", "!", "+1", "."])
def test_a_query_nested_thousands_deep_is_an_error_not_a_crash(graph_file, shape):
    n = 20_000
    if shape == "(":
        text = "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }"
    elif shape == "{":
        text = "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n
    elif shape == "!":
        text = "SELECT * WHERE { FILTER(" + "!" * n + "true) }"
    elif shape == "+1":
        text = "SELECT * WHERE { FILTER(1" + "+1" * n + " > 0) }"
    else:
        text = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(n)) + " }"
    path = graph_file.parent / "deep.rq"
    path.write_text(text, encoding="utf-8")
    result = kg_process("query", str(path), "--graph", str(graph_file))
    assert result.returncode == 1, (result.returncode, result.stderr[-300:])
    assert result.stderr.startswith(f"Error: {path}: line 1: the query ")
    assert "kg refuses it rather than risk the engine's stack" in result.stderr


EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_error(graph_file):
    started = time.monotonic()
    result = kg_process("query", EXPENSIVE, "--graph", str(graph_file), "--timeout", "1")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == ("Error: <query>: the query ran longer than 1 s (the time limit); "
                                     "narrow it, or raise the limit with --timeout")
    assert time.monotonic() - started < 30


def test_more_rows_than_the_limit_is_an_error(graph_file):
    result = kg("query", "relations", "--graph", str(graph_file), "--max-rows", "5", "--format", "csv")
    assert result.exit_code == 1 and result.stdout == ""
    assert "the answer has more than 5 rows (the result limit); add a LIMIT, or raise the limit with --max-rows" \
        in result.stderr
    assert kg("query", "relations", "--graph", str(graph_file), "--max-rows", "12").exit_code == 0


def test_control_characters_from_articles_are_escaped_in_the_table(tmp_path):
    text = "Spain \x1b[31mrecognised\x1b[0m Guaido\x07 \u202eon Monday\x08."
    actors = [Actor("spain", "Spain\x1b]0;pwned\x07", ActorType.POLITY, ("Spain",)),
              Actor("juan-guaido", "Juan Guaido", ActorType.PERSON, ("Guaido",))]
    claim = Claim("art1", "spain", Relation.RECOGNISES, "juan-guaido", text, 0, len(text), "recognised", 6, 16,
                  "test.recognise.v1", 0.8)
    result_ = ArticleResult(Article(id="art1", text=text, title="t", date=None), tuple(actors), (claim,), 1, 5)
    path = tmp_path / "graph.ttl"
    path.write_bytes(build_graph(actors, [result_]).serialize(format="turtle", encoding="utf-8"))
    result = kg("query", "recognitions", "--graph", str(path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "Spain\\x1b]0;pwned\\x07" in result.stdout
    assert "Guaido\\x07 \\u202eon Monday\\x08." in result.stdout
    # machine formats keep the text as it is
    csv_out = kg("query", "recognitions", "--graph", str(path), "--format", "csv").stdout
    assert "Spain\x1b]0;pwned\x07" in csv_out


# --- an on-disk store ----------------------------------------------------------------------------

def test_an_oxigraph_store_folder_is_opened_read_only(graph_file, tmp_path):
    folder = store_folder(graph_file, tmp_path / "store")
    expected = kg("query", "relations", "--graph", str(graph_file), "--format", "csv").stdout
    result = kg("query", "relations", "--store", str(folder), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    refused = kg("query", "DROP ALL", "--store", str(folder))
    assert refused.exit_code == 1 and "read-only" in refused.stderr
    assert kg("query", "relations", "--store", str(folder), "--format", "csv").stdout == expected


def test_a_missing_store_folder_is_named(tmp_path):
    result = kg("query", "relations", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1 and f"{tmp_path / 'none'}: no such store folder" in result.stderr
