"""A focused part of the network, for `kg view`: around one actor, one relation, since a date.

Works on `kg.network.to_networkx`'s graph and returns a graph of the same shape, so the page,
the counts and the exports treat it like any other.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import networkx as nx

from kg.dates import is_iso_date
from kg.errors import KgError


class FocusError(KgError):
    """A focus that cannot be applied: an unknown actor, a bad date."""


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def find_actor(network: nx.MultiDiGraph, name: str, where: str = "the graph") -> str:
    """The node of the actor called `name` (label, alias or IRI); raises FocusError when none or unclear."""
    wanted = fold(name)
    exact = [n for n, a in network.nodes(data=True)
             if wanted in {fold(n), fold(a["label"])} | {fold(x) for x in a.get("aliases", ())}]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        partial = [n for n, a in network.nodes(data=True) if wanted and wanted in fold(a["label"])]
        if len(partial) == 1:
            return partial[0]
        if not partial:
            raise FocusError(f"{where}: no actor called {name!r}")
        exact = partial
    names = ", ".join(sorted(network.nodes[n]["label"] for n in exact)[:6])
    raise FocusError(f"{where}: {name!r} could be any of {names}; give the full name")


def focus(network: nx.MultiDiGraph, *, around: str | None = None, hops: int = 1,
          relations: Iterable[str] = (), since: str | None = None, where: str = "the graph") -> nx.MultiDiGraph:
    """The part of `network` the options ask for.

    * `relations`: only edges (and objectless claims) of these relations;
    * `since` (YYYY-MM-DD): only claims from articles dated that day or later (undated ones are
      left out); an edge left with no claim goes;
    * `around` with `hops`: only actors within that many relations of the actor, either direction.

    Actors left with neither a relation nor an objectless claim are dropped, except the one around.
    """
    if since is not None and not is_iso_date(since):
        raise FocusError(f"--since {since!r}: not a date (YYYY-MM-DD)")
    keep_relations = set(relations)
    result = nx.MultiDiGraph()
    result.add_nodes_from(network.nodes(data=True))
    for s, o, key, attrs in network.edges(keys=True, data=True):
        if keep_relations and attrs["relation"] not in keep_relations:
            continue
        evidence = attrs.get("evidence", [])
        if since is not None:
            evidence = [e for e in evidence if e.article_date and e.article_date >= since]
            if not evidence:
                continue
        result.add_edge(s, o, key=key, **{**attrs, "evidence": evidence})
    unstated = {}
    for actor, claims in network.graph.get("unstated", {}).items():
        kept = [(r, e) for r, e in claims if (not keep_relations or r in keep_relations)
                and (since is None or (e.article_date is not None and e.article_date >= since))]
        if kept:
            unstated[actor] = kept
    centre = find_actor(network, around, where) if around is not None else None
    if centre is not None:
        near = nx.ego_graph(result.to_undirected(as_view=True), centre, radius=hops)
        result = result.subgraph(near.nodes).copy()
    filtered = bool(keep_relations or since is not None or centre is not None)
    if filtered:
        lonely = [n for n in result.nodes if result.degree(n) == 0 and n not in unstated and n != centre]
        result.remove_nodes_from(lonely)
    result.graph["unstated"] = {a: c for a, c in unstated.items() if a in result}
    return result
