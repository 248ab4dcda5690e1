"""Trigger words: lemma lookup and tolerance for misspellings, without matching real words."""
from __future__ import annotations

import pytest
import spacy

from kg.rules import load_rules
from kg.triggers import Lexicon, closest, edit_distance, inflections, max_edits


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(load_rules())


def token(word: str, lemma: str | None = None):
    doc = spacy.blank("en")(word)
    doc[0].lemma_ = lemma or word.lower()
    return doc[0]


def test_inflections_of_a_verb():
    assert {"recognise", "recognises", "recognised", "recognising"} <= inflections("recognise")
    assert {"support", "supports", "supported", "supporting"} <= inflections("support")


@pytest.mark.parametrize("a, b, distance", [
    ("regonise", "recognise", 2), ("recgonise", "recognise", 1), ("condemed", "condemned", 1),
    ("supprted", "supported", 1), ("abc", "abc", 0), ("ab", "ba", 1), ("kitten", "sitting", 3),
])
def test_edit_distance_counts_transpositions_as_one(a, b, distance):
    assert edit_distance(a, b, limit=5) == distance


def test_the_closest_form_is_the_one_edit_distance_finds(lexicon):
    """closest() (rapidfuzz, all forms at once) picks what the pure-Python distance picks,
    including the alphabetical choice between forms equally near."""
    import random

    forms = lexicon._forms
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdeilmnorstu") for _ in range(rng.randint(5, 11))) for _ in range(150)]
    for form in sorted(forms)[::3]:  # near misses: a letter changed, two swapped, one dropped
        i = rng.randrange(1, len(form) - 1)
        words += [form[:i] + "x" + form[i + 1:], form[:i - 1] + form[i] + form[i - 1] + form[i + 1:],
                  form[:i] + form[i + 1:]]
    found = 0
    for word in words:
        limit = max_edits(word)
        best = min((edit_distance(word, form, limit), form, lemma) for form, lemma in forms.items())
        expected = best[2] if best[0] <= limit else None
        assert closest(word, forms, limit) == expected, word
        found += expected is not None
    assert found > 100  # the near misses are found


@pytest.mark.parametrize("word, lemma", [
    ("regonise", "recognise"), ("recgonise", "recognise"), ("recognzied", "recognize"),
    ("condemed", "condemn"), ("supprted", "support"), ("denounched", "denounce"),
    ("defecetd", "defect"),
])
def test_a_misspelt_trigger_still_triggers(lexicon, word, lemma):
    assert lexicon.lemma(token(word)) == lemma


@pytest.mark.parametrize("word", [
    "deflected", "defeated", "detected", "renounce", "recognisable", "reconcile", "condense",
    "condone", "supper", "report", "effected", "respected", "announce", "excused",
])
def test_an_ordinary_word_near_a_trigger_is_itself(lexicon, word):
    assert lexicon.lemma(token(word)) == word


def test_lemma_lookup_uses_the_models_lemma_first(lexicon):
    assert lexicon.lemma(token("backed", "back")) == "back"
    assert lexicon.lemma(token("allies", "ally")) == "ally"


@pytest.mark.model
def test_a_misspelt_trigger_lowers_the_claims_confidence(nlp):
    from kg.pipeline import process_article
    from kg.types import Article

    right = process_article(nlp, Article("a", "China and Russia still recognise Nicolas Maduro.")).claims
    wrong = process_article(nlp, Article("b", "China and Russia still regonise Nicolas Maduro.")).claims
    assert len(right) == len(wrong) == 2
    assert all(w.confidence < r.confidence for r, w in zip(right, wrong))
