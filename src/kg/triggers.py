"""Which rules a word can trigger, tolerating misspellings.

A word triggers by its lemma. A word that is not a lemma of any rule, is not itself a common
English word (wordfreq) and is within one edit (two from seven letters; an edit is an
insertion, deletion, substitution or transposition) of an inflected form of a rule's lemma
still triggers: "regonise" is read as
"recognise", while "deflected", "detected" or "renounce" stay themselves.
"""
from __future__ import annotations

import functools
from collections import defaultdict

from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist
from spacy.tokens import Token

from kg.rules import NounRule, Rules, VerbRule

MIN_FUZZY_LENGTH = 6
MAX_ZIPF = 1.5  # words more frequent than this (per billion, log10) are real words


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma."""
    forms = {lemma, lemma + "s", lemma + "es"}
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms |= {stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent
    transpositions), or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def max_edits(word: str) -> int:
    """How many edits a misspelling of this length may have: 1, or 2 from seven letters."""
    return 2 if len(word) >= 7 else 1


@functools.lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= MAX_ZIPF


@functools.lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """A word in everyday use ("people", "nation"), as opposed to a name ("Marek")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= 4.5


class Lexicon:
    """Lemma -> rules, for verbs, act nouns and agent nouns, with misspelling tolerance."""

    def __init__(self, rules: Rules) -> None:
        self.verbs: dict[str, list[VerbRule]] = defaultdict(list)
        self.nouns: dict[str, list[NounRule]] = defaultdict(list)
        self.agents: dict[str, list[NounRule]] = defaultdict(list)
        for rule in rules.verbs:
            for lemma in rule.lemmas:
                self.verbs[lemma].append(rule)
        for rule in rules.nouns:
            for lemma in rule.lemmas:
                self.nouns[lemma].append(rule)
        for rule in rules.agent_nouns:
            for lemma in rule.lemmas:
                self.agents[lemma].append(rule)
        self.adjectives: dict[str, list] = defaultdict(list)
        for rule in rules.adjectives:
            for lemma in rule.lemmas:
                self.adjectives[lemma].append(rule)
        # single-word rules only: the multi-word ones ("throw … behind") have common words
        fuzzy_lemmas = {l for r in rules.verbs if not r.dobj and not r.particle for l in r.lemmas}
        fuzzy_lemmas |= {l for r in (*rules.nouns, *rules.agent_nouns) for l in r.lemmas}
        self._forms = {form: lemma for lemma in fuzzy_lemmas if len(lemma) >= MIN_FUZZY_LENGTH - 1
                       for form in inflections(lemma)}
        self._all = set(self.verbs) | set(self.nouns) | set(self.agents)
        self._seen: dict[str, str | None] = {}  # word -> the lemma it misspells, or None

    def lemma(self, token: Token) -> str:
        """The rule lemma this token stands for: its own, or the one it misspells."""
        return self.lemma_of(token.lemma_.lower(), token.lower_)

    def lemma_of(self, lemma: str, word: str) -> str:
        """`lemma` for a token whose lower-cased lemma is `lemma` and lower-cased text `word`."""
        if lemma in self._all:
            return lemma
        if word in self._all:
            return word
        if word not in self._seen:
            self._seen[word] = self._misspelt(word)
        return self._seen[word] or lemma

    def misspelt(self, token: Token) -> bool:
        """Whether the token triggers only as a misspelling of a rule's word."""
        return self.lemma(token) not in (token.lemma_.lower(), token.lower_)

    def _misspelt(self, word: str) -> str | None:
        if len(word) < MIN_FUZZY_LENGTH or not word.isalpha() or _common(word):
            return None
        return closest(word, self._forms, max_edits(word))


def closest(word: str, forms: dict[str, str], limit: int) -> str | None:
    """The lemma of the form nearest `word` within `limit` edits (`edit_distance`; on a tie the
    alphabetically first form), or None. rapidfuzz's optimal-string-alignment distance, in C, measures
    all forms at once: the same distances up to `limit` (beyond it, both say only "too far")."""
    if not forms:
        return None
    distances = cdist([word], list(forms), scorer=OSA.distance, score_cutoff=limit, workers=1)[0].tolist()
    best = min(distances)
    if best > limit:
        return None
    return forms[min(form for form, distance in zip(forms, distances) if distance == best)]
