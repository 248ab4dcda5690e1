"""What extraction misses in a corpus: `kg suggest`.

A sentence where two or more actors meet and no relation came out may state one in words no
rule knows yet. For each such sentence, the cues are the verbs and nouns on the dependency path
between two of its actors that are not already triggers ("welcomed", "hailed", "snubbed"). Cues
that recur across the corpus are the ones worth a rule: the report ranks them by how many
sentences they appear in, with an example each, and ranks sentences by how common their cues
are. A sentence whose cue is negated, modal or hypothetical is marked, not hidden: a rule for
that cue would have to respect the negation too.
"""
from __future__ import annotations

from collections import defaultdict
from textwrap import shorten
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.casing import for_parsing
from kg.extract import Reader
from kg.relations import Finder
from kg.rules import load_rules
from kg.types import Article

CUE_POS = ("VERB", "NOUN")
IGNORED = {"be", "have", "say", "do", "make", "take", "get", "go", "come", "tell", "add", "include", "year",
           "day", "week", "month", "time", "people", "country", "government", "president", "minister", "leader",
           "official", "statement", "meeting", "talk", "visit", "call"}


@dataclass
class Candidate:
    article: str
    sentence: str
    actors: list[str]
    cues: list[str]
    marked: str | None  # "negated", "modal", "hypothetical", "governed": the cue does not count as stated


@dataclass
class Suggestions:
    candidates: list[Candidate] = field(default_factory=list)

    def by_cue(self, top: int = 20) -> list[dict]:
        seen: dict[str, list[Candidate]] = defaultdict(list)
        for c in self.candidates:
            for cue in c.cues:
                seen[cue].append(c)
        ranked = sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
        return [{"cue": cue, "sentences": len(cands), "marked": sum(1 for c in cands if c.marked),
                 "example": next((c for c in cands if not c.marked), cands[0]).sentence,
                 "example_article": next((c for c in cands if not c.marked), cands[0]).article}
                for cue, cands in ranked]

    def by_sentence(self, top: int = 20) -> list[dict]:
        counts: dict[str, int] = defaultdict(int)
        for c in self.candidates:
            for cue in c.cues:
                counts[cue] += 1
        ranked = sorted(self.candidates, key=lambda c: -sum(counts[q] for q in c.cues))[:top]
        return [{"article": c.article, "sentence": c.sentence, "actors": c.actors, "cues": c.cues,
                 "marked": c.marked} for c in ranked]


def suggest(nlp, articles: Iterable[Article]) -> Suggestions:
    """Sentences of `articles` where actors meet and no relation was found, with their cues."""
    rules, out = load_rules(), Suggestions()
    # words that name people, bodies or the act of speaking, not a relation between actors
    ignored = IGNORED | rules.person_roles | rules.organisation_roles | rules.class_nouns | rules.titles \
        | rules.government_nouns | rules.cues.reporting
    for article in articles:
        doc = nlp(for_parsing(article.text))
        reader = Reader(doc)
        ents, finder = reader.entities, reader.frames
        for sent in doc.sents:
            found = reader.read(sent)
            if found or not sent.text.strip():
                continue
            heads = {}
            for token in sent:
                mention = ents.at.get(token.i)
                if mention is not None and token.i == mention.end - 1:
                    heads.setdefault(ents._canonical(mention.entity).key, (token, ents._canonical(mention.entity)))
            if len(heads) < 2:
                continue
            cues, marked = [], None
            items = list(heads.values())
            for a in range(len(items)):
                for b in range(a + 1, len(items)):
                    for token in _path(items[a][0], items[b][0]):
                        if token.pos_ in CUE_POS and token.i not in ents.at and token.lemma_.isalpha() \
                                and token.lemma_.lower() not in ignored and not _is_trigger(finder, token):
                            cue = token.lemma_.lower()
                            if cue not in cues:
                                cues.append(cue)
                                marked = marked or (finder.block.blocked(token) if token.pos_ == "VERB" else None)
            if cues:
                out.candidates.append(Candidate(article=article.id, sentence=article.text[sent.start_char:sent.end_char].strip(),
                                                actors=[e.display for _, e in items], cues=cues, marked=marked))
    return out


def _path(a, b) -> list:
    """The tokens on the dependency path between two tokens, ends excluded."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return []
    left = up_a[1: up_a.index(common)]
    right = up_b[1: up_b.index(common)]
    middle = [common] if common not in (a, b) else []
    return left + middle + right


def _is_trigger(finder: Finder, token) -> bool:
    lemma = finder.lex.lemma(token)
    return bool(finder.lex.verbs.get(lemma) or finder.lex.nouns.get(lemma) or finder.lex.agents.get(lemma)
                or finder.lex.adjectives.get(token.lower_))


def format_suggestions(s: Suggestions, *, view: str = "cue", top: int = 20, width: int = 110) -> str:
    lines = []
    if view == "cue":
        lines.append(f"{'cue':<16} {'sentences':>9} {'marked':>7}  example")
        for row in s.by_cue(top):
            lines.append(f"{row['cue']:<16} {row['sentences']:>9} {row['marked']:>7}  "
                         f"{row['example_article']}: «{shorten(row['example'], width, placeholder=' …')}»")
    else:
        for row in s.by_sentence(top):
            mark = f" [{row['marked']}]" if row["marked"] else ""
            lines.append(f"{row['article']}: «{shorten(row['sentence'], width, placeholder=' …')}»{mark}")
            lines.append(f"    actors {', '.join(row['actors'])}; cues {', '.join(row['cues'])}")
    if not s.candidates:
        lines.append("no sentence where actors meet without a relation")
    return "\n".join(lines)

