"""How the time of one pathological article grows with its length, against ordinary prose.

    .venv/bin/python bench/bench_bounded.py              # 20k and 80k characters per case
    .venv/bin/python bench/bench_bounded.py --sizes 10000 40000 160000

For each case (thousands of commas, nested brackets, one long token, flag emoji, one long
sentence) it times `kg.pipeline.process_articles` (parse + extract, as `kg build` runs it, with
no time limit) at each size and prints seconds, the cost per character relative to ordinary
prose of the same length, and the growth from the smallest size to each larger one: with the
work bounded per piece (kg.bounded), 4x the text should cost about 4x the time, not 16x.
Not a test; it asserts nothing.
"""
from __future__ import annotations

import argparse
import time

from kg.nlp import load_model
from kg.pipeline import process_articles
from kg.types import Article

PROSE = ("The committee met again on Thursday and discussed the budget for the coming year. "
         "Spain recognised Juan Guaido as interim president, and Russia condemned the decision.\n\n")


def cases(size: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]
    return {
        "prose": fill(PROSE),
        "commas": fill("Minister Ana Lopez, "),
        "nested brackets": "(" * (size // 2) + ")" * (size // 2),
        "one long token": "x" * size,
        "flag emoji": fill("\U0001F1FA\U0001F1F8"),
        "one long sentence": fill("the senator said that the minister said that "),
    }


def timed(nlp, text: str) -> float:
    started = time.perf_counter()
    list(process_articles(nlp, [Article("bench", text)], seconds=None))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    nlp = load_model(args.model)
    timed(nlp, PROSE)  # warm up
    results = {size: {name: timed(nlp, text) for name, text in cases(size).items()} for size in args.sizes}
    first = args.sizes[0]
    print(f"{'case':<20}" + "".join(f"{size:>12,} ch" for size in args.sizes) + "   vs prose   growth")
    for name in results[first]:
        row = "".join(f"{results[size][name]:>13.2f}s" for size in args.sizes)
        ratio = results[args.sizes[-1]][name] / max(results[args.sizes[-1]]["prose"], 1e-9)
        growth = results[args.sizes[-1]][name] / max(results[first][name], 1e-9)
        print(f"{name:<20}{row}   {ratio:7.2f}x   {growth:5.1f}x for {args.sizes[-1] / first:.0f}x the text")


if __name__ == "__main__":
    main()
