"""The Python API, for notebooks and scripts.

    import kg
    result = kg.build(["articles/", "One more article's text, as a string."])
    result.graph                 # the rdflib graph (what `kg build` writes as Turtle)
    result.to_networkx()         # a networkx MultiDiGraph of actors and relations
    kg.query(result, "supporters", actor="Juan Guaidó")   # rows as dicts
    kg.query(result.graph, "SELECT ?s WHERE { ?s a <https://kg.example.org/ns#Person> }")

`kg.query` takes a build result, an rdflib graph, a pyoxigraph Store or a graph file's path,
and a shipped query's name, a .rq file or the query text; keyword arguments are the query's
parameters (bound as RDF terms, as `--param` does). A SELECT answers a list of dicts (column
-> value as text; unbound values are left out), an ASK a bool, a CONSTRUCT or DESCRIBE an
rdflib Graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.errors import InputError
from kg.vocab import DEFAULT_BASE


@dataclass
class Result:
    """What `kg.build` made: the graph, the actors, each article's result, and what was skipped."""

    graph: object  # rdflib.Graph
    actors: list
    results: list
    errors: list[str]

    def to_networkx(self):
        """Actors as nodes, relations as edges carrying their evidence (kg.network.to_networkx)."""
        from kg.network import to_networkx

        return to_networkx(self.graph)

    def query(self, name_or_text: str, **params: str):
        return query(self, name_or_text, **params)


def build(sources: str | Path | Iterable[str | Path], *, model: str | None = None, base: str = DEFAULT_BASE,
          min_confidence: float = 0.0, scheduler=None) -> Result:
    """Build a graph from articles: each source is a path (a `Path`, or a string naming a file or
    folder that exists: .txt, .jsonl, folders of them) or the text of an article (any other
    string; its id is `text-1`, `text-2`, … in order). Unreadable files are listed in
    `result.errors`, as `kg build` warns about them. With `scheduler` (a Dask scheduler's address,
    or a `distributed.Client`) parsing and extraction run on that cluster; the graph is the same."""
    from kg import pipeline
    from kg.dates import find_date
    from kg.ingest import read_articles
    from kg.textio import clean_title
    from kg.types import Article

    if isinstance(sources, (str, Path)):
        sources = [sources]
    errors: list[str] = []
    articles: list[Article] = []
    texts = 0
    for source in sources:
        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                        and Path(source).exists()):
            for item in read_articles([source]):
                (errors.append(str(item)) if isinstance(item, InputError) else articles.append(item))
        elif isinstance(source, str):
            texts += 1
            if not source.strip():
                errors.append(f"text-{texts}: empty article")
                continue
            first = next((line.strip() for line in source.split("\n") if line.strip()), None)
            title = first if clean_title(first) else None  # not a photo caption or a paragraph
            articles.append(Article(id=f"text-{texts}", text=source, title=title, date=find_date(source)))
        else:
            raise TypeError(f"kg.build takes paths and texts, not {type(source).__name__}")
    graph, actors, results = pipeline.build_articles(articles, model=model, base=base, on_error=errors.append,
                                                     min_confidence=min_confidence, scheduler=scheduler)
    return Result(graph=graph, actors=actors, results=results, errors=errors)


def query(graph, name_or_text: str, **params: str):
    """Run a shipped query (by name), a .rq file or SPARQL text on a graph; see the module doc."""
    import pyoxigraph as ox
    import rdflib

    from kg import library
    from kg import query as q

    if isinstance(graph, Result):
        graph = graph.graph
    if isinstance(graph, ox.Store):
        store = graph
    elif isinstance(graph, (str, Path)):
        store = q.open_store(graph)
    elif isinstance(graph, rdflib.Graph):
        store = q.store_from_rdflib(graph)
    else:
        raise TypeError(f"kg.query takes a build result, an rdflib Graph, a pyoxigraph Store or a path, "
                        f"not {type(graph).__name__}")
    found = library.find(name_or_text) if "\n" not in name_or_text and len(name_or_text) < 200 else None
    if found is not None:
        where, text = str(found), library.read_text(found)
    else:
        where, text = q.resolve_query(name_or_text)
    answer = q.ask(q.Local(store), text, where=where, given={k: str(v) for k, v in params.items()})
    if answer.boolean is not None:
        return answer.boolean
    if answer.triples is not None:
        return rdflib.Graph().parse(data=answer.results.decode("utf-8"), format="nt")
    return [{c: v for c, v, t in zip(answer.columns, row, terms) if t is not None}
            for row, terms in zip(answer.rows, answer.terms)]
