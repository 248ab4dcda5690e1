"""Small helpers shared by test modules (imported as `helpers`; tests/ is on sys.path)."""
from __future__ import annotations

from pathlib import Path


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to `path`, creating its folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def fixture_graph(path: Path, extra_claims: dict | None = None) -> Path:
    """Write the small hand-built graph of test_queries.py (no model) as Turtle to `path`."""
    from test_queries import ACTORS, BUILD, _results

    from kg.graph import build_graph

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_graph(ACTORS, _results(extra_claims), build=BUILD).serialize(format="turtle",
                                                                                         encoding="utf-8"))
    return path


def store_folder(graph: Path, folder: Path) -> Path:
    """An on-disk Oxigraph store holding `graph`, closed again: what `--store DIR` opens."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    store.load(path=str(graph), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store
    return folder
