"""kg.iri: one function mints every IRI; any name gives a safe IRI, distinct names distinct IRIs.

The property tests feed arbitrary Unicode (quotes, angle brackets, backslashes, newlines, NUL,
very long strings; lone surrogates excluded: Python cannot encode them as UTF-8, so no article
can hold one) as actor keys and labels, article ids and claim text, and check the Turtle kg
writes always parses, with rdflib and with Oxigraph, to the same triples.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, URIRef

from kg.graph import build_graph
from kg.iri import DIGEST_CHARS, KINDS, MAX_SLUG, BaseIRIError, local_id, mint, namespace, normalise_base, slugify
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation
from kg.vocab import DEFAULT_BASE, KG

_SAFE_LOCAL = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*|[a-z0-9]+(?:-[a-z0-9]+)*--[0-9a-f]{%d}" % DIGEST_CHARS)
NASTY = ['"', "'", "<", ">", "\n", "\r", "\\", " ", "\t", "\x00", "#", "%", "{", "}", "|", "^", "`",
         "é", "ó", "İ", "ß", "\u2028", "\u200b", "\ufeff", "\U0001f600", '"""', "a", "-", "_", ":"]

unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
nasty_text = st.lists(st.sampled_from(NASTY), max_size=30).map("".join)
long_text = st.tuples(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=6),
                      st.integers(min_value=100, max_value=3000)).map(lambda t: t[0] * t[1])
# endings that string quoting gets wrong (rdflib's own Turtle writer breaks on "…\n…\\\"")
tricky_text = st.tuples(nasty_text, st.sampled_from(['\\"', '"', "\\", "\n", '\n\\"', '"""', '\\\\"'])).map("".join)
names = st.one_of(unicode_text, nasty_text, long_text, tricky_text)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------
# examples

@pytest.mark.parametrize("key, expected", [
    ("juan-guaido", "juan-guaido"),
    ("united-states", "united-states"),
    ("g20", "g20"),
])
def test_a_clean_key_is_its_own_local_id(key: str, expected: str) -> None:
    assert local_id(key) == expected


@pytest.mark.parametrize("key, slug", [
    ("Juan Guaidó", "juan-guaido"),
    ("juan-guaido\n", "juan-guaido"),  # "$" in a regex would have let this one through as is
    ("juan--guaido", "juan-guaido"),
    ("", "x"),
    ('<script>"', "script"),
    ("Ελλάδα", "x"),
])
def test_any_other_key_is_a_slug_and_a_hash(key: str, slug: str) -> None:
    local = local_id(key)
    assert local.startswith(slug + "--")
    assert _SAFE_LOCAL.fullmatch(local)


def test_keys_that_slugify_alike_stay_apart() -> None:
    keys = ["juan-guaido", "Juan Guaido", "Juan Guaidó", "juan guaido", "juan-guaido\n", "JUAN-GUAIDO"]
    assert len({mint("actor", k) for k in keys}) == len(keys)


def test_a_very_long_key_gives_a_bounded_iri() -> None:
    local = local_id("a" * 100_000)
    assert len(local) <= MAX_SLUG + 2 + DIGEST_CHARS


def test_mint_and_the_prefixes_agree_on_the_base() -> None:
    for base in (DEFAULT_BASE, "http://x.org/data", "http://x.org/data/", "urn:x:kg#"):
        for kind in KINDS:
            assert str(mint(kind, "k", base)) == namespace(kind, base) + "k"
    assert normalise_base("http://x.org/data") == "http://x.org/data/"
    with pytest.raises(ValueError, match="unknown IRI kind"):
        mint("person", "k")
    with pytest.raises(BaseIRIError):
        mint("actor", "k", "http://x.org/a b/")


def test_slugify() -> None:
    assert slugify("  Nicolás  Maduro Moros! ") == "nicolas-maduro-moros"


# ---------------------------------------------------------------------------------------
# properties

@SETTINGS
@given(st.lists(names, unique=True, max_size=12))
def test_different_keys_never_share_an_iri(keys: list[str]) -> None:
    iris = [mint("actor", key) for key in keys]
    assert len(set(iris)) == len(keys)
    for iri in iris:
        local = str(iri)[len(namespace("actor")):]
        assert _SAFE_LOCAL.fullmatch(local), local
        assert len(local) <= MAX_SLUG + 2 + DIGEST_CHARS


@SETTINGS
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
def test_a_key_and_a_near_copy_never_share_an_iri(key: str) -> None:
    for other in (key + "\n", key + " ", key.upper(), key + '"', "<" + key + ">"):
        if other != key:
            assert mint("actor", key) != mint("actor", other)


def _graph(keys: list[str], labels: list[str], text: str, article_id: str) -> Graph:
    types = list(ActorType)
    actors = [Actor(key=k, label=labels[i % len(labels)], type=types[i % len(types)],
                    aliases=tuple(sorted({labels[(i + 1) % len(labels)], text[:50]})))
              for i, k in enumerate(keys)]
    claims = []
    for i, relation in enumerate(Relation):
        subject = keys[i % len(keys)]
        obj = keys[(i + 1) % len(keys)] if i != 2 else None
        claims.append(Claim(article_id=article_id, subject=subject, relation=relation, object=obj,
                            sentence=text, sentence_start=0, sentence_end=len(text),
                            trigger=labels[i % len(labels)], trigger_start=0, trigger_end=0,
                            rule=labels[-1], confidence=0.5))
    article = Article(id=article_id, text=text, title=labels[0], url=labels[-1], source=text[:20],
                      path=article_id)
    return build_graph(actors, [ArticleResult(article, (), tuple(claims), 1, 1)])


def _ox_triples(data: bytes) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}


@SETTINGS
@given(keys=st.lists(names, unique=True, min_size=1, max_size=4),
       labels=st.lists(names, min_size=1, max_size=4), text=names, article_id=names)
def test_turtle_always_parses_to_the_same_triples(keys: list[str], labels: list[str], text: str,
                                                  article_id: str) -> None:
    graph = _graph(keys, labels, text, article_id)
    assert len(set(graph.subjects(RDF.type, KG.Actor))) == len(keys)  # one IRI per actor
    data = graph.serialize(format="turtle", encoding="utf-8")
    assert set(Graph().parse(data=data, format="turtle")) == set(graph)
    assert _ox_triples(data) == {(str(s), str(p), str(o)) for s, p, o in graph}


NASTY_NAMES = [
    'He said "no"', "O'Brien", "<script>alert(1)</script>", "line\nbreak", "cr\rlf\r\n",
    "back\\slash", 'ends with \\"', 'multi\nline ending \\"', '"""', '""""', "tab\there", "nul\x00byte",
    "\u2028\u2029", "emoji \U0001f600", "zero\u200bwidth", "\ufeffbom", "x" * 20_000, "Ελλάδα", "",
    "#fragment", "%20encoded", "{braces}", "pipe|caret^back`tick",
]


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
def test_rapper_parses_turtle_with_nasty_names(tmp_path: Path) -> None:
    graph = _graph(NASTY_NAMES, NASTY_NAMES, 'multi\nline "sentence" ending \\"', 'article "<1>"\n')
    path = tmp_path / "nasty.ttl"
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(graph)} triples" in done.stderr
    # and the literals come back exactly (N-Triples out of rapper, read by rdflib), except that
    # raptor, written in C, cuts a string at a NUL character
    done = subprocess.run(["rapper", "-q", "-i", "turtle", "-o", "ntriples", str(path)], capture_output=True)
    assert done.returncode == 0
    back = set(Graph().parse(data=done.stdout, format="nt"))
    assert {t for t in back if "nul" not in str(t[2])} == {t for t in graph if "nul" not in str(t[2])}
    assert URIRef(str(mint("actor", "line\nbreak"))) in set(graph.subjects())
