"""Who did an act: the author of the act a word names.

Condemning or backing an act is condemning or backing its author (GUIDELINES.md): "the efforts
of X", "X's use of force", "the assault by forces loyal to X", "the positions taken by ECOWAS",
"an incursion by a U.S. Coast Guard vessel", "the military coup in Sudan" (the Sudanese
military's), "decried X's resignation as a military coup". An act of seizing power whose author
the sentence leaves unnamed ("condemned the coup") is attributed to whoever the article says
seized power (`kg.events` finds the attacks, claims and seizures the article tells); an act
with no author anywhere is condemned with no object (`kg.claims`).
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.events import Events, led_by, sayer
from kg.mentions import Entities, Entity
from kg.rules import Rules
from kg.syntax import MAX_DEPTH, agents, forms, is_passive, prep_objects, subject_tokens
from kg.types import ActorType

NAMED_BEFORE_SENTENCES = 5


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


def _by_phrases_of_what_it_is_called(verb: Token) -> list[Token]:
    """"called the attack an act of aggression by the North", "described it as an act of terror
    by X": the by-phrases on what the verb calls its object, or one preposition below it."""
    called = [o for o in verb.children if o.dep_ in ("oprd", "attr")]
    called += [p for o in verb.children if o.dep_ == "prep" and o.lower_ == "as" for p in o.children if p.dep_ == "pobj"]
    nouns = called + [p for n in called for c in n.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return [b for n in nouns for b in n.children if b.dep_ == "agent" or (b.dep_ == "prep" and b.lower_ == "by")]


_AGENT_ORDER = {"poss": 0, "agent": 1, "prep": 2, "pcomp": 3, "ccomp": 4, "attr": 5, "acomp": 6, "pobj": 7}


class Acts(Events):
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
                    doers += [s for s in (sayer(t, self.rules.cues.reporting) for t in subject_tokens(held.head))
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
            frontier += _by_phrases_of_what_it_is_called(token.head)
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
                      for o in p.children if o.dep_ == "pobj"] + led_by([token])
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
