"""Where the memory of a long `kg build --store` goes, article by article (a diagnostic, not a test).

    .venv/bin/python bench/corpus.py --articles 3000 --out /tmp/kg-corpus-3k
    .venv/bin/python bench/probe_store_memory.py /tmp/kg-corpus-3k /tmp/kg-probe-store
    .venv/bin/python bench/probe_store_memory.py /tmp/kg-corpus-3k /tmp/kg-probe-store-2 --trace --at 300 1500

Runs `storebuild.build_store` in this process and, every --every articles, prints its
resident memory (VmRSS), the entries of extraction's name caches (`rules.fold`,
`rules.name_key`: size, misses, hits), of spaCy's StringStore and Vocab, and of the store's
actor registry. With --trace, tracemalloc snapshots are taken at the --at article counts and
each is diffed against the first, by line: the Python allocations that grew in between
(tracemalloc slows the build about twofold and adds its own memory to VmRSS). Memory outside
Python (spaCy's and thinc's arrays, Oxigraph's RocksDB) shows only in VmRSS.
"""
from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from pathlib import Path


def vm(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("store", type=Path, help="a new folder for the store")
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument("--trace", action="store_true", help="tracemalloc snapshots at --at articles, diffed")
    parser.add_argument("--at", type=int, nargs="+", default=[300, 1500])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if args.trace:
        tracemalloc.start(1)

    from kg import rules, storebuild
    from kg.nlp import load_model

    started, written, snapshots = time.perf_counter(), 0, {}
    write = storebuild._Writer.write

    def probe(writer) -> None:
        nlp = load_model()
        caches = " ".join(f"{f.__name__}={i.currsize}/{i.misses}m/{i.hits}h"
                          for f in (rules.fold, rules.name_key) for i in (f.cache_info(),))
        traced = f" traced {tracemalloc.get_traced_memory()[0] / 1e6:6.1f} MB" if args.trace else ""
        print(f"{written:6d} {time.perf_counter() - started:7.1f} s  rss {vm('VmRSS'):6.1f} MB{traced}  {caches}  "
              f"strings={len(nlp.vocab.strings)} lexemes={len(nlp.vocab)}  registry names={len(writer.registry.names)} "
              f"nodes={len(writer.registry.nodes)}", flush=True)

    def probed(writer, result, sha) -> None:
        nonlocal written
        write(writer, result, sha)
        written += 1
        if written == 1 or written % args.every == 0:
            probe(writer)
        if args.trace and written in args.at:
            gc.collect()
            snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
            snapshots[written] = snapshot
            first = min(snapshots)
            if written != first:
                print(f"--- Python allocations grown from article {first} to {written}:")
                for stat in snapshot.compare_to(snapshots[first], "lineno")[:25]:
                    print("   ", stat)
                print(flush=True)

    storebuild._Writer.write = probed
    print(storebuild.build_store([args.corpus], args.store, jobs=args.jobs).summary())


if __name__ == "__main__":
    main()
