"""The network page in a real headless Chromium, with every network request blocked.

Needs Debian's /usr/bin/chromium (the CI script installs it). When it is missing these tests
fail, unless KG_SKIP_BROWSER=1 says to skip them. Playwright drives the system browser; it
never downloads one.

Set KG_SCREENSHOT=some/dir to keep a screenshot of the page built from the seeds.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.graph import GraphBuilder
from kg.network import to_networkx
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation
from kg.view import write_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOSTILE = 'Alice said <img src=x onerror="window.__pwned=1"> & "quotes" <script>window.__pwned=2</script>'


def sample_graph() -> Graph:
    """Three actors; Alice supports the party (the hostile sentence), Narnia recognises Alice."""
    builder = GraphBuilder()
    builder.add_actor(Actor("alice", "Alice Arroyo", ActorType.PERSON, ("Alice", "Arroyo")))
    builder.add_actor(Actor("party", "Freedom Party", ActorType.ORGANISATION))
    builder.add_actor(Actor("narnia", "Narnia", ActorType.POLITY))
    article = Article("001_a", "text", title="A <b>bold</b> & title")
    claims = (
        Claim("001_a", "alice", Relation.SUPPORTS, "party", HOSTILE, 0, 9, "t", 0, 1, "support.v1", 0.8),
        Claim("001_a", "narnia", Relation.RECOGNISES, "alice", "Narnia recognised Alice.", 10, 20, "t", 10, 11,
              "recognise.v1", 0.9),
    )
    result = ArticleResult(article, (), claims, sentences=2, words=12)
    builder.add_article(result)
    for claim in claims:
        builder.add_claim(claim, article)
    return builder.graph


@dataclass
class Loaded:
    """An open page and what it tried to do."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)  # every request the page made
    blocked: list[str] = field(default_factory=list)  # the ones that would have left the machine
    errors: list[str] = field(default_factory=list)  # uncaught script errors and console errors


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if os.environ.get("KG_SKIP_BROWSER") == "1":
        pytest.skip("KG_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(apt-get install chromium), or set KG_SKIP_BROWSER=1 to skip them", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_html(sample_graph(), path)
    return path


def open_page(browser: Any, path: Path) -> Loaded:
    """Open `path` offline: any request that is not file: or data: is aborted and recorded."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    loaded = Loaded(page, path.resolve().as_uri())

    def route(request_route: Any) -> None:
        url = request_route.request.url
        loaded.requests.append(url)
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            loaded.blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: loaded.errors.append(str(error)))
    page.on("console", lambda message: loaded.errors.append(f"console: {message.text}")
            if message.type == "error" else None)
    page.goto(loaded.url)
    # a function, not an expression: the page's Content-Security-Policy forbids eval, which Playwright
    # would use to poll an expression
    page.wait_for_function("() => document.body.dataset.kgReady === '1'", timeout=60_000)
    return loaded


@pytest.fixture()
def loaded(browser: Any, sample_page: Path) -> Iterator[Loaded]:
    result = open_page(browser, sample_page)
    yield result
    result.page.close()


def canvas_ink(page: Any) -> int:
    """How many pixels of the network's canvas are drawn on."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#kg-network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { ink++; } }
        return ink;
    }""")


def hover(page: Any, point_js: str, arg: str) -> None:
    """Move the mouse, in steps as a person would, to the DOM point `point_js` computes for `arg`."""
    point = page.evaluate(point_js, arg)
    box = page.locator("#kg-network").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=5)


def tooltip_text(page: Any, expected: str) -> str:
    """The visible tooltip's text, once it contains `expected`."""
    page.wait_for_function(
        """(expected) => {
            const tip = document.querySelector('div.vis-tooltip');
            return tip && tip.style.visibility !== 'hidden' && tip.textContent.includes(expected);
        }""", arg=expected, timeout=5_000)
    return page.locator("div.vis-tooltip").inner_text()


EDGE_MIDPOINT = """(id) => {
    const edge = kgNetwork.body.edges[id];
    const ends = kgNetwork.getPositions([edge.fromId, edge.toId]);
    // the edges are curved: vis-network's own geometry gives the point halfway along the curve
    const middle = edge.edgeType.getPoint ? edge.edgeType.getPoint(0.5)
        : {x: (ends[edge.fromId].x + ends[edge.toId].x) / 2, y: (ends[edge.fromId].y + ends[edge.toId].y) / 2};
    return kgNetwork.canvasToDOM(middle);
}"""
NODE_CENTRE = "(id) => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])"


def test_page_draws_offline(loaded: Loaded) -> None:
    counts = loaded.page.evaluate("[kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]")
    assert counts == [3, 2]
    assert canvas_ink(loaded.page) > 2_000, "the canvas is blank"
    assert loaded.blocked == [], "the page tried to reach the network"
    assert loaded.requests == [loaded.url], "the page loaded something besides itself"
    assert loaded.errors == []


def test_edge_tooltip_shows_evidence_as_literal_text(loaded: Loaded) -> None:
    page = loaded.page
    edge_id = page.evaluate("kgEdges.get({filter: e => e.relation === 'supports'})[0].id")
    hover(page, EDGE_MIDPOINT, edge_id)
    text = tooltip_text(page, "Alice said")
    assert "Alice Arroyo supports Freedom Party" in text
    assert HOSTILE in text, "the sentence is shown verbatim, markup and all"
    assert "001_a" in text and "A <b>bold</b> & title" in text and "support.v1" in text
    injected = page.evaluate("document.querySelectorAll('div.vis-tooltip *:is(img, script, b)').length")
    assert injected == 0
    assert page.evaluate("typeof window.__pwned") == "undefined", "markup from the article ran"
    assert loaded.requests == [loaded.url], "an <img> from the sentence was loaded"
    assert loaded.errors == []


def test_node_tooltip_shows_label_type_and_aliases(loaded: Loaded) -> None:
    page = loaded.page
    node_id = page.evaluate("kgNodes.get({filter: n => n.label === 'Alice Arroyo'})[0].id")
    hover(page, NODE_CENTRE, node_id)
    text = tooltip_text(page, "Alice Arroyo")
    assert "Person" in text
    assert "Also called: Alice, Arroyo" in text


def test_legend_hides_and_shows_a_relation(loaded: Loaded) -> None:
    page = loaded.page
    hidden = "kgEdges.get({filter: e => e.relation === 'supports' && e.hidden}).length"
    page.locator("input[data-relation=supports]").uncheck()
    assert page.evaluate(hidden) == 1
    page.locator("input[data-relation=supports]").check()
    assert page.evaluate(hidden) == 0


@pytest.mark.model
def test_seed_page_draws_offline(browser: Any, seeds_build: tuple[Path, str]) -> None:
    """`kg build` on the seeds, opened offline. The relations found may change; the page must draw."""
    out, _stdout = seeds_build
    expected = to_networkx(Graph().parse(out / "graph.ttl"))
    loaded = open_page(browser, out / "graph.html")
    counts = loaded.page.evaluate("[kgNodes.length, kgEdges.length]")
    assert counts == [expected.number_of_nodes(), expected.number_of_edges()]
    if counts[0]:
        assert canvas_ink(loaded.page) > 2_000, "the canvas is blank"
    assert loaded.blocked == [] and loaded.errors == []
    if os.environ.get("KG_SCREENSHOT"):
        shots = Path(os.environ["KG_SCREENSHOT"])
        shots.mkdir(parents=True, exist_ok=True)
        loaded.page.screenshot(path=str(shots / "seeds.png"))
    loaded.page.close()
