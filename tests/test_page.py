"""The page as a reader uses it, in headless Chromium with every network request blocked:
search, filters, the side panel (pin, copy, links), objectless claims, hostile article text,
and what a screenshot of the seeds' page and of a 1,000-actor page shows.

Shares the browser set-up of test_browser.py. Set KG_SCREENSHOT=some/dir to keep the screenshots.
"""
from __future__ import annotations

import os
import re
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from rdflib import Graph

from kg.graph import GraphBuilder
from kg.network import to_networkx
from kg.types import Actor, ActorType, Article, ArticleResult, Claim, Relation
from kg.view import write_html
from synthetic import large_graph
from test_browser import Loaded, browser, open_page  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser

SCRIPT_NAME = "<script>alert('name')</script>Eve Stone"
IMG_ALIAS = "<img src=x onerror=alert('alias')>"
BRACES_NAME = "{{constructor.constructor('alert(1)')()}} ${title} Party"
HOSTILE_TITLE = "</script><script>alert('title')</script> Coup <b>news</b>"
HOSTILE_SENTENCE = ("Eve Stone <img src=x onerror=alert('s')> backed </script><script>alert('s2')</script> "
                    "the party {{7*7}} ${data} <a href=javascript:alert(3)>here</a>.")
CALM = ("Narnia recognised Eve Stone.", "Narnia condemned the party.", "Eve Stone has defected.")


def _claim(article: Article, subject: str, relation: Relation, obj: str | None, sentence: str, trigger: str,
           confidence: float) -> Claim:
    start = 50 + sentence.index(trigger)
    return Claim(article.id, subject, relation, obj, sentence, 50, 50 + len(sentence), trigger, start,
                 start + len(trigger), f"{relation.value}.test.v1", confidence)


def hostile_graph() -> Graph:
    """Names, aliases, a title, a URL and a sentence that try to run code or add markup."""
    builder = GraphBuilder()
    builder.add_actor(Actor("eve", SCRIPT_NAME, ActorType.PERSON, (IMG_ALIAS, "Eve")))
    builder.add_actor(Actor("party", BRACES_NAME, ActorType.ORGANISATION))
    builder.add_actor(Actor("narnia", "Narnia", ActorType.POLITY, ("Narnians",)))
    bad = Article("bad", "x", title=HOSTILE_TITLE, date="2019-01-10", url="javascript:alert('url')")
    good = Article("good", "y", title="Narnia speaks", date="2019-03-05", url="https://news.example.org/narnia")
    claims = {
        bad: (_claim(bad, "eve", Relation.SUPPORTS, "party", HOSTILE_SENTENCE, "backed", 0.6),),
        good: (_claim(good, "narnia", Relation.RECOGNISES, "eve", CALM[0], "recognised", 0.95),
               _claim(good, "narnia", Relation.CONDEMNS, "party", CALM[1], "condemned", 0.9),
               _claim(good, "eve", Relation.DEFECTS_TO, None, CALM[2], "defected", 0.7)),
    }
    for article, items in claims.items():
        builder.add_article(ArticleResult(article, (), items, sentences=len(items), words=20))
        for claim in items:
            builder.add_claim(claim, article)
    return builder.graph


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "graph.html"
    write_html(hostile_graph(), path)
    return path


@pytest.fixture()
def page(browser: Any, hostile_page: Path) -> Iterator[Loaded]:  # noqa: F811
    loaded = open_page(browser, hostile_page)
    loaded.dialogs = []  # type: ignore[attr-defined]
    loaded.page.on("dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss()))
    yield loaded
    loaded.page.close()


def node_id(page: Any, name: str) -> str:
    return page.evaluate("(name) => kgNodes.get({filter: n => n.name === name})[0].id", name)


def edge_id(page: Any, relation: str) -> str:
    return page.evaluate("(r) => kgEdges.get({filter: e => e.relation === r})[0].id", relation)


def click_node(page: Any, name: str) -> None:
    ident = node_id(page, name)
    point = page.evaluate("(id) => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])", ident)
    box = page.locator("#kg-network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    if "kg-pinned" not in (page.locator("#kg-panel").get_attribute("class") or ""):
        expect(page.locator("#kg-panel")).to_have_attribute("data-showing", f"node:{ident}")


def click_edge(page: Any, relation: str) -> None:
    ident = edge_id(page, relation)
    point = page.evaluate("""(id) => {
        const edge = kgNetwork.body.edges[id];
        return kgNetwork.canvasToDOM(edge.edgeType.getPoint(0.5));
    }""", ident)
    box = page.locator("#kg-network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    expect(page.locator("#kg-panel")).to_have_attribute("data-showing", f"edge:{ident}")


def panel_text(page: Any) -> str:
    return page.locator("#kg-panel-body").inner_text()


def injected(page: Any) -> dict[str, Any]:
    """Anything markup from the data could have added: elements that load or run, on* handlers, script links."""
    return page.evaluate("""() => ({
        loaders: document.querySelectorAll('img, iframe, object, embed, video, audio, link, b').length,
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                     .filter(n => n.startsWith('on')),
        badLinks: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                     .filter(h => !/^https?:\\/\\//i.test(h)),
        pwned: typeof window.__pwned,
    })""")


CLEAN = {"loaders": 0, "scripts": 3, "handlers": [], "badLinks": [], "pwned": "undefined"}


# --- hostile content


def test_hostile_text_is_shown_as_text_and_runs_nothing(page: Loaded) -> None:
    p = page.page
    assert injected(p) == CLEAN
    click_edge(p, "supports")
    text = panel_text(p)
    assert HOSTILE_SENTENCE in text, "the sentence is shown verbatim, markup, braces and all"
    assert HOSTILE_TITLE in text, "the title too"
    assert f"{SCRIPT_NAME} supports {BRACES_NAME}" in text
    assert "javascript:alert('url')" in text, "a javascript: URL is shown as text"
    assert p.locator("#kg-panel a").count() == 0, "and is not a link"
    click_node(p, "<script>alert('name')</script>Eve Stone")
    assert IMG_ALIAS in panel_text(p)
    p.locator("#kg-search-input").fill("{{7*7}}")
    p.locator("#kg-search button").click()
    assert "No actor matches \u201c{{7*7}}\u201d" in p.locator("#kg-status").inner_text()
    assert injected(p) == CLEAN
    assert page.dialogs == [], "a dialog opened: markup from the data ran"  # type: ignore[attr-defined]
    assert page.errors == [] and page.blocked == []
    p.evaluate("() => setTimeout('window.__pwned = 9', 0)")  # a string run later, as injected code would be
    p.wait_for_timeout(100)
    assert p.evaluate("typeof window.__pwned") == "undefined", "the page's Content-Security-Policy forbids eval"
    assert len(page.errors) == 1 and "unsafe-eval" in page.errors[0], "and says so in the console"
    assert page.requests == [page.url], "something from the data was loaded"


def test_only_http_urls_become_links(page: Loaded) -> None:
    p = page.page
    click_edge(p, "recognises")
    links = p.locator("#kg-panel a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "https://news.example.org/narnia"
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    assert "Narnia speaks" in panel_text(p) and "2019-03-05" in panel_text(p)


# --- counts, panel, pin and copy


def test_network_holds_every_actor_and_relation_and_the_page_says_what_it_counts(page: Loaded,
                                                                                  hostile_page: Path) -> None:
    p = page.page
    expected = to_networkx(hostile_graph())
    assert p.evaluate("[kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]") == [
        expected.number_of_nodes(), expected.number_of_edges()]
    assert p.locator("#kg-summary").inner_text() == "3 actors · 3 relations · 4 claims (1 with no stated object)"


def test_edge_panel_lists_every_sentence_with_trigger_rule_and_confidence(page: Loaded) -> None:
    p = page.page
    click_edge(p, "condemns")
    assert p.locator("#kg-panel mark.kg-trigger").all_inner_texts() == ["condemned"]
    text = panel_text(p)
    assert CALM[1] in text and "rule condemns.test.v1 · confidence 0.90" in text
    assert "Narnia condemns" in text and "1 claim" in text


def test_objectless_claim_is_a_badge_on_its_actor_not_an_orphan(page: Loaded) -> None:
    p = page.page
    label = p.evaluate("(id) => kgNodes.get(id).label", node_id(p, SCRIPT_NAME))
    assert label.endswith("\n\u2691 defected, side not stated")
    assert p.evaluate("kgNodes.length") == 3, "no node stands for the unstated side"
    click_node(p, SCRIPT_NAME)
    text = panel_text(p)
    assert "\u2691 defected, side not stated" in text and CALM[2] in text
    assert "Also called: <img src=x onerror=alert('alias')>, Eve" in text


def test_panel_can_be_pinned_and_copied(page: Loaded) -> None:
    p = page.page
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    click_edge(p, "condemns")
    p.locator("#kg-pin").click()
    showing = p.locator("#kg-panel").get_attribute("data-showing")
    click_node(p, "Narnia")
    assert p.locator("#kg-panel").get_attribute("data-showing") == showing, "a pinned panel stays"
    p.locator("#kg-copy").click()
    expect(p.locator("#kg-status")).to_have_text(re.compile("^Copied"))
    copied = p.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Narnia condemns")
    assert CALM[1] in copied and "Narnia speaks, 2019-03-05, https://news.example.org/narnia" in copied
    p.locator("#kg-pin").click()
    click_node(p, "Narnia")
    assert p.locator("#kg-panel").get_attribute("data-showing") == f"node:{node_id(p, 'Narnia')}"


# --- search and filters


def hidden(page: Any) -> dict[str, list[str]]:
    return page.evaluate("""() => ({
        nodes: kgNodes.get({filter: n => n.hidden}).map(n => n.name).sort(),
        edges: kgEdges.get({filter: e => e.hidden}).map(e => e.relation).sort()})""")


def test_search_finds_and_focuses_an_actor_by_alias(page: Loaded) -> None:
    p = page.page
    p.locator("#kg-search-input").fill("narnians")
    p.locator("#kg-search-input").press("Enter")
    ident = node_id(p, "Narnia")
    expect(p.locator("#kg-panel")).to_have_attribute("data-showing", f"node:{ident}")
    assert p.evaluate("kgNetwork.getSelectedNodes()") == [ident]
    offset = """(id) => {  // how far the actor is from the middle of the network's view
        const at = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return Math.max(Math.abs(at.x - box.width / 2), Math.abs(at.y - box.height / 2));
    }"""
    deadline = time.monotonic() + 5
    while p.evaluate(offset, ident) >= 20 and time.monotonic() < deadline:
        p.wait_for_timeout(50)
    assert p.evaluate(offset, ident) < 20, "the network is centred on the actor found"
    assert "Found Narnia" in p.locator("#kg-status").inner_text()


def test_filters_by_confidence_date_actor_type_and_relation(page: Loaded) -> None:
    p = page.page
    assert hidden(p) == {"nodes": [], "edges": []}
    p.locator("#kg-min-confidence").fill("0.95")
    assert hidden(p) == {"nodes": [BRACES_NAME], "edges": ["condemns", "supports"]}, \
        "0.6 and 0.9 go, 0.95 stays; the party, left with no relation, goes too"
    p.locator("#kg-min-confidence").fill("0")
    p.locator("#kg-date-from").fill("2019-02-01")
    assert hidden(p) == {"nodes": [], "edges": ["supports"]}, "the January article's claim is out"
    p.locator("#kg-date-to").fill("2019-02-28")
    assert hidden(p)["edges"] == ["condemns", "recognises", "supports"]
    assert hidden(p)["nodes"] == sorted([BRACES_NAME, "Narnia", SCRIPT_NAME])
    p.locator("#kg-date-from").fill("")
    p.locator("#kg-date-to").fill("")
    p.locator("input[data-kind=Organisation]").uncheck()
    assert hidden(p) == {"nodes": [BRACES_NAME], "edges": ["condemns", "supports"]}
    p.locator("input[data-kind=Organisation]").check()
    p.locator("input[data-relation=recognises]").uncheck()
    assert hidden(p) == {"nodes": [], "edges": ["recognises"]}, "Eve keeps her defection badge and support"
    assert "Showing 3 of 3 actors, 2 of 3 relations." == p.locator("#kg-showing").inner_text()


# --- screenshots


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB(A) rows of a PNG as Chromium writes it (8-bit, no interlace)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                best = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + best[2]) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def canvas_screenshot(loaded: Loaded, name: str) -> tuple[int, int, list[bytes]]:
    """A screenshot of the network's canvas, kept under KG_SCREENSHOT when set."""
    shot = loaded.page.locator("#kg-network").screenshot()
    if os.environ.get("KG_SCREENSHOT"):
        folder = Path(os.environ["KG_SCREENSHOT"])
        folder.mkdir(parents=True, exist_ok=True)
        loaded.page.screenshot(path=str(folder / f"{name}.png"))
    return png_pixels(shot)


def inked_share(rows: list[bytes], channels: int) -> float:
    """The share of pixels that are not the white background."""
    inked = total = 0
    for row in rows[::3]:
        for i in range(0, len(row), channels * 3):
            total += 1
            inked += row[i] < 235 or row[i + 1] < 235 or row[i + 2] < 235
    return inked / total


READABLE_LABELS = """(count) => {
    // on-screen label size of the `count` most involved actors, as vis-network draws them
    const scale = kgNetwork.getScale();
    const top = kgNodes.get().sort((a, b) => b.value - a.value).slice(0, count);
    return top.map(n => [n.name, kgNetwork.body.nodes[n.id].labelModule.fontOptions.size * scale]);
}"""


@pytest.mark.model
def test_screenshot_of_the_seeds_page(browser: Any, seeds_build: tuple[Path, str]) -> None:  # noqa: F811
    out, _stdout = seeds_build
    loaded = open_page(browser, out / "graph.html")
    width, height, rows = canvas_screenshot(loaded, "seeds")
    channels = len(rows[0]) // width
    assert 0.03 < inked_share(rows, channels) < 0.6, "the network is drawn, not blank and not a smear"
    sizes = loaded.page.evaluate(READABLE_LABELS, 22)
    assert all(size >= 11 for _name, size in sizes), f"every seed actor's label is readable: {sizes}"
    names = [name for name, _size in sizes]
    assert "Juan Guaido" in names[:3] and "Nicolas Maduro" in names[:3], names
    assert loaded.errors == [] and loaded.blocked == []
    loaded.page.close()


LABELS = "() => kgLabels.map(l => [l.name, l.px, l.left, l.top, l.right, l.bottom])"


def check_labels(loaded: Loaded) -> list[list[Any]]:
    """The labels drawn on a crowded page: readable, none on another, the most involved actor's first."""
    labels = loaded.page.evaluate(LABELS)
    threshold = loaded.page.evaluate("KG_DATA.labelThreshold")
    assert labels and all(px >= threshold for _n, px, *_box in labels), "no label is drawn unreadably small"
    for i, (name, _px, left, top, right, bottom) in enumerate(labels):
        for other, _opx, oleft, otop, oright, obottom in labels[i + 1:]:
            assert right <= oleft or oright <= left or bottom <= otop or obottom <= top, f"{name} on {other}"
    top = loaded.page.evaluate("kgNodes.get().sort((a, b) => b.value - a.value)[0].name")
    assert labels[0][0] == top and labels[0][1] >= 16, f"the most involved actor, {top}, stands out: {labels[0]}"
    return labels


def dark_pixels(rows: list[bytes], channels: int, box: tuple[float, ...], scale: float) -> int:
    """How many pixels in the screen box (left, top, right, bottom) are dark, like label text."""
    left, top, right, bottom = (round(v * scale) for v in box)
    count = 0
    for row in rows[max(top, 0):bottom]:
        for x in range(max(left, 0), min(right, len(row) // channels)):
            r, g, b = row[x * channels:x * channels + 3]
            count += r < 90 and g < 90 and b < 90
    return count


def test_labels_of_a_200_actor_page_are_readable(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """The old page drew every label of a 200-actor graph at about 6 px; now some are drawn, readably."""
    path = tmp_path / "medium.html"
    write_html(large_graph(200, seed=3), path)
    loaded = open_page(browser, path)
    labels = check_labels(loaded)
    assert 10 <= len(labels) < 200, len(labels)
    assert loaded.errors == [] and loaded.blocked == []
    loaded.page.close()


def test_screenshot_of_a_1000_actor_page(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "large.html"
    write_html(large_graph(1000), path)
    loaded = open_page(browser, path)
    assert loaded.page.evaluate("[kgNodes.length, kgNetwork.physics.physicsEnabled]") == [1000, False]
    width, height, rows = canvas_screenshot(loaded, "large-1000")
    channels = len(rows[0]) // width
    assert 0.03 < inked_share(rows, channels) < 0.7, "the network is drawn, not blank and not a smear"
    labels = check_labels(loaded)
    assert 10 <= len(labels) < 500, "the main actors are labelled; the rest wait for the reader to zoom in"
    ratio = width / loaded.page.locator("#kg-network").bounding_box()["width"]
    name, _px, *box = labels[0]
    assert dark_pixels(rows, channels, tuple(box), ratio) > 30, f"{name}'s label is in the screenshot"
    minor = loaded.page.evaluate("kgNodes.get().sort((a, b) => a.value - b.value || (a.name < b.name ? -1 : 1))[0]")
    assert minor["name"] not in [label[0] for label in labels]
    centre = loaded.page.evaluate("(id) => kgNetwork.getPositions([id])[id]", minor["id"])
    loaded.page.evaluate("(at) => kgNetwork.moveTo({position: at, scale: 6 * kgNetwork.getScale()})", centre)
    loaded.page.wait_for_timeout(100)
    zoomed = loaded.page.evaluate(LABELS)
    assert {n for n, *_rest in zoomed} - {n for n, *_rest in labels}, "zoomed in, actors unlabelled before get labels"
    loaded.page.locator("#kg-search-input").fill(minor["name"])
    loaded.page.locator("#kg-search-input").press("Enter")
    loaded.page.wait_for_timeout(200)
    assert minor["name"] in [label[0] for label in loaded.page.evaluate(LABELS)], "an actor found is labelled"
    assert loaded.errors == [] and loaded.blocked == []
    loaded.page.close()
