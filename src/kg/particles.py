"""Names joined by a hyphenated particle: "Tehreek-e-Insaf", "Jaish-e-Mohammed",
"Hizb-ut-Tahrir", "SPLA-in-Opposition".

spaCy's tokenizer splits them at each hyphen, and the tagger and parser then read the pieces
as a list or a phrase ("Jamaat - e - Islami" gets a conjunction in the middle), which breaks
the sentence around them. Two pipeline components keep such a name whole:

- `kg_particle_names`, first in the pipeline, merges the pieces into one token before tagging,
  so the parser sees one word, normalised to its last name;
- `kg_particle_entities`, after the entity recogniser, tags the word as a proper noun and makes
  it (with the proper nouns before it: "Pakistan Tehreek-e-Insaf") an organisation's name; and
  makes "Ursula von der Leyen" one person where the recogniser cut it at "von der".

Only capitalised words joined by a lower-case particle of one to three letters qualify, so
ordinary compounds ("Kremlin-backed", "Russia-Ukraine", "al-Assad") are left as they are.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.columns import token_texts

PARTICLE = re.compile(r"[a-z]{1,3}")
JOINED = re.compile(r"[A-Z][A-Za-z]*(?:-[a-z]{1,3}-[A-Z][A-Za-z]*)+")


def _is_name(token) -> bool:
    return token.text[:1].isupper() and token.text.isalpha()


def _glued(token) -> bool:
    return token.whitespace_ == ""


def _given_name(doc: Doc, i: int) -> bool:
    """"Ri Il-kyu", "Kim Jong-un", "Moon Jae-in": a hyphenated given name after a family name
    (a short capitalised syllable, a hyphen, a lower-case syllable), not "the US-led" or "The
    Kremlin-backed" (a determiner or a long word before the hyphen)."""
    if i == 0 or i + 2 >= len(doc):
        return False
    before, first, hyphen, second = doc[i - 1], doc[i], doc[i + 1], doc[i + 2]
    return (before.text[:1].isupper() and before.text.isalpha() and not before.is_stop
            and first.text[:1].isupper() and first.text.isalpha() and len(first.text) <= 4
            and not first.text.isupper() and _glued(first) and hyphen.text == "-" and _glued(hyphen)
            and second.text.isalpha() and second.text.islower() and 2 <= len(second.text) <= 5)


def merge_particle_names(doc: Doc) -> Doc:
    """Merge "Name - particle - Name" (no spaces), and a hyphenated given name, into one token."""
    spans, i, n = [], 0, len(doc)
    texts = token_texts(doc)
    # both patterns have a hyphen right after their first token: only those tokens are read
    for start in [k - 1 for k in range(1, n) if texts[k] == "-"]:
        if start < i:
            continue  # inside a name merged already
        i = start
        if _given_name(doc, i):
            spans.append(doc[i:i + 3])
            i += 3
            continue
        j = i
        while (j + 4 < n and _is_name(doc[j]) and _glued(doc[j]) and doc[j + 1].text == "-" and _glued(doc[j + 1])
               and PARTICLE.fullmatch(doc[j + 2].text) and _glued(doc[j + 2]) and doc[j + 3].text == "-"
               and _glued(doc[j + 3]) and _is_name(doc[j + 4])):
            j += 4
        if j > i:
            spans.append(doc[i:j + 1])
            i = j + 1
        else:
            i += 1
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                # the model reads a word it never saw by its form; its norm, the last name
                # ("mohammed", "opposition"), keeps "Jaish-e-Mohammed" from reading as a verb
                retokenizer.merge(span, attrs={"NORM": span[-1].text.lower()})
    return doc


NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das", "bin", "ibn",
                  "al", "el", "le", "la", "ter", "ten", "zu"}


def _person_names_with_particles(doc: Doc) -> list[Span]:
    """"Ursula von der Leyen", "Charles de Gaulle": a person's name the recogniser cut at its
    lower-case particles ("Ursula von der" a person, "Leyen" a place)."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        end = ent.end
        while end > ent.start and doc[end - 1].lower_ in NAME_PARTICLES:
            end -= 1  # "Ursula von der": the particles belong with what follows
        j = end
        while j < len(doc) and doc[j].lower_ in NAME_PARTICLES and doc[j].text.islower():
            j += 1
        if j == end or j >= len(doc) or not (doc[j].text[:1].isupper() and doc[j].is_alpha):
            continue
        while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper() \
                and doc[j].whitespace_ == " ":
            j += 1
        spans.append(Span(doc, ent.start, j + 1, label="PERSON"))
    return spans


def tag_particle_names(doc: Doc) -> Doc:
    """Make each merged name a proper noun and an organisation's name, with the proper nouns
    that lead into it; and join a person's name the recogniser cut at a particle."""
    names = _person_names_with_particles(doc)
    for i, text in enumerate(token_texts(doc)):  # the strings first: a Token only for a joined name
        if not JOINED.fullmatch(text):
            continue
        token = doc[i]
        token.pos_, token.tag_ = "PROPN", "NNP"
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == token.i \
                and doc[start - 1].dep_ == "compound" and _is_name(doc[start - 1]):
            start -= 1
        names.append(Span(doc, start, token.i + 1, label="ORG"))
    if names:
        kept = [e for e in doc.ents if not any(e.start < n.end and n.start < e.end for n in names)]
        doc.ents = filter_spans([*kept, *names])
    return doc
