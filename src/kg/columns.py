"""A Doc's token strings as plain lists, read once: for the scans that look at every token.

Several collectors (kg.mentions, kg.collectives, kg.coref, kg.signers) walk the whole article
looking for the few tokens that matter ("officials" tagged NNS, a body's head noun, a
pronoun). Walking a Doc makes a Python Token object per token and every `.tag_` or `.lemma_`
looks a string up; ten such walks over a long article were most of extraction's own cost.
`columns(doc)` reads the strings of every token once (`Doc.to_array`, each distinct string
looked up once), so a scan tests lists and makes Token objects only for the tokens it keeps.
The strings are exactly the tokens' own (`text`, `lower_`, `pos_`, `tag_`, `lemma_`, `dep_`), and
`idx` their character offsets.
"""
from __future__ import annotations

from spacy.attrs import DEP, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc


class Columns:
    """Per-token strings of one Doc, indexed by token.i."""

    __slots__ = ("text", "lower", "pos", "tag", "lemma", "dep", "idx", "words", "_spacy", "_lemma_lower", "_sents",
                 "_text")

    def __init__(self, doc: Doc) -> None:
        rows = doc.to_array([ORTH, LOWER, POS, TAG, LEMMA, DEP, IS_PUNCT, IS_SPACE, IDX, SPACY]).T.tolist() \
            if len(doc) else [[]] * 10
        strings = doc.vocab.strings
        names = {h: strings[h] for h in set().union(*rows[:6])}  # each distinct string looked up once
        self.text, self.lower, self.pos, self.tag, self.lemma, self.dep = (list(map(names.__getitem__, r))
                                                                           for r in rows[:6])
        # tokens that are neither punctuation nor white space: the article's words
        self.words = sum(1 for punct, space in zip(rows[6], rows[7]) if not (punct or space))
        self.idx = rows[8]  # each token's first character in doc.text
        self._spacy = rows[9]  # whether a space follows the token (its whitespace_ is " ", else "")
        self._lemma_lower: list[str] | None = None
        self._sents: tuple | None = None
        self._text: str | None = None

    @property
    def lemma_lower(self) -> list[str]:
        """Every token's `lemma_.lower()`."""
        if self._lemma_lower is None:
            self._lemma_lower = [lemma.lower() for lemma in self.lemma]
        return self._lemma_lower


    def doc_text(self, doc: Doc) -> str:
        """`doc.text`, joined once (each `doc.text` joins every token's text again)."""
        if self._text is None:  # as spaCy joins it (each token's text_with_ws), without a Token each
            self._text = "".join([t + " " if space else t for t, space in zip(self.text, self._spacy)])  # (joined_text)
        return self._text

    def sents(self, doc: Doc) -> tuple:
        """`doc.sents`, found once (each `doc.sents` walks every token for sentence starts)."""
        if self._sents is None:
            self._sents = tuple(doc.sents)
        return self._sents


def token_texts(doc: Doc) -> list[str]:
    """Every token's `text`, each distinct string looked up once, without a Token object each:
    for pipeline components, which run before the Doc is final (no `columns` yet)."""
    hashes = doc.to_array(ORTH).tolist() if len(doc) else []
    strings = doc.vocab.strings
    names = {h: strings[h] for h in set(hashes)}
    return list(map(names.__getitem__, hashes))


def joined_text(doc: Doc, texts: list[str]) -> str:
    """`doc.text` from the tokens' `texts` (`token_texts`) and their SPACY flags, as spaCy joins it."""
    spaces = doc.to_array(SPACY).tolist() if len(doc) else []
    return "".join([t + " " if space else t for t, space in zip(texts, spaces)])


_last: tuple[Doc, int, Columns] | None = None  # extraction reads one Doc at a time: keep the last


def columns(doc: Doc) -> Columns:
    """The columns of `doc`, read on first use and kept while `doc` is the one being read."""
    global _last
    if _last is None or _last[0] is not doc or _last[1] != len(doc):
        _last = (doc, len(doc), Columns(doc))
    return _last[2]


def sentences(doc: Doc) -> list:
    """`list(doc.sents)`, the sentence Spans found once per Doc."""
    return list(columns(doc).sents(doc))
