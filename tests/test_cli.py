"""The `kg` command through click's CliRunner: build outputs, one-line errors, atomic writes,
determinism, and documented commands.

Builds run on one to three short articles, so the (cached) model parses little.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg import __version__, pipeline
from kg.cli import cli
from kg.nlp import model_id
from kg.rules import gazetteer_sha256, rules_sha256
from kg.vocab import KG

from helpers import write

SUMMARY = re.compile(
    r"^(?P<articles>\d+) articles?, (?P<sentences>\d+) sentences?, (?P<actors>\d+) actors?, "
    r"(?P<relations>\d+) relations? \(supports (?P<supports>\d+), recognises (?P<recognises>\d+), "
    r"defectsTo (?P<defectsTo>\d+), condemns (?P<condemns>\d+)\) from (?P<claims>\d+) claims? "
    r"in (?P<seconds>\d+(?:\.\d+)?) s$")

SPAIN = ("Spain backs Guaido\n"
         "Spain and France recognised Juan Guaido as interim president on Monday.\n")
MADURO = ("Maduro lashes out\n"
          "Nicolas Maduro condemned the United States. Russia supports Maduro.\n")


def kg(*args: str | Path):
    """Run the CLI in-process; stdout and stderr are kept apart on the result."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)




def visible(out: Path) -> list[str]:
    """The files a user sees in an output folder (the builds themselves are under the hidden .kg/)."""
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".kg"))


def article_ids(ttl: Path) -> set[str]:
    graph = rdflib.Graph().parse(ttl, format="turtle")
    return {str(o) for o in graph.objects(None, KG.articleId)}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "in"
    write(folder / "spain.txt", SPAIN)
    write(folder / "maduro.txt", MADURO)
    return folder


# --- help -------------------------------------------------------------------------------------

def _commands() -> list[str]:
    return sorted(cli.commands)


def test_main_help_has_an_example():
    result = kg("--help")
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("name", _commands())
def test_every_command_help_has_an_example(name):
    result = kg(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`kg {name} --help` shows no example"


def test_every_registered_command_is_tested_for_help():
    assert {"build", "query"} <= set(cli.commands)
    assert all(isinstance(c, click.Command) for c in cli.commands.values())


# --- build ------------------------------------------------------------------------------------

@pytest.mark.model
def test_build_writes_graph_page_and_summary(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    result = kg("build", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert visible(out) == ["graph.html", "graph.ttl"]  # no temp files left
    summary = next((m for line in result.stdout.splitlines() if (m := SUMMARY.match(line))), None)
    assert summary, result.stdout
    counts = {k: float(v) if k == "seconds" else int(v) for k, v in summary.groupdict().items()}
    assert counts["articles"] == 2
    assert counts["sentences"] >= 2
    assert counts["relations"] == sum(counts[r] for r in ("supports", "recognises", "defectsTo", "condemns"))
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, KG.articleId)} == {"spain", "maduro"}
    # relations are distinct actor-relation-actor links (as on the page), claims the sentences stating them
    assert len(set(graph.subjects(rdflib.RDF.type, KG.Claim))) == counts["claims"]
    direct = {(s, p, o) for s, p, o in graph if p in {KG.supports, KG.recognises, KG.defectsTo, KG.condemns}}
    assert len(direct) == counts["relations"]
    assert len(set(graph.subjects(rdflib.RDF.type, KG.Actor))) == counts["actors"]
    assert (out / "graph.html").read_text(encoding="utf-8").lstrip().lower().startswith(("<!doctype", "<html"))
    assert f"wrote {out / 'graph.ttl'}, {out / 'graph.html'}" in result.stdout


@pytest.mark.model
def test_build_records_how_the_claims_were_made(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    assert kg("build", corpus, "--out", out, "--no-html").exit_code == 0
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    claims = set(graph.subjects(rdflib.RDF.type, KG.Claim))
    assert claims
    generated = {c: list(graph.objects(c, rdflib.PROV.wasGeneratedBy)) for c in claims}
    assert all(len(builds) == 1 for builds in generated.values()), generated
    (build,) = {builds[0] for builds in generated.values()}
    assert (build, rdflib.RDF.type, KG.Build) in graph
    assert list(graph.subjects(rdflib.RDF.type, KG.Build)) == [build]
    # the model named is the model loaded, as its meta says
    assert str(graph.value(build, KG.model)) == model_id(nlp) == f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
    assert str(graph.value(build, KG.software)) == f"kg {__version__}"
    assert str(graph.value(build, KG.rulesSha256)) == rules_sha256()
    assert str(graph.value(build, KG.gazetteerSha256)) == gazetteer_sha256()
    assert str(graph.value(build, rdflib.RDFS.label)) == f"kg {__version__} with {model_id(nlp)}"

    done = kg("validate", "--graph", out / "graph.ttl")
    assert (done.exit_code, done.stdout) == (0, "conforms\n"), done.output
    done = kg("query", "builds", "--graph", out / "graph.ttl", "--format", "csv")
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["build"], r["model"], r["claims"]) for r in rows] == [(str(build), model_id(nlp), str(len(claims)))]


@pytest.mark.model
def test_no_html(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    result = kg("build", corpus / "spain.txt", "--out", out, "--no-html")
    assert result.exit_code == 0, result.output
    assert visible(out) == ["graph.ttl"]


@pytest.mark.model
@pytest.mark.parametrize("name, content, expected", [
    ("empty.txt", b"", "empty article"),
    ("binary.txt", b"\x00\x01\x02", "NUL"),
    ("lines.jsonl", b'{"id": "jl", "text": \n{"text": "no"', "invalid JSON"),
])
def test_one_bad_article_never_loses_the_others(nlp, tmp_path, name, content, expected):
    folder = tmp_path / "in"
    write(folder / "spain.txt", SPAIN)
    bad = write(folder / name, content)
    out = tmp_path / "out"
    result = kg("build", folder, "--out", out)
    assert result.exit_code == 2, result.output  # built, but something was skipped: not 0 (as make -k)
    assert "Traceback" not in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and all(str(bad) in w for w in warnings)
    assert expected in warnings[0]
    assert result.stderr.splitlines()[-1].startswith("1 input skipped or cut: " if len(warnings) == 1 else "2 inputs")
    assert str(bad) in result.stderr.splitlines()[-1]
    assert "spain" in article_ids(out / "graph.ttl")
    assert SUMMARY.match(result.stdout.splitlines()[0]).group("articles") == "1"


@pytest.mark.model
def test_stop_writes_nothing_when_an_input_is_skipped(nlp, tmp_path):
    folder = tmp_path / "in"
    write(folder / "spain.txt", SPAIN)
    write(folder / "empty.txt", b"")
    out = tmp_path / "out"
    result = kg("build", folder, "--out", out, "--stop")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"warning: {folder / 'empty.txt'}: empty article",
        "Error: 1 input skipped (see the warnings above); nothing written (--keep-going builds from the rest)"]
    assert not out.exists()


# Run in a fresh process: under pytest, log records are captured and never reach stderr.
_EXPLODING_KG = """
import sys
from kg import extract
from kg.cli import main

real = extract.extract_article

def explode_on_maduro(doc, article):
    if article.id == "maduro":
        raise RuntimeError("rule exploded")
    return real(doc, article)

extract.extract_article = explode_on_maduro
sys.argv = ["kg", *sys.argv[1:]]
main()
"""


@pytest.mark.model
def test_failing_extraction_is_one_warning_line_not_a_traceback(corpus, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", _EXPLODING_KG, "build", str(corpus), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, f"a traceback belongs behind -vv, not in a build:\n{result.stderr}"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {corpus / 'maduro.txt'}: extraction failed: rule exploded"]
    assert article_ids(out / "graph.ttl") == {"spain"}


def test_missing_input_path_is_one_error_line(tmp_path):
    missing = tmp_path / "no-such-folder"
    result = kg("build", missing, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"warning: {missing}: no such file or folder",
                                                  "Error: no article could be read; nothing written"]
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_failed_build_leaves_existing_outputs_untouched(nlp, tmp_path):
    out = tmp_path / "out"
    ttl = write(out / "graph.ttl", "# the previous graph\n")
    html = write(out / "graph.html", "<html>previous page</html>")
    before = (ttl.read_bytes(), ttl.stat().st_mtime_ns, html.read_bytes())
    empty = write(tmp_path / "in" / "empty.txt", "")
    result = kg("build", empty.parent, "--out", out)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert (ttl.read_bytes(), ttl.stat().st_mtime_ns, html.read_bytes()) == before
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


def test_missing_model_is_one_line_saying_what_to_install(tmp_path):
    write(tmp_path / "in" / "a.txt", SPAIN)
    out = tmp_path / "out"
    ttl = write(out / "graph.ttl", "# the previous graph\n")
    result = kg("build", tmp_path / "in", "--out", out, "--model", "no_such_model")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "no_such_model" in lines[0]
    assert "install" in lines[0]
    assert ttl.read_text(encoding="utf-8") == "# the previous graph\n"


@pytest.mark.model
def test_turtle_reparses_to_the_graph_built_in_process(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    assert kg("build", corpus, "--out", out, "--no-html").exit_code == 0
    from_file = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    in_process = pipeline.build([corpus]).graph
    assert len(from_file) == len(in_process) > 0
    assert isomorphic(from_file, in_process)


@pytest.mark.model
def test_two_builds_are_byte_identical(nlp, corpus, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert kg("build", corpus, "--out", first).exit_code == 0
    assert kg("build", corpus, "--out", second).exit_code == 0
    for name in ("graph.ttl", "graph.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between builds"


@pytest.mark.model
def test_rebuild_replaces_outputs_without_temp_files(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    write(out / "graph.ttl", "# stale\n")
    assert kg("build", corpus / "spain.txt", "--out", out).exit_code == 0
    assert visible(out) == ["graph.html", "graph.ttl"]
    assert len(list((out / ".kg").iterdir())) == 2  # current, and the one build it points to
    assert article_ids(out / "graph.ttl") == {"spain"}


@pytest.mark.model
def test_build_then_query(nlp, corpus, tmp_path):
    out = tmp_path / "out"
    assert kg("build", corpus, "--out", out, "--no-html").exit_code == 0
    result = kg("query", "relations", "--graph", out / "graph.ttl", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "subject,relation,object,source,evidence"
    rows = list(csv.DictReader(io.StringIO(result.stdout)))  # evidence may span lines
    assert {row["source"] for row in rows} <= {"spain", "maduro"}
    assert all(row["evidence"] for row in rows)


def test_outputs_are_ordinary_readable_files(tmp_path):
    """Written through a temporary file, the outputs still get the usual permissions, not 0600."""
    import os
    import stat

    from kg import atomic

    target = tmp_path / "graph.ttl"
    atomic.write_text(target, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
