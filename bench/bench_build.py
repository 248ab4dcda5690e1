"""End-to-end throughput of `kg build` against bare spaCy parsing, at 1 and 2 processes.

Every run is a fresh process, timed from start to exit, so nothing is hidden: Python and
library start-up, model load, reading the files, and for kg extraction, cross-article merge,
the RDF graph, the Turtle file and the HTML page. The baseline is the floor for any extractor
built on spaCy: the *stock* model (no kg component: kg's sentence splitter and name merging
are costs of kg) loaded, the same texts read and run through `nlp.pipe`, nothing written.

    spaCy n=1    python -c "spacy.load(model); nlp.pipe(texts, n_process=1)"
    spaCy n=2    the same with n_process=2
    kg -j 1      kg build CORPUS --out TMP --jobs 1
    kg -j 2      kg build CORPUS --out TMP --jobs 2

The corpus is the articles under --seeds (default seeds/) replicated to --articles files in a
temporary folder, never kept. Runs are interleaved, --repeat times each (the four in a
different order each round), and the fastest wall time of each is kept. Throughput is
words of input per wall-clock second; CPU seconds (the run and its worker processes) are
shown beside it, and "cores", CPU over wall seconds: how many cores the run really had (a
2-process run that shows about 1.0 was sharing the machine with other work). Ratios printed:

    kg / spaCy at n     kg's throughput over the baseline's with the same process count (target >= 0.85)
    ... in CPU          the same ratio in words per CPU second (the fewest CPU seconds of each
                        command's runs): what kg costs over spaCy, little moved by other work on
                        the machine, which slows a run's wall clock far more than its CPU time
    2 / 1               a command's throughput with 2 processes over 1 (target for kg >= 1.8)

The load average of the machine is printed before and after: other processes on the cores
depress the 2-process numbers most.

    .venv/bin/python bench/bench_build.py                       # 120 articles, ~90k words
    .venv/bin/python bench/bench_build.py --articles 400 --repeat 3
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys, json, spacy
corpus, model, n_process, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
from pathlib import Path
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
nlp = spacy.load(model)
tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch))
print(json.dumps({"tokens": tokens, "pipes": nlp.pipe_names}))
"""


def make_corpus(seeds: Path, count: int, folder: Path) -> int:
    """`count` .txt files cycled from the articles under `seeds`; returns their word count."""
    originals = sorted(p for p in seeds.rglob("*.txt"))
    if not originals:
        sys.exit(f"no .txt article under {seeds}")
    words = 0
    for i in range(count):
        text = originals[i % len(originals)].read_text(encoding="utf-8")
        (folder / f"{i:05d}_{originals[i % len(originals)].stem}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def stock_model(name: str | None) -> str:
    """The installed package of the model kg would load (the stock one: kg adds its components
    only after loading)."""
    from kg.nlp import DEFAULT_MODELS

    if name:
        return name
    import importlib.util

    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    sys.exit("no English spaCy model installed")


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and every worker it waited for) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=120, help="articles in the corpus (default: 120)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt articles to replicate")
    parser.add_argument("--model", default=None, help="spaCy model (default: the one kg loads)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size of the baseline (default: 16)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command; the fastest is kept (default: 2)")
    parser.add_argument("--jobs", default="1,2", help="process counts to compare (default: 1,2)")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]
    model = stock_model(args.model)
    kg = [sys.executable, "-c", "from kg.cli import main; main()"]

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = make_corpus(args.seeds, args.articles, corpus)
        commands = {}
        for n in jobs:
            commands[f"spaCy n={n}"] = [sys.executable, "-c", BARE, str(corpus), model, str(n), str(args.batch_size)]
            commands[f"kg -j {n}"] = kg + ["build", str(corpus), "--out", str(Path(tmp) / f"out{n}"), "--jobs", str(n)]
            if args.model:
                commands[f"kg -j {n}"] += ["--model", args.model]
        print(f"kg build benchmark: {args.articles} articles, {words:,} words (from {args.seeds}), "
              f"model {model}, {os.cpu_count()} CPUs, best of {args.repeat}")
        print(f"load average before: {load()}")
        walls: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(args.repeat):
            order = names if round_ % 2 == 0 else names[::-1]  # drift hits every command alike
            for name in order:
                walls[name].append(run(commands[name]))
        print(f"load average after:  {load()}")
        graphs = {n: (Path(tmp) / f"out{n}" / "graph.ttl").read_bytes() for n in jobs}
        same = len(set(graphs.values())) == 1

    best = {name: min(runs) for name, runs in walls.items()}
    least_cpu = {name: min(cpu for _, cpu in runs) for name, runs in walls.items()}
    print()
    print(f"{'command':12} {'wall s':>7} {'median':>7} {'cpu s':>7} {'cores':>5} {'words/s':>8} {'min cpu':>7} {'w/cpu s':>7}")
    for name, (wall, cpu) in best.items():
        median = statistics.median(w for w, _ in walls[name])
        print(f"{name:12} {wall:7.2f} {median:7.2f} {cpu:7.2f} {cpu / wall:5.2f} {words / wall:8.0f} "
              f"{least_cpu[name]:7.2f} {words / least_cpu[name]:7.0f}")
    print()
    for n in jobs:
        ratio = best[f"spaCy n={n}"][0] / best[f"kg -j {n}"][0]
        cpu_ratio = least_cpu[f"spaCy n={n}"] / least_cpu[f"kg -j {n}"]
        print(f"kg / spaCy at {n} process{'es' if n > 1 else ''}: {ratio:.2f}   (target >= 0.85);  in CPU: {cpu_ratio:.2f}")
    for n in jobs[1:]:
        first = jobs[0]
        kg_gain = best[f"kg -j {first}"][0] / best[f"kg -j {n}"][0]
        spacy_gain = best[f"spaCy n={first}"][0] / best[f"spaCy n={n}"][0]
        print(f"{n} / {first} processes: kg {kg_gain:.2f}x (target >= 1.8), spaCy {spacy_gain:.2f}x")
    print(f"graph.ttl byte-identical for --jobs {args.jobs}: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
