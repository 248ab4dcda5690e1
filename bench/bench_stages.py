"""Benchmark kg's build against bare spaCy parsing of the same texts, in the same run.

Absolute speed depends on the machine; the ratio to spaCy's own parsing speed, measured
seconds earlier on the same texts, does much less. So every stage is reported in words per
second of CPU time (less disturbed than wall-clock time by other processes on the machine)
and as a ratio to the baseline:

    spaCy nlp.pipe          the baseline: parse the texts, nothing else
    kg process_articles     parse + extract (what `kg build` does per article)
    resolve.merge           cross-article actor resolution
    RDF build + Turtle      kg.graph.build_graph and rdflib's Turtle serialisation
    Oxigraph query          load the Turtle into Oxigraph and run queries/relations.rq

The seed articles are replicated (each copy gets its own id) to reach --articles.

    .venv/bin/python bench/bench_stages.py                # ~50 articles
    .venv/bin/python bench/bench_stages.py --articles 200 --repeat 3
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def load_articles(seeds: Path, count: int) -> list:
    """The articles under `seeds`, cycled and renamed until there are `count` of them."""
    from kg import ingest
    from kg.errors import InputError

    originals = [a for a in ingest.read_articles([seeds]) if not isinstance(a, InputError)]
    if not originals:
        sys.exit(f"no readable article under {seeds}")
    return [dataclasses.replace(article, id=f"{article.id}-{i:04d}")
            for i, article in zip(range(count), itertools.cycle(originals))]


@dataclasses.dataclass
class Timing:
    """The best of several runs of one stage: CPU seconds (the measure) and wall seconds."""

    cpu: float = float("inf")
    wall: float = float("inf")

    def add(self, cpu: float, wall: float) -> None:
        if cpu < self.cpu:
            self.cpu, self.wall = cpu, wall


def timed(timing: Timing, work: Callable[[], T], repeat: int = 1) -> T:
    """Run `work` `repeat` times, keeping the best time in `timing`; return the last result.

    CPU time of the process (all its threads) is the measure: on a shared machine it moves
    far less than wall-clock time when other processes compete for the cores.
    """
    result = None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        timing.add(time.process_time() - cpu, time.perf_counter() - wall)
    return result


def human(value: float) -> str:
    """A rate in few characters: 950, 2.6k, 86k, 182M."""
    if value == float("inf"):
        return "inf"
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            scaled = value / limit
            return f"{scaled:.1f}{suffix}" if scaled < 10 else f"{scaled:.0f}{suffix}"
    return f"{value:.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50, help="articles to process (default: 50)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of articles to replicate")
    parser.add_argument("--model", default=None, help="spaCy model (default: kg's default)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size, for both (default: 16)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the best is kept (default: 3)")
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    from kg import pipeline, query, resolve
    from kg.graph import build_graph
    from kg.nlp import load_model

    articles = load_articles(args.seeds, args.articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    nlp = load_model(args.model)
    load_seconds = time.perf_counter() - started
    for _ in nlp.pipe(dict.fromkeys(texts)):  # warm-up: first calls allocate and fill the string store
        pass

    def parse() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size))

    failures: list[str] = []

    def process() -> list:
        failures.clear()
        return list(pipeline.process_articles(nlp, articles, batch_size=args.batch_size, on_error=failures.append))

    # interleave the two parsing stages, alternating which goes first, so drift (other load
    # on the machine, CPU frequency) hits both alike; keep the best run of each
    parse_t, process_t, merge_t, rdf_t, query_t = Timing(), Timing(), Timing(), Timing(), Timing()
    for run in range(args.repeat):
        for stage in (("parse", "process") if run % 2 == 0 else ("process", "parse")):
            if stage == "parse":
                tokens = timed(parse_t, parse)
            else:
                results = timed(process_t, process)
    actors, merged = timed(merge_t, lambda: resolve.merge(results), args.repeat)

    def rdf() -> bytes:
        return build_graph(actors, merged).serialize(format="turtle", encoding="utf-8")

    turtle = timed(rdf_t, rdf, args.repeat)
    _, relations_rq = query.resolve_query("relations")

    def ask() -> int:
        store = ox.Store()
        store.load(turtle, format=ox.RdfFormat.TURTLE)
        return len(query.run(store, relations_rq).rows)

    rows = timed(query_t, ask, args.repeat)
    claims = sum(len(r.claims) for r in merged)
    build_t = Timing(process_t.cpu + merge_t.cpu + rdf_t.cpu, process_t.wall + merge_t.wall + rdf_t.wall)
    parse_s = parse_t.cpu

    meta = nlp.meta
    print(f"kg build benchmark: {len(articles)} articles, {words:,} words, {tokens:,} tokens "
          f"(from {args.seeds.name}/), batch {args.batch_size}, best of {args.repeat}")
    print(f"model {meta.get('lang')}_{meta.get('name')} {meta.get('version')} loaded in {load_seconds:.1f} s; "
          f"{len(actors)} actors, {claims} claims, {len(turtle):,} bytes of Turtle, {rows} query rows")
    if failures:
        print(f"warning: {len(failures)} of {len(articles)} articles failed extraction; "
              f"the later stages run without them (first: {failures[0]})")
    print()
    print(f"{'stage':36} {'cpu s':>7} {'wall s':>7} {'words/s':>8} {'vs spaCy':>9}")
    stages = [
        ("spaCy nlp.pipe (baseline)", parse_t),
        ("kg process_articles (parse+extract)", process_t),
        ("resolve.merge", merge_t),
        ("RDF build + Turtle", rdf_t),
        ("Oxigraph load + relations.rq", query_t),
        ("whole build (process+merge+RDF)", build_t),
    ]
    for name, timing in stages:
        seconds = max(timing.cpu, 1e-9)
        rate, ratio = words / seconds, parse_s / seconds
        shown = human(ratio) if ratio >= 1000 else f"{ratio:.2f}"
        print(f"{name:36} {timing.cpu:7.3f} {timing.wall:7.3f} {human(rate):>8} {shown:>8}x")
    print()
    print(f"throughput ratio, kg build / spaCy parse: {parse_s / build_t.cpu:.2f} "
          f"(1.00 = kg is as fast as parsing alone)")
    print(f"extraction adds {100 * (process_t.cpu - parse_s) / parse_s:+.0f}% to parsing; "
          f"merge + RDF add {100 * (merge_t.cpu + rdf_t.cpu) / parse_s:+.0f}%; "
          f"a query costs {100 * query_t.cpu / parse_s:.1f}% of a parse")


if __name__ == "__main__":
    main()
