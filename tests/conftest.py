"""Shared fixtures. The spaCy model is loaded once per test session (kg.nlp.load_model is cached)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The default English spaCy model, loaded once. Tests using it are marked `model`."""
    from kg.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """`kg build` on seeds/, run once per session: (out folder, the build's stdout). Tests using it are `model`."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("seeds-build") / "out"
    build = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(root / "seeds"), "--out", str(out)],
                           cwd=root, capture_output=True, text=True)
    assert build.returncode == 0, f"kg build failed on the seeds:\n{build.stderr}"
    return out, build.stdout


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    """The query, endpoint and push tests' small graph (helpers.fixture_graph), once per module.
    A test file with a graph of its own defines its own `graph_file`."""
    from helpers import fixture_graph

    return fixture_graph(tmp_path_factory.mktemp("graph") / "graph.ttl")


@pytest.fixture(scope="module")
def store(graph_file):
    """`graph_file` loaded into an in-memory Oxigraph store."""
    from kg import query

    return query.open_store(graph_file)
