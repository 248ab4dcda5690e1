"""Who did an act: the author of the act a word names.

Condemning or backing an act is condemning or backing its author (GUIDELINES.md): "the efforts
of X", "X's use of force", "the assault by forces loyal to X", "the positions taken by ECOWAS",
"an incursion by a U.S. Coast Guard vessel", "the military coup in Sudan" (the Sudanese
military's), "decried X's resignation as a military coup". An act of seizing power whose author
the sentence leaves unnamed ("condemned the coup") is attributed to whoever the article says
seized power; an act with no author anywhere is condemned with no object (`kg.claims`).
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.columns import columns, sentences
from kg.mentions import Entities, Entity
from kg.rules import Rules, name_key
from kg.syntax import MAX_DEPTH, agents, forms, is_passive, prep_objects, subject_tokens
from kg.types import ActorType

LEADING = {"lead", "command", "head"}  # "troops led by General X"
def _led_by(doers) -> list[Token]:
    """"troops led by General X", "members of the guard, commanded by General X": the commanders."""
    return [o for d in doers for t in d.subtree if t.dep_ == "acl" and forms(t) & LEADING
            for a in t.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]


OVERTHROWING = {"overthrow", "topple", "oust", "depose", "seize"}  # not "detained", "arrested"
UNNAMED_SEIZERS = {"soldier", "officer", "mutineer", "troop", "putschist", "serviceman", "paratrooper"}
JUNTA_WORDS = {"council", "committee", "junta", "command"}  # "Armed Forces Revolutionary Council"


NAMED_BEFORE_SENTENCES = 5


def _sayer(subject: Token, reporting: frozenset[str]) -> Token:
    """"North Korea says it has carried out a test", "Soldiers say they have overthrown X": "it",
    "they" is the one who says so (`reporting`: the rules' verbs of saying)."""
    if subject.lower_ in ("it", "they") and subject.head.dep_ == "ccomp" and forms(subject.head.head) & reporting:
        return next((c for c in subject.head.head.children if c.dep_ == "nsubj"), subject)
    return subject


def _unnamed_doers(doer: Token, reporting: frozenset[str]) -> Token:
    """"Soldiers … say they have overthrown X": the soldiers; "a group of soldiers": the soldiers."""
    doer = _sayer(doer, reporting)
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


def _derived(noun: str, verb: str) -> bool:
    """Whether an act noun is the verb's nominalisation: annex/annexation, invade/invasion,
    occupy/occupation, decide/decision, deploy/deployment, bomb/bombing."""
    if len(verb) < 4 or noun == verb:
        return noun == verb and len(verb) >= 4
    common = 0
    for a, b in zip(noun, verb):
        if a != b:
            break
        common += 1
    return common >= max(4, len(verb) - 2)


_AGENT_ORDER = {"poss": 0, "agent": 1, "prep": 2, "pcomp": 3, "ccomp": 4, "attr": 5, "acomp": 6, "pobj": 7}


class Acts:
    """The authors of acts in one article. `actors` resolves words to actors (kg.arguments)."""

    def __init__(self, entities: Entities, rules: Rules, actors: Callable[..., tuple[Entity, ...]]) -> None:
        self.ents, self.rules, self.actors = entities, rules, actors
        self._seizure: list[tuple[int, Entity]] | None = None  # who seized power where, once looked for
        self._claims: dict[str, list[Entity]] | None = None  # act lemma -> who claimed or carried it out
        self._attacks: list[tuple[int, list[Entity]]] | None = None  # attacks the article attributes, in order

    def authors(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """Who did the act `token` names, if anyone the text says."""
        if self._generic(token):
            return []
        return self._described_as(token, excluded, depth) or self._loyal_to(token, excluded, depth) \
            or self._agent_of_act(token, excluded, depth) or self._apposed_to_clause(token, excluded, depth) \
            or self._seized_by(token, excluded) \
            or self._claimed_by(token, excluded) or self._attacked_before(token, excluded) \
            or self._pointed_back(token, excluded, depth) or self._named_before(token, excluded, depth)

    def _generic(self, token: Token) -> bool:
        """'"Military coups are unacceptable"': acts of a kind, not one act; a bare plural with no
        determiner, owner, phrase or modifier that names an actor."""
        if token.tag_ != "NNS" or token.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return False
        for child in token.children:
            if child.dep_ in ("det", "poss", "prep", "agent", "acl", "relcl", "nummod"):
                return False
            if child.dep_ in ("amod", "compound", "nmod") and self.ents.modifier_entity(child) is not None:
                return False  # "Russian strikes"
        return True

    def _named_before(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"a referendum organised by the KRG … Erdogan called the referendum treachery": "the X"
        is the X the article told of before, whose author it named there."""
        phrase = token.head if token.dep_ in ("nmod", "compound") else token  # ('the referendum "treachery"')
        if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                           for c in (*token.children, *phrase.children)):
            return []
        doc = token.doc
        start = token.sent.start
        for _ in range(NAMED_BEFORE_SENTENCES):  # this sentence and the few before: a reaction list
            start = doc[start - 1].sent.start if start else 0  # tells "the executions" lines after the lead
        act = bool(forms(token) & (self.rules.condemnable_acts | self.rules.owned_acts))
        condemnable = bool(forms(token) & self.rules.condemnable_acts)
        deals, signing = self.rules.deal_nouns, self.rules.signing_verbs
        deal = bool(forms(token) & deals)  # "a memorandum … was signed … The deal": one act, two words
        kin = deals if deal else next((words for words in self.rules.same_acts if forms(token) & words), frozenset())
        for earlier in range(token.i - 1, start - 1, -1):
            before = doc[earlier]
            if depth >= MAX_DEPTH - 1:
                break
            if before.pos_ in ("NOUN", "PROPN") and (before.lemma_ == token.lemma_ or forms(before) & kin):
                # only an author named outright: "organised by X", "X's referendum", "X signed a deal"
                # (not "his plan", nor "an agreement brokered by X", which others signed)
                doers = [o for c in before.children if c.dep_ == "acl" and forms(c) & self.rules.doing_verbs
                         for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
                doers += [c for c in before.children if c.dep_ == "poss" and (  # "X's visit", "his trip … the
                    c.pos_ == "PROPN" or condemnable and c.lower_ in ("his", "her", "its", "their"))]  # visit"
                held = before.head.head if before.dep_ == "pobj" and before.head.lower_ == "of" \
                    and before.head.head.pos_ == "NOUN" else before  # "declared a state of emergency"
                if held.dep_ == "dobj" and forms(held.head) & (self.rules.doing_verbs | signing):
                    doers += [s for s in (_sayer(t, self.rules.cues.reporting) for t in subject_tokens(held.head))
                              if s.pos_ == "PROPN"]
                if deal and before.dep_ == "nsubjpass" and forms(before.head) & signing:
                    doers += prep_objects((before.head,), {"between"})  # "a deal was signed between A and B"
                if deal:
                    doers += prep_objects((before,), {"between"})  # "an agreement between A and B"
            elif act and before.pos_ == "VERB" and _derived(token.lemma_.lower(), before.lemma_.lower()) \
                    and not is_passive(before):
                joined = before.dep_ != "conj" or any(c.dep_ == "cc" for c in (*before.children, *before.head.children))
                subjects = subject_tokens(before) if before.dep_ in ("ROOT", "conj", "ccomp") and joined else [
                    c for c in before.children if c.dep_ == "nsubj"]  # (an adverbial clause's own subject only, and
                # a clause the parser joined with no "and": "recognised X, a day after Y declared …")
                doers = [s for s in subjects if s.pos_ == "PROPN"]  # "Russia annexed … the annexation"
                if not doers:  # "Russian troops invaded Ukraine … the invasion": the country whose troops
                    found = [e for s in subjects for e in self._owner(s, excluded, depth)
                             if e.type is ActorType.POLITY]
                    if found:
                        return found
            else:
                continue
            found = [e for e in self.actors(doers, depth=depth + 1) if id(e) not in excluded] if doers else []
            if not found and not doers and before.pos_ in ("NOUN", "PROPN") and depth < MAX_DEPTH - 2:
                found = self._named_before(before, excluded, depth + 1)  # "The deal" <- "the MoU" <- "a MoU signed by X"
            if found:
                return found
        return []

    def _apposed_to_clause(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"Israel became the first state to recognise Somaliland, a step condemned by Somalia": an
        act noun set beside the end of a clause names that clause's act, whose author is the
        clause's subject (not the noun it is set beside)."""
        if token.pos_ != "NOUN" or not forms(token) & (self.rules.pointing_acts | self.rules.owned_acts):
            return []
        if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "VERB" \
                and token.head.head.i < token.i and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            # "X dissolved parliament in a move backed by the army": the move is the verb's act
            verb = token.head.head
            subjects = subject_tokens(verb) if not is_passive(verb) else agents(verb)
            return [e for e in self.actors(subjects, depth=depth + 1) if id(e) not in excluded]
        if token.dep_ != "appos":
            return []
        node = token.head
        for _ in range(MAX_DEPTH):
            if node.pos_ in ("VERB", "AUX"):
                subjects = subject_tokens(node) if not is_passive(node) else []
                if subjects:
                    return [e for e in self.actors(subjects, depth=depth + 1) if id(e) not in excluded]
                if is_passive(node):
                    return [e for e in self.actors(agents(node), depth=depth + 1) if id(e) not in excluded]
            if node.head.i == node.i:
                break
            node = node.head
        return []

    def _pointed_back(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"The forced entry by Ecuadorian police into the embassy … We condemn this act": a word
        that points back to an act ("this act", "these actions", "such acts", "the incident")
        names the last act told in the two sentences before whose author the text gives: an act
        noun with its author, or any noun with a "by" phrase naming one."""
        if token.pos_ != "NOUN" or not forms(token) & self.rules.pointing_acts:
            return []
        pointers = {"this", "these", "that", "those", "such"}
        said = [c for c in token.children if c.dep_ in ("det", "amod", "predet", "poss", "compound", "prep", "acl", "relcl")
                and not (c.dep_ == "prep" and c.lower_ == "as")]  # "condemned the move as reckless"
        bare = [c.lower_ for c in said] == ["the"]  # "the measures", "the move": nothing else said of it
        if not bare and not any(c.dep_ in ("det", "amod", "predet") and c.lower_ in pointers for c in token.children):
            return []
        doc = token.doc
        start = token.sent.start
        for _ in range(2):
            start = doc[start - 1].sent.start if start else start
        for i in range(token.sent.start - 1, start - 1, -1):
            act = doc[i]
            if act.pos_ != "NOUN" or (forms(act) & self.rules.pointing_acts  # (but "Saied's decision" is an act)
                                      and not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in act.children)):
                continue
            if act.dep_ == "dobj" and not forms(act) & self.rules.condemnable_acts \
                    and forms(act.head) & (self.rules.voice_words - self.rules.speech_words):
                # "X recognised the independence of Y. Z condemned the move": X's act, not Y's
                found = [e for e in self.actors(subject_tokens(act.head), depth=depth + 1) if id(e) not in excluded] \
                    if act.head.dep_ != "ROOT" and not is_passive(act.head) else []
                if found:  # (as a clause of its own: "after X recognised …"; a main clause's subject
                    return found  # is `_done_before`'s, which knows when that sentence only reports)
                continue
            if forms(act) & (self.rules.condemnable_acts | self.rules.owned_acts):
                found = self._agent_of_act(act, excluded, depth)
            else:
                found = [e for by in act.children if by.dep_ == "agent" or (by.dep_ == "prep" and by.lower_ == "by")
                         for obj in by.children if obj.dep_ == "pobj" for e in self._agents_named(obj, excluded, depth)]
            if found:
                return found
        return self._done_before(token, excluded, depth)

    def _done_before(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"President X dismissed the prime minister and suspended parliament. The party denounced
        the measures": with no act noun before, the act is the one the sentence before tells, and
        its author that sentence's subject (a doer, not a speaker)."""
        start = token.sent.start
        for _ in range(2):  # the sentence before, or the one before it when that one only reports
            if start == 0:
                return []
            before = token.doc[start - 1].sent
            root = before.root
            if forms(root) & self.rules.cues.reporting:
                start = before.start
                continue
            if root.pos_ != "VERB" or forms(root) & (self.rules.speech_words | {"be", "have"}) or is_passive(root):
                return []
            return [e for e in self.actors(subject_tokens(root), depth=depth + 1) if id(e) not in excluded]
        return []

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
                authors = self._doers(who, MAX_DEPTH - 2) or list(self.actors(_led_by(who), depth=MAX_DEPTH - 2))
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
                authors = list(self.actors(_led_by(doers) or doers, depth=MAX_DEPTH - 2))
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

    def _agent_of_act(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The actors whose act `token` names: "the efforts of X", "X's use of force",
        "an incursion by an X vessel", "the positions taken by X", "acts of aggression by X as
        well as the authorisation given by Y" (each coordinated act has its own author)."""
        if forms(token) & self.rules.not_acts:
            return []  # "the people of Sri Lanka" is no act of Sri Lanka's
        found: list[Entity] = []
        for act in (token, *token.conjuncts):
            for entity in self._author(act, excluded, depth):
                if all(entity is not f for f in found):
                    found.append(entity)
        return found

    def _author(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The author of one act, searched breadth-first: a "by" phrase before an "of" phrase,
        and a passive participle's agent ("the role played by X")."""
        frontier = [token]
        if token.dep_ == "dobj" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.head.children):
            # "condemned the violation of A's sovereignty by B": the parser hangs "by B" on the verb
            frontier += [c for c in token.head.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
        if token.dep_ == "dobj" and token.head.lemma_ in ("call", "describe", "term", "brand", "label"):
            # "called the attack an act of aggression by the North": the by-phrase of what it is called
            frontier += [b for o in token.head.children if o.dep_ in ("oprd", "attr") or (o.dep_ == "prep" and o.lower_ == "as")
                         for n in (o, *(p for p in o.children if p.dep_ == "pobj"))
                         for b in (*n.children, *(g for c in n.children if c.dep_ == "prep" for p2 in c.children
                                                   if p2.dep_ == "pobj" for g in p2.children))
                         if b.dep_ == "agent" or (b.dep_ == "prep" and b.lower_ == "by")]
        if token.dep_ in ("oprd", "attr") and token.head.lemma_ in ("call", "describe", "term", "brand"):
            # "condemned what it called an attempted breakdown of order by X": "by X" hangs on "called"
            frontier += [c for c in token.head.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
        if token.dep_ == "nsubj" and token.head.tag_ in ("VBN", "VBD") and token.head.dep_ in ("ccomp", "relcl"):
            # "condemns the operation launched by X": the parser read the participle as a clause
            frontier += [c for c in token.head.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
        for _ in range(4):
            nxt: list[Token] = []
            level: list[Entity] = []
            for node in frontier:
                for entity in self._author_step(node, token, nxt, excluded, depth):
                    if all(entity is not f for f in level):
                        level.append(entity)
            if level:
                return level
            frontier = nxt
            if not frontier:
                break
        return []

    def _author_step(self, node: Token, act: Token, nxt: list[Token], excluded: set[int], depth: int) -> list[Entity]:
        """The author named right at `node`, else the nodes to search next (appended to `nxt`)."""
        if (node.dep_ == "agent" or (node.dep_ == "prep" and node.lower_ == "by")) and node is not act:
            for obj in (c for c in node.children if c.dep_ == "pobj"):
                found = self._agents_named(obj, excluded, depth)
                if found:
                    return found
                nxt.extend([obj, *obj.conjuncts])
            return []
        if forms(node) & self.rules.owned_acts:  # "the ECOWAS measures", "Russian aggression"
            side = self.ents.act_collective(node)  # "the military coup in Sudan"
            if side is not None and id(side) not in excluded:
                return [side]
            modifiers = [c for c in node.children if c.dep_ in ("compound", "amod", "nmod")]
            modifiers += [g for c in modifiers if c.dep_ in ("compound", "nmod") and c.i < node.i
                          for g in c.children if g.dep_ in ("amod", "compound") and g.i < c.i]
            modifiers += [g for c in modifiers if c.lower_ == "led" and c.i < node.i  # "the American-led invasion"
                          for g in c.children if g.dep_ in ("npadvmod", "compound", "amod", "nmod") and g.i < c.i]
            for child in modifiers:  # (on a modifier of the act: "an Iranian missile and drone strike")
                owner = self.ents.modifier_entity(child)
                if owner is not None and id(owner) not in excluded:
                    return [owner]
        children = list(node.children)
        children += [g for c in children if c.dep_ in ("compound", "nmod") and c.i < node.i
                     for g in c.children if g.dep_ == "poss"]  # "Russia's latest missile and drone attacks"
        for child in sorted(children, key=lambda c: (_AGENT_ORDER.get(c.dep_, 9), c.lower_ != "by")):
            # (a possessive may hang on a compound or modifier: "India's missile strikes")
            if child.dep_ == "poss":
                if forms(node) & self.rules.poss_patient_acts and not prep_objects((node,), {"of"}):
                    continue  # "Zelaya's removal": Zelaya was removed; "Nicaragua's expulsion of priests" is Nicaragua's
                found = self._named(child, excluded, depth)
                if found:
                    return found
            elif child.dep_ == "relcl" and forms(child) & self.rules.blame_verbs:
                # "the attack, which it blamed on Boko Haram": whom the speaker blames
                for obj in prep_objects((child,), {"on", "to"}):
                    found = self._agents_named(obj, excluded, depth)
                    if found:
                        return found
            elif child.dep_ == "relcl" and forms(child) & self.rules.doing_verbs and not any(
                    c.dep_ == "dobj" and c.lower_ not in ("that", "which") for c in child.children):
                # "the elections that Russia staged", "the raids the army carried out"
                for subject in (c for c in child.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")):
                    found = self._named(subject, excluded, depth)
                    if found:
                        return found
            elif child.dep_ == "acl" and child.tag_ == "VBN" and not forms(child) & self.rules.voice_words:
                # "the positions taken by X"; not "a move denounced by X", who reacted to it
                for by in (c for c in child.children if c.dep_ == "agent"):
                    for obj in (c for c in by.children if c.dep_ == "pobj"):
                        found = self._agents_named(obj, excluded, depth)
                        if found:
                            return found
            elif child.dep_ == "prep" and (child.lower_ in ("on", "against") or (
                    child.lower_ == "of" and forms(node) & self.rules.patient_acts)):
                found = self._by_after_patient(child, excluded, depth)  # "the arrest of X by Y", "an attack on X by Y"
                if found:
                    return found
            elif child.dep_ in ("prep", "agent") and (child.lower_ in self.rules.act_nouns_agent_preps or (
                    child.lower_ == "between" and forms(node) & self.rules.deal_nouns)) \
                    and not (child.lower_ == "from" and forms(node) & self.rules.seizure.nouns):
                # ("the agreement between A and B" is theirs)
                # (not "denounced the coup from Mexico": where from, not who)
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = self._agents_named(obj, excluded, depth)
                        if found:
                            return found
                        nxt.extend([obj, *obj.conjuncts])
            elif child.dep_ in ("pcomp", "ccomp", "attr", "acomp", "pobj"):
                nxt.append(child)
        return []

    def _by_after_patient(self, prep: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The by-phrase the parser hangs on the act's patient: "the arrest of X by Y"."""
        for patient in (c for c in prep.children if c.dep_ == "pobj"):
            for by in (g for g in patient.children if g.dep_ == "prep" and g.lower_ == "by"):
                # "the overthrow of the Government by the military under General X": "under" on the patient too
                under = [o for g in patient.children if g.dep_ == "prep" and g.lower_ == "under" and g.i > by.i
                         for o in g.children if o.dep_ == "pobj"]
                led = [e for e in self.actors(under, depth=depth + 1) if e.type is ActorType.PERSON and id(e) not in excluded]
                if led:
                    return led
                for agent in (a for a in by.children if a.dep_ == "pobj"):
                    found = self._agents_named(agent, excluded, depth)
                    if found:
                        return found
        return []

    def _agents_named(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """Who a "by"/"of" phrase names: a name, "forces loyal to X", "a U.S. Coast Guard vessel",
        "the military under General X" (X, who commands it)."""
        commanders = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "under"
                      for o in p.children if o.dep_ == "pobj"] + _led_by([token])
        led = [e for e in self.actors(commanders, depth=depth + 1) if id(e) not in excluded
               and e.type is ActorType.PERSON] if commanders else []
        return led or self._named(token, excluded, depth) or self._loyal_to(token, excluded, depth) \
            or self._owner(token, excluded, depth)

    def _named(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        found = [e for e in self.actors([token], depth=depth + 1) if id(e) not in excluded]
        return found

    def _loyal_to(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"forces loyal to X", "troops backing X": a side named by whom it serves."""
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ in self.rules.loyal_adjectives:
                objs = prep_objects((child,), {"to", "with"})
                found = [e for e in self.actors(objs, depth=depth + 1) if id(e) not in excluded]
                if found:
                    return found
        return []

    def _owner(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"a U.S. Coast Guard vessel" -> the Coast Guard: the owner of an instrument."""
        if not forms(token) & self.rules.instruments:
            return []
        for child in token.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                owner = self.ents.modifier_entity(child)
                if owner is None and child.dep_ != "amod":  # an unknown adjective names no one
                    found = list(self.actors([child], depth=depth + 1))
                else:
                    found = [owner] if owner is not None else []
                found = [e for e in found if id(e) not in excluded]
                if found:
                    return found
        return []
