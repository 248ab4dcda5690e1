"""What a re-run of `kg build --store` costs when nothing, or little, changed.

    .venv/bin/python bench/bench_incremental.py                  # 1000 articles
    .venv/bin/python bench/bench_incremental.py --articles 300 --repeat 5

It writes a corpus with bench/corpus.py, then times fresh `kg build CORPUS --store TMP`
processes, start-up included (wall clock, best of --repeat for the re-runs):

| run | what it does |
|---|---|
| first build | every article parsed, resolved and written (the baseline) |
| unchanged re-run | every article read and hashed, none parsed: spaCy is never loaded |
| 1% new | the same, and 1% more articles (new files) parsed and written |

and prints each as a fraction of the first build. Target for the unchanged re-run: under 5 %.
Not a test; it asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stderr}")
    return seconds, run.stdout.split(";")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="re-runs of each kind; the fastest is kept")
    args = parser.parse_args()
    kg = [sys.executable, "-m", "kg.cli", "build"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-incremental-") as tmp:
        corpus, extra, store = Path(tmp) / "corpus", Path(tmp) / "extra", Path(tmp) / "store"
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--articles", str(args.articles),
                        "--out", str(corpus)], check=True, capture_output=True)
        first, counts = timed([*kg, str(corpus), "--store", str(store)])
        print(f"first build      {args.articles:>6} articles: {first:7.2f} s   [{counts}]", flush=True)
        best = min(timed([*kg, str(corpus), "--store", str(store)]) for _ in range(args.repeat))
        print(f"unchanged re-run {args.articles:>6} articles: {best[0]:7.2f} s   [{best[1]}]", flush=True)
        new = max(1, args.articles // 100)
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--articles", str(new), "--seed", "7",
                        "--out", str(extra)], check=True, capture_output=True)
        grown = None
        for i in range(args.repeat):  # each time into a copy of the store as the first build left it
            copy = Path(tmp) / f"store-{i}"
            shutil.copytree(store, copy)
            folder = Path(tmp) / f"grown-{i}"
            folder.mkdir()
            for path in extra.iterdir():
                shutil.copy(path, folder / f"new-{path.name}")
            run = timed([*kg, str(corpus), str(folder), "--store", str(copy)])
            grown = min(grown, run) if grown else run
        print(f"1% new re-run    {args.articles + new:>6} articles: {grown[0]:7.2f} s   [{grown[1]}]")
        print(f"unchanged re-run / first build = {best[0] / first:.3f} (target < 0.05)")
        print(f"1% new re-run / first build    = {grown[0] / first:.3f}")


if __name__ == "__main__":
    main()
