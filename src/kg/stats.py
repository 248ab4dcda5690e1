"""`kg stats`: who is supported, recognised, condemned and defected to, how central each actor
is (degree, PageRank, networkx), the camps (kg.camps) and how they change over time.

Counts are of relations (one per actor-relation-actor link, as on the page): "supported by 3"
is three actors that support it, however many sentences say so.
"""
from __future__ import annotations

import json
import textwrap
from collections import Counter
from typing import Any

import networkx as nx

from kg.camps import camps, camps_over_time
from kg.view import counts

IN_COLUMNS = (("supports", "supported_by"), ("recognises", "recognised_by"), ("condemns", "condemned_by"),
              ("defectsTo", "defected_to"))


def actor_table(network: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per actor: incoming relations by type, degree and PageRank; most central first."""
    weighted = nx.DiGraph()
    weighted.add_nodes_from(network.nodes)
    for s, o, _attrs in network.edges(data=True):
        if s != o:
            weight = weighted.get_edge_data(s, o, {"weight": 0})["weight"]
            weighted.add_edge(s, o, weight=weight + 1)
    rank = nx.pagerank(weighted, weight="weight") if weighted.number_of_nodes() else {}
    incoming = {n: Counter(a["relation"] for _s, _o, a in network.in_edges(n, data=True)) for n in network.nodes}
    rows = []
    for node, attrs in network.nodes(data=True):
        row = {"actor": attrs["label"], "type": attrs.get("type", ""),
               **{column: incoming[node][relation] for relation, column in IN_COLUMNS},
               "degree": network.degree(node), "pagerank": round(rank.get(node, 0.0), 4)}
        rows.append(row)
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["actor"].casefold()))
    return rows


def stats(network: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything `kg stats` reports, as plain data (the --json output)."""
    return {"counts": counts(network), "actors": actor_table(network),
            "camps": [g.as_dict() for g in camps(network)], "camps_over_time": camps_over_time(network)}


def format_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)


def format_table(report: dict[str, Any], top: int | None = None) -> str:
    """The report as text: a table of actors, then the camps and their changes."""
    c = report["counts"]
    lines = [f"{c['actors']} actors, {c['relations']} relations, {c['claims']} claims "
             f"({c['unstated']} with no stated object)", ""]
    header = ("actor", "type", "supported by", "recognised by", "condemned by", "defected to", "degree", "pagerank")
    rows = [(r["actor"], r["type"], *(str(r[col]) for _rel, col in IN_COLUMNS), str(r["degree"]),
             f"{r['pagerank']:.4f}") for r in report["actors"][:top]]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
    widths[0] = min(widths[0], 40)

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for i, (cell, width) in enumerate(zip(cells, widths)):
            cell = cell if len(cell) <= width else cell[:width - 1] + "…"
            out.append(cell.ljust(width) if i < 2 else cell.rjust(width))
        return "  ".join(out).rstrip()

    lines += [line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]
    if top is not None and len(report["actors"]) > top:
        lines.append(f"… {len(report['actors']) - top} more actors (--top)")
    lines += ["", "Camps (supports, recognises, defectsTo +; condemns -): sides that best agree with the signs"]
    if not report["camps"]:
        lines.append("  no two actors are joined by a signed relation")
    for number, group in enumerate(report["camps"], 1):
        lines.append(f"group {number}: {group['relations']} relations, {group['agreement']:.0%} agree with the split")
        for name, side in zip("AB", group["sides"]):
            if side:
                lines += textwrap.wrap(f"side {name} ({len(side)}): {', '.join(side)}", 100,
                                       initial_indent="  ", subsequent_indent="      ")
        for s, r, o in group["crossing"]:
            lines.append(f"  across: {s} {r} {o}")
    if report["camps_over_time"]:
        undated = report["camps"][0]["relations"] - report["camps_over_time"][-1]["relations"]
        lines += ["", "Group 1 month by month (its relations known by the end of each month"
                  + (f"; {undated} come only from undated articles)" if undated else ")")]
        for period in report["camps_over_time"]:
            changed = f"; changed side: {', '.join(period['changed_side'])}" if period["changed_side"] else ""
            sizes = " + ".join(str(len(s)) for s in period["sides"])
            lines.append(f"  {period['until']}: {period['relations']} relations, sides of {sizes} actors, "
                         f"{period['agreement']:.0%} agree{changed}")
    return "\n".join(lines) + "\n"
