"""Per-article work grows linearly with the article's length (issue 11, point 7).

Work is counted, not timed: the number of Python-level calls cProfile records (kg's own and
spaCy's Token and Doc accessors) is the same on every run for the same text, whatever the
machine's load. An article made of the seeds twice over and the same text doubled again must
cost about twice as much, not four times: before, the sentence component rebuilt `Doc.text`
once per line (its work went x3.9 when the text doubled) and coreference re-read every person
mention and every resolved pronoun of the article for each pronoun (x2.6).
"""
from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest

from kg import extract
from kg.casing import for_parsing
from kg.nlp import newline_sentences
from kg.types import Article

pytestmark = pytest.mark.model

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def calls(work) -> int:
    profile = cProfile.Profile()
    profile.enable()
    try:
        work()
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls


@pytest.fixture(scope="module")
def texts():
    """The seed articles as one article, twice (about 7,500 words) and four times over."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt")))
    return {copies: "\n\n".join([seeds] * copies) for copies in (2, 4)}


def test_sentence_splitting_work_is_linear_in_article_length(nlp, texts):
    work = {n: calls(lambda t=text: newline_sentences(nlp.make_doc(for_parsing(t)))) for n, text in texts.items()}
    assert work[4] / work[2] < 2.2, work


def test_extraction_work_is_linear_in_article_length(nlp, texts):
    docs = {n: nlp(for_parsing(text)) for n, text in texts.items()}
    extract.extract_article(nlp("He said so."), Article(id="warm", text="He said so."))  # rules loaded once
    results = {}
    work = {n: calls(lambda n=n: results.__setitem__(n, extract.extract_article(docs[n], Article(id="a", text=texts[n]))))
            for n in texts}
    assert work[4] / work[2] < 2.3, work
    # and the longer article is really read to its end: the claims go on into its last copy
    last_copy = len(texts[4]) - len(texts[2]) // 2
    assert any(c.sentence_start >= last_copy for c in results[4].claims)
