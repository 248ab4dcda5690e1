"""How fast are the shipped queries on a large graph? Not a test: run by hand after changing a query.

    .venv/bin/python bench/bench_queries.py                      # ~1M triples, ~20k for rdflib
    .venv/bin/python bench/bench_queries.py --triples 200000 --shared-actors

The seeds' graph (a real `kg build seeds/`, or --graph FILE) is made about --triples large by
tests/scaled.py (copies with their own articles, claims and actors; --shared-actors: copies
that share the actors, so every actor's claims grow). Every query in queries/ is run by
Oxigraph with its defaults, --repeat times, and the median times printed: `kg ms`, the answer
with its rows as Python strings (kg.query.run and Answer.rows: what `kg query`'s table and the
Python API read; wall time, the one checked against 100 ms), its CPU time, `csv ms`, the answer
written as `kg query --format csv` writes it (kg.query.run and format_answer, no Python rows;
wall time), and `eval ms`, Oxigraph alone (the solutions iterated in Python, no conversion). Most shipped queries answer about the whole graph (every
relation, every actor: tens of thousands of rows on a million triples); the `example` columns
time the call in the query's header instead (`--param actor="Juan Guaido"` and the like, the
parameters bound once beforehand), the kind of question asked interactively; `bind ms` is that
binding alone (an actor's name resolved to its IRI, as `kg query` does before the query).
`floor ms` is the CPU time of a trivial SELECT answering as many rows and columns (claims'
properties, no join but the claim's, no grouping, no order), run the same way: what any
query with that many rows costs, the least the every-row call could take (its rows read the same way).

Then the same queries on a graph of about --rdflib-triples, by Oxigraph and by rdflib's own
SPARQL engine (--rdflib-repeat runs each, default 1: rdflib takes seconds), median: the ratio says how much faster Oxigraph is, in the
same run on the same machine.
"""
from __future__ import annotations

import argparse
import multiprocessing
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

import scaled  # noqa: E402
from kg import library  # noqa: E402
from kg import params as kp  # noqa: E402
from kg import query as q  # noqa: E402

TARGET_MS = 100.0
# short values every claim has, for the floor query's columns
FLOOR_PROPERTIES = ("trigger", "rule", "sentenceStart", "sentenceEnd", "triggerStart", "triggerEnd", "confidence",
                    "article", "sentence")


def floor_query(rows: int, columns: int) -> str:
    """A SELECT of `rows` rows and `columns` columns with nothing to join, group or sort: each claim's
    properties, three times over (VALUES) so that there are rows enough."""
    names = [f"?v{i}" for i in range(max(columns, 1))]
    pattern = " ; ".join(f"kg:{FLOOR_PROPERTIES[i % len(FLOOR_PROPERTIES)]} {v}" for i, v in enumerate(names))
    return (f"PREFIX kg: <https://kg.example.org/ns#>\nSELECT {' '.join(names)} "
            f"WHERE {{ VALUES ?copy {{ 1 2 3 }} ?claim {pattern} . }} LIMIT {rows}")


def timed(run, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `repeat` calls of run()."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def rdflib_time(graph, text: str, repeat: int, limit: float) -> float | None:
    """Median wall seconds of rdflib answering `text`, each run timed in a forked child that is
    stopped after `limit` seconds (rdflib cannot be interrupted otherwise); None if it ran out."""
    context = multiprocessing.get_context("fork")
    times = []
    for _ in range(repeat):
        receive, send = context.Pipe(duplex=False)

        def run() -> None:
            start = time.perf_counter()
            list(graph.query(text))
            send.send(time.perf_counter() - start)

        child = context.Process(target=run)
        child.start()
        if not receive.poll(limit):
            child.kill()
            child.join()
            return None
        times.append(receive.recv())
        child.join()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the large graph (about)")
    parser.add_argument("--rdflib-triples", type=int, default=20_000, help="size of the graph rdflib runs on")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (the median is kept)")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="runs of each query in the rdflib part")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib run is stopped")
    parser.add_argument("--graph", type=Path, help="the graph to scale (default: kg build seeds/)")
    parser.add_argument("--shared-actors", action="store_true", help="copies share the actors")
    args = parser.parse_args()
    actors = not args.shared_actors

    queries = sorted(q.queries_dir().glob("*.rq"))
    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph or scaled.seeds_graph(Path(tmp) / "out")
        if args.triples > 0:
            large(graph, queries, args, actors)
        if args.rdflib_triples > 0:
            against_rdflib(graph, queries, args, actors)


def large(graph: Path, queries: list[Path], args, actors: bool) -> None:
    """Every query, every row and the example call, on about args.triples triples."""
    copies = scaled.copies_for(graph, args.triples)
    start = time.perf_counter()
    store = scaled.scaled_store(graph, copies, actors=actors)
    load = time.perf_counter() - start
    print(f"{len(store):,} triples ({copies} copies of the seeds' graph, "
          f"{'own' if actors else 'shared'} actors), loaded in {load:.1f} s; median of {args.repeat}")
    print(f"{'':16} {'every row':-^75}  {'the example call':-^56}")
    print(f"{'query':16} {'kg ms':>9} {'cpu ms':>9} {'csv ms':>9} {'eval ms':>9} {'rows':>7} <{TARGET_MS:.0f}ms "
          f"{'floor ms':>9}  {'kg ms':>9} {'cpu ms':>9} {'csv ms':>9} {'rows':>7} <{TARGET_MS:.0f}ms {'bind ms':>9}")
    under = under_example = 0
    local = q.Local(store)
    for path in queries:
        text = path.read_text(encoding="utf-8")
        every = q.run(store, text, max_rows=10**9)
        rows = len(every.rows)
        wall, cpu = timed(lambda: q.run(store, text, max_rows=10**9).rows, args.repeat)
        csv, _ = timed(lambda: q.format_answer(q.run(store, text, max_rows=10**9), "csv"), args.repeat)
        trivial = floor_query(rows, len(every.columns))
        _, floor = timed(lambda: q.run(store, trivial, max_rows=10**9).rows, args.repeat)
        raw, _ = timed(lambda: sum(1 for _ in store.query(text, use_default_graph_as_union=True)), args.repeat)
        named = library.load(path)
        argv = shlex.split(named.example)
        given = kp.parse_assignments(argv[i + 1] for i, a in enumerate(argv) if a in ("--param", "-p"))
        def bind():
            return kp.bind(named.params, given, local.actor_names, where=path.name,
                           actors_named=local.actors_named)  # as kg.query.ask binds them

        terms = bind()
        binding, _ = timed(bind, args.repeat)
        example_rows = len(q.run(store, text, params=terms, max_rows=10**9).rows)
        example, example_cpu = timed(lambda: q.run(store, text, params=terms, max_rows=10**9).rows, args.repeat)
        example_csv, _ = timed(lambda: q.format_answer(q.run(store, text, params=terms, max_rows=10**9), "csv"),
                               args.repeat)
        under += wall * 1000 < TARGET_MS
        under_example += example * 1000 < TARGET_MS
        print(f"{path.stem:16} {wall * 1000:9.1f} {cpu * 1000:9.1f} {csv * 1000:9.1f} {raw * 1000:9.1f} {rows:7,} "
              f"{'yes' if wall * 1000 < TARGET_MS else 'NO':>6} {floor * 1000:9.1f}  {example * 1000:9.1f} "
              f"{example_cpu * 1000:9.1f} {example_csv * 1000:9.1f} {example_rows:7,} "
              f"{'yes' if example * 1000 < TARGET_MS else 'NO':>6} {binding * 1000:9.1f}")
    print(f"under {TARGET_MS:.0f} ms on {len(store):,} triples: {under} of {len(queries)} queries for every row, "
          f"{under_example} of {len(queries)} for the example call")


def against_rdflib(graph: Path, queries: list[Path], args, actors: bool) -> None:
    """Every query on about args.rdflib_triples triples, by Oxigraph and by rdflib."""
    small_copies = scaled.copies_for(graph, args.rdflib_triples)
    small_text = scaled.scaled_ntriples(graph, small_copies, actors=actors)
    small = ox.Store()
    small.bulk_load(small_text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    reference = rdflib.Graph().parse(data=small_text, format="nt")
    list(reference.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))  # rdflib's SPARQL machinery loaded before forking
    print(f"\nrdflib's SPARQL engine against Oxigraph on {len(small):,} triples ({small_copies} copies), "
          f"median of {args.repeat} (Oxigraph) and {args.rdflib_repeat} (rdflib, in a child process)")
    print(f"{'query':16} {'oxigraph ms':>12} {'rdflib ms':>10} {'rdflib/oxigraph':>16}")
    ratios, stopped = [], 0
    for path in queries:
        text = path.read_text(encoding="utf-8")
        fast, _ = timed(lambda: q.run(small, text, max_rows=10**9).rows, args.repeat)
        slow = rdflib_time(reference, text, args.rdflib_repeat, args.rdflib_timeout)
        over = ">" if slow is None else ""
        slow = slow if slow is not None else args.rdflib_timeout
        ratios.append(slow / fast)
        print(f"{path.stem:16} {fast * 1000:12.1f} {over:>1}{slow * 1000:9.1f} {over:>1}{slow / fast:14.0f}x")
        stopped += bool(over)
    print(f"rdflib / oxigraph: median {statistics.median(ratios):.0f}x, least {min(ratios):.0f}x"
          + (f" ({stopped} stopped at {args.rdflib_timeout:g} s, marked >: their ratio is a lower bound)"
             if stopped else ""))


if __name__ == "__main__":
    main()
