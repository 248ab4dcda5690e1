"""Names spelled out before their acronym: "the United Party for National Development (UPND)".

The recogniser often cuts such a name short ("United Party") or runs it into the bracket
("the Movement for Democratic Change (MDC"). The acronym in brackets says where the name starts:
the capitalised words whose initials spell it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span

from kg.casing import common_english
from kg.columns import columns
from kg.particles import NAME_PARTICLES

NAME_GLUE = {"of", "for", "the", "and", "&", "de", "la", "le", "les", "du", "des", "del", "di", "da", "e", "y", "et",
             "in", "on", "to"}  # lower-case words inside a name: "Together for the Future"
MAX_WORDS = 12


def _acronym(text: list[str], i: int) -> str | None:
    """The acronym in the brackets that open at token `i`, if there is one: "(UPND)". `text` is
    the tokens' text (`columns(doc).text`)."""
    if text[i] != "(" or i + 2 >= len(text) or text[i + 2] != ")":
        return None
    word = text[i + 1].replace(".", "").replace("-", "")
    letters = "".join(c for c in word if c.isupper())
    if not 2 <= len(letters) <= 8 or not word[:1].isupper() or len(letters) < len(word) / 2:
        return None  # "(Tisza)", "(born 1942)": no acronym
    return letters


def spelled_out_names(doc: Doc) -> Iterator[Span]:
    """Each name whose capitalised words' initials spell the acronym in brackets right after it."""
    text = columns(doc).text
    for i in range(len(doc)):
        letters = _acronym(text, i)
        if letters is None:
            continue
        initials = ""
        start = i
        for j in range(i - 1, max(-1, i - 1 - MAX_WORDS), -1):
            word = doc[j]
            if word.lower_ in NAME_GLUE and j < i - 1:
                continue
            if not (word.text[:1].isupper() and word.is_alpha):
                break
            initials = word.text[0] + initials
            if initials.upper() == letters:
                start = j
                break
            if not letters.endswith(initials.upper()):
                break
        if start < i and len(doc[start:i]) > 1:
            yield doc[start:i]


def _capitals(span: Span) -> str:
    """The initials of a name's capitalised words and hyphenated parts: "Pakistan Tehreek-e-Insaf" -> "PTI"."""
    return "".join(part[0] for t in span for part in t.text.replace("-", " ").split() if part[:1].isupper())


def _in_order(letters: str, capitals: str) -> bool:
    """Whether `letters` are among `capitals`, in order, starting with the first."""
    if not capitals or letters[:1] != capitals[:1]:
        return False
    rest = iter(capitals)
    return all(c in rest for c in letters)


def acronyms_defined(doc: Doc, named: dict[int, tuple[int, int]],
                     body: Callable[[int], bool] = lambda start: False) -> Iterator[tuple[str, int, bool]]:
    """Each acronym the text defines in brackets right after a name: (acronym, the name's first
    token, whether the acronym spells the name). `named` maps a token to the span (start, end) of
    the name it is part of. The acronym must spell the name, unless `body` says the name (by its
    first token) is a body's: a party's acronym is often of its own language ("the Alliance for
    the Future of Austria (BZO)", "the Party of the Democratic Revolution (PRD)")."""
    text = columns(doc).text
    for i in range(1, len(doc)):
        letters = _acronym(text, i)
        if letters is None or i - 1 not in named:
            continue
        start, end = named[i - 1]
        if end != i:
            continue
        if _in_order(letters, _capitals(doc[start:end]).upper()):
            yield doc[i + 1].text, start, True
        elif body(start):
            yield doc[i + 1].text, start, False


def person_after_of(span: Span, heads: frozenset[str], known: dict) -> int | None:
    """Where a body's name runs into its leader's, if it does: "the Kurdistan Democratic Party of
    Masoud Barzani", "the Government of National Accord of Fayez al-Sarraj". Returns the index
    of that "of" in the doc. The tail must look like a person's name: two or three rare
    capitalised words that the gazetteer (`known`, by name key) does not know, after a head
    noun of bodies ("Party", "Government", "Accord")."""
    for i in range(span.end - 3, span.start, -1):
        word = span.doc[i]
        if word.lower_ != "of" or span.doc[i - 1].lower_ not in heads | {"government", "accord"}:
            continue
        tail = span.doc[i + 1:span.end]
        words = [t for t in tail if t.text not in ("-", "\u2010")]
        if not 2 <= len(words) <= 4 or " ".join(t.lower_ for t in tail) in known:
            return None
        if words[0].text[:1].isupper() and all(
                (t.text[:1].isupper() and not common_english(t.text.lower())) or t.lower_ in NAME_PARTICLES for t in words):
            return i
        return None
    return None


def runs_on_with_for(doc: Doc, end: int, titles: frozenset[str] = frozenset()) -> int:
    """Where a body's name that the recogniser cut before "for" really ends: "the far-right
    Alternative [for Germany]", "the [Movement for] Democratic Change". Returns `end` if it does not
    run on: "for" must be followed by one to four capitalised words (with "the", "and", "of"
    between), then punctuation or a lower-case word."""
    if end + 1 >= len(doc) or doc[end].lower_ != "for" or not doc[end + 1].text[:1].isupper() \
            or doc[end + 1].lower_.strip(".") in titles:
        return end  # (not "backed X for Speaker of the House")
    i = end + 1
    words = 0
    while i < len(doc) and words < 5:
        token = doc[i]
        if token.text[:1].isupper() and token.is_alpha and token.ent_type_ not in ("DATE", "TIME", "PERSON"):
            words += 1
            i += 1
        elif token.lower_ in ("the", "and", "of") and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            i += 1
        else:
            break
    if not 1 <= words <= 4 or (i < len(doc) and doc[i].text[:1].isupper()):
        return end
    if i + 1 < len(doc) and doc[i].text == "," and (doc[i + 1].ent_type_ == "PERSON" or doc[i + 1].lower_.startswith("h.e")):
        return end  # "the ECOWAS Mediator for Burkina Faso, H.E. Mahamadou Issoufou": a role, not a body
    return i
