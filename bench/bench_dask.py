"""Throughput of `kg build --engine dask` on a LocalCluster of 2 workers, against `--jobs 2` and `--jobs 1`.

Every build is a fresh `kg build` process timed from start to exit (start-up, model load,
reading, merge, graph.ttl and graph.html all counted), on a corpus of the articles under
--seeds replicated to --articles files in a temporary folder (never kept):

    kg -j 1      kg build CORPUS --out TMP --jobs 1
    kg -j 2      kg build CORPUS --out TMP --jobs 2
    kg dask      kg build CORPUS --out TMP --engine dask --scheduler ADDRESS

The cluster is a `distributed.LocalCluster` of 2 worker processes of 1 thread, started once
before the runs (not timed), as a real cluster outlives a build. Its first build is shown
apart ("dask, cold": the workers load the model during it); the later ones find the model
loaded. Runs are interleaved, --repeat times each, and the fastest wall time of each command
is kept. CPU seconds count the kg process, its --jobs workers and, for dask, the cluster's
worker processes; "cores" is CPU over wall seconds. Ratios printed:

    dask / -j 2    the same two processes' worth of work, on Dask or a local process pool
    dask / -j 1    the gain of the cluster over one process
    -j 2 / -j 1    the local pool's gain, for reference

    .venv/bin/python bench/bench_dask.py                        # 120 articles, best of 2
    .venv/bin/python bench/bench_dask.py --articles 400 --repeat 3
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench_build import ROOT, load, make_corpus
from bench_build import run as run_timed


def cpu_of(processes) -> float:
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except Exception:  # a worker that ended: its CPU is lost, and the run says so by its cores
            pass
    return total


def run(command: list[str], workers) -> tuple[float, float]:
    """Wall and CPU seconds of one build: the process, what it waited for, and the Dask workers."""
    cluster_before = cpu_of(workers)
    wall, cpu = run_timed(command)
    return wall, cpu + cpu_of(workers) - cluster_before


def worker_processes(client) -> list:
    import psutil

    pids = client.run(os.getpid)
    return [psutil.Process(pid) for pid in pids.values()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=120, help="articles in the corpus (default: 120)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt articles to replicate")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command; the fastest is kept (default: 2)")
    args = parser.parse_args(argv)
    from distributed import Client, LocalCluster

    kg = [sys.executable, "-c", "from kg.cli import main; main()", "build"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-dask-") as tmp, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster, set_as_default=False) as client:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = make_corpus(args.seeds, args.articles, corpus)
        out = {name: str(Path(tmp) / name) for name in ("j1", "j2", "dask")}
        commands = {
            "kg -j 1": kg + [str(corpus), "--out", out["j1"], "--jobs", "1"],
            "kg -j 2": kg + [str(corpus), "--out", out["j2"], "--jobs", "2"],
            "kg dask": kg + [str(corpus), "--out", out["dask"], "--engine", "dask",
                             "--scheduler", cluster.scheduler_address],
        }
        workers = worker_processes(client)
        print(f"kg build on Dask: {args.articles} articles, {words:,} words (from {args.seeds}), "
              f"LocalCluster of 2 workers x 1 thread, {os.cpu_count()} CPUs, best of {args.repeat}")
        print(f"load average before: {load()}")
        cold = run(commands["kg dask"], workers)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(args.repeat):
            for name in (names if round_ % 2 == 0 else names[::-1]):  # drift hits every command alike
                runs[name].append(run(commands[name], workers))
        print(f"load average after:  {load()}")
        graphs = {name: (Path(folder) / "graph.ttl").read_bytes() for name, folder in out.items()}

    best = {name: min(r) for name, r in runs.items()}
    print()
    print(f"{'command':12} {'wall s':>7} {'cpu s':>7} {'cores':>5} {'words/s':>8}")
    for name, (wall, cpu) in [("dask, cold", cold), *best.items()]:
        print(f"{name:12} {wall:7.2f} {cpu:7.2f} {cpu / wall:5.2f} {words / wall:8.0f}")
    print()
    wall = {name: w for name, (w, _) in best.items()}
    print(f"dask / -j 2: {wall['kg -j 2'] / wall['kg dask']:.2f}x   (1.00: Dask costs nothing over a local pool)")
    print(f"dask / -j 1: {wall['kg -j 1'] / wall['kg dask']:.2f}x")
    print(f"-j 2 / -j 1: {wall['kg -j 1'] / wall['kg -j 2']:.2f}x")
    print(f"graph.ttl byte-identical for -j 1, -j 2 and dask: {'yes' if len(set(graphs.values())) == 1 else 'NO'}")


if __name__ == "__main__":
    main()
