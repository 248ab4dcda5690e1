"""The wheel carries the shipped queries: built from a copy of the checkout, installed apart
from it, `kg query --list` still lists them and `kg query` still runs them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import fixture_graph

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", ".git", "out", "build", "dist", "*.egg-info", "__pycache__", "tests",
                              ".pytest_cache", ".hypothesis", "bench")


def test_the_wheel_carries_the_queries(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, symlinks=True, ignore=SKIP)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            str(source), "-w", str(tmp_path / "dist")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(Path(n).name for n in names if n.startswith("kg/data/queries/")) == shipped
    # installed apart from the checkout (and from any queries/ folder near it)
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "decoy.rq").write_text("# decoy: not kg's\nASK {}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    graph = fixture_graph(tmp_path / "graph.ttl")
    listing = subprocess.run([sys.executable, "-c", "import kg, sys; from kg.cli import main; "
                              "assert kg.__file__.startswith(sys.argv[1]), kg.__file__; sys.argv[1:] = ['query', '--list']; main()",
                              str(target)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "supporters\n" in listing.stdout and "decoy" not in listing.stdout
    run = subprocess.run([sys.executable, "-m", "kg.cli", "query", "supporters", "--param", "actor=Guaido",
                          "--graph", str(graph), "--format", "csv"], capture_output=True, text=True, env=env,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 4
