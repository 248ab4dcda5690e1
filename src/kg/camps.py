"""Who stands with whom: the actors of the signed graph split into the two sides that best agree
with the signs.

supports, recognises and defectsTo are positive, condemns is negative. A split is scored by
the relations it contradicts: a positive relation across the sides, or a negative one within
a side. Each group of connected actors is split on its own (groups that never meet in the text
have no side in common): a start from the leading eigenvector of the signed adjacency matrix
(numpy), then single actors moved to the other side while that lowers the count. This is a
local optimum, the usual heuristic for structural balance; it is exact when the graph is
balanced (no split contradicts nothing otherwise).

`camps_over_time` does the same on the claims known by the end of each month, for graphs
whose articles carry dates, and names the actors who changed side from one month to the next.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

SIGN = {"supports": 1, "recognises": 1, "defectsTo": 1, "condemns": -1}


@dataclass
class Group:
    """One connected group of actors, split into sides (the second may be empty)."""

    sides: list[list[str]]  # actor labels, each side sorted; the larger side first
    crossing: list[tuple[str, str, str]] = field(default_factory=list)  # (subject, relation, object) across sides
    contradicted: list[tuple[str, str, str]] = field(default_factory=list)  # relations the split goes against
    relations: int = 0

    @property
    def agreement(self) -> float:
        return 1.0 - len(self.contradicted) / self.relations if self.relations else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"sides": self.sides, "relations": self.relations, "agreement": round(self.agreement, 3),
                "crossing": [list(t) for t in self.crossing], "contradicted": [list(t) for t in self.contradicted]}


def signed_relations(network: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(subject, relation, object) for every relation with a sign, self-loops left out."""
    return [(s, attrs["relation"], o) for s, o, attrs in network.edges(data=True)
            if attrs["relation"] in SIGN and s != o]


def camps(network: nx.MultiDiGraph) -> list[Group]:
    """The groups of actors joined by signed relations, largest first, each split in two."""
    relations = signed_relations(network)
    plain = nx.Graph()
    plain.add_edges_from((s, o) for s, _r, o in relations)
    label = {n: network.nodes[n]["label"] for n in network.nodes}
    groups = []
    for nodes in sorted((sorted(c) for c in nx.connected_components(plain)), key=lambda c: (-len(c), c)):
        if len(nodes) < 2:
            continue
        members = set(nodes)
        inside = [r for r in relations if r[0] in members]
        side = split(nodes, inside)
        sides = sorted(([sorted((label[n] for n in nodes if side[n] == k), key=str.casefold) for k in (0, 1)]),
                       key=lambda names: (-len(names), [n.casefold() for n in names]))
        crossing = sorted((label[s], r, label[o]) for s, r, o in inside if side[s] != side[o])
        contradicted = sorted((label[s], r, label[o]) for s, r, o in inside
                              if (SIGN[r] > 0) != (side[s] == side[o]))
        groups.append(Group(sides, crossing, contradicted, len(inside)))
    return groups


def split(nodes: list[str], relations: list[tuple[str, str, str]]) -> dict[str, int]:
    """Side 0 or 1 for each node, contradicting as few relations as a local search can find."""
    index = {n: i for i, n in enumerate(nodes)}
    matrix = np.zeros((len(nodes), len(nodes)))
    for s, r, o in relations:
        matrix[index[s], index[o]] += SIGN[r]
        matrix[index[o], index[s]] += SIGN[r]
    starts = [np.zeros(len(nodes), dtype=int)]
    if len(nodes) > 2:
        _values, vectors = np.linalg.eigh(matrix)
        starts.insert(0, (vectors[:, -1] < 0).astype(int))
    best, best_cost = None, None
    for start in starts:
        side = _improve(start.copy(), matrix)
        cost = _cost(side, matrix)
        if best_cost is None or cost < best_cost:
            best, best_cost = side, cost
    return {n: int(best[index[n]]) for n in nodes}  # type: ignore[index]


def _cost(side: np.ndarray, matrix: np.ndarray) -> float:
    same = side[:, None] == side[None, :]
    # a positive weight across sides, or a negative one within, is contradicted (each pair counted twice)
    return float((np.where(same, np.maximum(-matrix, 0), np.maximum(matrix, 0))).sum() / 2)


def _improve(side: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Move single actors to the other side while that contradicts fewer relations."""
    for _round in range(10 * len(side)):
        same = side[:, None] == side[None, :]
        # gain of moving i: relations it agrees with now minus those it would agree with after
        pull = np.where(same, matrix, -matrix).sum(axis=1)
        worst = int(np.argmin(pull))
        if pull[worst] >= 0:
            break
        side[worst] = 1 - side[worst]
    return side


def camps_over_time(network: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """The largest group's sides on the claims known at the end of each month with dated claims.

    The group is the largest one in the whole graph; each month's split is of its actors, on
    their relations whose earliest dated sentence is from that month or before.
    """
    months = sorted({e.article_date[:7] for _s, _o, a in network.edges(data=True) for e in a.get("evidence", [])
                     if e.article_date})
    groups = camps(network)
    if len(months) < 2 or not groups:
        return []
    members = {n for n in network.nodes if network.nodes[n]["label"] in set(groups[0].sides[0] + groups[0].sides[1])}
    periods, previous = [], None
    for month in months:
        known = nx.MultiDiGraph()
        known.add_nodes_from((n, network.nodes[n]) for n in members)
        for s, o, key, attrs in network.edges(keys=True, data=True):
            if s in members and o in members and any(
                    e.article_date and e.article_date[:7] <= month for e in attrs.get("evidence", [])):
                known.add_edge(s, o, key=key, **attrs)
        split_now = camps(known)
        if not split_now:
            continue
        now = split_now[0]  # the largest part of the group joined by then
        sides = [set(side) for side in now.sides]
        moved: list[str] = []
        if previous is not None:
            kept = len(sides[0] & previous[0]) + len(sides[1] & previous[1])
            swapped = len(sides[0] & previous[1]) + len(sides[1] & previous[0])
            if swapped > kept:
                sides = [sides[1], sides[0]]
            moved = sorted((sides[0] & previous[1]) | (sides[1] & previous[0]), key=str.casefold)
        periods.append({"until": month, "relations": now.relations,
                        "sides": [sorted(s, key=str.casefold) for s in sides],
                        "agreement": round(now.agreement, 3), "changed_side": moved})
        previous = sides
    return periods
