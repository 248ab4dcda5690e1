"""`kg build --engine dask` (issue 11, point 6) on a real LocalCluster of two worker processes:
the graph is the local one, results keep the articles' order, a batch whose worker is killed
mid-way is retried (nothing lost), an article that kills its worker every time is skipped with
one line, and a worker with another kg version stops the build with one line.

The scheduler gives up on a task at the first worker death here (allowed-failures 0), so that
kg's own retry is what is tested; on a real cluster Dask retries three times first.
"""
from __future__ import annotations

from pathlib import Path

import dask
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

import dask_faults
import kg as kg_api
from kg import ingest
from kg.cli import cli
from kg.distributed import DaskError, process_on_dask
from kg.pipeline import process_articles
from kg.types import Article

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster, set_as_default=False) as client:
                yield client


@pytest.fixture(autouse=True)
def both_workers(client):
    """Each test starts with both workers up (the nanny restarts a killed one in a few seconds)."""
    client.wait_for_workers(2, timeout=120)


@pytest.fixture(scope="module")
def articles():
    """The five seed articles between short ones: a short batch finishes before a long one
    submitted earlier, so results come back out of order. Batches: [0], [1 2], [3-6], [7-11]."""
    seeds = [a for a in ingest.read_articles([ROOT / "seeds"]) if isinstance(a, Article)]
    short = [Article(id=f"short-{i}", text=f"Minister Ana Reyes{i} said Chile supports Peru. Brazil condemned "
                                            f"the coup in Bolivia.") for i in range(7)]
    return [seeds[0], short[0], short[1], seeds[1], short[2], seeds[2], short[3], seeds[3], short[4],
            seeds[4], short[5], short[6]]


@pytest.fixture(scope="module")
def local(nlp, articles):
    return list(process_articles(nlp, articles))


def kg(*args) -> object:
    """`kg …` in this process (the model is loaded once per test session), stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def on_dask(client, articles, **kwargs):
    errors: list[str] = []
    return list(process_on_dask(articles, client, on_error=errors.append, **kwargs)), errors


def test_kg_build_on_dask_writes_the_local_graph(client, seeds_build, tmp_path):
    local_out, local_stdout = seeds_build
    run = kg("build", ROOT / "seeds", "--out", tmp_path, "--engine", "dask", "--scheduler", client.scheduler.address)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.split(" in ")[0] == local_stdout.split(" in ")[0]  # "5 articles, 184 sentences, …"
    assert (tmp_path / "graph.ttl").read_bytes() == (local_out / "graph.ttl").read_bytes()


def test_the_python_api_builds_on_a_scheduler_too(client, articles):
    texts = [a.text for a in articles[1:4]]  # two short ones and a seed article
    on_cluster = kg_api.build(texts, scheduler=client.scheduler.address)
    assert on_cluster.errors == []
    assert on_cluster.graph.serialize(format="turtle") == kg_api.build(texts).graph.serialize(format="turtle")


def test_results_come_back_in_the_articles_order(client, articles, local):
    results, errors = on_dask(client, articles)
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert results == local  # the same records, actors and claims, as one local process makes
    assert errors == []


def test_a_worker_with_another_kg_version_stops_the_build_with_one_line(client, articles):
    old = client.run(dask_faults.pretend_version, "0.0.1-elsewhere")
    try:
        with pytest.raises(DaskError) as caught:
            on_dask(client, articles[:3])
    finally:
        for address, version in old.items():
            client.run(dask_faults.pretend_version, version, workers=[address])
    message = str(caught.value)
    assert "\n" not in message
    assert "runs kg 0.0.1-elsewhere" in message and "but this build runs kg " in message
    assert "install the same kg and spaCy model on every worker" in message


def test_a_batch_killed_mid_way_is_retried_and_nothing_is_lost(client, articles, local, tmp_path):
    client.register_plugin(dask_faults.KillWorker(4, str(tmp_path), times=1, delay=0.3))
    try:
        results, errors = on_dask(client, articles)
    finally:
        client.unregister_worker_plugin(dask_faults.KillWorker.name)
    assert [k.split("-")[2:4] for k in dask_faults.kills(tmp_path)] == [["3", "7"]]  # the batch of 3-6 died
    assert results == local
    assert errors == []


def test_an_article_that_kills_its_worker_every_time_is_skipped_with_one_line(client, articles, local, tmp_path):
    client.register_plugin(dask_faults.KillWorker(2, str(tmp_path), times=3, delay=0.0))
    try:
        results, errors = on_dask(client, articles, attempts=2)
    finally:
        client.unregister_worker_plugin(dask_faults.KillWorker.name)
    assert len(dask_faults.kills(tmp_path)) == 3  # its batch, then the article alone, twice
    assert results == [r for r in local if r.article.id != "short-1"]
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith("short-1: lost on the dask cluster 2 times")


def test_dask_needs_a_reachable_scheduler_and_writes_nothing_without_one(tmp_path):
    out = tmp_path / "out"
    usage = kg("build", ROOT / "seeds", "--engine", "dask", "--out", out)
    assert usage.exit_code == 2 and "--engine dask needs --scheduler ADDRESS" in usage.stderr
    gone = kg("build", ROOT / "seeds", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--out", out)
    assert gone.exit_code == 1
    assert gone.stderr.count("\n") == 1 and gone.stderr.startswith("Error: dask scheduler tcp://127.0.0.1:9: cannot connect")
    assert not out.exists()
