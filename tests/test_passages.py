"""Blind passages: relation-level precision and recall on longer texts written blind.

tests/passages/passages*.yaml hold passages of four to nine sentences (a headline, a dateline,
people introduced once and then called by surname, pronoun or description, quotes whose
speaker comes later, lists across sentences), written from GUIDELINES.md alone by someone who
had not seen kg's code, output or the real evaluation set. The format is that of the
construction cases (tests/cases/constructions.yaml), and they are matched the same way; but a
passage states many relations, so it is scored as a whole set rather than passed or failed:
every expected relation found is a true positive, every one missed a false negative, and every
extracted relation that matches neither an expected nor an optional one a false positive.

The floors sit a little under the score kg reached after the general fixes the batch prompted
(the first-run score is in the file's header): a change that loses generalisation fails.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from test_constructions import compare

pytestmark = pytest.mark.model

PASSAGE_FILES = sorted((Path(__file__).parent / "passages").glob("passages*.yaml"))
# Each batch keeps its own floor, a little under its score today: batches are written at
# different difficulties, and a pooled score would let one hide a loss in another.
FLOORS = {  # file: (precision, recall)
    "passages7.yaml": (0.87, 0.64),  # 0.90 and 0.67 today (first run 0.75 / 0.47)
    # b8 (first run 0.66 / 0.37): its writer lists no "X supports the people of Y", which the real
    # set's gold requires, and a statement whose signers all speak repeats it for each.
    "passages8.yaml": (0.70, 0.63),  # 0.72 and 0.62 after the fixes it prompted; 0.73 / 0.66 at stop 19
    # b9: first run 0.655 / 0.378 (0.644 / 0.347 on the code from before b8's fixes); 0.74 / 0.52
    # after the fixes it prompted. Its gold names people by their short name ("Jeanine Áñez",
    # "Francis Pangilinan") where kg's label keeps the fuller one the text gives ("Jeanine Áñez
    # Chávez", "Francis N. Pangilinan").
    "passages9.yaml": (0.75, 0.57),  # 0.78 / 0.60 at stop 18
    # b10 (written stop 17): first run 0.68 / 0.46; its coup condemnations then also accept the
    # military that staged the coup, as the real set's gold does (0.71 / 0.47 on that gold before
    # any fix); 0.73 / 0.54 after the fixes it prompted. One loss it caused: b8's "Nicaragua
    # followed" now follows the condemnation just before it rather than the recognition.
    "passages10.yaml": (0.73, 0.55),  # 0.76 / 0.58 at stop 18
    # b11 (written stop 18, blind): first run 0.68 / 0.51 on the code of the start of that stop.
    "passages11.yaml": (0.76, 0.61),  # 0.79 / 0.62 after the fixes it prompted; 0.79 / 0.64 at stop 19
    # b12 (written later in stop 18, blind, five genres with encyclopedic summaries): first run
    # 0.69 / 0.48 on the code after b11's fixes (0.67 / 0.47 on the code of the start of the stop);
    # 0.735 / 0.51 (start: 0.71 / 0.495) once a label with a middle name matches ("Julius Sello Malema").
    "passages12.yaml": (0.74, 0.57),  # 0.76 / 0.575 after the fixes it prompted; 0.77 / 0.59 at stop 19
    # b13 (written at stop 19, blind, in the genres of the real sets: public-broadcaster news,
    # Wikinews, Wikipedia leads and reaction lists, official statements, headline round-ups): first
    # run 0.72 / 0.545 on the code of the start of the stop (0.73 / 0.56 once GUIDELINES.md's `*`
    # object, which its writer used, counts as an unstated one).
    "passages13.yaml": (0.82, 0.72),  # 0.85 / 0.75 after the fixes it prompted
    # b14 (written later at stop 19, blind, the same five genres, other events): first run 0.56 /
    # 0.34 on the code of the start of the stop, 0.57 / 0.36 after b13's fixes.
    "passages14.yaml": (0.69, 0.50),  # 0.67 / 0.45 after the fixes it prompted; 0.715 / 0.52 at stop 20
    # b15 (written at stop 20, blind, the same five genres, other events): first run 0.748 / 0.441
    # on the code of the start of the stop, 0.752 / 0.448 after the first fixes of that stop (b14's).
    "passages15.yaml": (0.84, 0.53),  # 0.86 / 0.55 after the fixes it prompted
    # b16 (written later at stop 20, blind, the same genres, other events): first run 0.736 / 0.569
    # on the code of the start of the stop, 0.730 / 0.564 on the code after b14's and b15's fixes.
    "passages16.yaml": (0.80, 0.65),  # 0.82 / 0.68 after the fixes it prompted
    # b17 (written at the end of stop 20, blind, the same genres, other events): first run 0.644 /
    # 0.484 on the code of the start of the stop, 0.675 / 0.516 on the code after b14's, b15's and
    # b16's fixes (the first batch whose first run moved by three points).
    "passages17.yaml": (0.65, 0.49),
}


def load_passages(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [{**p, "optional": p.get("optional") or []} for p in yaml.safe_load(f) or []]


def score(passages, nlp) -> dict:
    from kg.pipeline import extract_text

    tp = fn = fp = 0
    for passage in passages:
        missing, unexpected = compare(passage["expected"], extract_text(passage["text"], nlp=nlp), passage["optional"])
        tp += len(passage["expected"]) - len(missing)
        fn += len(missing)
        fp += len(unexpected)
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "tp": tp, "fn": fn, "fp": fp}


def test_every_batch_has_a_floor_and_unique_ids():
    assert {p.name for p in PASSAGE_FILES} == set(FLOORS)
    ids = [p["id"] for path in PASSAGE_FILES for p in load_passages(path)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", PASSAGE_FILES, ids=lambda p: p.stem)
def test_blind_passages_stay_above_their_floor(nlp, path):
    passages = load_passages(path)
    assert len(passages) >= 50
    result = score(passages, nlp)
    min_precision, min_recall = FLOORS[path.name]
    assert result["precision"] >= min_precision and result["recall"] >= min_recall, result
