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


# --- bounded work per article (issue 12, point 3) -----------------------------------------------

class Recording:
    """The real model, with a note of every text it is given to parse."""

    def __init__(self, nlp) -> None:
        self.nlp, self.texts = nlp, []
        self.max_length, self.meta = nlp.max_length, nlp.meta

    def __call__(self, text):
        self.texts.append(text)
        return self.nlp(text)

    def pipe(self, items, **kwargs):
        items = list(items)
        self.texts.extend(text for text, _ in items)
        return self.nlp.pipe(items, **kwargs)


PATHOLOGICAL = {
    "thousands of commas": "Spain recognised Juan Guaido. " + ", ".join(f"Minister {i}" for i in range(6000))
                           + " condemned Russia.",
    "deeply nested brackets": "Spain recognised Juan Guaido. " + "([{" * 4000 + "Russia backed Syria" + "}])" * 4000,
    "one 100k-character token": "Spain recognised Juan Guaido. " + "x" * 100_000 + " Russia condemned Ukraine.",
    "60 KB of flag emoji": "Spain recognised Juan Guaido. " + "\U0001F1FA\U0001F1F8" * 15_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_is_parsed_in_bounded_pieces(nlp, name):
    """What the parser is given is bounded whatever the article: no piece over PIECE_CHARS, no run
    without a space over RUN_CHARS (the tokenizer's time grows with its square). How long that
    takes is measured in bench/bench_bounded.py, as a ratio to ordinary text."""
    import re

    from kg import bounded

    text = PATHOLOGICAL[name]
    recording = Recording(nlp)
    errors: list[str] = []
    (result,) = process_articles(recording, [Article("odd", text, path="odd.txt")], on_error=errors.append,
                                 seconds=None)
    assert errors == []
    assert recording.texts and all(len(t) <= bounded.PIECE_CHARS for t in recording.texts)
    assert not any(re.search(r"\S{%d}" % (bounded.RUN_CHARS + 1), t) for t in recording.texts)
    assert sum(len(t) for t in recording.texts) == len(text)  # every character read once
    # the first sentence's relation is found, quoted from the article at its offsets
    claim = next(c for c in result.claims if c.relation.value == "recognises")
    assert text[claim.sentence_start:claim.sentence_end] == claim.sentence == "Spain recognised Juan Guaido."


def test_a_long_article_in_pieces_keeps_offsets_into_the_whole_text(nlp):
    paragraphs = [f"Filler paragraph number {i} has nothing to say about anyone at all." for i in range(400)]
    paragraphs[0] = "Spain recognised Juan Guaido as interim president."
    paragraphs[-1] = "Russia condemned the United States on Tuesday."
    text = "\n\n".join(paragraphs)
    (result,) = process_articles(nlp, [Article("long", text)], piece_chars=5_000, seconds=None)
    found = {(c.relation.value, c.sentence) for c in result.claims}
    assert ("recognises", paragraphs[0]) in found and ("condemns", paragraphs[-1]) in found
    for claim in result.claims:
        assert text[claim.sentence_start:claim.sentence_end] == claim.sentence
        assert text[claim.trigger_start:claim.trigger_end] == claim.trigger
    assert result.article.text == text


def test_an_article_over_its_time_is_cut_with_one_line_naming_it(nlp):
    text = "Spain recognised Juan Guaido.\n\n" + "\n\n".join(["Nothing happened on this day."] * 2000)
    errors: list[str] = []
    (result,) = process_articles(nlp, [Article("slow", text, path="in/slow.txt")], on_error=errors.append,
                                 piece_chars=2_000, seconds=1e-9)
    assert len(errors) == 1
    assert errors[0].startswith("in/slow.txt: cut at the time limit of 1e-09 s per article after ")
    assert errors[0].endswith(f"of {len(text):,} characters; the rest was not read (--article-time-limit 0 reads it all)")
    assert [c.relation.value for c in result.claims] == ["recognises"]  # what was read is kept


# --- through the command (issue 12, points 1 and 3) ---------------------------------------------

def _peak_rss_mb(args: list[str]) -> tuple[int, int, str]:
    """Run a command; its exit status, peak resident memory in MB, and stderr."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return proc.returncode, usage.ru_maxrss // 1024, err.read().decode("utf-8", "replace")


def test_a_20_mb_article_is_read_in_bounded_memory_and_cut_at_its_time(tmp_path):
    import sys
    from pathlib import Path

    import rdflib

    from helpers import write
    from kg.vocab import KG

    kg = str(Path(sys.executable).parent / "kg")
    paragraph = ("The committee met again on Thursday and discussed the budget for the coming year at length. "
                 "Members asked for more time to read the figures before any vote.\n\n")
    small = write(tmp_path / "small" / "a.txt", "Spain recognised Juan Guaido as interim president.\n\n" + paragraph)
    big = write(tmp_path / "big" / "huge.txt", "Spain recognised Juan Guaido as interim president.\n\n"
                + paragraph * (20_000_000 // len(paragraph)))
    assert big.stat().st_size > 20_000_000
    status, baseline, _ = _peak_rss_mb([kg, "build", str(small), "--out", str(tmp_path / "o1"), "--no-html"])
    assert status == 0
    status, peak, stderr = _peak_rss_mb([kg, "build", str(big), "--out", str(tmp_path / "o2"), "--no-html",
                                         "--article-time-limit", "2"])
    assert status == 2, stderr  # built, and the article was cut: not a clean 0
    lines = stderr.splitlines()
    assert lines[0].startswith(f"warning: {big}: cut at the time limit of 2 s per article after ")
    assert lines[-1] == f"1 input skipped or cut: {big}"
    # one piece's parse at a time: the 20 MB text costs its own size a few times over, not a 20 MB Doc
    assert peak - baseline < 400, f"peak {peak} MB against {baseline} MB for a small article"
    graph = rdflib.Graph().parse(tmp_path / "o2" / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, KG.articleId)} == {"huge"}
    assert len(set(graph.subjects(rdflib.RDF.type, KG.Claim))) >= 1  # the start was read, and kept


def test_control_characters_from_articles_reach_the_terminal_escaped(nlp, tmp_path):
    import json
    import re

    from click.testing import CliRunner

    from helpers import write
    from kg.cli import cli

    folder = tmp_path / "in"
    write(folder / "good.txt", "Good\nSpain backs Guaido.\n")
    write(folder / "evil\x1b[2J\x07.txt", "")  # an empty article whose name clears the screen and rings
    write(folder / "b.jsonl", json.dumps({"id": "x\x1b]0;pwned\x07\u202e", "text": "Fine text."}) + "\n"
          + json.dumps({"id": "y", "date": "\x1b[31mred", "text": "Fine too."}) + "\n")
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    for stream in (result.stdout, result.stderr):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", stream), repr(stream)
    assert f"warning: {folder}/evil\\x1b[2J\\x07.txt: empty article" in result.stderr.splitlines()
    assert "\\x1b]0;pwned\\x07\\u202e" in result.stderr
    assert "\\x1b[31mred" in result.stderr
