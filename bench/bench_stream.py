"""Peak memory of `kg build --store` as the corpus grows: it should not grow with the articles.

    .venv/bin/python bench/bench_stream.py                       # 1000 and 5000 articles
    .venv/bin/python bench/bench_stream.py --sizes 1000 5000 20000
    .venv/bin/python bench/bench_stream.py --plain               # also plain `kg build` (holds all)

For each size it writes a corpus with bench/corpus.py into a temporary folder (removed after),
runs `kg build CORPUS --store TMP` as a fresh process and reads that process's peak resident
memory (ru_maxrss, from wait4). It prints MB, seconds and articles per second per size, and
the ratio of each size's peak to the smallest's: about 1.0 means memory does not grow with
the number of articles (the target is under 1.2). With --plain, plain `kg build --no-html`
(which keeps every article's results and the whole graph in memory) is measured the same
way, as the baseline the store build is compared with. Not a test; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(folder: Path, articles: int) -> Path:
    out = folder / f"corpus-{articles}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--articles", str(articles), "--out", str(out)],
                   check=True, capture_output=True)
    return out


def measured(command: list[str]) -> tuple[float, float, str]:
    """(peak RSS in MB, wall seconds, last line of stdout) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().strip().splitlines() if process.stdout else []
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return usage.ru_maxrss / 1024, seconds, (output[0] if output else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--plain", action="store_true", help="also measure plain `kg build` at each size")
    args = parser.parse_args()
    kg = [sys.executable, "-m", "kg.cli"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-stream-") as tmp:
        for size in args.sizes:
            folder = corpus(Path(tmp), size)
            peak, seconds, line = measured([*kg, "build", str(folder), "--store", str(Path(tmp) / f"store-{size}")])
            rows.append(("store", size, peak, seconds))
            print(f"kg build --store  {size:>6} articles: peak {peak:7.1f} MB, {seconds:7.1f} s, "
                  f"{size / seconds:5.1f} articles/s   [{line.split(';')[0]}]", flush=True)
            if args.plain:
                peak, seconds, _ = measured([*kg, "build", str(folder), "--no-html", "--out", str(Path(tmp) / f"out-{size}")])
                rows.append(("plain", size, peak, seconds))
                print(f"kg build (plain)  {size:>6} articles: peak {peak:7.1f} MB, {seconds:7.1f} s, "
                      f"{size / seconds:5.1f} articles/s", flush=True)
    for kind in ("store", "plain"):
        mine = [r for r in rows if r[0] == kind]
        for _, size, peak, _ in mine[1:]:
            print(f"{kind}: peak RSS at {size} / at {mine[0][1]} articles = {peak / mine[0][2]:.2f} "
                  f"(x{size / mine[0][1]:g} articles)")


if __name__ == "__main__":
    main()
