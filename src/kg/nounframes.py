"""Frames whose trigger is a noun: an act noun with its actor and target ("X's support for Y",
"the backing of X", "declared his support for Y", "was met with condemnation by A") and an actor
noun with the one it describes ("X, an ally of Y", "Y's backers include A and B").

Part of `kg.relations.Finder`, which dispatches each noun here; like it, these finders hold
tokens and name no actor.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.arguments import PARTITIVES
from kg.frames import Frame, Role
from kg.rules import Rules
from kg.syntax import (SUBJECTS, STATEMENTS, Blocker, clause_of, companions, forms, is_passive, prep_children,
                       prep_objects, subject_tokens)


ARRIVALS = {"come", "pour", "flow", "arrive"}  # "recognition came from A and B": theirs


def unauthored(tokens, rules: Rules) -> bool:
    """Whether the words name an act whose author the text may not give ("condemned the
    takeover", "the violence"): with no author found, the act is condemned with no object."""
    return any(t.pos_ == "NOUN" and forms(t) & rules.condemnable_acts for t in tokens)


class NounFrames:
    """The frames an act noun or an actor noun triggers."""

    def __init__(self, block: Blocker, rules: Rules, frame: Callable[..., list[Frame]], entity_at) -> None:
        self.block, self.rules, self._frame, self.entity_at = block, rules, frame, entity_at

    def act(self, noun: Token, rule) -> list[Frame]:
        """"X's support for Y", "the backing of X", "declared his support for Y", "has the support of X",
        "Zelensky thanked Britain for its support": an act noun, its actor and its target."""
        if self.block.noun_blocked(noun):
            return []
        anchor = noun  # "expressed its support and solidarity with X": the nouns share the verb and the PP
        while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i != anchor.i \
                and not _own_determiner(anchor):  # (not "X's backing and the support of Y": two phrases)
            anchor = anchor.head
        nouns = (anchor, *(c for c in anchor.conjuncts if not _own_determiner(c)))
        verb = anchor.head if anchor.dep_ in ("dobj", "nsubjpass") else None
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "with" and anchor.head.head.lemma_ == "meet" \
                and is_passive(anchor.head.head):
            verb = anchor.head.head  # "the annexation was met with condemnation by A": received, as "drew"
        poss = [c for c in anchor.children if c.dep_ == "poss"]
        start, end = noun.i, noun.i + 1
        assured = self._assured(noun)
        thanked = self._thanked(noun)
        if assured is not None:  # "Putin assured Lukashenko of Moscow's support"
            verb, target = assured
            if self.block.blocked(verb):
                return []
            subj_tokens = poss or subject_tokens(verb)
            obj_tokens = [target]
            start = verb.i
        elif thanked is not None:  # "Zelensky thanked Britain for its support"
            verb, giver = thanked
            if self.block.blocked(verb):
                return []
            # (the support's own object when it names one: "thank A for their support for X")
            subj_tokens, obj_tokens = [giver], prep_objects(nouns, rule.object_preps) or subject_tokens(verb)
            start = verb.i
        elif verb is not None and forms(verb) & self.rules.give_verbs:
            if self.block.blocked(verb):
                return []
            owners = [p for p in poss if p.pos_ != "PRON"]  # "reaffirmed the military's loyalty to X"
            givers = prep_objects((noun, verb), set(rule.agent_preps) - {"of"})  # "gave endorsement by X to Y"
            obj_tokens = prep_objects((*nouns, verb), set(rule.object_preps) | {"of", "to"})  # "granted recognition to X"
            of_phrase = prep_objects(nouns, {"of"})
            if "of" in rule.agent_preps and of_phrase:  # (the parser may hang "for Y" on X: "of X for Y")
                obj_tokens += [t for t in prep_objects(of_phrase, set(rule.object_preps) - {"of"}) if t not in obj_tokens]
            if "of" in rule.agent_preps and of_phrase and any(t not in of_phrase for t in obj_tokens):
                # "reaffirmed the support of the United States for Ukraine": of whom, and for whom
                givers = givers or of_phrase
                obj_tokens = [t for t in obj_tokens if t not in of_phrase]
            subj_tokens = owners or givers or subject_tokens(verb) or poss
            start = verb.i
            if not obj_tokens and verb.dep_ in ("xcomp", "advcl") and forms(verb.head) & CONTACTING \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                # "telephoned X to express his support": the one called
                obj_tokens = [c for c in verb.head.children if c.dep_ == "dobj"]
        elif verb is not None and (forms(verb) & self.rules.receive_verbs or verb.lemma_ == "meet"):
            if self.block.blocked(verb):
                return []
            if verb.lemma_ == "meet":  # "X was met with condemnation by A and B"
                obj_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
                subj_tokens = prep_objects((noun, verb), {"by", "from"})
            else:
                obj_tokens = subject_tokens(verb)
                subj_tokens = prep_objects((noun, verb), {"of", "from"})
            start = verb.i
        elif anchor.dep_ == "nsubj" and anchor.head.lemma_.lower() in ARRIVALS and not poss and prep_objects(
                (anchor.head,), {"from"}):
            verb = anchor.head  # "recognition had come from more than 70 states, among them A, B and C"
            if self.block.blocked(verb):
                return []
            subj_tokens, obj_tokens = prep_objects((verb,), {"from"}), []
        elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and forms(noun.head.head) & STATEMENTS and not poss:
            statement = noun.head.head  # "issued a statement of support for X": the issuer
            verb = statement.head if statement.dep_ in ("dobj", "nsubjpass") else None
            if verb is None or self.block.blocked(verb):
                return []
            subj_tokens = subject_tokens(verb)
            obj_tokens = prep_objects(nouns, rule.object_preps)
            if not obj_tokens and forms(verb) & self.rules.give_verbs:
                # "sent Tokayev a message of support", "sent a letter of support to X": its addressee
                obj_tokens = [c for c in verb.children if c.dep_ in ("dative", "iobj") and c.lower_ != "to"] \
                    or prep_objects((statement, verb), {"to"})
            start = verb.i
        elif noun.dep_ == "pobj" and noun.head.lower_ == "in" and not poss:
            clause = clause_of(noun)  # "X came out in support of Y", "thousands marched in support of Y"
            if clause is None or self.block.blocked(clause):
                return []
            subj_tokens = subject_tokens(clause)
            obj_tokens = prep_objects((noun,), set(rule.object_preps) | {"of"})
        else:
            owners = [p for p in poss if p.pos_ != "PRON" or p.lower_ in ("his", "her", "their", "its")]
            agent_preps = set(rule.agent_preps) - ({"of"} if owners else set())  # "X's backing of Y"
            subj_tokens = poss + prep_objects((noun,), agent_preps)
            obj_tokens = prep_objects(nouns, set(rule.object_preps) | ({"of"} if owners else set()))
            top = noun  # the coordination's head: "thanks to A's backing and the support of B"
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head
            if not obj_tokens and top.dep_ == "pobj" and (top.head.lower_ in ("with", "despite", "through") or (
                    top.head.lower_ == "to" and top.head.head.lower_ in ("thanks", "due", "owing"))):
                # "X rose with the backing of Y", "despite support from Y", "thanks to Y's backing"
                clause = clause_of(top)
                if clause is not None and not self.block.blocked(clause):
                    obj_tokens = subject_tokens(clause) or [  # "X was appointed with the backing of Y"
                        c for c in clause.children if c.dep_ == "nsubjpass"]
        obj_tokens = [t for t in obj_tokens if t.lower_ != "own"]  # "sent congratulations of their own"
        for prep in prep_children(noun, rule.object_preps):
            end = max(end, prep.i + 1)
        given = verb is not None and bool(forms(verb) & (self.rules.give_verbs | ARRIVALS))  # (it came: from whom)
        light = verb is not None and bool(forms(verb) & (self.rules.give_verbs | self.rules.receive_verbs))
        agent = Role(tuple(subj_tokens), classes=(noun, *([verb] if verb is not None else [])))
        return self._frame(agent, rule.relation, Role(tuple(obj_tokens), act=True), (start, end), rule.id,
                           rule.confidence, noun,
                           intransitive=rule.intransitive and not obj_tokens and not light,
                           unauthored=rule.unauthored and unauthored(obj_tokens, self.rules),
                           implied=given and not obj_tokens)  # "A and B also granted recognition"

    def _thanked(self, noun: Token) -> tuple[Token, Token] | None:
        if noun.dep_ == "pobj" and noun.head.lower_ == "for":
            verb = noun.head.head
            giver = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if giver is not None and forms(verb) & self.rules.thank_verbs:
                return verb, giver
            if verb.lower_ in self.rules.thank_words:  # "X is grateful to A and B for their support",
                giver = next(iter(prep_objects((verb,), {"to"})), None)  # "expressed its gratitude to A for …"
                if giver is not None:
                    return (verb.head if verb.dep_ in ("acomp", "dobj") else verb), giver
        return None

    def _assured(self, noun: Token) -> tuple[Token, Token] | None:
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            target = noun.head.head
            verb = target.head
            if target.dep_ == "dobj" and forms(verb) & self.rules.assure_verbs:
                return verb, target
        return None


    def holder(self, noun: Token, rule) -> list[Frame]:
        """"X, an ally of Y", "X is a supporter of Y", "Y allies A and B", "Y retains 25 allies,
        including A and B"."""
        if self.block.noun_blocked(noun):
            return []
        said = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")}
        if rule.modifiers and not said & set(rule.modifiers) \
                or said & set(rule.unless_modifiers) and not said & set(rule.but_modifiers):
            return []  # "Taiwan's diplomatic allies" recognise it; "its closest diplomatic ally" backs it
        holders: list[Token] = []
        role = noun
        while role.dep_ == "conj" and role.head.i != role.i:  # "X, a party leader and staunch Y loyalist"
            role = role.head
        if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lemma_.lower() in PARTITIVES:
            role = role.head.head  # "X, one of Y's closest allies": "one" stands in the apposition
            if role.dep_ in ("appos", "attr"):
                holders.append(role.head if role.dep_ == "appos" else next(
                    (c for c in role.head.children if c.dep_ in SUBJECTS), role.head))
                role = noun
        if role is not noun and role.dep_ in ("appos", "attr"):
            holders.append(role.head if role.dep_ == "appos" else next(
                (c for c in role.head.children if c.dep_ in SUBJECTS), role.head))
        if noun.dep_ == "appos":
            holders.append(noun.head)
        elif noun.dep_ == "attr":
            holders += [c for c in noun.head.children if c.dep_ in SUBJECTS]
        elif noun.dep_ in SUBJECTS and noun.head.lemma_ == "be":
            holders += [c for c in noun.head.children if c.dep_ == "attr"]
        elif noun.dep_ in SUBJECTS and noun.head.lemma_ in ("include", "comprise"):
            holders += [c for c in noun.head.children if c.dep_ == "dobj"]  # "X's backers include A and B"
        holders += [c for c in noun.children if c.dep_ == "appos"]
        holders += self._fronted_holder(noun)
        # "Moscow had been Assad's most important backer, alongside Tehran": those beside the holder
        holders += [c for t in (noun, *([noun.head] if noun.dep_ == "attr" else [])) for c in companions(t)]
        if noun.dep_ in ("attr", "appos") or noun.head.lemma_ in ("be", "include", "comprise"):
            if self.block.blocked(noun.head):
                return []
        obj_tokens = prep_objects((noun,), rule.object_preps)
        obj_tokens += _whose(noun)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in KEEPING and not obj_tokens:
            obj_tokens += [c for c in noun.head.children if c.dep_ == "nsubj"]  # "Taiwan retains 25 allies, including A"
        first = noun  # "X's friend and ally": the possessive is shared by the coordinated nouns
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN") and first.head.i != first.i:
            first = first.head
        obj_tokens += [c for c in noun.children if c.dep_ in ("compound", "poss", "amod") and self.entity_at(c)]
        if first is not noun and not obj_tokens and not any(c.dep_ == "det" for c in noun.children):
            # (not "Tajikistan's president and a close ally of Putin": a noun phrase of its own)
            obj_tokens += [c for c in first.children if c.dep_ == "poss" and self.entity_at(c)]
        # the holders, and those the noun lists: "Maduro's allies, including Cuba and Nicaragua"
        return self._frame(Role(tuple(holders), listed=noun), rule.relation, Role(tuple(obj_tokens)),
                           (noun.i, noun.i + 1), rule.id, rule.confidence, noun)

    @staticmethod
    def _fronted_holder(noun: Token) -> list[Token]:
        """"A longtime backer of X, Y has …": a description opening the sentence, before a comma,
        describes the subject that follows it (the parser often makes it an object)."""
        sent = noun.sent
        first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
        end = noun.right_edge.i + 1
        if first is None or noun.left_edge.i != first.i or end >= sent.end or noun.doc[end].text != ",":
            return []
        verb = noun.head if noun.dep_ != "ROOT" else noun
        return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > end]


KEEPING = {"have", "retain", "keep", "count"}
# "telephoned X to express his support": verbs of contacting someone, whose object a purpose clause's act is for
CONTACTING = {"call", "telephone", "phone", "ring", "meet", "visit", "write", "receive", "host", "invite", "contact"}  # "Taiwan retains 25 allies": its allies


def _own_determiner(noun: Token) -> bool:
    """Whether a coordinated noun opens a phrase of its own ("the support of Y", "Y's backing"),
    not one that repeats the first's possessor ("its support and its solidarity with X")."""
    return any((c.dep_ == "det" and c.lower_ in ("the", "a", "an")) or (c.dep_ == "poss" and c.pos_ != "PRON")
               for c in noun.children)


def _whose(noun: Token) -> list[Token]:
    """"X, the commander whose backers include A and B": the one "whose" stands for (X)."""
    if not any(c.dep_ == "poss" and c.lower_ == "whose" for c in noun.children):
        return []
    clause = noun.head
    while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl":
        return []
    antecedent = clause.head
    return [antecedent.head if antecedent.dep_ == "appos" else antecedent]
