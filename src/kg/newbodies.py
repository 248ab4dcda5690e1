"""The name of a new body given right after the words that describe it.

News names a party, group or movement just founded in apposition to a common noun: "formed a
new parliamentary group, Together for the Future", "founded a new movement, L'Après", "launched a
party of his own on Sunday, New Social Contract (NSC)". The recogniser often misses such names,
or takes only a piece of them ("Future"), because they are made of common words. Here the name
is read off the text: the capitalised words after the comma, up to the next punctuation.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.columns import columns
from kg.spelled import NAME_GLUE

AFTER_NAME = {",", ".", "(", ";", ":", "—", "–", ")", "\n"}
NEW_WORDS = {"new", "own", "breakaway", "splinter", "rival"}  # "a new party", "a party of his own"


def _new_body(head: Token, heads: frozenset[str]) -> bool:
    """Whether `head` is a body introduced as new: "a new party", "a party of his own"."""
    if head.pos_ != "NOUN" or not {head.lemma_.lower(), head.lower_} & heads:
        return False
    if any(c.dep_ == "amod" and c.lower_ in NEW_WORDS for c in head.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(o.lower_ == "own" for o in c.subtree) for c in head.children)


def _phrase_end(head: Token) -> int:
    """The index after the noun phrase of `head` and a phrase of time after it ("on Sunday")."""
    doc = head.doc
    end = head.right_edge.i + 1
    start = end
    while end < len(doc) and end - start < 5 and (doc[end].ent_type_ in ("DATE", "TIME") or (
            doc[end].lower_ in ("on", "in", "at") and end + 1 < len(doc) and doc[end + 1].ent_type_ in ("DATE", "TIME"))):
        end += 1
    return end


def _name_after(doc: Doc, comma: int, sent_end: int) -> Span | None:
    """The capitalised words after the comma at `comma`, if they are followed by punctuation."""
    i = comma + 1
    if i + 1 < sent_end and doc[i].lower_ == "the" and doc[i + 1].text[:1].isupper():
        i += 1  # "a new party, the Alliance for the Future of Austria (BZO)"
    if i >= sent_end or not doc[i].text[:1].isupper():
        return None
    end = i
    while end < sent_end:
        word = doc[end]
        if word.text[:1].isupper() and word.is_alpha or "'" in word.text and word.text[:1].isupper():
            end += 1
        elif word.lower_ in NAME_GLUE:  # "for the" in "Together for the Future": glue before a capital
            glue = end
            while glue < sent_end and doc[glue].lower_ in NAME_GLUE:
                glue += 1
            if glue == sent_end or not doc[glue].text[:1].isupper():
                break
            end = glue
        else:
            break
    if end == i or (end < sent_end and doc[end].text not in AFTER_NAME):
        return None
    span = doc[i:end]
    if span[0].ent_type_ in ("PERSON", "GPE", "DATE", "NORP") or any(t.ent_type_ in ("PERSON", "DATE") for t in span):
        return None  # "a new party, President X said": a person, not the party's name ("… of Austria" may end one)
    return span


def named_new_bodies(doc: Doc, heads: frozenset[str]) -> Iterator[tuple[Token, Span]]:
    """Each body introduced as new with its name after a comma: (head noun, name)."""
    cols = columns(doc)
    pos, lower, lemma = cols.pos, cols.lower, cols.lemma_lower
    for i in range(len(doc)):  # the strings first: a Token only for a body noun
        if pos[i] != "NOUN" or (lemma[i] not in heads and lower[i] not in heads):
            continue
        head = doc[i]
        if not _new_body(head, heads):
            continue
        comma = head.i + 1 if head.i + 1 < len(doc) and doc[head.i + 1].text == "," else _phrase_end(head)
        sent_end = head.sent.end
        if comma < sent_end and doc[comma].text == ",":
            span = _name_after(doc, comma, sent_end)
            if span is not None:
                yield head, span
