"""kg view: a focused page (around an actor, by relation, since a date), and the page's clean labels."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.focus import FocusError, find_actor, focus
from kg.network import to_networkx
from kg.view import clean_aliases, clean_title, safe_link, summary
from test_view import BASE, sample_graph


@pytest.fixture(scope="module")
def network():
    return to_networkx(sample_graph())


def labels(net) -> list[str]:
    return sorted(net.nodes[n]["label"] for n in net.nodes)


def test_around_an_actor_by_alias_within_hops(network) -> None:
    one = focus(network, around="FP", hops=1)  # the Freedom Party: Alice supports it, it condemns Narnia
    assert labels(one) == ["Alice Arroyo", "Freedom Party", "Narnia"]
    assert labels(focus(network, around="freedom party", hops=2)) == ["Alice Arroyo", "Freedom Party", "Narnia",
                                                                       "the Army"]
    assert labels(focus(network, around="Freedom Party", hops=0)) == ["Freedom Party"]


def test_by_relation_keeps_its_objectless_claims_and_drops_lonely_actors(network) -> None:
    defections = focus(network, relations=["defectsTo"])
    assert labels(defections) == ["Alice Arroyo", "the Army"]
    assert [r for r, _e in defections.graph["unstated"][BASE + "army"]] == ["defectsTo"]
    assert summary(defections) == "2 actors · 1 relation · 2 claims (1 with no stated object)"


def test_since_a_date_keeps_only_claims_from_articles_dated_then_or_later(network) -> None:
    since = focus(network, since="2019-02-01")  # only article 001_a is dated (2019-02-20)
    assert sorted(k for _s, _o, k in since.edges(keys=True)) == ["recognises", "supports"]
    [support] = [a for _s, _o, k, a in since.edges(keys=True, data=True) if k == "supports"]
    assert [e.article_id for e in support["evidence"]] == ["001_a"], "the undated article's sentence goes"
    assert focus(network, since="2019-03-01").number_of_edges() == 0


def test_unknown_or_ambiguous_actor_and_bad_date_are_clear_errors(network) -> None:
    with pytest.raises(FocusError, match="g.ttl: no actor called 'Bob'"):
        find_actor(network, "Bob", "g.ttl")
    with pytest.raises(FocusError, match="could be any of"):
        find_actor(network, "a", "g.ttl")  # in every label
    with pytest.raises(FocusError, match="not a date"):
        focus(network, since="yesterday")


def test_kg_view_writes_a_focused_page(tmp_path: Path) -> None:
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(sample_graph().serialize(format="turtle", encoding="utf-8"))
    out = tmp_path / "alice.html"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "view", "--graph", str(ttl), "--around", "Arroyo",
                             "--relation", "supports", "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"2 actors · 1 relation · 2 claims; wrote {out}"
    assert "2 actors · 1 relation · 2 claims" in out.read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "view", "--graph", str(ttl), "--around", "Bob",
                          "--out", str(tmp_path / "bob.html")], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.strip() == f"Error: {ttl}: no actor called 'Bob'"
    assert not (tmp_path / "bob.html").exists()


def test_photo_captions_are_not_shown_as_headlines() -> None:
    caption = ("Venezuelan opposition leader Juan Guaido (C), arrives to take part in a demonstration "
               "in Caracas on February 20, 2019. (Photo by Federico Parra / AFP)")
    assert clean_title(caption) is None
    assert clean_title("Protesters gather in the capital. REUTERS/Carlos Garcia Rawlins") is None
    assert clean_title("Guaido Seeks \u2018Direct\u2019 Pentagon Ties to Oust Maduro") == \
        "Guaido Seeks \u2018Direct\u2019 Pentagon Ties to Oust Maduro"
    assert clean_title("  UN   recognises Ouattara ") == "UN recognises Ouattara"


def test_aliases_lose_dangling_punctuation_and_repeats() -> None:
    assert clean_aliases("United States", ["U.S.", "U.S.-", "US", "united states", "-", "Washington"]) == [
        "U.S.", "US", "Washington"]


def test_only_http_urls_are_links() -> None:
    assert safe_link("https://news.example.org/a?b=1") == "https://news.example.org/a?b=1"
    assert safe_link("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
                "//evil.example.org", "https://x.org/\"onmouseover=alert(1)", None, ""):
        assert safe_link(bad) is None, bad


@pytest.mark.model
def test_kg_build_and_the_page_count_the_same(seeds_build: tuple[Path, str]) -> None:
    out, stdout = seeds_build
    line = stdout.splitlines()[0]
    actors, relations, claims = (int(x) for x in re.search(
        r"(\d+) actors, (\d+) relations \(.*\) from (\d+) claims", line).groups())
    page = (out / "graph.html").read_text(encoding="utf-8")
    shown = re.search(r'<p class="kg-summary" id="kg-summary">(\d+) actors · (\d+) relations · (\d+) claims', page)
    assert tuple(int(x) for x in shown.groups()) == (actors, relations, claims)
