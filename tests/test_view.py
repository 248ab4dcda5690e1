"""The networkx view of the graph and the network page, without a browser (see test_browser.py)."""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.graph import GraphBuilder
from kg.network import Evidence, claim_count, to_networkx
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation
from kg.view import edge_width, page_data, render_html, script_json, write_html
from kg.vocab import KG

HOSTILE = 'Alice said <img src=x onerror="window.__pwned=1"> & "quotes" </script><script>x=1</script>'
BASE = "https://kg.example.org/actor/"

ACTORS = (
    Actor("alice", "Alice Arroyo", ActorType.PERSON, ("Alice", "Alice Arroyo", "Arroyo")),
    Actor("army", "the Army", ActorType.GROUP),
    Actor("narnia", "Narnia", ActorType.POLITY, ("Narnia",)),
    Actor("party", "Freedom Party", ActorType.ORGANISATION, ("FP",)),
)
ARTICLES = (Article("001_a", "text one", title="Day <one> & more", date="2019-02-20"),
            Article("002_b", "text two", url="javascript:alert(1)"))
# (article, subject, relation, object, sentence, rule, confidence)
CLAIMS = (
    ("001_a", "alice", Relation.SUPPORTS, "party", HOSTILE, "support.verb.v1", 0.8),
    ("002_b", "alice", Relation.SUPPORTS, "party", "Alice backs the Freedom Party.", "support.verb.v1", 0.7),
    ("001_a", "narnia", Relation.RECOGNISES, "alice", "Narnia recognised Alice.", "recognise.active.v1", 0.9),
    ("002_b", "army", Relation.DEFECTS_TO, "alice", "The Army defected to Alice.", "defect.to.v1", 0.6),
    ("002_b", "party", Relation.CONDEMNS, "narnia", "The Freedom Party condemned Narnia.", "condemn.v1", 0.75),
    ("002_b", "army", Relation.DEFECTS_TO, None, "The Army has defected.", "defect.bare.v1", 0.5),
)


TRIGGERS = ("said", "backs", "recognised", "defected", "condemned")


def make_claim(article: str, subject: str, relation: Relation, obj: str | None, sentence: str,
               rule: str, confidence: float) -> Claim:
    """A claim whose sentence starts at offset 100 of its article, triggered by its first trigger word."""
    trigger = next(t for t in TRIGGERS if t in sentence)
    start = 100 + sentence.index(trigger)
    return Claim(article, subject, relation, obj, sentence, 100, 100 + len(sentence), trigger, start,
                 start + len(trigger), rule, confidence)


def sample_graph(*, reverse: bool = False) -> Graph:
    """Four actors, one of each type, five relations (one with two sentences), one objectless claim."""
    order = reversed if reverse else (lambda items: items)
    builder = GraphBuilder()
    for actor in order(ACTORS):
        builder.add_actor(actor)
    for article in order(ARTICLES):
        claims = tuple(make_claim(*c) for c in order(CLAIMS) if c[0] == article.id)
        result = ArticleResult(article, (), claims, sentences=len(claims), words=10)
        builder.add_article(result)
        for claim in claims:
            builder.add_claim(claim, article)
    return builder.graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    return sample_graph()


@pytest.fixture(scope="module")
def page(graph: Graph) -> str:
    return render_html(graph)


# --- kg.network.to_networkx


def test_nodes_are_actors_with_label_type_and_aliases(graph: Graph) -> None:
    net = to_networkx(graph)
    assert list(net.nodes) == [BASE + k for k in ("alice", "army", "narnia", "party")]
    assert net.nodes[BASE + "alice"] == {"label": "Alice Arroyo", "type": "Person", "aliases": ["Alice", "Arroyo"]}
    assert net.nodes[BASE + "army"] == {"label": "the Army", "type": "Group", "aliases": []}
    assert net.nodes[BASE + "narnia"]["type"] == "Polity"
    assert net.nodes[BASE + "party"] == {"label": "Freedom Party", "type": "Organisation", "aliases": ["FP"]}


def test_one_edge_per_subject_relation_object_in_sorted_order(graph: Graph) -> None:
    edges = [(s.removeprefix(BASE), k, o.removeprefix(BASE)) for s, o, k in to_networkx(graph).edges(keys=True)]
    assert edges == [
        ("alice", "supports", "party"),
        ("army", "defectsTo", "alice"),
        ("narnia", "recognises", "alice"),
        ("party", "condemns", "narnia"),
    ]


def test_edge_evidence_comes_from_the_claims(graph: Graph) -> None:
    attrs = to_networkx(graph).edges[BASE + "alice", BASE + "party", "supports"]
    assert attrs["relation"] == "supports"
    assert attrs["evidence"] == [
        Evidence(HOSTILE, "001_a", "Day <one> & more", "support.verb.v1", 0.8, "said", "2019-02-20", None, 6, 10),
        Evidence("Alice backs the Freedom Party.", "002_b", None, "support.verb.v1", 0.7, "backs", None,
                 "javascript:alert(1)", 6, 11),
    ]


def test_claim_without_object_makes_no_edge_and_is_kept_on_its_actor(graph: Graph) -> None:
    net = to_networkx(graph)
    army_edges = list(net.out_edges(BASE + "army", keys=True))
    assert army_edges == [(BASE + "army", BASE + "alice", "defectsTo")]
    assert [(r, e.sentence) for r, e in net.graph["unstated"][BASE + "army"]] == [
        ("defectsTo", "The Army has defected.")]
    assert list(net.graph["unstated"]) == [BASE + "army"]
    assert claim_count(net) == 6


def test_direct_triple_without_claim_is_an_edge_without_evidence() -> None:
    graph = sample_graph()
    graph.add((URIRef(BASE + "narnia"), KG.condemns, URIRef(BASE + "army")))
    attrs = to_networkx(graph).edges[BASE + "narnia", BASE + "army", "condemns"]
    assert attrs == {"relation": "condemns", "evidence": []}


def test_same_graph_in_any_insertion_order_gives_the_same_networkx_graph() -> None:
    one, two = to_networkx(sample_graph()), to_networkx(sample_graph(reverse=True))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))


def test_network_module_does_not_import_pyvis() -> None:
    code = "import sys, kg.network; assert 'pyvis' not in sys.modules, 'kg.network imported pyvis'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- kg.view: the page


class References(HTMLParser):
    """Every URL-bearing attribute, every <link>, and the text of every <style>."""

    URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background",
                      "xlink:href", "manifest", "ping"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.links: list[dict[str, str | None]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES:
                self.urls.append((tag, name, value or ""))
            if name == "style" and value:
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def test_page_references_nothing_outside_the_file(page: str) -> None:
    refs = References()
    refs.feed(page)
    assert refs.urls == [], "the page must not load anything by URL"
    assert refs.links == []
    css = "\n".join(refs.styles)
    assert "vis-network" in page and len(css) > 10_000, "vis-network's JS and CSS are inlined"
    assert "@import" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert urls and all(u.startswith("data:") for u in urls), [u for u in urls if not u.startswith("data:")]
    assert "sourceMappingURL" not in page
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page


def test_page_text_from_articles_cannot_end_the_script_or_add_markup(page: str) -> None:
    assert "<img" not in page
    assert page.lower().count("</script") == 3, "vis-network, the data, our script: nothing else ends one"
    assert "javascript:alert" in page and '"link":null' in page, "a javascript: URL is kept as text, never a link"
    assert "\\u003cimg src=x onerror=" in page, "the sentence is in the data, escaped"


def test_script_json_escapes_what_could_close_a_script() -> None:
    text = script_json({"s": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text == '{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'


def test_page_has_legend_for_types_and_relations(page: str) -> None:
    legend = page[page.index('<aside id="kg-legend"'):page.index("</aside>")]
    for kind in ("Person", "Organisation", "Polity", "Group"):
        assert f"</span>{kind} <span class=\"kg-count\">1</span>" in legend
    for relation in ("supports", "recognises", "defectsTo", "condemns"):
        assert f'data-relation="{relation}"' in legend
    # relations are actor-relation-actor links, claims are the sentences (the objectless one too)
    assert "4 actors · 4 relations · 6 claims (1 with no stated object)" in page


def test_write_html_is_deterministic_and_atomic(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "graph.html", tmp_path / "b" / "graph.html"
    write_html(sample_graph(), first)
    write_html(sample_graph(reverse=True), second)
    assert first.read_bytes() == second.read_bytes()
    write_html(sample_graph(), first)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in first.parent.iterdir()) == ["graph.html"], "no temporary file left"


def test_empty_graph_gives_a_page() -> None:
    html = render_html(Graph())
    assert "0 actors · 0 relations · 0 claims" in html


def test_actors_sized_by_claims_involving_them_and_arrows_as_wide_as_their_sentences(graph: Graph) -> None:
    data = page_data(to_networkx(graph))
    value = {n["name"]: n["value"] for n in data["nodes"]}
    # Alice: two sentences of support, one recognition, one defection to her; the Army: a defection and
    # an objectless one
    assert value == {"Alice Arroyo": 4, "the Army": 2, "Narnia": 2, "Freedom Party": 3}
    width = {e["relation"]: e["width"] for e in data["edges"]}
    assert width["supports"] > width["recognises"] == width["condemns"] == width["defectsTo"]
    assert edge_width(1) < edge_width(2) < edge_width(8) <= edge_width(1000)
    labels = {e["relation"]: e["label"] for e in data["edges"]}
    assert labels["supports"] == "supports ×2" and labels["recognises"] == "recognises"


def test_page_data_says_what_it_counts(graph: Graph) -> None:
    counts = page_data(to_networkx(graph))["counts"]
    assert counts == {"actors": 4, "relations": 4, "claims": 6, "unstated": 1,
                      "byRelation": {"supports": 1, "recognises": 1, "defectsTo": 1, "condemns": 1}}


def test_labels_lose_stray_whitespace() -> None:
    builder = GraphBuilder()
    builder.add_actor(Actor("council", "National Transitional council   ", ActorType.ORGANISATION))
    net = to_networkx(builder.graph)
    assert net.nodes[BASE + "council"]["label"] == "National Transitional council"
