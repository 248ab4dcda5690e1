"""`kg build --jobs N`: the articles are shared out in small tasks, and the graph does not
depend on N (issue 11, point 2). The speed-up itself is measured by bench/bench_build.py."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg import pipeline
from kg.pipeline import plan_chunks
from kg.types import Article

TESTS = Path(__file__).resolve().parent


def corpus(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of very unequal lengths (a wire brief to a long feature)."""
    rng = random.Random(seed)
    return [Article(id=f"a{i}", text="word " * rng.choice([40, 300, 800, 3000])) for i in range(count)]


@pytest.mark.parametrize("articles, jobs", [(1, 2), (5, 2), (30, 2), (200, 2), (2_000, 2), (30, 3), (7, 16)])
def test_every_worker_gets_several_small_tasks(articles, jobs):
    texts = corpus(articles)
    chunks = plan_chunks(texts, jobs)
    assert [a for chunk in chunks for a in chunk] == texts  # every article once, in order
    assert all(1 <= len(chunk) <= pipeline.BATCH for chunk in chunks)  # a task is at most one spaCy batch
    # enough tasks for every worker to take several, so that none waits long for the last one
    assert len(chunks) >= min(articles, 4 * jobs)


def test_tasks_shrink_towards_the_end_so_the_workers_finish_together():
    """The last tasks handed out are small: when one worker takes the last task, the other is
    idle for at most that task's length, which is a small share of the text."""
    texts = corpus(400)
    chunks = plan_chunks(texts, 2)
    size = [sum(len(a.text) for a in chunk) for chunk in chunks]
    total = sum(size)
    assert max(size[-4:]) <= 0.012 * total  # eight articles of average length would be 0.02


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
