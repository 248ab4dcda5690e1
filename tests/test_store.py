"""`kg build --store DIR`: an on-disk Oxigraph store, built incrementally, idempotent, resumable.

Real spaCy model, real Oxigraph, real SQLite, real processes (one is killed with SIGKILL).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import store_folder, write
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import __version__
from kg import query as q
from kg.cli import cli
from kg.registry import FILE
from kg.store import open_read_only, union_graph

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
BRAZIL = "Monday in Brasilia\n\nBrazil recognised Juan Guaidó as interim president of Venezuela on Monday.\n"
PERU = "Peru follows\n\nPeru recognised Guaido as the legitimate president on Tuesday.\n"
CUBA = "Cuba speaks\n\nCuba condemned Nicolas Maduro on Wednesday.\n"
CUBA_CHANGED = "Cuba speaks\n\nCuba supports Nicolas Maduro, its foreign minister said on Wednesday.\n"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def quads(directory: Path) -> set[str]:
    return {str(quad) for quad in open_read_only(directory).quads_for_pattern(None, None, None, None)}


def named_graphs(directory: Path) -> set[str]:
    return {g.value for g in open_read_only(directory).named_graphs()}


def by_graph(directory: Path, graph: str) -> set[str]:
    import pyoxigraph as ox

    return {str(quad) for quad in open_read_only(directory).quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def rows(directory: Path, text: str) -> list[tuple[str, ...]]:
    return list(q.run(q.open_disk_store(directory), text).rows)


RELATIONS = """SELECT ?s ?p ?o WHERE { ?c a kg:Claim ; rdf:subject/rdfs:label ?s ; rdf:predicate ?p ;
                                       rdf:object/rdfs:label ?o } ORDER BY ?s ?p ?o"""


def test_seeds_store_has_the_plain_builds_relations_and_a_rerun_adds_nothing(seeds_build, tmp_path):
    out, _ = seeds_build
    first = kg("build", ROOT / "seeds", "--store", tmp_path / "s")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("5 new, 0 changed, 0 unchanged;")
    assert "5 articles, 184 sentences, 23 actors, 30 relations from 39 claims" in first.output
    relations = "relations"  # the shipped query, the scoring contract: labels, relation, article, evidence
    from_store = q.format_answer(q.run(q.open_disk_store(tmp_path / "s"), q.resolve_query(relations)[1]), "csv")
    plain = q.format_answer(q.run(q.open_store(out / "graph.ttl"), q.resolve_query(relations)[1]), "csv")
    assert from_store == plain and from_store.count("\n") == 40
    before = quads(tmp_path / "s")
    again = kg("build", ROOT / "seeds", "--store", tmp_path / "s")
    assert again.exit_code == 0 and again.output.startswith("0 new, 0 changed, 5 unchanged;"), again.output
    assert quads(tmp_path / "s") == before
    # the RDF holds only the graph: articles, actors, relations, builds; no bookkeeping
    assert len(named_graphs(tmp_path / "s")) == 5 + 3
    assert not rows(tmp_path / "s", "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?p), 'sha256') "
                                    "&& !STRENDS(STR(?p), '#sha256') && !CONTAINS(STR(?p), 'Sha256')) }")


def test_an_unchanged_rerun_does_not_load_spacy(tmp_path):
    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    assert kg("build", tmp_path / "in", "--store", tmp_path / "s").exit_code == 0
    script = ("import sys\nfrom kg.cli import main\nsys.argv = ['kg'] + sys.argv[1:]\n"
              "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
              "print('spacy loaded:', 'spacy' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", script, "build", str(tmp_path / "in"), "--store", str(tmp_path / "s")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.startswith("0 new, 0 changed, 1 unchanged;"), run.stdout + run.stderr
    assert "exit 0" in run.stdout and "spacy loaded: False" in run.stdout


def test_a_changed_article_replaces_its_graph_and_a_new_one_is_done_alone(tmp_path):
    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    write(tmp_path / "in" / "cuba.txt", CUBA)
    assert kg("build", tmp_path / "in", "--store", tmp_path / "s").output.startswith("2 new, 0 changed, 0 unchanged")
    graphs = named_graphs(tmp_path / "s")
    assert ("Cuba", "https://kg.example.org/ns#condemns", "Nicolas Maduro") in rows(tmp_path / "s", RELATIONS)

    write(tmp_path / "in" / "cuba.txt", CUBA_CHANGED)
    changed = kg("build", tmp_path / "in", "--store", tmp_path / "s")
    assert changed.output.startswith("0 new, 1 changed, 1 unchanged;"), changed.output
    after = named_graphs(tmp_path / "s")
    assert len(after) == len(graphs) and len(after - graphs) == 1  # the old content's graph is gone
    relations = rows(tmp_path / "s", RELATIONS)
    assert ("Cuba", "https://kg.example.org/ns#supports", "Nicolas Maduro") in relations
    assert ("Cuba", "https://kg.example.org/ns#condemns", "Nicolas Maduro") not in relations
    direct = rows(tmp_path / "s", "SELECT ?p WHERE { <https://kg.example.org/actor/cuba> ?p "
                                  "<https://kg.example.org/actor/nicolas-maduro> }")
    assert direct == [("https://kg.example.org/ns#supports",)]  # the old direct triple is taken back
    articles = rows(tmp_path / "s", "SELECT ?id WHERE { ?a kg:articleId ?id } ORDER BY ?id")
    assert articles == [("brazil",), ("cuba",)]  # one record per article, not two for cuba

    write(tmp_path / "in" / "peru.txt", PERU)
    articles_before = {g: by_graph(tmp_path / "s", g) for g in after if "/graph/" in g and len(g.rsplit("/", 1)[1]) == 64}
    new = kg("build", tmp_path / "in", "--store", tmp_path / "s")
    assert new.output.startswith("1 new, 0 changed, 2 unchanged;"), new.output
    assert len(named_graphs(tmp_path / "s")) == len(after) + 1
    assert len(articles_before) == 2
    for g, content in articles_before.items():  # the other articles' graphs are left as they were
        assert by_graph(tmp_path / "s", g) == content


def test_guaido_is_one_node_across_builds_and_minted_iris_never_change(tmp_path):
    write(tmp_path / "a" / "brazil.txt", BRAZIL)
    write(tmp_path / "b" / "peru.txt", PERU)
    kg("build", tmp_path / "a", "--store", tmp_path / "s")
    assert kg("build", tmp_path / "a", tmp_path / "b", "--store", tmp_path / "s").output.startswith("1 new")
    objects = rows(tmp_path / "s", "SELECT DISTINCT ?o ?label WHERE { ?c rdf:object ?o . ?o rdfs:label ?label }")
    assert objects == [("https://kg.example.org/actor/juan-guaido", "Juan Guaidó")]

    # the other way round: the node is minted from the short name, and keeps its IRI
    write(tmp_path / "c" / "peru.txt", PERU)
    kg("build", tmp_path / "c", "--store", tmp_path / "t")
    first = rows(tmp_path / "t", "SELECT ?o ?label WHERE { ?c rdf:object ?o . ?o rdfs:label ?label }")
    write(tmp_path / "d" / "brazil.txt", BRAZIL)
    kg("build", tmp_path / "c", tmp_path / "d", "--store", tmp_path / "t")
    objects = rows(tmp_path / "t", "SELECT DISTINCT ?o ?label WHERE { ?c rdf:object ?o . ?o rdfs:label ?label }")
    assert len(objects) == 1 and objects[0][0] == first[0][0]  # one node, the IRI it was minted with
    assert objects[0][1] == "Juan Guaidó"  # under the fullest name seen since
    assert len(rows(tmp_path / "t", "SELECT ?a WHERE { ?a a kg:Actor ; rdfs:label ?l FILTER(CONTAINS(?l, 'Guaid')) }")) == 1


def test_other_settings_are_refused_and_rebuild_extracts_again(tmp_path):
    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    kg("build", tmp_path / "in", "--store", tmp_path / "s")
    before = quads(tmp_path / "s")
    other = kg("build", tmp_path / "in", "--store", tmp_path / "s", "--base", "https://example.org/mine/")
    assert other.exit_code == 1
    message = other.output.strip()
    assert "\n" not in message and "--rebuild" in message and "--base" in message, message
    assert quads(tmp_path / "s") == before
    stricter = kg("build", tmp_path / "in", "--store", tmp_path / "s", "--min-confidence", "0.9")
    assert stricter.exit_code == 1 and "--min-confidence" in stricter.output

    db = sqlite3.connect(tmp_path / "s" / FILE)  # a store an older kg made
    db.execute("UPDATE settings SET value = 'kg 0.0.1' WHERE name = 'software'")
    db.commit()
    db.close()
    older = kg("build", tmp_path / "in", "--store", tmp_path / "s")
    assert older.exit_code == 1 and f"kg version was kg 0.0.1, now kg {__version__}" in older.output

    rebuilt = kg("build", tmp_path / "in", "--store", tmp_path / "s", "--base", "https://example.org/mine/", "--rebuild")
    assert rebuilt.exit_code == 0 and rebuilt.output.startswith("1 new, 0 changed, 0 unchanged;"), rebuilt.output
    subjects = {s for s, in rows(tmp_path / "s", "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert subjects and all(s.startswith("https://example.org/mine/") for s in subjects)
    assert kg("build", tmp_path / "in", "--store", tmp_path / "s", "--base", "https://example.org/mine/"
              ).output.startswith("0 new, 0 changed, 1 unchanged")


def test_a_folder_that_is_not_a_kg_store_is_refused(tmp_path):
    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    write(tmp_path / "mine" / "notes.txt", "my notes")
    oxigraph = store_folder(write(tmp_path / "g.nt", "<http://a> <http://b> <http://c> .\n"), tmp_path / "ox")
    for folder in (tmp_path / "mine", oxigraph, tmp_path / "g.nt"):
        for rebuild in ((), ("--rebuild",)):
            refused = kg("build", tmp_path / "in", "--store", folder, *rebuild)
            assert refused.exit_code == 1 and str(folder) in refused.output, refused.output
            assert "not a kg store" in refused.output or "not a folder" in refused.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "my notes"  # nothing touched, nothing wiped
    assert len(quads(oxigraph)) == 1
    read = kg("stats", "--store", tmp_path / "mine")
    assert read.exit_code == 1 and "not a kg store" in read.output


def test_query_export_view_stats_validate_read_the_store(tmp_path):
    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    write(tmp_path / "in" / "cuba.txt", CUBA)
    kg("build", tmp_path / "in", "--store", tmp_path / "s")
    union = union_graph(tmp_path / "s")
    answer = kg("query", "relations", "--store", tmp_path / "s", "--format", "csv")
    assert answer.output.splitlines()[0] == "subject,relation,object,source,evidence"
    assert "Cuba,condemns,Nicolas Maduro,cuba," in answer.output
    assert kg("export", "--store", tmp_path / "s", "--format", "turtle", "--out", tmp_path / "g.ttl").exit_code == 0
    assert isomorphic(Graph().parse(tmp_path / "g.ttl"), union) and len(union) > 50
    assert kg("export", "--store", tmp_path / "s", "--format", "trig", "--out", tmp_path / "g.trig").exit_code == 0
    stats = kg("stats", "--store", tmp_path / "s", "--json")
    assert stats.exit_code == 0 and "Nicolas Maduro" in stats.output
    view = kg("view", "--store", tmp_path / "s", "--out", tmp_path / "v.html")
    assert view.exit_code == 0 and "2 relations" in view.output and (tmp_path / "v.html").stat().st_size > 1000
    assert kg("validate", "--store", tmp_path / "s").output == "conforms\n"


def _stored(directory: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{directory / FILE}?mode=ro", uri=True)
        try:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    """A corpus of 40 articles (bench/corpus.py) and its store built in one go, in this process
    with --jobs 1: (corpus, store, the build's output). The Oxigraph store is flushed every 3
    articles and closed and opened again every 7 (as every 64 and 512 in a large build), which
    the builds it is compared with, in other processes, never do at 40 articles."""
    from kg import storebuild

    tmp = tmp_path_factory.mktemp("forty")
    corpus = tmp / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--articles", "40", "--out", str(corpus)],
                   check=True, capture_output=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storebuild, "FLUSH", 3)
        patch.setattr(storebuild, "REOPEN", 7)
        whole = kg("build", corpus, "--store", tmp / "whole")
    assert whole.output.startswith("40 new, 0 changed, 0 unchanged"), whole.output
    return corpus, tmp / "whole", whole.output


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _kill_after(command: list[str], directory: Path, stored: int) -> tuple[int, list[int]]:
    """Start `command`, SIGKILL it once `stored` articles are in `directory`'s registry: (the
    articles stored then, the worker processes it had)."""
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _stored(directory) < stored and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(build.pid)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL, build.returncode
    return _stored(directory), workers


def _resumed(command: list[str], killed: Path, done: int, whole: Path, whole_output: str) -> None:
    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    counts = resumed.stdout.split(";")[0]
    new, unchanged = int(counts.split()[0]), int(counts.split()[-2])
    assert counts == f"{new} new, 0 changed, {unchanged} unchanged" and new + unchanged == 40
    assert unchanged >= done  # (a row committed after the poll, before the kill, counts too)
    assert quads(killed) == quads(whole)  # no article lost, none twice
    assert isomorphic(union_graph(killed), union_graph(whole))
    assert resumed.stdout.split(";")[1].split("(")[0].replace(str(killed), "") == \
        whole_output.split(";")[1].split("(")[0].replace(str(whole), "")


def test_a_build_killed_mid_way_resumes_to_the_same_store(forty, tmp_path):
    corpus, whole, output = forty
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(tmp_path / "killed")]
    done, _ = _kill_after(command, tmp_path / "killed", 3)
    assert 3 <= done < 40, done
    _resumed(command, tmp_path / "killed", done, whole, output)


def test_jobs_2_writes_the_store_jobs_1_writes(forty, tmp_path):
    """Parsed in two worker processes, written by one in the articles' order: the same quads
    (named graphs and all) and the same export, byte for byte."""
    corpus, whole, output = forty
    two = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(tmp_path / "two"),
                          "--jobs", "2"], cwd=ROOT, capture_output=True, text=True)
    assert two.returncode == 0 and two.stderr == "", two.stderr
    assert two.stdout.split("(")[0].replace(str(tmp_path / "two"), "") == output.split("(")[0].replace(str(whole), "")
    assert quads(tmp_path / "two") == quads(whole)
    exported = [kg("export", "--store", s, "--format", "nquads").stdout_bytes for s in (whole, tmp_path / "two")]
    assert exported[0] == exported[1] and exported[0].count(b"\n") > 1000


def test_a_build_with_jobs_2_killed_mid_way_resumes_to_the_same_store_and_leaves_no_worker(forty, tmp_path):
    corpus, whole, output = forty
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(tmp_path / "killed"),
               "--jobs", "2"]
    done, workers = _kill_after(command, tmp_path / "killed", 12)
    assert 12 <= done < 40 and len(workers) == 2, (done, workers)
    deadline = time.monotonic() + 10  # the workers die with the build (PR_SET_PDEATHSIG)
    while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
    _resumed(command, tmp_path / "killed", done, whole, output)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def test_one_build_at_a_time(tmp_path):
    import pyoxigraph as ox

    write(tmp_path / "in" / "brazil.txt", BRAZIL)
    kg("build", tmp_path / "in", "--store", tmp_path / "s")
    held = ox.Store(str(tmp_path / "s"))  # another writer holds the store
    second = kg("build", tmp_path / "in", "--store", tmp_path / "s", "--rebuild")
    assert second.exit_code == 1 and "another kg build" in second.output, second.output
    del held
    assert kg("build", tmp_path / "in", "--store", tmp_path / "s").output.startswith("0 new, 0 changed, 1 unchanged")
