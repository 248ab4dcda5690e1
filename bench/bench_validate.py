"""How fast is `kg validate`? Not a test: run by hand after changing the shapes or kg/shacl.py.

    .venv/bin/python bench/bench_validate.py                       # ~1M triples; pyshacl at ~5k
    .venv/bin/python bench/bench_validate.py --triples 200000 --pyshacl-triples 2000

The seeds' graph (a real `kg build seeds/`, or --graph FILE) is made about --triples large by
tests/scaled.py and written as N-Triples; `kg.validate.validate_file(path, "sparql")` is timed
on it from the file (reading it into Oxigraph, compiling the shapes, running every check),
against the target of 60 s. Then a graph of about --pyshacl-triples is validated by both
engines, file to report, and the ratio pyshacl / sparql printed (both in the same run). Every
report must say "conforms": a scaled kg graph is still a valid one.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import scaled  # noqa: E402
from kg.validate import validate_file  # noqa: E402

TARGET_S = 60.0


def timed(path: Path, engine: str) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = validate_file(path, engine)
    return time.perf_counter() - wall, time.process_time() - cpu, report.text().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the large graph (about)")
    parser.add_argument("--pyshacl-triples", type=int, default=5_000, help="size of the graph both engines validate")
    parser.add_argument("--graph", type=Path, help="the graph to scale (default: kg build seeds/)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph or scaled.seeds_graph(Path(tmp) / "out")
        big = scaled.write_scaled(graph, scaled.copies_for(graph, args.triples), Path(tmp) / "big.nt")
        small = scaled.write_scaled(graph, scaled.copies_for(graph, args.pyshacl_triples), Path(tmp) / "small.nt")
        lines = {path: sum(1 for _ in path.open(encoding="utf-8")) for path in (big, small)}

        wall, cpu, verdict = timed(big, "sparql")
        print(f"sparql engine, {lines[big]:,} triples: {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"({lines[big] / wall:,.0f} triples/s): {verdict}; "
              f"target < {TARGET_S:.0f} s: {'yes' if wall < TARGET_S else 'NO'}")

        fast = timed(small, "sparql")
        slow = timed(small, "pyshacl")
        print(f"{lines[small]:,} triples: sparql {fast[0]:.2f} s ({fast[2]}), pyshacl {slow[0]:.2f} s ({slow[2]}); "
              f"pyshacl / sparql: {slow[0] / fast[0]:.0f}x wall, {slow[1] / fast[1]:.0f}x CPU")


if __name__ == "__main__":
    main()
