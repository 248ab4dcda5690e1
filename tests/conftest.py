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
