"""The interactive network page, `graph.html`: one self-contained file that works offline.

Actors are coloured (and shaped) by type and sized by how many claims involve them; relations
are arrows coloured by relation, as wide as the number of sentences behind them. The page has
a search box, filters (relation, actor type, date range, minimum confidence), and a side panel:
click an actor for its names, type and relations, an arrow for every sentence behind it (article
title, date, link, trigger words highlighted, rule and confidence); the panel can be pinned and
copied. Claims with no stated object ("X has defected") are a badge on their actor.

How the page is made:

* vis-network's own files are vendored in `kg/data/view/vendor/` (with their licence) and
  inlined with our template, script and style, so the page makes no request at all.
* Article text is never HTML. Every string (sentences, titles, labels, URLs) travels as JSON
  embedded with `<`, `>` and `&` escaped, so no text can close the script element; the page's
  script builds the panel and tooltips as DOM elements filled with `textContent`. A URL becomes
  a link only if it is http(s). A Content-Security-Policy in the page forbids loading anything
  (scripts and styles are inline, images only data: URLs) and forbids eval.
* Counts are those of `kg.network`: the CLI prints the same (`kg.view.counts`).
* Above `LARGE_ACTORS` actors, positions come from `kg.layout` (networkx) and the page runs no
  physics. Above `CROWDED_ACTORS`, the page's script draws the labels itself, by importance
  and zoom: an actor's label grows with the claims involving it; a label smaller than
  `LABEL_DRAW_THRESHOLD` pixels on screen, or one that would overlap a more important label,
  is not drawn until you zoom in. No label is ever drawn unreadably small or on top of another.
* The output is deterministic: nodes and edges are sorted, ids derive from that order, JSON
  keys are sorted and layouts have fixed seeds.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
from rdflib import Graph

from kg import atomic
from kg.network import UNKNOWN_TYPE, Evidence, claim_count, to_networkx
from kg.textio import clean_title
from kg.types import ActorType, Relation

PAGE_TITLE = "Political actors and their relations"
LAYOUT_SEED = 7
LARGE_ACTORS = 300  # above this, the layout is computed in Python and the page runs no physics
CROWDED_ACTORS = 100  # above this, the page places labels itself: by importance, none overlapping
LABEL_DRAW_THRESHOLD = 10  # px on screen: smaller labels are not drawn (zoom in to see them)
FIT_PIXELS = 800  # about how wide a whole large layout is drawn at first (the page fits it to the window)
READABLE_PX = 18  # on-screen size of the most important labels, seen whole
MAX_TOOLTIP_EVIDENCE = 3  # sentences in the hover tooltip; the panel shows them all
# vis-network's files end with a source-map comment; devtools would try to fetch the map
_SOURCE_MAP = re.compile(r"^[ \t]*(//[#@] sourceMappingURL=|/\*# sourceMappingURL=).*$", re.MULTILINE)
_FONT = "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"

# fill, border and vis-network shape per actor type: shape as well as colour, for colour-blind readers
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    ActorType.PERSON.value: ("#a6cee3", "#1f78b4", "dot"),
    ActorType.ORGANISATION.value: ("#fdbf6f", "#e07b00", "square"),
    ActorType.POLITY.value: ("#b2df8a", "#33a02c", "diamond"),
    ActorType.GROUP.value: ("#cab2d6", "#6a3d9a", "triangle"),
    UNKNOWN_TYPE: ("#dddddd", "#777777", "dot"),
}
RELATION_COLOUR: dict[str, str] = {
    Relation.SUPPORTS.value: "#1a9850",
    Relation.RECOGNISES.value: "#2166ac",
    Relation.DEFECTS_TO.value: "#b35806",
    Relation.CONDEMNS.value: "#d73027",
}
RELATION_LABEL: dict[str, str] = {
    Relation.SUPPORTS.value: "supports",
    Relation.RECOGNISES.value: "recognises",
    Relation.DEFECTS_TO.value: "defects to",
    Relation.CONDEMNS.value: "condemns",
}
# the badge on an actor whose claim names no object
UNSTATED_LABEL: dict[str, str] = {
    Relation.SUPPORTS.value: "supports, whom not stated",
    Relation.RECOGNISES.value: "recognises, whom not stated",
    Relation.DEFECTS_TO.value: "defected, side not stated",
    Relation.CONDEMNS.value: "condemns, whom not stated",
}
# parallel edges between the same two actors curve apart, one bend per relation
RELATION_ROUNDNESS: dict[str, float] = {r.value: 0.08 + 0.12 * i for i, r in enumerate(Relation)}



def write_html(graph: Graph, path: str | Path) -> None:
    """Write the network page for `graph` to `path`, atomically."""
    atomic.write_text(path, render_html(graph))


def write_page(network: nx.MultiDiGraph, path: str | Path) -> None:
    """Write the page for a network (e.g. one `kg.focus` narrowed) to `path`, atomically."""
    atomic.write_text(path, render_network(network))


def render_html(graph: Graph) -> str:
    """The network page for `graph` as one HTML string."""
    return render_network(to_networkx(graph))


def counts(network: nx.MultiDiGraph) -> dict[str, Any]:
    """What the page and the CLI count: actors, relations (one per who-does-what-to-whom, by
    type) and claims (one per sentence stating a relation, with or without an object)."""
    by_relation = Counter(attrs["relation"] for _s, _o, attrs in network.edges(data=True))
    unstated = sum(len(claims) for claims in network.graph.get("unstated", {}).values())
    return {"actors": network.number_of_nodes(), "relations": network.number_of_edges(),
            "byRelation": {r.value: by_relation.get(r.value, 0) for r in Relation},
            "claims": claim_count(network), "unstated": unstated}


def summary(network: nx.MultiDiGraph) -> str:
    """'22 actors · 28 relations · 38 claims (1 with no stated object)': the page's header line."""
    c = counts(network)
    parts = [_plural(c["actors"], "actor"), _plural(c["relations"], "relation"), _plural(c["claims"], "claim")]
    text = " · ".join(parts)
    return text + (f" ({c['unstated']} with no stated object)" if c["unstated"] else "")


def render_network(network: nx.MultiDiGraph) -> str:
    """The page for a graph shaped like `kg.network.to_networkx`'s output."""
    data = page_data(network)
    page = Template(_asset("page.html"))
    return page.substitute(
        title=html.escape(PAGE_TITLE),
        summary=html.escape(summary(network)),
        legend=legend_html(network),
        vis_css=_vendor("vis-network.css"),
        vis_js=_vendor("vis-network.min.js"),
        page_css=_asset("page.css"),
        page_js=_asset("page.js"),
        data=script_json(data),
    )


def page_data(network: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the page's script draws: nodes, edges, articles, options, counts."""
    large = network.number_of_nodes() > LARGE_ACTORS
    crowded = network.number_of_nodes() > CROWDED_ACTORS
    index = {node: f"n{i}" for i, node in enumerate(network.nodes)}
    articles: dict[str, dict[str, Any]] = {}
    unstated = network.graph.get("unstated", {})
    weights = {node: _involvement(network, node, unstated.get(node, ())) for node in network.nodes}
    where = _layout(network) if large else {}
    nodes = []
    for node, attrs in network.nodes(data=True):
        item = _node(index[node], node, attrs, weights[node], unstated.get(node, ()), articles)
        if crowded:
            del item["label"]  # drawn by the page's script, which keeps labels from overlapping
        if node in where:
            item["x"], item["y"] = where[node]
        nodes.append(item)
    pairs = Counter(frozenset((s, o)) for s, o in network.edges())
    edges = [_edge(f"e{i}", index[s], index[o], attrs, articles, pairs[frozenset((s, o))] > 1 or not large)
             for i, (s, o, attrs) in enumerate(network.edges(data=True))]
    dates = sorted(a["date"] for a in articles.values() if a["date"])
    extent = max((max(xs) - min(xs) for xs in ([p[0] for p in where.values()], [p[1] for p in where.values()])),
                 default=0) if where else 0
    options = vis_options(network, extent)
    label_sizes = {"minPx": LABEL_DRAW_THRESHOLD - 3, "maxPx": READABLE_PX, "maxVisible": 26}
    return {"nodes": nodes, "edges": edges, "articles": articles, "options": options,
            "crowded": crowded, "labelSizes": label_sizes,
            "relationLabels": RELATION_LABEL, "unstatedLabels": UNSTATED_LABEL, "counts": counts(network),
            "large": large, "dateRange": [dates[0], dates[-1]] if dates else None,
            "labelThreshold": LABEL_DRAW_THRESHOLD, "tooltipEvidence": MAX_TOOLTIP_EVIDENCE}


def _layout(network: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    from kg.layout import positions

    return positions(network)


def _involvement(network: nx.MultiDiGraph, node: str, unstated: Any) -> int:
    """How many claims involve the actor, on either side (a relation with no sentence counts once)."""
    edges = list(network.in_edges(node, data=True)) + list(network.out_edges(node, data=True))
    return sum(max(1, len(attrs.get("evidence", []))) for _s, _o, attrs in edges) + len(unstated)


def _node(node_id: str, iri: str, attrs: dict[str, Any], weight: int, unstated: Any,
          articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    kind = attrs.get("type", UNKNOWN_TYPE)
    fill, border, shape = NODE_STYLE.get(kind, NODE_STYLE[UNKNOWN_TYPE])
    colour = {"background": fill, "border": border,
              "highlight": {"background": fill, "border": "#222222"},
              "hover": {"background": fill, "border": "#222222"}}
    name = attrs["label"]
    badges = sorted({UNSTATED_LABEL.get(relation, relation) for relation, _e in unstated})
    label = name + "".join(f"\n\u2691 {badge}" for badge in badges)
    return {"id": node_id, "label": label, "name": name, "badges": badges, "shape": shape, "color": colour, "value": weight,
            "kind": kind, "aliases": clean_aliases(name, attrs.get("aliases", ())), "iri": iri,
            "unstated": [{"relation": relation, "evidence": _evidence(e, articles)} for relation, e in unstated],
            "borderWidth": 4 if badges else 2}


def _edge(edge_id: str, source: str, target: str, attrs: dict[str, Any], articles: dict[str, dict[str, Any]],
          curved: bool) -> dict[str, Any]:
    relation = attrs["relation"]
    evidence: list[Evidence] = attrs.get("evidence", [])
    colour = RELATION_COLOUR.get(relation, "#555555")
    label = RELATION_LABEL.get(relation, relation)
    if len(evidence) > 1:
        label = f"{label} ×{len(evidence)}"
    smooth: Any = ({"enabled": True, "type": "curvedCW", "roundness": RELATION_ROUNDNESS.get(relation, 0.2)}
                   if curved else {"enabled": False})
    return {"id": edge_id, "from": source, "to": target, "label": label, "relation": relation,
            "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
            "font": {"color": colour}, "width": edge_width(len(evidence)), "smooth": smooth,
            "evidence": [_evidence(e, articles) for e in evidence], "evidenceCount": len(evidence)}


def edge_width(sentences: int) -> float:
    """An arrow's width: grows with the number of sentences behind it, by halves, capped."""
    return round(1.5 + min(4.5, math.log2(max(1, sentences)) * 1.5), 2)


def _evidence(evidence: Evidence, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A claim for the page; its article's title, date and link go once into `articles`."""
    if evidence.article_id not in articles:
        articles[evidence.article_id] = {
            "title": clean_title(evidence.article_title), "date": evidence.article_date,
            "url": evidence.article_url, "link": safe_link(evidence.article_url)}
    return {"sentence": evidence.sentence, "article": evidence.article_id, "rule": evidence.rule,
            "confidence": evidence.confidence, "trigger": evidence.trigger,
            "triggerStart": evidence.trigger_start, "triggerEnd": evidence.trigger_end}


def safe_link(url: str | None) -> str | None:
    """`url` if it is an http(s) URL a page may link to; None for javascript:, data:, file: and the rest."""
    if not url:
        return None
    url = url.strip()
    return url if re.match(r"https?://[^\s/]", url, re.IGNORECASE) and not re.search(r"[\s<>\"']", url) else None


def clean_aliases(label: str, aliases: Any) -> list[str]:
    """Aliases as a reader should see them: no dangling punctuation ("U.S.-"), no repeat of the label."""
    seen = {label.casefold()}
    result = []
    for alias in aliases:
        text = " ".join(str(alias).split()).strip("-\u2013\u2014,;:/ ")
        if not text or not re.search(r"\w", text) or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        result.append(text)
    return sorted(result)


def vis_options(network: nx.MultiDiGraph, extent: float = 0) -> dict[str, Any]:
    """vis-network options: physics that settles then stops, or (when large) fixed positions.

    `extent` is the size of a precomputed layout in canvas units. Seen whole, it is shrunk to
    about `FIT_PIXELS`; the largest labels are made big enough to be read at that zoom
    (`READABLE_PX`), the smallest too small to be drawn until the reader zooms in.
    """
    nodes, edges = network.number_of_nodes(), network.number_of_edges()
    large = nodes > LARGE_ACTORS
    crowded = nodes > CROWDED_ACTORS
    busy = nodes > 150 or edges > 300
    physics: dict[str, Any] = {"enabled": False}
    if not large:
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.012,
                                 "springLength": 150, "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 400 if busy else 1000,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        }
    label_max = 44 if large else 26
    if extent > FIT_PIXELS:
        label_max = max(label_max, math.ceil(READABLE_PX * extent / FIT_PIXELS))
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": nodes <= 100},
        "physics": physics,
        "interaction": {"hover": not large, "tooltipDelay": 100, "hideEdgesOnDrag": busy,
                        "hideEdgesOnZoom": large, "navigationButtons": False, "keyboard": False},
        "nodes": {"borderWidth": 2, "borderWidthSelected": 3,
                  "scaling": {"min": 12, "max": 40 if large else 34,
                              # a small network labels every actor, the most involved larger; a crowded
                              # one is labelled by the page's script (see the module's docstring)
                              "label": {"enabled": True, "min": 15 if not crowded else 14, "max": label_max,
                                        "drawThreshold": 5 if not crowded else LABEL_DRAW_THRESHOLD,
                                        "maxVisible": 26}},
                  "font": {"size": 15, "color": "#1d2330", "strokeWidth": 4, "strokeColor": "#ffffff",
                           "face": _FONT},
                  "widthConstraint": {"maximum": 220}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}}, "arrowStrikethrough": False,
                  "hoverWidth": 1.5, "selectionWidth": 2,
                  "font": {"size": 0 if busy else 12, "align": "horizontal", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "face": _FONT}},
    }


def legend_html(network: nx.MultiDiGraph) -> str:
    """The legend and filters: actor types and relations (colour, shape, a show/hide box each)."""
    kinds = Counter(attrs.get("type", UNKNOWN_TYPE) for _n, attrs in network.nodes(data=True))
    relations = Counter(attrs["relation"] for _s, _o, attrs in network.edges(data=True))
    rows = ['<h2>Actors</h2>', '<ul class="kg-legend-types">']
    for kind, (fill, border, shape) in NODE_STYLE.items():
        if kind == UNKNOWN_TYPE and not kinds[kind]:
            continue
        rows.append(f'<li><label><input type="checkbox" checked data-kind="{html.escape(kind)}">'
                    f'<span class="kg-swatch kg-shape-{shape}" style="--fill:{fill};--border:{border}">'
                    f'</span>{html.escape(kind)} <span class="kg-count">{kinds[kind]}</span></label></li>')
    rows += ['</ul>', '<h2>Relations</h2>', '<ul class="kg-legend-relations">']
    for relation, colour in RELATION_COLOUR.items():
        label = html.escape(RELATION_LABEL[relation])
        rows.append(f'<li><label><input type="checkbox" checked data-relation="{html.escape(relation)}">'
                    f'<span class="kg-arrow" style="--colour:{colour}"></span>{label} '
                    f'<span class="kg-count">{relations[relation]}</span></label></li>')
    rows += ['</ul>',
             '<p class="kg-hint">A <strong>relation</strong> is one actor–relation–actor link; a <strong>claim</strong> is one '
             'sentence stating it. Size: claims involving an actor; width: claims behind an arrow. '
             '\u2691 marks a claim whose other side the text does not name.</p>',
             '<p class="kg-hint">Click an actor or an arrow for its evidence. Scroll to zoom, drag to move.</p>']
    return "\n".join(rows)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def script_json(value: Any) -> str:
    """`value` as JSON that is safe inside a <script> element: no text can end the element."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("data", "view", name).read_text(encoding="utf-8")


def _vendor(name: str) -> str:
    """A vendored vis-network file (see data/view/vendor/LICENSE-vis-network.txt), without its source-map link."""
    return _SOURCE_MAP.sub("", resources.files("kg").joinpath("data", "view", "vendor", name)
                           .read_text(encoding="utf-8"))
