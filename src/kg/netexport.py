"""`kg export --format graphml|gexf|csv`: the network for Gephi, Cytoscape and spreadsheets.

One node per actor (id = IRI; label, type, aliases, claims involving it) and one edge per
relation (relation, claims, articles, first and last date, lowest and highest confidence,
rules, one example sentence). Every attribute is a scalar: lists are joined with "; ", as
Gephi and Cytoscape expect. GraphML and GEXF are written by networkx; CSV is two files,
nodes.csv and edges.csv (source and target are node ids), in the folder given.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from kg import atomic
from kg.errors import KgError

FORMATS = ("graphml", "gexf", "csv")
JOIN = "; "


class ExportError(KgError):
    """A network export that cannot be written as asked."""


def flat(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The network with scalar attributes only."""
    unstated = network.graph.get("unstated", {})
    result = nx.MultiDiGraph()
    for node, attrs in network.nodes(data=True):
        involved = sum(len(a.get("evidence", [])) for *_e, a in network.in_edges(node, data=True))
        involved += sum(len(a.get("evidence", [])) for *_e, a in network.out_edges(node, data=True))
        result.add_node(node, label=attrs["label"], type=attrs.get("type", ""),
                        aliases=JOIN.join(attrs.get("aliases", ())), claims=involved,
                        unstated=JOIN.join(sorted({r for r, _e in unstated.get(node, ())})))
    for s, o, key, attrs in network.edges(keys=True, data=True):
        evidence = attrs.get("evidence", [])
        dates = sorted(e.article_date for e in evidence if e.article_date)
        confidences = sorted(e.confidence for e in evidence if e.confidence is not None)
        result.add_edge(s, o, key=key, relation=attrs["relation"], claims=len(evidence),
                        articles=JOIN.join(sorted({e.article_id for e in evidence})),
                        first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
                        min_confidence=confidences[0] if confidences else 0.0,
                        max_confidence=confidences[-1] if confidences else 0.0,
                        rules=JOIN.join(sorted({e.rule for e in evidence})),
                        example=evidence[0].sentence if evidence else "")
    return result


def to_bytes(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML or GEXF of the flattened network, UTF-8."""
    graph, buffer = flat(network), io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8", named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8")
    else:
        raise ExportError(f"unknown network format {fmt!r}; expected graphml or gexf")
    return buffer.getvalue()


def write_csv(network: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """nodes.csv and edges.csv in `folder`, each written whole or not at all."""
    graph = flat(network)
    folder.mkdir(parents=True, exist_ok=True)
    node_fields = ["id", "label", "type", "aliases", "claims", "unstated"]
    edge_fields = ["source", "target", "relation", "claims", "articles", "first_date", "last_date",
                   "min_confidence", "max_confidence", "rules", "example"]
    nodes = [{"id": n, **a} for n, a in graph.nodes(data=True)]
    edges = [{"source": s, "target": o, **a} for s, o, a in graph.edges(data=True)]
    written = []
    for name, fields, rows in (("nodes.csv", node_fields, nodes), ("edges.csv", edge_fields, edges)):
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        atomic.write_text(folder / name, buffer.getvalue())
        written.append(folder / name)
    return written
