"""`kg push` into a real Oxigraph server (`oxigraph serve`, from the PyPI package `oxigraph`),
started on a free loopback port and stopped by its process id; then the shipped queries run
against it with `kg query --endpoint` and give the same rows as locally."""
from __future__ import annotations

import shlex

import pytest
from click.testing import CliRunner
from servers import start_oxigraph, stop

from kg import library
from kg.cli import cli

GRAPH_IRI = "https://example.org/graphs/venezuela"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    yield base
    stop(process)


def kg(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def count(base: str, graph_iri: str | None = None) -> int:
    args = ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", base + "query", "--format", "csv"]
    if graph_iri:
        args += ["--graph-iri", graph_iri]
    result = kg(*args)
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[1])


def test_push_replaces_then_merges_a_named_graph(oxigraph, graph_file, tmp_path):
    result = kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri", GRAPH_IRI)
    assert result.exit_code == 0, result.output
    sent = int(result.stdout.split(": ")[-1].split()[0])
    assert result.stdout.startswith(f"replaced <{GRAPH_IRI}> at {oxigraph}store: ")
    assert count(oxigraph, GRAPH_IRI) == sent
    # replacing again leaves the same graph, not twice as much
    assert kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri",
              GRAPH_IRI).exit_code == 0
    assert count(oxigraph, GRAPH_IRI) == sent
    # merging adds what is new
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    result = kg("push", "--endpoint", oxigraph + "store", "--graph", str(extra), "--graph-iri", GRAPH_IRI, "--merge")
    assert result.exit_code == 0 and result.stdout.startswith(f"added <{GRAPH_IRI}>")
    assert count(oxigraph, GRAPH_IRI) == sent + 1
    # and replacing drops it again
    kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri", GRAPH_IRI)
    assert count(oxigraph, GRAPH_IRI) == sent


def _example(query) -> list[str]:
    argv = shlex.split(query.example)
    return [a for i, a in enumerate(argv) if a in ("--param", "-p") or (i and argv[i - 1] in ("--param", "-p"))]


@pytest.mark.parametrize("query", library.all_queries(), ids=lambda n: n.name)
def test_shipped_queries_answer_the_same_from_the_store(oxigraph, graph_file, query):
    kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri", GRAPH_IRI)
    for params in ([], _example(query)):
        local = kg("query", query.name, "--graph", str(graph_file), "--format", "tsv", *params)
        remote = kg("query", query.name, "--endpoint", oxigraph + "query", "--graph-iri", GRAPH_IRI,
                    "--format", "tsv", *params)
        assert local.exit_code == 0 and remote.exit_code == 0, (local.output, remote.output)
        if query.name in ("actors", "actors-by-type", "camps"):  # GROUP_CONCAT's order is not defined
            assert sorted(map(_sorted_cells, local.stdout.splitlines())) == sorted(
                map(_sorted_cells, remote.stdout.splitlines()))
        else:
            assert sorted(local.stdout.splitlines()) == sorted(remote.stdout.splitlines())
            assert local.stdout.splitlines()[0] == remote.stdout.splitlines()[0]


def _sorted_cells(line: str) -> str:
    return "\t".join("".join(sorted(cell)) for cell in line.split("\t"))


def test_a_hostile_parameter_cannot_change_a_remote_query(oxigraph, graph_file):
    kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri", GRAPH_IRI)
    before = count(oxigraph, GRAPH_IRI)
    result = kg("query", "SELECT ?v WHERE { }", "--endpoint", oxigraph + "query",
                "--param", 'v=x" } ; DROP ALL ; SELECT * WHERE { "', "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == '"x"" } ; DROP ALL ; SELECT * WHERE { """'
    assert count(oxigraph, GRAPH_IRI) == before


def test_unreachable_and_bad_endpoints_are_one_line_errors(graph_file):
    result = kg("push", "--endpoint", "http://127.0.0.1:9/store", "--graph", str(graph_file))
    assert result.exit_code == 1 and "http://127.0.0.1:9/store?default: cannot reach the endpoint" in result.stderr
    result = kg("query", "relations", "--endpoint", "ftp://example.org/q")
    assert result.exit_code == 1 and "not an http(s) URL" in result.stderr
    result = kg("push", "--endpoint", "http://127.0.0.1:9/store", "--graph", str(graph_file), "--graph-iri", "no iri")
    assert result.exit_code == 1 and "--graph-iri 'no iri'" in result.stderr


def test_kg_default_prefixes_work_on_an_endpoint_too(oxigraph, graph_file):
    kg("push", "--endpoint", oxigraph + "store", "--graph", str(graph_file), "--graph-iri", GRAPH_IRI)
    text = "SELECT ?name WHERE { ?a a kg:Person ; rdfs:label ?name } ORDER BY ?name"
    local = kg("query", text, "--graph", str(graph_file), "--format", "csv")
    remote = kg("query", text, "--endpoint", oxigraph + "query", "--graph-iri", GRAPH_IRI, "--format", "csv")
    assert local.exit_code == 0 and remote.stdout == local.stdout and len(local.stdout.splitlines()) == 5
