"""Peak memory of `kg build --store` as the corpus grows: it should not grow with the articles.

    .venv/bin/python bench/bench_stream.py                       # 1000 and 5000 articles
    .venv/bin/python bench/bench_stream.py --sizes 1000 5000 20000
    .venv/bin/python bench/bench_stream.py --plain               # also plain `kg build` (holds all)
    .venv/bin/python bench/bench_stream.py --jobs 2              # `kg build --store --jobs 2`

For each size it writes a corpus with bench/corpus.py into a temporary folder (removed after),
runs `kg build CORPUS --store TMP` as a fresh process and reads its peak resident memory
(ru_maxrss, from wait4: with --jobs, that of the largest of the build and its workers); it
also samples the proportional set size (PSS) of the build and its workers together every
half second. It prints MB, seconds and articles per second per size, and the ratio of each
size's peaks to the smallest's: about 1.0 means memory does not grow with
the number of articles (the target is under 1.2). With --plain, plain `kg build --no-html`
(which keeps every article's results and the whole graph in memory) is measured the same
way, as the baseline the store build is compared with. Not a test; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
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


def _pss_mb(pid: int) -> float:
    """The proportional set size of `pid` and its child processes (the --jobs workers), in MB:
    pages the workers share with the process that forked them count once, not once each."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def measured(command: list[str]) -> tuple[float, float, str, float]:
    """(peak RSS in MB, wall seconds, first line of stdout, peak PSS in MB) of one fresh process.
    The peak RSS (ru_maxrss, from wait4) is that of its largest process, the build or one of its
    workers; the peak PSS, sampled every half second, is that of the build and its workers together."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, text=True)
        peak_pss = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_pss = max(peak_pss, _pss_mb(process.pid))
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        out.seek(0)
        output = out.read().strip().splitlines()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return usage.ru_maxrss / 1024, seconds, (output[0] if output else ""), peak_pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--plain", action="store_true", help="also measure plain `kg build` at each size")
    parser.add_argument("--jobs", type=int, default=1, help="`kg build --store --jobs N` (default 1)")
    args = parser.parse_args()
    kg = [sys.executable, "-m", "kg.cli"]
    jobs = ["--jobs", str(args.jobs)] if args.jobs > 1 else []
    store_kind = f"store -j {args.jobs}" if jobs else "store"
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-stream-") as tmp:
        for size in args.sizes:
            folder = corpus(Path(tmp), size)
            peak, seconds, line, pss = measured([*kg, "build", str(folder), "--store", str(Path(tmp) / f"store-{size}"),
                                                 *jobs])
            rows.append((store_kind, size, peak, pss))
            print(f"kg build --{store_kind:<8} {size:>6} articles: peak {peak:7.1f} MB (all processes: PSS "
                  f"{pss:7.1f} MB), {seconds:7.1f} s, {size / seconds:5.1f} articles/s   [{line.split(';')[0]}]",
                  flush=True)
            shutil.rmtree(Path(tmp) / f"store-{size}")
            if args.plain:
                peak, seconds, _, pss = measured([*kg, "build", str(folder), "--no-html", "--out",
                                                  str(Path(tmp) / f"out-{size}")])
                rows.append(("plain", size, peak, pss))
                print(f"kg build (plain)   {size:>6} articles: peak {peak:7.1f} MB (PSS {pss:7.1f} MB), "
                      f"{seconds:7.1f} s, {size / seconds:5.1f} articles/s", flush=True)
            shutil.rmtree(folder)
    for kind in (store_kind, "plain"):
        mine = [r for r in rows if r[0] == kind]
        for _, size, peak, pss in mine[1:]:
            print(f"{kind}: peak RSS at {size} / at {mine[0][1]} articles = {peak / mine[0][2]:.2f}, "
                  f"peak PSS {pss / mine[0][3]:.2f} (x{size / mine[0][1]:g} articles)")


if __name__ == "__main__":
    main()
