"""What the article says happened, and who did it: attacks, claims of responsibility and
seizures of power, each found once per article (`kg.acts` attributes an act noun to them).

- "Al-Shabaab claimed responsibility for the attack", "Ansaru carried out the attack", "held
  the Islamic Front responsible for the attack": who claimed or was held responsible;
- "Israeli commandos stormed the flotilla", "the gunman, X, …": the attacks the article
  attributes, in order ("condemned the raid" is the last one before);
- "the army toppled the president", "soldiers say they have overthrown X … named Major Y head of
  a council": who seized power, and where in the text.

A mixin of `kg.acts.Acts`: it uses the article's entities, rules and `actors`, and the act
author lookups (`_agent_of_act`, `_owner`) that `Acts` defines.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.columns import columns, sentences
from kg.mentions import Entity
from kg.rules import name_key
from kg.syntax import MAX_DEPTH, agents, forms, is_passive, prep_objects, subject_tokens
from kg.types import ActorType

LEADING = {"lead", "command", "head"}  # "troops led by General X"


def led_by(doers) -> list[Token]:
    """"troops led by General X", "members of the guard, commanded by General X": the commanders."""
    return [o for d in doers for t in d.subtree if t.dep_ == "acl" and forms(t) & LEADING
            for a in t.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]


OVERTHROWING = {"overthrow", "topple", "oust", "depose", "seize"}  # not "detained", "arrested"
UNNAMED_SEIZERS = {"soldier", "officer", "mutineer", "troop", "putschist", "serviceman", "paratrooper"}
JUNTA_WORDS = {"council", "committee", "junta", "command"}  # "Armed Forces Revolutionary Council"


def sayer(subject: Token, reporting: frozenset[str]) -> Token:
    """"North Korea says it has carried out a test", "Soldiers say they have overthrown X": "it",
    "they" is the one who says so (`reporting`: the rules' verbs of saying)."""
    if subject.lower_ in ("it", "they") and subject.head.dep_ == "ccomp" and forms(subject.head.head) & reporting:
        return next((c for c in subject.head.head.children if c.dep_ == "nsubj"), subject)
    return subject


def _unnamed_doers(doer: Token, reporting: frozenset[str]) -> Token:
    """"Soldiers … say they have overthrown X": the soldiers; "a group of soldiers": the soldiers."""
    doer = sayer(doer, reporting)
    if doer.lemma_.lower() in ("group", "band", "number", "faction"):
        return next((o for p in doer.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj"), doer)
    return doer


def _held_responsible(word: Token) -> list[Token]:
    """Who a text says is "responsible" for an act, as a fact of its own: "X was responsible for the
    attack", "we hold X responsible"; not "X denied it was responsible", "was not responsible"."""
    head = word.head
    if any(c.dep_ == "neg" for c in (*head.children, *word.children)):
        return []
    node = head
    while node.dep_ in ("ccomp", "conj", "xcomp") and node.head.i != node.i:
        node = node.head
        if forms(node) & DENYING:
            return []
    if word.dep_ == "acomp" and head.lemma_ == "be":
        return [c for c in head.children if c.dep_ == "nsubj"]
    if word.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and head.lemma_ == "hold":
        return [c for c in head.children if c.dep_ == "dobj"] or [
            c for c in word.children if c.dep_ == "nsubj"]
    if word.dep_ == "amod" and head.dep_ == "dobj" and head.head.lemma_ == "hold" and word.i > head.i:
        return [head]  # "held the Islamic Front responsible for the attack", parsed as a modifier
    return []


DENYING = {"deny", "reject", "dismiss", "doubt", "question", "dispute", "claim", "allege", "accuse"}


def _took_power(verb: Token) -> bool:
    """"Army officers have taken power", "assumed power", "took control of the capital"."""
    return verb.lemma_.lower() in ("take", "assume", "grab", "seize") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ("power", "control") for c in verb.children)


OUTRIGHT_SEIZURES = {"coup", "putsch", "takeover", "seizure", "d'état", "d'etat", "seize"}
ATTEMPTS = {"attempt", "bid", "plot", "effort"}  # "an attempt by X to overthrow Y": a seizure of power, X's


class Events:
    """The attacks, claims and seizures of one article, looked for once (a mixin of `Acts`)."""

    def _claimed_by(self, token: Token, excluded: set[int]) -> list[Entity]:
        """"condemned the attack. Al-Shabaab claimed responsibility for the attack": an act the
        sentence leaves unattributed is the one the article says someone claimed or carried out."""
        if token.pos_ != "NOUN" or not forms(token) & self.rules.condemnable_acts:
            return []
        if self._claims is None:
            self._claims = self._find_claims()
        return [e for e in self._claims.get(self._kind(token), ()) if id(e) not in excluded]

    def _attacked_before(self, token: Token, excluded: set[int]) -> list[Entity]:
        """"Russia and China condemned the strikes" after "the US strikes on its nuclear sites";
        "the UN condemned the killings" after "accused the RSF of killing civilians": an attack
        the sentence leaves unattributed is the last one before it that the article attributes,
        by a modifier, a by-phrase or possessive, or as the subject of a verb of attacking."""
        if token.pos_ != "NOUN" or not forms(token) & self.rules.condemnable_acts or self._kind(token) != "attack":
            return []
        if self._attacks is None:
            self._attacks = self._find_attacks()
        before = [authors for i, authors in self._attacks if i < token.i]
        return [e for e in before[-1] if id(e) not in excluded] if before else []

    def _find_attacks(self) -> list[tuple[int, list[Entity]]]:
        spec = self.rules.responsibility
        events: list[tuple[int, list[Entity]]] = []
        doc, pos = self.ents.doc, columns(self.ents.doc).pos
        for token in (doc[i] for i, p in enumerate(pos) if p in ("NOUN", "VERB")):  # (none else counts)
            authors: list[Entity] = []
            if token.pos_ == "NOUN" and forms(token) & self.rules.condemnable_acts and self._kind(token) == "attack":
                authors = self._agent_of_act(token, set(), MAX_DEPTH - 2)
            elif token.pos_ == "VERB" and token.lemma_.lower() in spec.attack_verbs and not self._hearsay(token):
                who = agents(token) if is_passive(token) else subject_tokens(token)
                if not who and token.dep_ == "pcomp" and token.head.lower_ in ("of", "for"):
                    # "accused the RSF of killing civilians", "blamed X for shelling": the one charged
                    who = [c for c in token.head.head.children if c.dep_ == "dobj"]
                authors = self._doers(who, MAX_DEPTH - 2) or list(self.actors(led_by(who), depth=MAX_DEPTH - 2))
            elif token.pos_ == "NOUN" and token.lemma_.lower() in spec.attackers:
                authors = self._attacker_named(token)
            if authors:
                events.append((token.i, authors))
        return events

    def _attacker_named(self, noun: Token) -> list[Entity]:
        """"The gunman, X, …", "X, the gunman, …", "the bomber X": the person the article names
        as the attacker; not "the suspected gunman", "an alleged attacker" (an attribution passed on)."""
        hedges = self.rules.responsibility.hearsay | {"suspected", "alleged", "possible", "presumed"}
        if any(c.lower_ in hedges for c in noun.children):
            return []
        named = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if noun.dep_ in ("appos", "compound") and noun.head.pos_ == "PROPN":
            named.append(noun.head)
        return [e for e in self.actors(named, depth=MAX_DEPTH - 2) if e.type is ActorType.PERSON] if named else []

    def _doers(self, who: list[Token], depth: int) -> list[Entity]:
        """Who the subjects of an act are: "Israeli commandos stormed …" and "Russian troops
        shelled …" are the country's act, as readers (and GUIDELINES.md's gold) take it; any
        other subject is the actor it names, else the owner it names ("RSF fighters")."""
        owners = [e for t in who for e in self._owner(t, set(), depth)]
        return [e for e in owners if e.type is ActorType.POLITY] or list(self.actors(who, depth=depth)) or owners

    def _hearsay(self, verb: Token) -> bool:
        """"reportedly shot and killed": the hedge may sit on the verb or on the one it is coordinated with."""
        return any(c.dep_ == "advmod" and c.lower_ in self.rules.responsibility.hearsay
                   for v in (verb, *([verb.head] if verb.dep_ == "conj" else [])) for c in v.children)

    def _kind(self, act: Token) -> str:
        """An act's kind: "the bombing" and "the attack" are one act of the attack family."""
        return "attack" if forms(act) & self.rules.responsibility.attacks else act.lemma_.lower()

    def _find_claims(self) -> dict[str, list[Entity]]:
        spec = self.rules.responsibility
        claims: dict[str, list[Entity]] = {}
        doc, pos = self.ents.doc, columns(self.ents.doc).pos
        for verb in (doc[i] for i, p in enumerate(pos) if p == "VERB"):  # (none else counts)
            if verb.pos_ != "VERB" or is_passive(verb):
                continue
            acts: list[Token] = []
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if forms(verb) & spec.claim_verbs and any(o.lemma_.lower() == "responsibility" for o in objects):
                acts = prep_objects(objects + [verb], {"for"})  # "claimed responsibility for the attack"
            elif forms(verb) & spec.perform_verbs:
                acts = objects  # "Ansaru carried out the attack"
            for act in acts:
                if forms(act) & self.rules.condemnable_acts and self._kind(act) not in claims:
                    authors = list(self.actors(subject_tokens(verb), depth=MAX_DEPTH - 2))
                    if authors:
                        claims[self._kind(act)] = authors
        for word in (doc[i] for i, low in enumerate(columns(doc).lower) if low == "responsible"):
            held = _held_responsible(word)  # "Russia was responsible for the attack", "held Russia responsible for it"
            if not held:
                continue
            for act in prep_objects((word,), {"for"}):
                if forms(act) & self.rules.condemnable_acts and self._kind(act) not in claims:
                    authors = list(self.actors(held, depth=MAX_DEPTH - 2))
                    if authors:
                        claims[self._kind(act)] = authors
        return claims

    def _described_as(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"decried X's resignation as a military coup": the act as described, and its author."""
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"):
            for act in (o for o in prep.children if o.dep_ == "pobj" and forms(o) & self.rules.owned_acts):
                found = self._agent_of_act(act, excluded, depth)
                if found:
                    return found
        return []

    def _seized_by(self, token: Token, excluded: set[int]) -> list[Entity]:
        """"condemned the coup", "denounced Zelaya's removal": an act of seizing power whose author
        the sentence does not name is the seizure the article attributes elsewhere ("the
        military-led coup", "the army toppled the president"): the last one before it, else the
        first one after it."""
        if not forms(token) & self.rules.seizure.nouns and not (forms(token) & ATTEMPTS and any(
                c.dep_ in ("compound", "amod") and forms(c) & self.rules.seizure.nouns for c in token.children)):
            return []  # (a "coup attempt" is one)
        if self._seizure is None:
            self._seizure = self._find_seizures()
        before = [e for i, e in self._seizure if i < token.i and id(e) not in excluded]
        after = [e for i, e in self._seizure if i > token.i and id(e) not in excluded]
        return before[-1:] or after[:1]

    def _find_seizures(self) -> list[tuple[int, Entity]]:
        """Each act of seizing power the article attributes, in text order: (token, author)."""
        events: list[tuple[int, Entity]] = []
        doc, cols = self.ents.doc, columns(self.ents.doc)
        for token in (doc[i] for i, p in enumerate(cols.pos) if p in ("NOUN", "VERB") or cols.dep[i] == "amod"):
            authors: list[Entity] = []
            if token.pos_ == "NOUN" and forms(token) & self.rules.seizure.nouns:
                authors = self._agent_of_act(token, set(), MAX_DEPTH - 2)
            elif token.pos_ == "NOUN" and forms(token) & ATTEMPTS and any(
                    c.dep_ in ("acl", "relcl", "xcomp") and forms(c) & self.rules.seizure.verbs for c in token.children):
                authors = self._agent_of_act(token, set(), MAX_DEPTH - 2)  # "an attempt by General X to overthrow Y"
            elif token.dep_ == "amod" and token.head.lower_ == "power" and forms(token) & self.rules.seizure.verbs:
                authors = self._misread_seizer(token)  # "Myanmar's military seized power", parsed as an adjective
            elif token.pos_ == "VERB" and (forms(token) & self.rules.seizure.verbs or _took_power(token)):
                doers = subject_tokens(token) if not is_passive(token) else agents(token)
                # "troops led by General X stormed …", "members of the guard, commanded by General X,
                # detained …": the commander named is the one who seized power
                authors = list(self.actors(led_by(doers) or doers, depth=MAX_DEPTH - 2))
                doers = [_unnamed_doers(d, self.rules.cues.reporting) for d in doers]
                if not authors and doers and all(d.lemma_.lower() in UNNAMED_SEIZERS for d in doers) and (
                        _took_power(token) or forms(token) & OVERTHROWING):
                    authors = self._junta_named_after(token)  # "Soldiers have overthrown X. The mutineers named Y head of a Council"
            # a coup or a seizure of power named outright is its author's, whatever the author's name
            # ("the seizure of power by the National Council for Democracy and Development"); an
            # arrest or a removal only a force's or a commander's
            outright = (bool(forms(token) & OUTRIGHT_SEIZURES) or _took_power(token)) and not (
                token.pos_ == "VERB" and token.tag_ in ("VBG", "VB"))  # ("Seizing power at gunpoint is unacceptable")
            for entity in authors:
                if outright and entity.type in (ActorType.ORGANISATION, ActorType.GROUP, ActorType.PERSON):
                    events.append((token.i, entity))
                    continue
                if entity.type is ActorType.POLITY and token.pos_ == "NOUN" \
                        and forms(token) & self.rules.seizure.location_acts:
                    entity = self.ents._group_entity(entity.label, ["military"], "military", qualified=True)
                if entity.type is ActorType.GROUP or (entity.type is ActorType.ORGANISATION and set(
                        entity.label.lower().split()) & self.rules.act_authors) or (  # "the military regime toppled X"
                        entity.type is ActorType.PERSON and entity.roles & self.rules.seizure.commanders):
                    events.append((token.i, entity))
        return events

    def _junta_named_after(self, verb: Token) -> list[Entity]:
        """Soldiers with no name seized power; the council they formed, or the officer they put at its
        head, named in this sentence or the next two ("… calling itself the Supreme Council for …",
        "The mutineers have named Major X head of an Armed Forces Revolutionary Council")."""
        sents = sentences(self.ents.doc)
        index = next((n for n, s in enumerate(sents) if s.start <= verb.i < s.end), 0)
        end = sents[min(index + 2, len(sents) - 1)].end
        start = sents[index].start
        mentions = [m for m in self.ents.mentions_of(ActorType.ORGANISATION, ActorType.PERSON) if start <= m.start < end]
        for mention in mentions:
            entity = self.ents._canonical(mention.entity)
            if entity.type is ActorType.ORGANISATION and set(name_key(entity.label).split()) & JUNTA_WORDS:
                return [entity]
        for mention in mentions:
            entity = self.ents._canonical(mention.entity)
            if entity.type is ActorType.PERSON and entity.roles & self.rules.seizure.commanders \
                    and "secretary" not in entity.roles and mention.start > verb.i:  # (not a Secretary-General)
                return [entity]
        return []

    def _misread_seizer(self, verb: Token) -> list[Entity]:
        """"Myanmar's military seized power": the parser made "seized" an adjective of "power" and
        the doers its other modifiers; the last of them names who seized it."""
        before = [c for c in verb.head.children if c.i < verb.i and c.dep_ in ("amod", "compound", "nmod", "nsubj")]
        if not before:
            return []
        doer = before[-1]
        named = self.ents.entity_at(doer)
        if named is not None:
            return [named]
        if doer.lower_ not in self.rules.bare_group_heads:
            return []
        owner = next((c for c in verb.head.children if c.dep_ == "poss" and c.i < doer.i), None)
        country = self.ents.entity_at(owner) if owner is not None else None
        if country is None or country.type is not ActorType.POLITY:
            return []
        return [self.ents._group_entity(country.label, [doer.lower_], doer.text, qualified=True)]
