"""Write a synthetic corpus of N articles for the store benchmarks (never commit its output).

    .venv/bin/python bench/corpus.py --articles 1000 --out /tmp/kg-corpus-1k

Each article is 8 to 14 sentences drawn from the seed articles, in a new order, with the
countries swapped for other countries of kg's gazetteer and the seeds' people swapped for
invented people (full name and surname alike), the same swap throughout one article: the
sentences are real news prose that kg extracts relations from, and the actors vary from one
article to the next as in a real corpus. One .txt file per article (a folder streams, as a
.jsonl file does). The same --articles and --seed always give the same files.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

import kg

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = (("Juan Guaido", "Guaido"), ("Nicolas Maduro", "Maduro"), ("Hugo Carvajal", "Carvajal"),
          ("Vladimir Padrino Lopez", "Padrino"), ("Donald Trump", "Trump"), ("Francisco Yanez", "Yanez"))
FIRST = ("Ana", "Luis", "Marta", "Pedro", "Elena", "Jorge", "Rosa", "Diego", "Lucia", "Tomas", "Ines", "Pablo",
         "Clara", "Hector", "Julia", "Mateo", "Sofia", "Andres", "Carmen", "Ruben")
LAST = ("Villca", "Arandia", "Quispe", "Montero", "Salazar", "Urrutia", "Bastidas", "Olmedo", "Peralta", "Zamora",
        "Cardenas", "Echeverri", "Ibarguen", "Lozano", "Mendivil", "Naranjo", "Ocampo", "Paredes", "Riquelme",
        "Sandoval", "Trujillo", "Valdivia", "Yupanqui", "Zerpa", "Aguirre")


def countries() -> list[str]:
    data = yaml.safe_load((Path(kg.__file__).parent / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))
    return [re.sub(r"\s*\[.*", "", line.split("|")[0]).strip() for line in data["countries"]]


def sentences(seeds: Path) -> list[str]:
    found = []
    for path in sorted(seeds.glob("*.txt")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            for sentence in re.split(r"(?<=[.!?\u201d])\s+(?=[A-Z\u201c])", " ".join(paragraph.split())):
                if 40 <= len(sentence) <= 400:
                    found.append(sentence)
    return found


def article(rng: random.Random, pool: list[str], names: list[str], present: list[str]) -> str:
    swap = dict(zip(present, rng.sample(names, len(present))))
    people = {}
    for full, surname in PEOPLE:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people[full], people[surname] = f"{first} {last}", last
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted({*swap, *people}, key=len, reverse=True))
                         + r")\b")
    chosen = rng.sample(pool, rng.randint(8, 14))
    text = " ".join(chosen)
    text = pattern.sub(lambda m: swap.get(m.group(1)) or people[m.group(1)], text)
    title = pattern.sub(lambda m: swap.get(m.group(1)) or people[m.group(1)], chosen[0])[:90]
    return f"{title}\n\n{text}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created; must not exist)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    pool = sentences(args.seeds)
    names = countries()
    present = [n for n in names if any(re.search(rf"\b{re.escape(n)}\b", s) for s in pool)]
    args.out.mkdir(parents=True)
    for i in range(args.articles):
        text = article(random.Random(args.seed * 1_000_003 + i), pool, names, present)
        (args.out / f"bench-{i:06d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.articles} articles ({len(pool)} seed sentences, {len(present)} countries swapped) "
          f"to {args.out}")


if __name__ == "__main__":
    main()
