"""Positions for large networks, computed once in Python so the page need not run physics.

Above `kg.view.LARGE_ACTORS` actors, a browser's live force simulation takes too long to settle
and keeps the CPU busy. Here each connected component is laid out on its own with networkx's
spring layout (fixed seed: the same graph gives the same picture), scaled by its size, and the
components are packed in rows, largest first, so small groups do not drift to the edge of an
empty plane. Coordinates are vis-network canvas units, rounded to whole numbers.

A spring layout costs the square of the actors it moves, so a component larger than `CORE`
actors is laid out in two steps: its `CORE` best-connected actors (the ones readers look for)
with the spring layout, linked where they share a neighbour; then every other actor in a ring
around the placed neighbour it is most tied to, in breadth-first order. News graphs are hubs
with fans of actors named once, and this draws them as such in linear time.
"""
from __future__ import annotations

import math

import networkx as nx

SEED = 7
CORE = 300
SPACING = 70.0  # canvas units per actor, roughly: a component of n actors gets a radius ~ SPACING * sqrt(n)
GAP = 60.0  # between packed components


def positions(network: nx.Graph) -> dict[str, tuple[int, int]]:
    """A position for every node of `network` (any networkx graph; direction is ignored)."""
    plain = nx.Graph()
    plain.add_nodes_from(network.nodes)
    plain.add_edges_from((s, o) for s, o in network.edges() if s != o)
    components = sorted((sorted(c) for c in nx.connected_components(plain)), key=lambda c: (-len(c), c[0]))
    boxes = [_component(plain.subgraph(nodes), nodes) for nodes in components]
    return _pack(boxes)


def _component(sub: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions of one component, centred on 0, spread according to its size."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) > CORE:
        return _core_and_fans(sub, nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)  # sorted insertion: the layout does not depend on set order
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in sub.edges()))
    radius = SPACING * math.sqrt(len(nodes))
    layout = nx.spring_layout(ordered, seed=SEED, scale=radius, iterations=60 if len(nodes) < 2000 else 40)
    return {node: (float(x), float(y)) for node, (x, y) in layout.items()}


def _core_and_fans(sub: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """A large component: the spring layout for its best-connected actors, rings for the rest."""
    degree = dict(sub.degree())
    core = sorted(nodes, key=lambda n: (-degree[n], n))[:CORE]
    in_core = set(core)
    skeleton = nx.Graph()
    skeleton.add_nodes_from(core)
    skeleton.add_edges_from(sorted(tuple(sorted((s, o))) for s, o in sub.edges(core) if o in in_core))
    for node in nodes:  # two core actors tied through one other actor are drawn near each other
        if node not in in_core:
            linked = sorted(n for n in sub[node] if n in in_core)
            if len(linked) == 2:
                skeleton.add_edge(*linked)
    radius = SPACING * math.sqrt(len(nodes))
    # a loose spring (large k) keeps the important actors, and their labels, apart
    layout = nx.spring_layout(skeleton, seed=SEED, k=3.0 / math.sqrt(len(core)), iterations=80)
    placed = {n: (float(x), float(y)) for n, (x, y) in nx.rescale_layout_dict(layout, radius).items()}
    fans: dict[str, int] = {}
    frontier = list(core)
    while frontier:
        following = []
        for parent in frontier:
            for child in sorted(sub[parent], key=lambda n: (-degree[n], n)):
                if child in placed:
                    continue
                k = fans.get(parent, 0)
                fans[parent] = k + 1
                # a sunflower: the k-th fan at the golden angle, distance growing as sqrt(k): an even disc
                angle = k * 2.399963
                distance = SPACING * (0.8 + 0.45 * math.sqrt(k))
                px, py = placed[parent]
                placed[child] = (px + distance * math.cos(angle), py + distance * math.sin(angle))
                following.append(child)
        frontier = following
    return placed


def _pack(boxes: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[int, int]]:
    """Place component layouts left to right in rows about as wide as the whole is tall."""
    sized = []
    for box in boxes:
        xs = [p[0] for p in box.values()]
        ys = [p[1] for p in box.values()]
        sized.append((box, min(xs), min(ys), max(xs) - min(xs) + GAP, max(ys) - min(ys) + GAP))
    area = sum(w * h for _b, _x, _y, w, h in sized)
    row_width = max(math.sqrt(area) * 1.3, max((w for *_rest, w, _h in sized), default=0.0))
    result: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for box, left, top, width, height in sized:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in box.items():
            result[node] = (round(x + px - left), round(y + py - top))
        x += width
        row_height = max(row_height, height)
    return result
