"""Who speaks: the actor behind "we", "I", "you", "it", "they" and "them".

- "we"/"I" in a quote are its speaker ('"We condemn X," the minister said'); in a transcript
  ("President of Russia Vladimir Putin: Mr Lukashenko, …") "I" is the speaker and "you" the
  one addressed; "we" in a statement is the body that signs it (`kg.signers`);
- "it"/"they" as a subject are the body that says so ("the EU said it …"), the last
  sentence's subject ("… . It condemned …") or, in a clause on a noun, the body named just
  before ("the regime and the government it toppled");
- "them"/"their" are the collective named last ("the Sudanese people … stand with them").
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from kg.columns import columns, sentences
from kg.mentions import Entities, Entity
from kg.namespans import names_a_seat
from kg.rules import Rules
from kg.signers import Signers
from kg.syntax import MAX_DEPTH, forms, subject_tokens
from kg.types import ActorType

SOURCE_NOUNS = {"message", "statement", "word", "words", "verdict", "view", "response", "reply", "position"}
SPEAKER_LINE = re.compile(r"^([A-Z][^:\n]{2,80}):\s*(.*)$")  # "President of Russia Vladimir Putin: …"


HEADING_WORDS = {"statement", "release", "letter", "message", "remarks", "declaration"}
HEADING_TOKENS = 40  # how far past a statement's first line its heading may run
# what "it" may be the object of, as an actor: "recognised it", "pledged support to it"
RECOGNISING_OR_BACKING = frozenset({"recognise", "recognize", "recognition", "support", "back", "backing",
                                    "endorse", "endorsement"})
STATEHOOD = frozenset({"independence", "statehood", "sovereignty"})  # "declared independence … recognised it"


class Voices:
    """The speakers of one article. `resolve` resolves one word to actors (kg.arguments)."""

    def __init__(self, entities: Entities, rules: Rules, resolve: Callable[..., list[Entity]]) -> None:
        self.ents, self.rules, self.resolve = entities, rules, resolve
        self._doc_text: str | None = None
        self._heading: tuple[Entity, ...] | None = None  # who a headed statement's "I" is (`_heading_author`)
        self.signers = Signers(entities, rules, resolve)  # who "we" is in a statement

    def pronoun(self, token: Token, depth: int) -> list[Entity] | None:
        """The actors a first-, second- or third-person plural pronoun stands for; None if the
        word is no such pronoun."""
        low = token.lower_
        if low in ("we", "i", "us", "our", "my", "me"):
            named = self.signers.appositive(token) or self._on_behalf(token)
            if named:  # "We, the Prime Ministers of A and B, stand with …"; "On behalf of SADC, I …"
                return named
            return self._speaker(token) or self._next_speaker(token) or self._transcript_speaker(token) or \
                (self.signers.of(token) if low in ("we", "us", "our") else self._heading_author(token))
        if low in ("you", "your"):
            return self._addressee(token)
        if low == "it" and token.dep_ == "nsubjpass" and forms(token.head) & RECOGNISING_OR_BACKING:
            # "Bhutan and India had recognised the new state. In January it was recognised by A":
            # what the sentence before recognised, not who did
            found = self._object_it(token)
            if found:
                return found
        if low in ("it", "they") and token.dep_ in ("nsubj", "nsubjpass"):
            return self._reporter(token) or self._previous_subject(token) or self._relative_it(token, depth)
        if low in ("it", "its") and token.dep_ in ("dobj", "pobj", "poss"):
            return self._object_it(token)
        if low in ("them", "their"):
            return self._last_group(token)
        return None

    def _on_behalf(self, token: Token) -> list[Entity]:
        """"On behalf of SADC, I wish to congratulate …": the speaker speaks for the body."""
        verb = token.head
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "in")):
            for behalf in (o for o in prep.children if o.dep_ == "pobj" and o.lower_ == "behalf"):
                bodies = [o for p in behalf.children if p.dep_ == "prep" and p.lower_ == "of"
                          for o in p.children if o.dep_ == "pobj"]
                named = [e for b in bodies for x in (b, *b.conjuncts)
                         for e in self.resolve(x, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
                if named:
                    return list({e.key: e for e in named}.values())
        return []

    def _relative_it(self, token: Token, depth: int) -> list[Entity]:
        """"the regime and the government it toppled": "it" in a clause on a noun is the body
        named just before that noun."""
        clause = token.head
        if clause.dep_ != "relcl" or depth >= MAX_DEPTH - 1:
            return []
        noun = clause.head
        for i in range(noun.left_edge.i - 1, noun.sent.start - 1, -1):
            entity = self.ents.entity_at(self.ents.doc[i]) if self.ents.doc[i].pos_ in ("NOUN", "PROPN") else None
            if entity is not None and entity.type is not ActorType.PERSON:
                return [entity]
        return []

    def _previous_subject(self, token: Token) -> list[Entity]:
        """"The EAC held a summit. It condemned …": a sentence-opening "it" is the last
        sentence's subject, if that is a body (not a person)."""
        sent = token.sent
        if token.i != sent.start and not all(t.is_punct or t.is_space for t in sent.doc[sent.start: token.i]) \
                and not (token.head.i == sent.root.i and not self._named_before_in(token)):
            return []  # (but "In January 1972 it was recognised by …": the main clause's subject, after a phrase)
        if sent.start == 0:
            return []
        previous = sent.doc[sent.start - 1].sent
        subjects = [c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
        return [e for e in named if e.type is not ActorType.PERSON]

    def _named_before_in(self, token: Token, skip: frozenset[int] = frozenset()) -> bool:
        """Whether an actor (other than those in `skip`) is named in `token`'s sentence before it."""
        doc = token.doc
        return any(doc[i].pos_ in ("PROPN", "NOUN") and (e := self.ents.entity_at(doc[i])) is not None
                   and id(e) not in skip for i in range(token.sent.start, token.i))

    def _object_it(self, token: Token) -> list[Entity]:
        """The body "it" or "its" stands for after a verb or noun of recognising or backing:
        "X recognised Y's government, and Z pledged support to it" (what the clause before acted
        on); "The MPLA proclaimed a republic. Nigeria recognised it" (what the sentence before
        made, or else its subject: "Its independence was recognised by A"); never the clause's
        own subject, and nothing where "it" may be a thing ("adopted a plan. France backed it")."""
        if token.dep_ == "poss" and not forms(token.head) & (self.rules.owned_acts | self.rules.government_nouns):
            return []  # "its independence", "its government"; not "support for its priorities"
        node, path = token, []
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
            path.append(node)
        verb = node
        if not any(forms(t) & RECOGNISING_OR_BACKING for t in (*path, *(c for c in verb.children if c.dep_ == "dobj"))):
            return []  # ("pledged support to it": the act is the verb's object)
        own = frozenset(id(e) for s in subject_tokens(verb)
                        for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 3))
        if verb.dep_ == "conj" and verb.head.i < verb.i:  # the clause before, in this sentence
            named = self._acted_on([verb.head], own)
            if named:
                return named
        if self._named_before_in(token, own) or token.sent.start == 0:
            return []  # a nearer antecedent in the sentence: left alone
        previous = token.doc[token.sent.start - 1].sent
        # "Brazil was the first country to recognise the MPLA government … Nigeria recognised it"
        named = self._acted_on([t for t in previous if forms(t) & RECOGNISING_OR_BACKING and t.pos_ == "VERB"], own)
        if named:
            return named
        made = [c for c in previous.root.children if c.dep_ == "dobj"]
        if made and not forms(made[0]) & STATEHOOD:  # "proclaimed the People's Republic": it
            named = [e for e in self.resolve(made[0], act=False, excluded=set(), depth=MAX_DEPTH - 3)
                     if e.type is not ActorType.PERSON and id(e) not in own]
            return named  # (a thing made, "adopted a plan", is no actor: nothing)
        subjects = [c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 3)]
        return [e for e in named if e.type is not ActorType.PERSON and id(e) not in own]

    def _acted_on(self, verbs: list[Token], own: frozenset[int]) -> list[Entity]:
        """The actors the first of `verbs` with a named object acted on (a person too: "X's
        government"), other than `own`."""
        for verb in verbs:
            for obj in (c for c in verb.children if c.dep_ == "dobj"):
                named = [e for e in self.resolve(obj, act=True, excluded=set(), depth=MAX_DEPTH - 3) if id(e) not in own]
                if named:
                    return named
        return []

    def _reporter(self, token: Token) -> list[Entity]:
        """"The bloc said it would …": "it" is the body that says so, and nothing else."""
        node = token.head
        while node.dep_ in ("ccomp", "conj", "xcomp") and node.head.i != node.i:
            node = node.head
            if forms(node) & self.rules.cues.reporting:
                # (the subject may be the statement's issuer: "A issued a communique stating that they …")
                subjects = [c for c in subject_tokens(node) if c.dep_ != "nsubjpass" and c.lower_ not in ("it", "they")]
                subjects += [j for s in subjects for j in s.conjuncts]  # "A and B said they …"
                named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
                named = list({e.key: e for e in named}.values())
                if token.lower_ == "they" and len(named) > 1:
                    return named  # "A and B said they were joining X": the people too
                return [e for e in named if e.type is not ActorType.PERSON]
        return []

    def _speaker(self, token: Token) -> list[Entity]:
        """'"We condemn X," the minister said': I and we in a quote are its speaker."""
        node = token.head
        for _ in range(6):
            candidates = [node] + [c for c in node.children if c.dep_ == "parataxis"]
            for verb in candidates:
                if forms(verb) & self.rules.cues.reporting and verb.i != token.head.i:
                    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                    named = [e for s in subjects if s.lower_ not in ("we", "i")
                             for e in self.resolve(s, act=False, excluded=set(), depth=3)]
                    if named:
                        return named
            if node.head.i == node.i or node.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "ROOT"):
                break
            node = node.head
        return []

    def _next_speaker(self, token: Token) -> list[Entity]:
        """'"Our party stands behind X." That was the message from the UNC.' and '"We condemn X."
        The foreign ministry said so on Monday.': a quote that is a sentence of its own, spoken by
        the one the next sentence names as its source."""
        sent = token.sent
        opening = next((t for t in sent if not t.is_space), None)
        if opening is None or opening.text not in ('"', "\u201c", "\u2018", "'"):
            return []
        doc = self.ents.doc
        if sent.end >= len(doc):
            return []
        nxt = doc[sent.end].sent
        for verb in (t for t in nxt if forms(t) & self.rules.cues.reporting):
            subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("we", "i", "it", "that")]
            named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=3)]
            if named:
                return named
        for noun in (t for t in nxt if t.lemma_.lower() in SOURCE_NOUNS):  # "the message from X"
            if noun.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
                                           for c in noun.children):
                clause = noun.head.head  # "With those words X opened the conference": X spoke them
                while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                    clause = clause.head
                named = [e for s in clause.children if s.dep_ == "nsubj"
                         for e in self.resolve(s, act=False, excluded=set(), depth=3)]
                if named:
                    return named
            preps = [c for c in noun.children if c.dep_ == "prep"]
            if noun.dep_ == "nsubj":  # "The words came from X"
                preps += [c for c in noun.head.children if c.dep_ == "prep"]
            for prep in (p for p in preps if p.lower_ in ("from", "of", "by")):
                named = [e for o in prep.children if o.dep_ == "pobj"
                         for e in self.resolve(o, act=False, excluded=set(), depth=3)]
                if named:
                    return named
        return []

    def _speaker_lines(self, token: Token):
        """The transcript lines before `token`, latest first: (line start, speaker part, rest)."""
        text = self._text()
        pos = token.idx
        for _ in range(40):  # found backwards from the token, so the cost is the 40 lines, not the article
            start = text.rfind("\n", 0, pos) + 1
            match = SPEAKER_LINE.match(text[start:pos])
            if match:
                yield start, match
            if start == 0:
                break
            pos = start - 1

    def _text(self) -> str:
        """The article's text, kept: spaCy's `Doc.text` joins every token again on each access."""
        if self._doc_text is None:
            self._doc_text = columns(self.ents.doc).doc_text(self.ents.doc)
        return self._doc_text

    def _person_in(self, start: int, end: int) -> Entity | None:
        doc = self.ents.doc
        for t in doc.char_span(start, end, alignment_mode="expand") or ():
            entity = self.ents.entity_at(t) if t.pos_ == "PROPN" else None
            if entity is not None and entity.type is ActorType.PERSON:
                return entity
        return None

    def _heading_author(self, token: Token) -> list[Entity]:
        """"STATEMENT BY PETER TEMPLE-MORRIS MP … Today I have joined the Labour Party": in a
        statement or release in the first person, "I" outside quotes is the one person its
        heading names, before the text's first "I"; none where the opening names more than one."""
        doc = token.doc
        before = doc[token.sent.start: token.i].text
        if sum(before.count(q) for q in ('"', "\u201c", "\u201d")) % 2:
            return []  # inside a quote: its speaker, if any, is found by `_speaker`
        if self._heading is None:  # (once per article: the answer is the same for every "I")
            self._heading = self._find_heading_author(token)
        return list(self._heading)

    def _find_heading_author(self, token: Token) -> tuple[Entity, ...]:
        doc = token.doc
        first = next((t.i for t in doc if t.lower_ in ("i", "my", "me") and t.pos_ == "PRON"), token.i)
        heading = sentences(doc)[0]
        words = [t for t in heading if t.is_alpha and len(t) > 2]
        if not words or (sum(t.is_upper for t in words) < len(words) / 2
                         and not {t.lower_ for t in words} & HEADING_WORDS):
            return ()  # no heading: "STATEMENT BY …", "MEDIA RELEASE", a title in capitals
        heading_end = min(first, heading.end + HEADING_TOKENS)
        named = {id(e): e for m in self.ents.mentions_of(ActorType.PERSON) if m.start < heading_end
                 and not names_a_seat(doc[m.start:m.end]) for e in (self.ents._canonical(m.entity),)}
        return tuple(named.values()) if len(named) == 1 else ()

    def _transcript_speaker(self, token: Token) -> list[Entity]:
        """"President of Russia Vladimir Putin: … I am pleased": the speaker of a transcript."""
        for start, match in self._speaker_lines(token):
            person = self._person_in(start, start + match.end(1))
            return [person] if person is not None else []
        return []

    def _addressee(self, token: Token) -> list[Entity]:
        """"Putin: Mr Lukashenko, I congratulated you": the one a transcript speaker addresses."""
        for start, match in self._speaker_lines(token):
            rest = match.group(2)
            if rest.rstrip().endswith(",") and len(rest.split()) <= 5:
                person = self._person_in(start + match.start(2), start + match.end(2))
                return [person] if person is not None else []
            return []
        return []

    def _last_group(self, token: Token) -> list[Entity]:
        """"they", "them": the collective named last in this or the two sentences before
        ("The Sudanese people … The United States will stand with them")."""
        doc = self.ents.doc
        sents = [s for s in doc.sents if s.end <= token.i + 1][-3:]
        window = sents[0].start if sents else token.sent.start
        own = {c.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")}
        for i in range(token.i - 1, window - 1, -1):
            if i in own:
                continue
            entity = self.ents.entity_at(doc[i]) if doc[i].pos_ in ("NOUN", "PROPN") else None
            if entity is not None and entity.type is ActorType.GROUP and doc[i].dep_ != "compound":
                return [entity]
        return []
