"""Hostile and odd input: extraction never crashes, hangs or loses the other articles."""
from __future__ import annotations

import pytest

from kg.pipeline import extract_text, process_articles
from kg.types import Article

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text", [
    "Trump has long been a critic of Merkel.",  # apposition chains once recursed forever
    "The senator, a longtime supporter of the president, voted against the bill.",
    ", ".join(f"Minister Name{i} Surname{i}" for i in range(200)) + " condemned Russia.",
    "He " * 3000 + "condemned him.",
    "\u202e\u200b\ufeff" * 50 + " Russia condemned Ukraine \x0b\x0c\u2028 .",
    "((((" * 500 + "Russia backed Syria" + "))))" * 500,
    "the the the " * 2000,
    "\n\n\n".join(["A"] * 3000),
])
def test_odd_text_gives_an_answer_not_a_crash(nlp, text):
    assert isinstance(extract_text(text, nlp=nlp), list)


def test_a_critic_of_is_a_condemnation(nlp):
    assert extract_text("Trump has long been a critic of Merkel.", nlp=nlp) == [("Trump", "condemns", "Merkel")]


def test_many_articles_stream_through_with_their_own_ids(nlp):
    articles = [Article(f"a{i}", f"Country{i} Republic recognised Leader{i} Person. Russia condemned Ukraine.")
                for i in range(40)]
    results = list(process_articles(nlp, articles, batch_size=8))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert all(any(c.relation.value == "condemns" for c in r.claims) for r in results)
