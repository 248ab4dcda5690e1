"""`kg build --jobs N`: the articles are shared out in small tasks, and the graph does not
depend on N (issue 11, point 2). The speed-up itself is measured by bench/bench_build.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline
from kg.pipeline import chunk_size_for

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("articles, jobs", [(1, 2), (5, 2), (30, 2), (200, 2), (10_000, 2), (30, 3), (7, 16)])
def test_every_worker_gets_several_small_tasks(articles, jobs):
    size = chunk_size_for(articles, jobs)
    tasks = -(-articles // size)
    assert 1 <= size <= 8  # a task is at most one spaCy batch
    # enough tasks for every worker to take several, so that none waits long for the last one
    assert tasks >= min(articles, 4 * jobs)


@pytest.mark.model
def test_three_workers_give_the_same_graph_as_one_process():
    """22 articles of two folders, in tasks of 1 over three workers: tasks finish out of
    order, and still the Turtle is byte for byte the one-process Turtle."""
    folders = [TESTS / "dev" / "articles", TESTS / "heldout" / "articles"]
    one = pipeline.build(folders, jobs=1)
    three = pipeline.build(folders, jobs=3)
    assert len(three.results) == len(one.results) == 22
    assert [r.article.id for r in three.results] == [r.article.id for r in one.results]
    assert three.graph.serialize(format="turtle") == one.graph.serialize(format="turtle")
