"""Fuzzing the whole build (issue 12, point 4): arbitrary Unicode, control characters, bidi
overrides, very long tokens and deeply nested punctuation, around sentences that do name
actors and relations, so odd text ends up in labels, aliases and evidence too.

For every generated input: no exception escapes `pipeline.build`, the Turtle it writes parses
with rdflib, pyoxigraph and `rapper` (an independent C parser), and `kg validate`'s SHACL
shapes pass.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.validate import validate_file

pytestmark = pytest.mark.model

RAPPER = shutil.which("rapper")

SENTENCES = ["Spain recognised Juan Guaido as interim president.", "Russia condemned the United States.",
             "Col. Jose Silva has defected to Guaido.", "Cuba backs Nicolas Maduro.",
             "The Kremlin-backed government of Syria denounced Turkey."]
ODD = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff", "\x1b[31m", "\x07", "\x0b", "\x0c",
       "\x85", "\u2028", "\u2029", "\r", "\t", "<script>", "\"", "'", "\\", "@prefix", "<>", "{{", "}}", "\U0001F1FA\U0001F1F8",
       "\u0301", "\ud7ff", "\U0010ffff", "\ufffd", "_:b", "\"\"\"", "#", ";", "."]

odd_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
token = st.one_of(
    odd_text,
    st.sampled_from(ODD),
    st.sampled_from(SENTENCES),
    st.integers(1, 3000).map(lambda n: "x" * n),  # very long tokens
    st.integers(1, 400).map(lambda n: "(" * n + "Russia backed Syria" + ")" * n),  # deep nesting
    st.integers(1, 300).map(lambda n: ", ".join(["Minister Ana Lopez"] * n)),
    st.sampled_from(SENTENCES).map(lambda s: s.replace(" ", "\u202e ", 1)),  # a bidi override inside a name
    st.sampled_from(SENTENCES).map(lambda s: s.replace("Guaido", "Gua\x1bido\u200b")),
)
article_text = st.lists(token, min_size=1, max_size=12).map(" ".join)


def _rapper_ok(path: Path) -> tuple[bool, str]:
    done = subprocess.run([RAPPER, "-q", "-i", "turtle", "-c", str(path)], capture_output=True, text=True,
                          timeout=120)
    return done.returncode == 0, done.stderr


@pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed; .ci/run installs it")
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(article_text, min_size=1, max_size=3), title=odd_text, raw_id=odd_text)
def test_any_text_gives_a_graph_every_parser_reads_and_the_shapes_accept(nlp, texts, title, raw_id):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
        # JSONL carries what a file cannot: lone surrogates (as escapes), odd ids and titles
        lines = [json.dumps({"id": raw_id or "j", "title": title, "text": text + "\ud800"}) for text in texts]
        (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = pipeline.build([folder], seconds=None)  # no exception may escape
        ttl = Path(tmp) / "graph.ttl"
        ttl.write_bytes(result.graph.serialize(format="turtle", encoding="utf-8"))

        reparsed = rdflib.Graph().parse(ttl, format="turtle")
        assert len(reparsed) == len(result.graph)
        store = pyoxigraph.Store()
        store.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
        assert len(store) == len(result.graph)
        ok, stderr = _rapper_ok(ttl)
        assert ok, stderr
        report = validate_file(ttl)
        assert report.conforms, report.violations
