"""Who "we" is in a statement: the government or body that signs it.

A statement says "we" without naming itself in the sentence. kg looks, in this order, for:
- an earlier "we" that named itself ("We, the Foreign Ministers of A, B and C, … We support …"):
  a body named later in the third person ("that Russia was responsible") does not displace it;
- the body that speaks in the third person most often before the "we" ("The United States is
  concerned … We urge …"), with every body coordinated with it ("The Governments of A, B and C
  express … We condemn …");
- a signature block: the short lines that close the statement, each naming a country or body
  ("Argentina / Costa Rica / Ecuador", "Petteri Orpo, Prime Minister of Finland"), or a person
  when the statement is by "the undersigned" ("(Sgd.) Risa Hontiveros");
- the statement line: the bodies after its "by" or "from" ("Joint Statement on Myanmar by the
  Foreign Ministers of A, B and C"), else the first body it names;
- the body most often the subject after it ("We congratulate X … Türkiye will continue …").
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Token

from kg.columns import columns
from kg.mentions import Entities, Entity
from kg.rules import Rules
from kg.syntax import MAX_DEPTH
from kg.types import ActorType

BODIES = (ActorType.POLITY, ActorType.ORGANISATION)
SIGNATURE_WORDS = 12  # a signature line is short: "Kristrún Frostadóttir, Prime Minister of Iceland"


class Signers:
    """The signers of one article's statements. `resolve` resolves one word to actors (kg.arguments)."""

    def __init__(self, entities: Entities, rules: Rules, resolve: Callable[..., list[Entity]]) -> None:
        self.ents, self.rules, self.resolve = entities, rules, resolve
        self._subjects: list[int] | None = None  # the subjects' tokens, found once: each "we" reads only them
        self._signed: list[Entity] | None = None
        self._by_undersigned: bool | None = None

    def of(self, token: Token) -> list[Entity]:
        """Who the "we" at `token` is, if the statement says."""
        doc = self.ents.doc
        if self._subjects is None:
            self._subjects = [i for i, dep in enumerate(columns(doc).dep) if dep in ("nsubj", "nsubjpass")]
        before = self._subjects[: bisect_left(self._subjects, token.i)]
        named_we = _unique(e for i in before if doc[i].lower_ == "we" for e in self.appositive(doc[i]))
        if named_we:
            return named_we  # "We, the leaders of A, B and C, …": what "we" said it was holds for the rest
        seen: dict[str, list] = {}  # the body most often the subject so far; the latest on ties
        for subject in (doc[i] for i in before):
            entity = self.ents.entity_at(subject) if subject.lower_ not in ("we", "i", "it", "they") else None
            if entity is not None and entity.type in BODIES:
                seen.setdefault(entity.key, [entity, 0, 0])
                seen[entity.key][1] += 1
                seen[entity.key][2] = subject.i
        if seen:
            entity, _count, at = max(seen.values(), key=lambda v: (v[1], v[2]))
            signers = [e for x in (doc[at], *doc[at].conjuncts)
                       for e in self.resolve(x, act=False, excluded=set(), depth=MAX_DEPTH - 1) if e.type in BODIES]
            return signers if entity in signers else [entity]
        if self._undersigned() and self._signature():
            return self._signature()  # "We, the undersigned Senators …" and the signatures below
        return self._signature() or self._statement_line(token) or self._speaks_later(token)

    def _undersigned(self) -> bool:
        if self._by_undersigned is None:  # read once: each "we" and each closing line asks
            self._by_undersigned = any(t.lower_ == "undersigned" for t in self.ents.doc)
        return self._by_undersigned

    def appositive(self, token: Token) -> list[Entity]:
        """Who "we" says it is: "We, the Prime Ministers of A and B, …"."""
        return _unique(e for a in token.children if a.dep_ == "appos" for x in (a, *a.conjuncts)
                       for e in self.resolve(x, act=False, excluded=set(), depth=MAX_DEPTH - 1))

    def _signature(self) -> list[Entity]:
        """The bodies the closing lines name, one a line, when two or more lines do."""
        if self._signed is None:
            self._signed = []
            doc = self.ents.doc
            lines: list[list[Token]] = [[]]
            for t in reversed(doc):  # the closing lines, last first
                if "\n" in t.text or "\n" in t.whitespace_:
                    if lines[-1]:
                        lines.append([])
                    if t.is_space:
                        continue
                lines[-1].insert(0, t)
            found: list[Entity] = []
            for line in (ln for ln in lines if ln):
                words = [t for t in line if not t.is_punct and not t.is_space]
                if len(words) > SIGNATURE_WORDS or line[-1].text in (".", "!", "?", ":", ";"):
                    break
                if not any(t.pos_ == "PROPN" for t in line[:1]) and line[0].lower_ in ("and", "with"):
                    continue  # "and eleven other Senators"
                signers = BODIES + ((ActorType.PERSON,) if self._undersigned() else ())  # "(Sgd.) Risa Hontiveros"
                named = [e for t in line if t.pos_ in ("PROPN", "NOUN") and (e := self.ents.entity_at(t)) is not None
                         and e.type in signers]
                if not named:
                    break
                found.insert(0, named[-1])  # "…, Prime Minister of Finland": the country served
            self._signed = _unique(found) if len(found) >= 2 else []
        return self._signed

    def _statement_line(self, token: Token) -> list[Entity]:
        """"Statement by the UK and international partners:", "Joint Statement from the Leaders
        of the United States, Mexico and Canada": the bodies after "by" or "from", all of them."""
        for sent in self.ents.doc.sents:
            if sent.start >= token.i:
                break
            heads = [t for t in sent if t.lower_ in self.rules.statement_heads]
            if not heads:
                continue
            by = [o for h in heads for p in h.subtree if p.dep_ == "prep" and p.lower_ in ("by", "from")
                  for o in p.children if o.dep_ == "pobj"]
            for t in [*by, *sent]:
                entity = self._body_at(t)
                if entity is not None:
                    head = t
                    while head.dep_ == "compound" and head.head.i != head.i:
                        head = head.head  # "United" in "the United States": the list hangs on "States"
                    members = [*head.conjuncts] + [c for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                                                   for o in p.children if o.dep_ == "pobj" for c in (o, *o.conjuncts)]
                    listed = [e for c in members for e in self.resolve(c, act=False, excluded=set(), depth=MAX_DEPTH - 1)
                              if e.type in BODIES]
                    return _unique((entity, *listed))
        return []

    def _body_at(self, t: Token) -> Entity | None:
        if t.pos_ not in ("PROPN", "NOUN"):
            return None
        entity = self.ents.entity_at(t)
        if entity is None and t.pos_ == "NOUN":  # "the Foreign Ministers of A, B and C": the countries
            named = [e for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                     if o.dep_ == "pobj" for e in self.resolve(o, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
            entity = named[0] if named else None
        return entity if entity is not None and entity.type in BODIES else None

    def _speaks_later(self, token: Token) -> list[Entity]:
        """"We congratulate X … Türkiye, as a guarantor power, will continue to stand by Y": a
        statement that opens with "we" names itself later, as the body most often its subject."""
        doc = self.ents.doc
        counts: dict[str, list] = {}
        for subject in (doc[i] for i in self._subjects[bisect_left(self._subjects, token.i):]):
            entity = self.ents.entity_at(subject) if subject.lower_ not in ("we", "i", "it", "they") else None
            if entity is not None and entity.type in BODIES:
                counts.setdefault(entity.key, [entity, 0, -subject.i])
                counts[entity.key][1] += 1
        return [max(counts.values(), key=lambda v: (v[1], v[2]))[0]] if counts else []


def _unique(entities) -> list[Entity]:
    return list({e.key: e for e in entities}.values())
