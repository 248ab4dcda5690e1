"""The interactive network page, `graph.html`: one self-contained file that works offline.

Actors are coloured (and shaped) by type, relations are labelled arrows coloured by relation;
a legend explains both and lets the reader hide a relation. Hovering an edge shows the
sentences behind it, hovering an actor shows its type and aliases.

How the page is made:

* pyvis holds the nodes and edges (built from `kg.network.to_networkx`), but the page comes
  from our own small template (`kg/data/view/`), not pyvis's: pyvis's template links
  Bootstrap from a CDN in every mode. vis-network's JS and CSS are read from the pyvis
  package and inlined, so the page makes no request at all.
* Tooltips are never HTML strings. Each node and edge carries its data (label, aliases,
  evidence) as JSON; the page's script builds the tooltip as DOM elements filled with
  `textContent`, so a sentence containing `<script>` or `<img onerror=...>` shows literally.
  The JSON is embedded with `<`, `>` and `&` escaped so no text can close the script tag.
* The output is deterministic: nodes and edges are sorted, ids are derived from that order,
  JSON keys are sorted and vis-network's layout gets a fixed random seed.
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
import pyvis
from pyvis.network import Network
from rdflib import Graph

from kg import atomic
from kg.network import UNKNOWN_TYPE, Evidence, to_networkx
from kg.types import ActorType, Relation

PAGE_TITLE = "Political actors and their relations"
VIS_VERSION = "9.1.2"
LAYOUT_SEED = 7
MAX_TOOLTIP_EVIDENCE = 8  # sentences shown when hovering an edge; the rest are counted
# vis-network's files end with a source-map comment; devtools would try to fetch the map
_SOURCE_MAP = re.compile(r"^[ \t]*(//[#@] sourceMappingURL=|/\*# sourceMappingURL=).*$", re.MULTILINE)

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
# parallel edges between the same two actors curve apart, one bend per relation
RELATION_ROUNDNESS: dict[str, float] = {r.value: 0.08 + 0.12 * i for i, r in enumerate(Relation)}


def write_html(graph: Graph, path: str | Path) -> None:
    """Write the network page for `graph` to `path`, atomically."""
    atomic.write_text(path, render_html(graph))


def render_html(graph: Graph) -> str:
    """The network page for `graph` as one HTML string."""
    return render_network(to_networkx(graph))


def render_network(network: nx.MultiDiGraph) -> str:
    """The page for a graph shaped like `kg.network.to_networkx`'s output."""
    net = build_pyvis(network)
    data = {"nodes": net.nodes, "edges": net.edges, "options": vis_options(network),
            "relationLabels": RELATION_LABEL}
    page = Template(_asset("page.html"))
    return page.substitute(
        title=html.escape(PAGE_TITLE),
        summary=html.escape(_summary(network)),
        legend=legend_html(network),
        vis_css=_vis_asset("vis-network.css"),
        vis_js=_vis_asset("vis-network.min.js"),
        page_css=_asset("page.css"),
        page_js=_asset("page.js"),
        data=script_json(data),
    )


def build_pyvis(network: nx.MultiDiGraph) -> Network:
    """A pyvis Network with one vis node per actor and one vis edge per relation edge."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    index = {node: f"n{i}" for i, node in enumerate(network.nodes)}
    for node, attrs in network.nodes(data=True):
        net.add_node(index[node], **_node_options(node, attrs, _evidence_count(network, node)))
    for i, (subject, obj, attrs) in enumerate(network.edges(data=True)):
        net.add_edge(index[subject], index[obj], **_edge_options(f"e{i}", attrs))
    return net


def _node_options(iri: str, attrs: dict[str, Any], weight: int) -> dict[str, Any]:
    kind = attrs.get("type", UNKNOWN_TYPE)
    fill, border, shape = NODE_STYLE.get(kind, NODE_STYLE[UNKNOWN_TYPE])
    colour = {"background": fill, "border": border,
              "highlight": {"background": fill, "border": "#222222"},
              "hover": {"background": fill, "border": "#222222"}}
    return {"label": attrs["label"], "shape": shape, "color": colour, "value": weight,
            "kind": kind, "aliases": list(attrs.get("aliases", ())), "iri": iri}


def _edge_options(edge_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
    relation = attrs["relation"]
    evidence: list[Evidence] = attrs.get("evidence", [])
    colour = RELATION_COLOUR.get(relation, "#555555")
    label = RELATION_LABEL.get(relation, relation)
    if len(evidence) > 1:
        label = f"{label} ×{len(evidence)}"
    return {"id": edge_id, "label": label, "relation": relation,
            "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
            "font": {"color": colour},
            "width": round(1.5 + min(3.0, math.log2(max(1, len(evidence)))), 2),
            "smooth": {"enabled": True, "type": "curvedCW",
                       "roundness": RELATION_ROUNDNESS.get(relation, 0.2)},
            "evidence": [e.as_dict() for e in evidence[:MAX_TOOLTIP_EVIDENCE]],
            "evidenceCount": len(evidence)}


def _evidence_count(network: nx.MultiDiGraph, node: str) -> int:
    edges = list(network.in_edges(node, data=True)) + list(network.out_edges(node, data=True))
    return sum(max(1, len(attrs.get("evidence", []))) for _s, _o, attrs in edges)


def vis_options(network: nx.MultiDiGraph) -> dict[str, Any]:
    """vis-network options: a layout that settles, then stops moving; lighter when large."""
    nodes, edges = network.number_of_nodes(), network.number_of_edges()
    large = nodes > 150 or edges > 300
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": nodes <= 100},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.012,
                                 "springLength": 150, "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 400 if large else 1000,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        },
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False, "keyboard": False},
        "nodes": {"borderWidth": 2, "borderWidthSelected": 3,
                  "scaling": {"min": 12, "max": 34, "label": {"enabled": False}},
                  "font": {"size": 15, "color": "#1d2330", "strokeWidth": 4, "strokeColor": "#ffffff",
                           "face": "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"},
                  "widthConstraint": {"maximum": 170}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}}, "arrowStrikethrough": False,
                  "hoverWidth": 1.5, "selectionWidth": 2,
                  "font": {"size": 0 if large else 12, "align": "horizontal", "strokeWidth": 3,
                           "strokeColor": "#ffffff",
                           "face": "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"}},
    }


def legend_html(network: nx.MultiDiGraph) -> str:
    """The legend: actor types (colour and shape) and relations (colour, with a show/hide box)."""
    kinds = Counter(attrs.get("type", UNKNOWN_TYPE) for _n, attrs in network.nodes(data=True))
    relations = Counter(attrs["relation"] for _s, _o, attrs in network.edges(data=True))
    rows = ['<h2>Actors</h2>', '<ul class="kg-legend-types">']
    for kind, (fill, border, shape) in NODE_STYLE.items():
        if kind == UNKNOWN_TYPE and not kinds[kind]:
            continue
        rows.append(f'<li><span class="kg-swatch kg-shape-{shape}" style="--fill:{fill};--border:{border}">'
                    f'</span>{html.escape(kind)} <span class="kg-count">{kinds[kind]}</span></li>')
    rows += ['</ul>', '<h2>Relations</h2>', '<ul class="kg-legend-relations">']
    for relation, colour in RELATION_COLOUR.items():
        label = html.escape(RELATION_LABEL[relation])
        rows.append(f'<li><label><input type="checkbox" checked data-relation="{html.escape(relation)}">'
                    f'<span class="kg-arrow" style="--colour:{colour}"></span>{label} '
                    f'<span class="kg-count">{relations[relation]}</span></label></li>')
    rows += ['</ul>', '<p class="kg-hint">Hover an arrow for its evidence, an actor for its names. '
             'Scroll to zoom, drag to move.</p>']
    return "\n".join(rows)


def _summary(network: nx.MultiDiGraph) -> str:
    sentences = sum(len(attrs.get("evidence", [])) for _s, _o, attrs in network.edges(data=True))
    counts = ((network.number_of_nodes(), "actor"), (network.number_of_edges(), "relation"),
              (sentences, "evidence sentence"))
    return " · ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)


def script_json(value: Any) -> str:
    """`value` as JSON that is safe inside a <script> element: no text can end the element."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("data", "view", name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    """A file of the vis-network build shipped inside pyvis, without its source-map link."""
    path = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}" / name
    return _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
